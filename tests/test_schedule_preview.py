"""The preview against Celery's own ``is_due``, stepped the way beat steps it.

Two references, both driving Celery's schedule objects through a held clock:

- minute ticks: the clock visits every whole minute of a window and an entry fires when
  ``is_due(last_run_at)`` says so (exhaustive; used around DST changes);
- beat stepping: the clock jumps by what ``is_due`` says to wait, capped like beat's
  ``max_interval`` (used for schedules whose runs are months apart).

The calendar is checked independently too (every Friday the 13th, every 31st...).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from celery import Celery

from celery_desk_beat.schedule_entries import FrozenClock, build_schedule, normalize_schedule
from desktop.core.schedules.dst import dst_shift_on
from desktop.core.schedules.preview import next_run, preview_schedule

APP = Celery("preview-test", set_as_current=False)
APP.conf.update(enable_utc=True, timezone="UTC")


def _built(schedule: dict[str, Any], zone: str) -> tuple[Any, FrozenClock]:
    clock = FrozenClock()
    built = build_schedule(normalize_schedule(schedule), ZoneInfo(zone), APP, clock)
    return built, clock


def minute_ticks(
    schedule: dict[str, Any], zone: str, start: datetime, end: datetime
) -> list[datetime]:
    """Every run beat would send in [start, end) when woken at each whole minute."""
    built, clock = _built(schedule, zone)
    runs, last, now = [], start, start + timedelta(minutes=1)
    while now < end:
        clock.hold(now)
        if built.is_due(last)[0]:
            runs.append(now)
            last = now
        now += timedelta(minutes=1)
    return runs


def beat_stepping(
    schedule: dict[str, Any], zone: str, start: datetime, count: int, cap: float
) -> list[datetime]:
    """The first ``count`` runs as beat sends them: sleep what is_due says, at most ``cap``."""
    built, clock = _built(schedule, zone)
    runs: list[datetime] = []
    last = now = start
    for _ in range(200_000):
        clock.hold(now)
        due, wait = built.is_due(last)
        if due:
            runs.append(now)
            last = now
            if len(runs) == count:
                return runs
            due, wait = built.is_due(last)
        now += timedelta(seconds=min(max(float(wait), 0.001), cap))
    raise AssertionError("beat stepping found too few runs")


def preview_utc(
    schedule: dict[str, Any], zone: str, start: datetime, count: int = 10
) -> list[datetime]:
    preview = preview_schedule(schedule, zone, count, start=start)
    assert preview.error is None, preview.error
    return [run.utc for run in preview.runs]


def close(got: list[datetime], want: list[datetime]) -> bool:
    """Equal lists of instants (beat stepping lands within float error of a due time)."""
    return len(got) == len(want) and all(
        abs((a - b).total_seconds()) < 0.01 for a, b in zip(got, want, strict=True)
    )


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def cron(**fields: str) -> dict[str, Any]:
    return {"type": "crontab", **fields}


# -- calendar semantics, checked against the calendar and against beat stepping ------------------


def test_day_of_month_and_day_of_week_must_both_match() -> None:
    schedule = cron(minute="0", hour="9", day_of_month="13", day_of_week="fri")
    start = utc(2026, 1, 1)
    runs = preview_utc(schedule, "Asia/Shanghai", start, 4)
    local = [run.astimezone(ZoneInfo("Asia/Shanghai")) for run in runs]
    fridays_13th = [
        d for d in (date(2026, 1, 1) + timedelta(days=n) for n in range(900))
        if d.day == 13 and d.weekday() == 4
    ][:4]  # fmt: skip
    assert [moment.date() for moment in local] == fridays_13th
    assert all((moment.hour, moment.minute) == (9, 0) for moment in local)
    assert close(runs, beat_stepping(schedule, "Asia/Shanghai", start, 4, cap=6 * 3600))


@pytest.mark.parametrize("weekday", ["0", "sun", "SUN"])
def test_sunday_is_zero(weekday: str) -> None:
    schedule = cron(minute="15", hour="10", day_of_week=weekday)
    start = utc(2026, 5, 1)
    runs = preview_utc(schedule, "UTC", start, 5)
    assert all(run.weekday() == 6 and (run.hour, run.minute) == (10, 15) for run in runs)
    assert runs[0] == utc(2026, 5, 3, 10, 15)
    assert close(runs, beat_stepping(schedule, "UTC", start, 5, cap=3600))


def test_steps_restart_each_hour_as_celery_expands_them() -> None:
    schedule = cron(minute="*/7", hour="*/5")
    start, end = utc(2026, 6, 1, 23), utc(2026, 6, 3)
    want = minute_ticks(schedule, "Europe/Berlin", start, end)
    got = [run for run in preview_utc(schedule, "Europe/Berlin", start, 200) if run < end]
    assert got == want
    berlin = [run.astimezone(ZoneInfo("Europe/Berlin")) for run in got]
    assert {moment.minute for moment in berlin} == {0, 7, 14, 21, 28, 35, 42, 49, 56}
    assert {moment.hour for moment in berlin} == {0, 5, 10, 15, 20}


def test_month_ends_skip_months_without_the_day() -> None:
    schedule = cron(minute="0", hour="0", day_of_month="31")
    start = utc(2026, 1, 1, 1)
    runs = preview_utc(schedule, "UTC", start, 7)
    assert [run.month for run in runs] == [1, 3, 5, 7, 8, 10, 12]
    assert all(run.day == 31 for run in runs)
    assert close(runs, beat_stepping(schedule, "UTC", start, 7, cap=86400))


def test_february_29th_waits_for_a_leap_year() -> None:
    schedule = cron(minute="30", hour="6", day_of_month="29", month_of_year="2")
    start = utc(2026, 3, 1)
    runs = preview_utc(schedule, "UTC", start, 2)
    assert runs == [utc(2028, 2, 29, 6, 30), utc(2032, 2, 29, 6, 30)]
    assert close(runs, beat_stepping(schedule, "UTC", start, 2, cap=7 * 86400))


# -- DST: every minute of the days around the change, against Celery ---------------------------

DST_CASES = [
    # (zone, window start (UTC), schedule, what the notes must say)
    ("America/New_York", utc(2026, 3, 7, 12), cron(minute="30", hour="2"), "02:30 does not exist"),
    ("America/New_York", utc(2026, 3, 7, 12), cron(minute="*/20", hour="1-3"), "Celery skips them"),
    ("America/New_York", utc(2026, 3, 7, 12), cron(minute="0"), "clocks go forward 1 h"),
    ("America/New_York", utc(2026, 10, 31, 12), cron(minute="30", hour="1"), "happens twice"),
    ("America/New_York", utc(2026, 10, 31, 12), cron(minute="0"), "runs it once, the first"),
    ("Europe/Berlin", utc(2026, 3, 28, 12), cron(minute="30", hour="2"), "Celery runs it at 03:30"),
    ("Europe/Berlin", utc(2026, 10, 24, 12), cron(minute="0"), "02:00 happens twice"),
    ("Europe/Berlin", utc(2026, 10, 24, 12), cron(minute="*/15", hour="2"), "clocks go back 1 h"),
]


@pytest.mark.parametrize(("zone", "start", "schedule", "note"), DST_CASES)
def test_dst_days_match_celery_minute_by_minute(
    zone: str, start: datetime, schedule: dict[str, Any], note: str
) -> None:
    end = start + timedelta(days=2)
    want = minute_ticks(schedule, zone, start, end)
    preview = preview_schedule(schedule, zone, 100, start=start)
    got = [run.utc for run in preview.runs if run.utc < end]
    assert got == want
    notes = [text for run in preview.runs for text in run.notes_en]
    assert any(note in text for text in notes), notes
    zh = [text for run in preview.runs for text in run.notes_zh]
    assert zh and all(zh_note for zh_note in zh)
    shifted_day = next(run.at.date() for run in preview.runs if run.notes_en)
    assert dst_shift_on(shifted_day, ZoneInfo(zone)) is not None
    # runs on ordinary days carry no note
    assert all(not run.notes_en for run in preview.runs if run.at.date() != shifted_day)


def test_a_moved_run_names_the_wall_time_it_replaces() -> None:
    preview = preview_schedule(
        cron(minute="30", hour="2"), "America/New_York", 3, start=utc(2026, 3, 7, 12)
    )
    first = preview.runs[0]
    assert f"{first.at:%Y-%m-%d %H:%M %z}" == "2026-03-08 03:30 -0400"
    assert "02:30 does not exist this day; Celery runs it at 03:30" in first.notes_en
    assert "这一天没有 02:30，Celery 改在 03:30 运行" in first.notes_zh
    assert preview.runs[1].notes_en == ()


def test_no_dst_in_shanghai_means_no_notes() -> None:
    for start in (utc(2026, 3, 7, 12), utc(2026, 10, 31, 12)):
        schedule = cron(minute="0")
        end = start + timedelta(days=2)
        want = minute_ticks(schedule, "Asia/Shanghai", start, end)
        preview = preview_schedule(schedule, "Asia/Shanghai", 47, start=start)
        assert [run.utc for run in preview.runs] == want
        assert len(want) == 47  # every hour of two days, the window's end excluded
        assert all(not run.notes_en and not run.notes_zh for run in preview.runs)


def test_an_interval_keeps_real_time_across_fall_back() -> None:
    start = utc(2026, 10, 24, 23)
    preview = preview_schedule(
        {"type": "interval", "seconds": 1800}, "Europe/Berlin", 6, start=start
    )
    assert [run.utc for run in preview.runs] == [
        start + timedelta(minutes=30 * n) for n in range(1, 7)
    ]
    walls = [f"{run.at:%H:%M}" for run in preview.runs]
    assert walls == ["01:30", "02:00", "02:30", "02:00", "02:30", "03:00"]
    assert all(run.notes_en == (preview.runs[0].notes_en[0],) for run in preview.runs)
    start_interval = utc(2026, 7, 1, 12)
    assert close(
        [
            run.utc
            for run in preview_schedule(
                {"type": "interval", "seconds": 45}, "UTC", 5, start=start_interval
            ).runs
        ],
        beat_stepping({"type": "interval", "seconds": 45}, "UTC", start_interval, 5, cap=1.0),
    )


# -- starting points and edge cases --------------------------------------------------------------


def test_an_interval_continues_from_its_last_run() -> None:
    start = utc(2026, 7, 1, 12)
    last = start - timedelta(seconds=10)
    got = preview_schedule(
        {"type": "interval", "seconds": 15}, "UTC", 2, start=start, last_run_at=last
    )
    assert [run.utc for run in got.runs] == [
        start + timedelta(seconds=5),
        start + timedelta(seconds=20),
    ]
    overdue = preview_schedule(
        {"type": "interval", "seconds": 15},
        "UTC",
        1,
        start=start,
        last_run_at=start - timedelta(hours=1),
    )
    assert overdue.runs[0].utc == start  # beat sends an overdue entry at once


def test_clocked_runs_once_or_never() -> None:
    at = {"type": "clocked", "at": "2026-12-01T09:00:00+08:00"}
    ahead = preview_schedule(at, "Asia/Shanghai", 10, start=utc(2026, 11, 1))
    assert [f"{run.at:%Y-%m-%d %H:%M}" for run in ahead.runs] == ["2026-12-01 09:00"]
    passed = preview_schedule(at, "Asia/Shanghai", 10, start=utc(2026, 12, 2))
    assert passed.runs == [] and passed.note == "runs once, and that time has passed"


def test_invalid_schedules_and_zones_come_back_as_errors() -> None:
    bad = preview_schedule(cron(day_of_week="7"), "UTC")
    assert bad.error is not None and "Sunday is 0" in bad.error and bad.runs == []
    never = preview_schedule(cron(day_of_month="31", month_of_year="2"), "UTC")
    assert never.error is not None and "day_of_month" in never.error
    assert preview_schedule(cron(), "Mars/Base").error == "unknown time zone 'Mars/Base'"
    assert next_run(cron(minute="5"), "UTC", start=utc(2026, 1, 1)) == utc(2026, 1, 1, 0, 5)
