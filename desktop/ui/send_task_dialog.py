"""The "Send task…" dialog: publish any registered task with args, kwargs and options.

The task name is an editable combo filled with the workers' registered tasks, and the queue
combo with their active queues, both asked off the GUI thread when the dialog opens (and on
Reload). Args (a JSON list) and kwargs (a JSON object), the ETA and the expiry are checked as
they are typed: the problem shows under the field and Send stays disabled. Send goes through
an :class:`ActionRunner` (a read-only profile refuses it; it is audited) and runs off the GUI
thread; the new task id is shown, selectable, with a Copy button. The dialog is non-modal and
stays open for the next send.

Signals:
    sent(object): the ActionResult (or ``Refused``) of a send.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.control.audit import AuditLog
from desktop.core.control.catalog import Catalog, fetch_catalog
from desktop.core.control.guard import Refused
from desktop.core.control.one_shot import run_control
from desktop.core.control.results import ActionResult
from desktop.core.control.send_form import parse_args, parse_expires, parse_kwargs, parse_when
from desktop.ui.action_runner import ActionRunner
from desktop.ui.background import BackgroundRunner
from desktop.ui.monitor.worker_action_dialogs import names_combo, refill

ERROR_STYLE = "color: #c62828;"
HINT_STYLE = "color: palette(placeholder-text);"


def _json_box(text: str) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    line = box.fontMetrics().lineSpacing()
    box.setFixedHeight(line * 3 + 14)
    return box


def _note(style: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(style)
    label.hide()
    return label


class SendTaskDialog(QDialog):
    """Sends one task at a time to the broker of ``broker_url_provider()``."""

    sent = Signal(object)

    def __init__(
        self,
        runner: BackgroundRunner,
        broker_url_provider: Callable[[], str | None],
        read_only_provider: Callable[[], tuple[bool, str]],
        *,
        audit: AuditLog | None = None,
        timeout: float = 3.0,
        catalog_timeout: float = 1.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Send task"))
        self.setMinimumWidth(720)
        self._runner = runner
        self._url_provider = broker_url_provider
        self.timeout = timeout
        self.catalog_timeout = catalog_timeout
        self.catalog: Catalog | None = None
        self.problems: dict[str, str] = {}
        self.action_runner = ActionRunner(runner, read_only_provider, self, audit)
        self.action_runner.finished.connect(self._on_action_runner_finished)
        self.action_runner.failed.connect(self._on_action_runner_failed)
        self._last_task_id: str | None = None
        self._make_fields()
        self._lay_out()
        self._wire()
        self.revalidate()
        self.reload_catalog()

    def _make_fields(self) -> None:
        self.banner = QLabel()
        self.banner.setStyleSheet("background: #fff4ce; color: #6b4e00; padding: 4px 8px;")
        self.banner.hide()
        self.name = names_combo((), self.tr("a task name, e.g. proj.tasks.add"))
        self.reload_button = QPushButton(self.tr("Reload"))
        self.reload_button.setToolTip(self.tr("Ask the workers again for their registered tasks"))
        self.catalog_note = _note(HINT_STYLE)
        self.args = _json_box("[]")
        self.kwargs = _json_box("{}")
        self.args_problem, self.kwargs_problem = _note(ERROR_STYLE), _note(ERROR_STYLE)
        self.queue = names_combo((), self.tr("default routing"))
        self.queue.setMinimumWidth(160)
        self.routing_key = QLineEdit()
        self.routing_key.setPlaceholderText(self.tr("default"))
        self.priority = QSpinBox()
        self.priority.setRange(-1, 9)
        self.priority.setValue(-1)
        self.priority.setSpecialValueText(self.tr("default"))
        self.countdown = QDoubleSpinBox()
        self.countdown.setRange(0.0, 365 * 24 * 3600.0)
        self.countdown.setSuffix(self.tr(" s"))
        self.countdown.setSpecialValueText(self.tr("none"))
        self.eta = QLineEdit()
        self.eta.setPlaceholderText(self.tr("2030-01-31T09:00 (local time)"))
        self.expires = QLineEdit()
        self.expires.setPlaceholderText(self.tr("seconds or date/time"))
        self.options_problem = _note(ERROR_STYLE)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton(self.tr("Copy id"))
        self.copy_button.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.send_button = self.buttons.addButton(
            self.tr("Send"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.send_button.setDefault(True)

    def _lay_out(self) -> None:
        name_row = QHBoxLayout()
        name_row.addWidget(self.name, stretch=1)
        name_row.addWidget(self.reload_button)
        form = QFormLayout()
        form.addRow(self.tr("Task:"), name_row)
        form.addRow("", self.catalog_note)
        form.addRow(self.tr("Args (JSON list):"), self.args)
        form.addRow("", self.args_problem)
        form.addRow(self.tr("Kwargs (JSON object):"), self.kwargs)
        form.addRow("", self.kwargs_problem)
        options = QGroupBox(self.tr("Options"))
        grid = QGridLayout(options)
        cells = (
            (self.tr("Queue:"), self.queue, self.tr("Routing key:"), self.routing_key),
            (self.tr("Priority (0-9):"), self.priority, self.tr("Countdown:"), self.countdown),
            (self.tr("ETA:"), self.eta, self.tr("Expires:"), self.expires),
        )
        for row, (left, left_field, right, right_field) in enumerate(cells):
            grid.addWidget(QLabel(left), row, 0)
            grid.addWidget(left_field, row, 1)
            grid.addWidget(QLabel(right), row, 2)
            grid.addWidget(right_field, row, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.addWidget(self.options_problem, len(cells), 0, 1, 4)
        result_row = QHBoxLayout()
        result_row.addWidget(self.result_label, stretch=1)
        result_row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(options)
        layout.addLayout(result_row)
        layout.addWidget(self.buttons)

    def _wire(self) -> None:
        self.reload_button.clicked.connect(self.reload_catalog)
        self.name.editTextChanged.connect(self.revalidate)
        self.args.textChanged.connect(self.revalidate)
        self.kwargs.textChanged.connect(self.revalidate)
        self.eta.textChanged.connect(self.revalidate)
        self.expires.textChanged.connect(self.revalidate)
        self.buttons.rejected.connect(self.reject)
        self.send_button.clicked.connect(self.send)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)

    # -- the workers' tasks and queues ------------------------------------------------------

    @Slot()
    def reload_catalog(self) -> None:
        """Ask every worker for its registered tasks and active queues (off the GUI thread)."""
        url = self._url_provider()
        if url is None:
            self._show_note(self.catalog_note, self.tr("Not connected to a broker."))
            return
        self.reload_button.setEnabled(False)
        self._show_note(
            self.catalog_note, self.tr("Asking the workers for their registered tasks…")
        )
        timeout = self.catalog_timeout
        self._runner.submit(
            lambda: fetch_catalog(url, timeout), self._on_catalog, self._on_catalog_failed
        )

    def _on_catalog(self, catalog: Catalog) -> None:
        if not shiboken6.isValid(self):  # closed and deleted meanwhile
            return
        self.catalog = catalog
        self.reload_button.setEnabled(True)
        refill(self.name, catalog.tasks)
        refill(self.queue, catalog.queues)
        self._show_note(self.catalog_note, catalog.describe(self.catalog_timeout))

    def _on_catalog_failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.reload_button.setEnabled(True)
            self._show_note(
                self.catalog_note, self.tr("Cannot list registered tasks: {0}").format(exc)
            )

    # -- the form ----------------------------------------------------------------------------

    def values(self) -> tuple[str, list[Any], dict[str, Any], dict[str, Any]]:
        """(name, args, kwargs, options) as typed; call :meth:`revalidate` first."""
        args, _ = parse_args(self.args.toPlainText())
        kwargs, _ = parse_kwargs(self.kwargs.toPlainText())
        options: dict[str, Any] = {
            "queue": self.queue.currentText().strip() or None,
            "routing_key": self.routing_key.text().strip() or None,
            "priority": self.priority.value() if self.priority.value() >= 0 else None,
            "countdown": self.countdown.value() or None,
            "eta": parse_when(self.eta.text())[0],
            "expires": parse_expires(self.expires.text())[0],
        }
        options = {k: v for k, v in options.items() if v is not None}
        return self.name.currentText().strip(), args or [], kwargs or {}, options

    @Slot()
    def revalidate(self) -> None:
        """Check every field; show what is wrong under it and enable Send only when all is fine."""
        checks = {
            "args": parse_args(self.args.toPlainText())[1],
            "kwargs": parse_kwargs(self.kwargs.toPlainText())[1],
            "options": parse_when(self.eta.text())[1] or parse_expires(self.expires.text())[1],
        }
        self.problems = {k: v for k, v in checks.items() if v is not None}
        for key, label in (
            ("args", self.args_problem),
            ("kwargs", self.kwargs_problem),
            ("options", self.options_problem),
        ):
            self._show_note(label, self.problems.get(key, ""))
        refusal = self.action_runner.refusal()
        self.banner.setText(refusal or "")
        self.banner.setVisible(refusal is not None)
        blocked = refusal or next(iter(self.problems.values()), None)
        if blocked is None and not self.name.currentText().strip():
            blocked = self.tr("Choose or type a task name")
        self.send_button.setEnabled(blocked is None)
        self.send_button.setToolTip(blocked or self.tr("Publish the task"))

    @Slot()
    def send(self) -> None:
        """Publish the task as filled in (off the GUI thread); the outcome shows below."""
        self.revalidate()
        if self.problems or not self.name.currentText().strip():
            return  # a read-only profile still goes on: the gate refuses it, and audits that
        url = self._url_provider()
        name, args, kwargs, options = self.values()
        if url is None:
            self._show_result(self.tr("Not connected to a broker."), ok=False)
            return
        timeout = self.timeout
        params = {"name": name, "args": args, "kwargs": kwargs, "options": options}
        self.send_button.setEnabled(False)
        self._show_result(self.tr("Sending {0}…").format(name), ok=True)
        self.action_runner.request(
            "send_task",
            [name],
            params,
            lambda: run_control(url, timeout, lambda a: a.send_task(name, args, kwargs, options)),
        )

    @property
    def task_id(self) -> str | None:
        """The id of the task sent last."""
        return self._last_task_id

    # -- outcome ---------------------------------------------------------------------------

    @Slot(object)
    def _on_action_runner_finished(self, result: object) -> None:
        self.revalidate()
        if isinstance(result, ActionResult) and result.task_id is not None:
            self._last_task_id = result.task_id
            name = result.parameters.get("name", "")
            self._show_result(self.tr("Sent {0} as task {1}").format(name, result.task_id), ok=True)
            self.copy_button.show()
        elif isinstance(result, Refused):
            self._show_result(self.tr("Refused: {0}").format(result.reason), ok=False)
        elif isinstance(result, ActionResult):
            self._show_result(self.tr("Not sent: {0}").format(result.error), ok=False)
        self.sent.emit(result)

    @Slot(str)
    def _on_action_runner_failed(self, message: str) -> None:
        self.revalidate()
        self._show_result(self.tr("The send failed: {0}").format(message), ok=False)

    def _show_result(self, text: str, ok: bool) -> None:
        self.result_label.setText(text)
        self.result_label.setStyleSheet("color: #2e7d32; font-weight: bold;" if ok else ERROR_STYLE)
        self.copy_button.hide()

    @staticmethod
    def _show_note(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        if self._last_task_id:
            QGuiApplication.clipboard().setText(self._last_task_id)
