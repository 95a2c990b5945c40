"""What a file-scheduled beat says about itself: log lines once per change, and a status.

The status (published every second, see :class:`celery_desk_beat.beat_state.StatusBoard`) tells
the app which revision runs, whether the file on disk was rejected and why, the role of
this beat (active or standby) and what is due next. Field list: docs/schedule-file.md.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import redis
from celery_desk_beat.schedule_file import ScheduleDocument, ScheduleError, read_disk_revision
from kombu.utils.url import maybe_sanitize_url

if TYPE_CHECKING:
    from celery_desk_beat.schedule_merge import FileEntry, MergeResult
    from celery_desk_beat.scheduler import FileScheduler

logger = logging.getLogger("celery_desk_beat.scheduler")

STATUS_VERSION = 1


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


class StatusTracker:
    """Logs each distinct problem once and assembles the status dict of one beat."""

    def __init__(self, scheduler: FileScheduler) -> None:
        self.scheduler = scheduler
        self.started_at = datetime.now(timezone.utc)
        self.rejection: dict[str, Any] | None = None
        self.last_rejection: dict[str, Any] | None = None
        self.redis_error: str | None = None
        self.dispatch_error: str | None = None
        self.last_dispatch: dict[str, Any] | None = None
        self.dispatches = 0

    def note_startup(self, state_url: str) -> None:
        scheduler = self.scheduler
        logger.info(
            "FileScheduler: schedule file %s; run state and lease in %s under %s",
            scheduler.path,
            maybe_sanitize_url(state_url),
            scheduler.keys.namespace,
        )
        if scheduler.path.name == "celerybeat-schedule":
            logger.warning(
                "FileScheduler: reading %s, Celery's default schedule name; "
                "give the JSON schedule file with -s PATH",
                scheduler.path,
            )
        code_defined = scheduler.app.conf.beat_schedule or {}
        if code_defined:
            logger.info(
                "FileScheduler: not running the %d code-defined beat_schedule entries; "
                "copy them into the schedule file to run them",
                len(code_defined),
            )

    # -- the file -------------------------------------------------------------------------

    def reject(self, error: ScheduleError) -> None:
        line = error.one_line()
        if self.rejection is not None and self.rejection["message"] == line:
            return
        document = self.scheduler.document
        running = f"revision {document.revision}" if document else "no schedule yet"
        logger.error("FileScheduler: schedule file rejected, still running %s: %s", running, line)
        self.rejection = {
            "message": line,
            "entry": error.entry,
            "field": error.field,
            "detail": error.message,
            "line": error.line,
            "column": error.column,
            "file_revision": read_disk_revision(self.scheduler.path),
            "at": datetime.now(timezone.utc).isoformat(),
        }
        self.last_rejection = self.rejection

    def accept(self, document: ScheduleDocument, result: MergeResult | None = None) -> None:
        was_rejected = self.rejection is not None
        self.rejection = None
        if result is None:
            if was_rejected:
                logger.info(
                    "FileScheduler: schedule file is valid again (revision %s)", document.revision
                )
            return
        entries = self.scheduler.entries
        enabled = sum(1 for entry in entries.values() if entry.enabled)
        logger.info(
            "FileScheduler: running revision %s of %s: %d entries (%d enabled); "
            "added %s, changed %s, removed %s",
            document.revision,
            self.scheduler.path,
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

    def snapshot(self) -> dict[str, Any]:
        scheduler = self.scheduler
        document = scheduler.document
        upcoming = scheduler.next_due_entry() if scheduler.active else None
        return {
            "status_version": STATUS_VERSION,
            "instance": scheduler.token,
            "hostname": socket.gethostname(),
            "pid": os.getpid(),
            "role": "active" if scheduler.active else "standby",
            "heartbeat": time.time(),
            "heartbeat_at": datetime.now(timezone.utc).isoformat(),
            "started_at": self.started_at.isoformat(),
            "schedule_file": str(scheduler.path),
            "namespace": scheduler.keys.namespace,
            "revision": document.revision if document else None,
            "digest": document.digest if document else None,
            "timezone": document.timezone if document else None,
            "file_ok": self.rejection is None and document is not None,
            "rejection": self.rejection,
            "last_rejection": self.last_rejection,
            "entries": len(scheduler.entries),
            "enabled_entries": sum(1 for entry in scheduler.entries.values() if entry.enabled),
            "next_due": None
            if upcoming is None
            else {"entry": upcoming.name, "at": _iso(upcoming.next_due)},
            "last_dispatch": self.last_dispatch,
            "dispatches": self.dispatches,
            "dispatch_mode": getattr(getattr(scheduler, "dispatcher", None), "mode", None),
            "dispatch_error": self.dispatch_error,
            "redis_error": self.redis_error,
            "lease_ttl": scheduler.lease_ttl,
            "max_interval": scheduler.max_interval,
        }

    def publish(self) -> None:
        try:
            self.scheduler.board.publish(self.snapshot(), self.scheduler.active)
        except redis.RedisError as exc:
            self.note_redis_error(exc)


def _names(names: list[str], limit: int = 5) -> str:
    if not names:
        return "none"
    shown = ", ".join(repr(name) for name in names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit} more"
