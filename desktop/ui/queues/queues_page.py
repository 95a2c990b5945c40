"""The Queues page (Redis broker): depths per priority, consumers, in flight, peek, purge.

Refreshed every ``interval_ms`` while visible and on demand (Refresh button, F5), always off
the GUI thread through a :class:`QueueRefresher` (a snapshot, plus a peek of the selected
queue, one read at a time). Consumers come from the workers' ``active_queues`` (from
``active_queues_provider`` when given, else asked by broadcast at most every 10 s).
Purge and Delete go through an :class:`ActionRunner`: confirmed first, run through a
``ControlGate`` (a read-only profile refuses them, and the page shows why) and appended to
the audit log.

Signals:
    refreshed(object): the :class:`QueueSnapshot` just shown.
    action_finished(object): the result (or ``Refused``) of a purge or delete.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.control.audit import AuditLog
from desktop.core.queues.inspect import QueueSnapshot
from desktop.core.queues.results import PeekedMessage
from desktop.ui.action_runner import ActionRunner
from desktop.ui.background import BackgroundRunner
from desktop.ui.locale_format import format_count
from desktop.ui.queues.peek_panel import PeekPanel
from desktop.ui.queues.queue_model import RAW_ROLE, QueueTableModel
from desktop.ui.queues.refresher import ActiveQueues, QueueRefresher, Refreshed


class QueuesPage(QWidget):
    """Queues table over a peek panel, with a summary line and the read-only banner."""

    refreshed = Signal(object)
    action_finished = Signal(object)

    def __init__(
        self,
        runner: BackgroundRunner,
        broker_url_provider: Callable[[], str | None],
        read_only_provider: Callable[[], tuple[bool, str]],
        *,
        audit: AuditLog | None = None,
        active_queues_provider: Callable[[], ActiveQueues | None] | None = None,
        sent_time_lookup: Callable[[str], float | None] | None = None,
        interval_ms: int = 2000,
        peek_count: int = 20,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self.refresher = QueueRefresher(
            runner, broker_url_provider, active_queues_provider, sent_time_lookup, self
        )
        self.refresher.refreshed.connect(self._on_refresher_refreshed)
        self.refresher.url_changed.connect(self._on_refresher_url_changed)
        self.refresher.failed.connect(self._on_refresher_failed)
        self.snapshot: QueueSnapshot | None = None
        self.action_runner = ActionRunner(runner, read_only_provider, self, audit)
        self.action_runner.started.connect(self._on_actions_started)
        self.action_runner.finished.connect(self._on_actions_finished)
        self.action_runner.failed.connect(self._on_actions_failed)
        self.model = QueueTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(RAW_ROLE)
        self.view = self._make_view()
        self.peek = PeekPanel(peek_count)
        self.summary = QLabel(self.tr("Not connected to a broker"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        # A line kept for it, so the first message does not shrink the tables above (measured
        # with Latin and CJK glyphs: a translation's fallback font may have taller lines).
        self.status.setText("Ag 中文")
        self.status.setMinimumHeight(self.status.heightForWidth(1000))
        self.status.clear()
        self.banner = QLabel()
        self.banner.setStyleSheet("background: #fff4ce; color: #6b4e00; padding: 4px 8px;")
        self.banner.hide()
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Refresh now (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        self.audit_button = QPushButton(self.tr("Audit log…"))
        self.audit_button.clicked.connect(self._on_audit_button_clicked)
        QShortcut(
            QKeySequence(Qt.Key.Key_F5), self, self.refresh,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )  # fmt: skip
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._layout()
        self.peek.purge_requested.connect(self._on_peek_purge_requested)
        self.peek.delete_requested.connect(self._on_peek_delete_requested)
        self.peek.count_changed.connect(self._on_peek_count_changed)

    def _make_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)  # the flags: their text starts at the left
        header.setMinimumSectionSize(56)
        view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
        return view

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.summary, stretch=1)
        bar.addWidget(self.audit_button)
        bar.addWidget(self.refresh_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.peek)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        column = QVBoxLayout(self)
        column.addWidget(self.banner)
        column.addLayout(bar)
        column.addWidget(splitter, stretch=1)
        column.addWidget(self.status)

    # -- refreshing -----------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Refresh now, rediscovering queue names and asking workers for their queues."""
        self._start_refresh(force=True)

    @Slot()
    def _on_timer_timeout(self) -> None:
        self._start_refresh()

    def _start_refresh(self, force: bool = False) -> None:
        self._apply_read_only()
        self.refresher.request(self.peek.queue, self.peek.count.value(), force)

    @Slot(object)
    def _on_refresher_url_changed(self, url: str | None) -> None:
        self.model.clear()
        self.peek.set_queue(None)
        self.snapshot = None
        self.summary.setText(
            self.tr("Connecting…") if url else self.tr("Not connected to a broker")
        )

    @Slot(str)
    def _on_refresher_failed(self, message: str) -> None:
        self.status.setText(self.tr("Refresh failed: {0}").format(message))

    @Slot(object)
    def _on_refresher_refreshed(self, result: Refreshed) -> None:
        snapshot = result.snapshot
        if snapshot.error is not None:
            self.summary.setText(self.tr("Cannot read the queues: {0}").format(snapshot.error))
            return
        self.snapshot = snapshot
        self.model.set_snapshot(snapshot)
        self.summary.setText(self._summary_text(snapshot))
        selected = self.peek.queue
        info = snapshot.queue(selected) if selected else None
        if selected is not None:
            self.peek.set_queue(selected, info.total if info else 0)
        if result.peek is not None:
            self.peek.show_peek(result.peek)
        self.refreshed.emit(snapshot)

    def _summary_text(self, snapshot: QueueSnapshot) -> str:
        count = len(snapshot.queues)
        queues = self.tr("%n queue", "", count) if count == 1 else self.tr("%n queues", "", count)
        waiting = sum(q.total for q in snapshot.queues)
        steps = "/".join(str(s) for s in snapshot.priority_steps)
        updated = time.strftime("%H:%M:%S", time.localtime(snapshot.taken_at))
        return self.tr(
            "{queues} · {waiting} waiting · {in_flight} in flight · priority levels {levels} · "
            "updated {time}"
        ).format(
            queues=queues,
            waiting=format_count(waiting),
            in_flight=format_count(snapshot.in_flight_total),
            levels=steps,
            time=updated,
        )

    # -- selection ------------------------------------------------------------------------

    @Slot(QItemSelection, QItemSelection)
    def _on_view_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.peek.set_queue(None)
            return
        queue = self.model.queue_at(self.proxy.mapToSource(rows[0]).row())
        self.peek.set_queue(queue.name, queue.total)
        self._start_refresh()

    def select_queue(self, name: str) -> bool:
        """Select the row of queue ``name``; False when it is not listed."""
        row = self.model.row_of(name)
        if row < 0:
            return False
        self.view.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
        return True

    @Slot(int)
    def _on_peek_count_changed(self, _count: int) -> None:
        self._start_refresh()

    # -- actions --------------------------------------------------------------------------

    @property
    def confirmation(self) -> QMessageBox | None:
        """The open confirmation box of a purge or delete, if any."""
        return self.action_runner.confirmation

    def _apply_read_only(self) -> None:
        reason = self.action_runner.refusal()
        self.banner.setText(reason or "")
        self.banner.setVisible(reason is not None)
        self.peek.set_refusal(reason)

    @Slot()
    def _on_peek_purge_requested(self) -> None:
        queue, inspector = self.peek.queue, self.refresher.inspector
        if queue is None or inspector is None:
            return
        info = self.snapshot.queue(queue) if self.snapshot else None
        total = info.total if info else self.peek.total
        in_flight = info.in_flight if info else 0
        if total == 1:
            question = self.tr("Purge %Ln message from '{0}'?", "", total)
        else:
            question = self.tr("Purge %Ln messages from '{0}'?", "", total)
        detail = self.tr(
            "Every priority level of the queue is emptied; this cannot be undone. "
            "Messages in flight ({0}) are not touched."
        )
        self.action_runner.request(
            "purge_queue", [queue], {"queue": queue, "waiting": total},
            lambda: inspector.purge(queue),
            confirm_text=question.format(queue),
            confirm_detail=detail.format(format_count(in_flight)),
        )  # fmt: skip

    @Slot(object)
    def _on_peek_delete_requested(self, message: PeekedMessage) -> None:
        inspector = self.refresher.inspector
        if inspector is None:
            return
        task = message.message.task
        ident = message.message.task_id or "?"
        if task:
            question = self.tr("Delete {0} [{1}] from '{2}'?").format(task, ident, message.queue)
        else:
            question = self.tr("Delete message [{0}] from '{1}'?").format(ident, message.queue)
        self.action_runner.request(
            "delete_message", [ident],
            {"queue": message.queue, "task": task or "message", "priority": message.step},
            lambda: inspector.delete_message(message),
            confirm_text=question,
            confirm_detail=self.tr("The message is removed from the queue and will never run."),
        )  # fmt: skip

    @Slot(str)
    def _on_actions_started(self, label: str) -> None:
        self.status.setText(self.tr("{0}…").format(label))

    @Slot(object)
    def _on_actions_finished(self, result: Any) -> None:
        self.status.setText(result.summary())
        self.action_finished.emit(result)
        self.refresh()

    @Slot(str)
    def _on_actions_failed(self, message: str) -> None:
        self.status.setText(self.tr("The action failed: {0}").format(message))

    @Slot()
    def _on_audit_button_clicked(self) -> None:
        from desktop.ui.audit_view import AuditDialog

        AuditDialog(self.action_runner.audit, self._runner, self).open()

    # -- visibility and lifetime ----------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._timer.start()
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.stop()

    def shutdown(self, wait: bool = False) -> None:
        """Stop refreshing and close the broker connection (on a thread unless ``wait``)."""
        self._timer.stop()
        self.refresher.shutdown(wait)
