"""One display time zone for every view, and the formatters that use it.

The zone is ``"local"`` (this machine's, the default), ``"UTC"``, or an IANA name such as
the Celery app's ``timezone`` (the ``display_timezone`` setting holds one of these). Every
view formats timestamps through :func:`format_time`/:func:`format_datetime` and repaints on
:attr:`ZoneNotifier.zone_changed` (``notifier().zone_changed``), so changing the setting
changes every view at once::

    settings.subscribe(lambda s, changed: timefmt.set_zone(s.display_timezone))

Timestamps are epoch seconds (floats), as Celery events carry them.
"""

from __future__ import annotations

import functools
import time as _time
import zoneinfo
from datetime import UTC, datetime, timedelta, tzinfo

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.ui import locale_format
from desktop.ui.locale_format import format_local_zone, format_utc_offset

LOCAL = "local"


class ZoneNotifier(QObject):
    """Signals:
    zone_changed(str): the display zone changed to this name.
    """

    zone_changed = Signal(str)


class TimeFormatter:
    """Formats epoch seconds in one zone; cheap enough to call from ``data()``."""

    def __init__(self, zone: str = LOCAL) -> None:
        self._name = LOCAL
        self._tz: tzinfo | None = None
        self._day_start = self._day_end = 0.0
        self.set_zone(zone)

    @property
    def zone(self) -> str:
        return self._name

    def set_zone(self, zone: str) -> None:
        """``"local"``, ``"UTC"`` or an IANA name; raises ValueError for an unknown zone."""
        if zone == LOCAL:
            self._tz = None
        elif zone.upper() == "UTC":
            zone, self._tz = "UTC", UTC
        else:
            try:
                self._tz = zoneinfo.ZoneInfo(zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                message = QCoreApplication.translate(
                    "TimeFormatter",
                    "unknown time zone {0}: use 'local', 'UTC' or a name like 'Europe/Paris'",
                )
                raise ValueError(message.format(repr(zone))) from None
        self._name = zone
        self._day_start = self._day_end = 0.0

    def to_datetime(self, ts: float) -> datetime:
        """``ts`` as an aware datetime in the display zone."""
        if self._tz is None:
            return datetime.fromtimestamp(ts).astimezone()
        return datetime.fromtimestamp(ts, self._tz)

    def time(self, ts: float | None) -> str:
        """Compact: ``14:03:07.123`` for a time of today (in the zone), else with the date."""
        if ts is None:
            return ""
        try:
            moment = self.to_datetime(ts)
        except (OverflowError, OSError, ValueError):
            return str(ts)
        if not self._day_start <= ts < self._day_end:
            self._refresh_day()
        if self._day_start <= ts < self._day_end:
            return f"{moment:%H:%M:%S}.{moment.microsecond // 1000:03d}"
        return f"{moment:%Y-%m-%d %H:%M:%S}"

    def _refresh_day(self) -> None:
        # the bounds of today in the display zone; refreshed only when a time falls outside
        now = _time.time()
        if self._day_start <= now < self._day_end:
            return
        midnight = self.to_datetime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        self._day_start = midnight.timestamp()
        self._day_end = (midnight + timedelta(days=1)).timestamp()

    def full(self, ts: float | None) -> str:
        """Complete: ``2024-05-01 14:03:07.123 UTC+02:00`` (an offset: abbreviations like
        CST name several zones)."""
        if ts is None:
            return ""
        try:
            moment = self.to_datetime(ts)
        except (OverflowError, OSError, ValueError):
            return str(ts)
        zone = format_utc_offset(moment)
        return f"{moment:%Y-%m-%d %H:%M:%S}.{moment.microsecond // 1000:03d} {zone}"

    def iso(self, ts: float | None) -> str:
        """ISO 8601 with the offset, for exports."""
        if ts is None:
            return ""
        try:
            return self.to_datetime(ts).isoformat(timespec="milliseconds")
        except (OverflowError, OSError, ValueError):
            return str(ts)

    def zone_label(self) -> str:
        """A short name for headers: ``UTC``, ``Europe/Paris`` or ``local (UTC+02:00)``."""
        if self._tz is None:
            return format_local_zone()
        return self._name


_formatter = TimeFormatter()


def formatter() -> TimeFormatter:
    """The app's one formatter."""
    return _formatter


@functools.cache
def notifier() -> ZoneNotifier:
    """The object whose ``zone_changed`` signal tells views to repaint their times."""
    return ZoneNotifier()


def set_zone(zone: str) -> None:
    """Change the display zone everywhere (raises ValueError for an unknown zone)."""
    if zone == _formatter.zone:
        return
    _formatter.set_zone(zone)
    notifier().zone_changed.emit(_formatter.zone)


def parse_iso(text: str | None) -> float | None:
    """Epoch seconds of an ISO 8601 time as Celery sends ``eta`` and ``expires``
    (``2024-05-01T12:00:00+00:00``); without an offset it is UTC, as Celery means it with
    its default ``enable_utc``. None for no text or text that is no such time."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.timestamp()
    except (OverflowError, OSError, ValueError):
        return None


def format_time(ts: float | None) -> str:
    return _formatter.time(ts)


def format_datetime(ts: float | None) -> str:
    return _formatter.full(ts)


# Durations and ages are written in the UI language (desktop/ui/locale_format.py).
format_duration = locale_format.format_duration
format_age = locale_format.format_age
