"""The tasks table over the whole journal: pages fetched on demand, off the GUI thread.

:class:`HistoryTaskModel` shows the rows of one :class:`JournalQuery` (the Tasks view's own
filter and a sort the journal can do). It holds only the pages the view has scrolled to:
the first ``PAGE`` rows come with the count of all matches, further pages when the view
asks (``canFetchMore``/``fetchMore``, the standard lazy-loading pair), so a million matches
never load at once. Each query and page runs on the :class:`JournalService`'s thread; the
answer replaces or extends the rows on the GUI thread.

A query is pinned to the moment it was asked (``until``): tasks journaled after it do not
shift the pages still to come (offsets stay valid), and :meth:`HistoryTaskModel.refresh`
asks again. Rows are unique by task id even if the journal moved between two pages.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Final

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal, Slot

from desktop.core.events import TaskRecord
from desktop.core.events.task_filter import TaskFilter
from desktop.core.history import JournalQuery, JournalReader, JournalTask, SortKey
from desktop.ui.monitor.journal_service import JournalService
from desktop.ui.monitor.record_table import AnyIndex, RecordTableModel
from desktop.ui.monitor.task_columns import Column

#: Rows per page fetched from the journal.
PAGE: Final = 200
#: The journal's sort for each column; columns it cannot sort by sort by when first seen.
SORT_OF_COLUMN: Final = {
    Column.STATE: SortKey.STATE, Column.NAME: SortKey.NAME, Column.UUID: SortKey.UUID,
    Column.ARGS: SortKey.ARGS, Column.KWARGS: SortKey.KWARGS, Column.RESULT: SortKey.RESULT,
    Column.WORKER: SortKey.WORKER, Column.QUEUE: SortKey.QUEUE, Column.RUNTIME: SortKey.RUNTIME,
}  # fmt: skip
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def pinned(query: JournalQuery, at: float) -> JournalQuery:
    """``query`` limited to tasks first seen by ``at`` (no later than its own ``until``)."""
    until = at if query.filter.until is None else min(query.filter.until, at)
    return dataclasses.replace(query, filter=dataclasses.replace(query.filter, until=until))


class HistoryTaskModel(RecordTableModel):
    """The journaled tasks one query selects, page by page.

    Signals:
        loaded(): a query's first page and count arrived (the rows were reset).
        failed(str): the journal could not be read (missing, or another error).
    """

    loaded = Signal()
    failed = Signal(str)

    def __init__(self, service: JournalService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._query = JournalQuery()
        self._asked: JournalQuery | None = None  # the pinned query the rows belong to
        self._generation = 0
        self._row_of: dict[str, int] = {}
        self._total = 0
        self._fetching = False
        self._ready = False
        #: When the shown rows were asked for (epoch seconds), None before the first answer.
        self.asked_at: float | None = None

    # -- what to show ----------------------------------------------------------------------

    @property
    def query(self) -> JournalQuery:
        return self._query

    @property
    def total(self) -> int:
        """How many journaled tasks match (the rows held may be fewer: pages to come)."""
        return self._total

    @property
    def ready(self) -> bool:
        """Whether an answer to the current query has arrived."""
        return self._ready

    def set_filter(self, task_filter: TaskFilter) -> None:
        self.set_query(dataclasses.replace(self._query, filter=task_filter))

    def set_filter_quietly(self, task_filter: TaskFilter) -> None:
        """Remember ``task_filter`` for the next :meth:`refresh` without asking now."""
        self._query = dataclasses.replace(self._query, filter=task_filter)

    def set_query(self, query: JournalQuery) -> None:
        """Show ``query`` (asked at once, answered when the journal has read it)."""
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        """Ask the current query again: new tasks, changed states."""
        self._generation += 1
        generation, asked_at = self._generation, time.time()
        query = pinned(self._query, asked_at)
        self._fetching = False
        self._service.cancel("history-more")

        def first_page(reader: JournalReader) -> tuple[int, list[JournalTask]]:
            reader.changed()  # from here on, a commit of the writer counts as a change
            return reader.count(query), reader.page(query, 0, PAGE)

        submitted = self._service.submit(
            "history-page",
            first_page,
            lambda found: self._on_first_page(generation, query, asked_at, found),
            self._on_failed,
        )
        if not submitted:
            self._on_failed("")

    # -- lookups ---------------------------------------------------------------------------

    def row_of(self, uuid: str) -> int:
        return self._row_of.get(uuid, -1)

    def visible_records(self) -> list[TaskRecord]:
        """The rows fetched so far, in the shown order (for export)."""
        return list(self._records)

    # -- QAbstractTableModel ---------------------------------------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._ready and len(self._records) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        asked = self._asked
        if parent.isValid() or self._fetching or asked is None or not self.canFetchMore():
            return
        self._fetching = True
        generation, offset = self._generation, len(self._records)
        self._service.submit(
            "history-more",
            lambda reader: reader.page(asked, offset, PAGE),
            lambda page: self._on_more(generation, page),
            self._on_failed,
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in the journal: by a column it can sort by, else newest first."""
        key = SORT_OF_COLUMN.get(Column(column)) if 0 <= column < len(Column) else None
        descending = order == Qt.SortOrder.DescendingOrder if key is not None else True
        query = JournalQuery(self._query.filter, key or SortKey.SEEN, descending)
        if query != self._query:
            self.set_query(query)

    # -- answers ---------------------------------------------------------------------------

    def _on_first_page(
        self,
        generation: int,
        query: JournalQuery,
        asked_at: float,
        found: tuple[int, list[JournalTask]],
    ) -> None:
        if generation != self._generation:
            return
        total, page = found
        self.beginResetModel()
        self._asked, self.asked_at, self._total, self._ready = query, asked_at, total, True
        self._records, self._row_of = [], {}
        self._append(page)
        self.endResetModel()
        self.loaded.emit()

    def _on_more(self, generation: int, page: list[JournalTask]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        fresh = [task for task in page if task.record.uuid not in self._row_of]
        if not page:
            self._total = len(self._records)  # the journal shrank (retention): stop asking
        if fresh:
            start = len(self._records)
            self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
            self._append(fresh)
            self.endInsertRows()

    def _append(self, page: list[JournalTask]) -> None:
        for task in page:
            record = task.record
            if record.uuid not in self._row_of:
                self._row_of[record.uuid] = len(self._records)
                self._records.append(record)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._fetching = False
        if self._records or self._total or not self._ready:
            self.beginResetModel()
            self._records, self._row_of, self._total, self._ready = [], {}, 0, True
            self.endResetModel()
        self.failed.emit(message)
