"""Every workbook path opens in LibreOffice Calc and reads back with openpyxl to the same values (issue 19).

The product's paths: a plain table sheet (core/xlsx_fast.py's XML in xlsxwriter's stream, with a
highlighted row whose blanks keep their fill), a table with links (xlsxwriter's own loop), 요약 and
실행정보 (xlsxwriter), and a table split past the row limit. The benchmark's paths: every writer in
benchmarks/writers.py (the optional ones skipped when not installed). ``soffice --headless
--convert-to pdf`` must exit 0 and produce a PDF for each; openpyxl must read the same values,
types, dates and Korean text.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook

from benchmarks import writers as bench
from core import writer
from core.result import DATE, DATETIME, FINDING, MONEY, Result, ResultTable
from core.writer import InfoRow, write_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Outside CI a machine without LibreOffice skips with a visible reason; under .ci/run (HAENGBOT_CI=1, which installs it
# through scripts/system-deps.sh) a missing soffice is a failure, never a silent pass.
pytestmark = pytest.mark.skipif(
    SOFFICE is None and os.environ.get("HAENGBOT_CI") != "1",
    reason="LibreOffice (soffice) is not installed: scripts/system-deps.sh test",
)


def _to_pdf(files: list[Path], tmp: Path) -> None:
    """One soffice run for all files, with a profile of its own (a clerk's open LibreOffice is not disturbed)."""
    assert SOFFICE is not None
    out = tmp / "pdf"
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    for f in files:
        pdf = out / f"{f.stem}.pdf"
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), f"no PDF for {f.name}: {done.stdout!r}"


def _rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    wb = load_workbook(path)
    try:
        return [tuple(row) for row in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


PLAIN = pd.DataFrame(
    {
        "성명": ["홍길동", "김 철수 ", None, "<이영희> & 박"],
        "금액": [1_234_500, 0, 70, None],
        "비율": [0.25, 1 / 3, None, 12.5],
        "일자": pd.to_datetime(["2026-03-02", "2026-12-31", None, "1900-01-15"]),
        "시각": [dt.datetime(2026, 3, 2, 18, 30), None, dt.datetime(2026, 11, 27, 9, 5, 30), None],
        "판정": ["정상", "불일치", "정상", "불일치"],
    }
)


def test_product_workbook_paths_open_in_libreoffice_and_read_back(tmp_path: Path) -> None:
    plain = ResultTable("대사결과", PLAIN, {"금액": MONEY, "일자": DATE, "시각": DATETIME}, "판정", {"불일치": FINDING})
    links = ResultTable(
        "공고목록",
        pd.DataFrame({"제목": ["보조금 공고", "안내"], "주소": ["https://example.go.kr/a?id=7", "주소 없음"]}),
        links=("주소",),
    )
    result = Result(tables=[plain, links], headline="읽기 시험")
    path = write_workbook(tmp_path / "결과.xlsx", result, error_table=None, info=[InfoRow("작업", "시험")])
    long = ResultTable("긴표", pd.DataFrame({"번호": list(range(5)), "이름": [f"가{i}" for i in range(5)]}))
    parts = writer.split_rows(long, limit=2)
    split = write_workbook(tmp_path / "나눔.xlsx", Result(tables=parts), error_table=None, info=[])
    _to_pdf([path, split], tmp_path)

    rows = _rows(path, "대사결과")
    assert rows[0] == ("성명", "금액", "비율", "일자", "시각", "판정")
    assert rows[1:] == [
        ("홍길동", 1234500, 0.25, dt.datetime(2026, 3, 2), dt.datetime(2026, 3, 2, 18, 30), "정상"),
        ("김 철수 ", 0, 1 / 3, dt.datetime(2026, 12, 31), None, "불일치"),
        (None, 70, None, None, dt.datetime(2026, 11, 27, 9, 5, 30), "정상"),
        ("<이영희> & 박", None, 12.5, dt.datetime(1900, 1, 15), None, "불일치"),
    ]
    wb = load_workbook(path)
    ws = wb["대사결과"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:F5"
    assert ws["B2"].number_format == "#,##0" and ws["D2"].number_format == "yyyy-mm-dd"
    assert ws["E2"].number_format == "yyyy-mm-dd hh:mm"
    assert ws["D5"].fill.fgColor.rgb.endswith("FDE2E1") and ws["B5"].fill.fgColor.rgb.endswith("FDE2E1")  # a blank keeps the fill
    assert ws.column_dimensions["A"].width > 8
    assert wb["공고목록"]["B2"].hyperlink.target == "https://example.go.kr/a?id=7"
    assert wb.sheetnames == ["요약", "대사결과", "공고목록", "실행정보"]
    wb.close()
    assert [r[0] for r in _rows(split, "긴표")[1:]] == [0, 1]
    assert [r[0] for r in _rows(split, "긴표(2)")[1:]] == [2, 3]
    assert [r[1] for r in _rows(split, "긴표(3)")[1:]] == ["가4"]


def _canonical(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return None if value == "" else value


@pytest.mark.parametrize("shape", ["mixed", "daily"])
def test_every_benchmark_writer_opens_in_libreoffice_and_reads_back(tmp_path: Path, shape: str) -> None:
    df, _ = bench.make_frame(12, shape)
    expected = [[_canonical(v) for v in row] for row in zip(*(writer._native(df[c]) for c in df.columns), strict=True)]
    written = []
    for name in bench.WRITERS:
        module = bench.OPTIONAL.get(name)
        if module and importlib.util.find_spec(module) is None:
            continue
        out = tmp_path / f"{name}.xlsx"
        bench.write_one(name, shape, 12, out)
        written.append(out)
        rows = _rows(out, bench.SHEET)
        assert list(rows[0]) == list(df.columns), name
        got = [[_canonical(v) for v in row] for row in rows[1:]]
        assert got == expected, name
    assert len(written) >= 3  # the three xlsxwriter paths at least
    _to_pdf(written, tmp_path)
