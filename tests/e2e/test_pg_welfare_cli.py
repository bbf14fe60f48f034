"""Department mode through the real command line (issue 18): two PCs (two homes) with the same store.url run
``main.py run welfare-sms`` on the same 2,000 cases at the same moment, against the loopback Solapi stub.

Unlike tests/e2e/test_pg_department.py (which drives the notifier directly so that several PCs send at once),
this goes through everything a clerk's run does: the 행복e음 workbook, the stage rules, the message template,
the runner's run lock on the shared server (the second PC waits for the first), the ledger, the result file.
Every recipient gets exactly one message, byte for byte the template's text."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from openpyxl import Workbook, load_workbook

from core.store_config import HMAC_KEY, PASSWORD
from tasks.welfare_sms.sample import HEADERS
from tests.support.notify_stubs import GatewayStub
from tests.support.pg_server import PgServer

ROOT = Path(__file__).resolve().parents[2]
COUNT = 2000
KEY = "dept-key-cli-7a1b"
BASE = dt.date(2026, 11, 27)  # --param base_date: the notice's dates do not move with the day the test runs


def phone(i: int) -> str:
    return f"010-7{i // 1000:03d}-{i % 1000:04d}"


def write_cases(path: Path, base: dt.date) -> None:
    """A 행복e음 export of 2,000 applications received yesterday (stage 신청접수): each is due its 접수 notice."""
    wb = Workbook()
    ws = wb.active
    ws.title = "신청처리현황"
    ws["A1"] = "사회보장급여 신청·처리 현황"
    ws.append([])
    ws.append(HEADERS)
    day = (base - dt.timedelta(days=1)).isoformat()
    for i in range(COUNT):
        values = {
            "연번": i + 1,
            "신청번호": f"2026-{20000 + i}",
            "신청인": "주민" + str(i),
            "주민등록번호": "800101-1******",
            "휴대전화": phone(i),
            "급여종류": "생계급여",
            "신청일자": day,
            "진행상태": "신청접수",
            "상태변경일": day,
            "소득인정액": 500000,
            "가구원수": 1,
            "처리부서": "복지정책과",
            "부서전화": "031-760-2451",
        }
        ws.append([values.get(h, "") for h in HEADERS])
    wb.save(path)


def test_two_pcs_run_welfare_sms_on_the_same_2000_cases(tmp_path: Path, pg_server: PgServer, pg_database: str) -> None:
    cases = tmp_path / "cases.xlsx"
    write_cases(cases, BASE)
    with GatewayStub() as stub:
        procs = []
        for pc in ("pc-a", "pc-b"):
            home = tmp_path / pc
            home.mkdir()
            (home / "settings.toml").write_text(
                '[org]\nsigungu = "광주시"\n'
                f'[notify]\nchannel = "solapi"\nsolapi_base_url = "{stub.url}"\nsender_number = "031-760-1234"\n'
                "batch_size = 100\nrequests_per_second = 1000\nbackoff_seconds = 0\n"
                '[network]\nproxy_mode = "none"\n'
                "[store]\nlock_wait_seconds = 600\n",
                encoding="utf-8",
            )
            env = {
                **os.environ,
                "HAENGBOT_HOME": str(home),
                "QT_QPA_PLATFORM": "offscreen",
                "HAENGBOT_SETTING_STORE_URL": pg_server.url(pg_database),
                PASSWORD.env_var: pg_server.password,
                HMAC_KEY.env_var: KEY,
                "HAENGBOT_SECRET_SOLAPI_API_KEY": stub.api_key,
                "HAENGBOT_SECRET_SOLAPI_API_SECRET": stub.api_secret,
            }
            args = ["run", "welfare-sms", "--input", f"cases={cases}", "--output", str(tmp_path / f"{pc}.xlsx")]
            args += ["--param", f"base_date={BASE.isoformat()}"]
            procs.append(
                subprocess.Popen(
                    [sys.executable, str(ROOT / "main.py"), *args, "--yes", "--json"],
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        results = [p.communicate(timeout=600) for p in procs]
    for p, (_out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
    per_number = Counter(r["to"] for r in stub.received)
    assert len(per_number) == COUNT and set(per_number.values()) == {1}
    assert set(per_number) == {phone(i).replace("-", "") for i in range(COUNT)}
    # The 접수 notice, worked out by hand: applied 2026-11-26; the decision is due 30 days later, 2026-12-26, a
    # Saturday, so the following Monday 12-28 (민법 제161조); D-31 counted from the base date 2026-11-27.
    expected = "[광주시] 생계급여 접수(11월 26일) 결정기한 12월 28일(D-31) 문의 복지정책과 031-760-2451"
    assert {r["text"] for r in stub.received} == {expected}

    summaries = [json.loads(out.strip().splitlines()[-1])["summary"] for out, _err in results]
    # The run lock on the server lets one PC in at a time: one sent all 2,000, the other waited, then found each sent.
    first_pc, second_pc = sorted(summaries, key=lambda s: -s["접수"])
    assert first_pc["접수"] == first_pc["발송 대상"] == COUNT and first_pc["실패"] == 0
    assert second_pc["접수"] == second_pc["발송 대상"] == 0 and second_pc["제외: 이미 발송"] == COUNT
    other = tmp_path / ("pc-a.xlsx" if summaries[0]["접수"] == 0 else "pc-b.xlsx")
    ws = load_workbook(other, read_only=True)["제외"]
    header = [c.value for c in next(ws.iter_rows(max_row=1))]
    reasons = Counter(r[header.index("제외사유")] for r in ws.iter_rows(min_row=2, values_only=True) if any(r))
    assert reasons == {"이미 발송": COUNT}
