"""Benchmark: 10,000 messages to a loopback Solapi stub that adds 50 ms per request.

Ours: the notifier with its batch endpoint (1,000 messages per request). Baseline: the very same
code path — ledger written before, marked after — with one request per message, which is what a
loop over a single-send API does. Both in the same run, against the same stub; every message is
checked to have arrived exactly once. The baseline is timed on a slice (default 500 messages) and
extrapolated linearly, because the full 10,000 take over eight minutes; pass --full-baseline to time
all of them. Requests per second are not limited here (the default limit of 5/s would slow the
baseline far more than ours).

    python benchmarks/notify.py [--messages 10000] [--latency 0.05] [--baseline-messages 500 | --full-baseline]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def outgoing(n: int, task: str) -> list:
    from core.notify.message import Outgoing

    return [
        Outgoing(
            task,
            f"B{i:06d}",
            "접수",
            f"010-{2000 + i // 10000:04d}-{i % 10000:04d}",
            f"[광주시] {i}번 신청이 접수되었습니다. 결정기한 4월 1일(D-12) 문의 복지정책과 031-760-2451",
        )
        for i in range(n)
    ]


def timed_send(home: Path, stub, n: int, batch: int, task: str) -> tuple[float, int, Counter]:
    from core.context import RunContext
    from core.credentials import MemoryStore
    from core.notify.message import prepare
    from core.notify.service import send
    from core.settings import Settings
    from core.store import Store

    home.mkdir(parents=True, exist_ok=True)
    settings = Settings(home / "settings.toml")
    for key, value in {
        "notify.solapi_base_url": stub.url,
        "notify.sender_number": "031-760-1234",
        "notify.batch_size": batch,
        "notify.requests_per_second": 100000,
        "network.proxy_mode": "none",
        "network.timeout_seconds": 60,
    }.items():
        settings.set(key, value)
    ctx = RunContext(
        store=Store(home / "haengbot.sqlite3"),
        settings=settings,
        run_id=task,
        credentials=MemoryStore({"solapi-api-key": stub.api_key, "solapi-api-secret": stub.api_secret}),
    )
    prepared = prepare(outgoing(n, task))
    before = stub.requests
    start = time.perf_counter()
    report = send(ctx, prepared, channel="solapi")
    elapsed = time.perf_counter() - start
    return elapsed, stub.requests - before, Counter(o.status for o in report.outcomes)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=10_000)
    ap.add_argument("--latency", type=float, default=0.05)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--baseline-messages", type=int, default=500)
    ap.add_argument("--full-baseline", action="store_true")
    args = ap.parse_args()
    from tests.support.notify_stubs import GatewayStub

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HAENGBOT_HOME"] = tmp
        with GatewayStub(latency=args.latency) as stub:
            ours, ours_requests, ours_status = timed_send(Path(tmp) / "ours", stub, args.messages, args.batch, "bench-ours")
            got = Counter(r["to"] for r in stub.received)
            assert len(got) == args.messages and set(got.values()) == {1}, "not every message arrived exactly once"
            assert ours_status == Counter({"접수": args.messages}), ours_status
            n_base = args.messages if args.full_baseline else min(args.baseline_messages, args.messages)
            base, base_requests, base_status = timed_send(Path(tmp) / "base", stub, n_base, 1, "bench-base")
            assert base_status == Counter({"접수": n_base}), base_status
    base_full = base * args.messages / n_base
    how = "measured" if n_base == args.messages else f"measured on {n_base:,}, scaled x{args.messages / n_base:g}"
    print(f"notify benchmark: {args.messages:,} messages, loopback Solapi stub, {args.latency * 1000:.0f} ms per request")
    print(
        f"  ours (batch {args.batch:,}):        {ours:8.2f} s  {ours_requests:>6,} requests  {args.messages / ours:9,.0f} msg/s"
    )
    print(
        f"  one request per message:  {base_full:8.2f} s  {args.messages:>6,} requests  "
        f"{args.messages / base_full:9,.0f} msg/s  ({how}: {base:.2f} s, {base_requests:,} requests)"
    )
    print(f"  speed-up: {base_full / ours:,.0f}x  (target >= 20x)")
    return 0 if base_full / ours >= 20 else 1


if __name__ == "__main__":
    raise SystemExit(main())
