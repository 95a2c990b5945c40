"""Schedules in words, English and Chinese, and the crontab presets both ways."""

from __future__ import annotations

from typing import Any

import pytest

from celery_desk_beat.schedule_entries import normalize_schedule
from desktop.core.schedules.describe import describe_schedule
from desktop.core.schedules.presets import (
    CrontabPreset,
    PresetKind,
    preset_fields,
    recognize_preset,
)
from desktop.core.schedules.preview import preview_schedule


def cron(**fields: str) -> dict[str, Any]:
    return {"type": "crontab", **fields}


DESCRIPTIONS: list[tuple[dict[str, Any], str, str]] = [
    (cron(), "Every minute", "每分钟"),
    (cron(minute="5"), "Every hour at :05", "每小时的第 5 分钟"),
    (cron(minute="*/15"), "Every 15 minutes", "每 15 分钟"),
    (cron(minute="30", hour="2"), "At 02:30 every day", "每天 02:30"),
    (
        cron(minute="0", hour="9", day_of_week="mon-fri"),
        "At 09:00 on Monday through Friday",
        "每周一至周五 09:00",
    ),
    (cron(minute="0", hour="10", day_of_week="0"), "At 10:00 every Sunday", "每周日 10:00"),
    (
        cron(minute="0", hour="0", day_of_month="1"),
        "At 00:00 on day 1 of the month",
        "每月1日 00:00",
    ),
    (
        cron(minute="0", hour="9", day_of_month="13", day_of_week="fri"),
        "At 09:00 on day 13 of the month, but only if that day falls on Friday "
        "(Celery requires the day of month AND the day of week to match)",
        "每月13日 09:00，且当天必须是周五（Celery 要求日期和星期同时满足）",
    ),
    (
        cron(minute="0", hour="0", day_of_month="1-7", day_of_week="mon"),
        "At 00:00 on days 1 through 7 of the month, but only if that day falls on Monday "
        "(Celery requires the day of month AND the day of week to match)",
        "每月1日至7日 00:00，且当天必须是周一（Celery 要求日期和星期同时满足）",
    ),
    (
        cron(minute="*/15", hour="9-17", day_of_week="mon-fri"),
        "Every 15 minutes, between 09:00 and 17:59, on Monday through Friday",
        "每周一至周五 09:00 至 17:59 之间每 15 分钟",
    ),
    (
        cron(minute="0", hour="*/2"),
        "At :00 every 2 hours from 00:00",
        "从 00:00 起每 2 小时的第 0 分钟",
    ),
    (
        cron(minute="0", hour="0", day_of_month="1", month_of_year="jan,jul"),
        "At 00:00 on day 1 of the month, in January and July",
        "仅在1月、7月，每月1日 00:00",
    ),
    (
        cron(minute="0", hour="12", day_of_week="sat,sun"),
        "At 12:00 on Saturday and Sunday",
        "每周六、周日 12:00",
    ),
    (
        cron(minute="0", hour="0", day_of_month="*/2"),
        "At 00:00 on every 2nd day of the month from day 1",
        "每月从1日起每 2 天 00:00",
    ),
    ({"type": "interval", "seconds": 15}, "Every 15 seconds", "每 15 秒"),
    ({"type": "interval", "seconds": 60}, "Every minute", "每分钟"),
    ({"type": "interval", "seconds": 90}, "Every 1 minute 30 seconds", "每 1 分钟 30 秒"),
    ({"type": "interval", "seconds": 7200}, "Every 2 hours", "每 2 小时"),
    ({"type": "interval", "seconds": 1.5}, "Every 1.5 seconds", "每 1.5 秒"),
    (
        {"type": "solar", "event": "sunset", "lat": 31.23, "lon": 121.47},
        "Every day at sunset at latitude 31.23, longitude 121.47",
        "每天北纬 31.23°、东经 121.47°的日落时刻",
    ),
    (
        {"type": "solar", "event": "dawn_civil", "lat": -33.9, "lon": -70.6},
        "Every day at civil dawn at latitude -33.9, longitude -70.6",
        "每天南纬 33.9°、西经 70.6°的民用晨光始时刻",
    ),
]


@pytest.mark.parametrize(("schedule", "english", "chinese"), DESCRIPTIONS)
def test_descriptions_in_english_and_chinese(
    schedule: dict[str, Any], english: str, chinese: str
) -> None:
    words = describe_schedule(schedule)
    assert (words.en, words.zh) == (english, chinese)


