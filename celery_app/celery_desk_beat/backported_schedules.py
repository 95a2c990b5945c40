"""Celery 5.7's crontab and solar arithmetic, for the older Celery a user's project may have.

The desktop app previews runs with Celery 5.7; a beat in a project pinned to an older Celery
must send them at the same moments. Celery 5.3 to 5.6 match a crontab's fields in the
timezone of the datetimes they are handed (beat's ``app.now()``) rather than the crontab's
own ``tz``, add its remaining time in wall-clock hours across a DST change and resolve a
time in a DST gap backwards; before 5.6 astronomical dusk is 18 degrees *above* the
horizon, and before 5.7 a solar event that does not happen on a day (at high latitudes)
stops the search instead of trying the next days.

The methods below are Celery 5.7's (BSD licence, Celery's authors), narrowed to what a
non-relative schedule needs. :mod:`celery_desk_beat.celery_compat` uses these classes only
where the installed Celery behaves otherwise, so a beat on Celery 5.7 runs Celery's own.
"""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from celery.schedules import crontab, schedstate, solar
from celery.utils.time import ffwd

UTC = ZoneInfo("UTC")
#: Celery 5.7's horizons; before 5.6 ``dusk_astronomical`` is at ``'18'``.
SOLAR_HORIZONS = {
    "dawn_astronomical": "-18",
    "dawn_nautical": "-12",
    "dawn_civil": "-6",
    "sunrise": "-0:34",
    "solar_noon": "0",
    "sunset": "-0:34",
    "dusk_civil": "-6",
    "dusk_nautical": "-12",
    "dusk_astronomical": "-18",
}


def _dateutil_tz() -> Any:
    # python-dateutil is a dependency of every Celery release supported; imported by name
    # because it ships no type information.
    return importlib.import_module("dateutil.tz")


def _can_detect_ambiguous(zone: tzinfo) -> bool:
    return isinstance(zone, ZoneInfo) or hasattr(zone, "is_ambiguous")


def make_aware(moment: datetime, zone: tzinfo) -> datetime:
    """Celery 5.7's ``make_aware``: a wall time in a DST gap moves forwards (02:30 -> 03:30),
    one in a repeated hour takes its first occurrence."""
    moment = moment.replace(tzinfo=zone)
    if not _can_detect_ambiguous(zone):
        return moment
    tz_module = _dateutil_tz()
    if tz_module.datetime_ambiguous(moment):
        try:
            imaginary = not tz_module.datetime_exists(moment, zone)
        except ValueError:
            imaginary = False
        if imaginary:
            resolved: datetime = tz_module.resolve_imaginary(moment)
            return resolved
        return min(moment.replace(fold=0), moment.replace(fold=1))
    return moment


def _is_naive(moment: datetime) -> bool:
    return moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None


def localize(moment: datetime, zone: tzinfo) -> datetime:
    """Celery's ``localize`` (unchanged since 5.3) with 5.7's :func:`make_aware`."""
    if _is_naive(moment):
        moment = make_aware(moment, zone)
    if moment.tzinfo == UTC:
        moment = moment.astimezone(zone)
    return moment


def maybe_make_aware(moment: datetime, zone: tzinfo | None, naive_as_utc: bool) -> datetime:
    """Celery 5.7's ``maybe_make_aware``: an aware time as it is, a naive one in ``zone``."""
    if not _is_naive(moment):
        return moment
    if naive_as_utc:
        moment = make_aware(moment, UTC)
    return localize(moment, UTC if zone is None else zone)


def remaining(start: datetime, ends_in: Any, now: datetime) -> timedelta:
    """Celery 5.7's ``remaining`` for a crontab: the next run is ``start + ends_in`` on the
    wall clock (``ends_in`` is an ``ffwd``), the time left until it is counted in real time,
    across a DST change too."""
    end: datetime = start + ends_in
    return end.astimezone(UTC) - now.astimezone(UTC)


