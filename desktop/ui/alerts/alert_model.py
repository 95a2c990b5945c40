"""The alerts table: firing and resolved alerts of the active profile, newest first.

Rows are the center's history records. A record fired or resolved resets the model (a few a
minute at most, from a list of at most 2,000); the numbers of firing alerts change every
tick and only their "Why" cells are announced then.
"""

from __future__ import annotations

import time
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.core.alerts.history import AlertRecord
from desktop.core.alerts.rules import Severity
from desktop.ui.alerts.center import AlertCenter
from desktop.ui.locale_format import format_age
from desktop.ui.monitor.timefmt import format_datetime, formatter

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    SEVERITY = 0
    STATE = 1
    RULE = 2
    SUBJECT = 3
    WHY = 4
    FIRED = 5
    RESOLVED = 6


def headers() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("AlertTable", "Severity"),
        QCoreApplication.translate("AlertTable", "State"),
        QCoreApplication.translate("AlertTable", "Rule"),
        QCoreApplication.translate("AlertTable", "About"),
        QCoreApplication.translate("AlertTable", "Why"),
        QCoreApplication.translate("AlertTable", "Fired"),
        QCoreApplication.translate("AlertTable", "Resolved"),
    )


SEVERITY_COLOURS = {
    Severity.INFO: "#1565c0",
    Severity.WARNING: "#b26a00",
    Severity.CRITICAL: "#c62828",
}


def severity_text(severity: Severity) -> str:
    return {
        Severity.INFO: QCoreApplication.translate("AlertTable", "info"),
        Severity.WARNING: QCoreApplication.translate("AlertTable", "warning"),
        Severity.CRITICAL: QCoreApplication.translate("AlertTable", "critical"),
    }[severity]


def state_text(record: AlertRecord) -> str:
    if record.firing:
        text = QCoreApplication.translate("AlertTable", "firing")
    else:
        text = QCoreApplication.translate("AlertTable", "resolved")
    if record.acknowledged_at is not None:
        text += QCoreApplication.translate("AlertTable", ", acknowledged")
    return text


def _clock(moment: float) -> str:
    """``14:03:07`` today (in the display zone), else ``2024-05-01 14:03``."""
    shown = formatter().to_datetime(moment)
    today = formatter().to_datetime(time.time()).date()
    return f"{shown:%H:%M:%S}" if shown.date() == today else f"{shown:%Y-%m-%d %H:%M}"


def _when(moment: float) -> str:
    return f"{_clock(moment)} ({format_age(time.time() - moment)})"


class AlertTableModel(QAbstractTableModel):
    """The center's history as a table."""

    def __init__(self, center: AlertCenter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._center = center
        self._records: list[AlertRecord] = list(center.history)
        self._headers = headers()
        center.changed.connect(self._on_center_changed)
        center.ticked.connect(self._on_center_ticked)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        horizontal = orientation is Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(Column):
            return self._headers[section]
        return None

    def record(self, row: int) -> AlertRecord | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def row_of(self, record_id: int) -> int:
        return next((i for i, r in enumerate(self._records) if r.record_id == record_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        column = Column(index.column())
        value: object = None
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._text(record, column)
        elif role == Qt.ItemDataRole.ToolTipRole:
            value = self._tooltip(record, column)
        elif role == Qt.ItemDataRole.ForegroundRole and column is Column.SEVERITY:
            value = QBrush(QColor(SEVERITY_COLOURS[record.severity]))
        elif role == Qt.ItemDataRole.FontRole and record.firing and record.acknowledged_at is None:
            font = QFont()
            font.setBold(True)
            value = font
        elif role == RECORD_ROLE:
            value = record.record_id
        return value

    def _tooltip(self, record: AlertRecord, column: Column) -> str | None:
        if column is Column.WHY:
            return self._center.history.latest_why(record)
        if column is Column.FIRED:
            return format_datetime(record.fired_at)
        if column is Column.RESOLVED and record.resolved_at is not None:
            return format_datetime(record.resolved_at)
        return None

    def _text(self, record: AlertRecord, column: Column) -> str:
        texts = {
            Column.SEVERITY: lambda: severity_text(record.severity),
            Column.STATE: lambda: state_text(record),
            Column.RULE: lambda: record.rule_name,
            Column.SUBJECT: lambda: record.subject or "—",
            Column.FIRED: lambda: _when(record.fired_at),
            Column.RESOLVED: lambda: _clock(record.resolved_at) if record.resolved_at else "",
            Column.WHY: lambda: self._center.history.latest_why(record),
        }
        return texts[column]()

    @Slot()
    def _on_center_changed(self) -> None:
        self.beginResetModel()
        self._records = list(self._center.history)
        self.endResetModel()

    @Slot()
    def _on_center_ticked(self) -> None:
        firing = [i for i, r in enumerate(self._records) if r.firing]
        if firing:
            self.dataChanged.emit(
                self.index(firing[0], Column.WHY), self.index(firing[-1], Column.FIRED),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
            )  # fmt: skip
