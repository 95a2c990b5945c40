"""What the live and the history tables of tasks share: rows of :class:`TaskRecord`.

:class:`RecordTableModel` shows a list of records in the task columns (task_columns.py):
the headers with the display zone in the time columns' tooltips, the cells by table lookup,
and a repaint when the display zone changes. Its subclasses decide where the rows come from
(the hub's store for Live, journal pages for History) and keep ``_records`` up to date.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
    Slot,
)

from desktop.core.events import TaskRecord
from desktop.ui.monitor import timefmt
from desktop.ui.monitor.task_columns import (
    DISPLAY,
    TIME_COLUMNS,
    TOOLTIP,
    Column,
    fill_roles,
    headers,
    record_data,
)

AnyIndex = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel):
    """Task records, one row each, in the task columns."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[TaskRecord] = []
        timefmt.notifier().zone_changed.connect(self._on_zone_changed)

    @property
    def records(self) -> list[TaskRecord]:
        """The rows' records, in row order (do not modify)."""
        return self._records

    def record_at(self, row: int) -> TaskRecord | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    # -- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if role == DISPLAY:
                return headers()[Column(section)]
            if role == TOOLTIP and section in TIME_COLUMNS:
                title, zone = headers()[Column(section)], timefmt.formatter().zone_label()
                text = QCoreApplication.translate("RecordTableModel", "{0} (times in {1})")
                return text.format(title, zone)
        return None

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        return record_data(self._records[index.row()], index.column(), role)

    def multiData(self, index: AnyIndex, span: QModelRoleDataSpan | QModelRoleData) -> None:
        if index.isValid():
            fill_roles(self._records[index.row()], index.column(), span)

    @Slot(str)
    def _on_zone_changed(self, _zone: str) -> None:
        if self._records:
            last = self.index(len(self._records) - 1, len(Column) - 1)
            self.dataChanged.emit(self.index(0, 0), last, [DISPLAY, TOOLTIP])
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
