"""Benchmark: the window's longest event-loop stall, and its speed against the command line, on a big job.

A 10 ms QTimer on the GUI thread records the gap between its ticks; a watchdog thread takes the GUI
thread's Python stack whenever a gap passes 50 ms, so each stall says where it was (``--trace``).
Figures of one run, same files:

- the window: the real wizard driven programmatically (files chosen → 확인 → 실행 → 결과 shown), N times
  (``--runs``, default 10), each run's longest stall and p99 gap, and the wall time of check + run;
- the command line: ``main.py run`` of the same job as a child process, alternating with the window runs
  (``--cli``), so the window's check + run time is compared with the CLI's in the same load;
- the naive baseline: the same ``core.runner.execute`` called on the GUI thread, once (``--baseline``).

Targets (issue 19): longest stall < 100 ms in every run; window check + run ≤ 1.2× the CLI.

    python benchmarks/gui_stall.py [--task overtime-pay|local-income-tax] [--rows N] [--runs 10] [--cli] [--trace]

With ``--trace`` each Qt event delivered in over 30 ms is listed too (``GUI_STALL_SLOW_EVENT_MS`` sets the
threshold, ``GUI_STALL_NESTED=1`` lists the events inside them).

Offscreen by default; the generated inputs live in a temporary folder (``--data DIR``, alias ``--keep``, makes them
there once and reuses them after).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TICK_MS = 10
TARGET_MS = 100
TRACE_MS = 50
SLOW_EVENT_MS = float(os.environ.get("GUI_STALL_SLOW_EVENT_MS", "30"))
NESTED = bool(os.environ.get("GUI_STALL_NESTED"))  # list slow events inside slow events too
CLI_TARGET = 1.2
CLICK_S = 0.25  # a quick clerk's pause between two clicks
SETTLE_S = 1.5  # the window's start-up work is done by then (a timer of 30 ms, the history read)
ORG = ("경기도", "광주시")  # benchmarks/local_income_tax.py runs with city=경기도 광주시
DEFAULT_ROWS = {"overtime-pay": 100_000, "local-income-tax": 1_000_000}


class StallMeter:
    """Gaps between ticks of a 10 ms timer on the GUI thread; with *trace*, where each gap > 50 ms was."""

    def __init__(self, trace: bool = False) -> None:
        from PySide6.QtCore import QTimer

        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.trace = trace
        self.stacks: list[tuple[float, str]] = []  # (seconds since start, the GUI thread's stack)
        self._gui_ident = threading.get_ident()
        self._stop = threading.Event()
        self._watch: threading.Thread | None = None
        self.events: Any = None  # a SlowEvents application, when tracing

    def tick(self) -> None:
        self.ticks.append(time.perf_counter())

    def start(self) -> None:
        self.ticks = [time.perf_counter()]
        self.stacks = []
        self.timer.start()
        if self.trace:
            self._stop.clear()
            self._watch = threading.Thread(target=self._watchdog, daemon=True)
            self._watch.start()

    def _watchdog(self) -> None:
        """Sample the GUI thread every 5 ms while a gap passes TRACE_MS, so a long gap shows everywhere it went, not only
        where it was at 50 ms (needs the GIL: a stall in Qt's C++ that keeps it shows up as the Python line that called
        into Qt; ``SlowEvents`` then names the Qt event being delivered)."""
        current = 0.0
        samples: dict[str, int] = {}
        while not self._stop.wait(0.005):
            last = self.ticks[-1]
            if last != current:
                self._flush(current, samples)
                current, samples = last, {}
            if time.perf_counter() - last > TRACE_MS / 1000:
                frame = sys._current_frames().get(self._gui_ident)
                if frame is not None:
                    where = "".join(traceback.format_stack(frame)[-5:])
                    if self.events is not None and self.events.delivering:
                        where += "       [Qt event] " + " > ".join(self.events.delivering[-3:]) + "\n"
                    samples[where] = samples.get(where, 0) + 1
        self._flush(current, samples)

    def _flush(self, at: float, samples: dict[str, int]) -> None:
        if samples:
            total = sum(samples.values())
            text = "".join(
                f"     {n}/{total} samples:\n{stack}" for stack, n in sorted(samples.items(), key=lambda kv: -kv[1])[:4]
            )
            self.stacks.append((at - self.ticks[0], text))

    def stop(self) -> dict[str, Any]:
        self.timer.stop()
        self._stop.set()
        if self._watch is not None:
            self._watch.join()
        self.ticks.append(time.perf_counter())
        pairs = list(zip(self.ticks, self.ticks[1:], strict=False))
        gaps = sorted((b - a) * 1000 for a, b in pairs)
        big = [((a - self.ticks[0]), (b - a) * 1000) for a, b in pairs if (b - a) * 1000 > TRACE_MS]
        return {
            "max": gaps[-1],
            "p99": gaps[int(len(gaps) * 0.99) - 1] if len(gaps) > 1 else gaps[-1],
            "median": statistics.median(gaps),
            "wall": self.ticks[-1] - self.ticks[0],
            "big": big,
            "stacks": list(self.stacks),
            "slow_events": self.events.take() if self.events is not None else [],
        }


def tracing_app() -> Any:
    """A QApplication that times every event it delivers (``--trace``): the watchdog names the event a stall is in,
    and each delivery over SLOW_EVENT_MS is listed with its receiver (paint, layout request, polish …)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class SlowEvents(QApplication):
        def __init__(self, argv: list[str]) -> None:
            super().__init__(argv)
            self.delivering: list[str] = []
            self.slow: list[tuple[float, float, str]] = []  # (at, ms, what)

        def notify(self, receiver: QObject, event: QEvent) -> bool:
            name = f"{event.type().name}→{type(receiver).__name__}"
            if receiver.objectName():
                name += f"#{receiver.objectName()}"
            self.delivering.append(name)
            started = time.perf_counter()
            try:
                return super().notify(receiver, event)
            finally:
                took = (time.perf_counter() - started) * 1000
                self.delivering.pop()
                if took > SLOW_EVENT_MS and (NESTED or not self.delivering):  # outermost only: nested ones are inside it
                    self.slow.append((started, took, "  " * len(self.delivering) + name))

        def take(self) -> list[tuple[float, float, str]]:
            out, self.slow = self.slow, []
            return out

    return SlowEvents([sys.argv[0]])


