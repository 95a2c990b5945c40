"""A table of the supervised processes: a thin adapter over ``Supervisor``.

Rows follow the supervisor's names in order of appearance. Raw values sit under
``RAW_ROLE`` so a sort proxy never parses display strings; the uptime column alone is
refreshed every second.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QBrush, QColor

from desktop.ui.locale_format import format_count
from desktop.ui.processes.adopted import AdoptedProcess
from desktop.ui.processes.guiprocess import ProcessState
from desktop.ui.processes.managed import ManagedProcess
from desktop.ui.processes.supervisor import Supervisor

RAW_ROLE = Qt.ItemDataRole.UserRole

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    KIND = 1
    STATE = 2
    PID = 3
    UPTIME = 4
    OUTCOME = 5
    RESTARTS = 6


NUMERIC_COLUMNS = (Column.PID, Column.UPTIME, Column.RESTARTS)
# Mid-tone colours stay readable on light and dark palettes.
STATE_COLOURS = {
    ProcessState.NOT_STARTED: QColor("#808080"),
    ProcessState.STARTING: QColor("#c77700"),
    ProcessState.RUNNING: QColor("#2e8b3a"),
    ProcessState.STOPPING: QColor("#c77700"),
    ProcessState.EXITED: QColor("#808080"),
    ProcessState.CRASHED: QColor("#d32f2f"),
    ProcessState.FAILED_TO_START: QColor("#d32f2f"),
}
# Sorting by state puts what needs attention first.
STATE_ORDER = {
    ProcessState.CRASHED: 0,
    ProcessState.FAILED_TO_START: 1,
    ProcessState.STARTING: 2,
    ProcessState.STOPPING: 3,
    ProcessState.RUNNING: 4,
    ProcessState.EXITED: 5,
    ProcessState.NOT_STARTED: 6,
}


def format_uptime(seconds: float | None) -> str:
    if seconds is None:
        return ""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


class ProcessTableModel(QAbstractTableModel):
    """The supervisor's processes, one row each."""

    def __init__(self, supervisor: Supervisor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._supervisor = supervisor
        self._names: list[str] = supervisor.names()
        supervisor.process_added.connect(self._on_supervisor_process_added)
        supervisor.process_removed.connect(self._on_supervisor_process_removed)
        supervisor.process_state_changed.connect(self._on_supervisor_process_state_changed)
        self._uptime_timer = QTimer(self)
        self._uptime_timer.setInterval(1000)
        self._uptime_timer.timeout.connect(self._on_uptime_timer_timeout)
        self._uptime_timer.start()

    # -- lookups ---------------------------------------------------------------------------

    def name_at(self, row: int) -> str | None:
        return self._names[row] if 0 <= row < len(self._names) else None

    def row_of(self, name: str) -> int:
        try:
            return self._names.index(name)
        except ValueError:
            return -1

    # -- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._names)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(Column)
        ):
            return self._headers()[Column(section)]
        return None

    def _headers(self) -> dict[Column, str]:
        return {
            Column.NAME: self.tr("Name"),
            Column.KIND: self.tr("Kind"),
            Column.STATE: self.tr("State"),
            Column.PID: self.tr("PID"),
            Column.UPTIME: self.tr("Uptime"),
            Column.OUTCOME: self.tr("Last outcome"),
            Column.RESTARTS: self.tr("Restarts"),
        }

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        name = self.name_at(index.row())
        entry = self._supervisor.get(name) if name is not None else None
        if entry is None or not 0 <= index.column() < len(Column):
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(entry, column)
        if role == RAW_ROLE:
            return self._raw(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        return self._decoration(entry, column, role)

    @staticmethod
    def _decoration(entry: ManagedProcess, column: Column, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and column is Column.STATE:
            return QBrush(STATE_COLOURS[entry.state])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _shown(self, entry: ManagedProcess, column: Column) -> str:
        if column is Column.STATE and entry.adopted:
            # Left running by an earlier session: it no longer stops with the app.
            return self.tr("{0} · detached").format(entry.state.label)
        return self._display(entry, column)

    @staticmethod
    def _display(entry: ManagedProcess, column: Column) -> str:
        pid = entry.pid
        texts = {
            Column.NAME: entry.name,
            Column.KIND: entry.spec.kind.label,
            Column.STATE: entry.state.label,
            Column.PID: "" if pid is None else str(pid),
            Column.UPTIME: format_uptime(entry.process.uptime()),
            Column.OUTCOME: entry.status_text(),
            Column.RESTARTS: format_count(entry.restarts),
        }
        return texts[column]

    def _raw(self, entry: ManagedProcess, column: Column) -> object:
        match column:
            case Column.STATE:
                return STATE_ORDER[entry.state]
            case Column.PID:
                pid = entry.pid
                return -1 if pid is None else pid
            case Column.UPTIME:
                uptime = entry.process.uptime()
                return -1.0 if uptime is None else uptime
            case Column.RESTARTS:
                return entry.restarts
            case _:
                return self._display(entry, column)

    def _tooltip(self, entry: ManagedProcess, column: Column) -> str | None:
        if column in (Column.NAME, Column.STATE) and isinstance(entry.process, AdoptedProcess):
            return self.tr(
                "Left running when Celery Desk quit; it goes on until you stop it here.\nLog: {0}"
            ).format(entry.process.record.log_path)
        if column is Column.NAME and entry.process.command is not None:
            return entry.process.command.display()
        if column is Column.OUTCOME:
            return entry.status_text() or None
        return None

    # -- supervisor slots ------------------------------------------------------------------

    @Slot(str)
    def _on_supervisor_process_added(self, name: str) -> None:
        if name in self._names:
            return
        row = len(self._names)
        self.beginInsertRows(QModelIndex(), row, row)
        self._names.append(name)
        self.endInsertRows()

    @Slot(str)
    def _on_supervisor_process_removed(self, name: str) -> None:
        row = self.row_of(name)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._names[row]
        self.endRemoveRows()

    @Slot(str)
    def _on_supervisor_process_state_changed(self, name: str) -> None:
        row = self.row_of(name)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    @Slot()
    def _on_uptime_timer_timeout(self) -> None:
        if self._names and self._supervisor.any_process_active():
            last = len(self._names) - 1
            self.dataChanged.emit(
                self.index(0, Column.UPTIME),
                self.index(last, Column.UPTIME),
                [Qt.ItemDataRole.DisplayRole, RAW_ROLE],
            )
