"""Phone numbers on the shared store are HMAC'd with the credential ``store-hmac-key`` (issue 18), never with
a salt kept in the database; a PC without the key, or with another key, sends nothing."""

from __future__ import annotations

import hashlib
import hmac
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import credentials
from core.effects import EffectKey, EffectKind, EffectsLedger, Record
from core.store_config import HMAC_KEY, PASSWORD, parse_store_url
from core.store_pg import HmacKeyProblem, PgStore
from tests.support.pg_server import PgServer

ROOT = Path(__file__).resolve().parents[2]
KEY = "정보화팀-2026-부서키"

MISSING = (
    "이 PC에 '전화번호 보호 키'(store-hmac-key)가 없어 보내지 않았습니다. 공유 저장소에는 전화번호를 이 키로 "
    "바꾼 값만 두므로, 키가 없으면 이미 보낸 분인지 확인할 수 없습니다.\n"
    "  → 정보화 담당자에게 부서 공통 키를 받아 [인증 정보]의 '전화번호 보호 키'에 저장하십시오"
    "(무인 실행은 환경 변수 HAENGBOT_SECRET_STORE_HMAC_KEY)."
)
WRONG = (
    "이 PC의 '전화번호 보호 키'(store-hmac-key)가 공유 저장소를 함께 쓰는 다른 PC들의 키와 다릅니다. 이대로 "
    "보내면 이미 받은 분께 다시 갈 수 있으므로 보내지 않았습니다.\n"
    "  → 정보화 담당자에게 부서 공통 키를 다시 받아 [인증 정보]의 '전화번호 보호 키'에 저장하십시오."
)


@pytest.fixture
def url(pg_server: PgServer, pg_database: str, memory_credentials: credentials.MemoryStore) -> str:
    memory_credentials.set(PASSWORD.id, pg_server.password)
    return pg_server.url(pg_database)


def _store(url: str) -> PgStore:
    target = parse_store_url(url)
    assert target is not None
    return PgStore(target)


def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    with _store(url).transaction() as conn:
        return [tuple(r) for r in conn.execute(sql).fetchall()]


def test_the_hash_is_hmac_of_the_key_and_two_pcs_agree(url: str, memory_credentials: credentials.MemoryStore) -> None:
    memory_credentials.set(HMAC_KEY.id, KEY)
    key = EffectKey("welfare-sms", "C1", "접수", "01012345678")
    a, b = EffectsLedger(_store(url)), EffectsLedger(_store(url))
    assert a.claim([Record(key, EffectKind.SMS)], run_id="pc-a")[0] is not None
    assert b.claim([Record(key, EffectKind.SMS)], run_id="pc-b") == [None]  # the other PC sees it: same hash
    expected = hmac.new(KEY.encode("utf-8"), b"01012345678", hashlib.sha256).hexdigest()
    assert _rows(url, "SELECT target_hash, target_masked FROM effects") == [(expected, "010-****-5678")]
    # No salt in the database: its one row is the key check, an HMAC of a constant.
    check = hmac.new(KEY.encode("utf-8"), b"haengbot-key-check", hashlib.sha256).hexdigest()
    assert _rows(url, "SELECT id, salt FROM effects_salt") == [(1, f"hmac-check:{check}")]


def test_a_pc_without_the_key_claims_nothing(url: str) -> None:
    ledger = EffectsLedger(_store(url))
    with pytest.raises(HmacKeyProblem) as caught:
        ledger.claim([Record(EffectKey("welfare-sms", "C1", "접수", "01012345678"), EffectKind.SMS)], run_id="r1")
    assert str(caught.value) == MISSING
    assert _rows(url, "SELECT COUNT(*) FROM effects") == [(0,)]
    assert _rows(url, "SELECT COUNT(*) FROM effects_salt") == [(0,)]


