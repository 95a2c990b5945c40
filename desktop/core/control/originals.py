"""The full original arguments of a task, for a retry: where they can still be found.

Task events carry only ``argsrepr``/``kwargsrepr``, cut at 1024 characters (docs/facts.md): a
retry made from them can be silently wrong. The full arguments exist in, in order:

1. the result backend, when the app has ``result_extended`` (``AsyncResult.args/.kwargs``);
2. the broker, while the message waits in a queue or sits unacked (in flight);
3. nowhere else: only the reprs remain, and the result says so (``truncated``) so the UI can
   require the user to edit them.

:func:`fetch_originals` blocks on the backend and the broker: run it off the GUI thread.
It never raises; trouble with one place is noted and the next place is tried.
"""

from __future__ import annotations

import ast
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.core.control.actions import error_text
from desktop.core.i18n import translate
from desktop.core.queues.envelope import REPR_MAXSIZE

if TYPE_CHECKING:
    from celery import Celery

    from desktop.core.queues.inspect import QueueInspector

log = logging.getLogger("celery_desk.control")

SOURCE_BACKEND, SOURCE_QUEUE, SOURCE_UNACKED = "backend", "queue", "unacked"
SOURCE_REPR, SOURCE_UNKNOWN = "repr-only", "unknown"
SOURCES = (SOURCE_BACKEND, SOURCE_QUEUE, SOURCE_UNACKED, SOURCE_REPR, SOURCE_UNKNOWN)


@dataclass(frozen=True, slots=True)
class Originals:
    """A task's name and arguments, with where they came from.

    ``truncated`` is True when ``args``/``kwargs`` are not known to be complete (only a repr
    was found, or none): a retry must then use arguments the user edited.
    """

    task_id: str
    source: str
    name: str | None = None
    args: list[Any] | None = None
    kwargs: dict[str, Any] | None = None
    options: dict[str, Any] = field(default_factory=dict)
    args_repr: str = ""
    kwargs_repr: str = ""
    truncated: bool = False
    note: str = ""
    problems: tuple[str, ...] = ()

    @property
    def exact(self) -> bool:
        return self.source in (SOURCE_BACKEND, SOURCE_QUEUE, SOURCE_UNACKED)


def fetch_originals(
    task_id: str,
    *,
    backend_app: Celery | None = None,
    inspector: QueueInspector | None = None,
    queues: Iterable[str] | None = None,
    name: str | None = None,
    argsrepr: str | None = None,
    kwargsrepr: str | None = None,
) -> Originals:
    """The originals of ``task_id``; ``name``/``argsrepr``/``kwargsrepr`` from the events."""
    problems: list[str] = []
    if backend_app is not None:
        found = _from_backend(backend_app, task_id, problems)
        if found is not None:
            return found
    if inspector is not None:
        try:
            message = inspector.find_message(task_id, queues)
        except Exception as exc:  # broker unreachable: fall back to the reprs
            problems.append(translate("Originals", "broker: {0}").format(error_text(exc)))
            message = None
        if message is not None and message.message.full_arguments:
            decoded = message.message
            source = SOURCE_QUEUE if message.where == "queue" else SOURCE_UNACKED
            options: dict[str, Any] = {"queue": message.queue}
            if decoded.priority is not None:
                options["priority"] = decoded.priority
            return Originals(
                task_id, source, decoded.task or name, decoded.args, decoded.kwargs, options,
                decoded.args_repr, decoded.kwargs_repr,
                note=_found_note(source, message.queue),
                problems=tuple(problems),
            )  # fmt: skip
    return _from_reprs(task_id, name, argsrepr, kwargsrepr, problems)


def _from_backend(app: Celery, task_id: str, problems: list[str]) -> Originals | None:
    try:
        meta = app.AsyncResult(task_id)._get_task_meta()
    except Exception as exc:  # unreachable or foreign backend: try the broker next
        problems.append(translate("Originals", "result backend: {0}").format(error_text(exc)))
        return None
    if not isinstance(meta, dict):
        return None
    name, args, kwargs = meta.get("name"), meta.get("args"), meta.get("kwargs")
    if not name or not isinstance(args, list | tuple) or not isinstance(kwargs, dict):
        return None  # no result_extended, or the task has not stored anything yet
    options: dict[str, Any] = {}
    if meta.get("queue"):
        options["queue"] = str(meta["queue"])
    return Originals(
        task_id, SOURCE_BACKEND, str(name), list(args), dict(kwargs), options,
        repr(tuple(args)), repr(kwargs),
        note=translate("Originals", "Full arguments from the result backend (result_extended)"),
        problems=tuple(problems),
    )  # fmt: skip


def _found_note(source: str, queue: str) -> str:
    if source == SOURCE_QUEUE:
        text = translate("Originals", "Full arguments from the message waiting in queue '{0}'")
    else:
        text = translate(
            "Originals", "Full arguments from the message in flight (unacked) from queue '{0}'"
        )
    return text.format(queue)


def _literal(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def _complete(text: str | None) -> bool:
    """A repr that is certainly whole: parses, was not cut (Celery marks cuts with '...')."""
    return text is not None and len(text) < REPR_MAXSIZE and "..." not in text


def _from_reprs(
    task_id: str,
    name: str | None,
    argsrepr: str | None,
    kwargsrepr: str | None,
    problems: list[str],
) -> Originals:
    if argsrepr is None and kwargsrepr is None:
        return Originals(
            task_id, SOURCE_UNKNOWN, name, truncated=True,
            note=translate(
                "Originals", "The task's arguments were not found anywhere: enter them to retry"
            ),
            problems=tuple(problems),
        )  # fmt: skip
    parsed_args, parsed_kwargs = _literal(argsrepr), _literal(kwargsrepr or "{}")
    args = list(parsed_args) if isinstance(parsed_args, list | tuple) else None
    kwargs = dict(parsed_kwargs) if isinstance(parsed_kwargs, dict) else None
    whole = (
        args is not None
        and kwargs is not None
        and _complete(argsrepr)
        and _complete(kwargsrepr or "{}")
    )
    if whole:
        note = translate(
            "Originals",
            "Only the event stream's argument reprs were found (no result_extended, message no "
            "longer in the broker); they look complete, check them",
        )
    else:
        note = translate(
            "Originals",
            "Only the event stream's argument reprs were found (no result_extended, message no "
            "longer in the broker); they are cut or not literal: edit them",
        )
    return Originals(
        task_id, SOURCE_REPR, name, args, kwargs, {}, argsrepr or "", kwargsrepr or "",
        truncated=not whole, note=note, problems=tuple(problems),
    )  # fmt: skip
