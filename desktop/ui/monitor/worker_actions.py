"""Worker actions on the Workers page: a toolbar, the table's context menu, forms and replies.

Rate limit, time limits, pool grow/shrink, autoscale, add/cancel consumer, pool restart and
shutdown act on the selected workers. Actions that take values open a small non-modal form
(:mod:`worker_action_dialogs`) whose task and queue choices come from the workers' own
``inspect registered`` / ``active_queues`` answers (:class:`WorkerOffers`). Every action
goes through an :class:`ActionRunner`: destructive ones (cancel consumer, pool restart,
shutdown) are confirmed, a read-only profile refuses them, each is audited, and the
broadcast runs off the GUI thread. Each worker's reply (ok text, error text, "no reply
within N s") lands in the :class:`ReplyPanel`.

Signals:
    action_finished(object): the ActionResult (or ``Refused``) of an action, once shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelection,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox, QTableView, QToolBar, QWidget

from desktop.core.control.actions import ControlActions
from desktop.core.control.audit import AuditLog
from desktop.core.control.one_shot import run_control
from desktop.core.control.results import ActionResult
from desktop.core.inspect import WorkerInspector
from desktop.ui.action_runner import ActionRunner
from desktop.ui.background import BackgroundRunner
from desktop.ui.monitor.action_replies import ReplyPanel
from desktop.ui.monitor.target_label import TargetLabel
from desktop.ui.monitor.worker_action_dialogs import (
    ActionDialog,
    AutoscaleDialog,
    PoolSizeDialog,
    QueueDialog,
    RateLimitDialog,
    TimeLimitDialog,
)
from desktop.ui.monitor.worker_detail import WorkerDetail
from desktop.ui.monitor.worker_offers import WorkerOffers

Command = Callable[[ControlActions, Mapping[str, Any], list[str]], ActionResult]

#: The actions in toolbar order; None is a separator.
ACTION_ORDER: tuple[str | None, ...] = (
    "rate_limit", "time_limit", None, "pool_grow", "pool_shrink", "autoscale", None,
    "add_consumer", "cancel_consumer", None, "pool_restart", "shutdown",
)  # fmt: skip


def action_texts() -> dict[str, tuple[str, str]]:
    """``action: (button text, what it does)`` in the UI language."""
    translate = QCoreApplication.translate
    return {
        "rate_limit": (
            translate("WorkerActions", "Rate limit…"),
            translate("WorkerActions", "Limit how often a task type may start"),
        ),
        "time_limit": (
            translate("WorkerActions", "Time limits…"),
            translate("WorkerActions", "Soft and hard time limits for a task type"),
        ),
        "pool_grow": (
            translate("WorkerActions", "Grow pool…"),
            translate("WorkerActions", "Add pool processes"),
        ),
        "pool_shrink": (
            translate("WorkerActions", "Shrink pool…"),
            translate("WorkerActions", "Remove pool processes"),
        ),
        "autoscale": (
            translate("WorkerActions", "Autoscale…"),
            translate("WorkerActions", "Autoscaler bounds (workers started with --autoscale)"),
        ),
        "add_consumer": (
            translate("WorkerActions", "Add consumer…"),
            translate("WorkerActions", "Start consuming from a queue"),
        ),
        "cancel_consumer": (
            translate("WorkerActions", "Cancel consumer…"),
            translate("WorkerActions", "Stop consuming from one of the active queues"),
        ),
        "pool_restart": (
            translate("WorkerActions", "Restart pool"),
            translate(
                "WorkerActions",
                "Restart the pool processes (needs worker_pool_restarts, "
                "CELERY_WORKER_POOL_RESTARTS in Django settings)",
            ),
        ),
        "shutdown": (
            translate("WorkerActions", "Shut down"),
            translate("WorkerActions", "Warm shutdown: finish running tasks, then exit"),
        ),
    }


COMMANDS: dict[str, Command] = {
    "rate_limit": lambda a, p, d: a.rate_limit(p["task_name"], p["rate"], d),
    "time_limit": lambda a, p, d: a.time_limit(p["task_name"], p["soft"], p["hard"], d),
    "pool_grow": lambda a, p, d: a.pool_grow(p["n"], d),
    "pool_shrink": lambda a, p, d: a.pool_shrink(p["n"], d),
    "autoscale": lambda a, p, d: a.autoscale(p["max"], p["min"], d),
    "add_consumer": lambda a, p, d: a.add_consumer(p["queue"], d),
    "cancel_consumer": lambda a, p, d: a.cancel_consumer(p["queue"], d),
    "pool_restart": lambda a, p, d: a.pool_restart(d),
    "shutdown": lambda a, p, d: a.shutdown(d),
}
FORMS: dict[str, Callable[[str, QWidget], ActionDialog]] = {
    "rate_limit": RateLimitDialog,
    "time_limit": TimeLimitDialog,
    "pool_grow": lambda who, parent: PoolSizeDialog(True, who, parent),
    "pool_shrink": lambda who, parent: PoolSizeDialog(False, who, parent),
    "autoscale": AutoscaleDialog,
    "add_consumer": lambda who, parent: QueueDialog(False, who, parent),
    "cancel_consumer": lambda who, parent: QueueDialog(True, who, parent),
}


def confirm_detail(action: str) -> str:
    """What a destructive action does, under its confirmation question."""
    translate = QCoreApplication.translate
    details = {
        "cancel_consumer": translate(
            "WorkerActions", "Messages stay in the queue until some worker consumes it again."
        ),
        "pool_restart": translate(
            "WorkerActions",
            "The pool processes are replaced; it needs worker_pool_restarts enabled "
            "(CELERY_WORKER_POOL_RESTARTS in Django settings).",
        ),
        "shutdown": translate(
            "WorkerActions",
            "Each worker stops taking tasks, finishes the running ones and exits. It does not "
            "reply; nothing restarts it unless its supervisor does.",
        ),
    }
    return details.get(action, "")


DETAIL_REFRESH_MS = 1000


def describe_workers(hosts: list[str]) -> str:
    """``celery@a`` or ``3 workers (a, b, c)``, cut after five names."""
    if len(hosts) == 1:
        return hosts[0]
    names = ", ".join(hosts[:5]) + (", …" if len(hosts) > 5 else "")
    text = QCoreApplication.translate("WorkerActions", "%Ln workers ({0})", None, len(hosts))
    return text.format(names)


def _writable() -> tuple[bool, str]:
    return False, ""


class WorkerActions(QObject):
    """The worker actions of one page; ``selection()`` names the selected workers."""

    action_finished = Signal(object)

    def __init__(
        self,
        runner: BackgroundRunner,
        selection: Callable[[], list[str]],
        read_only_provider: Callable[[], tuple[bool, str]] | None = None,
        *,
        audit: AuditLog | None = None,
        timeout: float = 3.0,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._owner = parent
        self._runner = runner
        self._selection = selection
        self.timeout = timeout
        self._url: str | None = None
        self._view: QTableView | None = None
        self._detail: WorkerDetail | None = None
        self.offers = WorkerOffers(runner, min(timeout, 2.0), self)
        self.offers.learned.connect(self._on_offers_learned)
        self._running: list[str] = []
        self._dialog_hosts: list[str] = []
        #: The open form, if any (tests fill it in).
        self.dialog: ActionDialog | None = None
        self.runner = ActionRunner(runner, read_only_provider or _writable, parent, audit)
        self.runner.started.connect(self._on_runner_started)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)
        self.banner = QLabel()
        self.banner.setStyleSheet("background: #fff4ce; color: #6b4e00; padding: 4px 8px;")
        self.banner.hide()
        self.replies = ReplyPanel()
        self.toolbar = QToolBar(self.tr("Worker actions"))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.target_label = TargetLabel()
        self.toolbar.addWidget(self.target_label)
        self.actions: dict[str, QAction] = {}
        texts = action_texts()
        for key in ACTION_ORDER:
            if key is None:
                self.toolbar.addSeparator()
                continue
            action = self.actions[key] = QAction(texts[key][0], self)
            action.triggered.connect(lambda _checked=False, k=key: self.trigger(k))
            self.toolbar.addAction(action)
        self.disabled_reason: str | None = None
        self.update_state()

    # -- wiring ---------------------------------------------------------------------------

    def attach(self, view: QTableView, detail: WorkerDetail) -> None:
        """Give ``view`` the context menu; follow its selection and ``detail``'s reports."""
        self._view, self._detail = view, detail
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._on_view_context_menu_requested)
        view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
        detail.report_loaded.connect(self.offers.take_report)

    def set_connection(self, url: str | None, inspector: WorkerInspector | None) -> None:
        """The broker to act through (None when disconnected) and its inspector."""
        self.offers.set_inspector(inspector, forget=url != self._url)
        self._url = url
        self.update_state()

    @property
    def confirmation(self) -> QMessageBox | None:
        """The open confirmation box of a destructive action, if any."""
        return self.runner.confirmation

    # -- state ----------------------------------------------------------------------------

    def update_state(self) -> None:
        """Enable the actions, or disable them all saying why (read-only, no selection...)."""
        refusal = self.runner.refusal()
        hosts = self._selection()
        if refusal is not None:
            reason: str | None = refusal
        elif self._url is None:
            reason = self.tr("Not connected to a broker")
        elif not hosts:
            reason = self.tr("Select one or more workers")
        else:
            reason = None
        self.disabled_reason = reason
        who = describe_workers(hosts) if hosts else ""
        if hosts:
            self.target_label.set_full_text(self.tr("Act on {0}:").format(who))
        else:
            self.target_label.set_full_text(self.tr("Worker actions:"))
        for key, (_text, tip) in action_texts().items():
            self.actions[key].setEnabled(reason is None)
            self.actions[key].setToolTip(reason or self.tr("{0} on {1}").format(tip, who))
        self.banner.setText(refusal or "")
        self.banner.setVisible(refusal is not None)

    def context_menu(self) -> QMenu:
        """The table's context menu: the same actions as the toolbar."""
        self.update_state()
        menu = QMenu(self._owner)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.setToolTipsVisible(True)
        for key in ACTION_ORDER:
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions[key])
        return menu

    # -- running --------------------------------------------------------------------------

    def trigger(self, key: str) -> None:
        """Start ``key`` on the selected workers: its form first, if it takes values."""
        self.update_state()
        hosts = list(self._selection())
        if self.runner.refusal() is not None:  # refused and audited by the gate
            self._request(key, hosts, {})
            return
        if self.disabled_reason is not None:
            self.replies.show_failure(self.disabled_reason)
            return
        form = FORMS.get(key)
        if form is None:
            self._request(key, hosts, {})
            return
        if self.dialog is not None:
            self.dialog.close()
        targets = self.tr("On {0}").format(describe_workers(hosts))
        dialog = self.dialog = form(targets, self._owner)
        self._dialog_hosts = hosts
        dialog.update_choices(self.offers.tasks(hosts), self.offers.queues(hosts))
        dialog.submitted.connect(lambda params: self._request(key, hosts, params))
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()
        self.offers.learn(hosts)

    def _forget(self, dialog: ActionDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _request(self, key: str, hosts: list[str], params: Mapping[str, Any]) -> None:
        url, timeout, command = self._url, self.timeout, COMMANDS[key]
        params = dict(params)
        not_connected = self.tr("not connected to a broker")

        def call() -> ActionResult:
            if url is None:
                return ActionResult(key, tuple(hosts), params, error=not_connected)
            return run_control(url, timeout, lambda actions: command(actions, params, hosts))

        self._running = hosts
        self.runner.request(
            key,
            hosts,
            params,
            call,
            confirm_text=self._confirm_text(key, hosts, params),
            confirm_detail=confirm_detail(key),
        )

    def _confirm_text(self, key: str, hosts: list[str], params: Mapping[str, Any]) -> str:
        who = describe_workers(hosts)
        if key == "cancel_consumer":
            return self.tr("Stop {0} consuming from '{1}'?").format(who, params.get("queue", ""))
        if key == "pool_restart":
            return self.tr("Restart the pool of {0}?").format(who)
        if key == "shutdown":
            return self.tr("Shut down {0}?").format(who)
        return ""

    @Slot(str)
    def _on_runner_started(self, label: str) -> None:
        self.replies.show_running(label, self._running, self.timeout)

    @Slot(object)
    def _on_runner_finished(self, result: object) -> None:
        self.replies.show_result(result)
        if isinstance(result, ActionResult) and result.action != "shutdown":
            if result.action in ("add_consumer", "cancel_consumer"):
                self.offers.forget_queues(result.targets)
            # workers apply some changes (a pool resize) just after replying
            targets = result.targets
            QTimer.singleShot(DETAIL_REFRESH_MS, self, lambda: self._refresh_detail(targets))
        self.action_finished.emit(result)

    def _refresh_detail(self, targets: tuple[str, ...]) -> None:
        detail = self._detail
        if detail is not None and detail.hostname in targets:
            detail.refresh()  # show what the action changed

    @Slot(str)
    def _on_runner_failed(self, message: str) -> None:
        self.replies.show_failure(message)

    # -- slots ----------------------------------------------------------------------------

    @Slot()
    def _on_offers_learned(self) -> None:
        if self.dialog is not None:
            hosts = self._dialog_hosts
            self.dialog.update_choices(self.offers.tasks(hosts), self.offers.queues(hosts))

    @Slot(QItemSelection, QItemSelection)
    def _on_view_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        self.update_state()

    @Slot(QPoint)
    def _on_view_context_menu_requested(self, pos: QPoint) -> None:
        view = self._view
        if view is None:
            return
        index = view.indexAt(pos)
        if index.isValid() and not view.selectionModel().isRowSelected(index.row()):
            view.selectRow(index.row())
        self.context_menu().popup(view.viewport().mapToGlobal(pos))
