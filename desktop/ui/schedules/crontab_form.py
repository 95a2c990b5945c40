"""The Crontab form: the five fields with help and errors at each, and preset buttons.

Each field is checked on its own with :func:`celery_desk_beat.crontab_fields.check_crontab_field`
(Celery's parser plus stricter checks: day of week 7, ``L``, ``#``...), and the whole with
Celery's ``crontab`` (a day that never comes, such as 31 February).
"""

from __future__ import annotations

from typing import Any

from celery_desk_beat.crontab_fields import CRONTAB_FIELDS, ScheduleSpecError, check_crontab_field
from PySide6.QtCore import QTime, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.schedules.cron_words import DAY_EN
from desktop.core.schedules.presets import (
    CrontabPreset,
    PresetKind,
    preset_fields,
    recognize_preset,
)
from desktop.ui.schedules.field_error import FieldError
from desktop.ui.schedules.schedule_forms import ScheduleForm

LABELS = {
    "minute": "Minute",
    "hour": "Hour",
    "day_of_week": "Day of week",
    "day_of_month": "Day of month",
    "month_of_year": "Month",
}
HELP = {
    "minute": "Minute, 0-59.\nExamples: * (every minute), 0, 0,30, */15 (every 15 minutes), "
    "5-59/15 (a step needs * or a range before it).",
    "hour": "Hour, 0-23, in the schedule's time zone.\nExamples: * (every hour), 9, 9-17, */2, "
    "22-2 (a range may wrap past midnight).",
    "day_of_week": "Day of week, 0-6: 0 is Sunday, and 7 is rejected. Or sun..sat.\n"
    "Examples: *, mon-fri, sat,sun, 1.\nIf day of month is set too, BOTH must match "
    "(Celery is not cron: cron would run on either).",
    "day_of_month": "Day of month, 1-31.\nExamples: *, 1, 1,15, 1-7.\nIf day of week is set "
    "too, BOTH must match. L (last day) and W are not supported.",
    "month_of_year": "Month, 1-12, or jan..dec.\nExamples: *, 1, jan,jul, mar-may.",
}
PRESET_LABELS = {
    PresetKind.EVERY_MINUTE: "Every minute",
    PresetKind.HOURLY: "Hourly",
    PresetKind.DAILY: "Daily",
    PresetKind.WEEKLY: "Weekly",
    PresetKind.MONTHLY: "Monthly",
}
PRESET_TIPS = {
    PresetKind.EVERY_MINUTE: "Every minute: * * * * *",
    PresetKind.HOURLY: "Every hour at the minute of 'at'",
    PresetKind.DAILY: "Every day at 'at'",
    PresetKind.WEEKLY: "Every week on the day of 'on', at 'at'",
    PresetKind.MONTHLY: "Every month on 'day', at 'at' (months without that day are skipped)",
}


class CrontabForm(ScheduleForm):
    """Five text fields, each with help and its own error line; presets fill them in."""

    kind = "crontab"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, QLineEdit] = {}
        self._filling = False
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for row, field in enumerate(CRONTAB_FIELDS):
            edit = QLineEdit("*")
            edit.setObjectName(f"crontab_{field}")
            edit.setToolTip(HELP[field])
            edit.setPlaceholderText("*")
            label = QLabel(LABELS[field])
            label.setToolTip(HELP[field])
            help_mark = QLabel("ⓘ")
            help_mark.setToolTip(HELP[field])
            self.fields[field] = edit
            self.errors[field] = FieldError(edit)
            grid.addWidget(label, row * 2, 0)
            grid.addWidget(edit, row * 2, 1)
            grid.addWidget(help_mark, row * 2, 2)
            grid.addWidget(self.errors[field], row * 2 + 1, 1, 1, 2)
            edit.textChanged.connect(self._on_input_changed)
            edit.textChanged.connect(self._on_field_text_changed)
        self.preset_buttons: dict[PresetKind, QPushButton] = {}
        buttons = QHBoxLayout()
        for kind, text in PRESET_LABELS.items():
            button = QPushButton(text)
            button.setCheckable(True)
            button.setToolTip(f"Fill the five fields. {PRESET_TIPS[kind]}")
            button.clicked.connect(lambda _=False, k=kind: self.apply_preset(k))
            self.preset_buttons[kind] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.at_time = QTimeEdit(QTime(9, 0))
        self.at_time.setDisplayFormat("HH:mm")
        self.weekday = QComboBox()
        for number, name in enumerate(DAY_EN):
            self.weekday.addItem(name, number)
        self.weekday.setCurrentIndex(1)
        self.month_day = QSpinBox()
        self.month_day.setRange(1, 31)
        params = QHBoxLayout()
        for text, widget in (("at", self.at_time), ("on", self.weekday), ("day", self.month_day)):
            params.addWidget(QLabel(text))
            params.addWidget(widget)
        params.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addLayout(params)
        layout.addLayout(grid)

    # -- presets ------------------------------------------------------------------------------

    def preset_from_inputs(self, kind: PresetKind) -> CrontabPreset:
        time = self.at_time.time()
        day = 0
        if kind is PresetKind.WEEKLY:
            day = int(self.weekday.currentData())
        elif kind is PresetKind.MONTHLY:
            day = self.month_day.value()
        return CrontabPreset(kind, time.minute(), time.hour(), day)

    def apply_preset(self, kind: PresetKind) -> None:
        """Fill the fields from the preset ``kind`` and the at/on/day inputs."""
        self._filling = True
        try:
            for field, value in preset_fields(self.preset_from_inputs(kind)).items():
                self.fields[field].setText(value)
        finally:
            self._filling = False
        self._on_field_text_changed("")

    def _mark_preset(self) -> None:
        found = recognize_preset(self.texts())
        for kind, button in self.preset_buttons.items():
            button.setChecked(found is not None and found.kind is kind)
        if found is not None and found.kind is not PresetKind.EVERY_MINUTE:
            self.at_time.setTime(QTime(found.hour, found.minute))
            if found.kind is PresetKind.WEEKLY:
                self.weekday.setCurrentIndex(found.day)
            elif found.kind is PresetKind.MONTHLY:
                self.month_day.setValue(found.day)

    @Slot(str)
    def _on_field_text_changed(self, _text: str) -> None:
        if self._filling:
            return
        self._mark_preset()
        self.show_errors(self.local_errors())

    # -- the schedule -------------------------------------------------------------------------

    def texts(self) -> dict[str, str]:
        return {field: edit.text().strip() or "*" for field, edit in self.fields.items()}

    def load(self, schedule: dict[str, Any]) -> None:
        self._filling = True
        try:
            for field, edit in self.fields.items():
                edit.setText(str(schedule.get(field, "*")))
        finally:
            self._filling = False
        self._on_field_text_changed("")

    def schedule_data(self) -> dict[str, Any]:
        return {"type": "crontab", **self.texts()}

    def local_errors(self) -> dict[str, str]:
        errors = {}
        for field, text in self.texts().items():
            try:
                check_crontab_field(field, text)
            except ScheduleSpecError as exc:
                errors[field] = exc.message
        return errors
