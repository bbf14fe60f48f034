"""Benchmark: a year's audit — 12 monthly 인사랑 files of 100,000 rows each given together to overtime-pay.

Makes twelve monthly 초과근무 exports (the same 5,000 people, about 20 records each a month, title
row and header on row 3 as 인사랑 writes them) and one payments CSV for the year, then runs the CLI
(``--input records=…`` once per file) on the first 1, 3, 6 and 12 months, each in its own child
process, and prints wall time and peak RSS (os.wait4). Linearity: the time and memory each further
100,000 rows cost, between consecutive runs, should stay roughly constant; the check says so.
The 일별내역 of a year (1.2 million person-days) goes past Excel's 1,048,576 rows and continues on
'일별내역(2)'.

Run: ``python benchmarks/overtime_year.py [--months 1,3,6,12] [--rows 100000] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import itertools
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.overtime_pay import GRADES, PRICE  # noqa: E402
from core.xlsx_fast import Workbook, write_rows  # noqa: E402

YEAR = 2026


def make_month(directory: Path, month: int, rows: int, seed: int = 19) -> Path:
    """One month's 인사랑-style export: *rows* records of the same people over that month's days."""
    rng = random.Random(seed * 100 + month)
    people = max(1, rows // 20)
    ndays = calendar.monthrange(YEAR, month)[1]
    days = [dt.date(YEAR, month, d + 1) for d in range(ndays)]
    cols: list[list[object]] = [[] for _ in range(8)]
    for i in range(rows):
        person = i % people
        start = 18 * 60 + rng.choice((0, 0, 10, 30))
        end = start + rng.choice((40, 90, 120, 150, 180, 240, 320))
        values = (
            i + 1,
            f"부서{person % 40:02d}",
            GRADES[person % len(GRADES)],
            f"직원{person:05d}",
            f"{person:08d}",
            days[(i // people) % ndays].isoformat(),
            f"{start // 60:02d}:{start % 60:02d}",
            f"{(end // 60) % 24:02d}:{end % 60:02d}",
        )
        for c, v in enumerate(values):
            cols[c].append(v)
    path = directory / f"초과근무_{YEAR}-{month:02d}.xlsx"
    wb = Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("초과근무현황")
    ws.write_string(0, 0, f"{YEAR}년 {month}월 초과근무 실적 현황")
    for c, title in enumerate(["연번", "소속", "직급", "성명", "공무원번호", "근무일자", "시작시각", "종료시각"]):
        ws.write_string(2, c, title)
    plain = [None] * 8
    write_rows(ws, cols, [plain] * rows, [False] * 8, [False] * rows, first_row=3)
    wb.close()
    return path


def make_payments(directory: Path, months: int, rows: int, seed: int = 19) -> Path:
    rng = random.Random(seed)
    people = max(1, rows // 20)
    lines = ["공무원번호,성명,지급월,실적시간,지급액"]
    for person in range(people):
        price = PRICE[GRADES[person % len(GRADES)]]
        for month in range(1, months + 1):
            hours = rng.randint(0, 40)
            lines.append(f"{person:08d},직원{person:05d},{YEAR}-{month:02d},{hours},{((hours + 10) * price) // 10 * 10}")
    path = directory / "지급내역.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp949"))
    return path


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """(seconds, peak RSS in MiB, exit code, stderr tail) of one child process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode("utf-8", "replace")[-1500:]
    return time.perf_counter() - started, usage.ru_maxrss / 1024, proc.returncode, tail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", default="1,3,6,12", help="쉼표로 구분한 개월 수 (기본 1,3,6,12)")
    parser.add_argument("--rows", type=int, default=100_000, help="한 달 파일의 행 수")
    parser.add_argument("--keep", type=Path, help="입력과 결과를 이 폴더에 남깁니다")
    args = parser.parse_args()
    counts = sorted({int(m) for m in args.months.split(",")})
    if not counts or counts[0] < 1 or counts[-1] > 12:
        parser.error("--months는 1~12 사이의 개월 수입니다 (예: 1,3,6,12)")
    print(f"{dt.date.today()} · {os.cpu_count()}코어 · 한 달 {args.rows:,}행")
    with tempfile.TemporaryDirectory() as tmp:
        d = args.keep or Path(tmp)
        d.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        files = [make_month(d, m, args.rows) for m in range(1, counts[-1] + 1)]
        payments = make_payments(d, counts[-1], args.rows)
        size = sum(f.stat().st_size for f in files) / 1e6
        print(f"입력 생성: {len(files)}개 파일, {size:.0f} MB ({time.perf_counter() - t0:.0f}초)")
        env = {**os.environ, "HAENGBOT_HOME": str(d / "home")}
        points: list[tuple[int, float, float]] = []
        print(f"{'개월':>4}{'행':>12}{'시간(초)':>10}{'최대 메모리(MiB)':>18}{'10만 행당 초':>14}")
        for n in counts:
            given = [arg for f in files[:n] for arg in ("--input", f"records={f}")]
            out = d / f"결과_{n}개월.xlsx"
            cmd = [
                sys.executable,
                "main.py",
                "run",
                "overtime-pay",
                *given,
                "--input",
                f"payments={payments}",
                "--output",
                str(out),
            ]
            seconds, rss, code, tail = measure(cmd, env)
            if code != 0:
                sys.stderr.write(tail)
                print(f"{n:>4}개월 실패 (exit {code})")
                return 1
            rows = n * args.rows
            points.append((rows, seconds, rss))
            print(f"{n:>4}{rows:>12,}{seconds:>10.1f}{rss:>18.0f}{seconds / rows * 1e5:>14.2f}")
    if len(points) >= 2:
        steps = [
            ((b[1] - a[1]) / (b[0] - a[0]) * 1e5, (b[2] - a[2]) / (b[0] - a[0]) * 1e5) for a, b in itertools.pairwise(points)
        ]
        t_steps = [s[0] for s in steps]
        m_steps = [s[1] for s in steps]
        print("늘어난 10만 행마다: 시간 " + ", ".join(f"{s:.1f}초" for s in t_steps))
        print("늘어난 10만 행마다: 메모리 " + ", ".join(f"{s:.0f} MiB" for s in m_steps))

        def linear(values: list[float]) -> bool:
            return min(values) > 0 and max(values) / min(values) <= 1.5

        print(
            f"선형성: 시간 {'선형 (구간별 기울기 차이 1.5배 이내)' if linear(t_steps) else '선형 아님'}, "
            f"메모리 {'선형 (구간별 기울기 차이 1.5배 이내)' if linear(m_steps) else '선형 아님'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
