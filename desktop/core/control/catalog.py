"""What the workers on a broker offer: their registered task names and consumed queues.

The send-task form fills its task and queue choices from this. :func:`fetch_catalog` asks
every worker (``inspect registered`` and ``inspect active_queues``) on a private broker
connection and waits the full ``timeout`` for each call, since nobody knows how many workers
will answer. It blocks: run it off the GUI thread. Nothing here raises.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop.core.control.actions import close_control_app, control_app, error_text
from desktop.core.i18n import translate

log = logging.getLogger("celery_desk.control")


@dataclass(frozen=True, slots=True)
class Catalog:
    """Task names and queue names known to the workers that answered, sorted."""

    tasks: tuple[str, ...] = ()
    queues: tuple[str, ...] = ()
    workers: tuple[str, ...] = ()
    error: str | None = None

    def describe(self, timeout: float) -> str:
        """One line for the form: how many tasks on how many workers, or why none."""
        if self.error is not None:
            return translate("Catalog", "Cannot list registered tasks: {0}").format(self.error)
        if not self.workers:
            text = translate("Catalog", "No worker answered within {0} s: type the task name.")
            return text.format(f"{timeout:g}")
        count = len(self.workers)
        if count == 1:
            workers = translate("Catalog", "%n worker", None, count)
        else:
            workers = translate("Catalog", "%n workers", None, count)
        tasks = len(self.tasks)
        if tasks == 1:
            text = translate("Catalog", "%n registered task on {0}", None, tasks)
        else:
            text = translate("Catalog", "%n registered tasks on {0}", None, tasks)
        return text.format(workers)


def task_names(registered: Mapping[str, Any]) -> tuple[str, ...]:
    """The sorted union of ``inspect registered`` replies (``name [rate_limit=...]`` cut)."""
    names: set[str] = set()
    for reply in registered.values():
        if isinstance(reply, list | tuple):
            names.update(str(item).split(" [", 1)[0] for item in reply if item)
    return tuple(sorted(names))


def queue_names(active_queues: Mapping[str, Any]) -> tuple[str, ...]:
    """The sorted union of queue names in ``inspect active_queues`` replies."""
    names: set[str] = set()
    for reply in active_queues.values():
        if isinstance(reply, list | tuple):
            names.update(str(q["name"]) for q in reply if isinstance(q, dict) and q.get("name"))
    return tuple(sorted(names))


def fetch_catalog(url: str, timeout: float = 1.0, connect_timeout: float = 2.0) -> Catalog:
    """Ask every worker on ``url`` for its registered tasks and active queues."""
    app = control_app(url, connect_timeout=connect_timeout)
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0.25, timeout=connect_timeout)
            inspect = app.control.inspect(timeout=timeout, connection=conn)
            registered = inspect.registered() or {}
            queues = inspect.active_queues() or {}
    except Exception as exc:  # refused, auth, a broken reply: the form says so
        log.debug("listing registered tasks failed", exc_info=True)
        return Catalog(error=error_text(exc))
    finally:
        close_control_app(app)
    workers = tuple(sorted(set(registered) | set(queues)))
    return Catalog(task_names(registered), queue_names(queues), workers)
