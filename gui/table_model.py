"""Result tables on screen: a pandas-backed model, a filter proxy, and the view with its search box.

Sorting and filtering are done by pandas on whole columns (vectorised), not by Qt calling back into
Python once per row and comparison: a 100,000-row table stays quick to sort and search.
"""

from __future__ import annotations

import bisect
import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from core.masking import mask_text
from core.result import DATE, DATETIME, DECIMAL, ERROR, FINDING, HOURS, INT, MONEY, OK, WARNING, ResultTable

FILLS = {FINDING: "#FDE2E1", WARNING: "#FFF4CC", OK: "#E6F4EA", ERROR: "#F3E5F5"}
NUMERIC = {MONEY, INT, DECIMAL, HOURS}
Index = QModelIndex | QPersistentModelIndex
# The roles, looked up once: data() runs a few thousand times per paint, and each Qt.ItemDataRole.X
# attribute access builds an enum object in Python.
DISPLAY, TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
ALIGN, BACKGROUND = Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.BackgroundRole
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def show(value: Any, fmt: str = "") -> str:
    """A cell as the clerk sees it: dates and money formatted, any other text masked (mask_text).

    Sorting and searching go through here too, so a masked number can be neither found nor sorted on.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d" if fmt == DATE else "%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if isinstance(value, (int, np.integer)) and fmt in (MONEY, INT):
        return f"{int(value):,}"
    if isinstance(value, (Decimal, float, np.floating)) and fmt in NUMERIC:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return text
    return mask_text(str(value))


class DataFrameModel(QAbstractTableModel):
    """Rows live in blocks of ``BLOCK`` rows, turned into Python objects only when first shown.

    A 100,000-row result arrives from the worker in blocks; converting all of it at once would
    hold the GUI thread for a quarter of a second, so only the blocks on screen are converted.
    The view is told of the rows in steps too (``canFetchMore``/``fetchMore``): first ``FIRST``
    rows, then ``BLOCK`` more each time the clerk scrolls to the end, so a million-row table costs
    the view no more on arrival than a small one. ``total_rows`` is the whole table; sorting and
    searching always work on all of it.
    """

    BLOCK = 5000
    FIRST = 2000

    def __init__(
        self,
        df: pd.DataFrame | None = None,
        formats: dict[str, str] | None = None,
        highlight_by: str | None = None,
        highlight: dict[str, str] | None = None,
        parent: Any = None,
        *,
        blocks: list[pd.DataFrame] | None = None,
    ):
        super().__init__(parent)
        self._formats = formats or {}
        self._set_blocks(blocks if blocks is not None else [df if df is not None else pd.DataFrame()])
        self._columns = [str(c) for c in self._blocks[0].columns]
        self._fmt = [self._formats.get(c, "") for c in self._columns]
        self._highlight_by = highlight_by if highlight_by in self._columns else None
        self._highlight = {k: QColor(FILLS[v]) for k, v in (highlight or {}).items() if v in FILLS}
        self._hl_col = self._columns.index(self._highlight_by) if self._highlight_by else -1

    def _set_blocks(self, blocks: list[pd.DataFrame]) -> None:
        split: list[pd.DataFrame] = []
        for block in blocks:
            if len(block) <= self.BLOCK:
                split.append(block)
                continue
            for k in range(0, len(block), self.BLOCK):
                split.append(block.iloc[k : k + self.BLOCK])
        self._blocks = split or [blocks[0].iloc[:0]]
        self._starts = [0]
        for block in self._blocks:
            self._starts.append(self._starts[-1] + len(block))
        self._rows = self._starts[-1]
        self._loaded = min(self._rows, max(getattr(self, "_loaded", 0), self.FIRST))
        self._converted: dict[int, np.ndarray] = {}
        self._texts: dict[int, np.ndarray] = {}  # per block: each cell's text once shown (repaints reuse it)
        self._full: pd.DataFrame | None = None

    @classmethod
    def from_result(cls, table: ResultTable, blocks: list[pd.DataFrame] | None = None) -> DataFrameModel:
        formats = dict(table.formats)
        for name in table.df.columns:
            if name not in formats and pd.api.types.is_datetime64_any_dtype(table.df[name]):
                formats[name] = DATETIME
        return cls(table.df, formats, table.highlight_by, table.highlight, blocks=blocks)

    @property
    def df(self) -> pd.DataFrame:
        """The whole table (joined on first use: sorting and searching need it, showing does not)."""
        if self._full is None:
            self._full = pd.concat(self._blocks, ignore_index=True)
        return self._full

    def head(self, n: int) -> pd.DataFrame:
        return self._blocks[0].head(n)

    def _cell(self, row: int, column: int) -> Any:
        i = bisect.bisect_right(self._starts, row) - 1
        values = self._converted.get(i)
        if values is None:
            values = self._converted[i] = self._blocks[i].to_numpy(dtype=object)
        return values[row - self._starts[i], column]

    def _text(self, row: int, column: int) -> str:
        i = bisect.bisect_right(self._starts, row) - 1
        texts = self._texts.get(i)
        if texts is None:
            texts = self._texts[i] = np.full((len(self._blocks[i]), len(self._columns)), None, dtype=object)
        r = row - self._starts[i]
        text = texts[r, column]
        if text is None:
            text = texts[r, column] = show(self._cell(row, column), self._fmt[column])
        return str(text)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        """The rows the view knows of so far (see ``fetchMore``); ``total_rows`` is the whole table."""
        return 0 if parent.isValid() else self._loaded

    def total_rows(self) -> int:
        return self._rows

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._loaded < self._rows

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        """The clerk scrolled to the end of what is shown: one more block of rows."""
        if parent.isValid() or self._loaded >= self._rows:
            return
        more = min(self.BLOCK, self._rows - self._loaded)
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + more - 1)
        self._loaded += more
        self.endInsertRows()

    def fetch_all(self) -> None:
        """Every row in the view (a search filters the whole table: its proxy must see every row)."""
        if self._loaded < self._rows:
            self.beginInsertRows(QModelIndex(), self._loaded, self._rows - 1)
            self._loaded = self._rows
            self.endInsertRows()

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == DISPLAY or role == TOOLTIP:
            return self._text(r, c)
        if role == ALIGN:
            return RIGHT if self._fmt[c] in NUMERIC else LEFT
        if role == BACKGROUND and self._hl_col >= 0:
            return self._highlight.get(self._cell(r, self._hl_col))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section] if section < len(self._columns) else None
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        self.layoutAboutToBeChanged.emit()
        full = self.df
        series = full.iloc[:, column]
        key = (
            series.map(lambda v: show(v, self._fmt[column]))
            if series.dtype == object and self._fmt[column] not in NUMERIC
            else None
        )
        try:
            order_idx = (
                (key if key is not None else series)
                .sort_values(ascending=order == Qt.SortOrder.AscendingOrder, kind="stable", na_position="last")
                .index
            )
        except TypeError:  # mixed types: sort by what the clerk sees
            order_idx = series.map(str).sort_values(ascending=order == Qt.SortOrder.AscendingOrder, kind="stable").index
        self._set_blocks([full.loc[order_idx].reset_index(drop=True)])
        self.layoutChanged.emit()

    def search_mask(self, text: str) -> np.ndarray:
        """Rows where any cell, as shown, contains *text* (case-insensitive)."""
        needle = text.strip().lower()
        full = self.df
        mask = np.zeros(len(full), dtype=bool)
        if not needle:
            return ~mask
        for c, name in enumerate(self._columns):
            shown = full[name].map(lambda v, f=self._fmt[c]: show(v, f))
            mask |= shown.str.lower().str.contains(needle, regex=False).to_numpy(dtype=bool, na_value=False)
        return mask


class TableFilterProxy(QSortFilterProxyModel):
    """Filters by a mask pandas computed; sorting is handed to the pandas model."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._mask: np.ndarray | None = None
        self._text = ""

    def set_text(self, text: str) -> None:
        self._text = text
        self._refilter()

    def _refilter(self) -> None:
        source = self.sourceModel()
        self.beginFilterChange()
        self._mask = source.search_mask(self._text) if (source is not None and self._text.strip()) else None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return True if self._mask is None else bool(self._mask[source_row])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)
            if self._mask is not None:
                self._refilter()


