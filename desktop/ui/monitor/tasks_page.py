"""The Tasks view: a live, filterable, sortable table of tasks with a detail panel.

Toolbar: search (the query syntax of :mod:`desktop.core.events.query`), states, name,
worker, time range, pause/resume, export, clear. Under it the count of held tasks per state
(each a link that filters to that state). The table shows newest first until a header is
clicked (a third click returns to arrival order); the detail panel follows the selection.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.control.audit import AuditLog
from desktop.core.events import ChangeSet, TaskRecord
from desktop.core.events.export import export_tasks
from desktop.core.processes.revoke_persistence import RevokeSurvival
from desktop.ui.background import BackgroundRunner
from desktop.ui.locale_format import format_count
from desktop.ui.monitor import timefmt
from desktop.ui.monitor.backend_progress import BackendProgressPoller
from desktop.ui.monitor.history_model import HistoryTaskModel
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.monitor.journal_service import JournalService
from desktop.ui.monitor.live_view import LiveTableView
from desktop.ui.monitor.row_hold import RowHold
from desktop.ui.monitor.task_actions import TaskActions
from desktop.ui.monitor.task_columns import (
    STATE_COLOURS,
    Column,
    state_colour,
)
from desktop.ui.monitor.task_detail import TaskDetail
from desktop.ui.monitor.task_filters import FilterBar
from desktop.ui.monitor.task_menus import TaskMenus
from desktop.ui.monitor.task_model import TaskTableModel
from desktop.ui.monitor.task_proxy import TaskFilter, TaskProxyModel
from desktop.ui.monitor.task_views import TIME_WIDTH, setup_task_table, size_columns
from desktop.ui.monitor.tasks_history import REFRESH_LINK, TasksHistory

#: The counts follow the rows within the event-loop turn; this timer only catches what
#: changes without a batch for the views (the store while the view is paused).
COUNTS_INTERVAL_MS = 500


class TasksPage(QWidget):
    """The live tasks table of a :class:`MonitorHub`; with a ``runner``, its task actions;
    with a ``journal``, the history mode over every journaled task."""

    #: Queued to this page: the counts' update after the rows changed, once per turn.
    _counts_due = Signal()

    def __init__(
        self,
        hub: MonitorHub,
        parent: QWidget | None = None,
        *,
        runner: BackgroundRunner | None = None,
        broker_url_provider: Callable[[], str | None] | None = None,
        read_only_provider: Callable[[], tuple[bool, str]] | None = None,
        audit: AuditLog | None = None,
        revoke_survival: Callable[[], RevokeSurvival] | None = None,
        journal: JournalService | None = None,
        backend_url_provider: Callable[[], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._hub = hub
        self._selected: str | None = None
        self.model = TaskTableModel(hub, self)
        self.proxy = TaskProxyModel(self.model, self)
        self.filters = FilterBar(hub, self)
        self.counts = QLabel()
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.counts.linkActivated.connect(self._on_counts_link_activated)
        self.table = LiveTableView(hub)
        self.detail = TaskDetail(hub.store)
        #: The history mode (its switch hidden without a journal to browse).
        self.history = TasksHistory(journal or JournalService(lambda: None, self), self)
        self.history.switch.setVisible(journal is not None)
        #: The header's columns menu and the rows' menu, on both tables.
        self.menus = TaskMenus(self, self)
        self._setup_table()
        #: Revoke/terminate/retry (None without a background runner to act through).
        self.task_actions: TaskActions | None = None
        if runner is not None:
            self.task_actions = TaskActions(
                runner, self.selected_tasks, self._visible_records,
                broker_url_provider or (lambda: None), read_only_provider,
                audit=audit, revoke_survival=revoke_survival,
                backend_url_provider=backend_url_provider, parent=self,
            )  # fmt: skip
            self.task_actions.attach(self.table)
            self.task_actions.attach(self.history.table)
            self.detail.add_title_actions(
                [self.task_actions.actions[k] for k in ("revoke", "terminate", "retry")]
            )
        #: Progress that tasks report with update_state (None without a runner).
        self.backend_progress: BackendProgressPoller | None = None
        if runner is not None and broker_url_provider is not None:
            self.backend_progress = BackendProgressPoller(
                runner, self.detail, lambda: self._hub.store, broker_url_provider, self,
                backend_url_provider=backend_url_provider,
            )  # fmt: skip
        self.tables = QStackedWidget()
        self._lay_out()
        self._connect_parts()
        if journal is not None:
            self.history.attach_detail(self.detail)
            self.history.open_if_earlier_tasks(len(hub.store))

    def _lay_out(self) -> None:
        self.tables.addWidget(self.table)
        self.tables.addWidget(self.history.table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tables)
        splitter.addWidget(self.detail)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([450, 400])
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 0)
        column.addWidget(self.filters)
        counts_row = QHBoxLayout()
        counts_row.addWidget(self.history.switch)
        counts_row.addWidget(self.counts, 1)
        column.addLayout(counts_row)
        column.addWidget(self.history.coverage)
        if self.task_actions is not None:
            column.addWidget(self.task_actions.banner)
            column.addWidget(self.task_actions.toolbar)
            column.addWidget(self.task_actions.replies)
        column.addWidget(splitter, 1)

    def _connect_parts(self) -> None:
        hub = self._hub
        self.filters.filter_changed.connect(self._on_filters_filter_changed)
        self.filters.export_requested.connect(self._on_filters_export_requested)
        self.detail.task_activated.connect(self.select_task)
        hub.batch_applied.connect(self._on_hub_batch_applied)
        hub.store_reset.connect(self._on_hub_store_reset)
        self.proxy.rowsInserted.connect(self._on_proxy_rows_inserted)
        self.proxy.modelReset.connect(self._restore_selection)
        self.proxy.layoutChanged.connect(self._restore_selection)
        # The counts line says what the table shows: any change of rows (a batch, a filter,
        # a reset) or of states (a batch's dataChanged) brings it up to date at the end of
        # the turn. A batch may signal several insert blocks, removals and a layout change:
        # they cost one update (about 30 us, plus the label's relayout when its text changes).
        self._counts_pending = False
        self._counts_due.connect(self._on_counts_due, Qt.ConnectionType.QueuedConnection)
        hub.batch_applied.connect(self._schedule_counts)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._schedule_counts)
        self._counts_timer = QTimer(self)
        self._counts_timer.setInterval(COUNTS_INTERVAL_MS)
        self._counts_timer.timeout.connect(self._update_counts)
        self._counts_timer.start()
        self.history.mode_changed.connect(self._on_history_mode_changed)
        self.history.status_changed.connect(self._update_counts)
        self.history.names_found.connect(self.filters.offer_names)
        self.history.model.modelReset.connect(self._restore_selection)
        self._update_counts()

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self.proxy)
        setup_task_table(table)
        #: Keeps the rows under the user's hand still (and says how many new ones wait).
        self.row_hold = RowHold(table)
        size_columns(table, TIME_WIDTH)
        for view in (table, self.history.table):
            self.menus.attach(view)
            selection = view.selectionModel()
            selection.currentRowChanged.connect(self._on_selection_current_row_changed)
            selection.selectionChanged.connect(self._on_selection_changed)

    # -- public API ------------------------------------------------------------------------

    @property
    def rows(self) -> TaskProxyModel | HistoryTaskModel:
        """The rows shown: the live tasks, or the journal's in history mode."""
        return self.history.model if self.history.active else self.proxy

    @property
    def view(self) -> QTableView:
        """The table shown: the live one, or the history's."""
        return self.history.table if self.history.active else self.table

    def select_task(self, uuid: str) -> None:
        """Select the task (scrolling to it) and show it in the detail panel."""
        self._selected = uuid
        row = self.rows.row_of(uuid)
        if row >= 0:
            index = self.rows.index(row, 0)
            self.view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.scrollTo(index)
        self.detail.show_task(uuid)

    def _visible_records(self) -> list[TaskRecord]:
        return self.rows.visible_records()

    def selected_tasks(self) -> list[TaskRecord]:
        """The selected tasks, in the shown order."""
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        return [task for row in rows if (task := self.rows.record_at(row)) is not None]

    def visible_columns(self) -> list[Column]:
        return [col for col in Column if not self.table.isColumnHidden(col)]

    def set_column_visible(self, column: Column, visible: bool) -> None:
        self.table.setColumnHidden(column, not visible)
        self.history.table.setColumnHidden(column, not visible)

    # -- hub -------------------------------------------------------------------------------

    @Slot(object)
    def _on_hub_batch_applied(self, changes: ChangeSet) -> None:
        self.filters.note_tasks(changes.inserted)
        selected = self._selected
        if selected is not None and (selected in changes.updated or selected in changes.removed):
            self.detail.refresh()

    @Slot()
    def _on_hub_store_reset(self) -> None:
        self.detail.set_store(self._hub.store)
        self.filters.note_tasks(list(self._hub.store.tasks))
        self._update_counts()

    # -- filters, counts, export -----------------------------------------------------------

    @Slot(object)
    def _on_filters_filter_changed(self, task_filter: TaskFilter) -> None:
        self.proxy.set_filter(task_filter)
        self.history.set_filter(task_filter, self.filters.range_label())

    @Slot(bool)
    def _on_history_mode_changed(self, on: bool) -> None:
        self.tables.setCurrentWidget(self.history.table if on else self.table)
        self._restore_selection()
        self._on_selection_changed()

    @Slot()
    def _schedule_counts(self) -> None:
        if not self._counts_pending:
            self._counts_pending = True
            self._counts_due.emit()

    @Slot()
    def _on_counts_due(self) -> None:
        self._counts_pending = False
        self._update_counts()

    @Slot()
    def _update_counts(self) -> None:
        if self.history.active:
            self.counts.setText(self.history.status_html())
            return
        store = self._hub.store
        counts = store.state_counts()
        order = [s for s in STATE_COLOURS if s in counts] + sorted(
            s for s in counts if s not in STATE_COLOURS
        )
        chips = [
            f'<a href="{html.escape(state)}" style="color:{state_colour(state).name()};'
            f' text-decoration:none">● {html.escape(state)} {format_count(counts[state])}</a>'
            for state in order
        ]
        shown, held = format_count(self.proxy.rowCount()), format_count(len(store))
        if store.evicted:
            tail = self.tr("showing {0} of {1} tasks ({2} oldest dropped at the {3} cap)").format(
                shown, held, format_count(store.evicted), format_count(store.max_tasks)
            )
        elif len(store) == 1:  # English has no catalog: the singular needs a text of its own
            tail = self.tr("showing {0} of %Ln task", "", 1).format(shown)
        else:
            tail = self.tr("showing {0} of %Ln tasks", "", len(store)).format(shown)
        self.counts.setText(" &nbsp; ".join([*chips, html.escape(tail)]))
        self.filters.note_states(list(counts))
        if not len(store):
            text = self.tr(
                "No tasks yet. Tasks appear here the moment a worker sends events about "
                "them.\nNo worker running? Start one under Processes, or run the demo "
                "(celery-desk --demo)."
            )
            if self.history.switch.isVisibleTo(self):
                text += "\n\n" + self.tr("Tasks of earlier sessions are under History.")
            self.table.set_placeholder(text)
        elif not self.proxy.rowCount():
            self.table.set_placeholder(self.tr("No task held matches the search and filters."))
        else:
            self.table.set_placeholder("")

    @Slot(str)
    def _on_counts_link_activated(self, state: str) -> None:
        if state == REFRESH_LINK:
            self.history.reload()
        else:
            self.filters.set_states({state})

    @Slot(str)
    def _on_filters_export_requested(self, kind: str) -> None:
        suffix = ".json" if kind == "json" else ".csv"
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export visible tasks"),
            str(Path.home() / f"tasks-{time.strftime('%Y%m%d-%H%M%S')}{suffix}"),
            self.tr("JSON (*.json)") if kind == "json" else self.tr("CSV (*.csv)"),
        )
        if name:
            self.export_visible(Path(name))

    def export_visible(self, path: Path) -> int | None:
        """Write the shown tasks, in the shown order; a failure is reported in a dialog."""
        try:
            return export_tasks(self.rows.visible_records(), path, timefmt.formatter().iso)
        except OSError as exc:
            QMessageBox.warning(
                self, self.tr("Export failed"), self.tr("Cannot write {0}: {1}").format(path, exc)
            )
            return None

    # -- table -----------------------------------------------------------------------------

    @Slot(QModelIndex, QModelIndex)
    def _on_selection_current_row_changed(self, current: QModelIndex, _old: QModelIndex) -> None:
        if current.isValid() and current.model() is not self.rows:
            return  # the hidden table's selection
        task = self.rows.record_at(current.row()) if current.isValid() else None
        if task is not None and task.uuid != self._selected:
            self._selected = task.uuid
            self.detail.show_task(task.uuid)

    @Slot()
    def _on_selection_changed(self) -> None:
        if self.task_actions is not None:
            self.task_actions.update_state()

    @Slot()
    def _restore_selection(self) -> None:
        if self._selected is not None:
            row = self.rows.row_of(self._selected)
            if row >= 0 and self.view.currentIndex().row() != row:
                self.view.selectionModel().setCurrentIndex(
                    self.rows.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )

    @Slot(QModelIndex, int, int)
    def _on_proxy_rows_inserted(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        if self._selected is not None and not self.table.currentIndex().isValid():
            self._restore_selection()
