"""Child process for test_notify_crash: sends N messages through the Solapi stub, prints a summary.

argv: home, stub_url, count. Killed with SIGKILL by the test in the middle of a batch.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core.context import RunContext  # noqa: E402
from core.credentials import MemoryStore  # noqa: E402
from core.notify.message import Outgoing, prepare  # noqa: E402
from core.notify.service import send  # noqa: E402
from core.settings import Settings  # noqa: E402
from core.store import Store  # noqa: E402


def main() -> None:
    home, url, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    settings = Settings(home / "settings.toml")
    for key, value in {
        "notify.solapi_base_url": url,
        "notify.sender_number": "031-760-1234",
        "notify.batch_size": 100,
        "notify.requests_per_second": 1000,
        "notify.backoff_seconds": 0,
        "network.proxy_mode": "none",
        "network.timeout_seconds": 60,
    }.items():
        settings.set(key, value)
    ctx = RunContext(
        store=Store(home / "haengbot.sqlite3"),
        settings=settings,
        run_id=sys.argv[4],
        credentials=MemoryStore({"solapi-api-key": "NCSTESTKEY0001", "solapi-api-secret": "SECRETSECRETSECRET0001"}),
    )
    msgs = [
        Outgoing(
            "crash-test",
            f"K{i:05d}",
            "접수",
            f"010-7{i // 10000:03d}-{i % 10000:04d}",
            f"[광주시] {i}번 신청 접수 안내입니다. 문의 031-760-1234",
        )
        for i in range(count)
    ]
    report = send(ctx, prepare(msgs), channel="solapi")
    counts: dict[str, int] = {}
    for o in report.outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    print(json.dumps({"counts": counts, "requests": report.requests}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
