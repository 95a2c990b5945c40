"""DST notes where clocks jump at local midnight (Cairo, Santiago, Havana, Beirut).

There the day that loses its first hour is the one whose midnight does not exist: a
``30 0`` crontab runs at 01:30 that day (Celery moves it), and that run, not the one the
day before, must carry the notes. Where an hour repeats before midnight, the day of the
repeated hour carries them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from desktop.core.schedules.dst import dst_shift_on
from desktop.core.schedules.preview import preview_schedule
from tests.test_schedule_preview import cron, minute_ticks

SPRING_AT_MIDNIGHT = [
    ("Africa/Cairo", date(2027, 4, 30)),
    ("America/Santiago", date(2027, 9, 5)),
    ("America/Havana", date(2027, 3, 14)),
    ("Asia/Beirut", date(2027, 3, 28)),
]


def _window(zone: str, day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day - timedelta(days=2), time(12), ZoneInfo(zone))
    return start.astimezone(UTC), (start + timedelta(days=4)).astimezone(UTC)


def _runs_by_day(schedule: dict[str, Any], zone: str, day: date) -> dict[date, Any]:
    start, end = _window(zone, day)
    preview = preview_schedule(schedule, zone, 4, start=start)
    assert [run.utc for run in preview.runs] == minute_ticks(schedule, zone, start, end)
    return {run.at.date(): run for run in preview.runs}


@pytest.mark.parametrize(("zone", "day"), SPRING_AT_MIDNIGHT)
def test_the_run_celery_moved_at_a_midnight_jump_carries_the_notes(zone: str, day: date) -> None:
    runs = _runs_by_day(cron(minute="30", hour="0"), zone, day)
    moved = runs[day]
    assert f"{moved.at:%H:%M}" == "01:30"
    assert moved.notes_en[0].startswith("clocks go forward 1 h this day at 00:00 (to 01:00")
    assert "00:30 does not exist this day; Celery runs it at 01:30" in moved.notes_en
    assert "这一天没有 00:30，Celery 改在 01:30 运行" in moved.notes_zh
    for other in (day - timedelta(days=1), day + timedelta(days=1)):
        assert runs[other].notes_en == () and runs[other].notes_zh == ()


@pytest.mark.parametrize(
    ("zone", "day"), [("America/Santiago", date(2027, 4, 3)), ("Africa/Cairo", date(2027, 10, 28))]
)
def test_an_hour_repeated_before_midnight_is_noted_on_its_own_day(zone: str, day: date) -> None:
    runs = _runs_by_day(cron(minute="30", hour="23"), zone, day)
    twice = runs[day]
    assert twice.notes_en[0].startswith("clocks go back 1 h this day at 24:00 (to 23:00")
    assert any("23:30 happens twice this day" in note for note in twice.notes_en)
    for other in (day - timedelta(days=1), day + timedelta(days=1)):
        assert runs[other].notes_en == ()


def test_each_change_belongs_to_exactly_one_day() -> None:
    for zone in ("Africa/Cairo", "America/Santiago", "America/New_York", "Pacific/Chatham"):
        tz = ZoneInfo(zone)
        days = [date(2027, 1, 1) + timedelta(days=n) for n in range(365)]
        shifts = [(day, dst_shift_on(day, tz)) for day in days]
        found = [(day, shift) for day, shift in shifts if shift is not None]
        assert len(found) == 2, (zone, [day for day, _ in found])
        for day, shift in found:
            assert shift is not None and shift.affected[0].date() == day
