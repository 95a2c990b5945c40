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

from desktop.core.i18n import translate
from desktop.core.queues.inspect import (
    AGE_FIRST_SEEN,
    AGE_SENT_EVENT,
    AGE_TIMESTAMP,
    QueueInfo,
    QueueSnapshot,
)
from desktop.ui.locale_format import format_count, format_duration

RAW_ROLE = Qt.ItemDataRole.UserRole + 1
_WARN = QColor("#b35c00")
_DIM = QColor("#9a9a9a")
_COUNTS = frozenset({"total", "level", "in_flight"})
_Index = QModelIndex | QPersistentModelIndex
_MINUTE = 60


def _age_source(source: str) -> str:
    sources = {
        AGE_FIRST_SEEN: translate(
            "QueueTable",
            "lower bound: the time Celery Desk first saw this message "
            "(Celery messages carry no publish time)",
        ),
        AGE_SENT_EVENT: translate("QueueTable", "from the task's task-sent event"),
        AGE_TIMESTAMP: translate("QueueTable", "from the message's timestamp"),
    }
    return sources.get(source, "")


def format_age(seconds: float | None, lower_bound: bool = False) -> str:
    """``42 s``, ``3 min 05 s``, ``2 h 10 min``, ``3 d 4 h`` in the UI language; ``≥`` for a
    lower bound. Whole seconds: an age in a table needs no fractions."""
    if seconds is None:
        return ""
    s = int(seconds)
    if s < _MINUTE:
        text = translate("QueueTable", "{0} s", "seconds").format(s)
    else:
        text = format_duration(s)
    return f"≥ {text}" if lower_bound else text


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    key: str
    title: str
    step: int = -1


def columns_for(steps: tuple[int, ...]) -> tuple[ColumnSpec, ...]:
    """The columns for a transport's priority steps, titled in the UI language."""
    levels = tuple(ColumnSpec("level", f"P{step}", step) for step in steps)
    return (
        ColumnSpec("name", translate("QueueTable", "Queue")),
        ColumnSpec("total", translate("QueueTable", "Total")),
        *levels,
        ColumnSpec("consumers", translate("QueueTable", "Consumers")),
        ColumnSpec("in_flight", translate("QueueTable", "In flight")),
        ColumnSpec("oldest", translate("QueueTable", "Oldest waiting")),
        ColumnSpec("flags", translate("QueueTable", "Flags")),
    )


def flags_of(queue: QueueInfo) -> str:
    return translate("QueueTable", "no consumer") if queue.no_consumer else ""


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
            return translate(
                "QueueTable", "Messages waiting at priority level {0} (0 is taken first)"
            ).format(spec.step)
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
        return format_count(_raw(queue, spec))
    if spec.key == "consumers":
        return str(len(queue.consumers)) if queue.consumers_known else "?"
    if spec.key == "oldest":
        return format_age(queue.oldest_age, queue.oldest_source == AGE_FIRST_SEEN)
    return flags_of(queue)


def _consumers_tip(queue: QueueInfo) -> str:
    if not queue.consumers_known:
        return translate("QueueTable", "The workers' active queues are not known yet")
    return "\n".join(queue.consumers) or translate("QueueTable", "No worker consumes this queue")


def _tooltip(queue: QueueInfo, spec: ColumnSpec) -> str | None:
    tips: dict[str, Callable[[], str | None]] = {
        "name": lambda: translate("QueueTable", "{0}\nfound in: {1}").format(
            queue.name, ", ".join(sorted(queue.sources))
        ),
        "consumers": lambda: _consumers_tip(queue),
        "oldest": lambda: (
            None
            if queue.oldest_age is None
            else translate("QueueTable", "Age of the oldest waiting message: {0}").format(
                _age_source(queue.oldest_source)
            )
        ),
        "in_flight": lambda: translate(
            "QueueTable", "Delivered to a worker and not acknowledged yet (the unacked hash)"
        ),
        "flags": lambda: (
            translate(
                "QueueTable", "No worker consumes this queue: its messages wait until one does"
            )
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
