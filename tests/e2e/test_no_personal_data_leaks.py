"""The masking Done-when test of issue 10: nothing personal leaves memory unmasked.

Every task runs through the real command line (``main.py``) on its sample and on hostile inputs
built here: a file without its header row whose first data row holds an RRN, RRNs in the wrong
columns (name, address, a date), 12-digit RRNs stored as numbers, 10-digit and zero-lost mobiles, and
a relay URL with ``user:password@``. Then stdout, stderr, every cell of every output workbook, the
log, the SQLite database with its WAL (raw bytes) and ``column_mappings.json`` are searched for
13- and 12-digit 주민등록번호 and 10- and 11-digit mobile numbers. Zero hits.

The search patterns here are written independently of ``core.masking`` (no import, different
shapes), and ``test_the_search_catches_a_leak`` proves they and the file readers would see one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli_w
from openpyxl import Workbook, load_workbook

from core.reader import HeaderMatch
from gui.mappings import layout_key, remember
from tests.support.grant_servers import BIZINFO_KEY, ENCODING_KEY, GrantServer

ROOT = Path(__file__).resolve().parents[2]
RELAY_PASSWORD = "Relay-Pa55word"

# ---------------------------------------------------------------- the search (independent of core.masking)
_EDGE_L = r"(?<![0-9A-Za-z.])"  # a hex digest, a uuid or a float's fraction is not a person: digits glued to letters or a dot are skipped
_EDGE_R = r"(?![0-9A-Za-z])"
RRN_13 = re.compile(_EDGE_L + r"[0-9]{6}[ \t]*[-\u2010-\u2015]?[ \t]*[0-9]{7}" + _EDGE_R)
RRN_12 = re.compile(_EDGE_L + r"([0-9]{5})[ \t]*-?[ \t]*([0-9]{7})" + _EDGE_R)
MOBILE = re.compile(_EDGE_L + r"01[016789][ .\-]?[0-9]{3,4}[ .\-]?[0-9]{4}" + _EDGE_R)


def _birth_date_shape(first_five: str) -> bool:
    """A 12-digit run is an RRN that lost its leading zero when '0' + it starts with a real date."""
    try:
        dt.date(2000 + int("0" + first_five[0]), int(first_five[1:3]), int(first_five[3:5]))
    except ValueError:
        return False
    return True


def leaks(text: str) -> list[str]:
    found = [m[0] for m in RRN_13.finditer(text)] + [m[0] for m in MOBILE.finditer(text)]
    found += [m[0] for m in RRN_12.finditer(text) if _birth_date_shape(m[1])]
    return found


def workbook_text(path: Path) -> str:
    """Every cell of every sheet, read back with openpyxl, one line per cell."""
    book = load_workbook(path, read_only=True)
    lines = [
        f"{path.name}!{ws.title}: {v}" for ws in book for row in ws.iter_rows(values_only=True) for v in row if v is not None
    ]
    book.close()
    return "\n".join(lines)


def database_text(home: Path) -> str:
    """The SQLite file, its WAL and shared memory as raw bytes, plus every text value SQLite itself returns."""
    parts = []
    for path in sorted(home.glob("*.sqlite3*")):
        parts.append(path.read_bytes().decode("utf-8", errors="ignore"))
    for path in sorted(home.glob("*.sqlite3")):
        with sqlite3.connect(path) as conn:
            for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                for row in conn.execute(f'SELECT * FROM "{table}"'):
                    parts.extend(str(v) for v in row if v is not None)
        conn.close()
    return "\n".join(parts)


# ---------------------------------------------------------------- running the command line
class Cli:
    def __init__(self, home: Path, work: Path):
        self.home, self.work = home, work
        self.outputs: list[Path] = []
        self.streams: list[str] = []

    def env(self, **extra: str) -> dict[str, str]:
        org = {"HAENGBOT_SETTING_ORG_SIDO": "경기도", "HAENGBOT_SETTING_ORG_SIGUNGU": "광주시"}
        return {**os.environ, "HAENGBOT_HOME": str(self.home), "QT_QPA_PLATFORM": "offscreen", **org, **extra}

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), *args],
            cwd=ROOT,
            env=env or self.env(),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        self.streams.append(f"$ {' '.join(args)}\n{done.stdout}\n{done.stderr}")
        return done

    def samples(self, *tasks: str) -> dict[str, dict[str, Path]]:
        """``main.py sample TASK --dir D`` for every task at once (no database, no shared state)."""
        procs = {
            task: subprocess.Popen(
                [sys.executable, str(ROOT / "main.py"), "sample", task, "--dir", str(self.work / "samples" / task)],
                cwd=ROOT,
                env=self.env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
            for task in tasks
        }
        written: dict[str, dict[str, Path]] = {}
        for task, proc in procs.items():
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            self.streams.append(f"$ sample {task}\n{out}\n{err}")
            written[task] = dict((name, Path(path)) for name, path in (line.split("\t") for line in out.splitlines()))
        return written

    def run(self, task: str, inputs: dict[str, Path], *extra: str, env: dict[str, str] | None = None, name: str = "") -> str:
        output = self.work / "out" / f"{name or task}.xlsx"
        args = ["run", task, *[f"--input={k}={v}" for k, v in inputs.items()], "--output", str(output), "--json", *extra]
        done = self(*args, env=env)
        if output.exists():
            self.outputs.append(output)
        return done.stderr


# ---------------------------------------------------------------- hostile inputs
def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return list(csv.reader(io.StringIO(raw.decode(encoding))))
        except UnicodeDecodeError:
            continue
    raise AssertionError(path)


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _edit_by_header(path: Path, out: Path, edits: dict[tuple[int, str], object]) -> Path:
    """Set cells by (data row number from 1, header label) in a sample workbook with title rows."""
    book = load_workbook(path)
    ws = book.active
    labels = {label for _, label in edits}
    header = next(r for r in range(1, 12) if labels & {c.value for c in ws[r]})
    columns = {c.value: c.column for c in ws[header] if c.value is not None}
    first = header + 1
    while not isinstance(ws.cell(first, 1).value, (int, float)):
        first += 1  # a second header row (overtime-pay's 시작/종료) has no 연번
    for (row, label), value in edits.items():
        ws.cell(first + row - 1, columns[label]).value = value
    book.save(out)
    return out


def hostile_nts(sample: Path, work: Path) -> tuple[Path, Path]:
    """local-income-tax's 국세 file: one with RRNs in the wrong columns, one with its header row missing."""
    header, *lines = _read_csv(sample)
    rows: list[list[object]] = [list(line) for line in lines]
    rrn, name, address, filed = (header.index(c) for c in ("주민등록번호", "성명", "주소", "신고일자"))
    rows[0][rrn] = 505053234567  # 050505-3234567 stored as a number by Excel: the leading zero is gone
    rows[0][address] = "경기도 광주시 오포읍 신현리 123 (연락처 0111234567)"
    rows[1][name] = "850315-1234561"  # an RRN in the name column
    rows[2][address] = "경기도 광주시 오포읍 850315-1234561 +82 10-2481-3301"
    rows[3][filed] = "900101-1234563"  # an RRN in a date column: a bad row, shown under 값
    wrong = _xlsx(work / "nts_wrong_columns.xlsx", [header, *rows])
    first = [*rows[0]]
    first[address] = "경기도 광주시 850315-1234561 010-1234-5678"
    headerless = _xlsx(work / "nts_no_header.xlsx", [first, *rows[1:]])
    return wrong, headerless


