"""A schedule in plain words, in English and in Chinese.

Crontabs are described the way Celery runs them, not the way cron does: when both the day
of month and the day of week are restricted, the run needs both to match (cron's "or"
would be wrong here). Invalid schedules are described by their problem, never raise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from celery_desk_beat.schedule_entries import ScheduleSpecError, normalize_schedule, parse_instant
from celery_desk_beat.schedule_validation import is_known_timezone
from desktop.core.schedules import cron_words

__all__ = ["Description", "describe_interval", "describe_schedule", "solar_event_names"]

SOLAR_EN = {
    "sunrise": "sunrise",
    "sunset": "sunset",
    "solar_noon": "solar noon",
    "dawn_civil": "civil dawn",
    "dawn_nautical": "nautical dawn",
    "dawn_astronomical": "astronomical dawn",
    "dusk_civil": "civil dusk",
    "dusk_nautical": "nautical dusk",
    "dusk_astronomical": "astronomical dusk",
}
SOLAR_ZH = {
    "sunrise": "日出",
    "sunset": "日落",
    "solar_noon": "正午（太阳过中天）",
    "dawn_civil": "民用晨光始",
    "dawn_nautical": "航海晨光始",
    "dawn_astronomical": "天文晨光始",
    "dusk_civil": "民用昏影终",
    "dusk_nautical": "航海昏影终",
    "dusk_astronomical": "天文昏影终",
}
_UNITS_EN = (("hour", 3600), ("minute", 60), ("second", 1))
_UNITS_ZH = (("小时", 3600), ("分钟", 60), ("秒", 1))


@dataclass(frozen=True)
class Description:
    """The same description in English (``en``) and Chinese (``zh``)."""

    en: str
    zh: str


def solar_event_names() -> dict[str, Description]:
    """Each of Celery's solar events by name, in English and Chinese."""
    return {event: Description(SOLAR_EN[event], SOLAR_ZH[event]) for event in SOLAR_EN}


def _number(value: float) -> str:
    return f"{value:g}"


def describe_interval(seconds: float) -> Description:
    """``every 15 seconds`` / ``每 15 秒``; ``every 1 hour 30 minutes`` / ``每 1 小时 30 分钟``."""
    if seconds <= 0:
        return Description("never (the interval must be > 0)", "从不（间隔必须大于 0）")
    if not float(seconds).is_integer():
        return Description(f"every {_number(seconds)} seconds", f"每 {_number(seconds)} 秒")
    whole = int(seconds)
    split = []
    for index, (_, size) in enumerate(_UNITS_EN):
        count, whole = divmod(whole, size)
        if count:
            split.append((index, count))
    if len(split) == 1 and split[0][1] == 1:
        index = split[0][0]
        return Description(f"every {_UNITS_EN[index][0]}", f"每{_UNITS_ZH[index][0]}")
    if len(split) == 1:
        index, count = split[0]
        return Description(
            f"every {count} {_UNITS_EN[index][0]}s", f"每 {count} {_UNITS_ZH[index][0]}"
        )
    en = " ".join(f"{n} {_UNITS_EN[i][0]}{'s' if n > 1 else ''}" for i, n in split)
    zh = " ".join(f"{n} {_UNITS_ZH[i][0]}" for i, n in split)
    return Description(f"every {en}", f"每 {zh}")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _describe_crontab(fields: Mapping[str, str]) -> Description:
    time_en, daily = cron_words.time_en(fields)
    days_en, months_en = cron_words.days_en(fields), cron_words.months_en(fields)
    if daily:
        en = f"{time_en} {days_en}"  # at 02:30 every day / at 09:00 on Monday through Friday
    else:
        en = time_en if days_en == "every day" else f"{time_en}, {days_en}"
    if months_en:
        en += f", {months_en}"
    time_zh = cron_words.time_zh(fields)
    (days_zh, condition), months_zh = cron_words.days_zh(fields), cron_words.months_zh(fields)
    zh = time_zh if days_zh == "每天" and not daily else f"{days_zh} {time_zh}"
    if condition:
        zh += f"，{condition}"
    if months_zh:
        zh = f"{months_zh}，{zh}"
    return Description(_capital(en), zh)


def _coordinates(lat: float, lon: float) -> tuple[str, str]:
    en = f"latitude {_number(lat)}, longitude {_number(lon)}"
    north = f"北纬 {_number(abs(lat))}°" if lat >= 0 else f"南纬 {_number(abs(lat))}°"
    east = f"东经 {_number(abs(lon))}°" if lon >= 0 else f"西经 {_number(abs(lon))}°"
    return en, f"{north}、{east}"


def describe_schedule(schedule: Mapping[str, Any], timezone: str | None = None) -> Description:
    """The schedule in words; ``timezone`` (the file's) is named for crontab and clocked."""
    try:
        spec = normalize_schedule(schedule)
    except ScheduleSpecError as exc:
        return Description(
            f"Invalid schedule ({exc.field}: {exc.message})",
            f"无效的计划（{exc.field}：{exc.message}）",
        )
    zone_en = f" ({timezone} time)" if timezone else ""
    zone_zh = f"（{timezone} 时间）" if timezone else ""
    kind = spec["type"]
    if kind == "interval":
        words = describe_interval(float(spec["seconds"]))
        return Description(_capital(words.en), words.zh)
    if kind == "crontab":
        words = _describe_crontab(cron_words.crontab_fields_of(spec))
        return Description(words.en + zone_en, words.zh + zone_zh)
    if kind == "solar":
        where_en, where_zh = _coordinates(float(spec["lat"]), float(spec["lon"]))
        event = spec["event"]
        return Description(
            f"Every day at {SOLAR_EN[event]} at {where_en}",
            f"每天{where_zh}的{SOLAR_ZH[event]}时刻",
        )
    moment = parse_instant(spec["at"])
    if timezone and is_known_timezone(timezone):
        moment = moment.astimezone(ZoneInfo(timezone))
        when = f"{moment:%Y-%m-%d %H:%M}"
        return Description(f"Once, on {when}{zone_en}", f"仅一次：{when}{zone_zh}")
    when = moment.isoformat(sep=" ", timespec="minutes")
    return Description(f"Once, on {when}", f"仅一次：{when}")
