"""The Crontab form: the five fields with help and errors at each, and preset buttons.

Each field is checked on its own with :func:`celery_desk_beat.crontab_fields.check_crontab_field`
(Celery's parser plus stricter checks: day of week 7, ``L``, ``#``...), and the whole with
Celery's ``crontab`` (a day that never comes, such as 31 February).

The "at", "on" and "day" inputs are the parameters of the presets: while the fields are a
preset (its button is checked), changing one of them rewrites the fields at once; inputs the
active preset does not use are greyed out. Fields that are no preset leave all of them free
for the next preset pressed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, QTime, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from celery_desk_beat.crontab_fields import CRONTAB_FIELDS, ScheduleSpecError, check_crontab_field
from desktop.core.schedules.presets import (
    CrontabPreset,
    PresetKind,
    preset_fields,
    recognize_preset,
)
from desktop.ui.schedules.field_error import FieldError
from desktop.ui.schedules.schedule_forms import ScheduleForm
from desktop.ui.schedules.time_fields import TypableTimeEdit

#: Preset buttons per row: six in one row do not fit the editor's width in English.
PRESETS_PER_ROW = 3
#: Which of the at/on/day inputs each preset reads.
USES: dict[PresetKind, tuple[str, ...]] = {
    PresetKind.EVERY_MINUTE: (),
    PresetKind.HOURLY: ("at",),
    PresetKind.DAILY: ("at",),
    PresetKind.WEEKDAYS: ("at",),
    PresetKind.WEEKLY: ("at", "on"),
    PresetKind.MONTHLY: ("at", "day"),
}


class CrontabForm(ScheduleForm):
    """Five text fields, each with help and its own error line; presets fill them in."""

    kind = "crontab"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, QLineEdit] = {}
        self._filling = False
        self._syncing = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_presets())
        layout.addLayout(self._build_params())
        layout.addLayout(self._build_fields())

    def _build_fields(self) -> QGridLayout:
        labels, helps = self._labels(), self._helps()
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for row, field in enumerate(CRONTAB_FIELDS):
            edit = QLineEdit("*")
            edit.setObjectName(f"crontab_{field}")
            edit.setToolTip(helps[field])
            edit.setPlaceholderText("*")
            label = QLabel(labels[field])
            label.setToolTip(helps[field])
            help_mark = QLabel("ⓘ")
            help_mark.setToolTip(helps[field])
            self.fields[field] = edit
            self.errors[field] = FieldError(edit)
            grid.addWidget(label, row * 2, 0)
            grid.addWidget(edit, row * 2, 1)
            grid.addWidget(help_mark, row * 2, 2)
            grid.addWidget(self.errors[field], row * 2 + 1, 1, 1, 2)
            edit.textChanged.connect(self._on_input_changed)
            edit.textChanged.connect(self._on_field_text_changed)
        return grid

    def _build_presets(self) -> QGridLayout:
        self.preset_buttons: dict[PresetKind, QPushButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(4)
        for index, (kind, (text, tip)) in enumerate(self._presets().items()):
            button = QPushButton(text)
            button.setObjectName(f"preset_{kind.value}")
            button.setCheckable(True)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, k=kind: self.apply_preset(k))
            self.preset_buttons[kind] = button
            grid.addWidget(button, index // PRESETS_PER_ROW, index % PRESETS_PER_ROW)
        return grid

    def _build_params(self) -> QHBoxLayout:
        self.at_time = TypableTimeEdit(QTime(9, 0))
        self.at_time.setDisplayFormat("HH:mm")
        self.at_time.setToolTip(self.tr("The time of the preset (Hourly uses its minute)"))
        self.weekday = QComboBox()
        self.weekday.setToolTip(self.tr("The day of the Weekly preset"))
        locale = QLocale()
        for number in range(7):  # Celery's numbering: 0 is Sunday
            self.weekday.addItem(locale.dayName(number or 7), number)
        self.weekday.setCurrentIndex(1)
        self.month_day = QSpinBox()
        self.month_day.setRange(1, 31)
        self.month_day.setToolTip(self.tr("The day of the month of the Monthly preset"))
        self.param_labels = {
            "at": QLabel(self.tr("at", "the time of a preset")),
            "on": QLabel(self.tr("on", "the weekday of a preset")),
            "day": QLabel(self.tr("day", "the day of the month of a preset")),
        }
        self.params: dict[str, QWidget] = {
            "at": self.at_time,
            "on": self.weekday,
            "day": self.month_day,
        }
        row = QHBoxLayout()
        for key, widget in self.params.items():
            self.param_labels[key].setBuddy(widget)
            row.addWidget(self.param_labels[key])
            row.addWidget(widget)
        row.addStretch(1)
        self.at_time.timeChanged.connect(self._on_param_changed)
        self.weekday.currentIndexChanged.connect(self._on_param_changed)
        self.month_day.valueChanged.connect(self._on_param_changed)
        return row

    # -- texts (literals at the call site, so lupdate finds them) ------------------------------

    def _labels(self) -> dict[str, str]:
        return {
            "minute": self.tr("Minute"),
            "hour": self.tr("Hour"),
            "day_of_week": self.tr("Day of week"),
            "day_of_month": self.tr("Day of month"),
            "month_of_year": self.tr("Month"),
        }

    def _helps(self) -> dict[str, str]:
        return {
            "minute": self.tr(
                "Minute, 0-59.\nExamples: * (every minute), 0, 0,30, */15 (every 15 minutes), "
                "5-59/15 (a step needs * or a range before it)."
            ),
            "hour": self.tr(
                "Hour, 0-23, in the schedule's time zone.\nExamples: * (every hour), 9, 9-17, "
                "*/2, 22-2 (a range may wrap past midnight)."
            ),
            "day_of_week": self.tr(
                "Day of week, 0-6: 0 is Sunday, and 7 is rejected. Or sun..sat.\n"
                "Examples: *, mon-fri, sat,sun, 1.\nIf day of month is set too, BOTH must "
                "match (Celery is not cron: cron would run on either)."
            ),
            "day_of_month": self.tr(
                "Day of month, 1-31.\nExamples: *, 1, 1,15, 1-7.\nIf day of week is set too, "
                "BOTH must match. L (last day) and W are not supported."
            ),
            "month_of_year": self.tr(
                "Month, 1-12, or jan..dec.\nExamples: *, 1, jan,jul, mar-may."
            ),
        }

    def _presets(self) -> dict[PresetKind, tuple[str, str]]:
        return {
            PresetKind.EVERY_MINUTE: (
                self.tr("Every minute"),
                self.tr("Fill the five fields: every minute (* * * * *)"),
            ),
            PresetKind.HOURLY: (
                self.tr("Hourly"),
                self.tr("Fill the five fields: every hour, at the minute of “at”"),
            ),
            PresetKind.DAILY: (
                self.tr("Daily"),
                self.tr("Fill the five fields: every day at “at”"),
            ),
            PresetKind.WEEKDAYS: (
                self.tr("Weekdays"),
                self.tr("Fill the five fields: Monday to Friday (mon-fri) at “at”"),
            ),
            PresetKind.WEEKLY: (
                self.tr("Weekly"),
                self.tr("Fill the five fields: every week on the day of “on”, at “at”"),
            ),
            PresetKind.MONTHLY: (
                self.tr("Monthly"),
                self.tr(
                    "Fill the five fields: every month on “day”, at “at” (months without "
                    "that day are skipped)"
                ),
            ),
        }

    # -- presets ------------------------------------------------------------------------------

    def preset_from_inputs(self, kind: PresetKind) -> CrontabPreset:
        time = self.at_time.time()
        day = 0
        if kind is PresetKind.WEEKLY:
            day = int(self.weekday.currentData())
        elif kind is PresetKind.MONTHLY:
            day = self.month_day.value()
        return CrontabPreset(kind, time.minute(), time.hour(), day)

    def active_preset(self) -> PresetKind | None:
        """The preset the five fields are now, if any."""
        found = recognize_preset(self.texts())
        return found.kind if found is not None else None

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
        used = USES[found.kind] if found is not None else tuple(self.params)
        for key, widget in self.params.items():
            widget.setEnabled(key in used)
            self.param_labels[key].setEnabled(key in used)
        if found is None or found.kind is PresetKind.EVERY_MINUTE:
            return
        self._syncing = True
        try:  # the inputs show the preset's values (an hourly run keeps the hour shown)
            hour = self.at_time.time().hour() if found.kind is PresetKind.HOURLY else found.hour
            self.at_time.setTime(QTime(hour, found.minute))
            if found.kind is PresetKind.WEEKLY:
                self.weekday.setCurrentIndex(found.day)
            elif found.kind is PresetKind.MONTHLY:
                self.month_day.setValue(found.day)
        finally:
            self._syncing = False

    @Slot()
    def _on_param_changed(self) -> None:
        if self._syncing:
            return
        kind = self.active_preset()
        if kind is not None and USES[kind]:
            self.apply_preset(kind)

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
