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


def _crontab_fields(value: crontab) -> dict[str, str]:
    return {field: str(getattr(value, f"_orig_{field}", "*")) for field in CRONTAB_FIELDS}


def _format_seconds(seconds: float) -> str:
    return f"every {seconds:g} s"


def describe_schedule(value: object) -> dict[str, Any]:
    """``kind``, ``every_seconds``, ``crontab`` (the five fields) and a short ``description``."""
    info: dict[str, Any] = {"kind": "other", "every_seconds": None, "crontab": None}
    seconds = _seconds(value)
    if isinstance(value, crontab):
        fields = _crontab_fields(value)
        info.update(kind="crontab", crontab=fields)
        info["description"] = "crontab " + " ".join(f"{f}={fields[f]}" for f in CRONTAB_FIELDS)
    elif isinstance(value, solar):
        info.update(kind="solar", description=f"solar {value.event} at {value.lat}, {value.lon}")
    elif seconds is not None:
        info.update(kind="interval", every_seconds=seconds, description=_format_seconds(seconds))
    else:
        info["description"] = repr(value)
    return info


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
        "args": list(raw.get("args") or ()),
        "kwargs": dict(raw.get("kwargs") or {}),
        "options": dict(raw.get("options") or {}),
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
