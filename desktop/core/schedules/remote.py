"""Blocking calls the Schedules view makes, kept Qt-free: call them off the GUI thread.

- :func:`registered_tasks`: the task names every worker reports (``inspect registered``);
- :func:`send_entry_now`: send an entry's task at once, with its args, kwargs and options;
- :class:`BeatReader`: what the beat running a schedule file publishes in Redis (status,
  instances, run states), read through one cached client per URL.

Errors come back as exceptions whose text never holds a broker password.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis
from celery import Celery

from celery_desk_beat.beat_dispatch import HEADER_ENTRY, HEADER_ENTRY_ID
from celery_desk_beat.beat_state import (
    RunState,
    read_beat_instances,
    read_beat_status,
    read_run_states,
    state_redis_url,
)
from celery_desk_beat.schedule_file import EntrySpec
from desktop.core.i18n import translate
from desktop.core.redact import redact_text

__all__ = [
    "HEADER_RUN_NOW",
    "BeatReader",
    "BeatSnapshot",
    "RemoteError",
    "registered_tasks",
    "send_entry_now",
]

#: Marks a message sent by "Run now" (beat's own messages carry ``celery_desk_due``).
HEADER_RUN_NOW = "celery_desk_run_now"
CONNECT_TIMEOUT = 3.0


class RemoteError(RuntimeError):
    """A broker or Redis call failed; the message is safe to show (passwords masked)."""


def _app(broker_url: str) -> Celery:
    app = Celery("celery-desk-schedules", set_as_current=False)
    app.conf.update(
        broker_url=broker_url,
        broker_connection_timeout=CONNECT_TIMEOUT,
        broker_connection_retry_on_startup=False,
        accept_content=["json"],
        result_backend=None,
        task_send_sent_event=True,  # so the live monitor sees a "Run now" at once
    )
    return app


def _failure(what: str, exc: BaseException) -> RemoteError:
    text = str(exc).strip() or type(exc).__name__
    return RemoteError(redact_text(f"{what}: {text}"))


def registered_tasks(broker_url: str, timeout: float = 1.5) -> list[str]:
    """Every task name any worker on ``broker_url`` reports, sorted; [] when none answer."""
    app = _app(broker_url)
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=CONNECT_TIMEOUT)
            replies = app.control.inspect(timeout=timeout, connection=connection).registered()
    except Exception as exc:  # any broker trouble is the caller's message, not a crash
        what = translate("ScheduleRemote", "cannot ask the workers for their tasks")
        raise _failure(what, exc) from None
    finally:
        app.close()
    names: set[str] = set()
    for tasks in (replies or {}).values():
        for item in tasks or ():
            # with taskinfoitems a name reads "proj.add [rate_limit=10/s]"
            names.add(str(item).split(" ", 1)[0])
    return sorted(names)


def send_entry_now(broker_url: str, entry: EntrySpec) -> str:
    """Send ``entry``'s task now with its args, kwargs and options; the new task's id.

    The message carries the entry's name and id headers, as beat's do, plus
    ``celery_desk_run_now``; it does not count as a scheduled run.
    """
    options: dict[str, Any] = dict(entry.options)
    headers = dict(options.pop("headers", None) or {})
    headers.update(
        {HEADER_ENTRY: entry.name, HEADER_ENTRY_ID: entry.entry_id, HEADER_RUN_NOW: True}
    )
    app = _app(broker_url)
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=CONNECT_TIMEOUT)
            result = app.send_task(
                entry.task,
                args=list(entry.args),
                kwargs=dict(entry.kwargs),
                headers=headers,
                connection=connection,
                retry=False,
                **options,
            )
    except Exception as exc:  # the task name, its options or the broker: say which
        raise _failure(
            translate("ScheduleRemote", "cannot send {0}").format(entry.task), exc
        ) from None
    finally:
        app.close()
    return str(result.id)


@dataclass(frozen=True)
class BeatSnapshot:
    """What the beats on a schedule file publish: the active one's ``status`` (None: no
    beat is active), every beat's status, and the run state of each entry id."""

    status: dict[str, Any] | None = None
    instances: list[dict[str, Any]] = field(default_factory=list)
    runs: dict[str, RunState] = field(default_factory=dict)


class BeatReader:
    """Reads the beat state of one schedule file; safe to call from one thread at a time
    per reader (the widget keeps a single read in flight)."""

    def __init__(self, schedule_path: str | os.PathLike[str]) -> None:
        self.schedule_path = Path(schedule_path)
        self._lock = threading.Lock()
        self._client: redis.Redis | None = None
        self._url: str | None = None

    def read(self, broker_url: str) -> BeatSnapshot:
        """The current snapshot; :class:`RemoteError` when Redis cannot be read."""
        try:
            url = state_redis_url(broker_url)
        except ValueError as exc:
            raise RemoteError(str(exc)) from None
        try:
            client = self._client_for(url)
            return BeatSnapshot(
                status=read_beat_status(client, self.schedule_path),
                instances=read_beat_instances(client, self.schedule_path),
                runs=read_run_states(client, self.schedule_path),
            )
        except (redis.RedisError, OSError, ValueError) as exc:
            self.close()
            what = translate("ScheduleRemote", "cannot read the beat status from Redis")
            raise _failure(what, exc) from None

    def _client_for(self, url: str) -> redis.Redis:
        with self._lock:
            if self._client is None or self._url != url:
                if self._client is not None:
                    self._client.close()
                self._client = redis.Redis.from_url(
                    url, socket_timeout=CONNECT_TIMEOUT, socket_connect_timeout=CONNECT_TIMEOUT
                )
                self._url = url
            return self._client

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
            self._client, self._url = None, None
