"""Crontab fields in words, English and Chinese, as Celery reads them.

Each field is parsed into parts (``*``, a value, a range, each with an optional step) from
the text the user wrote, so ``1-5`` reads "Monday through Friday" rather than a list of
five days. The day fields follow Celery: day of month AND day of week must both match.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from celery_desk_beat.crontab_fields import CRONTAB_FIELDS

__all__ = [
    "CronPart",
    "days_en",
    "days_zh",
    "months_en",
    "months_zh",
    "parse_field",
    "time_en",
    "time_zh",
]

_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DAY_EN = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
DAY_ZH = ("周日", "周一", "周二", "周三", "周四", "周五", "周六")
MONTH_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class CronPart:
    """One comma-separated part: ``low`` None is ``*``; ``high`` None a single value."""

    low: int | None
    high: int | None = None
    step: int | None = None

    @property
    def single(self) -> bool:
        return self.low is not None and self.high is None and self.step is None


def _number(field: str, token: str) -> int:
    if field == "day_of_week" and token in _DAYS:
        return _DAYS.index(token)
    if field == "month_of_year" and token in _MONTHS:
        return _MONTHS.index(token) + 1
    return int(token)


def parse_field(field: str, text: str) -> list[CronPart]:
    """The parts of a field already accepted by :func:`check_crontab_field`."""
    parts = []
    for raw in text.strip().lower().split(","):
        body, _, step_text = raw.partition("/")
        step = int(step_text) if step_text else None
        if body == "*":
            parts.append(CronPart(None, None, None if step == 1 else step))
            continue
        low, _, high = body.partition("-")
        parts.append(CronPart(_number(field, low), _number(field, high) if high else None, step))
    return parts


def _is_any(parts: list[CronPart]) -> bool:
    return any(part.low is None and part.step is None for part in parts)


def _singles(parts: list[CronPart]) -> list[int] | None:
    return (
        sorted({p.low for p in parts if p.low is not None})
        if all(p.single for p in parts)
        else None
    )


def _join_en(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _join_zh(items: list[str]) -> str:
    return "、".join(items)


# -- minute and hour ---------------------------------------------------------------------------


def _hours_en(parts: list[CronPart]) -> str:
    texts = []
    for part in parts:
        if part.low is None:
            texts.append(f"every {part.step} hours from 00:00")
        elif part.high is None and part.step is None:
            texts.append(f"between {part.low:02d}:00 and {part.low:02d}:59")
        elif part.step is None:
            texts.append(f"between {part.low:02d}:00 and {part.high:02d}:59")
        else:
            last = part.high if part.high is not None else 23
            texts.append(f"every {part.step} hours from {part.low:02d}:00 to {last:02d}:00")
    return _join_en(texts)


def _hours_zh(parts: list[CronPart]) -> str:
    texts = []
    for part in parts:
        if part.low is None:
            texts.append(f"从 00:00 起每 {part.step} 小时")
        elif part.high is None and part.step is None:
            texts.append(f"{part.low:02d}:00 至 {part.low:02d}:59 之间")
        elif part.step is None:
            texts.append(f"{part.low:02d}:00 至 {part.high:02d}:59 之间")
        else:
            last = part.high if part.high is not None else 23
            texts.append(f"{part.low:02d}:00 至 {last:02d}:00 之间每 {part.step} 小时")
    return _join_zh(texts)


def _minutes_en(parts: list[CronPart]) -> str:
    texts = []
    for part in parts:
        if part.low is None:
            texts.append("every minute" if part.step is None else f"every {part.step} minutes")
        elif part.single:
            texts.append(f":{part.low:02d}")
        else:
            last = part.high if part.high is not None else 59
            every = "every minute" if part.step is None else f"every {part.step} minutes"
            texts.append(f"{every} from :{part.low:02d} to :{last:02d}")
    return _join_en(texts)


def _minutes_zh(parts: list[CronPart]) -> str:
    texts = []
    for part in parts:
        if part.low is None:
            texts.append("每分钟" if part.step is None else f"每 {part.step} 分钟")
        elif part.single:
            texts.append(f"第 {part.low} 分钟")
        else:
            last = part.high if part.high is not None else 59
            every = "每分钟" if part.step is None else f"每 {part.step} 分钟"
            texts.append(f"第 {part.low} 至 {last} 分钟{every}")
    return _join_zh(texts)


def time_en(fields: Mapping[str, str]) -> tuple[str, bool]:
    """The time of day in words, and whether it is once a day or less often (daily)."""
    minutes, hours = parse_field("minute", fields["minute"]), parse_field("hour", fields["hour"])
    m_values, h_values = _singles(minutes), _singles(hours)
    if m_values and h_values and len(m_values) * len(h_values) <= 6:
        times = [f"{h:02d}:{m:02d}" for h in h_values for m in m_values]
        return f"at {_join_en(times)}", True
    if _is_any(minutes) and _is_any(hours):
        return "every minute", False
    if m_values is not None:
        return _at_minutes_en(m_values, hours), False
    minute_text = _minutes_en(minutes)
    return (minute_text if _is_any(hours) else f"{minute_text}, {_hours_en(hours)}"), False


def _at_minutes_en(m_values: list[int], hours: list[CronPart]) -> str:
    at = f"at {_join_en([f':{m:02d}' for m in m_values])}"
    if _is_any(hours):
        return f"every hour {at}"
    if all(part.step is not None for part in hours):
        return f"{at} {_hours_en(hours)}"
    return f"every hour {at}, {_hours_en(hours)}"


def time_zh(fields: Mapping[str, str]) -> str:
    minutes, hours = parse_field("minute", fields["minute"]), parse_field("hour", fields["hour"])
    m_values, h_values = _singles(minutes), _singles(hours)
    if m_values and h_values and len(m_values) * len(h_values) <= 6:
        return _join_zh([f"{h:02d}:{m:02d}" for h in h_values for m in m_values])
    if _is_any(minutes) and _is_any(hours):
        return "每分钟"
    if m_values is not None:
        at = f"第 {_join_zh([str(m) for m in m_values])} 分钟"
        if _is_any(hours):
            return f"每小时的{at}"
        if all(part.step is not None for part in hours):
            return f"{_hours_zh(hours)}的{at}"
        return f"{_hours_zh(hours)}每小时的{at}"
    minute_text = _minutes_zh(minutes)
    return minute_text if _is_any(hours) else f"{_hours_zh(hours)}{minute_text}"


# -- days and months ---------------------------------------------------------------------------

_RANGES = {"day_of_week": (0, 6), "day_of_month": (1, 31), "month_of_year": (1, 12)}
_STEP_UNIT_EN = {"day_of_week": "day", "day_of_month": "day", "month_of_year": "month"}
_STEP_UNIT_ZH = {"day_of_week": "天", "day_of_month": "天", "month_of_year": "个月"}


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _expand(field: str, part: CronPart) -> list[int]:
    low, high = _RANGES[field]
    first = part.low if part.low is not None else low
    last = (
        part.high if part.high is not None else (high if part.step or part.low is None else first)
    )
    span = (
        range(first, last + 1)
        if first <= last
        else [*range(first, high + 1), *range(low, last + 1)]
    )
    return list(span)[:: part.step or 1]


def _values_text(field: str, parts: list[CronPart], names: tuple[str, ...], en: bool) -> str:
    """``Monday through Friday``, ``1 and 15``, ``every 2nd day from 1``... from the parts."""
    if len(parts) == 1 and parts[0].step is not None:
        part, step = parts[0], parts[0].step
        first = names[part.low if part.low is not None else _RANGES[field][0]]
        until = "" if part.high is None else names[part.high]
        if en:
            unit = _STEP_UNIT_EN[field]
            return f"every {_ordinal(step)} {unit} from {first}" + (f" to {until}" if until else "")
        return (
            f"从{first}起"
            + (f"到{until}" if until else "")
            + f"每 {part.step} {_STEP_UNIT_ZH[field]}"
        )
    texts = []
    for part in parts:
        if part.single:
            texts.append(names[part.low or 0])
        elif part.step is None and part.low is not None and part.high is not None:
            low, high = names[part.low], names[part.high]
            texts.append(f"{low} through {high}" if en else f"{low}至{high}")
        else:
            texts.extend(names[value] for value in _expand(field, part))
    return _join_en(texts) if en else _join_zh(texts)


def _day_names(en: bool) -> tuple[str, ...]:
    return ("", *(str(day) if en else f"{day}日" for day in range(1, 32)))


def _fields(fields: Mapping[str, str]) -> tuple[list[CronPart], list[CronPart]]:
    dom = parse_field("day_of_month", fields["day_of_month"])
    return dom, parse_field("day_of_week", fields["day_of_week"])


def days_en(fields: Mapping[str, str]) -> str:
    dom, dow = _fields(fields)
    weekdays = _values_text("day_of_week", dow, DAY_EN, True)
    days = _values_text("day_of_month", dom, _day_names(True), True)
    if _is_any(dom) and _is_any(dow):
        return "every day"
    if _is_any(dom):
        return f"every {weekdays}" if len(dow) == 1 and dow[0].single else f"on {weekdays}"
    if len(dom) == 1 and dom[0].step is not None:
        month_days = f"on {days.replace(' from ', ' of the month from day ')}".replace(
            " to ", " to day "
        )
    else:
        plural = "" if len(dom) == 1 and dom[0].single else "s"
        month_days = f"on day{plural} {days} of the month"
    if _is_any(dow):
        return month_days
    return (
        f"{month_days}, but only if that day falls on {weekdays} "
        "(Celery requires the day of month AND the day of week to match)"
    )


def days_zh(fields: Mapping[str, str]) -> tuple[str, str]:
    """The days, and the weekday condition Celery adds when both day fields are set."""
    dom, dow = _fields(fields)
    weekdays = _values_text("day_of_week", dow, DAY_ZH, False)
    days = _values_text("day_of_month", dom, _day_names(False), False)
    if _is_any(dom) and _is_any(dow):
        return "每天", ""
    if _is_any(dom):
        return f"每周{weekdays}" if dow[0].step is not None else f"每{weekdays}", ""
    if _is_any(dow):
        return f"每月{days}", ""
    return f"每月{days}", f"且当天必须是{weekdays}（Celery 要求日期和星期同时满足）"


def months_en(fields: Mapping[str, str]) -> str:
    parts = parse_field("month_of_year", fields["month_of_year"])
    if _is_any(parts):
        return ""
    return f"in {_values_text('month_of_year', parts, ('', *MONTH_EN), True)}"


def months_zh(fields: Mapping[str, str]) -> str:
    parts = parse_field("month_of_year", fields["month_of_year"])
    names = ("", *(f"{month}月" for month in range(1, 13)))
    return "" if _is_any(parts) else f"仅在{_values_text('month_of_year', parts, names, False)}"


def crontab_fields_of(schedule: Mapping[str, object]) -> dict[str, str]:
    """The five fields of a canonical crontab schedule, ``*`` where missing."""
    return {field: str(schedule.get(field, "*")) for field in CRONTAB_FIELDS}
