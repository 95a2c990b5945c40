"""Sending one due entry together with its run state, so a crash neither repeats nor loses it.

When the broker is the Redis that holds the run state, the message and the state go out in
one pipeline: Redis receives both or neither. That pipeline is kombu's publish batch where
the producer has batches (kombu 5.7), else a transaction the message's LPUSH is captured
into (:mod:`celery_desk_beat.put_capture`, kombu 5.3 to 5.6). Otherwise the state is written
first and restored if sending fails; a crash between the two then loses that one run rather
than repeating it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from celery import Celery
from celery.utils import uuid

from celery_desk_beat.beat_state import RECENT_TASK_IDS, BeatKeys, RunState, RunStateStore
from celery_desk_beat.put_capture import can_capture_put, captured_put
from celery_desk_beat.schedule_entries import FrozenClock, next_due
from celery_desk_beat.schedule_merge import FileEntry

logger = logging.getLogger("celery_desk_beat.scheduler")

HEADER_ENTRY = "celery_desk_entry"
HEADER_ENTRY_ID = "celery_desk_entry_id"
HEADER_DUE = "celery_desk_due"
HEADER_REVISION = "celery_desk_revision"
HEADER_SENDER = "celery_desk_beat"
#: Celery 5.7's own mark on beat-sent messages, kept for tools that look for it.
HEADER_CELERY_BEAT = "celery_beat_task"

ATOMIC = "atomic"
STATE_FIRST = "state-first"


def message_headers(
    entry: FileEntry, due: datetime, revision: int | None, sender: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The entry's apply_async options, and its headers with ours on top."""
    options = dict(entry.options)
    headers = dict(options.pop("headers", None) or {})
    headers.update(
        {
            HEADER_CELERY_BEAT: True,
            HEADER_ENTRY: entry.name,
            HEADER_ENTRY_ID: entry.entry_id,
            HEADER_DUE: due.isoformat(),
            HEADER_REVISION: revision,
            HEADER_SENDER: sender,
        }
    )
    return headers, options


@dataclass(frozen=True)
class RunPlan:
    """Sending an entry now: for which due time, and the run state to store with it."""

    due: datetime
    sent: RunState  # stored with the message
    refused: RunState  # stored if Celery refuses the message: the run is skipped, not counted
    task_id: str  # the message's id, chosen here so the state can name it


def plan_run(entry: FileEntry, clock: FrozenClock, now: datetime) -> RunPlan | datetime:
    """The plan for an entry whose due time came, or when to look again if Celery says later
    (a crontab's starting deadline, say).

    ``last_run_at`` becomes the due time of a run sent on time, so the cadence is exact. A
    catch-up (the run was overdue when beat planned it: beat was down or standing by), or a
    run sent so late that the next one is due already, counts as run ``now``, as Celery's beat
    and the preview count it: the next comes one full interval after it was sent.
    """
    due = entry.next_due
    assert due is not None
    clock.hold(now)
    try:
        is_due, wait = entry.schedule.is_due(entry.last_run_at)
        following = next_due(entry.schedule, due, now) if is_due else None
    finally:
        clock.hold(None)
    if not is_due:
        return now + timedelta(seconds=max(float(wait), 0.001))
    late = entry.catch_up or (following is not None and following <= now)
    last = now if late else due
    old = entry.state
    task_id = uuid()
    recent = (task_id, *old.task_ids)[:RECENT_TASK_IDS]
    return RunPlan(
        due=due,
        sent=RunState(last, old.total_run_count + 1, old.anchor, due, recent),
        refused=RunState(last, old.total_run_count, old.anchor, old.last_due, old.task_ids),
        task_id=task_id,
    )


class Dispatcher:
    """Publishes due entries through one producer, writing each entry's run state with it."""

    def __init__(
        self, app: Celery, store: RunStateStore, keys: BeatKeys, sender: str, state_on_broker: bool
    ) -> None:
        self.app = app
        self.sender = sender
        self.store = store
        self.keys = keys
        self.state_on_broker = state_on_broker
        self.mode: str | None = None
        #: In atomic mode: kombu's publish batches (True), or a captured ``_put`` (False).
        self.batches = False

    def choose_mode(self, producer: Any) -> str:
        """Atomic when the message and its run state can share one Redis pipeline."""
        if self.mode is None:
            channel = producer.channel
            # Producers before kombu 5.7 have no batches, nor this attribute.
            batches = bool(getattr(producer, "supports_batch_publish", False)) and hasattr(
                channel, "create_publish_batch"
            )
            atomic = bool(
                self.state_on_broker
                and (batches or can_capture_put(channel))
                and not getattr(channel, "global_keyprefix", "")
            )
            self.mode = ATOMIC if atomic else STATE_FIRST
            self.batches = atomic and batches
            how = "in the same Redis pipeline as" if atomic else "before"
            logger.info("FileScheduler: run state is written %s each message", how)
        return self.mode

    def send(
        self,
        producer: Any,
        entry: FileEntry,
        due: datetime,
        state: RunState,
        revision: int | None,
        *,
        task_id: str | None = None,
    ) -> None:
        """Send ``entry`` for its ``due`` time and store ``state``; raises if it was not sent."""
        headers, options = message_headers(entry, due, revision, self.sender)
        if task_id is not None:
            options["task_id"] = task_id
        logger.info("Scheduler: Sending due task %s (%s)", entry.name, entry.task)
        if self.choose_mode(producer) == STATE_FIRST:
            previous = entry.state
            self.store.save(entry.entry_id, state)
            try:
                self.publish(producer, entry, headers, options)
            except Exception:
                self.store.save(entry.entry_id, previous)
                raise
            return
        if self.batches:
            with producer.batch() as batch:
                self.publish(producer, entry, headers, options)
                pipeline = _pending_pipeline(batch)
                if pipeline is not None:
                    pipeline.hset(self.keys.runs, entry.entry_id, state.encode())
        else:
            with captured_put(producer.channel) as transaction:
                self.publish(producer, entry, headers, options)
                pipeline = transaction if len(transaction) else None
                if pipeline is not None:
                    pipeline.hset(self.keys.runs, entry.entry_id, state.encode())
                    pipeline.execute()
        if pipeline is None:  # the transport sent it at once after all
            self.store.save(entry.entry_id, state)

    def publish(
        self, producer: Any, entry: FileEntry, headers: dict[str, Any], options: dict[str, Any]
    ) -> None:
        args, kwargs = list(entry.args), dict(entry.kwargs)
        task = self.app.tasks.get(entry.task)
        if task is not None:  # the app's own routes and defaults for its tasks
            task.apply_async(args, kwargs, producer=producer, headers=headers, **options)
        else:
            self.app.send_task(
                entry.task, args, kwargs, producer=producer, headers=headers, **options
            )


def _pending_pipeline(batch: Any) -> Any:
    """The Redis pipeline holding the message just published in ``batch``, if it does."""
    session = getattr(getattr(batch, "state", None), "session", None)
    pipeline = getattr(session, "pipeline", None)
    if pipeline is None or not hasattr(pipeline, "hset") or len(pipeline) == 0:
        return None
    return pipeline