class ZonedCrontab(crontab):  # type: ignore[misc]
    """A crontab whose fields match in its own ``tz``, whatever timezone ``last_run_at`` and
    ``now`` come in: Celery 5.7's :class:`~celery.schedules.crontab` arithmetic."""

    def maybe_make_aware(self, dt: datetime, naive_as_utc: bool = True) -> datetime:
        return maybe_make_aware(dt, self.tz, naive_as_utc)

    def _schedule_zone(self, tz: str | tzinfo | None) -> tzinfo:
        zone = tz or self.tz
        return ZoneInfo(zone) if isinstance(zone, str) else zone

    def remaining_delta(
        self, last_run_at: datetime, tz: str | tzinfo | None = None, ffwd: type = ffwd
    ) -> tuple[datetime, Any, datetime]:
        schedule_tz = self._schedule_zone(tz)
        # Both instants in the crontab's own zone: its fields are matched there.
        last_run_at = self.maybe_make_aware(last_run_at).astimezone(schedule_tz)
        now = self.maybe_make_aware(self.now()).astimezone(schedule_tz)
        dow_num = last_run_at.isoweekday() % 7  # Sunday is day 0, not day 7

        execute_this_date = (
            last_run_at.month in self.month_of_year
            and last_run_at.day in self.day_of_month
            and dow_num in self.day_of_week
        )
        execute_this_hour = (
            execute_this_date
            and last_run_at.hour in self.hour
            and last_run_at.minute < max(self.minute)
        )
        delta: Any
        if execute_this_hour:
            next_minute = min(minute for minute in self.minute if minute > last_run_at.minute)
            delta = ffwd(minute=next_minute, second=0, microsecond=0)
        else:
            next_minute = min(self.minute)
            execute_today = execute_this_date and last_run_at.hour < max(self.hour)
            if execute_today:
                next_hour = min(hour for hour in self.hour if hour > last_run_at.hour)
                delta = ffwd(hour=next_hour, minute=next_minute, second=0, microsecond=0)
            else:
                next_hour = min(self.hour)
                all_dom_moy = self._orig_day_of_month == "*" and self._orig_month_of_year == "*"
                if all_dom_moy:
                    next_day = min(
                        [day for day in self.day_of_week if day > dow_num] or self.day_of_week
                    )
                    add_week = next_day == dow_num
                    delta = ffwd(
                        weeks=1 if add_week else 0,
                        weekday=(next_day - 1) % 7,
                        hour=next_hour,
                        minute=next_minute,
                        second=0,
                        microsecond=0,
                    )
                else:
                    delta = self._delta_to_next(last_run_at, next_hour, next_minute)
        return last_run_at, delta, now

    def remaining_estimate(self, last_run_at: datetime, ffwd: type = ffwd) -> timedelta:
        return remaining(*self.remaining_delta(last_run_at, ffwd=ffwd))

    def is_due(self, last_run_at: datetime) -> tuple[bool, float]:
        rem_delta = self.remaining_estimate(last_run_at)
        rem_secs = rem_delta.total_seconds()
        rem = max(rem_secs, 0)
        due = rem == 0
        deadline_secs = self.app.conf.beat_cron_starting_deadline
        has_passed_deadline = False
        if deadline_secs is not None and rem_secs < 0:
            # No feasible run in [now - deadline, now]: the missed run is too stale.
            now = self.maybe_make_aware(self.now())
            deadline_since = (
                now.astimezone(UTC) - timedelta(seconds=deadline_secs, microseconds=1)
            ).astimezone(now.tzinfo)
            if self.remaining_estimate(deadline_since).total_seconds() > 0:
                has_passed_deadline = True
                due = False
        if due or has_passed_deadline:
            rem_delta = self.remaining_estimate(self.now())
            rem = max(rem_delta.total_seconds(), 0)
        return schedstate(due, rem)  # type: ignore[no-any-return]


class Solar(solar):  # type: ignore[misc]
    """A solar schedule with Celery 5.7's horizons and its search past days on which the
    event does not happen."""

    max_search_days = 366

    def __init__(self, event: str, lat: float, lon: float, **kwargs: Any) -> None:
        super().__init__(event, lat, lon, **kwargs)
        self.cal.horizon = SOLAR_HORIZONS[event]

    def _next_event(self, start: Any) -> Any:
        sun = self.ephem.Sun()
        kwargs = {"use_center": True} if self.use_center else {}
        for _ in range(self.max_search_days):
            try:
                return getattr(self.cal, self.method)(sun, start=start, **kwargs)
            except self.ephem.CircumpolarError:
                start = self.cal.next_antitransit(sun, start=start)
        return start

    def remaining_estimate(self, last_run_at: datetime) -> timedelta:
        last_run_at = self.maybe_make_aware(last_run_at)
        last_run_at_utc = localize(last_run_at, UTC)
        self.cal.date = last_run_at_utc
        next_utc = self._next_event(self.ephem.Date(last_run_at_utc))
        upcoming: datetime = self.maybe_make_aware(next_utc.datetime())
        now: datetime = self.maybe_make_aware(self.now())
        return upcoming.astimezone(UTC) - now.astimezone(UTC)
