"""Benchmark: read and reconcile 100,000 daily overtime rows, ours beside a naive pandas + openpyxl script.

Both run as child processes on the same generated files, in the same run; each figure is wall time
and peak RSS of that child (os.wait4). Run: `make bench` or `python benchmarks/overtime_pay.py [rows] [--profile]`
(--profile: ours under cProfile, its figures then include the profiler's overhead).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
GRADES = ["지방행정사무관", "행정6급", "지방행정주사보", "주무관(7급)", "행정8급", "지방세무서기보"]
PRICE = {
    "지방행정사무관": 16053,
    "행정6급": 13692,
    "지방행정주사보": 12368,
    "주무관(7급)": 12368,
    "행정8급": 12113,
    "지방세무서기보": 10949,
}


def make_inputs(directory: Path, rows: int, seed: int = 7) -> tuple[Path, Path]:
    """An 인사랑-style records workbook (title row, header on row 3) and a CP949 payments CSV."""
    rng = random.Random(seed)
    people = max(1, rows // 20)
    records = directory / f"records_{rows}.xlsx"
    payments = directory / f"payments_{rows}.csv"
    wb = xlsxwriter.Workbook(str(records), {"constant_memory": True})
    ws = wb.add_worksheet("초과근무현황")
    ws.write_row(0, 0, ["2026년 초과근무 실적 현황"])
    header = ["연번", "소속", "직급", "성명", "공무원번호", "근무일자", "시작시각", "종료시각"]
    ws.write_row(2, 0, header)
    start_day = dt.date(2026, 1, 1)
    r = 3
    for i in range(rows):
        person = i % people
        day = start_day + dt.timedelta(days=(i // people) % 180)
        start = 18 * 60 + rng.choice((0, 0, 10, 30))
        end = start + rng.choice((40, 90, 120, 150, 180, 240, 320))
        ws.write_row(
            r,
            0,
            [
                i + 1,
                f"부서{person % 40:02d}",
                GRADES[person % len(GRADES)],
                f"직원{person:05d}",
                f"{person:08d}",
                day.isoformat(),
                f"{start // 60:02d}:{start % 60:02d}",
                f"{(end // 60) % 24:02d}:{end % 60:02d}",
            ],
        )
        r += 1
    wb.close()
    lines = ["공무원번호,성명,지급월,실적시간,지급액"]
    for person in range(people):
        for month in range(1, 7):
            hours = rng.randint(0, 40)
            price = PRICE[GRADES[person % len(GRADES)]]
            lines.append(f"{person:08d},직원{person:05d},2026-{month:02d},{hours},{((hours + 10) * price) // 10 * 10}")
    payments.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp949"))
    return records, payments


NAIVE = textwrap.dedent("""
    import sys
    import pandas as pd
    records, payments, out = sys.argv[1:4]
    rec = pd.read_excel(records, engine="openpyxl", header=2, dtype={"공무원번호": str})
    start = pd.to_datetime(rec["시작시각"], format="%H:%M")
    end = pd.to_datetime(rec["종료시각"], format="%H:%M")
    minutes = (end - start).dt.total_seconds() // 60
    rec["분"] = minutes.where(minutes > 0, minutes + 1440)
    rec["근무일자"] = pd.to_datetime(rec["근무일자"])
    day = rec.groupby(["공무원번호", "근무일자"], as_index=False).agg(성명=("성명", "first"), 직급=("직급", "last"), 분=("분", "sum"))
    weekday = day["근무일자"].dt.dayofweek < 5
    rec_min = (day["분"] - 60 * weekday).clip(upper=240).where(day["분"] >= 60, 0)
    day["인정분"] = rec_min
    day["근무월"] = day["근무일자"].dt.strftime("%Y-%m")
    month = day.groupby(["공무원번호", "근무월"], as_index=False).agg(성명=("성명", "first"), 직급=("직급", "last"), 인정분=("인정분", "sum"))
    month["인정시간"] = (month["인정분"] // 60).clip(upper=57)
    pay = pd.read_csv(payments, encoding="cp949", dtype={"공무원번호": str})
    merged = month.merge(pay, left_on=["공무원번호", "근무월"], right_on=["공무원번호", "지급월"], how="outer")
    merged["판정"] = (merged["실적시간"] == merged["인정시간"]).map({True: "정상", False: "불일치"})
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        merged.to_excel(writer, sheet_name="대사결과", index=False)
        day.to_excel(writer, sheet_name="일별내역", index=False)
""")


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(seconds, peak RSS in MiB, exit code) of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.read().decode("utf-8", "replace") if proc.stderr else "")
    return elapsed, usage.ru_maxrss / 1024, proc.returncode


def print_profile(path: Path, top: int = 18) -> None:
    """Where our run's time goes (cProfile, cumulative), our own functions and the libraries they call."""
    import pstats

    stats = pstats.Stats(str(path))
    stats.sort_stats("tottime").print_stats(top)


def main() -> int:
    profile = "--profile" in sys.argv  # ours under cProfile (slower), then its top functions by own time
    args = [a for a in sys.argv[1:] if a != "--profile"]
    rows = int(args[0]) if args else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        t0 = time.perf_counter()
        records, payments = make_inputs(d, rows)
        print(f"입력 생성: {rows:,}행, {records.stat().st_size / 1e6:.1f} MB ({time.perf_counter() - t0:.1f}초)")
        env = {**os.environ, "HAENGBOT_HOME": str(d / "home")}
        prof = d / "ours.prof"
        ours = measure(
            [
                sys.executable,
                *(["-m", "cProfile", "-o", str(prof)] if profile else []),
                "main.py",
                "run",
                "overtime-pay",
                "--input",
                f"records={records}",
                "--input",
                f"payments={payments}",
                "--output",
                str(d / "ours.xlsx"),
            ],
            env,
        )
        naive_script = d / "naive.py"
        naive_script.write_text(NAIVE, encoding="utf-8")
        naive = measure([sys.executable, str(naive_script), str(records), str(payments), str(d / "naive.xlsx")], env)
        if profile and prof.exists():
            print_profile(prof)
    print(f"{'':24}{'시간(초)':>10}{'최대 메모리(MiB)':>18}")
    print(f"{'행봇 overtime-pay':24}{ours[0]:>10.2f}{ours[1]:>18.0f}   exit {ours[2]}")
    print(f"{'단순 pandas+openpyxl':24}{naive[0]:>10.2f}{naive[1]:>18.0f}   exit {naive[2]}")
    print(f"속도 비율 (단순 ÷ 행봇): {naive[0] / ours[0]:.2f}배, 메모리 비율: {naive[1] / ours[1]:.2f}배")
    return 0 if ours[2] == 0 and naive[2] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
