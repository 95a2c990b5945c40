"""Daylight-saving shifts of one local day, and how they bend a schedule's runs.

A shift is found from the zone itself (zoneinfo), not from a table: the UTC offset at the
start of a day differs from the one at its end. Wall times are naive datetimes in the zone.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = ["DstShift", "dst_shift_on", "format_offset", "is_ambiguous", "is_nonexistent"]


def format_offset(offset: timedelta) -> str:
    """``UTC+08:00`` / ``UTC-05:00`` / ``UTC+05:45``."""
    minutes = round(offset.total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def _duration_en(delta: timedelta) -> str:
    minutes = round(abs(delta.total_seconds()) / 60)
    hours, rest = divmod(minutes, 60)
    parts = ([f"{hours} h"] if hours else []) + ([f"{rest} min"] if rest else [])
    return " ".join(parts)


def _duration_zh(delta: timedelta) -> str:
    minutes = round(abs(delta.total_seconds()) / 60)
    hours, rest = divmod(minutes, 60)
    return ("" if not hours else f"{hours} 小时") + ("" if not rest else f"{rest} 分钟")


@dataclass(frozen=True)
class DstShift:
    """One change of UTC offset: at ``at`` (UTC) the wall clock goes from ``wall_before``
    to ``wall_after``. Forward: the wall times in between never happen; back: they happen
    twice."""

    at: datetime
    before: timedelta
    after: timedelta

    @property
    def forward(self) -> bool:
        return self.after > self.before

    @property
    def wall_before(self) -> datetime:
        return (self.at + self.before).replace(tzinfo=None)

    @property
    def wall_after(self) -> datetime:
        return (self.at + self.after).replace(tzinfo=None)

    @property
    def affected(self) -> tuple[datetime, datetime]:
        """The wall times skipped (forward) or repeated (back), as [start, end)."""
        low, high = sorted((self.wall_before, self.wall_after))
        return low, high

    def _clock(self, wall: datetime) -> str:
        """``wall`` as HH:MM on the day of the shift: the next day's midnight is 24:00."""
        if wall.date() > self.affected[0].date() and wall.time() == time():
            return "24:00"
        return f"{wall:%H:%M}"

    def text_en(self) -> str:
        way = "forward" if self.forward else "back"
        return (
            f"clocks go {way} {_duration_en(self.after - self.before)} this day at "
            f"{self._clock(self.wall_before)} (to {self._clock(self.wall_after)}; "
            f"{format_offset(self.before)} → {format_offset(self.after)})"
        )

    def text_zh(self) -> str:
        way = "拨快" if self.forward else "拨回"
        return (
            f"这一天 {self._clock(self.wall_before)} 时钟{way} "
            f"{_duration_zh(self.after - self.before)}"
            f"（至 {self._clock(self.wall_after)}；{format_offset(self.before)} → "
            f"{format_offset(self.after)}）"
        )


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def _at_second(zone: ZoneInfo, epoch: int) -> timedelta:
    return _offset(zone, datetime.fromtimestamp(epoch, UTC))


def _narrow(zone: ZoneInfo, low: int, high: int) -> DstShift:
    """The change between epoch seconds ``low`` (old offset) and ``high`` (new offset)."""
    before = _at_second(zone, low)
    while high - low > 1:
        middle = (low + high) // 2
        if _at_second(zone, middle) == before:
            low = middle
        else:
            high = middle
    return DstShift(datetime.fromtimestamp(high, UTC), before, _at_second(zone, high))


@functools.lru_cache(maxsize=4096)
def dst_shift_on(day: date, zone: ZoneInfo) -> DstShift | None:
    """The offset change whose skipped or repeated wall times fall on local ``day`` in
    ``zone``, or None (at most one is found).

    By the wall times, not by the offsets at the day's two midnights: where clocks jump at
    midnight (Cairo, Santiago, Havana, Beirut) the day that loses or repeats the hour is the
    one whose midnight does not exist, or the one before the midnight that repeats.
    """
    # Any change touching the day lies within a day of its UTC midnight (offsets are within
    # -12 h..+14 h): scan that by the hour, then narrow to the second.
    first = int(datetime.combine(day, time(), tzinfo=UTC).timestamp()) - 86400
    low, offset = first, _at_second(zone, first)
    for high in range(first + 3600, first + 3 * 86400 + 1, 3600):
        found = _at_second(zone, high)
        if found != offset:
            shift = _narrow(zone, low, high)
            start, end = shift.affected
            if start.date() <= day <= (end - timedelta(microseconds=1)).date():
                return shift
        low, offset = high, found
    return None


def is_ambiguous(wall: datetime, zone: ZoneInfo) -> bool:
    """True when the naive ``wall`` time happens twice in ``zone`` (the clocks went back)."""
    first = wall.replace(tzinfo=zone, fold=0).utcoffset()
    second = wall.replace(tzinfo=zone, fold=1).utcoffset()
    return first != second and not is_nonexistent(wall, zone)


def is_nonexistent(wall: datetime, zone: ZoneInfo) -> bool:
    """True when the naive ``wall`` time never happens in ``zone`` (the clocks jumped)."""
    aware = wall.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall
