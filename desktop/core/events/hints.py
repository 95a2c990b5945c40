"""Warnings about Celery settings that hide events, inferred from the stream itself.

A worker started without ``-E`` (``worker_send_task_events = False``) still sends heartbeats,
whose ``processed`` count grows as it finishes tasks, but no task events. A worker is flagged
when its ``processed`` count grew after its first heartbeat here, no task event from it has
arrived, and it has been watched for at least ``grace`` seconds (time for the periodic
``enable_events`` broadcast to switch it on, if that is running).

``task_send_sent_event`` is off by default: tasks then appear only once a worker receives
them; told from the store's count of finished tasks that never had a ``task-sent``.
(``task_track_started`` is no event setting: workers send ``task-started`` whenever task
events are on; that option only stores STARTED in the result backend.)
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.events.workers import WorkerTable
from desktop.core.i18n import translate

NO_TASK_EVENTS = "no-task-events"
SENT_EVENT_OFF = "sent-event-off"

#: Finished tasks needed before the sent-event hint says anything.
MIN_FINISHED = 20


@dataclass(frozen=True, slots=True)
class Hint:
    """One warning: a stable code, the worker it concerns (if any), text and the setting."""

    code: str
    hostname: str | None
    message: str
    setting: str


def silent_workers(table: WorkerTable, now: float, grace: float = 10.0) -> list[str]:
    """Hostnames of online workers that finish tasks but send no task events."""
    silent: list[str] = []
    for worker in table.workers.values():
        if (
            worker.online
            and worker.task_events == 0
            and worker.first_heartbeat is not None
            and now - worker.first_heartbeat >= grace
            and worker.processed is not None
            and worker.processed_baseline is not None
            and worker.processed > worker.processed_baseline
        ):
            silent.append(worker.hostname)
    return sorted(silent)


def no_task_events_hint(hostname: str, enabler_on: bool) -> Hint:
    """The warning for a worker that runs tasks but sends no task events."""
    if enabler_on:
        message = translate(
            "EventHints",
            "Worker {0} is running tasks but sends no task events, so its tasks do not appear "
            "here. Celery Desk asks workers to send events every few seconds, but this worker "
            "did not respond: start it with -E (--task-events), or set "
            "worker_send_task_events = True in the Celery configuration "
            "(CELERY_WORKER_SEND_TASK_EVENTS = True in Django settings).",
        )
    else:
        message = translate(
            "EventHints",
            "Worker {0} is running tasks but sends no task events, so its tasks do not appear "
            'here. Turn on "Ask workers to send events every few seconds" in Preferences, '
            "start the worker with -E (--task-events), or set worker_send_task_events = True "
            "in the Celery configuration (CELERY_WORKER_SEND_TASK_EVENTS = True in Django "
            "settings).",
        )
    return Hint(NO_TASK_EVENTS, hostname, message.format(hostname), "worker_send_task_events")


def detect_hints(
    table: WorkerTable,
    now: float,
    *,
    finished: int,
    finished_without_sent: int,
    enabler_on: bool = True,
    grace: float = 10.0,
) -> list[Hint]:
    """All current hints, from the workers and the store's counts of finished tasks."""
    hints = [no_task_events_hint(h, enabler_on) for h in silent_workers(table, now, grace)]
    if finished >= MIN_FINISHED and finished_without_sent == finished:
        hints.append(
            Hint(
                SENT_EVENT_OFF,
                None,
                translate(
                    "EventHints",
                    "Tasks appear only once a worker receives them. To see queued (PENDING) "
                    "tasks too, set task_send_sent_event = True in the Celery configuration of "
                    "the code that sends them (CELERY_TASK_SEND_SENT_EVENT = True in Django "
                    "settings).",
                ),
                "task_send_sent_event",
            )
        )
    return hints
