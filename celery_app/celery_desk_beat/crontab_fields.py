"""The five fields of a Celery crontab, checked more strictly than Celery does.

Celery's parser reads ``MON#1`` as every Monday, ``mon`` in the hour field as 1 and ``jan``
as a weekday, and knows no ``L``, ``W``, ``#`` or ``@daily``. Here each field takes only what
Celery really means, and says why not otherwise; whatever passes is parsed by Celery too.
Day of week is 0-6 with 0 = Sunday (or sun..sat); 7 is rejected.
"""

from __future__ import annotations

import re

from celery.schedules import crontab

from celery_desk_beat.celery_compat import celery_field_text
from celery_desk_beat.safe_text import brief, shown

CRONTAB_FIELDS = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")

FIELD_RANGES: dict[str, tuple[int, int]] = {
    "minute": (0, 59),
    "hour": (0, 23),
    "day_of_week": (0, 6),
    "day_of_month": (1, 31),
    "month_of_year": (1, 12),
}
_DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NAMES: dict[str, dict[str, int]] = {
    "day_of_week": {name: number for number, name in enumerate(_DAY_NAMES)},
    "month_of_year": {name: number for number, name in enumerate(_MONTH_NAMES, start=1)},
}
_MAX_DIGITS = 4
_PART = re.compile(
    r"^(?:(?P<star>\*)|(?P<low>[0-9a-z]+)(?:-(?P<high>[0-9a-z]+))?)(?:/(?P<step>.*))?$"
)


class ScheduleSpecError(ValueError):
    """A ``schedule`` object that cannot be used; ``field`` is the key inside it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _reject_junk(field: str, original: str) -> None:
    """Explain the cron features Celery lacks instead of letting its parser guess."""
    text = original.lower()
    if text.startswith("@"):
        raise ScheduleSpecError(
            field,
            f"{shown(original)}: '@daily'-style shortcuts are not supported; give the five fields",
        )
    if "#" in text:
        raise ScheduleSpecError(
            field,
            f"{shown(original)}: '#' (nth weekday of the month) is not supported "
            "by Celery's crontab",
        )
    if "?" in text:
        raise ScheduleSpecError(field, f"{shown(original)}: '?' is not supported; use '*'")
    for char in text:
        if not (char.isascii() and (char.isalnum() or char in "*,-/")):
            raise ScheduleSpecError(
                field, f"{shown(original)}: character {shown(char)} is not allowed here"
            )


def _value(field: str, token: str, whole: str) -> int:
    low, high = FIELD_RANGES[field]
    if token.isdigit():
        if len(token.lstrip("0")) > _MAX_DIGITS:  # int() of 5,000 digits raises on 3.11+
            raise ScheduleSpecError(
                field, f"{shown(whole)}: {shown(token)} is out of range {low}-{high}"
            )
        number = int(token)
        if field == "day_of_week" and number == 7:
            raise ScheduleSpecError(
                field,
                f"{shown(whole)}: 7 is not a day of the week in Celery; "
                "Sunday is 0 (0-6 or sun..sat)",
            )
        if not low <= number <= high:
            raise ScheduleSpecError(field, f"{shown(whole)}: {number} is out of range {low}-{high}")
        return number
    names = _NAMES.get(field, {})
    if token in names:
        return names[token]
    if re.fullmatch(r"[0-9]*l", token):
        raise ScheduleSpecError(
            field, f"{shown(whole)}: 'L' (last) is not supported by Celery's crontab"
        )
    if re.fullmatch(r"[0-9]*w|lw", token):
        raise ScheduleSpecError(
            field, f"{shown(whole)}: 'W' (nearest weekday) is not supported by Celery's crontab"
        )
    hint = {"day_of_week": " or a name sun..sat", "month_of_year": " or a name jan..dec"}
    raise ScheduleSpecError(
        field, f"{shown(whole)}: {shown(token)} is not a number {low}-{high}{hint.get(field, '')}"
    )


def crontab_text(field: str, raw: object) -> str:
    """A field's value as stripped text (numbers are accepted as text), unchecked beyond that."""
    if type(raw) is str:  # the common case first: a reload checks every entry
        return raw.strip()
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise ScheduleSpecError(field, f"must be a string such as '*' or '*/5', not {shown(raw)}")
    low, high = FIELD_RANGES.get(field, (0, 59))
    if isinstance(raw, int) and not low <= raw <= high:
        raise ScheduleSpecError(field, f"{shown(raw)} is out of range {low}-{high}")
    return str(raw).strip()


def check_crontab_field(field: str, raw: object) -> str:
    """The field as text, or :class:`ScheduleSpecError` saying what is wrong with it.

    Stricter than Celery: numbers in range, names only where they mean something (sun..sat
    for day_of_week, jan..dec for month_of_year), steps only after ``*`` or a range, and
    what Celery accepts anyway is parsed by Celery too.
    """
    if field not in FIELD_RANGES:
        raise ScheduleSpecError(field, "is not a crontab field")
    text = crontab_text(field, raw)
    if not text:
        raise ScheduleSpecError(field, "is empty; use '*' for every value")
    _reject_junk(field, text)
    lowered = text.lower()
    for part in lowered.split(","):
        match = _PART.match(part)
        if not part or match is None:
            raise ScheduleSpecError(
                field, f"{shown(text)}: {shown(part)} is not a value, a range or '*'"
            )
        low, high, step = match.group("low"), match.group("high"), match.group("step")
        if low is not None:
            _value(field, low, text)
        if high is not None:
            _value(field, high, text)
        if step is not None:
            if not step.isdigit() or len(step.lstrip("0")) > _MAX_DIGITS or int(step) == 0:
                raise ScheduleSpecError(
                    field,
                    f"{shown(text)}: the step after '/' must be a whole number > 0 (at most 9999)",
                )
            if low is not None and high is None:
                example = f"{low}-{FIELD_RANGES[field][1]}/{step}"
                raise ScheduleSpecError(
                    field,
                    f"{shown(text)}: a step needs '*' or a range before it (e.g. {shown(example)})",
                )
    low_bound, high_bound = FIELD_RANGES[field]
    try:
        crontab._expand_cronspec(
            celery_field_text(field, text), high_bound - low_bound + 1, low_bound
        )
    except Exception as exc:  # celery's ParseException is a bare Exception
        raise ScheduleSpecError(
            field, f"{shown(text)}: Celery rejects it: {brief(str(exc))}"
        ) from exc
    return text
