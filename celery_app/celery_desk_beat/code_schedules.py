"""An app's code-defined periodic tasks converted to schedule-file entries, as JSON data.

One implementation for the desktop app (its demo, in process) and for the project helper
(:mod:`celery_desk_beat.project_info`, in a user's interpreter): both read
``app.conf.beat_schedule`` through :mod:`celery_desk_beat.periodic` and convert here.

Conversion is faithful or refused: an entry whose arguments would not come back from JSON
as they are (a ``Decimal``, a ``datetime``, a set, an object) is not convertible, with a
problem naming the value; tuples becoming lists is the one change accepted (JSON has no
tuple, and Celery's JSON serializer makes the same change when beat sends the task).
Options the file does not support are left out and named.
"""

from __future__ import annotations

import math
from typing import Any

from celery import Celery

from celery_desk_beat.periodic import code_defined_schedule
from celery_desk_beat.schedule_entries import normalize_schedule
from celery_desk_beat.schedule_validation import OPTION_FIELDS, validate_entry

__all__ = ["code_schedule", "convert_code_entry", "json_problem"]


def json_problem(value: object, where: str) -> str | None:
    """Why ``value`` would not survive a JSON round trip unchanged, or None when it would."""
    if value is None or type(value) in (str, bool, int):
        return None
    if type(value) is float:
        return None if math.isfinite(value) else f"{where} is {value!r}, which JSON cannot hold"
    items: list[tuple[str, object]]
    if isinstance(value, list | tuple):
        items = [(f"{where}[{index}]", item) for index, item in enumerate(value)]
    elif isinstance(value, dict):
        for key in value:
            if type(key) is not str:
                return f"{where} has the key {key!r} ({type(key).__name__}); JSON keys are text"
        items = [(f"{where}[{key!r}]", item) for key, item in value.items()]
    else:
        return (
            f"{where} is {_shown(value)} ({type(value).__module__}.{type(value).__qualname__}), "
            "which JSON cannot hold as it is"
        )
    for place, item in items:
        problem = json_problem(item, place)
        if problem:
            return problem
    return None


def _shown(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _file_schedule(info: dict[str, Any]) -> dict[str, Any] | None:
    kind = info["kind"]
    if kind == "interval":
        return {"type": "interval", "seconds": info["every_seconds"]}
    if kind == "crontab":
        return {"type": "crontab", **info["crontab"]}
    if kind == "solar":
        value = info["schedule"]
        return {"type": "solar", "event": value.event, "lat": value.lat, "lon": value.lon}
    return None


def _result(
    info: dict[str, Any],
    entry: dict[str, Any] | None = None,
    problem: str | None = None,
    notes: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "name": info["name"],
        "task": info["task"] or "",
        "description": str(info.get("description", "")),
        "entry": entry,
        "problem": problem,
        "notes": list(notes or []),
    }


def _data_problem(info: dict[str, Any]) -> str | None:
    """Why the entry's args, kwargs or (supported) options cannot go into the file as they are."""
    for field, wanted, kind in (("args", list, "list"), ("kwargs", dict, "dict")):
        value = info[field]
        problem = json_problem(value, field)
        if problem is None and not isinstance(value, wanted):
            problem = f"{field} is {_shown(value)}, not a {kind}"
        if problem:
            return problem
    options = info["options"]
    if not isinstance(options, dict):
        return f"options is {_shown(options)}, not a dict"
    return json_problem({k: v for k, v in options.items() if k in OPTION_FIELDS}, "options")


def convert_code_entry(info: dict[str, Any]) -> dict[str, Any]:
    """One entry of :func:`celery_desk_beat.periodic.code_defined_schedule` as JSON data.

    ``name``, ``task``, ``description`` (the schedule in words), ``entry`` (the file entry,
    or None when not convertible), ``problem`` (why not) and ``notes`` (what was left out or
    rewritten in a convertible entry).
    """
    name = info["name"]
    if info["kind"] == "invalid":
        return _result(info, problem=str(info["description"]))
    schedule = _file_schedule(info)
    if schedule is None:
        return _result(info, problem="its schedule type has no form in the schedule file")
    problem = _data_problem(info)
    if problem:
        return _result(info, problem=problem)
    options = info["options"]
    notes = list(info.get("notes", []))
    unsupported = sorted(str(key) for key in options if key not in OPTION_FIELDS)
    kept = {key: value for key, value in options.items() if key in OPTION_FIELDS}
    if unsupported:
        notes.append(f"options left out (the file does not support them): {', '.join(unsupported)}")
    if info.get("relative"):
        notes.append("relative=True is not supported in the file; the copy runs on plain intervals")
    data: dict[str, Any] = {
        "task": info["task"],
        "schedule": schedule,
        "args": list(info["args"]),
        "kwargs": dict(info["kwargs"]),
        "options": kept,
        "description": f"copied from the app's code ({name})",
    }
    errors = validate_entry(name, data)
    if errors:
        error = errors[0]
        where = f"{error.field}: " if error.field else ""
        return _result(info, problem=f"{where}{error.message}")
    data["schedule"] = normalize_schedule(schedule)
    return _result(info, entry=data, notes=notes)


def code_schedule(app: Celery) -> list[dict[str, Any]]:
    """Every code-defined periodic task of ``app`` as JSON data, in declaration order.

    The app must be configured (and finalized, for ``on_after_finalize`` handlers) by then;
    reading ``app.conf`` configures it.
    """
    return [convert_code_entry(info) for info in code_defined_schedule(app).values()]
