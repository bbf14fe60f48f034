"""validate (duplicates) and match both need each table's person-year keys: made once, then selected by index."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import tasks.local_income_tax.task as T
from core.reader import read_table
from tasks import registry
from tasks.local_income_tax.sample import write_samples


def test_keys_are_made_once_and_follow_rows_marked_bad(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = write_samples(tmp_path)
    table = read_table(files["local"], registry().get("local-income-tax").input("local"))
    made: list[int] = []
    real = T.person_year_keys
    monkeypatch.setattr(T, "person_year_keys", lambda years, rrns: made.append(len(years)) or real(years, rrns))

    first = T._valid_keys(table, table.valid())
    assert made == [len(table.valid())]
    # apply_validation marks rows bad after validate: the later selection must be the fresh answer.
    table.df.loc[table.df.index[[0, 3]], "_ok"] = False
    later = table.valid()
    again = T._valid_keys(table, later)
    assert made == [len(first)]  # not made again
    assert np.array_equal(again, real(later["귀속연도"], later["주민등록번호"]))
    assert len(again) == len(first) - 2

    other = read_table(files["local"], registry().get("local-income-tax").input("local"))
    T._valid_keys(other, other.valid())
    assert len(made) == 2  # another table (even of the same file) gets its own keys
