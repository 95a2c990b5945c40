"""Properties of validation and the preview over generated input, hostile input included.

- validation never raises, whatever the file or the entry holds;
- the preview never raises, and it agrees with the validator on what a schedule means;
- for generated crontab and interval entries in zones with daylight saving, the preview's
  runs are the sends of Celery's own ``Scheduler.tick()`` on a fake clock, and the sends
  of FileScheduler's planning.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from celery_desk_beat.schedule_entries import ScheduleSpecError, normalize_schedule
from celery_desk_beat.schedule_file import ScheduleFileError, parse_schedule_text
from celery_desk_beat.schedule_validation import validate_entry, validate_schedule_data
from desktop.core.schedules.dst import dst_shift_on
from desktop.core.schedules.entry_check import EntryForm, check_entry_form
from desktop.core.schedules.preview import SchedulePreview, preview_schedule
from tests.support.beat_sim import celery_beat_sends, file_scheduler_sends
from tests.support.hostile import (
    HOSTILE,
    anything,
    documents,
    entries,
    raw_files,
    schedule_objects,
    texts,
    zones,
)


@HOSTILE
@given(documents)
def test_validating_a_decoded_file_never_raises(document: Any) -> None:
    errors = validate_schedule_data(document)
    assert all(error.one_line().encode("utf-8") for error in errors)


@HOSTILE
@given(raw_files)
def test_parsing_any_bytes_gives_a_document_or_a_schedule_file_error(raw: bytes) -> None:
    try:
        parse_schedule_text(raw, source="generated.json")
    except ScheduleFileError as exc:
        assert exc.error.one_line().encode("utf-8")


@HOSTILE
@given(texts, st.one_of(entries, anything))
def test_validating_an_entry_never_raises(name: str, raw: Any) -> None:
    for error in validate_entry(name, raw):
        assert error.message and error.one_line().encode("utf-8")


@HOSTILE
@given(texts, anything, schedule_objects, st.text(max_size=30), st.text(max_size=30))
def test_the_entry_form_check_never_raises(
    name: str, task: Any, schedule: Any, args_text: str, kwargs_text: str
) -> None:
    form = EntryForm(
        name=name,
        task=task if isinstance(task, str) else "proj.tasks.x",
        schedule=schedule,
        args_text=args_text,
        kwargs_text=kwargs_text,
    )
    spec, errors = check_entry_form(form)
    assert (spec is None) == bool(errors)


def _accepted(schedule: Any) -> bool:
    try:
        normalize_schedule(schedule)
    except ScheduleSpecError:
        return False
    return True


@HOSTILE
@given(schedule_objects, zones, st.integers(-2, 12))
def test_the_preview_never_raises_and_agrees_with_the_validator(
    schedule: Any, zone: Any, count: int
) -> None:
    start = datetime(2026, 3, 7, 12, tzinfo=UTC)
    preview = preview_schedule(schedule, zone, count, start=start)
    assert isinstance(preview, SchedulePreview)
    if preview.error is not None:
        assert preview.runs == [] and preview.error.encode("utf-8")
    usable_zone = zone in ("UTC", "Asia/Shanghai", "America/New_York", "Africa/Cairo")
    if usable_zone:  # what the validator refuses has no preview, and the other way round
        assert (preview.error is None) == _accepted(schedule), preview.error
    if preview.error is None and count > 0 and schedule.get("type") in ("interval", "crontab"):
        assert preview.runs, preview.note  # valid repeating schedules always run again


# -- preview == Celery's beat == FileScheduler's planning, across DST --------------------------

DST_ZONES = [
    "America/New_York",
    "Europe/Berlin",
    "Africa/Cairo",
    "America/Santiago",
    "America/Havana",
    "Asia/Beirut",
    "Australia/Lord_Howe",  # half an hour
    "Pacific/Chatham",  # at 02:45
    "Europe/London",
]


def _shifts(zone: str) -> list[date]:
    """Days in 2026-2028 on which ``zone`` changes its clocks."""
    tz = ZoneInfo(zone)
    found: set[date] = set()
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    while moment.year < 2029:  # a day apart, the offset differs around each change
        later = moment + timedelta(days=1)
        if moment.astimezone(tz).utcoffset() != later.astimezone(tz).utcoffset():
            day = moment.date()
            candidates = (day - timedelta(days=1), day, day + timedelta(days=1))
            found.update(d for d in candidates if dst_shift_on(d, tz) is not None)
        moment = later
    return sorted(found)


SHIFT_DAYS = {zone: _shifts(zone) for zone in DST_ZONES}

minutes = st.sampled_from(["0", "30", "45", "*/15", "5,35", "0-10/5", "59", "*/20"])
hours = st.sampled_from(["*", "0", "1", "2", "3", "0-3", "1,2", "*/6", "23", "22-2", "2-3"])
weekdays = st.sampled_from(["*", "*", "*", "0", "1-5", "sat,sun"])
month_days = st.sampled_from(["*", "*", "*", "1-7", "25-31"])
crontabs = st.builds(
    lambda minute, hour, dow, dom: {
        "type": "crontab",
        "minute": minute,
        "hour": hour,
        "day_of_week": dow,
        "day_of_month": dom,
    },
    minutes,
    hours,
    weekdays,
    month_days,
)
intervals = st.builds(
    lambda seconds: {"type": "interval", "seconds": seconds},
    st.one_of(st.integers(1, 200_000), st.sampled_from([1.5, 59.75, 900, 3600, 5400, 86400])),
)


@st.composite
def around_a_shift(draw: st.DrawFn) -> tuple[dict[str, Any], str, datetime, datetime | None]:
    zone = draw(st.sampled_from(DST_ZONES))
    day = draw(st.sampled_from(SHIFT_DAYS[zone]))
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(zone)).astimezone(UTC)
    start = noon - timedelta(seconds=draw(st.integers(0, 3 * 86400)))
    schedule = draw(st.one_of(crontabs, intervals))
    back = draw(st.one_of(st.none(), st.integers(0, 3 * 86400)))
    last_run_at = None if back is None else start - timedelta(seconds=back)
    return schedule, zone, start, last_run_at


def _near(got: list[datetime], want: list[datetime]) -> bool:
    """Equal instants, but for the millisecond steps of the fake service loop."""
    return len(got) == len(want) and all(
        abs((a - b).total_seconds()) < 0.05 for a, b in zip(got, want, strict=True)
    )


@HOSTILE
@given(around_a_shift())
def test_the_preview_equals_celery_beat_and_file_scheduler_across_dst(
    case: tuple[dict[str, Any], str, datetime, datetime | None],
) -> None:
    schedule, zone, start, last_run_at = case
    end = start + timedelta(days=4)
    preview = preview_schedule(schedule, zone, 8, start=start, last_run_at=last_run_at)
    assert preview.error is None, preview.error
    shown = [run.utc for run in preview.runs if run.utc < end]
    celery = celery_beat_sends(schedule, zone, start, 8, end=end, last_run_at=last_run_at)
    planned = file_scheduler_sends(schedule, zone, start, 8, end=end, last_run_at=last_run_at)
    assert _near(shown, celery), (shown, celery)
    assert _near(planned, celery), (planned, celery)
