"""Benchmark: what the effects ledger costs per message, on SQLite and on a department's PostgreSQL (issue 18).

10,000 messages go through the real notify path (core.notify.service.send, as welfare-sms sends) to a loopback
Solapi-format gateway (tests/support/notify_stubs.GatewayStub, a ThreadingHTTPServer) that answers each
request after 50 ms:

- floor: the same batches handed straight to the Solapi channel, no ledger at all (one sender, then 4 threads
  each sending a quarter: the floor of the 4-sender case);
- (a) SQLite: the home's embedded store;
- (b) PostgreSQL: a throwaway server started here (tests/support/pg_server.py), one sender;
- (c) 4 sender processes on PostgreSQL sharing the 10,000: each is given the whole list, rotated by a quarter
  (sender k starts at k/4), so they meet on each other's rows and the shared ledger decides who sends what
  (several clerks running the same case list);
- (c') the same 4 processes, each given its own quarter: the cost of concurrency without overlap.

Each case gets a fresh gateway and a fresh store, and every message is checked to have arrived exactly once.
Requests per second are not limited here (the product's default limit would dominate every figure); the
batch size is the product's default (notify.batch_size). Overhead per message = (time - floor) / messages.

    python benchmarks/ledger.py [--messages 10000] [--latency 0.05] [--batch 1000] [--senders 4]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TASK = "welfare-sms"
HMAC_KEY_FOR_BENCH = "ledger-benchmark-department-key"


def number(i: int) -> str:
    return f"010-6{i // 10000:03d}-{i % 10000:04d}"


def outgoing(n: int, offset: int = 0, count: int | None = None) -> list[Any]:
    """*count* (default all n) of the n messages, starting at *offset* and wrapping around (a sender's own list)."""
    from core.notify.message import Outgoing

    order = [(offset + k) % n for k in range(n if count is None else count)]
    return [
        Outgoing(TASK, f"B{i:06d}", "접수", number(i), f"[광주시] {i}번 신청이 접수되었습니다. 문의 031-760-2451") for i in order
    ]


def context(home: Path, store: Any, stub_url: str, batch: int, run_id: str) -> Any:
    from core.context import RunContext
    from core.credentials import MemoryStore
    from core.settings import Settings

    home.mkdir(parents=True, exist_ok=True)
    settings = Settings(home / "settings.toml")
    for key, value in {
        "notify.solapi_base_url": stub_url,
        "notify.sender_number": "031-760-1234",
        "notify.batch_size": batch,
        "notify.requests_per_second": 100000,
        "network.proxy_mode": "none",
        "network.timeout_seconds": 120,
    }.items():
        settings.set(key, value)
    return RunContext(
        store=store,
        settings=settings,
        run_id=run_id,
        credentials=MemoryStore({"solapi-api-key": "NCSTESTKEY0001", "solapi-api-secret": "SECRETSECRETSECRET0001"}),
    )


def timed_send(ctx: Any, n: int, offset: int = 0, count: int | None = None, *, ready: Any = None) -> tuple[float, Counter[str]]:
    """The real path: plan against the ledger, claim, send, mark. Messages are prepared (checked) before the
    clock starts, and before *ready* is called (a sender process then waits for the others)."""
    from core.notify.message import prepare
    from core.notify.service import send

    prepared = prepare(outgoing(n, offset, count))
    if ready is not None:
        ready()
    start = time.perf_counter()
    report = send(ctx, prepared, channel="solapi")
    return time.perf_counter() - start, Counter(o.status for o in report.outcomes)


def floor_send(ctx: Any, n: int, senders: int) -> float:
    """No ledger: the same batches to the same channel (each of *senders* threads sends its share)."""
    from core.notify import config
    from core.notify.channels.base import Envelope
    from core.notify.message import prepare

    prepared = prepare(outgoing(n))
    batch = int(ctx.settings.get("notify.batch_size"))
    share = -(-n // senders)

    def one(part: list[Any], base: int) -> None:
        chan = config.build_channel("solapi", ctx.settings, ctx.secret)
        try:
            for at in range(0, len(part), batch):
                chunk = part[at : at + batch]
                envelopes = [Envelope(base + at + k, p.recipient, "0317601234", p.kind, p.text) for k, p in enumerate(chunk)]
                chan.send_batch(envelopes)
        finally:
            chan.close()

    threads = [threading.Thread(target=one, args=(prepared[k * share : (k + 1) * share], k * share + 1)) for k in range(senders)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start


def exactly_once(received: list[dict[str, Any]], n: int) -> int:
    """How many numbers got exactly one message; raises unless that is every one of the n and nothing else."""
    per_number = Counter(r["to"] for r in received)
    once = sum(1 for c in per_number.values() if c == 1)
    if len(received) != n or once != n:
        raise SystemExit(f"not exactly once: {len(received)} messages to {len(per_number)} numbers, {once} once")
    return once


@dataclass
class Row:
    name: str
    seconds: float
    messages: int
    received_once: int
    floor: float

    def line(self) -> str:
        overhead = (self.seconds - self.floor) / self.messages * 1000
        return (
            f"  {self.name:<38}{self.seconds:8.2f} s {self.messages / self.seconds:10,.0f} msg/s "
            f"{overhead:9.3f} ms/msg   exactly once: {self.received_once:,}/{self.messages:,}"
        )


def concurrent_pg(
    tmp: Path, stub_url: str, store_url: str, env: dict[str, str], n: int, batch: int, senders: int, *, whole: bool
) -> float:
    """*senders* processes, each its own home, started together once all have opened the store. *whole*: each is
    handed the whole list from its own starting point; else each its own quarter (no overlap)."""
    procs = []
    for k in range(senders):
        home = tmp / f"pc{k}-{'whole' if whole else 'part'}"
        first, last = k * n // senders, (k + 1) * n // senders
        count = n if whole else last - first
        args = [str(home), stub_url, store_url, f"bench-pc{k}", str(n), str(first), str(count), str(batch)]
        procs.append(
            subprocess.Popen(
                [sys.executable, __file__, "--child", *args],
                env={**env, "HAENGBOT_HOME": str(home)},
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for p in procs:
        assert p.stdout is not None
        line = p.stdout.readline()
        if line != "ready\n":
            raise SystemExit(f"sender did not start: {line} {p.stderr.read() if p.stderr else ''}")
    start = time.perf_counter()
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    totals: Counter[str] = Counter()
    for p in procs:
        out, err = p.communicate(timeout=600)
        if p.returncode != 0:
            raise SystemExit(f"sender failed: {err[-2000:]}")
        totals.update(json.loads(out.strip().splitlines()[-1]))
    elapsed = time.perf_counter() - start
    if totals.get("접수", 0) != n or set(totals) - {"접수", "이미 발송", "확인 필요"}:
        raise SystemExit(f"senders' outcomes do not add up: {dict(totals)}")
    return elapsed


def child(argv: list[str]) -> None:
    """One sender process of case (c)."""
    from core.store_config import parse_store_url
    from core.store_pg import PgStore

    home, stub_url, store_url, run_id, n, offset, count, batch = argv
    target = parse_store_url(store_url)
    assert target is not None
    ctx = context(Path(home), PgStore(target), stub_url, int(batch), run_id)

    def ready() -> None:
        print("ready", flush=True)
        sys.stdin.readline()

    _, counts = timed_send(ctx, int(n), int(offset), int(count), ready=ready)
    print(json.dumps(dict(counts), ensure_ascii=False), flush=True)


def run(n: int, latency: float, batch: int, senders: int, server: Any = None) -> list[Row]:
    """Every case; PostgreSQL is started here and stopped after, unless a running *server* is handed in
    (tests/support/pg_server.PgServer: the test session's)."""
    from core.store import Store
    from core.store_config import HMAC_KEY, PASSWORD, parse_store_url
    from core.store_pg import PgStore
    from tests.support import pg_server as pg
    from tests.support.notify_stubs import GatewayStub

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="haengbot-bench-ledger-") as name:
        tmp = Path(name)
        os.environ["HAENGBOT_HOME"] = str(tmp / "home")
        os.environ[HMAC_KEY.env_var] = HMAC_KEY_FOR_BENCH  # the department's phone-number key (helper "core")
        with GatewayStub(latency=latency) as stub:
            floor = floor_send(context(tmp / "floor", None, stub.url, batch, "floor"), n, 1)
            rows.append(Row("floor: no ledger", floor, n, exactly_once(stub.received, n), floor))
        with GatewayStub(latency=latency) as stub:
            floor4 = floor_send(context(tmp / "floor4", None, stub.url, batch, "floor4"), n, senders)
            rows.append(Row(f"floor: no ledger, {senders} senders", floor4, n, exactly_once(stub.received, n), floor4))
        with GatewayStub(latency=latency) as stub:
            ctx = context(tmp / "sqlite", Store(tmp / "sqlite" / "haengbot.sqlite3"), stub.url, batch, "bench-sqlite")
            seconds, counts = timed_send(ctx, n)
            assert counts == Counter({"접수": n}), counts
            rows.append(Row("(a) SQLite", seconds, n, exactly_once(stub.received, n), floor))
        own = server is None
        server = pg.start() if own else server
        try:
            os.environ[PASSWORD.env_var] = server.password
            database = pg.create_database(server)
            target = parse_store_url(server.url(database))
            assert target is not None
            with GatewayStub(latency=latency) as stub:
                ctx = context(tmp / "pg", PgStore(target), stub.url, batch, "bench-pg")
                seconds, counts = timed_send(ctx, n)
                assert counts == Counter({"접수": n}), counts
                rows.append(Row("(b) PostgreSQL", seconds, n, exactly_once(stub.received, n), floor))
                ctx.store.close()
            database = pg.create_database(server)
            with GatewayStub(latency=latency) as stub:
                seconds = concurrent_pg(tmp, stub.url, server.url(database), dict(os.environ), n, batch, senders, whole=True)
                rows.append(Row(f"(c) PostgreSQL, {senders} PCs, whole list", seconds, n, exactly_once(stub.received, n), floor4))
            database = pg.create_database(server)
            with GatewayStub(latency=latency) as stub:
                seconds = concurrent_pg(tmp, stub.url, server.url(database), dict(os.environ), n, batch, senders, whole=False)
                rows.append(
                    Row(f"(c') PostgreSQL, {senders} PCs, a part each", seconds, n, exactly_once(stub.received, n), floor4)
                )
        finally:
            if own:
                pg.stop(server)
    return rows


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
        return 0
    from core.notify.config import NOTIFY_SETTINGS

    default_batch = int(next(o.default for o in NOTIFY_SETTINGS if o.key == "notify.batch_size"))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--messages", type=int, default=10_000)
    ap.add_argument("--latency", type=float, default=0.05, help="seconds the gateway waits before each answer")
    ap.add_argument("--batch", type=int, default=default_batch, help="messages per request (notify.batch_size)")
    ap.add_argument("--senders", type=int, default=4)
    args = ap.parse_args()
    started = time.perf_counter()
    rows = run(args.messages, args.latency, args.batch, args.senders)
    print(
        f"ledger benchmark: {args.messages:,} messages, batches of {args.batch:,}, loopback Solapi gateway answering "
        f"after {args.latency * 1000:.0f} ms, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    )
    print(f"  {'case':<38}{'time':>10} {'throughput':>16} {'overhead':>15}")
    for row in rows:
        print(row.line())
    print(
        f"  (overhead against the floor with the same number of senders; whole benchmark {time.perf_counter() - started:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