def click_pause(app) -> None:  # type: ignore[no-untyped-def]
    """The time between two clicks of the clerk: the window's turns run as they would, not two pages in one turn."""
    until = time.monotonic() + CLICK_S
    while time.monotonic() < until:
        app.processEvents()
        time.sleep(0.005)


def wait(app, predicate: Callable[[], bool], timeout_s: float = 1800) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark step did not finish")
        app.processEvents()
        time.sleep(0.002)


def run_window(app, task_id: str, files: dict[str, Path], trace: bool = False) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """One full wizard run in a fresh window; the stall figures cover it all, ``job`` is check + run."""
    from gui.app import settle_memory
    from gui.main_window import MainWindow
    from tasks import registry

    window = MainWindow(registry())
    window.show()
    settle_memory()  # as run_app does once the window is up
    # The window's start (first paint, the launcher's history list) is benchmarks/startup.py's: it is over before
    # the clerk clicks a task.
    settle = time.monotonic() + SETTLE_S
    while time.monotonic() < settle:
        app.processEvents()
        time.sleep(0.01)
    # Opening the task (building the wizard and its first paint) is timed on its own, outside the stall figures:
    # the target is the wizard's run, from the first page on.
    opened = time.perf_counter()
    wizard = window.open_task(task_id)
    app.processEvents()
    open_s = time.perf_counter() - opened
    settle = time.monotonic() + 0.3
    while time.monotonic() < settle:
        app.processEvents()
        time.sleep(0.01)
    meter = StallMeter(trace)
    meter.events = app if trace else None
    meter.start()
    wizard.go_next()  # 입력 파일
    for name, path in files.items():
        wizard.inputs.panels[name].set_path(path)
    wait(app, wizard.inputs.ready)
    click_pause(app)
    wizard.go_next()  # 설정
    click_pause(app)
    started = time.perf_counter()
    wizard.go_next()  # 확인: reads and checks every row
    wait(app, wizard.check.ready)
    checked = time.perf_counter()
    wizard.go_next()  # 실행 (the clerk reads the check first: ``job`` is the window's time, no pause counted)
    wait(app, lambda: wizard.page is wizard.result or wizard.run.status in ("failed", "cancelled"))
    wait(app, wizard.result.loaded)
    job = time.perf_counter() - started
    for _ in range(30):  # let the result page paint, and the clerk scroll the big table to its end
        app.processEvents()
        time.sleep(0.01)
    if len(wizard.result.views) > 1:
        view = wizard.result.views[1].view
        view.scrollToBottom()
        for _ in range(10):
            app.processEvents()
            time.sleep(0.01)
    figures = meter.stop()
    figures["started_at"] = meter.ticks[0]
    figures["open"] = open_s
    assert wizard.state.reply is not None and wizard.state.reply.status == "done", wizard.run.message.text()
    figures["job"] = job
    figures["check"] = checked - started
    figures["rows"] = wizard.result.views[1].model.rowCount() if len(wizard.result.views) > 1 else 0
    window.close()
    window.deleteLater()
    app.processEvents()
    return figures


