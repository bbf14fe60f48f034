"""Issue 19's faster reading path gives the same answers: two inputs read side by side, columns cut from one matrix."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import core.prepare as P
from core.context import RunContext
from core.errors import Cancelled, InputError
from core.sources import MATRIX_ROWS, RawSheet
from gui.wizard.progress import stage_of
from tasks import registry
from tasks.local_income_tax.sample import write_samples


def _row_loop(rows: list[list[object]], index: int, start: int) -> list[object]:
    return [row[index] if index < len(row) else None for row in rows[start:]]


def test_columns_from_one_matrix_are_the_row_loops_columns() -> None:
    cells = ["a", 1, 1.0, True, None, "", dt.date(2025, 1, 2), dt.datetime(2025, 1, 2, 3, 4), dt.time(9, 30)]
    rows = [[cells[(r + c) % len(cells)] for c in range(4)] for r in range(MATRIX_ROWS + 5)]
    sheet = RawSheet(Path("x.xlsx"), "Sheet1", rows)
    for index in range(6):  # two past the width: every cell None
        got = sheet.column(index, 3)
        assert got.dtype == object
        assert len(got) == len(rows) - 3
        assert all(a is b or (a == b and type(a) is type(b)) for a, b in zip(got, _row_loop(rows, index, 3), strict=True))
    assert sheet._matrix is not None and sheet._matrix.shape == (len(rows), 4)


def test_ragged_rows_keep_the_row_loop() -> None:
    rows: list[list[object]] = [["a", "b", "c"] for _ in range(MATRIX_ROWS + 1)]
    rows[7] = ["x"]  # a short row (a CSV line, or a row fill_merged_data did not widen)
    rows[9] = ["p", "q", "r", "s"]
    sheet = RawSheet(Path("x.csv"), None, rows)
    assert list(sheet.column(0, 1)) == _row_loop(rows, 0, 1)
    assert list(sheet.column(2, 1)) == _row_loop(rows, 2, 1)
    assert list(sheet.column(3, 1)) == _row_loop(rows, 3, 1)
    assert sheet._matrix is None


def _inputs(tmp_path: Path) -> dict[str, Path]:
    """The sample's two inputs, both as workbooks (only workbooks are read side by side)."""
    import csv

    from openpyxl import Workbook

    files = write_samples(tmp_path / "in")
    book = Workbook()
    for row in csv.reader(files["nts"].read_text(encoding="cp949").splitlines()):
        book.active.append(row)
    files["nts"] = tmp_path / "in" / "nts.xlsx"
    book.save(files["nts"])
    return files


def _frames(tables: dict[str, P.Table]) -> dict[str, pd.DataFrame]:
    return {name: table.df for name, table in tables.items()}


def test_side_by_side_reads_what_one_after_the_other_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    task = registry().get("local-income-tax")
    files = _inputs(tmp_path)
    monkeypatch.setattr(P, "OVERLAP_BYTES", 1 << 62)
    alone = P.load_inputs(task, files)
    threads: list[str] = []
    read_one = P._read_one

    def spy(*args: object) -> P.Table:
        threads.append(threading.current_thread().name)
        return read_one(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(P, "OVERLAP_BYTES", 0)
    monkeypatch.setattr(P, "_read_one", spy)
    messages: list[str] = []
    together = P.load_inputs(task, files, RunContext(progress=lambda d, t, m: messages.append(m)))
    assert sorted(threads) == ["haengbot-read_0", "haengbot-read_1"]
    assert list(together) == ["nts", "local"]
    for name in ("nts", "local"):
        pd.testing.assert_frame_equal(together[name].df, alone[name].df)
        assert together[name].issues == alone[name].issues
        assert together[name].sha256 == alone[name].sha256
    assert messages[0] == "'국세청 종합소득세 신고내역'·'개인지방소득세 과세내역' 파일 읽는 중 (2개를 함께)"
    # Every reading report stays in the window's reading share of the bar.
    assert {stage_of(m) for m in messages} == {"read"}
    assert any(m.startswith("입력 파일 2개 행 읽는 중 (") for m in messages)
    # The summed count runs to both files' data rows (kept and skipped), as each file counts them.
    last = [m for m in messages if m.startswith("입력 파일 2개 행 읽는 중")][-1]
    rows = sum(len(t.df) + sum(t.skipped_rows.values()) for t in alone.values())
    assert last.endswith(f"/{rows:,})")


@pytest.mark.parametrize("broken", [("nts",), ("local",), ("nts", "local")])
def test_side_by_side_the_first_inputs_error_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: tuple[str, ...]
) -> None:
    task = registry().get("local-income-tax")
    files = _inputs(tmp_path)
    for name in broken:
        bad = tmp_path / f"{name}.xlsx"
        bad.write_bytes(b"PK\x03\x04 not really a zip")
        files[name] = bad
    monkeypatch.setattr(P, "OVERLAP_BYTES", 0)
    with pytest.raises(InputError) as side:
        P.load_inputs(task, files)
    monkeypatch.setattr(P, "OVERLAP_BYTES", 1 << 62)
    with pytest.raises(InputError) as alone:
        P.load_inputs(task, files)
    assert str(side.value) == str(alone.value)
    assert side.value.location is not None and side.value.location.file == str(files[broken[0]])