def test_a_pc_with_another_key_is_refused(url: str, memory_credentials: credentials.MemoryStore) -> None:
    memory_credentials.set(HMAC_KEY.id, KEY)
    first = EffectsLedger(_store(url))
    first.claim([Record(EffectKey("welfare-sms", "C1", "접수", "01012345678"), EffectKind.SMS)], run_id="r1")
    memory_credentials.set(HMAC_KEY.id, f" {KEY}\n")  # pasted with a newline: the same key
    assert EffectsLedger(_store(url)).target_hash("01012345678") == first.target_hash("01012345678")
    memory_credentials.set(HMAC_KEY.id, KEY + "x")  # a typo on the second PC
    with pytest.raises(HmacKeyProblem) as caught:
        EffectsLedger(_store(url)).claim(
            [Record(EffectKey("welfare-sms", "C2", "접수", "01087654321"), EffectKind.SMS)], run_id="r2"
        )
    assert str(caught.value) == WRONG
    assert _rows(url, "SELECT case_key FROM effects") == [("C1",)]


def test_sqlite_keeps_its_salt(haengbot_home: Path) -> None:
    from core.store import Store

    ledger = EffectsLedger(Store())
    ledger.claim([Record(EffectKey("welfare-sms", "C1", "접수", "01012345678"), EffectKind.SMS)], run_id="r1")
    salt = Store().connect().execute("SELECT salt FROM effects_salt").fetchone()[0]
    assert len(bytes.fromhex(salt)) == 32
    assert ledger.target_hash("01012345678") == hmac.new(bytes.fromhex(salt), b"01012345678", hashlib.sha256).hexdigest()


def test_cli_refuses_to_send_without_the_key(url: str, pg_server: PgServer, tmp_path: Path) -> None:
    """``main.py run welfare-sms`` on the shared store without the key: exit 3, the reason on stderr, and
    nothing claimed (the refusal comes before the input is even read)."""
    env = {
        **os.environ,
        "HAENGBOT_SETTING_STORE_URL": url,
        PASSWORD.env_var: pg_server.password,
        "HAENGBOT_HOME": str(tmp_path / "home"),
    }
    sample = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "sample", "welfare-sms", "--dir", str(tmp_path / "s")],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    cases = dict(line.split("\t") for line in sample.stdout.splitlines())["cases"]
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "run",
            "welfare-sms",
            "--input",
            f"cases={cases}",
            "--output",
            str(tmp_path / "o.xlsx"),
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    assert MISSING in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "o.xlsx").exists()
    assert _rows(url, "SELECT COUNT(*) FROM effects") == [(0,)]
    assert _rows(url, "SELECT task, status FROM runs") == [("welfare-sms", "failed")]


def test_the_window_preview_says_why_without_the_key(url: str, haengbot_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The confirm-send page of the window (gui/jobs_work.py's preview step): the reason, not a traceback."""
    import tasks
    from core.context import RunContext
    from core.params import resolve_params
    from core.prepare import prepare
    from gui.jobs_work import PREVIEW, _preview_step
    from tasks.welfare_sms.sample import write_samples

    monkeypatch.setenv("HAENGBOT_SETTING_STORE_URL", url)
    task = tasks.registry().get("welfare-sms")
    written = write_samples(haengbot_home / "in")
    prepared = prepare(task, written, resolve_params(task, {}), RunContext())
    step = _preview_step(task, prepared, lambda done, total, message: None)
    assert (step.kind, step.error) == (PREVIEW, MISSING)


def test_the_window_preview_refuses_while_the_server_is_out_of_reach(
    haengbot_home: Path, monkeypatch: pytest.MonkeyPatch, memory_credentials: credentials.MemoryStore
) -> None:
    import socket

    import tasks
    from core.context import RunContext
    from core.params import resolve_params
    from core.prepare import prepare
    from core.store_offline import refuse_message
    from gui.jobs_work import _preview_step
    from tasks.welfare_sms.sample import write_samples

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    down = f"postgresql://clerk@127.0.0.1:{port}/haengbot"
    monkeypatch.setenv("HAENGBOT_SETTING_STORE_URL", down)
    memory_credentials.set(HMAC_KEY.id, KEY)
    task = tasks.registry().get("welfare-sms")
    prepared = prepare(task, write_samples(haengbot_home / "in"), resolve_params(task, {}), RunContext())
    step = _preview_step(task, prepared, lambda done, total, message: None)
    target = parse_store_url(down)
    assert target is not None
    assert step.error == refuse_message(target)
