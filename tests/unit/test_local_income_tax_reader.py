"""The column-wise reader (core.columns, made fast for local-income-tax's million rows) must give
exactly what the cell-by-cell row loop gave: the same typed frame, the same issues, the same skipped
rows. ``reference_build_table`` is that row loop, kept here verbatim as the yardstick."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from core import reader, sources
from core.reader import PARSERS, Issue, Table, _choice_parser, _is_total_row, _show, find_header
from core.sources import RawSheet, fill_merged_data, load_sheets
from core.spec import Column, ColumnType, TableInput
from core.values import clean_text
from tests.helpers import write_csv


def _to_series(values: list[Any], col_type: ColumnType) -> pd.Series:
    """The old reader's column typing, kept here only as part of the reference loop below."""
    if col_type in (ColumnType.MONEY, ColumnType.INTEGER, ColumnType.TIME):
        return pd.Series(pd.array(values, dtype="Int64"))
    if col_type == ColumnType.DATE:
        return pd.Series(pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce")).astype("datetime64[ns]")
    return pd.Series(values, dtype="object")


def reference_build_table(raw: RawSheet, match: Any, spec: TableInput, path: Path) -> Table:
    start = match.row + 1
    if raw.merged:
        fill_merged_data(raw.rows, raw.merged, start)
    found = [(col, match.columns[col.name]) for col in spec.columns if col.name in match.columns]
    header_raw = {clean_text(match.labels.get(idx, "")) for _, idx in found} - {""}
    rows_out: list[int] = []
    raw_cols: dict[str, list[Any]] = {col.name: [] for col, _ in found}
    skipped = {"빈 행": 0, "합계 행": 0, "반복 머리글": 0}
    for offset, row in enumerate(raw.rows[start:]):
        cells = [row[idx] if idx < len(row) else None for _, idx in found]
        if not any(v is not None and v != "" and (not isinstance(v, str) or v.strip()) for v in cells):
            skipped["빈 행"] += 1
            continue
        if _is_total_row(cells) or _is_total_row(row[: min(len(row), 3)]):
            skipped["합계 행"] += 1
            continue
        if sum(1 for v in cells if isinstance(v, str) and v.strip() in header_raw) * 2 > len(found):
            skipped["반복 머리글"] += 1
            continue
        rows_out.append(start + offset + 1)
        for (col, _), value in zip(found, cells, strict=True):
            raw_cols[col.name].append(value)
    issues: list[Issue] = []
    ok = [True] * len(rows_out)
    data: dict[str, pd.Series] = {}
    for col, idx in found:
        parser = _choice_parser(col) if col.type == ColumnType.CHOICE else PARSERS[col.type]
        cache: dict[tuple[type, Any], tuple[bool, Any]] = {}
        parsed: list[Any] = []
        for i, value in enumerate(raw_cols[col.name]):
            try:
                key = (type(value), value)
                hit = cache.get(key)
            except TypeError:
                key, hit = None, None
            if hit is None:
                if (
                    value is None
                    or (isinstance(value, str) and not value.strip())
                    or (isinstance(value, float) and value != value)
                ):
                    hit = (False, "값이 비어 있습니다") if col.required else (True, None)
                else:
                    try:
                        hit = (True, parser(value))
                    except ValueError as exc:
                        hit = (False, str(exc))
                    except (TypeError, OverflowError):
                        hit = (False, "읽을 수 없는 값입니다")
                if key is not None:
                    cache[key] = hit
            good, result = hit
            if good:
                parsed.append(result)
            else:
                parsed.append(None)
                ok[i] = False
                issues.append(Issue(str(path), raw.sheet, rows_out[i], col.name, idx, _show(value, col.type), result))
        data[col.name] = _to_series(parsed, col.type)
    for col in spec.columns:
        if col.name not in data:
            data[col.name] = pd.Series([None] * len(rows_out), dtype="object")
    df = pd.DataFrame(data)
    df["_row"] = pd.Series(rows_out, dtype="int64")
    df["_ok"] = pd.Series(ok, dtype="bool")
    issues.sort(key=lambda it: (it.row, it.column_index or 0))
    return Table(
        name=spec.name,
        spec=spec,
        file=path,
        sheet=raw.sheet,
        df=df,
        issues=issues,
        header_row=match.row + 1,
        columns={},
        skipped_rows={k: v for k, v in skipped.items() if v},
    )


SPEC = TableInput(
    "t",
    "시험",
    (
        Column("연도", ColumnType.INTEGER),
        Column("번호", ColumnType.RRN),
        Column("성명", ColumnType.TEXT),
        Column("금액", ColumnType.MONEY),
        Column("일자", ColumnType.DATE, required=False),
        Column("시각", ColumnType.TIME, required=False),
        Column("시간", ColumnType.HOURS, required=False),
        Column("구분", ColumnType.CHOICE, required=False, choices={"정기": "정기", "수정신고": "수정", "수정": "수정"}),
        Column("코드", ColumnType.CODE, required=False),
        Column("전화", ColumnType.PHONE, required=False),
        Column("월", ColumnType.MONTH, required=False),
    ),
)
HEADER = [c.name for c in SPEC.columns]

POOLS: dict[str, list[Any]] = {
    "연도": [2025, 2025.0, "2025", " 2025 ", "이천", 25.5, True, None, "", float("nan"), "2,025"],
    "번호": [
        "900101-1234567",
        "9001011234567",
        101013234564,
        101013234564.0,
        "1013234564",
        "900101-1******",
        "9001O11234567",
        " 900101 - 1234567",
        "900101-12345678",
        None,
        "",
        "８",
        12.5,
        "9001011234567\x00",
        "900101-1234567 ",
        "90-01011234567",
        "９００１０１１２３４５６７",
    ],
    "성명": [
        "홍길동",
        " 홍길동",
        "홍  길동",
        "홍\u00a0길동",
        "홍길동 ",
        "한\u3000글",
        "\u1112\u1169\u11bc",
        "",
        None,
        "합계",
        "계",
        "총계(2025)",
        "성명",
        7,
        7.0,
        True,
        dt.date(2026, 1, 2),
    ],
    "금액": [
        1000,
        1000.0,
        "1,000",
        "1,000원",
        "(1,000)",
        "-1,000",
        "1.5",
        1.5,
        "12a",
        "₩12",
        "",
        None,
        True,
        "0,",
        "9" * 18,
        2.0**60,
        float("inf"),
        "금액",
        "1000\x00",
        "-",
        "-0",
        ",",
        "1-0",
        "--5",
        "１,０００",
        "+5",
        "1e3",
        " 7",
    ],
    "일자": [
        "2026-03-02",
        "2026.03.02",
        "20260302",
        dt.date(2026, 3, 2),
        dt.datetime(2026, 3, 2, 9),
        46083,
        46083.0,
        "2026-02-30",
        "내일",
        None,
        "",
    ],
    "시각": ["18:00", "1800", 0.75, dt.time(18, 0), "25:30", "익일 01:30", "x", None],
    "시간": [12, 12.0, "12.5", "12:30", "12시간 30분", "abc", None, True],
    "구분": ["정기", "수정신고", "수정 신고", "기타", None, ""],
    "코드": ["0012", "'0012", 12, 12.0, None, " a "],
    "전화": ["010-1234-5678", 1012345678, "02-123-4567", "123", None],
    "월": ["2026-03", 202603, "2026년 3월", dt.date(2026, 3, 9), "13월", None],
}


def _grid(rng: random.Random, n: int) -> list[list[Any]]:
    rows: list[list[Any]] = [["시험 자료 (제목)"], [], HEADER]
    for i in range(n):
        kind = rng.random()
        if kind < 0.03:
            rows.append([])
        elif kind < 0.05:
            rows.append(["합계", None, None, 12345])
        elif kind < 0.06:
            rows.append(list(HEADER))
        elif kind < 0.07:
            rows.append([None] * len(HEADER))
        else:
            row = [rng.choice(POOLS[name]) for name in HEADER]
            if rng.random() < 0.05:
                row = row[: rng.randint(1, len(row))]  # a short row
            rows.append(row)
        _ = i
    return rows


def test_money_beyond_int64_is_a_bad_cell_not_a_crash(tmp_path: Path) -> None:
    rows = [HEADER, [2025, "900101-1234567", "가", "9" * 19]]
    (tmp_path / "x.xlsx").write_bytes(b"x")
    raw = RawSheet(tmp_path / "x.xlsx", "S", rows, [])
    table = reader.build_table(raw, find_header(raw, SPEC), SPEC, raw.file)
    assert [(i.row, i.column, i.reason) for i in table.issues] == [(2, "금액", "숫자가 너무 큽니다")]


def _same(a: Table, b: Table) -> None:
    pd.testing.assert_frame_equal(a.df, b.df, check_dtype=True)
    assert [(i.row, i.column, i.column_index, i.value, i.reason) for i in a.issues] == [
        (i.row, i.column, i.column_index, i.value, i.reason) for i in b.issues
    ]
    assert a.skipped_rows == b.skipped_rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_column_wise_equals_row_loop_on_messy_cells(seed: int, tmp_path: Path) -> None:
    rows = _grid(random.Random(seed), 3000)
    raw = RawSheet(tmp_path / "x.xlsx", "S", rows, [])
    (tmp_path / "x.xlsx").write_bytes(b"x")
    match = find_header(raw, SPEC)
    assert match.row == 2
    fast = reader.build_table(RawSheet(raw.file, "S", [list(r) for r in rows], []), match, SPEC, raw.file)
    slow = reference_build_table(RawSheet(raw.file, "S", [list(r) for r in rows], []), match, SPEC, raw.file)
    _same(fast, slow)
    assert fast.issues and fast.skipped_rows  # the grid did exercise both


def test_column_wise_one_type_columns(tmp_path: Path) -> None:
    """Columns of one Python type take the single-factorise path: floats, NaN and None together."""
    rows = [HEADER] + [
        [2025.0, "900101-1234567", "가", float(i % 7) if i % 5 else float("nan"), None, None, None, None, None, None, None]
        for i in range(500)
    ]
    (tmp_path / "x.xlsx").write_bytes(b"x")
    raw = RawSheet(tmp_path / "x.xlsx", "S", rows, [])
    match = find_header(raw, SPEC)
    _same(
        reader.build_table(RawSheet(raw.file, "S", [list(r) for r in rows], []), match, SPEC, raw.file),
        reference_build_table(RawSheet(raw.file, "S", [list(r) for r in rows], []), match, SPEC, raw.file),
    )


def test_big_csv_reads_column_wise_with_the_same_cells(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    body = []
    for i in range(4000):
        body.append(
            [
                rng.choice(["2025", "2024", " 2025", "이천"]),
                f"90{i % 12 + 1:02d}01-1{i:06d}",
                rng.choice(["홍길동", "김 철수", '"따옴표"', "줄\n바꿈", "합계", ""]),
                rng.choice(["1,000", "2000", "3,000원", "x"]),
                "2026-05-01",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    body.insert(100, [])
    body.insert(200, ["합계", "", "", "999"])
    path = write_csv(tmp_path / "big.csv", ["자료 제목"], [[], HEADER, *body], encoding="cp949")
    monkeypatch.setattr(sources, "FAST_CSV_BYTES", 0)
    fast_sheet = load_sheets(path)[0]
    assert fast_sheet.grid is not None
    monkeypatch.setattr(sources, "FAST_CSV_BYTES", 1 << 40)
    slow_sheet = load_sheets(path)[0]
    assert slow_sheet.grid is None
    assert len(fast_sheet.rows) == len(slow_sheet.rows)
    for i, row in enumerate(slow_sheet.rows):
        assert [v for v in fast_sheet.rows[i]][: len(row)] == row
        assert all(v == "" for v in fast_sheet.rows[i][len(row) :])
    match = find_header(fast_sheet, SPEC)
    assert match == find_header(slow_sheet, SPEC)
    _same(reader.build_table(fast_sheet, match, SPEC, path), reference_build_table(slow_sheet, match, SPEC, path))


def test_wide_row_falls_back_to_csv_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = [["2025", "900101-1234567", "홍", "1"]] * 300 + [["2025", "900101-1234568", "김", "2", "x", "y", "z"] * 3]
    path = write_csv(tmp_path / "wide.csv", HEADER[:4], body)
    monkeypatch.setattr(sources, "FAST_CSV_BYTES", 0)
    sheet = load_sheets(path)[0]
    assert sheet.grid is None
    assert len(sheet.rows[-1]) == 21


def test_grid_rows_behave_like_a_list() -> None:
    grid = [np.array(["a", "1", "2"], dtype=object), np.array(["b", "3", ""], dtype=object)]
    rows = sources.GridRows([["a", "b"]], grid)
    assert len(rows) == 3
    assert rows[0] == ["a", "b"] and rows[-1] == ["2", ""]
    assert rows[1:] == [["1", "3"], ["2", ""]]
    assert list(rows) == [["a", "b"], ["1", "3"], ["2", ""]]


def test_workbook_unpacking_beats_progress_and_can_be_cancelled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.errors import Cancelled
    from tests.helpers import write_xlsx

    monkeypatch.setattr(sources, "BEAT_S", 0.0005)
    path = write_xlsx(tmp_path / "big.xlsx", HEADER[:4], [(2025, f"900101-1{i:06d}", "가", i) for i in range(60000)])
    beats: list[tuple[int, int]] = []
    sheets = load_sheets(path, lambda done, total: beats.append((done, total)))
    assert len(sheets[0].rows) == 60001
    assert beats and set(beats) == {(0, 0)}

    def cancel(done: int, total: int) -> None:
        raise Cancelled()

    with pytest.raises(Cancelled):
        load_sheets(path, cancel)
