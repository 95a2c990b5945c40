"""File-scheduled beat for tests: start it, write its file, read what it queued in Redis.

Messages are observed where beat leaves them: the kombu envelopes LPUSHed on the queue's
Redis list (no worker needed). Each carries the headers the file scheduler adds.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import redis

from celery_desk_beat.atomic_file import atomic_write_bytes
from celery_desk_beat.beat_state import read_beat_instances, read_beat_status
from celery_desk_beat.schedule_file import read_disk_revision, save_schedule_file
from tests.support.celery_procs import CeleryProcess, start_celery

SCHEDULER = "celery_desk_beat.scheduler:FileScheduler"


def start_file_beat(
    broker_url: str, log_path: Path, schedule_path: Path, *extra_args: str
) -> CeleryProcess:
    """``celery -A celery_desk_demo beat -S FileScheduler -s schedule_path -l info``."""
    args = [
        "-A",
        "celery_desk_demo",
        "beat",
        "-S",
        SCHEDULER,
        "-s",
        str(schedule_path),
        "-l",
        "info",
    ]
    return start_celery(broker_url, log_path, [*args, *extra_args])


def write_schedule(path: Path, entries: Mapping[str, Any], **top: Any) -> int:
    """Save ``entries`` as the next revision of ``path`` (atomically); the new revision."""
    saved = save_schedule_file(
        path, {"version": 1, "entries": dict(entries), **top}, read_disk_revision(path)
    )
    return saved.revision


def write_raw(path: Path, data: object) -> None:
    """Replace ``path`` with ``data`` as JSON, unchecked (a hand edit, possibly invalid)."""
    atomic_write_bytes(path, json.dumps(data).encode("utf-8"))


def interval_entry(seconds: float, *args: Any, **fields: Any) -> dict[str, Any]:
    return {
        "task": "celery_desk_demo.tasks.test",
        "schedule": {"type": "interval", "seconds": seconds},
        "args": list(args),
        **fields,
    }


@dataclass(frozen=True)
class QueuedMessage:
    """One task message as beat queued it."""

    id: str
    task: str
    entry: str
    due: datetime
    sender: str
    args: list[Any]
    kwargs: dict[str, Any]
    headers: dict[str, Any]
    queue: str


def _decode(raw: bytes, queue: str) -> QueuedMessage:
    envelope = json.loads(raw)
    headers = envelope["headers"]
    body = json.loads(base64.b64decode(envelope["body"]))
    args, kwargs, _embed = body
    return QueuedMessage(
        id=headers["id"],
        task=headers["task"],
        entry=headers.get("celery_desk_entry", ""),
        due=datetime.fromisoformat(headers["celery_desk_due"]),
        sender=headers.get("celery_desk_beat", ""),
        args=args,
        kwargs=kwargs,
        headers=headers,
        queue=queue,
    )


def queued(client: redis.Redis, queue: str = "celery") -> list[QueuedMessage]:
    """Every message waiting on ``queue``, oldest first (kombu LPUSHes, workers BRPOP)."""
    raws: list[bytes] = client.lrange(queue, 0, -1)  # type: ignore[assignment]
    return [_decode(raw, queue) for raw in reversed(raws)]


def wait_until(
    condition: Callable[[], Any], timeout: float, what: str, log: CeleryProcess | None = None
) -> Any:
    """Poll ``condition`` until it returns something truthy; fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    tail = "" if log is None else f"\n--- beat log ---\n{log.log_text()[-3000:]}"
    raise AssertionError(f"{what}: not within {timeout} s{tail}")


def wait_for_messages(
    client: redis.Redis, count: int, timeout: float, log: CeleryProcess | None = None, **match: Any
) -> list[QueuedMessage]:
    """At least ``count`` queued messages whose fields equal ``match`` (e.g. entry="x")."""

    def found() -> list[QueuedMessage]:
        messages = [m for m in queued(client) if all(getattr(m, k) == v for k, v in match.items())]
        return messages if len(messages) >= count else []

    result: list[QueuedMessage] = wait_until(found, timeout, f"{count} messages {match}", log)
    return result


def active_status(client: redis.Redis, schedule_path: Path, pid: int) -> dict[str, Any] | None:
    """The status of the active beat when it is the process ``pid``."""
    status = read_beat_status(client, schedule_path)
    return status if status and status["pid"] == pid and status["role"] == "active" else None


def standby_status(client: redis.Redis, schedule_path: Path, pid: int) -> dict[str, Any] | None:
    for status in read_beat_instances(client, schedule_path):
        if status["pid"] == pid and status["role"] == "standby":
            return status
    return None


def verdict(client: redis.Redis, schedule_path: Path, raw: bytes) -> dict[str, Any] | None:
    """The active beat's status once it says what became of the file holding ``raw``: applied
    (the running digest is its digest) or rejected (the rejection names its digest)."""
    status = read_beat_status(client, schedule_path)
    if status is None:
        return None
    digest = hashlib.sha256(raw).hexdigest()
    rejection = status.get("rejection") or {}
    if rejection.get("digest") == digest or (status["file_ok"] and status["digest"] == digest):
        return status
    return None


def rejected_since(
    client: redis.Redis, schedule_path: Path, moment: float, words: str
) -> dict[str, Any] | None:
    """The active beat's status once it rejected the file after epoch ``moment`` with a
    message holding ``words`` (for paths holding no bytes to name: a directory, a pipe)."""
    status = read_beat_status(client, schedule_path)
    rejection = (status or {}).get("rejection") or {}
    if not rejection or words not in rejection["message"]:
        return None
    at = datetime.fromisoformat(rejection["at"]).timestamp()
    return status if at >= moment else None


#: The issue's bound: an app that saved a file learns its fate this fast.
VERDICT_SECONDS = 2.0


@dataclass
class WatchedBeat:
    """A running file beat and its schedule file, replaced whole by each write."""

    client: redis.Redis
    path: Path
    process: CeleryProcess
    writes: int = 0

    def write(self, raw: bytes) -> bytes:
        """Replace the file with ``raw`` plus trailing spaces making it unlike any before."""
        self.writes += 1
        payload = raw + b" " * self.writes
        atomic_write_bytes(self.path, payload)
        return payload

    def wait_verdict(self, raw: bytes) -> dict[str, Any]:
        started = time.monotonic()
        status: dict[str, Any] = wait_until(
            lambda: verdict(self.client, self.path, raw), 10, "a verdict", self.process
        )
        assert time.monotonic() - started < VERDICT_SECONDS
        return status

    def apply_good(self, marker: str) -> dict[str, Any]:
        document = {"revision": 1, "entries": {"hourly": interval_entry(3600, marker)}}
        status = self.wait_verdict(self.write(json.dumps(document).encode()))
        assert status["file_ok"], status["rejection"]
        return status


@contextlib.contextmanager
def watched_beat(broker_url: str, work: Path) -> Iterator[WatchedBeat]:
    """A file beat on ``work/schedule.json`` (no entries yet), stopped after; its log must
    show no failed tick."""
    path = work / "schedule.json"
    atomic_write_bytes(path, json.dumps({"entries": {}}).encode())
    process = start_file_beat(broker_url, work / "beat.log", path)
    client = redis.Redis.from_url(broker_url)
    try:
        wait_until(lambda: read_beat_status(client, path), 30, "beat status", process)
        yield WatchedBeat(client, path, process)
    finally:
        process.stop()
        client.close()
    assert "tick failed" not in process.log_text()
    assert "Traceback" not in process.log_text()
