"""The text parts of the task detail: fields clipped and escaped, links, family lookups."""

from __future__ import annotations

import html
import json
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.core.events import EventStore, TaskRecord
from desktop.ui.monitor import timefmt
from desktop.ui.monitor.task_columns import effective_runtime

MAX_CHILDREN = 50
MAX_FIELD_CHARS = 2000


def children_of(store: EventStore, uuid: str, limit: int = MAX_CHILDREN) -> list[TaskRecord]:
    """Tasks held whose parent is ``uuid`` (a scan; call it when the shown task changes).
    Never the task itself: Celery names a retried task as its own parent."""
    found: list[TaskRecord] = []
    for task in store.tasks.values():
        if task.parent_id == uuid and task.uuid != uuid:
            found.append(task)
            if len(found) >= limit:
                break
    return found


def runtime_text(task: TaskRecord) -> str:
    runtime = effective_runtime(task)
    if runtime is None:
        return ""
    text = timefmt.format_duration(runtime)
    if task.runtime is not None:
        return text
    return QCoreApplication.translate("TaskDetail", "{0} (from started to finished)").format(text)


def moment_text(value: str | None) -> str:
    """An ``eta``/``expires`` ISO time in the display zone, as every other time is shown."""
    moment = timefmt.parse_iso(value)
    return timefmt.format_datetime(moment) if moment is not None else (value or "")


def link(uuid: str, label: str | None = None) -> str:
    return f'<a href="{html.escape(uuid)}">{html.escape(label or uuid)}</a>'


def field_text(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=repr)
    if len(text) > MAX_FIELD_CHARS:
        text = text[:MAX_FIELD_CHARS] + "…"
    return html.escape(text)


def strip_tags(text: str) -> str:
    out, inside = [], False
    for char in text:
        if char == "<":
            inside = True
        elif char == ">":
            inside = False
        elif not inside:
            out.append(char)
    return html.unescape("".join(out))
