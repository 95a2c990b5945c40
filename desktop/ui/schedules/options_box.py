"""The entry's apply_async options: queue, priority and expires in fields; any other option
the file holds (routing_key, exchange, headers) is kept as it is and shown.

Signals:
    changed(): an option was edited.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.schedules.field_error import FieldError, WrappingLabel

FORM_OPTIONS = ("queue", "priority", "expires")


class OptionsBox(QGroupBox):
    """Queue, priority and expires; ``errors`` are keyed ``options.<name>``."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Options"))
        self._kept: dict[str, Any] = {}
        self.queue = QLineEdit()
        self.queue.setPlaceholderText(self.tr("default queue"))
        self.queue.setToolTip(
            self.tr("The queue to send to; empty: the task's route, or the default queue")
        )
        self.priority = QSpinBox()
        self.priority.setRange(-1, 255)
        self.priority.setSpecialValueText(self.tr("default", "priority"))
        self.priority.setToolTip(self.tr("0-255; the Redis transport uses 0-9"))
        self.expires = QDoubleSpinBox()
        self.expires.setRange(0, 10_000_000)
        self.expires.setSpecialValueText(self.tr("never", "expires"))
        self.expires.setSuffix(self.tr(" s", "seconds, after a number"))
        self.expires.setToolTip(
            self.tr("Seconds after sending when an unstarted task is discarded")
        )
        self.other_options = WrappingLabel()
        self.errors: dict[str, FieldError] = {}
        form = QFormLayout(self)
        form.addRow(self.tr("Queue"), self._with_error("options.queue", self.queue))
        form.addRow(self.tr("Priority"), self._with_error("options.priority", self.priority))
        form.addRow(self.tr("Expires"), self._with_error("options.expires", self.expires))
        form.addRow(self.other_options)
        self.queue.textChanged.connect(self.changed)
        self.priority.valueChanged.connect(self.changed)
        self.expires.valueChanged.connect(self.changed)

    def _with_error(self, key: str, widget: QWidget) -> QWidget:
        self.errors[key] = FieldError(widget)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        column.addWidget(self.errors[key])
        return box

    def load(self, options: dict[str, Any]) -> None:
        self.queue.setText(str(options.get("queue", "")))
        self.priority.setValue(int(options.get("priority", -1)))
        self.expires.setValue(float(options.get("expires", 0)))
        self._kept = {k: v for k, v in options.items() if k not in FORM_OPTIONS}
        kept = json.dumps(self._kept, ensure_ascii=False)
        self.other_options.set_plain(self.tr("Also kept: {0}").format(kept) if self._kept else "")
        self.other_options.setVisible(bool(self._kept))

    def options(self) -> dict[str, Any]:
        options = dict(self._kept)
        if self.queue.text().strip():
            options["queue"] = self.queue.text().strip()
        if self.priority.value() >= 0:
            options["priority"] = self.priority.value()
        if self.expires.value() > 0:
            value = self.expires.value()
            options["expires"] = int(value) if value.is_integer() else value
        return options