# ---------------------------------------------------------------- the test
@pytest.fixture()
def grants(haengbot_home: Path) -> Iterator[GrantServer]:
    server = GrantServer().start()
    settings = server.settings()
    base = settings["grants"]["botame_url"]
    settings["grants"]["botame_url"] = base.replace("http://", f"http://relay:{RELAY_PASSWORD}@", 1)
    settings["network"] = {"proxy_mode": "none", "timeout_seconds": 10}
    settings["general"] = {"output_dir": str(haengbot_home / "결과")}
    (haengbot_home / "settings.toml").write_bytes(tomli_w.dumps(settings).encode("utf-8"))
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.slow
def test_no_rrn_or_mobile_leaves_memory_unmasked(grants: GrantServer, haengbot_home: Path, tmp_path: Path) -> None:
    cli = Cli(haengbot_home, tmp_path)
    samples = cli.samples("overtime-pay", "local-income-tax", "welfare-sms", "grant-alerts")

    # Every task on its sample.
    cli.run("overtime-pay", samples["overtime-pay"])
    cli.run("local-income-tax", samples["local-income-tax"])
    cli.run("welfare-sms", samples["welfare-sms"], "--dry-run")
    keys = {"HAENGBOT_SECRET_DATAGOKR_SERVICE_KEY": ENCODING_KEY, "HAENGBOT_SECRET_BIZINFO_CRTFC_KEY": BIZINFO_KEY}
    cli.run("grant-alerts", {}, "--param", "as_of=2026-11-25", "--dry-run", env=cli.env(**keys))
    assert len(cli.outputs) == 4, "\n".join(cli.streams)

    # local-income-tax: RRNs in the wrong columns; the bad row skipped to 오류행, then the same file stopping.
    lit = samples["local-income-tax"]
    wrong, headerless = hostile_nts(lit["nts"], tmp_path)
    cli.run("local-income-tax", {"nts": wrong, "local": lit["local"]}, "--param", "on_bad_rows=skip", name="lit_skip")
    stopped = cli.run("local-income-tax", {"nts": wrong, "local": lit["local"]}, name="lit_stop")
    assert "값: '900101-1******'" in stopped, stopped
    # A file without its header row: the first data row is what the error lists as 찾은 열.
    missing = cli.run("local-income-tax", {"nts": headerless, "local": lit["local"]}, name="lit_headerless")
    assert "찾은 열: 2025, 050505-3******, 김정상" in missing and "850315-1******" in missing, missing

    # overtime-pay: an RRN and a 12-digit RRN as names, a mobile as 소속, an RRN as a work date.
    ot = samples["overtime-pay"]
    records = _edit_by_header(
        ot["records"],
        tmp_path / "records_hostile.xlsx",
        {
            (1, "성명"): "850315-1234561",
            (2, "성명"): 101013234564,
            (3, "소속"): "010-9876-5432",
            (4, "근무일자"): "8803152345672",
        },
    )
    cli.run("overtime-pay", {"records": records, "payments": ot["payments"]}, name="ot_hostile")

    # welfare-sms (dry run): 10-digit and zero-lost mobiles, an RRN as the name, a mobile as the office number.
    ws = samples["welfare-sms"]
    cases = _edit_by_header(
        ws["cases"],
        tmp_path / "cases_hostile.xlsx",
        {
            (1, "휴대전화"): "0111234567",
            (2, "휴대전화"): "016-234-5678",
            (3, "휴대전화"): 1098765432,
            (4, "신청인"): "850315-1234561",
            (5, "주민등록번호"): 101013234564,
            (6, "부서전화"): "010-5555-6666",
        },
    )
    cli.run("welfare-sms", {"cases": cases}, "--dry-run", name="welfare_hostile")
    assert len(cli.outputs) == 7, "\n".join(cli.streams)

    # column_mappings.json, written by the GUI's save function for a header-less layout.
    labels = {0: "2025", 1: "850315-1234561", 2: "최영번", 3: "010-1234-5678"}
    match = HeaderMatch(row=0, columns={"귀속연도": 0, "주민등록번호": 1, "성명": 2}, labels=labels, score=3, missing=["신고일"])
    remember(
        layout_key("local-income-tax", "nts", "Sheet1", match), {"주민등록번호": labels[1], "성명": labels[2], "주소": labels[3]}
    )
    mappings = haengbot_home / "column_mappings.json"
    assert mappings.exists()

    # The paths really ran: masked forms are where the raw ones would have been.
    books = {p.stem: workbook_text(p) for p in cli.outputs}
    assert "850315-1******" in books["lit_skip"] and "900101-1******" in books["lit_skip"]  # 성명 and 오류행 값
    assert "****@127.0.0.1" in books["grant-alerts"]  # 소스상태 주소
    assert "850315-1******" in books["ot_hostile"] and "010101-3******" in books["ot_hostile"]

    places = {
        "stdout/stderr": "\n".join(cli.streams),
        **{f"workbook {name}": text for name, text in books.items()},
        **{f"log {p.name}": p.read_text(encoding="utf-8", errors="ignore") for p in (haengbot_home / "logs").glob("*")},
        "database": database_text(haengbot_home),
        "column_mappings.json": mappings.read_text(encoding="utf-8"),
    }
    # Any workbook the runs left elsewhere (an upload file, a stray temporary) is an output too.
    for path in haengbot_home.rglob("*.xlsx"):
        places[f"workbook {path.name}"] = workbook_text(path)
    assert any(p.startswith("log ") for p in places) and "runs" in places["database"]
    found = {where: leaks(text) for where, text in places.items() if leaks(text)}
    assert found == {}
    assert not [where for where, text in places.items() if RELAY_PASSWORD in text]