def test_side_by_side_a_cancel_stops_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    task = registry().get("local-income-tax")
    files = _inputs(tmp_path)
    monkeypatch.setattr(P, "OVERLAP_BYTES", 0)
    cancel = threading.Event()
    ctx = RunContext(progress=lambda d, t, m: cancel.set(), cancel_event=cancel)  # cancelled at the first report
    with pytest.raises(Cancelled):
        P.load_inputs(task, files, ctx)


def test_which_inputs_are_read_side_by_side(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _inputs(tmp_path)
    both = list(files.values())
    assert sum(p.stat().st_size for p in both) < P.OVERLAP_BYTES
    assert not P._worth_overlapping(both)  # small: one after the other
    monkeypatch.setattr(P, "OVERLAP_BYTES", 0)
    assert P._worth_overlapping(both)
    csv_too = [files["nts"].with_suffix(".csv"), files["local"]]
    assert not P._worth_overlapping(csv_too)  # a CSV is read under the GIL: nothing to overlap
    monkeypatch.setattr(P, "OVERLAP_MAX_BYTES", sum(p.stat().st_size for p in both) - 1)
    assert not P._worth_overlapping(both)  # too big for two sets of cells in memory at once


def test_text_fast_path_agrees_with_the_definition() -> None:
    """The block-wise proof (Hangul, below U+0300, single inner spaces) says yes only where the
    one-by-one check does, on strings built from the awkward pieces: other whitespace, jamo that
    compose, combining marks, compatibility characters, NULs, long strings."""
    import random
    import unicodedata

    from core.columns import _fast_text

    def definition(x: str) -> bool:
        return bool(x) and x == " ".join(x.split()) and unicodedata.is_normalized("NFC", x)

    pieces = ["a", " ", "  ", "\t", "\u00a0", "\u3000", "가", "ㄱ", "\u1100", "\u1161", "\u11a8", "e\u0301", "é"]
    pieces += ["\u212b", "Å", "\x00", "1", "\u2003", "\n", "\x85", "漢", "\uf900", "\x1c", "-", "(주)"]
    rng = random.Random(19)
    sample = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(20000)]
    sample += ["", " ", "가 나", "가  나", " 가", "가 ", "가\u11a8", "A" * 70, "A " * 40, "경기도 광주시 오포읍 신현리 12"]
    strs = np.array(sample, dtype=object)
    hit, values = _fast_text(strs)
    expected = np.array([definition(x) for x in sample])
    assert hit.tolist() == expected.tolist()
    assert values == [x for x in sample if definition(x)]
    assert 0 < expected.sum() < len(sample)


def test_reads_take_turns_except_while_calamine_unpacks() -> None:
    """The gate keeps one input's Python work at a time; unpacking a sheet gives it up."""
    from core import sources as S

    entered = threading.Event()

    def other() -> None:
        with S.python_work():
            entered.set()

    with S.python_work(), S.python_work():  # re-entrant in one thread
        thread = threading.Thread(target=other)
        thread.start()
        assert not entered.wait(0.3)  # held: the other input waits
        unpacking_saw: list[bool] = []
        S._beating(lambda: unpacking_saw.append(entered.wait(5)), None)
        assert unpacking_saw == [True]  # while "calamine unpacks" the other input got its turn
        assert S._HOLDS.gate  # and the gate is ours again after
    thread.join(5)
    assert not S._GATE.locked()
