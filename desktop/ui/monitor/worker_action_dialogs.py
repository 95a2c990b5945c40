"""The small forms the worker actions ask with: rate limit, time limits, pool size, autoscale,
add or cancel a consumer.

Each is a non-modal dialog (opened with ``open()``, deleted on close) whose fields are checked
as they are edited: what is wrong shows under the form and disables OK. Task and queue
choices are editable combos (a name nobody reported can still be typed), refilled by
:meth:`ActionDialog.update_choices` when the workers' answers arrive later.

Signals:
    submitted(dict): the checked parameters, on OK.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

#: Celery's rate syntax: a number of tasks, optionally per second, minute or hour.
_RATE = re.compile(r"^\d+(\.\d+)?(/[smh])?$")
MAX_SECONDS = 7 * 24 * 3600.0


def names_combo(names: Sequence[str], placeholder: str) -> QComboBox:
    """An editable combo of ``names`` whose completer matches anywhere in a name."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMinimumWidth(320)
    combo.addItems(list(names))
    combo.setCurrentIndex(-1)
    line = combo.lineEdit()
    if line is not None:
        line.setPlaceholderText(placeholder)
        line.setClearButtonEnabled(True)
    completer = combo.completer()
    if completer is not None:
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return combo


def refill(combo: QComboBox, names: Sequence[str]) -> None:
    """New choices for ``combo``, keeping what was typed."""
    text = combo.currentText()
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(list(names))
    combo.setCurrentIndex(-1)
    combo.blockSignals(False)
    combo.setEditText(text)


def seconds_box(special: str) -> QDoubleSpinBox:
    """Seconds, where 0 shows ``special`` (no limit)."""
    box = QDoubleSpinBox()
    box.setRange(0.0, MAX_SECONDS)
    box.setDecimals(1)
    box.setSuffix(QCoreApplication.translate("WorkerActionDialogs", " s"))
    box.setSpecialValueText(special)
    return box


class ActionDialog(QDialog):
    """A form for one worker action over the workers named in ``targets_text``."""

    submitted = Signal(dict)

    def __init__(self, title: str, targets_text: str, ok_text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(460)
        self.targets = QLabel(targets_text)
        self.targets.setWordWrap(True)
        self.form = QFormLayout()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #d32f2f;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.targets)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def check(self) -> str | None:
        """What is wrong with the fields, or None."""
        return None

    def parameters(self) -> dict[str, Any]:
        return {}

    def update_choices(self, tasks: Sequence[str], queues: Sequence[str]) -> None:
        """The workers' registered tasks and active queues, once known."""

    @Slot()
    def revalidate(self) -> None:
        problem = self.check()
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)
        self.ok_button.setEnabled(problem is None)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self.revalidate()
        if self.check() is None:
            self.submitted.emit(self.parameters())
            self.accept()


class _TaskDialog(ActionDialog):
    """A form that starts with a task type chosen among the registered ones."""

    def __init__(self, title: str, targets_text: str, ok_text: str, parent: QWidget) -> None:
        super().__init__(title, targets_text, ok_text, parent)
        self.task = names_combo((), self.tr("a registered task name, e.g. proj.tasks.add"))
        self.task.editTextChanged.connect(self.revalidate)
        self.form.addRow(self.tr("Task type:"), self.task)

    def task_name(self) -> str:
        return self.task.currentText().strip()

    def update_choices(self, tasks: Sequence[str], queues: Sequence[str]) -> None:
        refill(self.task, tasks)

    def check(self) -> str | None:
        return None if self.task_name() else self.tr("Choose or type a task type.")


class RateLimitDialog(_TaskDialog):
    """Rate limit for one task type: ``10/m``; empty removes the limit."""

    def __init__(self, targets_text: str, parent: QWidget) -> None:
        super().__init__(self.tr("Rate limit"), targets_text, self.tr("Set rate limit"), parent)
        self.rate = QLineEdit()
        self.rate.setPlaceholderText(self.tr("e.g. 10/m, 2/s, 100/h — empty removes the limit"))
        self.rate.textChanged.connect(self.revalidate)
        self.form.addRow(self.tr("Rate:"), self.rate)
        self.revalidate()

    def rate_text(self) -> str:
        return "".join(self.rate.text().split())

    def check(self) -> str | None:
        problem = super().check()
        rate = self.rate_text()
        if problem is None and rate and not _RATE.match(rate):
            typed = self.rate.text().strip()
            problem = self.tr("'{0}' is not a rate: use tasks per s, m or h, like 10/m.").format(
                typed
            )
        return problem

    def parameters(self) -> dict[str, Any]:
        return {"task_name": self.task_name(), "rate": self.rate_text()}


