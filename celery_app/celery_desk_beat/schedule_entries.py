"""Celery schedule objects built from the schedule file's ``schedule`` objects.

Four types, each becoming one of Celery's own schedule classes so that due times, previews
and beat agree: ``interval`` (:class:`celery.schedules.schedule`), ``crontab``
(:class:`celery.schedules.crontab`), ``solar`` (:class:`celery.schedules.solar`, needs the
``ephem`` package) and ``clocked`` (:class:`Clocked`, a one-off at an instant).

Crontab fields pass the stricter checks of :mod:`celery_desk_beat.crontab_fields` first.
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from celery import Celery
from celery.schedules import BaseSchedule, crontab, schedule, solar

from celery_desk_beat.celery_compat import (
    celery_field_text,
    check_date_occurs,
    crontab_class,
    set_cached,
    solar_class,
)
from celery_desk_beat.crontab_fields import (
    CRONTAB_FIELDS,
    ScheduleSpecError,
    check_crontab_field,
    crontab_text,
)
from celery_desk_beat.i18n import translate
from celery_desk_beat.safe_text import brief, shown

__all__ = [
    "CRONTAB_FIELDS",
    "MAX_INTERVAL_SECONDS",
    "MIN_INTERVAL_SECONDS",
    "SCHEDULE_TYPES",
    "SOLAR_EVENTS",
    "Clocked",
    "FrozenClock",
    "ScheduleSpecError",
    "build_schedule",
    "check_crontab_field",
    "next_due",
    "normalize_schedule",
    "parse_instant",
]

SCHEDULE_TYPES = ("interval", "crontab", "solar", "clocked")
#: Beat wakes at least every 0.5 s and each send takes a Redis round trip: below a second an
#: interval is not honoured (1e-7 s is a zero timedelta: a message on every pass).
MIN_INTERVAL_SECONDS = 1
#: Ten years; far beyond, the next due time leaves the range of a datetime.
MAX_INTERVAL_SECONDS = 10 * 365 * 86400
SOLAR_EVENTS = tuple(sorted(solar._all_events))

_SCHEDULE_KEYS = {
    "interval": ("type", "seconds"),
    "crontab": ("type", *CRONTAB_FIELDS),
    "solar": ("type", "event", "lat", "lon"),
    "clocked": ("type", "at"),
}


class Clocked(BaseSchedule):  # type: ignore[misc]
    """A one-off schedule: due once, at ``at`` (an aware instant).

    It is due while the entry's ``last_run_at`` is before ``at`` and ``at`` has come; once
    run (``last_run_at >= at``) it never is again.
    """

    def __init__(
        self,
        at: datetime,
        nowfun: Callable[[], datetime] | None = None,
        app: Celery | None = None,
    ) -> None:
        if at.tzinfo is None:
            raise ValueError(translate("ScheduleEntries", "a clocked time needs a UTC offset"))
        self.at = at.astimezone(timezone.utc)
        super().__init__(nowfun=nowfun, app=app)

    def has_run(self, last_run_at: datetime) -> bool:
        return bool(self.maybe_make_aware(last_run_at) >= self.at)

    def remaining_estimate(self, last_run_at: datetime) -> timedelta:
        if self.has_run(last_run_at):
            return timedelta.max
        now: datetime = self.maybe_make_aware(self.now())
        return self.at - now

    def is_due(self, last_run_at: datetime) -> tuple[bool, float]:
        if self.has_run(last_run_at):
            return False, 24 * 3600.0
        remaining = (self.at - self.maybe_make_aware(self.now())).total_seconds()
        return remaining <= 0, max(remaining, 0.0) or 24 * 3600.0

    def __repr__(self) -> str:
        return f"<clocked: {self.at.isoformat()}>"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Clocked):
            return self.at == other.at
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.at)


def _normalize_crontab(raw: Mapping[str, Any]) -> dict[str, Any]:
    values = [crontab_text(field, raw.get(field, "*")) for field in CRONTAB_FIELDS]
    _crontab_prototype(tuple(values))
    return {"type": "crontab", **dict(zip(CRONTAB_FIELDS, values, strict=True))}


@functools.lru_cache(maxsize=65536)
def _crontab_prototype(values: tuple[str, ...]) -> crontab:
    """Celery's crontab for the five fields, checked; cached, as Celery's parser is slow and a
    reload of a large file checks every entry again."""
    fields = {f: check_crontab_field(f, v) for f, v in zip(CRONTAB_FIELDS, values, strict=True)}
    try:
        built = crontab_class()(**{f: celery_field_text(f, v) for f, v in fields.items()})
        check_date_occurs(built, fields["day_of_month"], fields["month_of_year"])
    except Exception as exc:  # only the day/month combination is left to fail here
        message = translate("ScheduleEntries", "Celery rejects it: {0}").format(brief(str(exc)))
        raise ScheduleSpecError("day_of_month", message) from exc
    return built


def _number(field: str, raw: object, limit: float) -> float:
    """``raw`` as a float within -limit..limit; a JSON integer of 400 digits, which float()
    cannot convert, is out of range like any other."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        message = translate("ScheduleEntries", "must be a number, not {0}").format(shown(raw))
        raise ScheduleSpecError(field, message)
    if isinstance(raw, float) and not math.isfinite(raw):
        message = translate("ScheduleEntries", "must be a finite number, not {0}")
        raise ScheduleSpecError(field, message.format(shown(raw)))
    if not -limit <= raw <= limit:  # exact for ints of any size
        message = translate("ScheduleEntries", "{0} is outside {1}..{2}")
        raise ScheduleSpecError(field, message.format(shown(raw), f"{-limit:g}", f"{limit:g}"))
    return float(raw)


