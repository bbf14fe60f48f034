"""A child process of tests/unit/test_store_pg.py: one "PC" claiming effects on the shared store.

argv: URL RUN_ID FIRST LAST [BATCH] [reverse]. Claims SMS effects for cases FIRST..LAST-1 (target = a phone
number derived from the case) in batches, as the notifier does, and prints the claimed case numbers, one a line.
It prints "ready" once connected and waits for a line on stdin, so that all "PCs" start claiming at the same
moment (without it the first child finishes before the second has connected and nothing is contended);
``reverse`` walks the list from the end, so two children meet in the middle.
The password comes from HAENGBOT_SECRET_STORE_PASSWORD, as in an unattended run.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.effects import EffectKey, EffectKind, EffectsLedger, Record
from core.store_config import parse_store_url
from core.store_pg import PgStore


def phone(case: int) -> str:
    return f"010-{1000 + case // 10000:04d}-{case % 10000:04d}"


def main() -> None:
    url, run_id, first, last = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    batch = int(sys.argv[5]) if len(sys.argv) > 5 else 50
    reverse = len(sys.argv) > 6 and sys.argv[6] == "reverse"
    target = parse_store_url(url)
    assert target is not None
    ledger = EffectsLedger(PgStore(target))
    cases = list(range(first, last))[:: -1 if reverse else 1]
    ledger.salt()
    print("ready", flush=True)
    sys.stdin.readline()
    for start in range(0, len(cases), batch):
        chunk = cases[start : start + batch]
        records = [
            Record(EffectKey("welfare-sms", f"C{c:05d}", "notice", phone(c)), EffectKind.SMS, channel="solapi") for c in chunk
        ]
        ids = ledger.claim(records, run_id=run_id, batch_id=f"{run_id}-{start}")
        for case, effect_id in zip(chunk, ids, strict=True):
            if effect_id is not None:
                print(case, flush=True)


if __name__ == "__main__":
    main()