class TimeLimitDialog(_TaskDialog):
    """Soft and hard time limits for one task type (none removes a limit)."""

    def __init__(self, targets_text: str, parent: QWidget) -> None:
        super().__init__(self.tr("Time limits"), targets_text, self.tr("Set time limits"), parent)
        self.soft = seconds_box(self.tr("none"))
        self.hard = seconds_box(self.tr("none"))
        self.soft.valueChanged.connect(self.revalidate)
        self.hard.valueChanged.connect(self.revalidate)
        self.form.addRow(self.tr("Soft limit:"), self.soft)
        self.form.addRow(self.tr("Hard limit:"), self.hard)
        self.revalidate()

    def check(self) -> str | None:
        problem = super().check()
        soft, hard = self.soft.value(), self.hard.value()
        if problem is None and soft and hard and soft > hard:
            problem = self.tr("The soft limit must not exceed the hard limit.")
        return problem

    def parameters(self) -> dict[str, Any]:
        return {
            "task_name": self.task_name(),
            "soft": self.soft.value() or None,
            "hard": self.hard.value() or None,
        }


class PoolSizeDialog(ActionDialog):
    """How many pool processes to add (grow) or remove (shrink)."""

    def __init__(self, grow: bool, targets_text: str, parent: QWidget) -> None:
        title = self.tr("Grow pool") if grow else self.tr("Shrink pool")
        super().__init__(title, targets_text, title, parent)
        self.n = QSpinBox()
        self.n.setRange(1, 256)
        self.n.setValue(1)
        label = self.tr("Processes to add:") if grow else self.tr("Processes to remove:")
        self.form.addRow(label, self.n)
        self.revalidate()

    def parameters(self) -> dict[str, Any]:
        return {"n": self.n.value()}


class AutoscaleDialog(ActionDialog):
    """Autoscaler bounds (the worker must run with ``--autoscale``)."""

    def __init__(self, targets_text: str, parent: QWidget) -> None:
        super().__init__(self.tr("Autoscale"), targets_text, self.tr("Set autoscale"), parent)
        self.max = QSpinBox()
        self.max.setRange(1, 1024)
        self.max.setValue(4)
        self.min = QSpinBox()
        self.min.setRange(0, 1024)
        self.min.setValue(1)
        self.max.valueChanged.connect(self.revalidate)
        self.min.valueChanged.connect(self.revalidate)
        self.form.addRow(self.tr("Maximum processes:"), self.max)
        self.form.addRow(self.tr("Minimum processes:"), self.min)
        note = QLabel(self.tr("Only workers started with --autoscale accept this."))
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        self.form.addRow("", note)
        self.revalidate()

    def check(self) -> str | None:
        if self.min.value() > self.max.value():
            return self.tr("The minimum must not exceed the maximum.")
        return None

    def parameters(self) -> dict[str, Any]:
        return {"max": self.max.value(), "min": self.min.value()}


class QueueDialog(ActionDialog):
    """A queue to start (add) or stop (cancel) consuming from."""

    def __init__(self, cancel: bool, targets_text: str, parent: QWidget) -> None:
        title = self.tr("Cancel consumer") if cancel else self.tr("Add consumer")
        super().__init__(title, targets_text, title, parent)
        self.cancel = cancel
        if cancel:
            hint = self.tr("one of the worker's active queues")
        else:
            hint = self.tr("a queue name, e.g. emails")
        self.queue = names_combo((), hint)
        self.queue.editTextChanged.connect(self.revalidate)
        self.form.addRow(self.tr("Queue:"), self.queue)
        self.revalidate()

    def queue_name(self) -> str:
        return self.queue.currentText().strip()

    def update_choices(self, tasks: Sequence[str], queues: Sequence[str]) -> None:
        if self.cancel:
            refill(self.queue, queues)

    def check(self) -> str | None:
        return None if self.queue_name() else self.tr("Choose or type a queue name.")

    def parameters(self) -> dict[str, Any]:
        return {"queue": self.queue_name()}
