"""Task actions on the Tasks page: revoke, terminate with a signal, retry; one task or many.

They act on the selected tasks, or (the "all shown" actions) on every task the current
filter shows. Revoke and terminate are confirmed with the count of tasks ("Revoke 37
tasks?"); retrying one task opens a :class:`RetryDialog` with its original arguments;
retrying several asks first, then retries each whose full arguments can be found and reports
the others. Every action goes through an :class:`ActionRunner` (read-only profiles refuse,
each action is audited, the work runs off the GUI thread); replies land in a
:class:`ReplyPanel`. Shortcuts on the table: Del revoke, Shift+Del terminate (SIGTERM),
Ctrl+R retry.

Signals:
    action_finished(object): the ActionResult (or ``Refused``) of an action, once shown.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox, QToolBar, QToolButton, QWidget

from desktop.core.control.actions import ControlActions, close_control_app, control_app
from desktop.core.control.audit import AuditLog
from desktop.core.control.one_shot import run_control
from desktop.core.control.originals import Originals, fetch_originals
from desktop.core.control.results import ActionResult, ReplyStatus, WorkerReply
from desktop.core.events import TaskRecord
from desktop.core.processes.revoke_persistence import RevokeSurvival
from desktop.core.queues.inspect import QueueInspector
from desktop.ui.action_runner import ActionRunner
from desktop.ui.background import BackgroundRunner
from desktop.ui.monitor.action_replies import ReplyPanel
from desktop.ui.monitor.retry_dialog import RetryDialog
from desktop.ui.monitor.target_label import TargetLabel

SIGNALS = ("SIGTERM", "SIGKILL", "SIGINT", "SIGUSR1")
#: The actions, in toolbar order, with their keyboard shortcuts.
SHORTCUTS = {"revoke": "Del", "terminate": "Shift+Del", "retry": "Ctrl+R", "revoke_shown": "",
             "retry_shown": ""}  # fmt: skip


def action_texts() -> dict[str, tuple[str, str]]:
    """``key: (button text, what it does)`` in the UI language."""
    translate = QCoreApplication.translate
    return {
        "revoke": (
            translate("TaskActions", "Revoke"),
            translate("TaskActions", "Revoke: workers discard the task if it has not started"),
        ),
        "terminate": (
            translate("TaskActions", "Terminate"),
            translate("TaskActions", "Revoke and signal the process running the task"),
        ),
        "retry": (
            translate("TaskActions", "Retry…"),
            translate("TaskActions", "Send the task again, with its original or edited arguments"),
        ),
        "revoke_shown": (
            translate("TaskActions", "Revoke all shown…"),
            translate("TaskActions", "Revoke every task the current filter shows"),
        ),
        "retry_shown": (
            translate("TaskActions", "Retry all shown…"),
            translate("TaskActions", "Retry every task the current filter shows"),
        ),
    }


def describe_tasks(tasks: list[TaskRecord], *, short_id: bool = False) -> str:
    """``celery_desk_demo.tasks.add [1b2c…]`` for one task, ``37 tasks`` for several."""
    translate = QCoreApplication.translate
    if len(tasks) == 1:
        task = tasks[0]
        name = task.name or translate("TaskActions", "task")
        return f"{name} [{task.uuid[:8] if short_id else task.uuid}]"
    return translate("TaskActions", "%Ln tasks", None, len(tasks))


#: What a task's originals are looked up by: (id, name, argsrepr, kwargsrepr, queue).
Found = tuple[str, str | None, str | None, str | None, str | None]


def found_of(task: TaskRecord) -> Found:
    return task.uuid, task.name, task.args, task.kwargs, task.queue


def load_originals(url: str, backend_url: str | None, found: Found) -> Originals:
    """The originals of a task; blocks on the backend and broker (run it off the GUI thread).

    ``backend_url`` is the profile's result backend (None: none the app can read, so only
    the broker's queues and the event's reprs are looked at).
    """
    task_id, name, args, kwargs, queue = found
    app = control_app(url, result_backend=backend_url) if backend_url else None
    inspector = QueueInspector(url)
    try:
        return fetch_originals(
            task_id, backend_app=app, inspector=inspector, queues=[queue] if queue else None,
            name=name, argsrepr=args, kwargsrepr=kwargs,
        )  # fmt: skip
    finally:
        inspector.close()
        if app is not None:
            close_control_app(app)


def _writable() -> tuple[bool, str]:
    return False, ""


class TaskActions(QObject):
    """The task actions of one page; ``selection()`` and ``shown()`` give the tasks."""

    action_finished = Signal(object)

    def __init__(
        self,
        runner: BackgroundRunner,
        selection: Callable[[], list[TaskRecord]],
        shown: Callable[[], list[TaskRecord]],
        broker_url_provider: Callable[[], str | None],
        read_only_provider: Callable[[], tuple[bool, str]] | None = None,
        *,
        audit: AuditLog | None = None,
        timeout: float = 3.0,
        revoke_survival: Callable[[], RevokeSurvival] | None = None,
        backend_url_provider: Callable[[], str | None] | None = None,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._owner = parent
        # without a provider, the result backend is the broker's db (the demo's)
        self._backend_url = backend_url_provider or broker_url_provider
        self._revoke_survival = revoke_survival
        self._background = runner
        self._selection, self._shown, self._url = selection, shown, broker_url_provider
        self.timeout = timeout
        self.dialog: RetryDialog | None = None
        self.bulk_confirmation: QMessageBox | None = None
        self._running: list[str] = []
        self.runner = ActionRunner(runner, read_only_provider or _writable, parent, audit)
        self.runner.started.connect(self._on_runner_started)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)
        self.banner = QLabel()
        self.banner.setStyleSheet("background: #fff4ce; color: #6b4e00; padding: 4px 8px;")
        self.banner.hide()
        self.replies = ReplyPanel()
        self.actions: dict[str, QAction] = {}
        for key, (text, _tip) in action_texts().items():
            action = self.actions[key] = QAction(text, self)
            keys = SHORTCUTS[key]
            if keys:
                action.setShortcut(QKeySequence(keys))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _c=False, k=key: self.trigger(k))
        self.signal_menu = QMenu()
        self.signal_actions: dict[str, QAction] = {}
        for sig in SIGNALS:
            text = self.tr("Terminate with {0}").format(sig)
            act = self.signal_actions[sig] = self.signal_menu.addAction(text)
            act.triggered.connect(lambda _c=False, s=sig: self.trigger("terminate", s))
        self.actions["terminate"].setMenu(self.signal_menu)
        self.toolbar = self._make_toolbar()
        self.disabled_reason: str | None = None
        self.update_state()

    def _make_toolbar(self) -> QToolBar:
        bar = QToolBar(self.tr("Task actions"))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.target_label = TargetLabel()
        bar.addWidget(self.target_label)
        for key in ("revoke", "terminate", "retry", None, "revoke_shown", "retry_shown"):
            if key is None:
                bar.addSeparator()
            else:
                bar.addAction(self.actions[key])
        button = bar.widgetForAction(self.actions["terminate"])
        if isinstance(button, QToolButton):
            button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        return bar

    def attach(self, widget: QWidget) -> None:
        """Make the keyboard shortcuts work while ``widget`` (the table) has the focus."""
        for key in ("revoke", "terminate", "retry"):
            widget.addAction(self.actions[key])

    @property
    def confirmation(self) -> QMessageBox | None:
        """The open confirmation box (revoke, terminate or bulk retry), if any."""
        return self.runner.confirmation or self.bulk_confirmation

    # -- state ----------------------------------------------------------------------------

    def update_state(self) -> None:
        """Enable what can run now, or disable it saying why (read-only, no selection...)."""
        refusal = self.runner.refusal()
        selected = self._selection()
        base = refusal or (None if self._url() else self.tr("Not connected to a broker"))
        reasons = {
            "revoke": base or (None if selected else self.tr("Select one or more tasks")),
            "shown": base,  # not counted here: that would copy every shown task per click
        }
        self.disabled_reason = reasons["revoke"]
        if selected:
            who = describe_tasks(selected, short_id=True)
            self.target_label.set_full_text(self.tr("Act on {0}:").format(who))
        else:
            self.target_label.set_full_text(self.tr("Task actions:"))
        for key, (_text, tip) in action_texts().items():
            reason = reasons["shown" if key.endswith("_shown") else "revoke"]
            keys = SHORTCUTS[key]
            shortcut = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
            self.actions[key].setEnabled(reason is None)
            self.actions[key].setToolTip(reason or (f"{tip} ({shortcut})" if keys else tip))
        for act in self.signal_actions.values():
            act.setEnabled(self.disabled_reason is None)
        self.banner.setText(refusal or "")
        self.banner.setVisible(refusal is not None)

    def fill_menu(self, menu: QMenu) -> None:
        """Add the task actions to the table's context menu."""
        self.update_state()
        menu.setToolTipsVisible(True)
        menu.addAction(self.actions["revoke"])
        terminate = menu.addMenu(self.signal_menu)
        terminate.setText(self.tr("Terminate"))
        terminate.setEnabled(self.disabled_reason is None)
        menu.addAction(self.actions["retry"])
        menu.addSeparator()
        menu.addAction(self.actions["revoke_shown"])
        menu.addAction(self.actions["retry_shown"])

    # -- running --------------------------------------------------------------------------

    def trigger(self, key: str, signal: str = "SIGTERM") -> None:
        """Run ``key`` on the selected (or, for ``*_shown``, the filtered) tasks."""
        self.update_state()
        tasks = self._shown() if key.endswith("_shown") else self._selection()
        ids = [t.uuid for t in tasks]
        url = self._url()
        if self.runner.refusal() is not None:  # refused and audited by the gate
            self.runner.request(key.removesuffix("_shown"), ids, {}, lambda: None)
            return
        if url is None or not tasks:
            if url is None:
                self.replies.show_failure(self.tr("Not connected to a broker"))
            else:
                self.replies.show_failure(self.tr("No task to act on"))
            return
        if key in ("revoke", "revoke_shown", "terminate"):
            self._revoke(url, tasks, terminate=key == "terminate", signal=signal)
        elif len(tasks) == 1 and key == "retry":
            self._open_retry(url, tasks[0])
        else:
            self._confirm_bulk_retry(url, tasks)

    def _revoke(self, url: str, tasks: list[TaskRecord], *, terminate: bool, signal: str) -> None:
        ids, timeout = [t.uuid for t in tasks], self.timeout
        action = "terminate" if terminate else "revoke"
        params: dict[str, Any] = {"terminate": terminate, "signal": signal, "count": len(ids)}
        who = describe_tasks(tasks)
        if terminate:
            text = self.tr("Terminate {0} with {1}?").format(who, signal)
        else:
            text = self.tr("Revoke {0}?").format(who)

        def call() -> ActionResult:
            return run_control(url, timeout, lambda a: a.revoke(ids, terminate, signal))

        if terminate:
            detail = self.tr("Workers that have the task running kill it.")
        else:
            detail = self.tr(
                "Workers skip these tasks; one already running keeps running (use Terminate)."
            )
        survival = self._survival_text()
        if survival:
            detail += "\n\n" + survival
        self._request(action, ids, params, call, text=text, detail=detail)

    def _survival_text(self) -> str:
        """Per worker, whether the revoke outlives a restart: honest, never a promise."""
        if self._revoke_survival is None:
            return ""
        survival = self._revoke_survival()
        lines = []
        if survival.kept:
            lines.append(
                self.tr(
                    "Kept across a worker restart by: {0} (started here with a state file)"
                ).format(", ".join(survival.kept))
            )
        if survival.unknown:
            lines.append(
                self.tr(
                    "Forgotten when these restart, unless they were started with --statedb: {0}"
                ).format(", ".join(survival.unknown))
            )
        if not lines:
            lines.append(self.tr("No worker is online: a worker started later never hears it."))
        return "\n".join(lines)

    def _open_retry(self, url: str, task: TaskRecord) -> None:
        if self.dialog is not None:
            self.dialog.close()
        uuid, found, backend_url = task.uuid, found_of(task), self._backend_url()
        dialog = self.dialog = RetryDialog(
            uuid, task.name, lambda: load_originals(url, backend_url, found),
            self._background, self._owner,
        )  # fmt: skip
        dialog.submitted.connect(lambda values: self._retry_one(url, uuid, values))
        dialog.finished.connect(lambda _r: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: RetryDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _retry_one(self, url: str, uuid: str, values: Mapping[str, Any]) -> None:
        v, timeout = dict(values), self.timeout

        def call() -> ActionResult:
            return run_control(
                url, timeout,
                lambda a: a.retry(v["name"], v["args"], v["kwargs"], v["options"], uuid),
            )  # fmt: skip

        self._request("retry", [uuid], v, call)

    def _confirm_bulk_retry(self, url: str, tasks: list[TaskRecord]) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question, self.tr("Confirm"),
            self.tr("Retry {0}?").format(describe_tasks(tasks)), parent=self._owner,
        )  # fmt: skip
        box.setInformativeText(
            self.tr(
                "Each is sent again as a new task with its original arguments; tasks whose "
                "full arguments cannot be found are skipped and listed."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        yes = box.button(QMessageBox.StandardButton.Yes)

        def on_finished(_result: int) -> None:
            self.bulk_confirmation = None
            if box.clickedButton() is yes:
                self._retry_many(url, tasks)

        box.finished.connect(on_finished)
        self.bulk_confirmation = box
        box.open()

    def _retry_many(self, url: str, tasks: list[TaskRecord]) -> None:
        found = [found_of(t) for t in tasks]
        ids, timeout, backend_url = [t.uuid for t in tasks], self.timeout, self._backend_url()
        self._request(
            "retry", ids, {"count": len(ids), "bulk": True},
            lambda: retry_many(url, timeout, found, backend_url),
        )  # fmt: skip

    def _request(
        self, action: str, ids: list[str], params: Mapping[str, Any],
        call: Callable[[], Any], *, text: str = "", detail: str = "",
    ) -> None:  # fmt: skip
        self._running = ids if len(ids) <= 3 else [self.tr("%Ln tasks", "", len(ids))]
        self.runner.request(action, ids, params, call, confirm_text=text, confirm_detail=detail)

    @Slot(str)
    def _on_runner_started(self, label: str) -> None:
        self.replies.show_running(label, self._running, self.timeout)

    @Slot(object)
    def _on_runner_finished(self, result: object) -> None:
        self.replies.show_result(result)
        self.action_finished.emit(result)

    @Slot(str)
    def _on_runner_failed(self, message: str) -> None:
        self.replies.show_failure(message)


def retry_many(
    url: str, timeout: float, tasks: list[Found], backend_url: str | None = None
) -> ActionResult:
    """Retry each task whose full arguments are found (in ``backend_url``, the result
    backend, or the broker's queues); one reply line per task."""
    replies: list[WorkerReply] = []
    for found in tasks:
        uuid, originals = found[0], load_originals(url, backend_url, found)
        if originals.truncated or originals.args is None or not originals.name:
            skipped = QCoreApplication.translate(
                "TaskActions",
                "only truncated argument reprs exist: retry this task alone and edit them",
            )
            replies.append(WorkerReply(uuid, ReplyStatus.ERROR, skipped))
            continue
        sent = run_control(url, timeout, functools.partial(_retry, originals=originals))
        if sent.error is not None:
            replies.append(WorkerReply(uuid, ReplyStatus.ERROR, sent.error))
        else:
            text = QCoreApplication.translate("TaskActions", "sent as {0}").format(sent.task_id)
            replies.append(WorkerReply(uuid, ReplyStatus.OK, text))
    ids = tuple(t[0] for t in tasks)
    return ActionResult("retry", ids, {"count": len(ids), "bulk": True}, tuple(replies))


def _retry(actions: ControlActions, originals: Originals) -> ActionResult:
    return actions.retry(
        str(originals.name), originals.args or [], originals.kwargs, originals.options,
        originals.task_id,
    )  # fmt: skip
