"""What differs between the Celery and kombu releases a user's project may have (5.3 to 5.7).

Each difference is found by trying the installed release, never by its version number:

- a crontab matched in its own ``tz``, and a solar schedule with 5.7's horizons and search:
  otherwise the schedule classes of :mod:`celery_desk_beat.backported_schedules`, so the
  app's preview (Celery 5.7) and the beat agree;
- month names (``jan-mar``) in a crontab, which Celery reads from 5.5 on: written as numbers
  for an older parser;
- a ``day_of_month`` that never occurs in ``month_of_year`` (the 30th of February), which
  5.7 refuses and older releases accept, then fail on when computing the next run;
- ``BatchPublishError`` (kombu 5.7, with producer batches): only caught where it exists;
- setting a schedule's ``tz``: before 5.3.4, kombu's ``cached_property`` setter uses a lock
  that Python 3.12's ``functools.cached_property`` no longer has, so the value goes straight
  where the property keeps it.

Nothing is probed at import: a user's beat imports this module before its app exists.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import kombu.exceptions
from celery.schedules import BaseSchedule, crontab, solar

from celery_desk_beat.backported_schedules import Solar, ZonedCrontab

#: kombu's error for a batch whose delivery is uncertain; none before kombu 5.7 (no batches).
BATCH_PUBLISH_ERRORS: tuple[type[Exception], ...] = tuple(
    error
    for error in (getattr(kombu.exceptions, "BatchPublishError", None),)
    if isinstance(error, type) and issubclass(error, Exception)
)

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAME = re.compile(r"[a-z]+", re.IGNORECASE)
#: Days of each month, February's longest: as Celery 5.7 decides that a date never occurs.
_DAYS_IN_MONTH = dict(enumerate((31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), start=1))


def set_cached(schedule: BaseSchedule, name: str, value: object) -> None:
    """Set the cached property ``name`` (``tz``, ``utc_enabled``) of ``schedule``: in the
    instance dict, where both kombu's and functools' ``cached_property`` read it first."""
    vars(schedule)[name] = value


@functools.cache
def crontab_is_zoned() -> bool:
    """Whether the installed crontab matches its fields in its own ``tz`` (Celery 5.7)."""
    moment = datetime(2026, 3, 1, 0, 30, tzinfo=timezone.utc)  # 08:30 in Shanghai
    probe = crontab(minute=0, hour=9, nowfun=lambda: moment)
    set_cached(probe, "tz", ZoneInfo("Asia/Shanghai"))
    set_cached(probe, "utc_enabled", True)  # read by 5.3-5.6 only: so the probe needs no app
    try:
        left = probe.remaining_estimate(moment - timedelta(hours=1))
    except Exception:  # a release that cannot even answer: use the backport
        return False
    return bool(left == timedelta(minutes=30))


def crontab_class() -> type[crontab]:
    """Celery's crontab where it is Celery 5.7's, else :class:`ZonedCrontab`."""
    return crontab if crontab_is_zoned() else ZonedCrontab


def solar_class() -> type[solar]:
    """Celery's solar schedule where it is Celery 5.7's, else :class:`Solar`."""
    current = getattr(solar, "_horizons", {}).get("dusk_astronomical") == "-18"
    return solar if current and hasattr(solar, "_next_event") else Solar


@functools.cache
def parses_month_names() -> bool:
    """Whether the installed crontab parser reads ``jan``..``dec`` in ``month_of_year``."""
    try:
        return bool(crontab(month_of_year="jan-feb").month_of_year == {1, 2})
    except Exception:  # Celery < 5.5 reads 'jan' as a weekday and refuses it
        return False


def celery_field_text(field: str, text: str) -> str:
    """``text`` (already checked) as the installed Celery parses it: month names become
    numbers where its parser knows none."""
    if field != "month_of_year" or parses_month_names() or not _MONTH_NAME.search(text):
        return text
    return _MONTH_NAME.sub(lambda found: str(_MONTHS.index(found[0].lower()) + 1), text)


def check_date_occurs(value: crontab, day_of_month: str, month_of_year: str) -> None:
    """Refuse, as Celery 5.7 does and in its words, a crontab whose day of month never occurs
    in its months (older releases accept it, then cannot compute its next run); the texts
    are the fields as written, for the message."""
    if not any(
        day <= _DAYS_IN_MONTH[month] for month in value.month_of_year for day in value.day_of_month
    ):
        raise ValueError(
            f"Invalid crontab: day_of_month {day_of_month!r} never occurs in "
            f"month_of_year {month_of_year!r}."
        )
