"""One entry as typed in a form, checked the way beat checks the file.

The editor hands over raw values (JSON text for args and kwargs) and gets back either an
:class:`EntrySpec` or every problem keyed by field (``name``, ``task``, ``args``,
``options.priority``, ``schedule.day_of_week``...), so each can be shown at its field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from celery_desk_beat.safe_text import brief
from celery_desk_beat.schedule_entries import normalize_schedule
from celery_desk_beat.schedule_file import EntrySpec
from celery_desk_beat.schedule_validation import MAX_NESTING, validate_entry
from desktop.core.i18n import translate

__all__ = ["EntryForm", "check_entry_form"]


@dataclass(frozen=True)
class EntryForm:
    """The raw values of the editor's fields; ``schedule_errors`` are the schedule form's
    own findings (field -> message), reported before anything else about the schedule."""

    name: str
    task: str
    schedule: dict[str, Any]
    args_text: str = "[]"
    kwargs_text: str = "{}"
    options: dict[str, Any] = field(default_factory=dict)
    enabled: bool = True
    description: str = ""
    entry_id: str | None = None
    schedule_errors: dict[str, str] = field(default_factory=dict)


def check_entry_form(form: EntryForm) -> tuple[EntrySpec | None, dict[str, str]]:
    """The entry the form holds, or None and every problem by field key."""
    errors: dict[str, str] = {}
    data: dict[str, Any] = {
        "task": form.task.strip(),
        "schedule": form.schedule,
        "options": form.options,
        "enabled": form.enabled,
        "description": form.description,
    }
    if form.entry_id is not None:
        data["id"] = form.entry_id
    for key, text, empty in (("args", form.args_text, "[]"), ("kwargs", form.kwargs_text, "{}")):
        try:
            data[key] = json.loads(text.strip() or empty)
        except json.JSONDecodeError as exc:
            problem = translate("EntryCheck", "not valid JSON: {0} (column {1})")
            errors[key] = problem.format(exc.msg, exc.colno)
        except ValueError as exc:  # a number of more than 4,300 digits
            errors[key] = translate("EntryCheck", "not valid JSON: {0}").format(brief(str(exc)))
        except RecursionError:
            problem = translate("EntryCheck", "nested too deeply (at most {0} levels)")
            errors[key] = problem.format(MAX_NESTING)
    for name, message in form.schedule_errors.items():
        errors[f"schedule.{name}"] = message
    for error in validate_entry(form.name, data):
        errors.setdefault(error.field or "name", error.message)
    if errors:
        return None, errors
    spec = EntrySpec(
        name=form.name,
        task=data["task"],
        schedule=normalize_schedule(data["schedule"]),
        args=data["args"],
        kwargs=data["kwargs"],
        options=data["options"],
        enabled=form.enabled,
        description=form.description,
        id=form.entry_id,
    )
    return spec, {}
