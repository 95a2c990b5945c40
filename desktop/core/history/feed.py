"""Handing frames to the journal process without ever making the caller wait.

The event reader (or, when events are read in the app, the app's source thread) gives every
frame it forwards to a :class:`JournalFeed` too: the same bytes, so the journal costs the
reader no second encoding. A thread writes them to ``celery-desk journal``'s stdin; when the
journal falls far behind (:data:`MAX_QUEUED_BYTES` waiting), new frames are dropped and
counted, and the journal is told with a ``desk-events-dropped`` marker, which it records as a
gap that a recorder's stream can fill. A journal process that dies is started again.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import threading
import time
from collections import deque
from collections.abc import Mapping
from typing import Any, Final

from desktop.core.events import frames
from desktop.core.events.lost import EVENTS_DROPPED, marker
from desktop.core.processes.guard import PARENT_ENV
from desktop.core.self_command import current_environment, self_command

log = logging.getLogger("desktop.history")

#: Frames waiting for the journal process, at most (about 400 bytes an event).
MAX_QUEUED_BYTES: Final = 128 * 1024 * 1024
RESTART_DELAY_S: Final = 1.0


def journal_config(
    path: str,
    *,
    retention: Mapping[str, Any] | None = None,
    broker_url: str | None = None,
    exchange: str = "celeryev",
    key_prefix: str = "",
    backend_url: str | None = None,
    ssl_options: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON-able configuration a journal process starts from. With ``broker_url`` it
    catches up from the recorder's stream there, and from ``backend_url`` (default: the
    broker, where most deployments keep their results)."""
    config: dict[str, Any] = {"path": path, "retention": dict(retention or {})}
    if broker_url:
        plain = {k: v for k, v in (ssl_options or {}).items() if isinstance(v, str | int | bool)}
        config["catch_up"] = {
            "broker_url": broker_url, "exchange": exchange, "key_prefix": key_prefix,
            "backend_url": backend_url, "ssl_options": plain,
        }  # fmt: skip
    return config


class JournalFeed:
    """Starts the journal process and writes frames to it from a thread of its own."""

    def __init__(
        self,
        config: Mapping[str, Any],
        *,
        command: list[str] | None = None,
        max_queued_bytes: int = MAX_QUEUED_BYTES,
    ) -> None:
        self._config = json.dumps(dict(config)).encode() + b"\n"
        self._command = command or [*self_command(safe_path=True), "journal"]
        self._max = max_queued_bytes
        self._queue: deque[bytes] = deque()
        self._queued = 0
        self._cond = threading.Condition()
        self._closing = False
        self._last_status: bytes | None = None
        self._dropping = 0
        self._dropping_since: float | None = None
        self.dropped = 0
        self.restarts = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._run, name="journal-feed", daemon=True)

    def start(self) -> None:
        self._thread.start()

    # -- the caller's side (never blocks) -------------------------------------------------

    def frame(self, data: bytes) -> None:
        """Queue one frame, as :func:`desktop.core.events.frames.encode` made it."""
        with self._cond:
            if data[:1] == frames.STATUS:
                self._last_status = data
            elif self._queued + len(data) > self._max:
                if self._dropping_since is None:
                    self._dropping_since = time.time()
                self._dropping += int(frames.HEADER.unpack(data[: frames.HEADER.size])[2])
                return
            elif self._dropping_since is not None:
                self._queue_marker()
            self._queue.append(data)
            self._queued += len(data)
            self._cond.notify()

    def events(self, events: list[dict[str, Any]]) -> None:
        """Queue events (from a source that does not have them as frames already)."""
        for start in range(0, len(events), frames.FRAME_EVENTS):
            chunk = events[start : start + frames.FRAME_EVENTS]
            self.frame(frames.encode(frames.EVENTS, chunk, len(chunk)))

    def status(self, state: str) -> None:
        self.frame(frames.encode(frames.STATUS, {"state": state}))

    def close(self, timeout: float = 30.0) -> bool:
        """Let the journal write what it was given, then end; True when it did in time."""
        with self._cond:
            self._closing = True
            self._cond.notify()
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def _queue_marker(self) -> None:
        now = time.time()
        dropped = marker(EVENTS_DROPPED, now, count=self._dropping, start=self._dropping_since)
        data = frames.encode(frames.EVENTS, [dropped], 1)
        self._queue.append(data)
        self._queued += len(data)
        self.dropped += self._dropping
        log.warning("the journal fell behind: %d events not journaled", self._dropping)
        self._dropping, self._dropping_since = 0, None

    # -- the feed thread -----------------------------------------------------------------

    def _run(self) -> None:
        while True:
            proc = self._spawn()
            ended = self._pump(proc)
            code = _finish(proc, wait=ended)
            if ended:
                return
            log.warning("the journal process exited with code %s; starting it again", code)
            self.restarts += 1
            time.sleep(RESTART_DELAY_S)

    def _spawn(self) -> subprocess.Popen[bytes]:
        env = current_environment()
        env[PARENT_ENV] = str(os.getpid())
        proc = subprocess.Popen(self._command, stdin=subprocess.PIPE, env=env)
        self._proc = proc
        assert proc.stdin is not None
        with contextlib.suppress(OSError):
            proc.stdin.write(self._config)
            if self._last_status is not None:  # a restarted journal learns the state too
                proc.stdin.write(self._last_status)
            proc.stdin.flush()
        return proc

    def _pump(self, proc: subprocess.Popen[bytes]) -> bool:
        """Write queued frames until closing (True) or the process is gone (False)."""
        stdin = proc.stdin
        assert stdin is not None
        while True:
            with self._cond:
                while not self._queue and not self._closing:
                    self._cond.wait()
                chunk = list(self._queue)
                self._queue.clear()
                self._queued = 0
                closing = self._closing and not chunk
            if closing:
                return True
            try:
                stdin.write(b"".join(chunk))
                stdin.flush()
            except (BrokenPipeError, ValueError, OSError):
                return False


def _finish(proc: subprocess.Popen[bytes], wait: bool) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        if proc.stdin is not None:
            proc.stdin.close()
    try:
        return proc.wait(timeout=60.0 if wait else 5.0)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()
