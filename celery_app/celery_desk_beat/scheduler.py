"""``FileScheduler``: celery beat driven by a JSON schedule file that it reloads live.

    celery -A celery_desk_demo beat -S celery_desk_beat.scheduler:FileScheduler -s schedule.json
    celery -A proj beat -S file -s schedule.json        (entry point alias)

Each tick (at most half a second apart) stats the file and re-reads it only when it changed; a
bad or missing file is logged once and the last good schedule keeps running. Run state
lives in Redis (see :mod:`celery_desk_beat.beat_state`) and is written with every message, in
the same Redis round trip when the broker is that Redis, so a kill -9 neither repeats nor
loses a run. A lease makes one beat per schedule file the sender; others stand by.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import redis
from celery import Celery
from celery.beat import Scheduler
from kombu.exceptions import OperationalError

from celery_desk_beat.atomic_file import FileWatcher
from celery_desk_beat.beat_dispatch import Dispatcher, plan_run
from celery_desk_beat.beat_lease import Lease, make_token
from celery_desk_beat.beat_state import (
    STATE_URL_ENV,
    BeatKeys,
    RunState,
    RunStateStore,
    StatusBoard,
    connect,
    state_redis_url,
)
from celery_desk_beat.beat_status import BeatView, StatusTracker
from celery_desk_beat.celery_compat import BATCH_PUBLISH_ERRORS
from celery_desk_beat.due_queue import DueQueue
from celery_desk_beat.safe_text import brief
from celery_desk_beat.schedule_entries import FrozenClock
from celery_desk_beat.schedule_file import (
    ScheduleDocument,
    ScheduleError,
    ScheduleFileError,
    parse_schedule_text,
    read_schedule_bytes,
)
from celery_desk_beat.schedule_merge import FileEntry, merge_document

logger = logging.getLogger(__name__)

#: Errors that mean "not sent, try the same run again": the broker or Redis is unreachable.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (
    OSError,
    redis.RedisError,
    OperationalError,
    *BATCH_PUBLISH_ERRORS,
)


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class FileScheduler(Scheduler):  # type: ignore[misc]
    """A :class:`celery.beat.Scheduler` whose schedule is the file given with ``-s``."""

    Entry = FileEntry
    #: The longest sleep, so edits apply within it; Celery's 300 s would hide them for minutes.
    max_interval = 0.5
    lease_ttl = 12.0
    housekeeping_interval = 1.0
    retry_delay = 1.0
    #: A dead holder's heartbeat must be this old before its lease is taken early.
    dead_holder_silence = 2.0

    def __init__(
        self,
        app: Celery,
        schedule_filename: str | None = None,
        max_interval: float | None = None,
        lazy: bool = False,
        **kwargs: Any,
    ) -> None:
        filename = schedule_filename or app.conf.beat_schedule_filename
        self.path = Path(os.fspath(filename)).absolute()
        self.keys = BeatKeys.for_path(self.path)
        self.token = make_token()
        self.clock = FrozenClock()
        self.document: ScheduleDocument | None = None
        self.entries: dict[str, FileEntry] = {}
        self.active = False
        self.status = StatusTracker(self.path, self.keys.namespace)
        self._states: dict[str, RunState] = {}
        self.queue = DueQueue()
        self.watcher = FileWatcher(self.path)
        self._next_housekeeping = 0.0
        self._redis: redis.Redis | None = None
        super().__init__(app, max_interval=max_interval, lazy=lazy, **kwargs)
        self.max_interval = min(float(self.max_interval), FileScheduler.max_interval)

    # -- Celery's Scheduler interface -------------------------------------------------------

    def setup_schedule(self) -> None:
        url = state_redis_url(self.app.conf.broker_url)
        self._redis = connect(url)
        self.store = RunStateStore(self._redis, self.keys)
        on_broker = not os.environ.get(STATE_URL_ENV)
        self.dispatcher = Dispatcher(
            self.app, self.store, self.keys, sender=self.token, state_on_broker=on_broker
        )
        self.lease = Lease(self._redis, self.keys.lease, self.token, self.lease_ttl)
        self.board = StatusBoard(self._redis, self.keys, self.token)
        self.status.note_startup(url, len(self.app.conf.beat_schedule or {}))
        try:
            self._states = self.store.load_all()
        except redis.RedisError as exc:
            self.status.note_redis_error(exc)
        self._check_file()
        self._housekeeping()

    def get_schedule(self) -> dict[str, FileEntry]:
        return {name: entry for name, entry in self.entries.items() if entry.enabled}

    def set_schedule(self, schedule: Any) -> None:
        """The file is the schedule; Celery's own setters have nothing to set."""

    schedule = property(get_schedule, set_schedule)

    def should_sync(self) -> bool:
        return False  # run state is written with every message, not in batches

    def sync(self) -> None:
        pass

    def close(self) -> None:
        if self._redis is not None:
            try:
                self.board.withdraw(self.active)
                if self.active:
                    self.lease.release()
                    logger.info("FileScheduler: released the lease on %s", self.path)
            except redis.RedisError as exc:
                logger.warning("FileScheduler: could not release the lease: %s", exc)
            self.active = False
            self._redis.close()
            self._redis = None
        super().close()

    @property
    def info(self) -> str:
        return f"    . schedule file -> {self.path}\n    . state -> redis {self.keys.namespace}"

    def tick(self, *args: Any, **kwargs: Any) -> float:
        """One pass; returns the seconds to sleep. Never raises: beat must not stop."""
        try:
            return self._tick()
        except Exception:
            logger.exception("FileScheduler: tick failed; beat keeps running")
            return self.max_interval

    # -- the loop ---------------------------------------------------------------------------

    def _tick(self) -> float:
        self._check_file()
        if time.monotonic() >= self._next_housekeeping:
            self._housekeeping()
        until_housekeeping = max(self._next_housekeeping - time.monotonic(), 0.0)
        wait = min(until_housekeeping, self.max_interval)
        if not self.active:
            return wait
        head = self.queue.peek(self.entries)
        if head is None:
            return wait
        delay = head[0] - time.time()
        if delay > 0:
            return min(delay, wait)
        self.queue.pop()
        self._run_due(head[1])
        return 0.0

    def next_due_entry(self) -> FileEntry | None:
        head = self.queue.peek(self.entries)
        return None if head is None else head[1]

    # -- the file ---------------------------------------------------------------------------

    def _check_file(self) -> None:
        """Re-read the file when its (mtime, size, inode) moved; say the outcome at once.

        Whatever the file holds ends in the status, applied or rejected with a reason: an app
        that saved it waits for one or the other, and the file is not read again until it
        changes.
        """
        if not self.watcher.changed():
            return
        raw: bytes | None = None
        try:
            raw = read_schedule_bytes(self.path)
            document = parse_schedule_text(raw, source=str(self.path))
            if self.document is not None and document.digest == self.document.digest:
                self.status.accept(document)
            else:
                self._apply(document, raw)
        except Exception as exc:
            if not self.watcher.settled():
                return  # caught mid-write: read again next tick, no complaint
            if isinstance(exc, ScheduleFileError):
                error = exc.error
            else:  # a case no check foresaw: still a rejection that says why
                logger.debug("FileScheduler: cannot apply %s", self.path, exc_info=True)
                message = f"cannot be applied: {type(exc).__name__}: {_describe(exc)}"
                error = ScheduleError(message, source=str(self.path))
            self.status.reject(error, self.document, raw)
        self._publish()  # the app waits to learn whether its save was applied

    def _apply(
        self, document: ScheduleDocument, raw: bytes | None = None, fresh: bool = False
    ) -> None:
        now = _utcnow()
        zone_name = document.timezone or str(self.app.conf.timezone or "UTC")
        previous = {} if fresh else {e.entry_id: e for e in self.entries.values()}
        result = merge_document(
            document, zone_name, previous, self._states, self.app, self.clock, now
        )
        if result.failed:
            name, problem = next(iter(result.failed.items()))
            message = f"Celery cannot schedule it: {problem}"
            error = ScheduleError(message, name, "schedule", source=str(self.path))
            self.status.reject(error, self.document, raw)
            return
        self.document = document
        self.entries = result.entries
        for entry in self.entries.values():
            self._states[entry.entry_id] = entry.state
        self.queue.rebuild(self.entries)
        self.status.accept(document, None if fresh else result, self.entries)
        if self.active:
            self._write_states(result.dirty)

    def _view(self) -> BeatView:
        upcoming = self.next_due_entry() if self.active else None
        return BeatView(
            token=self.token,
            path=self.path,
            namespace=self.keys.namespace,
            active=self.active,
            document=self.document,
            entries=len(self.entries),
            enabled_entries=sum(1 for entry in self.entries.values() if entry.enabled),
            next_due=None if upcoming is None else (upcoming.name, upcoming.next_due),
            dispatch_mode=getattr(getattr(self, "dispatcher", None), "mode", None),
            lease_ttl=self.lease_ttl,
            max_interval=self.max_interval,
        )

    def _publish(self) -> None:
        self.status.publish(self.board, self._view())

    def _write_states(self, dirty: dict[str, RunState]) -> None:
        """Store new anchors and forget removed entries (a re-added one starts afresh)."""
        current = {entry.entry_id for entry in self.entries.values()}
        try:
            self.store.save_many(dirty)
            self.store.delete(set(self.store.entry_ids()) - current)
        except redis.RedisError as exc:
            self.status.note_redis_error(exc)
        self._states = {key: state for key, state in self._states.items() if key in current}

    # -- lease and status ---------------------------------------------------------------------

    def _housekeeping(self) -> None:
        self._next_housekeeping = time.monotonic() + self.housekeeping_interval
        try:
            held = self.lease.try_hold()
            if not held:  # skip the TTL when the holder died on this host and went silent
                dead = self.lease.take_over_dead_holder(
                    self.board.heartbeat_age, self.dead_holder_silence
                )
                if dead is not None:
                    logger.warning("FileScheduler: took over the lease of %s, which died", dead)
                    held = True
            self.status.note_redis_ok()
        except redis.RedisError as exc:
            self.status.note_redis_error(exc)
            held = self.lease.holds()
        if held and not self.active:
            self._become_active()
        elif not held and self.active:
            self._become_standby("another beat holds the lease or Redis is unreachable")
        self._publish()

    def _become_active(self) -> None:
        try:
            self._states = self.store.load_all()
        except redis.RedisError as exc:
            self.status.note_redis_error(exc)
            return
        self.active = True
        logger.info("FileScheduler: active for %s (lease %s)", self.path, self.token)
        if self.document is not None:
            self._apply(self.document, fresh=True)
        try:  # connect now, so the first due run is not late for it
            self.dispatcher.choose_mode(self.producer)
        except Exception as exc:
            logger.warning("FileScheduler: cannot reach the broker yet: %s", exc)

    def _become_standby(self, reason: str) -> None:
        self.active = False
        logger.warning("FileScheduler: standing by for %s: %s", self.path, reason)

    # -- sending ------------------------------------------------------------------------------

    def _run_due(self, entry: FileEntry) -> None:
        if not self.lease.holds():
            try:
                held = self.lease.try_hold()
            except redis.RedisError:
                held = False
            if not held:
                self.queue.push(entry)
                self._become_standby("the lease could not be renewed in time")
                return
        now = _utcnow()
        try:
            plan = plan_run(entry, self.clock, now)
        except Exception:
            logger.exception("FileScheduler: Celery cannot tell when %r is due", entry.name)
            self.queue.push(entry, retry_at=now.timestamp() + 60)
            return
        if isinstance(plan, datetime):
            entry.next_due = plan
            entry.catch_up = False  # Celery waits for a later match: that one is on time
            self.queue.push(entry)
            return
        revision = self.document.revision if self.document else None
        state = plan.sent
        try:
            self.dispatcher.send(
                self.producer, entry, plan.due, state, revision, task_id=plan.task_id
            )
        except TRANSIENT_ERRORS as exc:  # the broker is away: this same run, a bit later
            self.status.dispatch_failed(entry, exc, retrying=True)
            self.queue.push(entry, retry_at=time.time() + self.retry_delay)
            return
        except Exception as exc:  # Celery refused it (bad args, say): skip this run, as beat does
            self.status.dispatch_failed(entry, exc, retrying=False)
            state = plan.refused
            try:
                self.store.save(entry.entry_id, state)
            except redis.RedisError as error:
                self.status.note_redis_error(error)
        else:
            self.status.dispatched(entry, plan.due, now)
        entry.advance(state)
        self._states[entry.entry_id] = state
        try:
            entry.refresh_next_due(self.clock, _utcnow())
        except Exception:
            logger.exception("FileScheduler: cannot compute the next run of %r", entry.name)
        self.queue.push(entry)


def _describe(exc: BaseException) -> str:
    try:
        return brief(str(exc))
    except Exception:  # an exception whose text cannot be made
        return "(no description)"
