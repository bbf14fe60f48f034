"""Benchmark: start-up of the frozen 행봇 to its first painted window, beside a bare PySide6 window frozen the
same way (benchmarks/bare_window.spec shares installer/freeze_options.py with installer/haengbot.spec).

    make bench-startup                       # builds what is missing, then measures
    python benchmarks/startup.py [--runs 9] [--platform xcb|offscreen]

Each launch gets ``HAENGBOT_FIRST_PAINT_FILE``; gui/first_paint.py writes the wall-clock time once the window
each program hands to ``gui.first_paint.watch`` has painted, then quits (a filter on that window only: one on
the whole application made Python see every Qt object and cost 행봇 more than the bare window, see there). The figure is that time minus the launch time. The two programs
alternate (A with an empty data folder, B, A with the folder made, B …) after one discarded warm-up each, so
disk cache and machine load hit them alike. Target (issues 7 and 19): 행봇's first start with an empty home
(the database and settings are created) under 1.5× the bare window, median of 9; the start with the home
already made is printed beside it. Needs PyInstaller (the build venv) to build the baseline.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dist" / "HaengBot" / ("HaengBot.exe" if sys.platform == "win32" else "HaengBot")
BARE_DIST = ROOT / "build" / "bench" / "dist"
BARE = BARE_DIST / "BareWindow" / ("BareWindow.exe" if sys.platform == "win32" else "BareWindow")
TARGET = 1.5


def build_baseline() -> None:
    print("기준 프로그램(빈 PySide6 창)을 같은 방식으로 묶는 중…", file=sys.stderr)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(BARE_DIST),
            "--workpath",
            str(ROOT / "build" / "bench" / "work"),
            str(ROOT / "benchmarks" / "bare_window.spec"),
        ],
        check=True,
        cwd=ROOT,
    )


PHASES: dict[Path, list[list[tuple[str, float]]]] = {}  # per program, per run: (step, seconds since the launch)


def first_paint(exe: Path, env: dict[str, str], timeout: float = 120) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        stamp = Path(tmp) / "paint"
        env = {**env, "HAENGBOT_FIRST_PAINT_FILE": str(stamp)}
        started = time.time()
        proc = subprocess.run([str(exe)], env=env, capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0 or not stamp.exists():
            raise SystemExit(f"{exe.name} did not paint (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
        phases = stamp.with_name(stamp.name + ".phases")
        if phases.exists():  # gui.first_paint.mark: the steps each program reached
            steps = [line.split(" ", 1) for line in phases.read_text(encoding="utf-8").splitlines()]
            PHASES.setdefault(exe, []).append([(step, float(at) - started) for at, step in steps])
        return float(stamp.read_text()) - started


def print_phases(label: str, runs: list[list[tuple[str, float]]]) -> None:
    """Median time of each step since the one before (the first: since the launch, i.e. the frozen interpreter
    starting and importing PySide6)."""
    if not runs:
        return
    steps = [step for step, _ in runs[0]]
    parts = []
    for i, step in enumerate(steps):
        spans = [run[i][1] - (run[i - 1][1] if i else 0.0) for run in runs if len(run) == len(steps)]
        parts.append(f"{step} {1000 * statistics.median(spans):.0f}")
    print(f"  {label} steps (median ms): " + " | ".join(parts))


def size_mb(folder: Path) -> float:
    # PyInstaller links some libraries into _internal/ by symlink on Linux: count each file once, as du does.
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--platform", default="xcb" if os.environ.get("DISPLAY") else "offscreen")
    parser.add_argument("--rebuild-baseline", action="store_true")
    args = parser.parse_args()
    if not APP.exists():
        raise SystemExit(f"{APP} 없음: 먼저 `make bundle`로 묶으십시오.")
    if args.rebuild_baseline or not BARE.exists():
        build_baseline()

    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": args.platform, "HAENGBOT_HOME": home}
        first_paint(APP, env)  # warm-up: the warm home's database and settings are created
        first_paint(BARE, env)  # warm-up of the baseline
        app_times, empty_times, bare_times = [], [], []
        for _ in range(args.runs):  # empty home, bare, home made, …: load hits all three alike
            with tempfile.TemporaryDirectory() as fresh:
                empty_times.append(first_paint(APP, {**env, "HAENGBOT_HOME": fresh}))
            bare_times.append(first_paint(BARE, env))
            app_times.append(first_paint(APP, env))

    bare_med = statistics.median(bare_times)
    print(f"start-up to first painted window, platform {args.platform}, {args.runs} alternating runs each (median, min–max):")
    print(
        f"  bare PySide6 window (frozen)  : {bare_med:6.3f} s  ({min(bare_times):.3f}–{max(bare_times):.3f})  "
        f"bundle {size_mb(BARE.parent):.0f} MB"
    )
    for label, times in (("행봇, empty home (first start)", empty_times), ("행봇, home already made     ", app_times)):
        med = statistics.median(times)
        ratio = med / bare_med
        print(
            f"  {label}: {med:6.3f} s  ({min(times):.3f}–{max(times):.3f})  {ratio:5.2f}× bare "
            f"(target < {TARGET}×: {'met' if ratio < TARGET else 'NOT met'})"
        )
    print(f"  행봇 bundle {size_mb(APP.parent):.0f} MB")
    print_phases("bare", PHASES.get(BARE, [])[1:])  # without the warm-up
    print_phases("행봇", PHASES.get(APP, [])[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
