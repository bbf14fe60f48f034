"""A child process for the upload race test: send one case list to the upload channel at a fixed second.

argv: home, label (case-key prefix), count, go-file. Waits for the go-file so that two children
write at the same moment, then prints the JSON report (files, statuses) on stdout.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core.context import RunContext  # noqa: E402
from core.credentials import MemoryStore  # noqa: E402
from core.notify import config  # noqa: E402
from core.notify.message import Outgoing, prepare  # noqa: E402
from core.notify.service import send  # noqa: E402
from core.settings import Settings  # noqa: E402
from core.store import Store  # noqa: E402

FIXED = dt.datetime(2026, 3, 2, 9, 0, 0)


def main() -> None:
    home, label, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    real_build = config.build_channel

    def build_at_fixed_second(*args, **kwargs):
        channel = real_build(*args, **kwargs)
        channel.now = FIXED  # both runs in the same second
        return channel

    config.build_channel = build_at_fixed_second
    ctx = RunContext(
        store=Store(home / "haengbot.sqlite3"),
        settings=Settings(home / "settings.toml"),
        credentials=MemoryStore({}),
        run_id=f"run-{label}",
    )
    outs = [
        Outgoing("welfare-sms", f"{label}{i:05d}", "접수", f"010-{5000 + (label == 'B'):04d}-{i:04d}", f"안내 {label}{i}")
        for i in range(count)
    ]
    prepared = prepare(outs, channel="upload")
    print("ready", flush=True)
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.001)
    report = send(ctx, prepared, channel="upload")
    print(json.dumps({"files": [str(f) for f in report.files], "statuses": [o.status for o in report.outcomes]}), flush=True)


if __name__ == "__main__":
    main()
