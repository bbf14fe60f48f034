"""What a task returns: named tables with column formats and highlight rules, a summary, warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from core.artifacts import WrittenArtifact

# Column formats the writer knows.
TEXT, INT, MONEY, DATE, DATETIME, DECIMAL, HOURS = "text", "int", "money", "date", "datetime", "decimal", "hours"

# Highlight colours (fill) by meaning; tasks map their outcomes onto these.
FINDING, WARNING, OK, ERROR = "finding", "warning", "ok", "error"
NOTE = "note"  # for information (a rule of severity 참고)


@dataclass
class ResultTable:
    name: str  # sheet name (Korean, <= 31 chars)
    df: pd.DataFrame
    formats: dict[str, str] = field(default_factory=dict)  # column -> format
    # Column whose values decide a row's highlight, and value -> kind (FINDING/WARNING/...).
    highlight_by: str | None = None
    highlight: dict[str, str] = field(default_factory=dict)
    note: str = ""  # one line shown above the table in the GUI and in 요약
    # Columns holding URLs, written as live hyperlinks.
    links: tuple[str, ...] = ()


@dataclass
class SummaryItem:
    label: str
    value: Any
    kind: str = ""  # FINDING/WARNING/OK or "" for plain figures
    fmt: str = INT
    note: str = ""  # what the figure means, in a clerk's words


@dataclass
class Result:
    tables: list[ResultTable] = field(default_factory=list)
    summary: list[SummaryItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    # A headline for the 요약 sheet and the GUI ("2026년 3월 초과근무 대사").
    headline: str = ""
    # Documents the runner put beside the workbook (declared artifacts), once they are in place.
    artifacts: list[WrittenArtifact] = field(default_factory=list)
    # What a rule set found (core.rule_engine): the findings and roll-up sheets, written after the
    # task's own tables, and the 규칙표 written before 실행정보. Kept apart from ``tables`` so a task
    # moved onto rules keeps exactly the sheets its clerks know.
    rule_tables: list[ResultTable] = field(default_factory=list)
    rule_table: ResultTable | None = None
    # Counts per severity and per rule, on the 요약 sheet under their own heading (not the GUI's cards,
    # which a task's own outcome counts already fill).
    rule_summary: list[SummaryItem] = field(default_factory=list)
    # Facts about this run the task wants on 실행정보 (label, value), e.g. a rule skipped because its
    # input was not given: the audit trail says what was not checked, not only the 요약.
    info: list[tuple[str, str]] = field(default_factory=list)

    def table(self, name: str) -> ResultTable:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)

    def summary_dict(self) -> dict[str, Any]:
        """Labels as keys, without the indent that nests a line under the one above it on the 요약 sheet."""
        return {item.label.strip(): _plain(item.value) for item in self.summary}


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)
