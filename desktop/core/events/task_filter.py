"""What the Tasks view shows: states, name, worker, a time range and a search query.

Qt-free: :meth:`TaskFilter.predicate` builds one function the proxy calls per task.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.core.events.model import TaskRecord
from desktop.core.events.query import Query, parse_query


def task_time(task: TaskRecord) -> float | None:
    """When the task first showed up: received, else sent, else its last event."""
    return task.received or task.sent or task.timestamp


@dataclass(frozen=True)
class TaskFilter:
    """What the Tasks view shows; empty fields filter nothing."""

    states: frozenset[str] | None = None
    name: str | None = None
    worker: str | None = None
    since: float | None = None
    until: float | None = None
    query: Query = field(default_factory=lambda: parse_query(""))

    def predicate(self) -> Callable[[TaskRecord], bool] | None:
        """One function accepting or rejecting a task, or None when everything passes."""
        checks: list[Callable[[TaskRecord], bool]] = []
        states, name, worker = self.states, self.name, self.worker
        if states is not None:
            checks.append(lambda t: t.state in states)
        if name:
            checks.append(lambda t: t.name == name)
        if worker:
            checks.append(lambda t: t.worker == worker)
        since, until = self.since, self.until
        if since is not None or until is not None:
            low = float("-inf") if since is None else since
            high = float("inf") if until is None else until

            def in_range(t: TaskRecord) -> bool:
                moment = task_time(t)
                return moment is not None and low <= moment <= high

            checks.append(in_range)
        if not self.query.empty:
            checks.append(self.query.matches)
        if not checks:
            return None
        if len(checks) == 1:
            return checks[0]
        return lambda t: all(check(t) for check in checks)
