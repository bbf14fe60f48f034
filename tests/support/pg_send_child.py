"""A child process of tests/e2e/test_pg_department.py: one clerk's PC sending through the Solapi stub with
the department's shared PostgreSQL as its ledger.

argv: HOME STUB_URL STORE_URL RUN_ID FIRST LAST [reverse]. Prints "ready" once the store is open, waits for a
line on stdin (so that all PCs start together), sends messages FIRST..LAST-1 in batches of 50 (``reverse``
walks the list from the end) and prints the outcome counts as JSON. The store password comes from
HAENGBOT_SECRET_STORE_PASSWORD, as in an unattended run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.context import RunContext
from core.credentials import MemoryStore
from core.notify.message import Outgoing, prepare
from core.notify.service import send
from core.settings import Settings
from core.store_config import parse_store_url
from core.store_pg import PgStore


def number(i: int) -> str:
    return f"010-7{i // 10000:03d}-{i % 10000:04d}"


def text(i: int) -> str:
    return f"[광주시] {i}번 신청 접수 안내입니다. 문의 031-760-1234"


def main() -> None:
    home, stub_url, store_url, run_id = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    first, last = int(sys.argv[5]), int(sys.argv[6])
    reverse = len(sys.argv) > 7 and sys.argv[7] == "reverse"
    settings = Settings(home / "settings.toml")
    for key, value in {
        "notify.solapi_base_url": stub_url,
        "notify.sender_number": "031-760-1234",
        "notify.batch_size": 50,
        "notify.requests_per_second": 1000,
        "notify.backoff_seconds": 0,
        "network.proxy_mode": "none",
        "network.timeout_seconds": 60,
    }.items():
        settings.set(key, value)
    target = parse_store_url(store_url)
    assert target is not None
    ctx = RunContext(
        store=PgStore(target),
        settings=settings,
        run_id=run_id,
        credentials=MemoryStore({"solapi-api-key": "NCSTESTKEY0001", "solapi-api-secret": "SECRETSECRETSECRET0001"}),
    )
    print("ready", flush=True)
    sys.stdin.readline()
    cases = list(range(first, last))[:: -1 if reverse else 1]
    msgs = [Outgoing("welfare-sms", f"K{i:05d}", "접수", number(i), text(i)) for i in cases]
    report = send(ctx, prepare(msgs), channel="solapi")
    counts: dict[str, int] = {}
    for o in report.outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    print(json.dumps({"counts": counts}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