def _canonical_number(value: float) -> int | float:
    """10 and 10.0 are one schedule: whole numbers as int, so hashes and dumps agree."""
    return int(value) if value.is_integer() else value


def _normalize_interval(raw: Mapping[str, Any]) -> dict[str, Any]:
    if "seconds" not in raw:
        message = translate("ScheduleEntries", "is required for an interval (a number >= {0})")
        raise ScheduleSpecError("seconds", message.format(MIN_INTERVAL_SECONDS))
    seconds = _number("seconds", raw["seconds"], MAX_INTERVAL_SECONDS)
    if seconds < MIN_INTERVAL_SECONDS:
        message = translate(
            "ScheduleEntries",
            "must be at least {0} second (beat cannot keep a shorter interval), not {1}",
        )
        raise ScheduleSpecError(
            "seconds", message.format(MIN_INTERVAL_SECONDS, shown(raw["seconds"]))
        )
    return {"type": "interval", "seconds": _canonical_number(seconds)}


def _normalize_solar(raw: Mapping[str, Any]) -> dict[str, Any]:
    event = raw.get("event")
    if event not in SOLAR_EVENTS:
        message = translate("ScheduleEntries", "{0} is not one of {1}")
        raise ScheduleSpecError("event", message.format(shown(event), ", ".join(SOLAR_EVENTS)))
    coordinates = []
    for field, limit in (("lat", 90), ("lon", 180)):
        if field not in raw:
            raise ScheduleSpecError(
                field, translate("ScheduleEntries", "is required for a solar schedule")
            )
        coordinates.append(_number(field, raw[field], limit))
    try:
        __import__("ephem")
    except ImportError as exc:
        raise ScheduleSpecError(
            "type",
            translate(
                "ScheduleEntries",
                "solar schedules need the 'ephem' package (pip install 'celery[solar]')",
            ),
        ) from exc
    lat, lon = coordinates
    return {
        "type": "solar",
        "event": event,
        "lat": _canonical_number(lat),
        "lon": _canonical_number(lon),
    }


def parse_instant(text: object) -> datetime:
    """An ISO-8601 time with a UTC offset, or :class:`ValueError` saying why not."""
    if not isinstance(text, str):
        raise ValueError(
            translate(
                "ScheduleEntries",
                "must be an ISO-8601 string such as 2026-12-01T09:00:00+08:00, not {0}",
            ).format(shown(text))
        )
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        message = translate("ScheduleEntries", "{0} is not an ISO-8601 time")
        raise ValueError(message.format(shown(text))) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            translate(
                "ScheduleEntries", "{0} has no UTC offset; write it like 2026-12-01T09:00:00+08:00"
            ).format(shown(text))
        )
    try:  # 9999-12-31T23:00-05:00 is a valid text, but not an instant a datetime can hold
        moment.astimezone(timezone.utc)
    except OverflowError:
        message = translate("ScheduleEntries", "{0} is out of the range of dates")
        raise ValueError(message.format(shown(text))) from None
    return moment