class ResultTableView(QWidget):
    """One result table: its note, a search box, the row count, and the sortable view."""

    def __init__(self, table: ResultTable, parent: QWidget | None = None, blocks: list[pd.DataFrame] | None = None):
        super().__init__(parent)
        self.model = DataFrameModel.from_result(table, blocks)
        self.proxy = TableFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        # The view shows the model itself until the clerk searches: a proxy maps every row up front
        # (100 ms for 100,000 rows), which a table nobody filters should not pay on arrival.
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().hide()  # row numbers mean nothing in a result; asking for them costs
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.horizontalHeader().setStretchLastSection(True)
        self._fit_columns()
        self.search = QLineEdit()
        self.search.setPlaceholderText("표 안에서 찾기 (예: 과다지급, 이름, 부서)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.count = QLabel()
        self.count.setObjectName("muted")
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        if table.note:
            note = QLabel(table.note)
            note.setWordWrap(True)
            note.setObjectName("muted")
            layout.addWidget(note)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self._update_count()

    def _fit_columns(self) -> None:
        metrics = self.view.fontMetrics()
        df = self.model.head(30)
        values = df.to_numpy(dtype=object)
        for c, name in enumerate(df.columns):
            sample = [show(v, self.model._fmt[c]) for v in values[:, c]]
            width = max([metrics.horizontalAdvance(str(name)) + 28] + [metrics.horizontalAdvance(s) + 16 for s in sample])
            self.view.setColumnWidth(c, min(width, 320))

    def _filter(self, text: str) -> None:
        if text.strip():
            self.model.fetch_all()  # the proxy filters the rows its source reports: all of them
        self.proxy.set_text(text)
        wanted = self.proxy if text.strip() else self.model
        if self.view.model() is not wanted:
            header = self.view.horizontalHeader()
            column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
            widths = [self.view.columnWidth(c) for c in range(self.model.columnCount())]
            self.view.setModel(wanted)
            header = self.view.horizontalHeader()
            header.setSortIndicator(column, order)
            for c, width in enumerate(widths):
                self.view.setColumnWidth(c, width)
        self._update_count()

    def shown_rows(self) -> int:
        """Rows the clerk can reach: the whole table unfiltered (the rest load on scrolling), else the matches."""
        shown = self.view.model()
        return self.model.total_rows() if shown is self.model else shown.rowCount()

    def _update_count(self) -> None:
        total, shown = self.model.total_rows(), self.shown_rows()
        self.count.setText(f"{total:,}행" if shown == total else f"{total:,}행 중 {shown:,}행")
