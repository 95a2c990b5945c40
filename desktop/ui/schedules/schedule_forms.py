"""The Interval, Solar and Clocked forms of the entry editor (the Crontab form has its own
module). Each form turns its widgets into a file ``schedule`` object and shows errors at
its fields.

Signals (every form):
    changed(): any input changed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, QTimeZone, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from celery_desk_beat.schedule_entries import MIN_INTERVAL_SECONDS, SOLAR_EVENTS, parse_instant
from desktop.core.schedules.describe import solar_event_names
from desktop.ui.schedules.field_error import FieldError, WrappingLabel
from desktop.ui.schedules.time_fields import TypableDateTimeEdit
from desktop.ui.schedules.words import in_ui_language


class ScheduleForm(QWidget):
    """Base of the four schedule forms."""

    changed = Signal()
    kind = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors: dict[str, FieldError] = {}

    def load(self, schedule: dict[str, Any]) -> None:
        raise NotImplementedError

    def schedule_data(self) -> dict[str, Any]:
        raise NotImplementedError

    def local_errors(self) -> dict[str, str]:
        """Problems this form finds by itself, field -> message (before full validation)."""
        return {}

    def show_errors(self, errors: dict[str, str]) -> None:
        for field, label in self.errors.items():
            label.show_error(errors.get(field))

    def set_timezone(self, timezone: str) -> None:
        """The schedule's zone (the clocked form shows its time in it)."""

    @Slot()
    def _on_input_changed(self) -> None:
        self.changed.emit()