def _normalize_clocked(raw: Mapping[str, Any]) -> dict[str, Any]:
    if "at" not in raw:
        raise ScheduleSpecError(
            "at", translate("ScheduleEntries", "is required for a clocked schedule")
        )
    try:
        parse_instant(raw["at"])
    except ValueError as exc:
        raise ScheduleSpecError("at", str(exc)) from None
    return {"type": "clocked", "at": str(raw["at"]).strip()}


_NORMALIZERS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "interval": _normalize_interval,
    "crontab": _normalize_crontab,
    "solar": _normalize_solar,
    "clocked": _normalize_clocked,
}


def normalize_schedule(raw: object) -> dict[str, Any]:
    """The canonical form of a file's ``schedule`` object, checked as Celery would build it."""
    if not isinstance(raw, Mapping):
        message = translate("ScheduleEntries", "the schedule must be an object, not {0}")
        raise ScheduleSpecError("type", message.format(shown(raw)))
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in _NORMALIZERS:
        message = translate("ScheduleEntries", "unknown schedule type {0}; use one of {1}")
        raise ScheduleSpecError("type", message.format(shown(kind), ", ".join(SCHEDULE_TYPES)))
    allowed = _SCHEDULE_KEYS[kind]
    for key in raw:
        if key not in allowed:
            if kind == "interval":
                message = translate(
                    "ScheduleEntries", "is not a field of an {0} schedule (fields: {1})"
                )
            else:
                message = translate(
                    "ScheduleEntries", "is not a field of a {0} schedule (fields: {1})"
                )
            raise ScheduleSpecError(str(key), message.format(kind, ", ".join(allowed[1:])))
    return _NORMALIZERS[kind](raw)


def build_schedule(
    spec: Mapping[str, Any],
    tz: tzinfo | None = None,
    app: Celery | None = None,
    nowfun: Callable[[], datetime] | None = None,
) -> BaseSchedule:
    """The Celery schedule object for a normalized ``spec``; crontabs run in ``tz``."""
    kind = spec["type"]
    built: BaseSchedule
    if kind == "interval":
        built = schedule(timedelta(seconds=float(spec["seconds"])), nowfun=nowfun, app=app)
    elif kind == "crontab":
        built = copy.copy(_crontab_prototype(tuple(spec[field] for field in CRONTAB_FIELDS)))
        built.nowfun, built.app = nowfun, app
    elif kind == "solar":
        built = solar_class()(
            spec["event"], float(spec["lat"]), float(spec["lon"]), nowfun=nowfun, app=app
        )
    elif kind == "clocked":
        built = Clocked(parse_instant(spec["at"]), nowfun=nowfun, app=app)
    else:
        message = translate("ScheduleEntries", "unknown schedule type {0}")
        raise ScheduleSpecError("type", message.format(shown(kind)))
    if tz is not None:
        set_cached(built, "tz", tz)
    return built


def next_due(built: BaseSchedule, last_run_at: datetime, now: datetime) -> datetime | None:
    """When ``built`` is next due after a run at ``last_run_at``, seen at ``now``.

    ``built`` must read the clock through ``nowfun`` returning ``now`` (see
    :class:`FrozenClock`), so the answer is exact. ``None``: never again (a clocked entry
    that ran).
    """
    if isinstance(built, Clocked):
        return None if built.has_run(last_run_at) else built.at
    remaining: timedelta = built.remaining_estimate(last_run_at)
    return now + remaining


class FrozenClock:
    """A ``nowfun`` that can be held still, so a due time computed from it is exact."""

    def __init__(self) -> None:
        self._held: datetime | None = None

    def __call__(self) -> datetime:
        return self._held if self._held is not None else datetime.now(timezone.utc)

    def hold(self, moment: datetime | None) -> None:
        self._held = moment
