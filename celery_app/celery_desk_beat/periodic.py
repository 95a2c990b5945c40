"""The periodic tasks an app defines in code, for read-only display.

Both of Celery's ways end up in ``app.conf.beat_schedule`` once the app is configured: the
setting itself, and ``add_periodic_task`` calls (pending ones are added at configuration,
handlers of ``on_after_configure`` run then). Reading the configuration therefore sees both.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from celery import Celery
from celery.schedules import crontab, schedule, solar

from celery_desk_beat.crontab_fields import ScheduleSpecError, check_crontab_field

CRONTAB_FIELDS = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")


def _seconds(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, schedule) and not isinstance(value, crontab | solar):
        return float(value.run_every.total_seconds())
    return None


_FIELD_RANGES = {
    "minute": (0, 59),
    "hour": (0, 23),
    "day_of_week": (0, 6),
    "day_of_month": (1, 31),
    "month_of_year": (1, 12),
}


def _set_text(field: str, values: set[int]) -> str:
    """``values`` as crontab text: ``*`` for the whole range, else runs like ``1-5,7``."""
    low, high = _FIELD_RANGES[field]
    ordered = sorted(values)
    if not ordered:
        return ""
    if ordered == list(range(low, high + 1)):
        return "*"
    runs: list[str] = []
    start = previous = ordered[0]
    for number in [*ordered[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        runs.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return ",".join(runs)


def _same_parse(field: str, text: str, parsed: set[int]) -> bool:
    """Whether ``text`` passes the file's strict check and means ``parsed`` to Celery."""
    try:
        checked = check_crontab_field(field, text)
        again: set[int] = getattr(crontab(**{field: checked}), field)
    except (ScheduleSpecError, ValueError):
        return False
    return again == parsed


def crontab_field_texts(value: crontab) -> tuple[dict[str, str], list[str]]:
    """The five fields of ``value`` as text, as Celery parsed them, and notes on rewrites.

    A field written as text the file accepts keeps that text (``*/15`` stays readable); one
    given as a set or range, or as text Celery reads loosely (``mon#1`` runs every Monday),
    becomes the values Celery actually runs, with a note saying so.
    """
    fields: dict[str, str] = {}
    notes: list[str] = []
    for field in CRONTAB_FIELDS:
        original = getattr(value, f"_orig_{field}", "*")
        parsed = set(getattr(value, field))
        if isinstance(original, str | int) and not isinstance(original, bool):
            text = str(original).strip()
            if _same_parse(field, text, parsed):
                fields[field] = text
                continue
        fields[field] = _set_text(field, parsed)
        notes.append(f"{field} {original!r} written as {fields[field]!r} (what Celery runs)")
    return fields, notes


def _format_seconds(seconds: float) -> str:
    return f"every {seconds:g} s"


def describe_schedule(value: object) -> dict[str, Any]:
    """``kind``, ``every_seconds``, ``crontab`` (the five fields), ``notes`` (rewrites of the
    fields) and a short ``description``."""
    info: dict[str, Any] = {"kind": "other", "every_seconds": None, "crontab": None, "notes": []}
    seconds = _seconds(value)
    if isinstance(value, crontab):
        fields, notes = crontab_field_texts(value)
        info.update(kind="crontab", crontab=fields, notes=notes)
        info["description"] = "crontab " + " ".join(f"{f}={fields[f]}" for f in CRONTAB_FIELDS)
    elif isinstance(value, solar):
        info.update(kind="solar", description=f"solar {value.event} at {value.lat}, {value.lon}")
    elif seconds is not None:
        info.update(kind="interval", every_seconds=seconds, description=_format_seconds(seconds))
    else:
        info["description"] = repr(value)
    return info


def _as_list(value: object) -> object:
    """A tuple or list as a list; anything else (a set, a string) as it is, for the caller to
    flag: ``list()`` would silently turn ``"abc"`` into three arguments."""
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else value


def _as_dict(value: object) -> object:
    if value is None:
        return {}
    return dict(value) if isinstance(value, Mapping) else value


def _normalise(name: str, raw: object) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        return _invalid(name, raw, "the entry is not a mapping")
    task = raw.get("task")
    if not isinstance(task, str) or not task:
        return _invalid(name, raw, "the entry names no task")
    if "schedule" not in raw:
        return _invalid(name, raw, "the entry has no schedule")
    entry: dict[str, Any] = {
        "name": name,
        "task": task,
        "schedule": raw["schedule"],
        "args": _as_list(raw.get("args")),
        "kwargs": _as_dict(raw.get("kwargs")),
        "options": _as_dict(raw.get("options")),
        "relative": bool(raw.get("relative", False)),
    }
    entry.update(describe_schedule(raw["schedule"]))
    return entry


def _invalid(name: str, raw: object, problem: str) -> dict[str, Any]:
    return {
        "name": name,
        "task": None,
        "schedule": raw,
        "args": [],
        "kwargs": {},
        "options": {},
        "relative": False,
        "kind": "invalid",
        "every_seconds": None,
        "crontab": None,
        "notes": [],
        "description": problem,
    }


def code_defined_schedule(app: Celery) -> dict[str, dict[str, Any]]:
    """Every periodic task ``app`` declares in code, by entry name, in declaration order.

    Each value has ``name``, ``task``, ``schedule`` (the original object), ``args`` (list),
    ``kwargs``, ``options``, ``relative``, ``kind`` (``interval``, ``crontab``, ``solar``,
    ``other`` or ``invalid``), ``every_seconds``, ``crontab`` (field -> text) and
    ``description``. Malformed entries are kept as ``invalid`` with the problem as
    description, so a display can say what is wrong instead of failing.
    """
    configured = app.conf.beat_schedule or {}
    if not isinstance(configured, Mapping):
        return {"beat_schedule": _invalid("beat_schedule", configured, "not a mapping")}
    return {str(name): _normalise(str(name), raw) for name, raw in configured.items()}
