"""What a file-scheduled beat says about itself: log lines once per change, and a status.

The status (published every second, see :class:`celery_desk_beat.beat_state.StatusBoard`) tells
the app which revision runs, whether the file on disk was rejected and why, the role of
this beat (active or standby) and what is due next. Field list: docs/schedule-file.md.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import redis
from kombu.utils.url import maybe_sanitize_url

from celery_desk_beat.atomic_file import revision_in
from celery_desk_beat.beat_state import StatusBoard
from celery_desk_beat.safe_text import printable
from celery_desk_beat.schedule_file import ScheduleDocument, ScheduleError

if TYPE_CHECKING:
    from celery_desk_beat.schedule_merge import FileEntry, MergeResult

logger = logging.getLogger("celery_desk_beat.scheduler")

STATUS_VERSION = 1


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _text(value: object) -> object:
    return printable(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class BeatView:
    """What the status says about the scheduler at one moment, copied out of it (the
    tracker holds no reference back to the scheduler)."""

    token: str
    path: Path
    namespace: str
    active: bool
    document: ScheduleDocument | None
    entries: int
    enabled_entries: int
    next_due: tuple[str, datetime | None] | None
    dispatch_mode: str | None
    lease_ttl: float
    max_interval: float


class StatusTracker:
    """Logs each distinct problem once and assembles the status dict of one beat."""

    def __init__(self, path: Path, namespace: str) -> None:
        self.path = path
        self.namespace = namespace
        self.started_at = datetime.now(timezone.utc)
        self.rejection: dict[str, Any] | None = None
        self.last_rejection: dict[str, Any] | None = None
        self.redis_error: str | None = None
        self.dispatch_error: str | None = None
        self.last_dispatch: dict[str, Any] | None = None
        self.dispatches = 0

    def note_startup(self, state_url: str, code_defined: int) -> None:
        logger.info(
            "FileScheduler: schedule file %s; run state and lease in %s under %s",
            self.path,
            maybe_sanitize_url(state_url),
            self.namespace,
        )
        if self.path.name == "celerybeat-schedule":
            logger.warning(
                "FileScheduler: reading %s, Celery's default schedule name; "
                "give the JSON schedule file with -s PATH",
                self.path,
            )
        if code_defined:
            logger.info(
                "FileScheduler: not running the %d code-defined beat_schedule entries; "
                "copy them into the schedule file to run them",
                code_defined,
            )

    # -- the file -------------------------------------------------------------------------

    def reject(
        self, error: ScheduleError, running: ScheduleDocument | None, raw: bytes | None
    ) -> None:
        """Record why the file on disk is not running; ``raw`` is what was read (None: the
        file could not be read). Logged once per distinct reason, published every time, with
        the revision and digest of the bytes rejected so a saver knows it is about its save."""
        line = error.one_line()
        if self.rejection is None or self.rejection["message"] != line:
            what = f"revision {running.revision}" if running else "no schedule yet"
            logger.error("FileScheduler: schedule file rejected, still running %s: %s", what, line)
        self.rejection = {
            "message": line,
            "entry": _text(error.entry),
            "field": _text(error.field),
            "detail": _text(" ".join(error.message.split())),
            "line": error.line,
            "column": error.column,
            "file_revision": None if raw is None else revision_in(raw),
            "digest": None if raw is None else hashlib.sha256(raw).hexdigest(),
            "at": datetime.now(timezone.utc).isoformat(),
        }
        self.last_rejection = self.rejection

    def accept(
        self,
        document: ScheduleDocument,
        result: MergeResult | None = None,
        entries: Mapping[str, FileEntry] | None = None,
    ) -> None:
        was_rejected = self.rejection is not None
        self.rejection = None
        if result is None or entries is None:
            if was_rejected:
                logger.info(
                    "FileScheduler: schedule file is valid again (revision %s)", document.revision
                )
            return
        enabled = sum(1 for entry in entries.values() if entry.enabled)
        logger.info(
            "FileScheduler: running revision %s of %s: %d entries (%d enabled); "
            "added %s, changed %s, removed %s",
            document.revision,
            self.path,
            len(entries),
            enabled,
            _names(result.added),
            _names(result.changed),
            _names(result.removed),
        )

    # -- Redis and sending ------------------------------------------------------------------

    def note_redis_error(self, exc: redis.RedisError) -> None:
        text = f"{type(exc).__name__}: {exc}"
        if text != self.redis_error:
            logger.error("FileScheduler: Redis unreachable, not sending meanwhile: %s", text)
        self.redis_error = text

    def note_redis_ok(self) -> None:
        if self.redis_error is not None:
            logger.info("FileScheduler: Redis reachable again")
        self.redis_error = None

    def dispatch_failed(self, entry: FileEntry, exc: Exception, retrying: bool) -> None:
        text = f"{entry.name}: {type(exc).__name__}: {exc}"
        if text != self.dispatch_error:
            then = "retrying" if retrying else "skipped this run"
            logger.error("FileScheduler: could not send %s; %s", text, then)
        self.dispatch_error = text

    def dispatched(self, entry: FileEntry, due: datetime, sent_at: datetime) -> None:
        self.dispatch_error = None
        self.dispatches += 1
        lateness = (sent_at - due).total_seconds() * 1000
        self.last_dispatch = {
            "entry": entry.name,
            "due": due.isoformat(),
            "sent_at": sent_at.isoformat(),
            "lateness_ms": round(lateness, 3),
        }

    # -- the status ---------------------------------------------------------------------------

    def snapshot(self, view: BeatView) -> dict[str, Any]:
        document = view.document
        upcoming = view.next_due
        return {
            "status_version": STATUS_VERSION,
            "instance": view.token,
            "hostname": socket.gethostname(),
            "pid": os.getpid(),
            "role": "active" if view.active else "standby",
            "heartbeat": time.time(),
            "heartbeat_at": datetime.now(timezone.utc).isoformat(),
            "started_at": self.started_at.isoformat(),
            "schedule_file": str(view.path),
            "namespace": view.namespace,
            "revision": document.revision if document else None,
            "digest": document.digest if document else None,
            "timezone": document.timezone if document else None,
            "file_ok": self.rejection is None and document is not None,
            "rejection": self.rejection,
            "last_rejection": self.last_rejection,
            "entries": view.entries,
            "enabled_entries": view.enabled_entries,
            "next_due": None
            if upcoming is None
            else {"entry": printable(upcoming[0]), "at": _iso(upcoming[1])},
            "last_dispatch": self.last_dispatch,
            "dispatches": self.dispatches,
            "dispatch_mode": view.dispatch_mode,
            "dispatch_error": self.dispatch_error,
            "redis_error": self.redis_error,
            "lease_ttl": view.lease_ttl,
            "max_interval": view.max_interval,
        }

    def publish(self, board: StatusBoard, view: BeatView) -> None:
        try:
            board.publish(self.snapshot(view), view.active)
        except redis.RedisError as exc:
            self.note_redis_error(exc)


def _names(names: list[str], limit: int = 5) -> str:
    if not names:
        return "none"
    shown = ", ".join(repr(name) for name in names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit} more"
