"""Issue 11's toy task ("교육 이수 입력 연습", tests/support/toy_task.py) through the REAL CLI: one subprocess
of main.py with the toy added to the registry proves every new piece of the contract end to end.

Inputs (hand-made, below): 교육 자료 = a folder of two .md files; 이수자 명단 = a 4-row CSV
    E001 홍길동  6h   E002 김영희 3h   E003 이철수 10h   E004 박민수 2h     (CSV rows 2..5)
Rules, worked out by hand: R01 이수시간 부족 (주의, < 4h): E002 (row 3), E004 (row 5) = 2 hits;
R02 이수시간 과다 (확인, > 8h): E003 (row 4) = 1 hit. Findings are listed 주의 first, then by row.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.helpers import ROOT
from tests.support.web_form_stub import WebFormStub

CLI = ROOT / "tests" / "support" / "toy_task.py"
TABLE = "사례번호,이름,교육시간\nE001,홍길동,6\nE002,김영희,3\nE003,이철수,10\nE004,박민수,2\n"
BROKEN = "---\n제목 위생교육\n---\n# 위생교육\n"
UNATTENDED = (
    "실패: 실행 중에 확인할 질문이 있어 멈췄습니다: '브라우저에서 로그인한 뒤 [계속]을 누르십시오.' (질문 login). "
    "답할 사람이 없는 실행입니다. --yes로 기본값('계속')을 쓰거나 창에서 실행하십시오.\n"
)
R01 = ("R01", "이수시간 부족", "주의", "식품위생법 제41조(연습용 근거)")
R02 = ("R02", "이수시간 과다", "확인", "연습용 기준")


def write_inputs(tmp_path: Path, broken: bool = False) -> tuple[Path, Path]:
    folder = tmp_path / "교육자료"
    folder.mkdir()
    (folder / "01-안내.md").write_text("---\n제목: 위생교육 안내\n---\n# 위생교육\n", encoding="utf-8")
    (folder / "02-입력.md").write_text("---\n제목: 입력 방법\n---\n# 입력\n", encoding="utf-8")
    if broken:
        (folder / "03-깨진자료.md").write_text(BROKEN, encoding="utf-8")
    table = tmp_path / "이수자.csv"
    table.write_text(TABLE, encoding="utf-8")
    return folder, table


def argv(tmp_path: Path, url: str, *extra: str) -> list[str]:
    folder, table = tmp_path / "교육자료", tmp_path / "이수자.csv"
    out = tmp_path / "out" / "결과.xlsx"
    return [sys.executable, str(CLI), "run", "toy-edu", "--input", f"trainees={table}", "--input", f"notes={folder}",
            "--param", f"form_url={url}", "--output", str(out), *extra]  # fmt: skip


def env(home: Path) -> dict[str, str]:
    return {**os.environ, "HAENGBOT_HOME": str(home)}


def cli(home: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, env=env(home), stdin=subprocess.DEVNULL, capture_output=True, text=True, encoding="utf-8", timeout=120
    )


def ledger(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return cli(home, [sys.executable, str(ROOT / "main.py"), "ledger", *args])


def rows(path: Path, sheet: str) -> list[tuple]:
    book = load_workbook(path, read_only=True)
    out = [tuple(r) for r in book[sheet].iter_rows(values_only=True)]
    book.close()
    return out


def table(path: Path, sheet: str, first: str) -> list[tuple]:
    """The rows of a result table: from its header row (first cell *first*) to the first blank row."""
    all_rows = rows(path, sheet)
    at = next(i for i, r in enumerate(all_rows) if r and r[0] == first)
    body = []
    for r in all_rows[at + 1 :]:
        if not r or r[0] is None:
            break
        body.append(r)
    return body


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def test_broken_member_of_the_folder_is_named_exit_2(tmp_path: Path, home: Path) -> None:
    write_inputs(tmp_path, broken=True)
    with WebFormStub() as site:
        proc = cli(home, argv(tmp_path, site.url, "--yes", "--json"))
        assert site.received == []  # stopped before the question and before any submission
    assert proc.returncode == 2, proc.stderr
    report = json.loads(proc.stdout)
    assert report["status"] == "bad_input"
    assert report["error"].startswith(
        "파일 '03-깨진자료.md': 머리말(---) 2행을 읽을 수 없습니다: '이름: 값' 형식이 아닙니다: 제목 위생교육."
    ), report["error"]
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_one_run_with_yes_proves_folder_rules_question_effects_and_artifacts(tmp_path: Path, home: Path) -> None:
    write_inputs(tmp_path)
    with WebFormStub() as site:
        proc = cli(home, argv(tmp_path, site.url, "--yes"))
        assert proc.returncode == 0, proc.stderr
        assert site.received == ["E001", "E002", "E003", "E004"]
    assert "질문: 브라우저에서 로그인한 뒤 [계속]을 누르십시오.\n  → --yes: 기본값 '계속'으로 답했습니다.\n" in proc.stderr
    out = tmp_path / "out" / "결과.xlsx"

    # the folder input: both members read, each listed in 실행정보 with its SHA-256
    info = [(str(r[0]), r[1]) for r in rows(out, "실행정보") if r and r[0] is not None]
    folder = tmp_path / "교육자료"
    at = info.index(("  교육 자료 (notes)", f"{folder} (폴더, 2개)"))
    assert info[at + 1 : at + 3] == [
        ("    01-안내.md", hashlib.sha256((folder / "01-안내.md").read_bytes()).hexdigest()),
        ("    02-입력.md", hashlib.sha256((folder / "02-입력.md").read_bytes()).hexdigest()),
    ]

    # the artifact pair: predictable names beside the workbook, SHA-256 in 실행정보 matches the bytes on disk
    hwpx, pdf = out.with_name("결과_이수확인.hwpx"), out.with_name("결과_이수확인인쇄.pdf")
    assert sorted(p.name for p in out.parent.iterdir()) == sorted([out.name, hwpx.name, pdf.name])
    at = info.index(("■ 결과 문서", None))
    assert info[at + 1 : at + 5] == [
        ("  이수확인서(HWPX) (이수확인)", hwpx.name),
        ("    SHA-256", hashlib.sha256(hwpx.read_bytes()).hexdigest()),
        ("  이수확인서(PDF) (이수확인인쇄)", pdf.name),
        ("    SHA-256", hashlib.sha256(pdf.read_bytes()).hexdigest()),
    ]
    with zipfile.ZipFile(hwpx) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert archive.read("mimetype") == b"application/hwp+zip"
        assert "E002 김*희: 처리함" in archive.read("Contents/section0.xml").decode("utf-8")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-1.4\n") and data.endswith(b"%%EOF\n") and b"(4 records) Tj" in data

    # the two-rule rule set: findings (주의 first, then by row), roll-up and 규칙표, as worked out above
    assert table(out, "찾은 건", "규칙") == [
        (*R01, "교육시간 3시간 < 기준 4시간", "이수자.csv", None, 3, "E002"),
        (*R01, "교육시간 2시간 < 기준 4시간", "이수자.csv", None, 5, "E004"),
        (*R02, "교육시간 10시간 > 하루 최대 8시간", "이수자.csv", None, 4, "E003"),
    ]
    assert table(out, "사람별 집계", "사례번호") == [
        ("E002", 1, 1, 0, 0, 3, "주의", "R01"),
        ("E004", 1, 1, 0, 0, 3, "주의", "R01"),
        ("E003", 1, 0, 1, 0, 2, "확인", "R02"),
    ]
    assert table(out, "규칙표", "규칙") == [
        (*R01, "최소 교육시간(rule_R01_min_hours) = 4", "예", 2),
        (*R02, "하루 최대 교육시간(rule_R02_max_hours) = 8", "예", 1),
    ]
    summary = {str(r[0]): r[1] for r in rows(out, "요약") if r and r[0] is not None}
    assert (summary["규칙 '주의' 찾은 건수"], summary["  R01 이수시간 부족"]) == (2, 2)
    assert (summary["규칙 '확인' 찾은 건수"], summary["  R02 이수시간 과다"]) == (1, 1)

    # the ledgered web-form effects: each record done once, with the site's 접수번호 as the receipt
    assert table(out, "입력 결과", "사례번호") == [
        ("E001", "홍*동", "처리함", ""),
        ("E002", "김*희", "처리함", ""),
        ("E003", "이*수", "처리함", ""),
        ("E004", "박*수", "처리함", ""),
    ]
    listed = json.loads(ledger(home, "list", "--json").stdout)
    assert [(e["case_key"], e["state"], e["reference"]) for e in listed] == [
        (f"E00{i}", "완료", f"접수번호 W-000{i}") for i in range(1, 5)
    ]


def test_a_rule_turned_off_is_not_applied_and_says_so(tmp_path: Path, home: Path) -> None:
    write_inputs(tmp_path)
    with WebFormStub() as site:
        proc = cli(home, argv(tmp_path, site.url, "--yes", "--param", "rule_R02=false"))
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out" / "결과.xlsx"
    assert [(r[0], r[8]) for r in table(out, "찾은 건", "규칙")] == [("R01", "E002"), ("R01", "E004")]
    assert table(out, "규칙표", "규칙") == [
        (*R01, "최소 교육시간(rule_R01_min_hours) = 4", "예", 2),
        (*R02, "하루 최대 교육시간(rule_R02_max_hours) = 8", "아니오", None),
    ]
    assert "꺼 둔 규칙은 확인하지 않았습니다: R02 이수시간 과다. '규칙표' 시트에 적용 여부가 있습니다." in proc.stderr


def test_unattended_run_is_refused_with_exit_3_before_any_submission(tmp_path: Path, home: Path) -> None:
    write_inputs(tmp_path)
    with WebFormStub() as site:
        proc = cli(home, argv(tmp_path, site.url))  # no --yes, stdin not a terminal: nobody to ask
        assert site.received == []
    assert proc.returncode == 3, proc.stderr
    assert proc.stderr.endswith(UNATTENDED), proc.stderr
    assert not (tmp_path / "out" / "결과.xlsx").exists()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_mid_submission_is_in_doubt_not_repeated_then_resolved(tmp_path: Path, home: Path) -> None:
    write_inputs(tmp_path)
    counts: Counter[str] = Counter()  # requests per record, over every server of this test
    with WebFormStub(hold_case="E002") as site:  # saves E002, then never answers: killed in between
        child = subprocess.Popen(argv(tmp_path, site.url, "--yes"), env=env(home), stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            assert site.held.wait(60), "the CLI never submitted E002"
            os.kill(child.pid, signal.SIGKILL)
            assert child.wait(30) == -signal.SIGKILL
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(30)
        counts.update(site.received)
    assert counts == {"E001": 1, "E002": 1}

    with WebFormStub() as site:
        rerun = cli(home, argv(tmp_path, site.url, "--yes"))
        counts.update(site.received)
        assert rerun.returncode == 0, rerun.stderr
        assert site.received == ["E003", "E004"]  # E002 NOT submitted a second time
    assert counts == {"E001": 1, "E002": 1, "E003": 1, "E004": 1}
    out = tmp_path / "out" / "결과.xlsx"
    assert [r[:3] for r in table(out, "입력 결과", "사례번호")] == [
        ("E001", "홍*동", "이미 처리됨"),
        ("E002", "김*희", "확인 필요"),
        ("E003", "이*수", "처리함"),
        ("E004", "박*수", "처리함"),
    ]
    assert "확인 필요 1건(E002): 누리집에서 처리되었는지 확인한 뒤" in rerun.stderr

    listed = json.loads(ledger(home, "list", "--status", "확인필요", "--json").stdout)
    assert [(e["task"], e["case_key"], e["state"], e["step"]) for e in listed] == [
        ("toy-edu", "E002", "확인필요", "교육이수 입력")
    ]
    effect_id = listed[0]["id"]
    resolved = ledger(home, "resolve", str(effect_id), "--as", "sent")
    assert (resolved.returncode, resolved.stdout) == (
        0,
        f"{effect_id}번 웹 입력 · toy-edu · 사례 E002 · 교육이수 입력 · E002: 보낸 것으로 처리했습니다.\n",
    )
    assert ledger(home, "list", "--status", "확인필요").stdout == "조건에 맞는 외부 처리 기록이 없습니다.\n"

    with WebFormStub() as site:
        third = cli(home, argv(tmp_path, site.url, "--yes"))
        assert third.returncode == 0, third.stderr
        assert site.received == []  # everything is done: nothing goes out again
    assert {r[2] for r in table(out, "입력 결과", "사례번호")} == {"이미 처리됨"}
