"""Handing frames to the journal process without ever making the caller wait.

The event reader (or, when events are read in the app, the app's source thread) gives every
frame it forwards to a :class:`JournalFeed` too: the same bytes, so the journal costs the
reader no second encoding. The feed writes them to ``celery-desk journal``'s stdin from the
caller's own thread, never blocking: the pipe is non-blocking, what it cannot take now waits
in memory and goes with the next frame or the next :meth:`JournalFeed.pump`. (A thread of its
own would compete with the reader's decoding for the GIL on every frame; that halved the
rate at which the app got its events.)

When the journal falls far behind (:data:`MAX_QUEUED_BYTES` waiting), new frames are dropped
and counted, and the journal is told with a ``desk-events-dropped`` marker, which it records
as a gap that a recorder's stream can fill. A journal process that dies is started again.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import subprocess
import time
from collections import deque
from collections.abc import Mapping
from typing import Any, Final

from desktop.core.events import frames
from desktop.core.events.lost import EVENTS_DROPPED, marker
from desktop.core.processes.guard import PARENT_ENV
from desktop.core.self_command import current_environment, self_command

log = logging.getLogger("desktop.history")

#: Frames waiting for the journal process, at most (about 300 bytes an event).
MAX_QUEUED_BYTES: Final = 128 * 1024 * 1024
#: The pipe's own buffer, asked for (Linux gives up to /proc/sys/fs/pipe-max-size).
PIPE_SIZE: Final = 1024 * 1024
RESTART_DELAY_S: Final = 1.0
#: Buffers per writev call (under IOV_MAX everywhere).
_WRITEV: Final = 64


def journal_config(
    path: str,
    *,
    retention: Mapping[str, Any] | None = None,
    broker_url: str | None = None,
    exchange: str = "celeryev",
    key_prefix: str = "",
    backend_url: str | None = None,
    ssl_options: Mapping[str, Any] | None = None,
    backend_problem: str | None = None,
) -> dict[str, Any]:
    """The JSON-able configuration a journal process starts from. With ``broker_url`` it
    catches up from the recorder's stream there, and from ``backend_url`` (default: the
    broker, where the demo keeps its results); with ``backend_problem`` (why there is no
    Redis result backend to read) it backfills nothing and says that instead."""
    config: dict[str, Any] = {"path": path, "retention": dict(retention or {})}
    if broker_url:
        plain = {k: v for k, v in (ssl_options or {}).items() if isinstance(v, str | int | bool)}
        config["catch_up"] = {
            "broker_url": broker_url, "exchange": exchange, "key_prefix": key_prefix,
            "backend_url": backend_url, "ssl_options": plain, "backend_problem": backend_problem,
        }  # fmt: skip
    return config


class JournalFeed:
    """Starts the journal process and writes frames to it from the caller's thread."""

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
        self._queue: deque[memoryview] = deque()
        self._queued = 0
        self._last_status: bytes | None = None
        self._dropping = 0
        self._dropping_since: float | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._fd = -1
        self._partial = False  # the first queued frame is partly written
        self._next_start = 0.0
        self.dropped = 0
        self.restarts = 0

    @property
    def backlog(self) -> bool:
        """Whether frames wait for the pipe (call :meth:`pump` again soon)."""
        return bool(self._queue)

    def start(self) -> None:
        self._spawn()

    def frame(self, data: bytes) -> None:
        """Queue one frame, as :func:`desktop.core.events.frames.encode` made it, and write
        what the pipe takes."""
        if data[:1] == frames.STATUS:
            self._last_status = data
        elif self._queued + len(data) > self._max:
            if self._dropping_since is None:
                self._dropping_since = time.time()
            self._dropping += int(frames.HEADER.unpack(data[: frames.HEADER.size])[2])
            return
        elif self._dropping_since is not None:
            self._queue_marker()
        self._queue.append(memoryview(data))
        self._queued += len(data)
        self.pump()

    def events(self, events: list[dict[str, Any]]) -> None:
        """Queue events (from a source that does not have them as frames already)."""
        for start in range(0, len(events), frames.FRAME_EVENTS):
            chunk = events[start : start + frames.FRAME_EVENTS]
            self.frame(frames.encode(frames.EVENTS, chunk, len(chunk)))

    def status(self, state: str) -> None:
        self.frame(frames.encode(frames.STATUS, {"state": state}))

    def pump(self) -> None:
        """Write what the pipe takes now; start the journal again if it died."""
        if self._fd < 0 and not self._spawn():
            return
        queue = self._queue
        while queue:
            try:
                written = os.writev(self._fd, [queue[i] for i in range(min(len(queue), _WRITEV))])
            except BlockingIOError:
                return
            except OSError:  # the journal process is gone
                self._lost()
                return
            self._queued -= written
            while written:
                head = queue[0]
                if written >= len(head):
                    written -= len(head)
                    queue.popleft()
                    self._partial = False
                else:
                    queue[0] = head[written:]
                    self._partial = True
                    written = 0

    def close(self, timeout: float = 30.0) -> bool:
        """Write everything still queued, end the journal's input and wait for it to have
        written what it was given; True when it did within ``timeout``."""
        deadline = time.monotonic() + timeout
        while self._queue and time.monotonic() < deadline:
            self.pump()
            if self._queue:
                time.sleep(0.01)
        proc, self._proc = self._proc, None
        self._fd = -1
        if proc is None:
            return not self._queue
        with contextlib.suppress(OSError, ValueError):
            if proc.stdin is not None:
                proc.stdin.close()
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            return False
        return not self._queue

    def _queue_marker(self) -> None:
        now = time.time()
        dropped = marker(EVENTS_DROPPED, now, count=self._dropping, start=self._dropping_since)
        data = frames.encode(frames.EVENTS, [dropped], 1)
        self._queue.append(memoryview(data))
        self._queued += len(data)
        self.dropped += self._dropping
        log.warning("the journal fell behind: %d events not journaled", self._dropping)
        self._dropping, self._dropping_since = 0, None

    def _spawn(self) -> bool:
        now = time.monotonic()
        if now < self._next_start:
            return False
        self._next_start = now + RESTART_DELAY_S
        env = current_environment()
        env[PARENT_ENV] = str(os.getpid())
        proc = subprocess.Popen(self._command, stdin=subprocess.PIPE, env=env)
        assert proc.stdin is not None
        fd = proc.stdin.fileno()
        with contextlib.suppress(OSError, AttributeError):  # Linux only; a bigger pipe
            fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
        head = self._config + (self._last_status or b"")  # a restarted journal learns the state
        self._queue.appendleft(memoryview(head))
        self._queued += len(head)
        os.set_blocking(fd, False)
        self._proc, self._fd = proc, fd
        return True

    def _lost(self) -> None:
        proc, self._proc = self._proc, None
        self._fd = -1
        if self._partial:  # the rest of a frame the dead process half read: no use to the next
            self._queued -= len(self._queue.popleft())
            self._partial = False
        code = None
        if proc is not None:
            with contextlib.suppress(OSError, ValueError):
                if proc.stdin is not None:
                    proc.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                code = proc.wait(timeout=1.0)
        log.warning("the journal process exited (code %s); starting it again", code)
        self.restarts += 1
