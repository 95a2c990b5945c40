"""An app's code-defined periodic tasks (``beat_schedule``, ``add_periodic_task``) as file
entries, for read-only display and for copying into the schedule file.

The file scheduler does not run code-defined schedules; copying them is how a project
moves over. Entries that cannot become file entries (a custom schedule class, options the
file does not support) are kept with the reason, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from celery import Celery
from celery_desk_beat.periodic import code_defined_schedule
from celery_desk_beat.schedule_entries import normalize_schedule
from celery_desk_beat.schedule_file import EntrySpec
from celery_desk_beat.schedule_validation import OPTION_FIELDS, validate_entry

__all__ = ["CodeEntry", "code_entries", "demo_code_entries"]


@dataclass(frozen=True)
class CodeEntry:
    """One code-defined entry: ``spec`` when it can be copied, else ``problem`` says why."""

    name: str
    task: str
    description: str
    spec: EntrySpec | None = None
    problem: str | None = None


def _schedule_of(info: dict[str, Any]) -> dict[str, Any] | None:
    kind = info["kind"]
    if kind == "interval":
        return {"type": "interval", "seconds": info["every_seconds"]}
    if kind == "crontab":
        return {"type": "crontab", **info["crontab"]}
    if kind == "solar":
        value = info["schedule"]
        return {"type": "solar", "event": value.event, "lat": value.lat, "lon": value.lon}
    return None


def _convert(info: dict[str, Any]) -> CodeEntry:
    name, task = info["name"], info["task"] or ""
    description = str(info.get("description", ""))
    if info["kind"] == "invalid":
        return CodeEntry(name, task, description, problem=description)
    schedule = _schedule_of(info)
    if schedule is None:
        return CodeEntry(name, task, description, problem="its schedule type has no file form")
    options = dict(info["options"])
    unsupported = sorted(key for key in options if key not in OPTION_FIELDS)
    for key in unsupported:
        options.pop(key)
    data: dict[str, Any] = {
        "task": task,
        "schedule": schedule,
        "args": list(info["args"]),
        "kwargs": dict(info["kwargs"]),
        "options": options,
        "description": f"copied from the app's code ({name})",
    }
    errors = validate_entry(name, data)
    if errors:
        error = errors[0]
        where = f"{error.field}: " if error.field else ""
        return CodeEntry(name, task, description, problem=f"{where}{error.message}")
    spec = EntrySpec(
        name=name,
        task=task,
        schedule=normalize_schedule(schedule),
        args=data["args"],
        kwargs=data["kwargs"],
        options=options,
        description=data["description"],
    )
    note = None
    if unsupported:
        note = f"options left out (not supported in the file): {', '.join(unsupported)}"
    if info.get("relative"):
        note = "relative=True is not supported in the file; the copy runs on plain intervals"
    return CodeEntry(name, task, description, spec=spec, problem=note)


def code_entries(app: Celery) -> list[CodeEntry]:
    """Every code-defined periodic task of ``app``, in declaration order."""
    return [_convert(info) for info in code_defined_schedule(app).values()]


def demo_code_entries() -> list[CodeEntry]:
    """The demo app's code-defined schedules (a private instance: the current app is left
    alone)."""
    from celery_desk_demo.factory import create_app

    app = create_app(main="celery-desk-code-schedules")
    try:
        return code_entries(app)
    finally:
        app.close()


CodeEntriesProvider = Callable[[], list[CodeEntry]]
