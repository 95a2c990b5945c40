"""The tasks table: a thin Qt adapter over the hub's :class:`EventStore`.

Rows are the store's tasks in arrival order (oldest first; the proxy shows newest first).
Each :class:`ChangeSet` the hub applies becomes: row removals (evicted tasks) in contiguous
blocks, ``dataChanged`` merged into row ranges with the roles that change, and one
``beginInsertRows`` block at the end for the new tasks. Only ``store_reset`` resets.

Rows hold the :class:`TaskRecord` objects themselves, so a paused view keeps showing tasks
the store evicted meanwhile. ``data()`` is a table lookup per role and column; raw values
sit under ``RAW_ROLE`` so sorting and filtering never parse display strings.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QObject, Slot

from desktop.core.events import ChangeSet, TaskRecord
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.monitor.record_table import RecordTableModel
from desktop.ui.monitor.task_columns import (
    CHANGED_ROLES,
    RAW_ROLE,
    STATE_ORDER,
    Column,
    state_colour,
)

__all__ = [
    "MERGE_GAP",
    "RAW_ROLE",
    "STATE_ORDER",
    "Column",
    "TaskTableModel",
    "row_ranges",
    "state_colour",
]

#: Row gaps up to this size are merged into one ``dataChanged`` range.
MERGE_GAP = 4


def row_ranges(rows: Iterable[int], gap: int = 0) -> list[tuple[int, int]]:
    """Sorted rows as inclusive ``(first, last)`` ranges, bridging gaps up to ``gap`` rows."""
    ranges: list[tuple[int, int]] = []
    for row in sorted(rows):
        if ranges and row <= ranges[-1][1] + 1 + gap:
            if row > ranges[-1][1]:
                ranges[-1] = (ranges[-1][0], row)
        else:
            ranges.append((row, row))
    return ranges


class TaskTableModel(RecordTableModel):
    """The hub's tasks, one row each, in arrival order."""

    def __init__(self, hub: MonitorHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hub = hub
        self._seqs: list[int] = []  # ascending, parallel to _records
        self._seq_of: dict[str, int] = {}
        self._next_seq = 0
        self._load(hub.store.tasks.values())
        hub.batch_applied.connect(self._on_hub_batch_applied)
        hub.store_reset.connect(self._on_hub_store_reset)

    # -- lookups ---------------------------------------------------------------------------

    def seq_of(self, uuid: str) -> int | None:
        """The arrival number of a task in this model (larger is newer)."""
        return self._seq_of.get(uuid)

    def row_of(self, uuid: str) -> int:
        seq = self._seq_of.get(uuid)
        if seq is None:
            return -1
        return bisect_left(self._seqs, seq)

    # -- applying the hub's batches -------------------------------------------------------

    @Slot(object)
    def _on_hub_batch_applied(self, changes: ChangeSet) -> None:
        self.apply_changes(changes)

    @Slot()
    def _on_hub_store_reset(self) -> None:
        self.beginResetModel()
        self._records, self._seqs, self._seq_of = [], [], {}
        self._load(self._hub.store.tasks.values())
        self.endResetModel()

    def apply_changes(self, changes: ChangeSet) -> None:
        """Removals in blocks, merged updates, then one insert block."""
        if changes.removed:
            self._remove(changes.removed)
        if changes.updated:
            rows = [r for r in map(self.row_of, changes.updated) if r >= 0]
            last_column = len(Column) - 1
            for first, last in row_ranges(rows, MERGE_GAP):
                self.dataChanged.emit(
                    self.index(first, 0), self.index(last, last_column), CHANGED_ROLES
                )
        if changes.inserted:
            tasks = self._hub.store.tasks
            new = [t for t in map(tasks.get, changes.inserted) if t is not None]
            new = [t for t in new if t.uuid not in self._seq_of]
            if new:
                start = len(self._records)
                self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
                self._load(new)
                self.endInsertRows()

    def _load(self, tasks: Iterable[TaskRecord]) -> None:
        seq = self._next_seq
        records, seqs, seq_of = self._records, self._seqs, self._seq_of
        for task in tasks:
            records.append(task)
            seqs.append(seq)
            seq_of[task.uuid] = seq
            seq += 1
        self._next_seq = seq

    def _remove(self, uuids: Iterable[str]) -> None:
        rows = [r for r in map(self.row_of, uuids) if r >= 0]
        # from the bottom up, so the rows of the blocks still to remove stay put
        for first, last in reversed(row_ranges(rows)):
            self.beginRemoveRows(QModelIndex(), first, last)
            for task in self._records[first : last + 1]:
                del self._seq_of[task.uuid]
            del self._records[first : last + 1]
            del self._seqs[first : last + 1]
            self.endRemoveRows()
