"""The Workers page: the live workers table over a detail panel fed by ``inspect``.

The table follows the hub's store (``batch_applied`` batches, ``store_reset`` rebuilds);
selecting a row loads :class:`WorkerDetail`. Pool and concurrency are not in heartbeats:
when new workers appear the page asks everyone ``inspect stats`` once, off the GUI thread,
and retries every 30 s for workers that have not answered yet. Worker actions (rate limit,
pool, consumers, shutdown...) act on the selected rows: see :class:`WorkerActions`.
With a journal, workers it saw that are not heard now have rows too ("not seen", greyed),
read off the GUI thread while the page is shown (:class:`WorkerJournal`); the detail panel
says when the journal saw the selected worker. Actions never target such a row.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QFont, QFontMetrics, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.control.audit import AuditLog
from desktop.core.events import ChangeSet
from desktop.core.history import WorkerSighting
from desktop.core.inspect import BroadcastReply, InspectReport, WorkerInspector, pool_summary
from desktop.ui.background import BackgroundRunner
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.monitor.journal_service import JournalService
from desktop.ui.monitor.live_view import LiveTableView
from desktop.ui.monitor.worker_actions import WorkerActions
from desktop.ui.monitor.worker_columns import RAW_ROLE, Column, headers
from desktop.ui.monitor.worker_detail import WorkerDetail
from desktop.ui.monitor.worker_journal import WorkerJournal, not_seen_since, seen_text
from desktop.ui.monitor.worker_model import WorkerTableModel

POOL_RETRY_MS = 30_000
#: A worker that has just come up answers inspect a moment after its first heartbeat:
#: ask again this soon, a few times, before falling back to POOL_RETRY_MS.
POOL_QUICK_RETRY_MS = 2_000
POOL_QUICK_RETRIES = 5
#: Widths of the columns whose text is longer than their title (the others fit the title).
COLUMN_WIDTHS = {Column.STATUS: 88, Column.HOSTNAME: 160, Column.LOADAVG: 104}
#: Room for a count up to a few hundred thousand, grouped.
COUNT_WIDTH_CHARS = 7
#: Room beside a column's title (the sorted column's arrow may cover part of a long one).
TITLE_PADDING = 12
#: Shown in the hostname's tooltip; the header's menu brings the column back.
HIDDEN_BY_DEFAULT = frozenset({Column.VERSION})
STATS_TIMEOUT = 1.5


class WorkerFilterProxy(QSortFilterProxyModel):
    """Sorts by raw values; hides offline workers on request and filters by hostname."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hide_offline = False
        self._text = ""
        self.setSortRole(RAW_ROLE)
        self.setDynamicSortFilter(True)

    def set_hide_offline(self, hide: bool) -> None:
        self.beginFilterChange()
        self._hide_offline = hide
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        if self._hide_offline:
            online = model.data(model.index(source_row, Column.STATUS, source_parent), RAW_ROLE)
            if online != 1:  # offline (0) or known only from the journal (-1)
                return False
        if self._text:
            host = model.data(model.index(source_row, Column.HOSTNAME, source_parent), RAW_ROLE)
            return isinstance(host, str) and self._text in host.casefold()
        return True


