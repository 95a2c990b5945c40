"""Synthetic Celery events (``celery.events.Event`` dicts) for model and view tests."""

from __future__ import annotations

from typing import Any

from celery.events import Event

WORKERS = ("celery@alpha", "celery@beta", "celery@gamma")
NAMES = ("proj.add", "proj.mul", "proj.report", "proj.fetch")


def event(kind: str, t: float, **fields: Any) -> dict[str, Any]:
    """One event of type ``kind`` sent (and received here) at ``t``."""
    built: dict[str, Any] = Event(kind, timestamp=t, local_received=t, **fields)
    return built


def task_lifecycle(
    uuid: str,
    t: float,
    *,
    name: str = "proj.add",
    worker: str = WORKERS[0],
    args: str = "(1, 2)",
    kwargs: str = "{}",
    outcome: str = "succeeded",
    result: str = "3",
    runtime: float = 0.25,
    queue: str = "celery",
) -> list[dict[str, Any]]:
    """sent, received, started and an ending (``succeeded``, ``failed``, ``retried``,
    ``revoked``, or ``started`` to leave it running), 0.1 s apart from ``t``."""
    common = {"uuid": uuid}
    events = [
        event(
            "task-sent",
            t,
            hostname="client@host",
            name=name,
            args=args,
            kwargs=kwargs,
            queue=queue,
            routing_key=queue,
            exchange="",
            retries=0,
            root_id=uuid,
            parent_id=None,
            **common,
        ),
        event(
            "task-received",
            t + 0.1,
            hostname=worker,
            name=name,
            args=args,
            kwargs=kwargs,
            retries=0,
            root_id=uuid,
            parent_id=None,
            **common,
        ),
        event("task-started", t + 0.2, hostname=worker, **common),
    ]
    end = t + 0.2 + runtime
    if outcome == "succeeded":
        events.append(
            event("task-succeeded", end, hostname=worker, result=result, runtime=runtime, **common)
        )
    elif outcome == "failed":
        events.append(
            event(
                "task-failed",
                end,
                hostname=worker,
                exception=f"ValueError('bad {uuid}')",
                traceback="Traceback (most recent call last):\n"
                '  File "proj/tasks.py", line 12, in add\n'
                "    raise ValueError(x)\nValueError: bad\n",
                **common,
            )
        )
    elif outcome == "retried":
        events.append(
            event("task-retried", end, hostname=worker, exception="RetryError('again')", **common)
        )
    elif outcome == "revoked":
        events.append(event("task-revoked", end, hostname=worker, terminated=True, **common))
    return events


def progress(uuid: str, t: float, current: int, total: int, worker: str = WORKERS[0]) -> Any:
    """A custom ``task-progress`` event carrying PROGRESS meta."""
    return event(
        "task-progress", t, hostname=worker, uuid=uuid, meta={"current": current, "total": total}
    )


def mixed_stream(count: int, t0: float = 1_700_000_000.0) -> list[dict[str, Any]]:
    """``count`` tasks with varied names, workers, args and outcomes, in time order."""
    outcomes = ("succeeded", "succeeded", "succeeded", "failed", "started", "retried")
    events: list[dict[str, Any]] = []
    for i in range(count):
        events += task_lifecycle(
            f"task-{i:05d}",
            t0 + i * 0.5,
            name=NAMES[i % len(NAMES)],
            worker=WORKERS[i % len(WORKERS)],
            args=f"({i}, {i * 7 % 11})",
            kwargs="{'tag': 'even'}" if i % 2 == 0 else "{}",
            outcome=outcomes[i % len(outcomes)],
            result=str(i * 3),
            runtime=0.01 * (i % 17 + 1),
        )
    return events
