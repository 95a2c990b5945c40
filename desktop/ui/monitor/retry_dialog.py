"""The Retry form of one task: its original arguments, loaded off the GUI thread, editable.

The originals come from :func:`desktop.core.control.originals.fetch_originals` (the result
backend with ``result_extended``, else the message still queued or unacked in the broker,
else the event stream's reprs). Where they came from is said above the fields. When only
truncated reprs exist, the form says so and keeps the Retry button disabled until the user
has edited the arguments into valid JSON: a retry from a cut repr would be silently wrong.

Signals:
    loaded(object): the :class:`Originals` arrived and fill the form.
    submitted(object): ``{"name", "args", "kwargs", "options"}`` to retry with.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.control.originals import Originals
from desktop.ui.background import BackgroundRunner

_WARN = "background: #fff4ce; color: #6b4e00; padding: 4px 8px;"
_INFO = "color: #2e7d32; padding: 4px 8px;"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=repr)


def parse_form(args: str, kwargs: str, options: str) -> tuple[dict[str, Any] | None, str]:
    """``({"args", "kwargs", "options"}, "")`` from the fields' JSON, or ``(None, why)``."""
    translate = QCoreApplication.translate
    parsed: dict[str, Any] = {}
    for key, text, kind, wrong_kind in (
        ("args", args, list, translate("RetryDialog", "args must be a JSON list, like [1, 2]")),
        ("kwargs", kwargs, dict,
         translate("RetryDialog", 'kwargs must be a JSON object, like {"x": 1}')),
        ("options", options or "{}", dict,
         translate("RetryDialog", 'options must be a JSON object, like {"queue": "celery"}')),
    ):  # fmt: skip
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            why = translate("RetryDialog", "{0} is not valid JSON ({1}, line {2})")
            return None, why.format(key, exc.msg, exc.lineno)
        if not isinstance(value, kind):
            return None, wrong_kind
        parsed[key] = value
    return parsed, ""


class RetryDialog(QDialog):
    """Retry task ``task_id`` (named ``name``) with its original or edited arguments."""

    loaded = Signal(object)
    submitted = Signal(object)

    def __init__(
        self,
        task_id: str,
        name: str | None,
        load: Callable[[], Originals],
        runner: BackgroundRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Retry task"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(620, 420)
        self.task_id = task_id
        self.originals: Originals | None = None
        self._loaded_texts: tuple[str, str] | None = None
        self.source = QLabel(self.tr("Loading the original arguments…"))
        self.source.setWordWrap(True)
        self.name = QLineEdit(name or "")
        self.args = QPlainTextEdit()
        self.kwargs = QPlainTextEdit()
        self.options = QLineEdit("{}")
        self.options.setToolTip(self.tr("Send options as JSON: queue, priority, countdown…"))
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setWordWrap(True)
        for edit in (self.args, self.kwargs):
            edit.setTabChangesFocus(True)
            edit.setEnabled(False)
            edit.textChanged.connect(self._validate)
        self.name.textChanged.connect(self._validate)
        self.options.textChanged.connect(self._validate)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = buttons.addButton(
            self.tr("Retry"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setEnabled(False)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Task"), QLabel(f"<code>{task_id}</code>"))
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Args (JSON list)"), self.args)
        form.addRow(self.tr("Kwargs (JSON object)"), self.kwargs)
        form.addRow(self.tr("Options (JSON)"), self.options)
        column = QVBoxLayout(self)
        column.addWidget(self.source)
        column.addLayout(form, 1)
        column.addWidget(self.problem)
        column.addWidget(buttons)
        runner.submit(load, self._on_load_done, self._on_load_failed)

    # -- loading --------------------------------------------------------------------------

    def _on_load_done(self, originals: object) -> None:
        if not isinstance(originals, Originals):
            self._on_load_failed(TypeError(f"not originals: {originals!r}"))
            return
        self.originals = originals
        if not self.name.text() and originals.name:
            self.name.setText(originals.name)
        if originals.truncated:
            # the reprs as found, for the user to turn into whole JSON
            args = originals.args_repr if originals.args is None else _json(originals.args)
            kwargs = originals.kwargs_repr if originals.kwargs is None else _json(originals.kwargs)
            self._loaded_texts = (args, kwargs)
            note = self.tr("{0}. Retry stays disabled until you edit the arguments.").format(
                originals.note
            )
            self.source.setStyleSheet(_WARN)
        else:
            args, kwargs = _json(originals.args or []), _json(originals.kwargs or {})
            note = originals.note
            self.source.setStyleSheet(_WARN if not originals.exact else _INFO)
        self.source.setText(self.tr("{0} [source: {1}]").format(note, originals.source))
        self.args.setPlainText(args)
        self.kwargs.setPlainText(kwargs)
        if originals.options:
            self.options.setText(_json(originals.options))
        for edit in (self.args, self.kwargs):
            edit.setEnabled(True)
        self._validate()
        self.loaded.emit(originals)

    def _on_load_failed(self, exc: BaseException) -> None:
        error = f"{type(exc).__name__}: {exc}"
        self.source.setText(self.tr("Loading the originals failed: {0}").format(error))
        self.source.setStyleSheet(_WARN)

    # -- validation -----------------------------------------------------------------------

    @property
    def needs_edit(self) -> bool:
        """Only truncated reprs were found and the user has not changed them yet."""
        texts = (self.args.toPlainText(), self.kwargs.toPlainText())
        return self._loaded_texts is not None and texts == self._loaded_texts

    def values(self) -> tuple[dict[str, Any] | None, str]:
        """What a Retry would send, or ``(None, why not)``."""
        if self.originals is None:
            return None, self.tr("the original arguments are still loading")
        if not self.name.text().strip():
            return None, self.tr("the task name is empty")
        if self.needs_edit:
            return None, self.tr("only truncated argument reprs were found: edit them first")
        parsed, problem = parse_form(
            self.args.toPlainText(), self.kwargs.toPlainText(), self.options.text()
        )
        if parsed is None:
            return None, problem
        return {"name": self.name.text().strip(), **parsed}, ""

    @Slot()
    def _validate(self) -> None:
        values, problem = self.values()
        self.ok_button.setEnabled(values is not None)
        self.problem.setText("" if self.originals is None else problem)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        values, _problem = self.values()
        if values is not None:
            self.submitted.emit(values)
            self.accept()
