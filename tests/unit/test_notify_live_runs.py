"""``unconfirmed=resend`` and ``mark_sent`` only touch in-doubt rows of a run whose process is gone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from core.notify.ledger import SENDING, Claim, Ledger, LedgerKey
from core.notify.message import Outgoing, prepare
from core.notify.notifier import IN_DOUBT_KO, PENDING, key_of, plan
from core.store import Store


def claimed_by_run(store: Store, pid: int) -> tuple[str, list]:
    """Two messages claimed ('sending') by a run recorded as running in process *pid*."""
    run_id = store.start_run("welfare-sms", {}, {})
    with store.transaction() as conn:
        conn.execute("UPDATE runs SET pid = ? WHERE id = ?", (pid, run_id))
    prepared = prepare(
        [Outgoing("welfare-sms", f"C{i}", "접수", f"010-7000-000{i}", f"안내 {i}") for i in range(2)], channel="solapi"
    )
    ledger = Ledger(store)
    ids = ledger.claim([Claim(key_of(p), "solapi", p.kind, p.body_bytes, p.text) for p in prepared], run_id=run_id, batch_id="b1")
    assert all(ids)
    return run_id, prepared


def test_rows_of_a_live_run_are_never_resent_and_are_said_to_be_running(tmp_path: Path) -> None:
    """Guards the duplicates: 'resend' took over rows another running process was still sending,
    and the plan said that run was 중단되어 although it was alive."""
    store = Store(tmp_path / "haengbot.sqlite3")
    sender = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        run_id, prepared = claimed_by_run(store, sender.pid)
        ledger = Ledger(store)
        for allow in (False, True):
            outcomes = plan(ledger, prepared, allow_in_doubt=allow)
            assert [o.status for o in outcomes] == [IN_DOUBT_KO] * 2
            reason = outcomes[0].reason
            assert f"다른 실행(실행 번호 {run_id[:8]}," in reason and f"프로세스 {sender.pid})이 아직 실행 중" in reason
            assert "중단" not in reason
        claims = [Claim(key_of(p), "solapi", p.kind, p.body_bytes, p.text) for p in prepared]
        assert ledger.claim(claims, run_id="other", batch_id="b2", allow_in_doubt=True) == [None, None]
        key = key_of(prepared[0])
        assert ledger.resolve(key, delivered=True) is False
        assert ledger.lookup([key])[key].status == SENDING
    finally:
        sender.kill()
        sender.wait()
    # the process is gone: now the clerk's choice applies, and the wording says it was interrupted
    outcomes = plan(ledger, prepared)
    assert [o.status for o in outcomes] == [IN_DOUBT_KO] * 2 and "중단되어" in outcomes[0].reason
    assert [o.status for o in plan(ledger, prepared, allow_in_doubt=True)] == [PENDING] * 2
    assert all(ledger.claim(claims, run_id="other", batch_id="b3", allow_in_doubt=True))


def test_mark_sent_waits_for_the_live_run_too(tmp_path: Path) -> None:
    store = Store(tmp_path / "haengbot.sqlite3")
    sender = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        _, prepared = claimed_by_run(store, sender.pid)
        key: LedgerKey = key_of(prepared[1])
        assert Ledger(store).resolve(key, delivered=False) is False
    finally:
        sender.kill()
        sender.wait()
    assert Ledger(store).resolve(key, delivered=False) is True