def test_the_zone_is_named_for_crontab_and_clocked() -> None:
    daily = describe_schedule(cron(minute="30", hour="2"), "Asia/Shanghai")
    assert daily.en == "At 02:30 every day (Asia/Shanghai time)"
    assert daily.zh == "每天 02:30（Asia/Shanghai 时间）"
    once = describe_schedule(
        {"type": "clocked", "at": "2026-12-01T01:00:00+00:00"}, "Asia/Shanghai"
    )
    assert once.en == "Once, on 2026-12-01 09:00 (Asia/Shanghai time)"
    assert once.zh == "仅一次：2026-12-01 09:00（Asia/Shanghai 时间）"


def test_an_invalid_schedule_is_described_by_its_problem() -> None:
    words = describe_schedule(cron(day_of_week="7"))
    assert words.en.startswith("Invalid schedule (day_of_week:")
    assert "Sunday is 0" in words.en and words.zh.startswith("无效的计划（day_of_week")


def test_the_and_in_words_is_what_celery_runs() -> None:
    """The description says AND; the preview (Celery's crontab) only runs on both."""
    schedule = cron(minute="0", hour="9", day_of_month="1-7", day_of_week="mon")
    assert "AND" in describe_schedule(schedule).en
    runs = preview_schedule(schedule, "UTC", 6).runs
    assert all(run.at.weekday() == 0 and run.at.day <= 7 for run in runs)


# -- presets -------------------------------------------------------------------------------------

PRESETS = [
    (CrontabPreset(PresetKind.EVERY_MINUTE), ("*", "*", "*", "*", "*")),
    (CrontabPreset(PresetKind.HOURLY, minute=5), ("5", "*", "*", "*", "*")),
    (CrontabPreset(PresetKind.DAILY, minute=30, hour=2), ("30", "2", "*", "*", "*")),
    (CrontabPreset(PresetKind.WEEKDAYS, minute=30, hour=9), ("30", "9", "mon-fri", "*", "*")),
    (CrontabPreset(PresetKind.WEEKLY, minute=0, hour=9, day=0), ("0", "9", "sun", "*", "*")),
    (CrontabPreset(PresetKind.WEEKLY, minute=0, hour=9, day=5), ("0", "9", "fri", "*", "*")),
    (CrontabPreset(PresetKind.MONTHLY, minute=15, hour=23, day=31), ("15", "23", "*", "31", "*")),
]


@pytest.mark.parametrize(("preset", "fields"), PRESETS)
def test_presets_give_five_fields_celery_accepts_and_are_recognized(
    preset: CrontabPreset, fields: tuple[str, ...]
) -> None:
    made = preset_fields(preset)
    assert tuple(made.values()) == fields
    assert normalize_schedule({"type": "crontab", **made})["type"] == "crontab"
    assert recognize_preset(made) == preset


@pytest.mark.parametrize(
    "fields",
    [
        {"minute": "*/5"},
        {"minute": "0", "hour": "9-17"},
        {"minute": "0", "hour": "9", "day_of_week": "mon-sat"},
        {"minute": "0", "hour": "9-17", "day_of_week": "mon-fri"},
        {"minute": "0", "hour": "9", "day_of_week": "mon-fri", "day_of_month": "1"},
        {"minute": "0", "hour": "9", "day_of_month": "13", "day_of_week": "fri"},
        {"minute": "0", "hour": "0", "month_of_year": "1"},
    ],
)
def test_other_fields_are_no_preset(fields: dict[str, str]) -> None:
    assert recognize_preset(fields) is None


def test_recognition_reads_numbers_and_names_alike() -> None:
    assert recognize_preset({"minute": "0", "hour": "9", "day_of_week": "1"}) == CrontabPreset(
        PresetKind.WEEKLY, 0, 9, 1
    )
    assert recognize_preset({"minute": "7"}) == CrontabPreset(PresetKind.HOURLY, 7)
    assert recognize_preset({"minute": "5", "hour": "8", "day_of_week": "1-5"}) == CrontabPreset(
        PresetKind.WEEKDAYS, 5, 8
    )
    with pytest.raises(ValueError, match="day_of_week must be 0-6"):
        CrontabPreset(PresetKind.WEEKLY, 0, 9, 7)
