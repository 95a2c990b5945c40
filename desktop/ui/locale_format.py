"""Numbers, durations, ages, days and time zones as the UI language writes them.

Numbers use the default QLocale (desktop/ui/i18n.py sets it to the UI language, or keeps the
system's when it speaks that language), so ``12,345`` and ``1.25`` follow the user's
conventions. Units are translated texts. A time zone is never shown by its abbreviation:
"CST" is China, US Central and Cuba; an offset (``UTC+08:00``) or an IANA name is not.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QLocale

from desktop.core.i18n import translate

_MINUTE = 60
_HOUR = 3600
_DAY = 86400


def format_count(value: int) -> str:
    """``12,345`` (grouped as the locale groups digits)."""
    return QLocale().toString(value)


def format_decimal(value: float, decimals: int) -> str:
    """``1.25`` with the locale's decimal separator, ``decimals`` digits after it."""
    return QLocale().toString(value, "f", decimals)


def format_size(size: int) -> str:
    """``117.7 MB``: powers of 1024 with the unit names file managers show."""
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def format_duration(seconds: float | None) -> str:
    """``850 µs``, ``12.3 ms``, ``1.25 s``, ``3 min 07 s``, ``2 h 05 min``, ``3 d 4 h``."""
    if seconds is None:
        return ""
    sign = "-" if seconds < 0 else ""
    return sign + _unsigned_duration(abs(seconds))


def _unsigned_duration(s: float) -> str:
    # The unit is picked by the value as it will be shown: the difference of two timestamps a
    # millisecond apart is often 0.000999..., which would read "1000 µs".
    if round(s * 1e6) < 1000:
        return translate("LocaleFormat", "{0} µs").format(format_decimal(s * 1e6, 0))
    if round(s * 1000, 1) < 1000:
        return translate("LocaleFormat", "{0} ms").format(format_decimal(s * 1000, 1))
    if round(s, 2) < _MINUTE:
        return translate("LocaleFormat", "{0} s").format(format_decimal(s, 2))
    minutes, secs = divmod(max(int(s), _MINUTE), _MINUTE)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return translate("LocaleFormat", "{0} d {1} h").format(format_count(days), hours)
    if hours:
        return translate("LocaleFormat", "{0} h {1} min").format(hours, f"{minutes:02d}")
    return translate("LocaleFormat", "{0} min {1} s").format(minutes, f"{secs:02d}")


def format_age(seconds: float | None) -> str:
    """How long ago: ``just now``, ``12 s ago``, ``3 min ago``, ``5 h ago``, ``2 d ago``."""
    if seconds is None:
        return ""
    if seconds < 1:
        return translate("LocaleFormat", "just now")
    if seconds < _MINUTE:
        return translate("LocaleFormat", "{0} s ago").format(int(seconds))
    if seconds < _HOUR:
        return translate("LocaleFormat", "{0} min ago").format(int(seconds // _MINUTE))
    if seconds < _DAY:
        return translate("LocaleFormat", "{0} h ago").format(int(seconds // _HOUR))
    return translate("LocaleFormat", "{0} d ago").format(format_count(int(seconds // _DAY)))


def format_utc_offset(moment: datetime) -> str:
    """``UTC+08:00``, ``UTC-05:00``, ``UTC+05:45``: the zone of an aware ``moment`` without
    its ambiguous abbreviation (naive: this machine's zone)."""
    offset = (moment if moment.tzinfo else moment.astimezone()).utcoffset()
    total = int(offset.total_seconds()) if offset is not None else 0
    sign = "-" if total < 0 else "+"
    hours, rest = divmod(abs(total), _HOUR)
    minutes, secs = divmod(rest, _MINUTE)
    text = f"UTC{sign}{hours:02d}:{minutes:02d}"
    return f"{text}:{secs:02d}" if secs else text  # historical offsets (LMT) have seconds


def format_local_zone(moment: datetime | None = None) -> str:
    """This machine's zone for a header: ``local (UTC+08:00)``."""
    now = moment or datetime.now().astimezone()
    return translate("LocaleFormat", "local ({0})").format(format_utc_offset(now))


def format_weekday_date(day: date) -> str:
    """``Wed 2024-05-01`` / ``周三 2024-05-01``: the weekday as the locale names it, an ISO
    date, which reads the same in every language the app speaks."""
    qdate = QDate(day.year, day.month, day.day)
    return f"{QLocale().toString(qdate, 'ddd')} {day.isoformat()}"
