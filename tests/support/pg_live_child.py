"""A child process of tests/unit/test_pg_live_runs.py: another clerk's PC in the middle of sending.

argv: STORE_URL PC_NAME CLERK. Records a welfare-sms run as running, takes the task's advisory run lock (as the
runner does), claims one message (C1, 010-2481-3301), prints "claimed RUN_ID" and waits on stdin; the test
kills it there. Password and HMAC key come from the environment, as in an unattended run.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core import runlock_pg
from core.effects import EffectKey, EffectKind, EffectsLedger, Record
from core.runlock_pg import PgRunLock
from core.store_config import parse_store_url
from core.store_pg import PgStore


def main() -> None:
    url, pc, clerk = sys.argv[1], sys.argv[2], sys.argv[3]
    runlock_pg.this_pc = lambda: (pc, clerk)  # this process plays another PC of the department
    target = parse_store_url(url)
    assert target is not None
    store = PgStore(target)
    run_id = store.start_run("welfare-sms", {}, {})
    lock = PgRunLock(target, "welfare-sms", "사회보장급여 안내 문자").acquire(run_id, wait_s=5)
    (effect,) = EffectsLedger(store).claim(
        [Record(EffectKey("welfare-sms", "C1", "접수", "01024813301"), EffectKind.SMS)], run_id=run_id
    )
    assert effect is not None
    print(f"claimed {run_id}", flush=True)
    sys.stdin.readline()
    lock.release()


if __name__ == "__main__":
    main()
