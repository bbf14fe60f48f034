"""Benchmark: ways to write a large plain result sheet, beside python-calamine reading it back (issue 19).

Two sheets: 1,000,000 mixed cells (100,000 rows × 10: Korean text, codes, ints, floats, dates, times,
blanks) and overtime-pay's 일별내역 shape (100,000 rows × 17). Each writer runs in its own child
process on the same generated data; the child times only the write (data made before the clock
starts) and the parent takes the child's peak RSS (os.wait4; the "데이터만" row is the data alone).
Every file written is then read back by python-calamine in another child: that read is the floor the
issue's target is measured against (write ≤ 2× calamine's read of the same sheet), and its values
are compared with the first writer's.

Writers: ``haengbot-xlsxwriter`` (core/writer.py with xlsxwriter's per-cell calls, the old path),
``haengbot-fast`` (core/writer.py today: core/xlsx_fast.py's sheet XML in xlsxwriter's stream),
``xlsxwriter-cm`` (plain xlsxwriter constant_memory, typed calls, outside our writer),
``rustpy-xlsxwriter`` and ``pyexcelerate`` (requirements-dev.txt only; "설치 안 됨" when absent).

Run: ``python benchmarks/writers.py [--rows 100000] [--shape mixed|daily|both] [--only NAME,…]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WRITERS = ("haengbot-xlsxwriter", "haengbot-fast", "xlsxwriter-cm", "rustpy-xlsxwriter", "pyexcelerate")
OPTIONAL = {"rustpy-xlsxwriter": "rustpy_xlsxwriter", "pyexcelerate": "pyexcelerate"}
SHEET = "일별내역"
# What each writer keeps of a result sheet (checked by hand against its API and the files it wrote).
FIDELITY = {
    "haengbot-xlsxwriter": "형식·틀 고정·필터·열 너비·인쇄 설정·채우기",
    "haengbot-fast": "형식·틀 고정·필터·열 너비·인쇄 설정·채우기 (위와 같은 파일)",
    "xlsxwriter-cm": "형식·틀 고정·필터·열 너비 (인쇄 설정은 더 쓰면 됨)",
    "rustpy-xlsxwriter": "형식·틀 고정·필터·열 너비; 행별 채우기는 row_formats로만",
    "pyexcelerate": "형식·틀 고정·열 너비; 자동 필터·인쇄 설정 없음",
}
NAMES = ["김민준", "이서연", "박지호", "최하은", "정도윤", "강서윤", "조예준", "윤지우"]


def make_frame(rows: int, shape: str, seed: int = 19) -> Any:
    """The sheet as a DataFrame plus its column formats (core.result kinds), the same for every writer."""
    import pandas as pd

    from core.result import DATE, DATETIME, DECIMAL, INT, MONEY

    rng = random.Random(seed)
    day0 = dt.date(2026, 1, 1)
    if shape == "mixed":  # 10 columns: 1,000,000 cells at 100,000 rows
        df = pd.DataFrame(
            {
                "성명": [f"{NAMES[i % 8]}{i % 997}" for i in range(rows)],
                "소속": [f"부서{i % 40:02d} 민원팀" for i in range(rows)],
                "공무원번호": [f"{i % 5000:08d}" for i in range(rows)],
                "금액": [rng.randrange(0, 5_000_000, 10) for _ in range(rows)],
                "비율": [rng.random() * 100 for _ in range(rows)],
                "일자": pd.to_datetime([day0 + dt.timedelta(days=i % 365) for i in range(rows)]),
                "시각": [dt.datetime(2026, 3, 2, 18, 0) + dt.timedelta(minutes=i % 9000) for i in range(rows)],
                "비고": [None if i % 2 else f"확인 필요 & <{i % 13}>" for i in range(rows)],
                "건수": [i % 31 for i in range(rows)],
                "구분": [None if i % 3 else "휴일" for i in range(rows)],
            }
        )
        return df, {"금액": MONEY, "비율": DECIMAL, "일자": DATE, "시각": DATETIME, "건수": INT}
    grades = ["지방행정사무관", "행정6급", "지방행정주사보", "주무관(7급)", "행정8급"]
    days = [day0 + dt.timedelta(days=i % 180) for i in range(rows)]
    raw = [rng.choice((40, 90, 120, 150, 180, 240, 320)) for _ in range(rows)]
    df = pd.DataFrame(
        {
            "연번": list(range(1, rows + 1)),
            "공무원번호": [f"{i % 5000:08d}" for i in range(rows)],
            "성명": [f"직원{i % 5000:05d}" for i in range(rows)],
            "소속": [f"부서{i % 40:02d}" for i in range(rows)],
            "직급": [grades[i % 5] for i in range(rows)],
            "근무월": [d.strftime("%Y-%m") for d in days],
            "근무일자": pd.to_datetime(days),
            "요일": ["월화수목금토일"[d.weekday()] for d in days],
            "구분": ["휴일" if d.weekday() >= 5 else "평일" for d in days],
            "예외구분": [None if i % 50 else "현업" for i in range(rows)],
            "기록수": [1 + i % 2 for i in range(rows)],
            "원시분": raw,
            "공제분": [60 if d.weekday() < 5 else 0 for d in days],
            "상한초과분": [max(0, m - 300) for m in raw],
            "인정분": [min(240, max(0, m - 60)) for m in raw],
            "인정시간(시:분)": [f"{min(240, max(0, m - 60)) // 60}:{min(240, max(0, m - 60)) % 60:02d}" for m in raw],
            "비고": [None if m >= 120 else "1시간 미만 불인정" for m in raw],
        }
    )
    return df, {"근무일자": DATE, **{c: INT for c in ("연번", "기록수", "원시분", "공제분", "상한초과분", "인정분")}}


def _plain(df: Any) -> tuple[list[str], list[list[Any]]]:
    from core.writer import _native

    return list(df.columns), [_native(df[c]) for c in df.columns]


def write_one(name: str, shape: str, rows: int, out: Path) -> float:
    """Write the sheet with writer *name*; returns the seconds the write took."""
    df, formats = make_frame(rows, shape)
    from core import writer
    from core.result import DATE, DATETIME, DECIMAL, INT, MONEY, ResultTable

    if name in ("haengbot-xlsxwriter", "haengbot-fast"):
        table = ResultTable(SHEET, df, formats)
        t0 = time.perf_counter()
        book = writer._Book(out, fast=name == "haengbot-fast")
        book.table(table)
        book.close()
        return time.perf_counter() - t0
    columns, values = _plain(df)
    number_format = {MONEY: "#,##0", INT: "#,##0", DECIMAL: "#,##0.##", DATE: "yyyy-mm-dd", DATETIME: "yyyy-mm-dd hh:mm"}
    widths = [max(8, min(40, writer.display_width(c) + 4)) for c in columns]
    if name == "xlsxwriter-cm":
        import xlsxwriter

        t0 = time.perf_counter()
        wb = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_numbers": False})
        ws = wb.add_worksheet(SHEET)
        header = wb.add_format({"bold": True, "bg_color": "#DCE6F1"})
        fmts = [wb.add_format({"num_format": number_format.get(formats.get(c, ""), "General")}) for c in columns]
        for c, title in enumerate(columns):
            ws.write_string(0, c, title, header)
            ws.set_column(c, c, widths[c])
        ws_str, ws_num, ws_dt = ws.write_string, ws.write_number, ws.write_datetime
        for r, row in enumerate(zip(*values, strict=True), start=1):
            for c, v in enumerate(row):
                if v is None:
                    continue
                t = type(v)
                if t is str:
                    ws_str(r, c, v, fmts[c])
                elif t is int or t is float:
                    ws_num(r, c, v, fmts[c])
                else:
                    ws_dt(r, c, v, fmts[c])
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, rows, len(columns) - 1)
        wb.close()
        return time.perf_counter() - t0
    if name == "rustpy-xlsxwriter":
        from rustpy_xlsxwriter import FastExcel

        records = [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]
        t0 = time.perf_counter()
        (
            FastExcel(str(out))
            .format(datetime_format="yyyy-mm-dd", bold_headers=True)
            .freeze(row=1)
            .sheet(SHEET, records, column_widths=widths, autofilter=True)
            .save()
        )
        return time.perf_counter() - t0
    if name == "pyexcelerate":
        from pyexcelerate import Format, Panes, Style, Workbook

        data = [columns, *[list(row) for row in zip(*values, strict=True)]]
        t0 = time.perf_counter()
        wb = Workbook()
        ws = wb.new_sheet(SHEET, data=data)
        for c, title in enumerate(columns):
            fmt = number_format.get(formats.get(title, ""))
            ws.set_col_style(c + 1, Style(size=widths[c], format=Format(fmt) if fmt else None))
        ws.panes = Panes(0, 1)
        wb.save(str(out))
        return time.perf_counter() - t0
    raise SystemExit(f"unknown writer {name}")


def read_one(path: Path) -> tuple[float, str, int]:
    """(seconds for calamine to read the sheet, digest of the first 2,000 rows' values, rows)."""
    from python_calamine import CalamineWorkbook

    t0 = time.perf_counter()
    book = CalamineWorkbook.from_path(str(path))
    values = book.get_sheet_by_name(SHEET).to_python()
    elapsed = time.perf_counter() - t0
    head = [[_canonical(v) for v in row] for row in values[:2001]]
    return elapsed, hashlib.sha256(repr(head).encode()).hexdigest()[:12], len(values)


def _canonical(value: Any) -> Any:
    """Values as a clerk sees them: 3 and 3.0 alike, a date-time at midnight as its date, "" as blank."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return None if value == "" else value


def measure(cmd: list[str]) -> tuple[str, float, int]:
    """(stdout, peak RSS in MiB, exit code) of one child process (os.wait4: that child's own peak)."""
    with tempfile.TemporaryFile() as out_f, tempfile.TemporaryFile() as err_f:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out_f, stderr=err_f)
        _, status, usage = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code
        out_f.seek(0)
        err_f.seek(0)
        if code != 0:
            sys.stderr.write(err_f.read().decode("utf-8", "replace")[-2000:])
        return out_f.read().decode().strip(), usage.ru_maxrss / 1024, code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--shape", choices=("mixed", "daily", "both"), default="both")
    parser.add_argument("--only", default="", help="쉼표로 구분한 쓰기 방법만 (기본: 모두)")
    parser.add_argument("--keep", type=Path, help="쓴 파일을 이 폴더에 남깁니다 (LibreOffice로 열어 보기 등)")
    parser.add_argument("--write", nargs=4, metavar=("NAME", "SHAPE", "ROWS", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--read", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data-only", nargs=2, metavar=("SHAPE", "ROWS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        name, shape, rows, out = args.write
        print(f"{write_one(name, shape, int(rows), Path(out)):.3f}")
        return 0
    if args.read:
        seconds, digest, n = read_one(args.read)
        print(f"{seconds:.3f} {digest} {n}")
        return 0
    if args.data_only:
        _plain(make_frame(int(args.data_only[1]), args.data_only[0])[0])
        return 0

    chosen = [w for w in WRITERS if not args.only or w in args.only.split(",")]
    shapes = ("mixed", "daily") if args.shape == "both" else (args.shape,)
    me = [sys.executable, str(Path(__file__).resolve())]
    print(f"{dt.date.today()} · {os.cpu_count()}코어 · {args.rows:,}행")
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        d = args.keep or Path(tmp)
        d.mkdir(parents=True, exist_ok=True)
        for shape in shapes:
            ncols = len(make_frame(2, shape)[0].columns)
            print(f"\n■ {shape}: {args.rows:,}행 × {ncols}열 = {args.rows * ncols:,}칸")
            _, data_rss, _ = measure([*me, "--data-only", shape, str(args.rows)])
            print(f"{'쓰기 방법':22}{'쓰기(초)':>9}{'최대 메모리':>11}{'calamine 읽기':>14}{'쓰기÷읽기':>10}{'MB':>7}  값")
            print(f"{'데이터만':22}{'':>9}{data_rss:>9.0f}Mi")
            first_digest = ""
            for name in chosen:
                module = OPTIONAL.get(name)
                if module and importlib.util.find_spec(module) is None:
                    print(f"{name:22}{'설치 안 됨 (requirements-dev.txt)':>30}")
                    continue
                out = d / f"{shape}-{name}.xlsx"
                text, rss, code = measure([*me, "--write", name, shape, str(args.rows), str(out)])
                if code != 0:
                    print(f"{name:22}  실패 (exit {code})")
                    failed = True
                    continue
                write_s = float(text.splitlines()[-1])
                read_text, _, rcode = measure([*me, "--read", str(out)])
                if rcode != 0:
                    print(f"{name:22}{write_s:>9.2f}{rss:>9.0f}Mi  calamine가 읽지 못함")
                    failed = True
                    continue
                read_s, digest, nrows = read_text.split()
                first_digest = first_digest or digest
                same = "같음" if digest == first_digest else "다름"
                ratio = write_s / float(read_s)
                mb = out.stat().st_size / 1e6
                print(f"{name:22}{write_s:>9.2f}{rss:>9.0f}Mi{float(read_s):>14.2f}{ratio:>10.2f}{mb:>7.1f}  {same} ({nrows}행)")
    print("\n목표: 1,000,000칸 시트 쓰기 ≤ 같은 시트를 calamine이 읽는 시간의 2배 (쓰기÷읽기 ≤ 2).")
    print("보존: " + "; ".join(f"{k}: {v}" for k, v in FIDELITY.items() if k in chosen))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
