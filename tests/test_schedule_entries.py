"""Schedule objects: the stricter crontab checks, and due times from Celery's own objects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from celery.schedules import crontab, schedule, solar

from celery_desk_beat.schedule_entries import (
    Clocked,
    FrozenClock,
    ScheduleSpecError,
    build_schedule,
    check_crontab_field,
    next_due,
    normalize_schedule,
)

ACCEPTED = [
    ("minute", "*"),
    ("minute", "*/15"),
    ("minute", "0,15,30-45/5"),
    ("hour", "22-2"),  # wraps past midnight, as Celery's parser does
    ("day_of_week", "mon-fri"),
    ("day_of_week", "SUN,sat"),
    ("day_of_week", "0-6"),
    ("day_of_month", "1-7,15-21"),
    ("month_of_year", "jan-mar"),
    ("month_of_year", "*/3"),
    ("minute", 5),
]
REJECTED = [
    ("day_of_week", "7", "7 is not a day of the week in Celery; Sunday is 0"),
    ("day_of_week", "1-7", "7 is not a day of the week"),
    ("day_of_week", "MON#1", "'#' (nth weekday of the month) is not supported"),
    ("day_of_week", "5L", "'L' (last) is not supported"),
    ("day_of_week", "jan", "'jan' is not a number 0-6 or a name sun..sat"),
    ("day_of_month", "L", "'L' (last) is not supported"),
    ("day_of_month", "15W", "'W' (nearest weekday) is not supported"),
    ("day_of_month", "LW", "'W' (nearest weekday) is not supported"),
    ("day_of_month", "?", "'?' is not supported; use '*'"),
    ("day_of_month", "0", "0 is out of range 1-31"),
    ("minute", "@daily", "'@daily'-style shortcuts are not supported"),
    ("minute", "60", "60 is out of range 0-59"),
    ("minute", "5/15", "a step needs '*' or a range before it (e.g. '5-59/15')"),
    ("minute", "*/0", "the step after '/' must be a whole number > 0"),
    ("minute", "*/x", "the step after '/' must be a whole number > 0"),
    ("minute", "1 2", "character ' ' is not allowed"),
    ("minute", "", "is empty; use '*'"),
    ("minute", "1,,2", "'' is not a value, a range or '*'"),
    ("hour", "mon", "'mon' is not a number 0-23"),
    ("hour", "-1", "'-1' is not a value, a range or '*'"),
    ("month_of_year", "13", "13 is out of range 1-12"),
    ("month_of_year", "sun", "not a number 1-12 or a name jan..dec"),
    ("minute", True, "must be a string"),
]


@pytest.mark.parametrize(("field", "text"), ACCEPTED)
def test_what_celery_really_means_is_accepted(field: str, text: str | int) -> None:
    checked = check_crontab_field(field, text)
    assert checked == str(text)
    crontab(**{field: checked})  # and Celery agrees


@pytest.mark.parametrize(("field", "text", "fragment"), REJECTED)
def test_cron_features_celery_lacks_or_misreads_are_rejected(
    field: str, text: object, fragment: str
) -> None:
    with pytest.raises(ScheduleSpecError) as caught:
        check_crontab_field(field, text)
    assert caught.value.field == field
    assert fragment in caught.value.message


def test_celery_alone_would_have_accepted_the_junk() -> None:
    # Why the stricter checks exist: Celery reads these without complaint.
    assert crontab(day_of_week="MON#1").day_of_week == {1}
    assert crontab(hour="mon").hour == {1}
    assert crontab(day_of_week="jan").day_of_week == {1}


def held(moment: datetime) -> FrozenClock:
    clock = FrozenClock()
    clock.hold(moment)
    return clock


def test_a_crontab_runs_in_the_file_timezone() -> None:
    now = datetime(2026, 3, 1, 0, 30, tzinfo=UTC)  # 08:30 in Shanghai
    spec = normalize_schedule({"type": "crontab", "minute": "0", "hour": "9"})
    clock = held(now)
    shanghai = build_schedule(spec, tz=ZoneInfo("Asia/Shanghai"), nowfun=clock)
    assert isinstance(shanghai, crontab)
    assert next_due(shanghai, now - timedelta(hours=1), now) == datetime(
        2026, 3, 1, 1, 0, tzinfo=UTC
    )
    berlin = build_schedule(spec, tz=ZoneInfo("Europe/Berlin"), nowfun=clock)
    assert next_due(berlin, now - timedelta(hours=1), now) == datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def test_a_crontab_needs_day_of_month_and_day_of_week_both() -> None:
    # Celery's AND, not cron's OR: the 13th that is a Friday.
    now = datetime(2026, 1, 1, tzinfo=UTC)
    spec = normalize_schedule(
        {"type": "crontab", "minute": "0", "hour": "0", "day_of_month": "13", "day_of_week": "fri"}
    )
    built = build_schedule(spec, tz=ZoneInfo("UTC"), nowfun=held(now))
    assert next_due(built, now, now) == datetime(2026, 2, 13, tzinfo=UTC)


def test_an_interval_is_due_exactly_one_interval_after_its_last_run() -> None:
    now = datetime(2026, 5, 1, 12, 0, 0, 250000, tzinfo=UTC)
    built = build_schedule(
        normalize_schedule({"type": "interval", "seconds": 2.5}), nowfun=held(now)
    )
    assert isinstance(built, schedule)
    last = datetime(2026, 5, 1, 11, 59, 59, tzinfo=UTC)
    assert next_due(built, last, now) == last + timedelta(seconds=2.5)


def test_a_clocked_entry_is_due_once() -> None:
    at = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    spec = normalize_schedule({"type": "clocked", "at": at.isoformat()})
    before, after = at - timedelta(minutes=1), at + timedelta(minutes=1)
    built = build_schedule(spec, nowfun=held(after))
    assert isinstance(built, Clocked)
    assert built.is_due(before)[0] is True
    assert next_due(built, before, after) == at
    assert built.is_due(at)[0] is False  # it ran at ``at``
    assert next_due(built, at, after) is None
    early = build_schedule(spec, nowfun=held(before))
    assert early.is_due(before - timedelta(days=1)) == (False, 60.0)


def test_a_solar_schedule_is_celerys() -> None:
    spec = normalize_schedule({"type": "solar", "event": "sunset", "lat": 31.23, "lon": 121.47})
    now = datetime(2026, 6, 21, 0, 0, tzinfo=UTC)
    built = build_schedule(spec, nowfun=held(now))
    assert isinstance(built, solar)
    due = next_due(built, now, now)
    assert due is not None
    # Shanghai's midsummer sunset is a little after 19:00 local, 11:00 UTC.
    assert (
        datetime(2026, 6, 21, 10, 30, tzinfo=UTC) < due < datetime(2026, 6, 21, 11, 30, tzinfo=UTC)
    )


def test_normal_forms_make_equal_schedules_equal() -> None:
    assert normalize_schedule({"type": "interval", "seconds": 10.0}) == {
        "type": "interval",
        "seconds": 10,
    }
    assert normalize_schedule({"type": "crontab", "minute": 0})["minute"] == "0"
    with pytest.raises(ScheduleSpecError, match="unknown schedule type"):
        normalize_schedule({"type": "Crontab"})
