"""Benchmark: the longest event-loop stall while the window runs overtime-pay on 100,000 daily rows.

A 10 ms QTimer on the GUI thread records the gap between its ticks. Two figures, same run, same files:

- the window: the real wizard (files chosen → 확인 → 실행 → 결과 shown), work in our background runner;
- the baseline: the same ``core.runner.execute`` called on the GUI thread (what a naive app does).

Target: the window's longest stall under 100 ms. Run: ``python benchmarks/gui_stall.py [rows]``
(offscreen by default; the generated inputs live in a temporary folder).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TICK_MS = 10
TARGET_MS = 100


class StallMeter:
    """Gaps between ticks of a 10 ms timer on the GUI thread."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    def tick(self) -> None:
        self.ticks.append(time.perf_counter())

    def start(self) -> None:
        self.ticks = [time.perf_counter()]
        self.timer.start()

    def stop(self) -> dict[str, float]:
        self.timer.stop()
        self.ticks.append(time.perf_counter())
        gaps = sorted((b - a) * 1000 for a, b in zip(self.ticks, self.ticks[1:], strict=False))
        return {
            "max": gaps[-1],
            "p99": gaps[int(len(gaps) * 0.99) - 1] if len(gaps) > 1 else gaps[-1],
            "median": statistics.median(gaps),
            "wall": self.ticks[-1] - self.ticks[0],
        }


def wait(app, predicate, timeout_s: float = 600) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark step did not finish")
        app.processEvents()
        time.sleep(0.002)


def run_window(app, records: Path, payments: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from gui.app import settle_memory
    from gui.main_window import MainWindow
    from tasks import registry

    window = MainWindow(registry())
    window.show()
    settle_memory()  # as run_app does once the window is up
    wizard = window.open_task("overtime-pay")
    meter = StallMeter()
    meter.start()
    wizard.go_next()  # 입력 파일
    wizard.inputs.panels["records"].set_path(records)
    wizard.inputs.panels["payments"].set_path(payments)
    wait(app, wizard.inputs.ready)
    wizard.go_next()  # 설정
    wizard.go_next()  # 확인: reads and checks every row
    wait(app, wizard.check.ready)
    wizard.go_next()  # 실행
    wait(app, lambda: wizard.page is wizard.result or wizard.run.status in ("failed", "cancelled"))
    wait(app, wizard.result.loaded)
    for _ in range(20):  # let the result page paint
        app.processEvents()
        time.sleep(0.01)
    figures = meter.stop()
    assert wizard.state.reply is not None and wizard.state.reply.status == "done", wizard.run.message.text()
    figures["rows"] = len(wizard.result.views[1].model.df) if len(wizard.result.views) > 1 else 0
    window.close()
    return figures


def run_on_gui_thread(app, records: Path, payments: Path, out: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    from core.context import RunContext
    from core.runner import execute
    from tasks import registry

    task = registry().get("overtime-pay")
    done: list[str] = []

    def job() -> None:
        outcome = execute(task, {"records": records, "payments": payments}, {}, out, RunContext())
        done.append(outcome.status)

    meter = StallMeter()
    meter.start()
    QTimer.singleShot(50, job)
    wait(app, lambda: bool(done))
    figures = meter.stop()
    assert done == ["done"], done
    return figures


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    from benchmarks.overtime_pay import make_inputs
    from core.settings import Settings
    from gui.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HAENGBOT_HOME"] = str(Path(tmp) / "home")
        settings = Settings()
        settings.set("general.output_dir", str(Path(tmp) / "out"))
        settings.save()
        print(f"입력 만드는 중: {rows:,}행 …", flush=True)
        records, payments = make_inputs(Path(tmp), rows)
        app = create_app([])
        window = run_window(app, records, payments)
        baseline = run_on_gui_thread(app, records, payments, Path(tmp) / "baseline.xlsx")
    print(f"overtime-pay, {rows:,} daily rows ({sys.platform}, Python {sys.version.split()[0]})")
    print(f"{'':28}{'longest stall':>15}{'p99 gap':>10}{'median':>9}{'wall':>9}")
    for name, f in (("window (background runner)", window), ("same job on the GUI thread", baseline)):
        print(f"{name:28}{f['max']:>12.0f} ms{f['p99']:>7.0f} ms{f['median']:>6.0f} ms{f['wall']:>7.1f} s")
    verdict = "OK" if window["max"] < TARGET_MS else "OVER TARGET"
    print(f"target: longest stall < {TARGET_MS} ms in the window -> {verdict}")
    return 0 if window["max"] < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
