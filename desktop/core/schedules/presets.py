"""Crontab presets: the five fields of common schedules, and recognising them back.

A preset is what a person means ("daily at 02:30"); :func:`preset_fields` turns it into
Celery's five crontab fields and :func:`recognize_preset` finds the preset a set of fields
is, so the editor can show which preset button matches what was typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from celery_desk_beat.crontab_fields import CRONTAB_FIELDS, FIELD_RANGES

__all__ = [
    "DAY_NAMES",
    "CrontabPreset",
    "PresetKind",
    "preset_fields",
    "recognize_preset",
]

DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
#: The working days as the Weekdays preset writes them, and the spellings it recognizes.
WEEKDAYS = "mon-fri"
_WEEKDAY_SPELLINGS = ("mon-fri", "1-5")


class PresetKind(StrEnum):
    EVERY_MINUTE = "every_minute"
    HOURLY = "hourly"
    DAILY = "daily"
    WEEKDAYS = "weekdays"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


@dataclass(frozen=True)
class CrontabPreset:
    """One preset: ``minute`` and ``hour`` of the run, ``day`` of the week (0 = Sunday) for
    WEEKLY or of the month (1-31) for MONTHLY; fields a kind does not use stay 0."""

    kind: PresetKind
    minute: int = 0
    hour: int = 0
    day: int = 0

    def __post_init__(self) -> None:
        checks = [("minute", self.minute), ("hour", self.hour)]
        if self.kind is PresetKind.WEEKLY:
            checks.append(("day_of_week", self.day))
        elif self.kind is PresetKind.MONTHLY:
            checks.append(("day_of_month", self.day))
        for field, value in checks:
            low, high = FIELD_RANGES[field]
            if not low <= value <= high:
                raise ValueError(f"{field} must be {low}-{high}, not {value}")


def preset_fields(preset: CrontabPreset) -> dict[str, str]:
    """The five crontab fields (strings) of ``preset``."""
    fields = dict.fromkeys(CRONTAB_FIELDS, "*")
    if preset.kind is PresetKind.EVERY_MINUTE:
        return fields
    fields["minute"] = str(preset.minute)
    if preset.kind is PresetKind.HOURLY:
        return fields
    fields["hour"] = str(preset.hour)
    if preset.kind is PresetKind.WEEKDAYS:
        fields["day_of_week"] = WEEKDAYS
    elif preset.kind is PresetKind.WEEKLY:
        fields["day_of_week"] = DAY_NAMES[preset.day]
    elif preset.kind is PresetKind.MONTHLY:
        fields["day_of_month"] = str(preset.day)
    return fields


def _single(field: str, text: str) -> int | None:
    """The one value ``text`` names in ``field`` (a number, or a day name), else None."""
    value = text.strip().lower()
    if field == "day_of_week" and value in DAY_NAMES:
        return DAY_NAMES.index(value)
    if not value.isdigit():
        return None
    number = int(value)
    low, high = FIELD_RANGES[field]
    return number if low <= number <= high else None


def recognize_preset(fields: Mapping[str, object]) -> CrontabPreset | None:
    """The preset the five fields are exactly, or None (a missing field counts as ``*``)."""
    text = {f: str(fields.get(f, "*")).strip().lower() or "*" for f in CRONTAB_FIELDS}
    if text["month_of_year"] != "*":
        return None
    free = {f for f, value in text.items() if value == "*"} - {"month_of_year"}
    minute, hour = _single("minute", text["minute"]), _single("hour", text["hour"])
    weekday = _single("day_of_week", text["day_of_week"])
    day = _single("day_of_month", text["day_of_month"])
    if text["day_of_week"] in _WEEKDAY_SPELLINGS and free == {"day_of_month"}:
        if minute is not None and hour is not None:
            return CrontabPreset(PresetKind.WEEKDAYS, minute, hour)
        return None
    candidates: list[tuple[PresetKind, set[str], tuple[int | None, ...]]] = [
        (PresetKind.EVERY_MINUTE, {"minute", "hour", "day_of_week", "day_of_month"}, ()),
        (PresetKind.HOURLY, {"hour", "day_of_week", "day_of_month"}, (minute,)),
        (PresetKind.DAILY, {"day_of_week", "day_of_month"}, (minute, hour)),
        (PresetKind.WEEKLY, {"day_of_month"}, (minute, hour, weekday)),
        (PresetKind.MONTHLY, {"day_of_week"}, (minute, hour, day)),
    ]
    for kind, stars, values in candidates:
        if free == stars and all(value is not None for value in values):
            return CrontabPreset(kind, *(value or 0 for value in values))
    return None
