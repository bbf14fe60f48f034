"""The multiple table input hygiene-training introduced (core/table_set.py, core/prepare.py): files read one by
one and concatenated with 원본 위치, a folder expanded, a task-level check marking the right file's row even
though Excel row numbers repeat across files, and a one-file input refusing a second file."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import InputError
from core.prepare import InputChoice, prepare
from core.reader import Issue, Table
from core.spec import Column, ColumnType, TableInput, TaskSpec
from core.table_set import ORIGIN

ROWS = TableInput("rows", "명단", (Column("이름"), Column("시간", ColumnType.INTEGER)), multiple=True)
ONE = TableInput("one", "대장", (Column("이름"),))


def _flag_b_row_2(tables: dict[str, Table], _params: object) -> dict[str, list[Issue]]:
    table = tables["rows"]
    part = next(p for p in table.parts if p.file.name == "b.csv")
    return {"rows": [part.issue(2, "이름", "을", "연습용 점검")]}


SPEC = TaskSpec("multi", "연습", "총무", "", "", (ROWS, ONE), (), run=lambda *_: None, validate=_flag_b_row_2)  # type: ignore[arg-type,return-value]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path, Path]:
    folder = tmp_path / "명단"
    folder.mkdir()
    (folder / "a.csv").write_text("이름,시간\n갑,1\n병,2\n", encoding="utf-8")
    (folder / "b.csv").write_text("시간,이름\n3,을\n4,정\n", encoding="utf-8")  # another column order
    (folder / "~$a.csv").write_text("lock", encoding="utf-8")
    one = tmp_path / "one.csv"
    one.write_text("이름\n갑\n", encoding="utf-8")
    return folder / "a.csv", folder / "b.csv", one


def test_repeated_files_concatenate_and_the_check_marks_only_bs_row(files: tuple[Path, Path, Path]) -> None:
    a, b, one = files
    prepared = prepare(SPEC, {"rows": InputChoice(b, more=(a,)), "one": one}, {"on_bad_rows": "skip"})
    table = prepared.tables["rows"]
    assert list(table.df["이름"]) == ["을", "정", "갑", "병"]
    assert list(table.df[ORIGIN]) == ["b.csv 2행", "b.csv 3행", "a.csv 2행", "a.csv 3행"]
    assert list(table.df["_ok"]) == [False, True, True, True]  # a.csv row 2 (갑) is untouched
    assert [(Path(i.file).name, i.row) for i in table.issues] == [("b.csv", 2)]


def test_a_folder_is_every_table_file_in_name_order(files: tuple[Path, Path, Path]) -> None:
    a, _b, one = files
    prepared = prepare(SPEC, {"rows": a.parent, "one": one}, {"on_bad_rows": "skip"})
    assert [p.file.name for p in prepared.tables["rows"].parts] == ["a.csv", "b.csv"]  # the ~$ lock file is left out
    assert list(prepared.tables["rows"].df["_ok"]) == [True, True, False, True]


def test_a_one_file_input_refuses_a_second_file(files: tuple[Path, Path, Path]) -> None:
    a, _b, one = files
    with pytest.raises(InputError) as caught:
        prepare(SPEC, {"rows": a, "one": InputChoice(one, more=(a,))}, {"on_bad_rows": "skip"})
    assert str(caught.value) == (
        "'대장'(one)에는 파일을 하나만 지정하십시오. 받은 파일: 2개\n  → 이 입력은 파일 1개만 받습니다. 쓸 파일 하나만 남기십시오."
    )
