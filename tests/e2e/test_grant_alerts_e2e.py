"""grant-alerts end to end through ``python main.py run``: loopback servers for all four sources and
an SMTP server on loopback (aiosmtpd); keys from ``HAENGBOT_SECRET_*`` as in an unattended run."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import os
import socket
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest
import tomli_w
from aiosmtpd.controller import Controller
from openpyxl import load_workbook

from tests.helpers import sheet_rows
from tests.support.grant_servers import BIZINFO_KEY, DECODING_KEY, ENCODING_KEY, EXPECTED_NEW, GrantServer, botame_item, cdata

ROOT = Path(__file__).resolve().parents[2]
PLANNING = ["planning@city.go.kr", "budget@city.go.kr"]
IT = ["it@city.go.kr"]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.raw: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        data = envelope.original_content or envelope.content
        self.raw.append(data)
        self.messages.append(email.message_from_bytes(data, policy=email.policy.default))
        return "250 Message accepted"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def world(haengbot_home: Path) -> Iterator[tuple[GrantServer, Inbox]]:
    server = GrantServer().start()
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    settings = server.settings()
    settings["network"] = {"proxy_mode": "none", "timeout_seconds": 10}
    settings["email"] = {
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp.port,
        "security": "none",
        "from_address": "haengbot@city.go.kr",
    }
    (haengbot_home / "settings.toml").write_bytes(tomli_w.dumps(settings).encode("utf-8"))
    text = (ROOT / "resources" / "grant_profiles.toml").read_text(encoding="utf-8")
    text = text.replace("recipients = []", f"recipients = {json.dumps(PLANNING)}", 1)
    text = text.replace("recipients = []", f"recipients = {json.dumps(IT)}", 1)
    (haengbot_home / "grant_profiles.toml").write_text(text, encoding="utf-8")
    try:
        yield server, inbox
    finally:
        smtp.stop()
        server.stop()


def run(home: Path, out: Path, *params: str, dry_run: bool = False) -> tuple[int, dict[str, Any], str]:
    env = {
        **os.environ,
        "HAENGBOT_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "HAENGBOT_SECRET_DATAGOKR_SERVICE_KEY": ENCODING_KEY,  # as copied from the portal: the Encoding key
        "HAENGBOT_SECRET_BIZINFO_CRTFC_KEY": BIZINFO_KEY,
    }
    args = [sys.executable, "main.py", "run", "grant-alerts", "--output", str(out), "--json"]
    for p in params:
        args += ["--param", p]
    if dry_run:
        args.append("--dry-run")
    proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    summary = json.loads(proc.stdout) if proc.stdout.strip() else {}
    return proc.returncode, summary, proc.stdout + proc.stderr


def summary_lines(path: Path) -> list[str]:
    wb = load_workbook(path, read_only=True)
    lines = [" ".join(str(v) for v in row if v is not None) for row in wb["요약"].iter_rows(values_only=True)]
    wb.close()
    return lines


def test_first_run_finds_the_calls_second_is_silent_third_reports_one_change(
    world: tuple[GrantServer, Inbox], haengbot_home: Path, tmp_path: Path
) -> None:
    server, inbox = world
    code, s1, log1 = run(haengbot_home, tmp_path / "1.xlsx", "as_of=2026-11-25")
    assert code == 0, log1
    assert s1["summary"]["신규"] == len(EXPECTED_NEW) == 6 and s1["summary"]["변경"] == 0
    rows = sheet_rows(tmp_path / "1.xlsx", "신규공모")
    assert {r["공고명"] for r in rows} == EXPECTED_NEW
    deadlines = [r["접수마감"] for r in rows if r["접수마감"] is not None]
    assert deadlines == sorted(deadlines) and rows[0]["공고명"] == "2026년 생활SOC 복합화 사업 추가 공모"
    assert rows[0]["출처"] == "보탬e, 기업마당" and rows[0]["D-day"] == "D-7"  # one call, two sources
    wb = load_workbook(tmp_path / "1.xlsx")
    assert wb.sheetnames[:5] == ["요약", "신규공모", "마감임박", "전체", "소스상태"] and wb.sheetnames[-1] == "실행정보"
    ws = wb["신규공모"]
    header = [c.value for c in ws[1]]
    link_col = header.index("원문 URL") + 1
    links = [ws.cell(row=r, column=link_col).hyperlink for r in range(2, ws.max_row + 1)]
    assert all(h is not None and h.target.startswith("https://") for h in links)  # live hyperlinks
    status = {r["출처"]: r for r in sheet_rows(tmp_path / "1.xlsx", "소스상태")}
    assert {r["상태"] for r in status.values()} == {"정상"} and len(status) == 5
    everything = sheet_rows(tmp_path / "1.xlsx", "전체")
    dropped = {r["공고명"]: r["제외 사유"] for r in everything if not r["해당 프로필"]}
    assert "제외어 '채용'" in dropped["2026년 하반기 공무원 경력경쟁 채용 공고"]
    assert "신청 자격 없음" in dropped["[경기] 2026년 소상공인 디지털 전환 지원사업 공고"]
    # One digest per profile, to each of its recipients.
    assert len(inbox.messages) == 3
    for address in PLANNING:
        (msg,) = inbox.to(address)
        assert "(기본)" in msg["Subject"] and "신규 6건" in msg["Subject"]
        html = msg.get_body(("html",)).get_content()
        assert '<a href="https://www.gosims.go.kr/pbanc/1001">2027년 지역균형발전 스마트시티 챌린지 공모</a>' in html
        assert "지역 창업생태계 조성 지자체 공모" in msg.get_body(("plain",)).get_content()
    (it_msg,) = inbox.to(IT[0])
    assert "(정보통신)" in it_msg["Subject"] and "신규 3건" in it_msg["Subject"]

    # Second run, same day: nothing new, nothing sent.
    code, s2, log2 = run(haengbot_home, tmp_path / "2.xlsx", "as_of=2026-11-25")
    assert code == 0, log2
    assert s2["summary"]["신규"] == 0 and s2["summary"]["변경"] == 0 and s2["summary"]["요약 메일 보낸 수"] == 0
    assert sheet_rows(tmp_path / "2.xlsx", "신규공모") == []
    assert len(inbox.messages) == 3

    # A source moves a deadline: the third run reports exactly one 변경 (the digest already went today).
    server.fixtures["botame"][0]["RCEPT_END_DE"] = "20261222"
    server.fixtures["botame"][0]["PBLANC_UPDT_DT"] = "20261125"  # a changed row carries its update day (the cursor's query)
    code, s3, log3 = run(haengbot_home, tmp_path / "3.xlsx", "as_of=2026-11-25")
    assert code == 0, log3
    assert s3["summary"]["변경"] == 1 and s3["summary"]["신규"] == 0
    (changed,) = sheet_rows(tmp_path / "3.xlsx", "신규공모")
    assert changed["구분"] == "변경" and changed["이전 마감"] == "2026-12-15"
    assert changed["공고명"] == "2027년 지역균형발전 스마트시티 챌린지 공모"
    assert s3["summary"]["요약 메일: 기본"].startswith("오늘 이미 보냄") and len(inbox.messages) == 3

    # Next morning the change goes out, once per profile; three days before a deadline, a reminder.
    code, s4, log4 = run(haengbot_home, tmp_path / "4.xlsx", "as_of=2026-11-26")
    assert code == 0, log4
    assert s4["summary"]["변경"] == 0 and len(inbox.messages) == 6
    for address in [*PLANNING, *IT]:
        latest = inbox.to(address)[-1]
        assert "변경 1건" in latest["Subject"] and "신규 0건" in latest["Subject"]
        assert "마감 2026-12-15 → 2026-12-22" in latest.get_body(("plain",)).get_content()
    code, s5, log5 = run(haengbot_home, tmp_path / "5.xlsx", "as_of=2026-11-29", "profile=기본")
    assert code == 0, log5
    assert s5["summary"]["마감 임박(D-3)"] == 1
    assert len(inbox.messages) == 8 and len(inbox.to(IT[0])) == 2  # 기본 only: its two recipients
    reminder = inbox.to(PLANNING[0])[-1]
    assert "마감 임박 1건" in reminder["Subject"]
    assert "마감 3일 전" in reminder.get_body(("plain",)).get_content()
    assert "2026년 생활SOC 복합화 사업 추가 공모" in reminder.get_body(("plain",)).get_content()


def test_the_unattended_command_twice_in_a_day_mails_once(
    world: tuple[GrantServer, Inbox], haengbot_home: Path, tmp_path: Path
) -> None:
    """Exactly the scheduled command (no 기준일: today), so the fixtures are moved to today first."""
    server, inbox = world
    today = dt.date.today()
    later = (today + dt.timedelta(days=30)).strftime("%Y%m%d")
    for item in server.fixtures["botame"]:
        wrapped = item["PBLANC_NM"].startswith("<![CDATA[")
        item.update(
            {
                "BSNSYEAR": cdata(str(today.year)) if wrapped else str(today.year),
                "RCEPT_END_DE": cdata(later) if wrapped else later,
            }
        )
    for item in server.fixtures["bizinfo"]:
        item["reqstBeginEndDe"] = f"{today:%Y%m%d} ~ {later}"
    for item in server.fixtures["kstartup"]:
        item["pbanc_rcpt_end_dt"] = later
    code, first, log = run(haengbot_home, tmp_path / "today1.xlsx", "profile=기본")
    assert code == 0, log
    assert first["summary"]["기준일"] == today.isoformat() and first["summary"]["요약 메일 보낸 수"] == 2
    # A call posted at noon: the second run finds it, and still the digest is not sent twice today.
    server.fixtures["botame"].append(
        botame_item("오후에 올라온 스마트시티 공모", "행정안전부", f"{today:%Y%m%d}", later, "기초자치단체", year=str(today.year))
    )
    code, second, log = run(haengbot_home, tmp_path / "today2.xlsx", "profile=기본")
    assert code == 0, log
    assert second["summary"]["신규"] == 1 and second["summary"]["요약 메일: 기본"].startswith("오늘 이미 보냄")
    assert sorted(str(m["To"]) for m in inbox.messages) == sorted(PLANNING)  # the first run's digest, once


def test_dry_run_sends_nothing_and_remembers_nothing(
    world: tuple[GrantServer, Inbox], haengbot_home: Path, tmp_path: Path
) -> None:
    _server, inbox = world
    code, dry, log = run(haengbot_home, tmp_path / "dry.xlsx", "as_of=2026-11-25", dry_run=True)
    assert code == 0, log
    assert dry["summary"]["신규"] == 6 and inbox.messages == []
    assert dry["summary"]["요약 메일: 기본"].startswith("시험 실행")
    code, real, log = run(haengbot_home, tmp_path / "real.xlsx", "as_of=2026-11-25")
    assert code == 0, log
    assert real["summary"]["신규"] == 6 and len(inbox.messages) == 3


def test_failing_sources_become_warnings_and_no_key_leaks_anywhere(
    world: tuple[GrantServer, Inbox], haengbot_home: Path, tmp_path: Path
) -> None:
    server, inbox = world
    server.mode.update({"botame": "html", "kstartup": "denied20", "rss": "html"})
    out = tmp_path / "fail.xlsx"
    code, summary, log = run(haengbot_home, out, "profile=기본", "as_of=2026-11-25")
    assert code == 0, log  # one source failing never fails the run
    status = {r["출처"]: r for r in sheet_rows(out, "소스상태")}
    assert status["기업마당"]["상태"] == "정상" and status["기업마당"]["건수"] == 3
    assert status["보탬e"]["상태"] == "실패" and "웹 페이지(HTML)" in status["보탬e"]["사유"]
    assert status["K-Startup"]["상태"] == "실패" and "(20)" in status["K-Startup"]["사유"]
    lines = "\n".join(summary_lines(out))
    assert "■ 주의" in lines and "활용신청이 승인되었는지" in lines and "시스템 점검 안내" in lines
    assert summary["summary"]["실패·건너뛴 출처"] == 4
    # A key nobody registered: the gateway says 30, in Korean, without echoing the key.
    server.mode.update({"botame": "ok", "kstartup": "ok", "rss": "ok"})
    env_bad = run_with_key(haengbot_home, tmp_path / "bad.xlsx", "Wr0ng+Key/Value==")
    assert "등록되지 않은 인증키입니다(30)" in env_bad and "Wr0ng" not in env_bad
    code, _, log_ok = run(haengbot_home, tmp_path / "ok.xlsx", "profile=기본", "as_of=2026-11-25")
    assert code == 0, log_ok

    forms = [DECODING_KEY, ENCODING_KEY, quote_plus(DECODING_KEY), ENCODING_KEY.lower(), BIZINFO_KEY, "Wr0ng+Key/Value=="]
    haystacks: dict[str, str] = {"cli": log + env_bad + log_ok}
    for book in tmp_path.glob("*.xlsx"):
        with zipfile.ZipFile(book) as z:
            haystacks[book.name] = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    for f in (haengbot_home / "logs").glob("haengbot.log*"):
        haystacks[f.name] = f.read_text(encoding="utf-8", errors="replace")
    assert any("보탬e" in v for k, v in haystacks.items() if k.startswith("haengbot.log"))
    for f in haengbot_home.glob("haengbot.sqlite3*"):
        haystacks[f.name] = f.read_bytes().decode("utf-8", "replace")
    conn = sqlite3.connect(haengbot_home / "haengbot.sqlite3")
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        haystacks[f"db:{table}"] = repr(conn.execute(f"SELECT * FROM {table}").fetchall())
    conn.close()
    haystacks["mail"] = b"".join(inbox.raw).decode("utf-8", "replace")
    assert "db:grant_seen" in haystacks and len(haystacks["db:grant_seen"]) > 100
    for name, text in haystacks.items():
        for form in forms:
            assert form not in text, f"key form found in {name}"
        assert "serviceKey=" not in text and "crtfcKey=" not in text, name


def run_with_key(home: Path, out: Path, key: str) -> str:
    env = {
        **os.environ,
        "HAENGBOT_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "HAENGBOT_SECRET_DATAGOKR_SERVICE_KEY": key,
        "HAENGBOT_SECRET_BIZINFO_CRTFC_KEY": BIZINFO_KEY,
    }
    proc = subprocess.run(
        [
            sys.executable,
            "main.py",
            "run",
            "grant-alerts",
            "--param",
            "profile=기본",
            "--param",
            "send_digest=아니오",
            "--output",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout + proc.stderr
