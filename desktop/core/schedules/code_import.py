"""An app's code-defined periodic tasks (``beat_schedule``, ``add_periodic_task``) as file
entries, for read-only display and for copying into the schedule file.

The conversion itself is :mod:`celery_desk_beat.code_schedules`, shared with the project
helper that reads a user's project in its own interpreter: this module turns its JSON data
(``code_schedule`` of the helper's answer) into :class:`CodeEntry` objects, checking each
entry again with the file's own rules, since the data came from another process.

The file scheduler does not run code-defined schedules; copying them is how a project
moves over. Entries that cannot become file entries (a custom schedule class, arguments JSON
cannot hold) are kept with the reason, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from celery import Celery

from celery_desk_beat.code_schedules import code_schedule
from celery_desk_beat.schedule_entries import normalize_schedule
from celery_desk_beat.schedule_file import EntrySpec
from celery_desk_beat.schedule_validation import validate_entry
from desktop.core.i18n import translate

__all__ = ["CodeEntry", "code_entries", "code_entries_from_data", "demo_code_entries"]


@dataclass(frozen=True)
class CodeEntry:
    """One code-defined entry: ``spec`` when it can be copied, else ``problem`` says why.

    With a ``spec``, ``problem`` holds the notes instead (options left out, a crontab field
    rewritten as Celery runs it), or None.
    """

    name: str
    task: str
    description: str
    spec: EntrySpec | None = None
    problem: str | None = None


class CodeDataError(ValueError):
    """The helper's ``code_schedule`` data is not what :mod:`code_schedules` writes."""


def _text(item: Mapping[str, Any], key: str) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise CodeDataError(f"{key!r} must be text, not {type(value).__name__}")
    return value


def _entry(item: object) -> CodeEntry:
    if not isinstance(item, Mapping):
        raise CodeDataError(f"an entry must be an object, not {type(item).__name__}")
    name, task, description = _text(item, "name"), _text(item, "task"), _text(item, "description")
    notes = item.get("notes") or []
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise CodeDataError(f"entry {name!r}: 'notes' must be a list of text")
    problem = _text(item, "problem") or None
    data = item.get("entry")
    if data is None:
        reason = problem or translate("CodeImport", "cannot be copied into the file")
        return CodeEntry(name, task, description, problem=reason)
    errors = validate_entry(name, data)
    if errors:
        error = errors[0]
        where = f"{error.field}: " if error.field else ""
        return CodeEntry(name, task, description, problem=f"{where}{error.message}")
    spec = EntrySpec(
        name=name,
        task=data["task"],
        schedule=normalize_schedule(data["schedule"]),
        args=list(data.get("args", [])),
        kwargs=dict(data.get("kwargs", {})),
        options=dict(data.get("options", {})),
        description=str(data.get("description", "")),
    )
    return CodeEntry(name, task, description, spec=spec, problem="; ".join(notes) or None)


def code_entries_from_data(data: object) -> list[CodeEntry]:
    """The ``code_schedule`` list of the project helper's answer as entries, in order.

    Raises :class:`CodeDataError` (a ``ValueError``) when the data has the wrong shape.
    """
    if not isinstance(data, list):
        raise CodeDataError(f"code_schedule must be a list, not {type(data).__name__}")
    return [_entry(item) for item in data]


def code_entries(app: Celery) -> list[CodeEntry]:
    """Every code-defined periodic task of ``app`` (in this process), in declaration order."""
    return code_entries_from_data(code_schedule(app))


def demo_code_entries() -> list[CodeEntry]:
    """The demo app's code-defined schedules, read in this process (a private instance: the
    current app is left alone). A user's project is read in its own interpreter instead:
    :func:`desktop.core.project.facts.read_project_facts`."""
    from celery_desk_demo.factory import create_app

    app = create_app(main="celery-desk-code-schedules")
    try:
        return code_entries(app)
    finally:
        app.close()


CodeEntriesProvider = Callable[[], list[CodeEntry]]
