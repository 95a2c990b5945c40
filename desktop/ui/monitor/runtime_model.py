"""The dashboard's table of runtime percentiles per task name.

Rows keep the order in which task names first appeared (a sort proxy orders them); each
refresh inserts new names in one block and emits ``dataChanged`` only over rows whose
figures moved. Raw seconds sit under :data:`RAW_ROLE` for sorting.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from desktop.core.events.percentiles import RuntimeRow
from desktop.ui.locale_format import format_count
from desktop.ui.monitor.timefmt import format_duration

RAW_ROLE = Qt.ItemDataRole.UserRole

AnyIndex = QModelIndex | QPersistentModelIndex


class RuntimeColumn(IntEnum):
    NAME = 0
    COUNT = 1
    P50 = 2
    P90 = 3
    P99 = 4
    MAX = 5


def headers() -> dict[RuntimeColumn, str]:
    """The column titles in the UI language (percentiles keep their usual p50, p90, p99)."""
    translate = QCoreApplication.translate
    return {
        RuntimeColumn.NAME: translate("RuntimeModel", "Task name"),
        RuntimeColumn.COUNT: translate("RuntimeModel", "Count"),
        RuntimeColumn.P50: "p50",
        RuntimeColumn.P90: "p90",
        RuntimeColumn.P99: "p99",
        RuntimeColumn.MAX: translate("RuntimeModel", "Max"),
    }


def _raw(row: RuntimeRow, column: RuntimeColumn) -> object:
    values: dict[RuntimeColumn, object] = {
        RuntimeColumn.NAME: row.name,
        RuntimeColumn.COUNT: row.count,
        RuntimeColumn.P50: row.p50,
        RuntimeColumn.P90: row.p90,
        RuntimeColumn.P99: row.p99,
        RuntimeColumn.MAX: row.max,
    }
    return values[column]


class RuntimeModel(QAbstractTableModel):
    """One row per task name with runtimes: count, p50, p90, p99 and max."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RuntimeRow] = []
        self._index: dict[str, int] = {}

    def set_rows(self, rows: Sequence[RuntimeRow]) -> None:
        """Show ``rows``: new names appended, changed rows updated, a reset if names went."""
        names = {row.name for row in rows}
        if any(name not in names for name in self._index):
            self.beginResetModel()
            self._rows = list(rows)
            self._index = {row.name: i for i, row in enumerate(self._rows)}
            self.endResetModel()
            return
        changed: list[int] = []
        new: list[RuntimeRow] = []
        for row in rows:
            at = self._index.get(row.name)
            if at is None:
                new.append(row)
            elif self._rows[at] != row:
                self._rows[at] = row
                changed.append(at)
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for row in new:
                self._index[row.name] = len(self._rows)
                self._rows.append(row)
            self.endInsertRows()
        if changed:
            last_column = len(RuntimeColumn) - 1
            self.dataChanged.emit(
                self.index(min(changed), 0), self.index(max(changed), last_column)
            )

    def row_for(self, name: str) -> RuntimeRow | None:
        at = self._index.get(name)
        return None if at is None else self._rows[at]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(RuntimeColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(RuntimeColumn):
            return None
        column = RuntimeColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return headers()[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is RuntimeColumn.COUNT:
                return self.tr("Tasks of this name that finished with a runtime")
            if column is RuntimeColumn.MAX:
                return self.tr("The longest of the most recent runtimes kept")
            if column is not RuntimeColumn.NAME:
                return self.tr("Nearest-rank percentile over the most recent runtimes kept")
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            not index.isValid()
            or index.parent().isValid()
            or not 0 <= index.row() < len(self._rows)
            or not 0 <= index.column() < len(RuntimeColumn)
        ):
            return None
        row, column = self._rows[index.row()], RuntimeColumn(index.column())
        if role == RAW_ROLE:
            return _raw(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        numeric = column is not RuntimeColumn.NAME
        if numeric and role == Qt.ItemDataRole.ToolTipRole:
            return self._samples_tip(row.samples)
        if numeric and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _samples_tip(self, samples: int) -> str:
        if samples == 1:
            return self.tr("over the last %Ln runtime", "", samples)
        return self.tr("over the last %Ln runtimes", "", samples)


def _display(row: RuntimeRow, column: RuntimeColumn) -> str:
    if column is RuntimeColumn.NAME:
        return row.name
    if column is RuntimeColumn.COUNT:
        return format_count(row.count)
    value = _raw(row, column)
    return format_duration(value) if isinstance(value, float) else ""