class IntervalForm(ScheduleForm):
    """Seconds, or hours + minutes + seconds: both views edit the same number."""

    kind = "interval"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.seconds = QDoubleSpinBox()
        self.seconds.setRange(0.0, 10_000_000.0)
        self.seconds.setDecimals(3)
        self.seconds.setSuffix(self.tr(" s", "seconds, after a number"))
        self.seconds.setToolTip(
            self.tr(
                "The interval in seconds, at least %n; fractions are allowed",
                "",
                MIN_INTERVAL_SECONDS,
            )
        )
        self.hours, self.minutes, self.secs = QSpinBox(), QSpinBox(), QSpinBox()
        self.hours.setRange(0, 2_000)
        self.minutes.setRange(0, 59)
        self.secs.setRange(0, 59)
        self.hours.setSuffix(self.tr(" h", "hours, after a number"))
        self.minutes.setSuffix(self.tr(" min", "minutes, after a number"))
        self.secs.setSuffix(self.tr(" s", "seconds, after a number"))
        split = QHBoxLayout()
        split.setContentsMargins(0, 0, 0, 0)
        for box in (self.hours, self.minutes, self.secs):
            split.addWidget(box)
        split.addStretch(1)
        self.errors["seconds"] = FieldError(self.seconds)
        form = QFormLayout(self)
        form.addRow(self.tr("Every"), self.seconds)
        form.addRow(self.tr("or", "the same interval in hours, minutes and seconds"), split)
        form.addRow("", self.errors["seconds"])
        first = WrappingLabel(
            self.tr("The first run comes one full interval after the entry is saved.")
        )
        form.addRow(first)
        self._syncing = False
        self.seconds.valueChanged.connect(self._on_seconds_value_changed)
        for box in (self.hours, self.minutes, self.secs):
            box.valueChanged.connect(self._on_parts_value_changed)

    def load(self, schedule: dict[str, Any]) -> None:
        self.seconds.setValue(float(schedule.get("seconds", 60)))

    def schedule_data(self) -> dict[str, Any]:
        value = self.seconds.value()
        return {"type": "interval", "seconds": int(value) if value.is_integer() else value}

    def local_errors(self) -> dict[str, str]:
        if self.seconds.value() >= MIN_INTERVAL_SECONDS:
            return {}
        # The validator says the same; here it shows at the field as soon as it is typed.
        if MIN_INTERVAL_SECONDS == 1:
            message = self.tr("must be at least 1 second: beat cannot keep a shorter interval")
        else:
            message = self.tr(
                "must be at least %n seconds: beat cannot keep a shorter interval",
                "",
                MIN_INTERVAL_SECONDS,
            )
        return {"seconds": message}

    @Slot(float)
    def _on_seconds_value_changed(self, value: float) -> None:
        if not self._syncing:
            self._syncing = True
            whole = int(value)
            self.hours.setValue(whole // 3600)
            self.minutes.setValue(whole % 3600 // 60)
            self.secs.setValue(whole % 60)
            self._syncing = False
        self.changed.emit()

    @Slot(int)
    def _on_parts_value_changed(self, _value: int) -> None:
        if self._syncing:
            return
        self._syncing = True
        fraction = self.seconds.value() % 1
        total = self.hours.value() * 3600 + self.minutes.value() * 60 + self.secs.value()
        self.seconds.setValue(total + fraction)
        self._syncing = False
        self.changed.emit()


class SolarForm(ScheduleForm):
    """A solar event at a place (needs the ``ephem`` package, as Celery's solar does)."""

    kind = "solar"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.event_choice = QComboBox()
        names = solar_event_names()
        for event in SOLAR_EVENTS:
            name = in_ui_language(names[event])
            self.event_choice.addItem(name[:1].upper() + name[1:], event)
        self.lat, self.lon = QDoubleSpinBox(), QDoubleSpinBox()
        self.lat.setRange(-90.0, 90.0)
        self.lon.setRange(-180.0, 180.0)
        for box in (self.lat, self.lon):
            box.setDecimals(4)
            box.valueChanged.connect(self._on_input_changed)
        self.event_choice.currentIndexChanged.connect(self._on_input_changed)
        self.errors = {
            "event": FieldError(self.event_choice),
            "lat": FieldError(self.lat),
            "lon": FieldError(self.lon),
        }
        form = QFormLayout(self)
        self.lat.setToolTip(self.tr("Degrees north; south is negative"))
        self.lon.setToolTip(self.tr("Degrees east; west is negative"))
        form.addRow(self.tr("Event"), self.event_choice)
        form.addRow("", self.errors["event"])
        form.addRow(self.tr("Latitude"), self.lat)
        form.addRow("", self.errors["lat"])
        form.addRow(self.tr("Longitude"), self.lon)
        form.addRow("", self.errors["lon"])

    def load(self, schedule: dict[str, Any]) -> None:
        index = self.event_choice.findData(schedule.get("event", "sunrise"))
        self.event_choice.setCurrentIndex(max(index, 0))
        self.lat.setValue(float(schedule.get("lat", 0.0)))
        self.lon.setValue(float(schedule.get("lon", 0.0)))

    def schedule_data(self) -> dict[str, Any]:
        return {
            "type": "solar",
            "event": self.event_choice.currentData(),
            "lat": self.lat.value(),
            "lon": self.lon.value(),
        }


class ClockedForm(ScheduleForm):
    """A one-off run at a wall time in the schedule's zone, stored with its UTC offset."""

    kind = "clocked"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone = ZoneInfo("UTC")
        self.when = TypableDateTimeEdit()
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.when.setCalendarPopup(True)
        self.when.setTimeZone(QTimeZone(QTimeZone.Initialization.UTC))
        self.stored = QLabel()
        self.stored.setToolTip(self.tr("What the file stores: the time with its UTC offset"))
        self.errors["at"] = FieldError(self.when)
        form = QFormLayout(self)
        self.zone_label = QLabel()
        form.addRow(self.tr("At", "a one-off run's time"), self.when)
        form.addRow("", self.zone_label)
        form.addRow("", self.errors["at"])
        form.addRow(self.tr("Stored as"), self.stored)
        self.when.dateTimeChanged.connect(self._on_when_date_time_changed)
        self._set_wall(datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1))

    def set_timezone(self, timezone: str) -> None:
        at = self._moment()
        self._zone = ZoneInfo(timezone)
        self.zone_label.setText(self.tr("wall time in {0}").format(timezone))
        self._set_wall(at)

    def _set_wall(self, moment: datetime) -> None:
        wall = moment.astimezone(self._zone)
        value = QDateTime(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second)
        value.setTimeZone(QTimeZone(QTimeZone.Initialization.UTC))
        self.when.setDateTime(value)
        self._show_stored()

    def _moment(self) -> datetime:
        value = self.when.dateTime()
        date, time = value.date(), value.time()
        wall = datetime(date.year(), date.month(), date.day(), time.hour(), time.minute())
        return wall.replace(second=time.second(), tzinfo=self._zone)

    def load(self, schedule: dict[str, Any]) -> None:
        try:
            self._set_wall(parse_instant(schedule.get("at", "")))
        except ValueError:
            self._set_wall(datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1))

    def schedule_data(self) -> dict[str, Any]:
        return {"type": "clocked", "at": self._moment().isoformat()}

    def _show_stored(self) -> None:
        self.stored.setText(self._moment().isoformat())

    @Slot(QDateTime)
    def _on_when_date_time_changed(self, _value: QDateTime) -> None:
        self._show_stored()
        self.changed.emit()
