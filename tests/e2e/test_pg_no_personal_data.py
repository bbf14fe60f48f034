"""Issue 18: the shared PostgreSQL holds no phone number and no 주민등록번호 in any form.

The sending tasks run against the test PostgreSQL with the department's ``store-hmac-key``: welfare-sms,
ad-permit-expiry and sports-facility-check through ``main.py run`` (upload channel: every message is an
effect on the ledger), hygiene-training's web entry against its replica, and car-inheritance-notice's board
post (grant-alerts' mail: tests/e2e/test_pg_department.py scans after its two-PC run). Then every column of
every table, and a ``pg_dump``, are searched with the patterns of tests/e2e/test_no_personal_data_leaks.py
(written independently of core.masking) and for each sample phone's digits: zero hits.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

import tasks
from core.context import RunContext
from core.runner import execute
from core.store_config import HMAC_KEY, PASSWORD
from tests.e2e.test_hygiene_entry import browser  # noqa: F401  (the fixture: a display and the registry's Chromium)
from tests.e2e.test_no_personal_data_leaks import leaks
from tests.e2e.test_webrobot_car_post import PARAMS as CAR_PARAMS
from tests.e2e.test_webrobot_car_post import DoorClerk
from tests.support.pg_scan import database_text, dump_text
from tests.support.pg_server import PgServer
from tests.support.replica_board import Board
from tests.support.replica_hygiene import Replica
from tests.support.robot_helpers import Clerk

ROOT = Path(__file__).resolve().parents[2]
KEY = "정보화팀이-나눠준-부서키"


def assert_clean(server: PgServer, database: str, phones: set[str]) -> None:
    text = database_text(server, database)
    dump = dump_text(server, database)
    assert "effects:" in text  # something was written, and read back
    for where, body in (("tables", text), ("pg_dump", dump)):
        assert leaks(body) == [], where
        for phone in phones:  # its digits, dashed, or the part a mask must hide with the last four
            for form in (phone, f"{phone[:3]}-{phone[3:7]}-{phone[7:]}", f"{phone[3:7]}-{phone[7:]}", phone[3:]):
                assert form not in body, (where, form)


def sample_phones(path: Path) -> set[str]:
    """Every mobile number in a sample workbook (any sheet, any cell, any layout), as 11 digits."""
    found = set()
    for ws in load_workbook(path, read_only=True):
        for row in ws.iter_rows(values_only=True):
            for value in row:
                digits = re.sub(r"\D", "", str(value or ""))
                digits = "0" + digits[2:] if digits.startswith("8210") else digits
                if digits.startswith("01") and len(digits) == 11:
                    found.add(digits)
    return found


@pytest.fixture
def shared(pg_server: PgServer, pg_database: str, monkeypatch: pytest.MonkeyPatch) -> str:
    url = pg_server.url(pg_database)
    monkeypatch.setenv("HAENGBOT_SETTING_STORE_URL", url)
    monkeypatch.setenv(PASSWORD.env_var, pg_server.password)
    monkeypatch.setenv(HMAC_KEY.env_var, KEY)
    return url


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
        env=os.environ.copy(),
    )


@pytest.mark.slow
def test_message_tasks_leave_no_phone_in_the_shared_store(
    shared: str, pg_server: PgServer, pg_database: str, tmp_path: Path
) -> None:
    phones: set[str] = set()
    for task, name in (("welfare-sms", "cases"), ("ad-permit-expiry", "permits"), ("sports-facility-check", "facilities")):
        made = cli("sample", task, "--dir", str(tmp_path / task))
        assert made.returncode == 0, made.stderr
        written = dict(line.split("\t") for line in made.stdout.splitlines())
        phones |= sample_phones(Path(written[name]))
        done = cli("run", task, *[f"--input={k}={v}" for k, v in written.items()], "--output", str(tmp_path / f"{task}.xlsx"))
        assert done.returncode == 0, done.stderr
    assert len(phones) >= 20
    text = database_text(pg_server, pg_database)
    # The three tasks really put their messages on the shared ledger (13 + 4 + 3 written to upload files).
    assert text.count("effects: (") == 20, text
    assert_clean(pg_server, pg_database, phones)


@pytest.mark.slow
def test_web_entry_and_board_post_leave_no_personal_data(
    shared: str,
    pg_server: PgServer,
    pg_database: str,
    tmp_path: Path,
    browser: Clerk,  # noqa: F811
    haengbot_home: Path,
) -> None:
    from tasks.car_inheritance_notice.sample import ANCHOR
    from tasks.car_inheritance_notice.sample import write_samples as car_samples
    from tasks.hygiene_training.sample import write_samples as hygiene_samples

    written = hygiene_samples(tmp_path / "h")
    with Replica() as site:
        params = {"year": 2026, "enter": True, "site_url": site.url, "pace": 0}
        out = execute(tasks.registry().get("hygiene-training"), written, params, tmp_path / "h.xlsx", RunContext(asker=browser))
    assert out.status == "done", out.error
    vehicles = car_samples(tmp_path / "c", anchor=ANCHOR)["vehicles"]
    with Board() as board:
        with (haengbot_home / "settings.toml").open("a", encoding="utf-8") as settings:
            settings.write(f'[car_inheritance]\ndepartment = "차량등록과"\nphone = "031-760-2000"\nboard_url = "{board.url}"\n')
        board.open_door = False
        car = execute(
            tasks.registry().get("car-inheritance-notice"),
            {"vehicles": vehicles},
            CAR_PARAMS,
            tmp_path / "c.xlsx",
            RunContext(asker=DoorClerk(board)),
        )
    assert car.status == "done", car.error
    text = database_text(pg_server, pg_database)
    assert "web_form" in text and "board_post" in text, text
    phones = set().union(*(sample_phones(Path(str(p))) for p in [*written.values(), vehicles] if str(p).endswith(".xlsx")))
    assert phones
    assert_clean(pg_server, pg_database, phones)


def test_the_scan_sees_a_planted_number(pg_server: PgServer, pg_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The search above is not blind: a phone written raw into any column, or a 주민등록번호, is found."""
    import psycopg

    from core.store_config import parse_store_url
    from core.store_pg import PgStore

    monkeypatch.setenv(PASSWORD.env_var, pg_server.password)
    target = parse_store_url(pg_server.url(pg_database))
    assert target is not None
    PgStore(target)  # the schema
    with psycopg.connect(pg_server.admin_url(pg_database)) as conn:
        conn.execute(
            "INSERT INTO effects (task, case_key, step, target_hash, target_masked, kind, status, created_at, updated_at) "
            "VALUES ('t', '01024813301', 's', 'h', 'm', 'sms', 'sent', 'x', 'x')"
        )
    with pytest.raises(AssertionError):
        assert_clean(pg_server, pg_database, {"01024813301"})
    with psycopg.connect(pg_server.admin_url(pg_database)) as conn:
        conn.execute("UPDATE effects SET case_key = 'C1', summary = '850315-1234561'")
    with pytest.raises(AssertionError):
        assert_clean(pg_server, pg_database, set())
    with psycopg.connect(pg_server.admin_url(pg_database)) as conn:
        conn.execute("UPDATE effects SET summary = '2481-3301 SMS'")  # the number without its 010
    with pytest.raises(AssertionError):
        assert_clean(pg_server, pg_database, {"01024813301"})