def test_the_search_catches_a_leak(tmp_path: Path) -> None:
    """The search above can fail: each unmasked form is found in text, in a workbook cell and in a
    database page, and none of the masked forms is."""
    raw = [
        "850315-1234561",
        "8503151234561",
        "850315 1234561",
        "101013234564",
        "01012345678",
        "010-1234-5678",
        "011-234-5678",
        "0111234567",
    ]
    masked = [
        "850315-1******",
        "010101-3******",
        "010-****-5678",
        "011-****-4567",
        "사번 2026-01001",
        "031-760-2451",
        "a1b2c3d4e5f60101234567890abcdef",
    ]
    for value in raw:
        assert leaks(f"찾은 열: 2025, {value}, 김정상") == [value]
    assert leaks("\n".join(masked)) == []

    book = tmp_path / "leak.xlsx"
    _xlsx(book, [["성명", "값"], ["김정상", "850315-1234561"], ["이오차", 101013234564]])
    assert leaks(workbook_text(book)) == ["850315-1234561", "101013234564"]

    home = tmp_path / "home"
    home.mkdir()
    with sqlite3.connect(home / "haengbot.sqlite3") as conn:
        conn.execute("CREATE TABLE runs (message TEXT)")
        conn.execute("INSERT INTO runs VALUES ('값 010-2481-3301')")
    conn.close()
    raw_bytes = (home / "haengbot.sqlite3").read_bytes().decode("utf-8", errors="ignore")
    assert leaks(raw_bytes) == ["010-2481-3301"]
