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
from celery_desk_beat.i18n import translate
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
            translate(
                "CrontabFields",
                "{0}: '@daily'-style shortcuts are not supported; give the five fields",
            ).format(shown(original)),
        )
    if "#" in text:
        raise ScheduleSpecError(
            field,
            translate(
                "CrontabFields",
                "{0}: '#' (nth weekday of the month) is not supported by Celery's crontab",
            ).format(shown(original)),
        )
    if "?" in text:
        raise ScheduleSpecError(
            field,
            translate("CrontabFields", "{0}: '?' is not supported; use '*'").format(
                shown(original)
            ),
        )
    for char in text:
        if not (char.isascii() and (char.isalnum() or char in "*,-/")):
            raise ScheduleSpecError(
                field,
                translate("CrontabFields", "{0}: character {1} is not allowed here").format(
                    shown(original), shown(char)
                ),
            )


def _value(field: str, token: str, whole: str) -> int:
    low, high = FIELD_RANGES[field]
    if token.isdigit():
        if len(token.lstrip("0")) > _MAX_DIGITS:  # int() of 5,000 digits raises on 3.11+
            raise ScheduleSpecError(field, _out_of_range(whole, shown(token), low, high))
        number = int(token)
        if field == "day_of_week" and number == 7:
            raise ScheduleSpecError(
                field,
                translate(
                    "CrontabFields",
                    "{0}: 7 is not a day of the week in Celery; Sunday is 0 (0-6 or sun..sat)",
                ).format(shown(whole)),
            )
        if not low <= number <= high:
            raise ScheduleSpecError(field, _out_of_range(whole, str(number), low, high))
        return number
    names = _NAMES.get(field, {})
    if token in names:
        return names[token]
    if re.fullmatch(r"[0-9]*l", token):
        raise ScheduleSpecError(
            field,
            translate(
                "CrontabFields", "{0}: 'L' (last) is not supported by Celery's crontab"
            ).format(shown(whole)),
        )
    if re.fullmatch(r"[0-9]*w|lw", token):
        raise ScheduleSpecError(
            field,
            translate(
                "CrontabFields", "{0}: 'W' (nearest weekday) is not supported by Celery's crontab"
            ).format(shown(whole)),
        )
    if field == "day_of_week":
        text = translate("CrontabFields", "{0}: {1} is not a number {2}-{3} or a name sun..sat")
    elif field == "month_of_year":
        text = translate("CrontabFields", "{0}: {1} is not a number {2}-{3} or a name jan..dec")
    else:
        text = translate("CrontabFields", "{0}: {1} is not a number {2}-{3}")
    raise ScheduleSpecError(field, text.format(shown(whole), shown(token), low, high))


def _out_of_range(whole: str, value: str, low: int, high: int) -> str:
    return translate("CrontabFields", "{0}: {1} is out of range {2}-{3}").format(
        shown(whole), value, low, high
    )


def crontab_text(field: str, raw: object) -> str:
    """A field's value as stripped text (numbers are accepted as text), unchecked beyond that."""
    if type(raw) is str:  # the common case first: a reload checks every entry
        return raw.strip()
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise ScheduleSpecError(
            field,
            translate("CrontabFields", "must be a string such as '*' or '*/5', not {0}").format(
                shown(raw)
            ),
        )
    low, high = FIELD_RANGES.get(field, (0, 59))
    if isinstance(raw, int) and not low <= raw <= high:
        raise ScheduleSpecError(
            field,
            translate("CrontabFields", "{0} is out of range {1}-{2}").format(shown(raw), low, high),
        )
    return str(raw).strip()


def check_crontab_field(field: str, raw: object) -> str:
    """The field as text, or :class:`ScheduleSpecError` saying what is wrong with it.

    Stricter than Celery: numbers in range, names only where they mean something (sun..sat
    for day_of_week, jan..dec for month_of_year), steps only after ``*`` or a range, and
    what Celery accepts anyway is parsed by Celery too.
    """
    if field not in FIELD_RANGES:
        raise ScheduleSpecError(field, translate("CrontabFields", "is not a crontab field"))
    text = crontab_text(field, raw)
    if not text:
        raise ScheduleSpecError(
            field, translate("CrontabFields", "is empty; use '*' for every value")
        )
    _reject_junk(field, text)
    lowered = text.lower()
    for part in lowered.split(","):
        match = _PART.match(part)
        if not part or match is None:
            raise ScheduleSpecError(
                field,
                translate("CrontabFields", "{0}: {1} is not a value, a range or '*'").format(
                    shown(text), shown(part)
                ),
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
                    translate(
                        "CrontabFields",
                        "{0}: the step after '/' must be a whole number > 0 (at most 9999)",
                    ).format(shown(text)),
                )
            if low is not None and high is None:
                example = f"{low}-{FIELD_RANGES[field][1]}/{step}"
                raise ScheduleSpecError(
                    field,
                    translate(
                        "CrontabFields", "{0}: a step needs '*' or a range before it (e.g. {1})"
                    ).format(shown(text), shown(example)),
                )
    low_bound, high_bound = FIELD_RANGES[field]
    try:
        crontab._expand_cronspec(
            celery_field_text(field, text), high_bound - low_bound + 1, low_bound
        )
    except Exception as exc:  # celery's ParseException is a bare Exception
        raise ScheduleSpecError(
            field,
            translate("CrontabFields", "{0}: Celery rejects it: {1}").format(
                shown(text), brief(str(exc))
            ),
        ) from exc
    return text
