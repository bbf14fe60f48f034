"""Child process for test_ad_permit_crash: runs ad-permit-expiry through the Solapi stub, prints the 발송 counts.

argv: home, stub_url, registry, base_date, run_id, output[, unconfirmed]. Killed with SIGKILL by the test mid-send.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core.context import RunContext  # noqa: E402
from core.credentials import MemoryStore  # noqa: E402
from core.runner import execute  # noqa: E402
from core.settings import Settings  # noqa: E402
from core.store import Store  # noqa: E402
from tasks.ad_permit_expiry import SPEC  # noqa: E402


def main() -> None:
    home, url, registry, base, run_id, output = sys.argv[1:7]
    unconfirmed = sys.argv[7] if len(sys.argv) > 7 else "keep"
    settings = Settings(Path(home) / "settings.toml")
    for key, value in {
        "notify.solapi_base_url": url,
        "notify.sender_number": "031-760-1234",
        "notify.batch_size": 100,
        "notify.requests_per_second": 1000,
        "notify.backoff_seconds": 0,
        "network.proxy_mode": "none",
        "network.timeout_seconds": 60,
        "org.sido": "경기도",
        "org.sigungu": "광주시",
    }.items():
        settings.set(key, value)
    ctx = RunContext(
        store=Store(Path(home) / "haengbot.sqlite3"),
        settings=settings,
        run_id=run_id,
        credentials=MemoryStore({"solapi-api-key": "NCSTESTKEY0001", "solapi-api-secret": "SECRETSECRETSECRET0001"}),
    )
    outcome = execute(
        SPEC,
        {"permits": registry},
        {"base_date": base, "channel": "solapi", "unconfirmed": unconfirmed},
        output,
        ctx,
        record=False,
    )
    assert outcome.result is not None, outcome.error
    sends = Counter(outcome.result.tables[0].df["발송"])
    print(json.dumps({"sends": dict(sends), "warnings": outcome.result.warnings}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