def run_cli(task_id: str, files: dict[str, Path], out: Path, home: Path) -> float:
    """The same job on the command line, as a clerk's script would start it: a fresh process."""
    argv = [sys.executable, str(ROOT / "main.py"), "run", task_id, "--output", str(out)]
    for name, path in files.items():
        argv += ["--input", f"{name}={path}"]
    env = {**os.environ, "HAENGBOT_HOME": str(home)}
    env["HAENGBOT_SETTING_ORG_SIDO"], env["HAENGBOT_SETTING_ORG_SIGUNGU"] = ORG  # the window's 기관, by environment
    started = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    took = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"CLI failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return took


def run_on_gui_thread(app, task_id: str, files: dict[str, Path], out: Path) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    from core.context import RunContext
    from core.runner import execute
    from tasks import registry

    task = registry().get(task_id)
    done: list[str] = []

    def job() -> None:
        outcome = execute(task, dict(files), {}, out, RunContext())
        done.append(outcome.status)

    meter = StallMeter()
    meter.start()
    QTimer.singleShot(50, job)
    wait(app, lambda: bool(done))
    figures = meter.stop()
    assert done == ["done"], done
    return figures


def make_files(task_id: str, folder: Path, rows: int) -> dict[str, Path]:
    """The inputs, made in *folder*; files already there from an earlier run (``--data``) are used as they are."""
    if task_id == "overtime-pay":
        from benchmarks.overtime_pay import make_inputs

        records, payments = folder / f"records_{rows}.xlsx", folder / f"payments_{rows}.csv"
        if not (records.exists() and payments.exists()):
            records, payments = make_inputs(folder, rows)
        return {"records": records, "payments": payments}
    from benchmarks.local_income_tax import prepare

    made = prepare(folder, rows)
    return {"nts": made["nts"], "local": made["local"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows_pos", nargs="?", type=int, help=argparse.SUPPRESS)  # the old `gui_stall.py 100000`
    parser.add_argument("--task", choices=sorted(DEFAULT_ROWS), default="overtime-pay")
    parser.add_argument("--rows", type=int, help="rows (overtime-pay: daily rows; local-income-tax: rows a side)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--cli", action="store_true", help="also time the CLI, alternating with the window runs")
    parser.add_argument("--baseline", action="store_true", help="also run the job once on the GUI thread")
    parser.add_argument("--trace", action="store_true", help="print the GUI thread's stack at every gap > 50 ms")
    parser.add_argument(
        "--keep",
        "--data",
        type=Path,
        dest="keep",
        help="make the inputs in this folder, or reuse those an earlier run made there",
    )
    args = parser.parse_args()
    rows = args.rows or args.rows_pos or DEFAULT_ROWS[args.task]

    from core.settings import Settings
    from gui.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HAENGBOT_HOME"] = str(Path(tmp) / "home")
        settings = Settings()
        settings.set("general.output_dir", str(Path(tmp) / "out"))
        settings.set("org.sido", ORG[0])  # local-income-tax checks 납세지 against the 기관 (the generated addresses' city)
        settings.set("org.sigungu", ORG[1])
        settings.save()
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"입력 만드는 중: {args.task}, {rows:,}행 …", flush=True)
        files = make_files(args.task, folder, rows)
        if args.trace:
            tracing_app()  # create_app takes the instance that is there
        app = create_app([])
        windows: list[dict[str, Any]] = []
        clis: list[float] = []
        print(
            f"{'run':>4}{'longest stall':>15}{'p99 gap':>10}{'check+run':>11}{'CLI':>8}{'open':>9}  gaps > {TRACE_MS} ms",
            flush=True,
        )
        for i in range(args.runs):
            w = run_window(app, args.task, files, args.trace)
            windows.append(w)
            cli = run_cli(args.task, files, Path(tmp) / f"cli_{i}.xlsx", Path(tmp) / "cli-home") if args.cli else None
            if cli is not None:
                clis.append(cli)
            gaps = ", ".join(f"{ms:.0f} ms @{at:.1f}s" for at, ms in w["big"])
            cli_text = f"{cli:>6.1f} s" if cli is not None else f"{'':>8}"
            print(
                f"{i + 1:>4}{w['max']:>12.0f} ms{w['p99']:>7.0f} ms{w['job']:>9.1f} s{cli_text}{w['open'] * 1000:>6.0f} ms  {gaps}",
                flush=True,
            )
            for at, stack in w["stacks"]:
                print(f"   stall at {at:.2f}s, GUI thread in:\n{stack}", end="")
            t0 = w["started_at"]
            for at, ms, what in w["slow_events"]:
                print(f"   slow event @{at - t0:.2f}s: {ms:.0f} ms {what}")
        baseline = run_on_gui_thread(app, args.task, files, Path(tmp) / "baseline.xlsx") if args.baseline else None

    stalls = [w["max"] for w in windows]
    under = sum(s < TARGET_MS for s in stalls)
    print(f"\n{args.task}, {rows:,} rows ({sys.platform}, {os.cpu_count()} cores, Python {sys.version.split()[0]})")
    print(
        f"window, {len(windows)} runs: longest stall {min(stalls):.0f}–{max(stalls):.0f} ms (median {statistics.median(stalls):.0f}), "
        f"p99 gap {min(w['p99'] for w in windows):.0f}–{max(w['p99'] for w in windows):.0f} ms, "
        f"result rows {windows[-1]['rows']:,}; opening the task (outside the stall figures) "
        f"{min(w['open'] for w in windows) * 1000:.0f}–{max(w['open'] for w in windows) * 1000:.0f} ms"
    )
    print(
        f"target: longest stall < {TARGET_MS} ms in every run -> {under} of {len(windows)}",
        "OK" if under == len(windows) else "MISSED",
    )
    ok = under == len(windows)
    if baseline is not None:
        print(f"baseline, same job on the GUI thread: longest stall {baseline['max']:.0f} ms, wall {baseline['wall']:.1f} s")
    if clis:
        job, cli = statistics.median(w["job"] for w in windows), statistics.median(clis)
        ratio = job / cli
        print(
            f"window check+run {job:.1f} s (median; check {statistics.median(w['check'] for w in windows):.1f} s) "
            f"vs CLI {cli:.1f} s (median, fresh process): {ratio:.2f}× (target ≤ {CLI_TARGET}×)",
            "OK" if ratio <= CLI_TARGET else "MISSED",
        )
        ok = ok and ratio <= CLI_TARGET
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
