"""Numbers in the words of alerts: durations, rates, counts (translated in the app)."""

from __future__ import annotations

from desktop.core.i18n import translate


def duration(seconds: float) -> str:
    """``45 s``, ``12 min``, ``1 h 5 min``, ``3 d 2 h``: whole units, at most two."""
    total = max(0, round(seconds))
    minutes, secs = divmod(total, 60)
    hours, mins = divmod(minutes, 60)
    days, hrs = divmod(hours, 24)
    if total < 60:
        text = translate("AlertText", "{0} s").format(total)
    elif minutes < 10 and secs:
        text = translate("AlertText", "{0} min {1} s").format(minutes, secs)
    elif minutes < 60:
        text = translate("AlertText", "{0} min").format(minutes)
    elif hours < 24:
        text = translate("AlertText", "{0} h {1} min").format(hours, mins)
        if not mins:
            text = translate("AlertText", "{0} h").format(hours)
    else:
        text = translate("AlertText", "{0} d {1} h").format(days, hrs)
        if not hrs:
            text = translate("AlertText", "{0} d").format(days)
    return text


def percent(value: float) -> str:
    """``12.5 %`` (one decimal below 10, none above)."""
    shown = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    return translate("AlertText", "{0} %").format(shown)


def count(value: int) -> str:
    return f"{value:,}"