class WorkersPage(QWidget):
    """Workers table, filter bar and detail panel, live from a :class:`MonitorHub`."""

    def __init__(
        self,
        hub: MonitorHub,
        runner: BackgroundRunner,
        *,
        inspect_timeout: float = 2.0,
        read_only_provider: Callable[[], tuple[bool, str]] | None = None,
        audit: AuditLog | None = None,
        action_timeout: float = 3.0,
        clock: Callable[[], float] = time.time,
        journal: JournalService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._hub = hub
        self._runner = runner
        self._inspector: WorkerInspector | None = None
        self._remove_after: float | None = hub.store.workers.remove_offline_after
        self._stats_running = False
        self._stats_again = False
        self._resetting = False
        self._without_pool: set[str] = set()
        self.model = WorkerTableModel(hub.store, clock=clock, parent=self)
        self.proxy = WorkerFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = self._make_view()
        self.detail = WorkerDetail(runner, timeout=inspect_timeout)
        self.worker_actions = WorkerActions(
            runner, self.selected_hostnames, read_only_provider,
            audit=audit, timeout=action_timeout, parent=self,
        )  # fmt: skip
        self.worker_actions.attach(self.view, self.detail)
        self.summary = QLabel()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter by hostname"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_text)
        self.hide_offline = QCheckBox(self.tr("Hide offline"))
        self.hide_offline.toggled.connect(self.proxy.set_hide_offline)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, stretch=1)
        bar.addWidget(self.hide_offline)
        bar.addWidget(self.search)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.worker_actions.replies)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(2, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.worker_actions.banner)
        layout.addLayout(bar)
        layout.addWidget(self.worker_actions.toolbar)
        layout.addWidget(splitter, stretch=1)
        self._pool_timer, self._quick_timer = self._make_pool_timers()
        self._quick_retries = 0
        hub.batch_applied.connect(self._on_hub_batch_applied)
        hub.store_reset.connect(self._on_hub_store_reset)
        self.model.workers_added.connect(self._on_model_workers_added)
        self.model.rowsInserted.connect(self._update_summary)
        self.model.rowsRemoved.connect(self._update_summary)
        self.model.modelReset.connect(self._update_summary)
        self.detail.report_loaded.connect(self._on_detail_report_loaded)
        self.journal = WorkerJournal(journal, self)
        self.journal.sightings_changed.connect(self._on_journal_sightings_changed)
        self._update_summary()

    def _make_view(self) -> LiveTableView:
        view = LiveTableView(self._hub)
        view.setModel(self.proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(Column.HOSTNAME, Qt.SortOrder.AscendingOrder)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(24)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # as narrow as their titles and counts: fifteen columns share 1280 pixels
        digits = view.fontMetrics().horizontalAdvance("0" * COUNT_WIDTH_CHARS)
        bold = QFont(header.font())
        bold.setBold(True)
        titles = QFontMetrics(bold)
        for column in Column:
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            fitting = max(titles.horizontalAdvance(title) + TITLE_PADDING, digits)
            header.resizeSection(column, COLUMN_WIDTHS.get(column, fitting))
            view.setColumnHidden(column, column in HIDDEN_BY_DEFAULT)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_context_menu)
        view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
        return view

    def _make_pool_timers(self) -> tuple[QTimer, QTimer]:
        """The slow periodic stats retry, started, and the quick one-shot after a new worker."""
        slow = QTimer(self)
        slow.setInterval(POOL_RETRY_MS)
        slow.timeout.connect(self._on_pool_timer_timeout)
        slow.start()
        quick = QTimer(self)
        quick.setSingleShot(True)
        quick.setInterval(POOL_QUICK_RETRY_MS)
        quick.timeout.connect(self._on_pool_timer_timeout)
        return slow, quick

    # -- public API -----------------------------------------------------------------------

    def set_broker_url(self, url: str | None) -> None:
        """The broker to ``inspect`` through (None when disconnected)."""
        if self._inspector is not None:
            self._inspector.close()
        self._inspector = WorkerInspector(url) if url else None
        self._without_pool = self._live_hostnames()
        self.detail.set_inspector(self._inspector)
        self.worker_actions.set_connection(url, self._inspector)
        self._ask_stats()

    def set_remove_offline_after(self, seconds: float | None) -> None:
        """Drop workers offline for longer than ``seconds`` (None: keep them)."""
        self._remove_after = seconds
        self._hub.store.workers.remove_offline_after = seconds

    def select_worker(self, hostname: str) -> bool:
        """Select ``hostname``'s row (loading its detail); False if it is not shown."""
        row = self.model.row_of(hostname)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.view.selectRow(index.row())
        return True

    def selected_hostname(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        source = self.proxy.mapToSource(rows[0])
        return self.model.hostname_at(source.row())

    def selected_hostnames(self) -> list[str]:
        """Every selected worker, in table order (the actions' targets)."""
        rows = sorted(self.view.selectionModel().selectedRows(), key=lambda i: i.row())
        names = (self.model.hostname_at(self.proxy.mapToSource(i).row()) for i in rows)
        # a worker known only from the journal is not there to act on
        return [name for name in names if name is not None and not self.model.is_past(name)]

    def _live_hostnames(self) -> set[str]:
        """The workers that can answer ``inspect`` (not those known only from the journal)."""
        return {h for h in self.model.hostnames() if not self.model.is_past(h)}

    def close_inspector(self) -> None:
        """Release the inspect connection (the app is closing)."""
        self.set_broker_url(None)

    @Slot(QPoint)
    def _on_header_context_menu(self, pos: QPoint) -> None:
        """Which columns to show (the Tasks page's header has the same menu)."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        titles = headers()
        for column in Column:
            action = menu.addAction(titles[column])
            action.setCheckable(True)
            action.setChecked(not self.view.isColumnHidden(column))
            action.toggled.connect(lambda on, c=column: self.view.setColumnHidden(c, not on))
        menu.popup(self.view.horizontalHeader().mapToGlobal(pos))

    # -- pool and concurrency -------------------------------------------------------------

    def _ask_stats(self) -> None:
        inspector = self._inspector
        if inspector is None or not self._without_pool:
            return
        if self._stats_running:
            self._stats_again = True
            return
        self._stats_running = True
        self._runner.submit(
            lambda: (inspector, inspector.stats_all(timeout=STATS_TIMEOUT)),
            self._on_stats_done,
            self._on_stats_failed,
        )

    def _on_stats_done(self, outcome: tuple[WorkerInspector, BroadcastReply]) -> None:
        self._stats_running = False
        inspector, reply = outcome
        if inspector is self._inspector:
            for hostname, stats in reply.replies.items():
                self._take_stats(hostname, stats)
        if self._stats_again:
            self._stats_again = False
            self._ask_stats()
        elif not self._without_pool:
            self._quick_retries = 0
        elif self._quick_retries < POOL_QUICK_RETRIES:
            self._quick_retries += 1
            self._quick_timer.start()

    def _on_stats_failed(self, _exc: BaseException) -> None:
        self._stats_running = False

    def _take_stats(self, hostname: str, stats: Any) -> None:
        summary = pool_summary(stats)
        if summary is not None:
            self.model.set_pool_info(hostname, *summary)
            self._without_pool.discard(hostname)

    # -- slots ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.journal.set_active(True)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.journal.set_active(False)

    def _show_detail(self) -> None:
        """Load the selected worker into the detail panel: asked if live, else as journaled."""
        host = self.selected_hostname()
        sighting = None if host is None else self.model.sighting(host)
        if host is not None and sighting is not None and self.model.is_past(host):
            self.detail.show_past_worker(host, not_seen_since(sighting))
        else:
            self.detail.show_worker(host)
        self.detail.set_seen(seen_text(sighting))

    def _follow_selected(self) -> None:
        """The selected worker came back or left the store: the detail panel follows."""
        host = self.detail.hostname
        if host is not None and self.model.is_past(host) != self.detail.past:
            self._show_detail()

    @Slot(object)
    def _on_journal_sightings_changed(self, sightings: dict[str, WorkerSighting]) -> None:
        self.model.set_sightings(sightings)
        self._follow_selected()
        host = self.detail.hostname
        self.detail.set_seen(seen_text(None if host is None else self.model.sighting(host)))
        self._update_summary()

    @Slot(object)
    def _on_hub_batch_applied(self, changes: ChangeSet) -> None:
        self.model.apply_changes(changes)
        if changes.workers_changed or changes.workers_removed:
            self._follow_selected()
            self._update_summary()

    @Slot()
    def _on_hub_store_reset(self) -> None:
        store = self._hub.store
        store.workers.remove_offline_after = self._remove_after
        selected = self.selected_hostname()
        self._resetting = True  # keep the detail panel while the rows are rebuilt
        try:
            self.model.set_store(store)
            if selected is not None:
                self.select_worker(selected)
        finally:
            self._resetting = False
        self._show_detail()
        self._without_pool = self._live_hostnames()
        self._ask_stats()
        if self.isVisible():  # another profile may have another journal
            self.journal.reload()

    @Slot(list)
    def _on_model_workers_added(self, hostnames: list[str]) -> None:
        self._without_pool.update(hostnames)
        self._quick_retries = 0
        self._ask_stats()

    @Slot()
    def _on_pool_timer_timeout(self) -> None:
        self._ask_stats()

    @Slot(QItemSelection, QItemSelection)
    def _on_view_selection_changed(
        self, _selected: QItemSelection, _deselected: QItemSelection
    ) -> None:
        if not self._resetting:
            self._show_detail()

    @Slot(object)
    def _on_detail_report_loaded(self, report: InspectReport) -> None:
        stats = report.results.get("stats")
        if stats is not None and stats.ok:
            self._take_stats(report.hostname, stats.reply)

    @Slot()
    def _update_summary(self) -> None:
        workers = self._hub.store.workers
        total, online = len(workers), workers.online_count()
        offline = total - online
        if total == 1:
            parts = [self.tr("%Ln worker", "", total)]
        else:
            parts = [self.tr("%Ln workers", "", total)]
        parts.append(self.tr("%Ln online", "", online))
        if offline:
            parts.append(self.tr("%Ln offline", "", offline))
        past = self.model.past_count()
        if past:
            parts.append(self.tr("%Ln more in the journal", "", past))
        self.summary.setText(" · ".join(parts))
        self.view.set_placeholder(
            ""
            if total
            else self.tr(
                "No worker seen yet. A worker appears with its first heartbeat (workers send"
                " one every 2 s).\nNo worker running? Start one under Processes."
            )
        )
