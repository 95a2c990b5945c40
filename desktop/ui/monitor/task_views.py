"""How the Tasks view's tables look: the live one and the history's are set up alike."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desktop.ui.monitor.task_columns import HIDDEN_BY_DEFAULT, Column

COLUMN_WIDTHS: Final = {
    Column.STATE: 100, Column.NAME: 190, Column.UUID: 100, Column.ARGS: 130,
    Column.KWARGS: 100, Column.RESULT: 190, Column.WORKER: 120, Column.QUEUE: 70,
    Column.RUNTIME: 72, Column.RETRIES: 52,
}  # fmt: skip
TIME_WIDTH: Final = 92
#: History spans days: its times carry the date.
DATED_TIME_WIDTH: Final = 150


def setup_task_table(table: QTableView) -> None:
    """Rows selected whole, one line each, no row numbers; sortable by a header click that
    a third click clears (back to the model's own order); menus asked for, not built in."""
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setCornerButtonEnabled(False)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setSortIndicatorClearable(True)
    header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    table.setSortingEnabled(True)


def size_columns(table: QTableView, time_width: int) -> None:
    """The default widths (``time_width`` for the time columns) and hidden columns."""
    for col in Column:
        table.setColumnWidth(col, COLUMN_WIDTHS.get(col, time_width))
        table.setColumnHidden(col, col in HIDDEN_BY_DEFAULT)
