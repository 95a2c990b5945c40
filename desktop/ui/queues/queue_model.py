"""The queues table: one row per queue of a :class:`QueueSnapshot`.

Columns: queue, total, one per priority level of the transport (``P0``, ``P3``...), consumers,
in flight, oldest waiting message's age, flags. The level columns follow the snapshot's
``priority_steps``: when they change (another broker) the model resets; otherwise rows are
updated in place, removed and appended, each with its own signal. Raw values (ints, floats,
tuples) sit under :data:`RAW_ROLE` for sorting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.core.queues.inspect import (
    AGE_FIRST_SEEN,
    AGE_SENT_EVENT,
    AGE_TIMESTAMP,
    QueueInfo,
    QueueSnapshot,
)

RAW_ROLE = Qt.ItemDataRole.UserRole + 1
NO_CONSUMER = "no consumer"
_WARN = QColor("#b35c00")
_DIM = QColor("#9a9a9a")
_COUNTS = frozenset({"total", "level", "in_flight"})
_AGE_SOURCES = {
    AGE_FIRST_SEEN: "lower bound: the time Celery Desk first saw this message "
    "(Celery messages carry no publish time)",
    AGE_SENT_EVENT: "from the task's task-sent event",
    AGE_TIMESTAMP: "from the message's timestamp",
}
_Index = QModelIndex | QPersistentModelIndex


def format_age(seconds: float | None, lower_bound: bool = False) -> str:
    """``42 s``, ``3 min 5 s``, ``2 h 10 min``, ``3 d 4 h``; ``≥`` for a lower bound."""
    if seconds is None:
        return ""
    s = int(seconds)
    if s < 60:
        text = f"{s} s"
    elif s < 3600:
        text = f"{s // 60} min {s % 60} s"
    elif s < 86400:
        text = f"{s // 3600} h {s % 3600 // 60} min"
    else:
        text = f"{s // 86400} d {s % 86400 // 3600} h"
    return f"≥ {text}" if lower_bound else text


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    key: str
    title: str
    step: int = -1


def columns_for(steps: tuple[int, ...]) -> tuple[ColumnSpec, ...]:
    levels = tuple(ColumnSpec("level", f"P{step}", step) for step in steps)
    return (
        ColumnSpec("name", "Queue"),
        ColumnSpec("total", "Total"),
        *levels,
        ColumnSpec("consumers", "Consumers"),
        ColumnSpec("in_flight", "In flight"),
        ColumnSpec("oldest", "Oldest waiting"),
        ColumnSpec("flags", "Flags"),
    )


def flags_of(queue: QueueInfo) -> str:
    return NO_CONSUMER if queue.no_consumer else ""


class QueueTableModel(QAbstractTableModel):
    """Rows of :class:`QueueInfo`, in the order queues first appeared."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: tuple[int, ...] = ()
        self._columns = columns_for(())
        self._rows: list[QueueInfo] = []

    # -- updates --------------------------------------------------------------------------

    def set_snapshot(self, snapshot: QueueSnapshot) -> None:
        """Show ``snapshot``'s queues (an error snapshot is ignored: keep the last rows)."""
        if snapshot.error is not None:
            return
        if snapshot.priority_steps != self._steps:
            self.beginResetModel()
            self._steps = snapshot.priority_steps
            self._columns = columns_for(self._steps)
            self._rows = list(snapshot.queues)
            self.endResetModel()
            return
        fresh = {q.name: q for q in snapshot.queues}
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].name not in fresh:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        last = self.columnCount() - 1
        for row, old in enumerate(self._rows):
            new = fresh[old.name]
            if new != old:
                self._rows[row] = new
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        known = {q.name for q in self._rows}
        added = [q for q in snapshot.queues if q.name not in known]
        if added:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            self._rows.extend(added)
            self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    # -- lookups --------------------------------------------------------------------------

    @property
    def priority_steps(self) -> tuple[int, ...]:
        return self._steps

    def queue_at(self, row: int) -> QueueInfo:
        return self._rows[row]

    def row_of(self, name: str) -> int:
        return next((i for i, q in enumerate(self._rows) if q.name == name), -1)

    def column_of(self, key: str, step: int = -1) -> int:
        return next(
            i for i, c in enumerate(self._columns) if c.key == key and (step < 0 or c.step == step)
        )

    # -- Qt model API ---------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        spec = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.title
        if role == Qt.ItemDataRole.ToolTipRole and spec.key == "level":
            return f"Messages waiting at priority level {spec.step} (0 is taken first)"
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self._columns):
            return None
        queue, spec = self._rows[index.row()], self._columns[index.column()]
        role_of = _ROLES.get(role)
        return role_of(queue, spec) if role_of is not None else None


def _raw(queue: QueueInfo, spec: ColumnSpec) -> Any:
    values: dict[str, Any] = {
        "name": queue.name,
        "total": queue.total,
        "consumers": len(queue.consumers) if queue.consumers_known else -1,
        "in_flight": queue.in_flight,
        "oldest": queue.oldest_age if queue.oldest_age is not None else -1.0,
        "flags": flags_of(queue),
    }
    if spec.key == "level":
        return queue.depth(spec.step)
    return values[spec.key]


def _display(queue: QueueInfo, spec: ColumnSpec) -> str:
    if spec.key == "name":
        return queue.name
    if spec.key in ("total", "level", "in_flight"):
        return f"{_raw(queue, spec):,}"
    if spec.key == "consumers":
        return str(len(queue.consumers)) if queue.consumers_known else "?"
    if spec.key == "oldest":
        return format_age(queue.oldest_age, queue.oldest_source == AGE_FIRST_SEEN)
    return flags_of(queue)


def _consumers_tip(queue: QueueInfo) -> str:
    if not queue.consumers_known:
        return "The workers' active queues are not known yet"
    return "\n".join(queue.consumers) or "No worker consumes this queue"


def _tooltip(queue: QueueInfo, spec: ColumnSpec) -> str | None:
    tips: dict[str, Callable[[], str | None]] = {
        "name": lambda: f"{queue.name}\nfound in: {', '.join(sorted(queue.sources))}",
        "consumers": lambda: _consumers_tip(queue),
        "oldest": lambda: (
            None
            if queue.oldest_age is None
            else f"Age of the oldest waiting message: {_AGE_SOURCES.get(queue.oldest_source, '')}"
        ),
        "in_flight": lambda: "Delivered to a worker and not acknowledged yet (the unacked hash)",
        "flags": lambda: (
            "No worker consumes this queue: its messages wait until one does"
            if queue.no_consumer
            else None
        ),
    }
    tip = tips.get(spec.key)
    return tip() if tip is not None else None


def _alignment(_queue: QueueInfo, spec: ColumnSpec) -> int | None:
    if spec.key in ("name", "flags"):
        return None
    return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _foreground(queue: QueueInfo, spec: ColumnSpec) -> QBrush | None:
    if spec.key == "flags":
        return QBrush(_WARN) if queue.no_consumer else None
    if spec.key in _COUNTS and _raw(queue, spec) == 0:
        return QBrush(_DIM)  # zeros recede, so the levels that hold messages stand out
    return None


_ROLES: dict[int, Callable[[QueueInfo, ColumnSpec], Any]] = {
    RAW_ROLE: _raw,
    Qt.ItemDataRole.DisplayRole: _display,
    Qt.ItemDataRole.ToolTipRole: _tooltip,
    Qt.ItemDataRole.TextAlignmentRole: _alignment,
    Qt.ItemDataRole.ForegroundRole: _foreground,
}
