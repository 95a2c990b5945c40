"""The Redis fast path run in a child process (``celery-desk event-reader``).

The child reads and decodes (:mod:`desktop.core.events.reader_process`); this thread blocks
on the pipe and only moves the child's frames into a deque, so it barely needs the GIL. The
GUI thread turns a frame into the event dicts the store applies in
:meth:`ProcessEventSource.drain`: one ``orjson.loads`` per frame (the child already decoded
envelope and body), inside the tick whose budget the hub measures.

The child handles Redis reconnects itself and reports them in its status frames and as gap
markers in the event stream. A child that exits or breaks the protocol ends this thread's
session: the base class then records a gap and starts a new child after a backoff. A child
that cannot start at all ends the source (state FAILED); reading in the app instead is the
factory's decision (:func:`~desktop.core.events.source_factory.fallback_source`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import IO, Any

import orjson

from desktop.core.events import frames
from desktop.core.events.receiver import (
    DEFAULT_MAX_PENDING,
    Backoff,
    EventSource,
    SourceState,
    SourceStatus,
    wake_workers,
)
from desktop.core.processes.guard import PARENT_ENV
from desktop.core.self_command import current_environment, self_command

log = logging.getLogger("desktop.events")

#: Frames waiting for the GUI thread, at most, in bytes of JSON (about 400 per event): a
#: burst of 600,000 events, 30 s at 20,000/s. Frames cost less than the dicts they become.
DEFAULT_MAX_PENDING_BYTES = 256 * 1024 * 1024
#: Reader processes that exit before saying anything, in a row, before the source gives up.
FALLBACK_AFTER = 2
#: Lines of the child's stderr kept to explain an exit.
STDERR_LINES = 20
PIPE_BUFFER = 1 << 20
#: How long a stopping reader with a journal is given before it is terminated.
JOURNAL_GRACE_S = 10.0


class ReaderExitError(ConnectionError):
    """The event reader process ended or sent something unreadable."""


class ProcessEventSource(EventSource):
    """Celery events from Redis, read and decoded by a child process. ``url`` may hold a
    password: it reaches the child on its stdin, never on a command line.

    A child that exits before it ever reported, :data:`FALLBACK_AFTER` times in a row, ends
    this source in state FAILED; :func:`~desktop.core.events.source_factory.fallback_source`
    then builds the in-app source from :attr:`options`."""

    transport = "redis"

    def __init__(
        self,
        url: str,
        *,
        transport_options: Mapping[str, Any] | None = None,
        exchange: str = "celeryev",
        ssl_options: Mapping[str, Any] | None = None,
        wakeup: Callable[[], None] | None = None,
        max_pending: int = DEFAULT_MAX_PENDING,
        max_pending_bytes: int = DEFAULT_MAX_PENDING_BYTES,
        backoff: Backoff | None = None,
        command: list[str] | None = None,
        journal: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(max_pending=max_pending, backoff=backoff)
        self.max_pending_bytes = max_pending_bytes
        #: The journal the child writes (its configuration, passwords included), or None.
        self.journal = dict(journal) if journal else None
        #: What an in-app :class:`RedisEventSource` needs to read the same stream.
        self.options: dict[str, Any] = {
            "url": url, "transport_options": transport_options, "exchange": exchange,
            "ssl_options": ssl_options, "wakeup": wakeup, "max_pending": max_pending,
            "backoff": backoff,
        }  # fmt: skip
        self._config = json.dumps(
            {
                "url": url,
                "transport_options": dict(transport_options or {}),
                "exchange": exchange,
                "ssl_options": {k: v for k, v in (ssl_options or {}).items() if _plain(v)},
                "max_pending": max_pending,
                "journal": self.journal,
            }
        )
        self._command = command or [*self_command(safe_path=True), "event-reader"]
        self._failed_starts = 0
        self._wakeup = wakeup
        self._frames: deque[tuple[bytes, int]] = deque()
        self._head: list[dict[str, Any]] = []
        self._queued = self._queued_bytes = 0  # written by the source thread only
        self._taken = self._taken_bytes = 0  # written by the GUI thread only
        self._child: dict[str, Any] = {}
        self._child_key: tuple[Any, ...] | None = None
        self._stderr: deque[str] = deque(maxlen=STDERR_LINES)
        self._proc: subprocess.Popen[bytes] | None = None
        self._proc_lock = threading.Lock()

    # -- GUI thread side -------------------------------------------------------------------

    def drain(self, max_events: int | None = None) -> list[dict[str, Any]]:
        # one orjson.loads per frame: the child sent the event dicts the store applies
        limit = sys.maxsize if max_events is None else max_events
        out, self._head = self._head, []
        taken = taken_bytes = 0
        loads, queue = orjson.loads, self._frames
        while len(out) < limit and queue:
            payload, count = queue.popleft()
            taken += count
            taken_bytes += len(payload)
            out.extend(loads(payload))
        self._taken += taken
        self._taken_bytes += taken_bytes
        if len(out) > limit:
            self._head = out[limit:]
            del out[limit:]
        return out

    def pending(self) -> int:
        return self._queued - self._taken + len(self._head)

    def status(self) -> SourceStatus:
        base = super().status()
        child = self._child
        return replace(
            base,
            malformed=int(child.get("malformed") or 0),
            gaps=base.gaps + int(child.get("gaps") or 0),
            dropped=base.dropped + int(child.get("dropped") or 0),
        )

    @property
    def last_decode_error(self) -> str | None:
        error = self._child.get("decode_error")
        return str(error) if error else None

    # -- source thread side ----------------------------------------------------------------

    def _full(self, count: int, size: int) -> bool:
        return self._queued_bytes - self._taken_bytes + size > self.max_pending_bytes

    def _put(self, event: dict[str, Any]) -> None:
        payload = orjson.dumps([event])
        self._frames.append((payload, 1))
        self._queued += 1
        self._queued_bytes += len(payload)
        self._ready.set()

    def _session(self) -> None:
        self._child, self._child_key = {}, None
        proc = self._spawn()
        if self.stopping:
            return
        assert proc.stdout is not None
        while True:
            try:
                frame = frames.read_frame(proc.stdout)  # blocks until the child writes
            except frames.FrameError as exc:
                raise ReaderExitError(f"event reader: {exc}") from None
            if frame is None:
                break
            kind, count, payload = frame
            if kind == frames.EVENTS:
                if self._admit(count, len(payload)):
                    self._frames.append((payload, count))
                    self._queued += count
                    self._queued_bytes += len(payload)
                    self._handed += count
                    self._ready.set()
            else:
                self._child_status(orjson.loads(payload))
        if self.stopping:
            return
        code = proc.wait(timeout=5.0)
        tail = "; ".join(line for line in self._stderr if line)[-300:]
        error = f"event reader exited with code {code}" + (f": {tail}" if tail else "")
        self._failed_starts = 0 if self._child else self._failed_starts + 1
        if self._failed_starts >= FALLBACK_AFTER:
            log.warning("the event reader process cannot start: %s", error)
            self._give_up(error)
            return
        raise ReaderExitError(error)

    def _spawn(self) -> subprocess.Popen[bytes]:
        env = current_environment()
        env[PARENT_ENV] = str(os.getpid())
        proc = subprocess.Popen(
            self._command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            bufsize=PIPE_BUFFER,
        )
        with self._proc_lock:
            self._proc = proc
        assert proc.stdin is not None and proc.stderr is not None
        self._stderr.clear()
        threading.Thread(
            target=self._read_stderr, args=(proc.stderr,), name="event-reader-log", daemon=True
        ).start()
        try:
            proc.stdin.write(self._config.encode() + b"\n")
            proc.stdin.flush()
        except OSError as exc:
            raise ReaderExitError(f"event reader did not start: {exc}") from None
        if self.stopping:
            self._interrupt()
        return proc

    def _read_stderr(self, stream: IO[bytes]) -> None:
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip()
            self._stderr.append(line)
            log.info("%s", line)

    def _child_status(self, status: dict[str, Any]) -> None:
        self._child = status
        state = str(status.get("state"))
        key = (state, status.get("attempt"), status.get("last_error"))
        if key == self._child_key:
            return
        self._child_key = key
        if state == SourceState.CONNECTED:
            self._connected()
            wake_workers(self._wakeup)
        elif state == SourceState.RECONNECTING:
            self._set_status(
                SourceState.RECONNECTING,
                attempt=int(status.get("attempt") or 0),
                retry_in=status.get("retry_in"),
                last_error=status.get("last_error"),
            )

    def _interrupt(self) -> None:
        # closing stdin tells the reader to finish; it then closes stdout and our read ends
        with self._proc_lock:
            proc = self._proc
        if proc is not None and proc.stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                proc.stdin.close()

    def _close(self) -> None:
        with self._proc_lock:
            proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(OSError, ValueError):
            if proc.stdin is not None:
                proc.stdin.close()
        # with a journal the child first lets the journal process write what it was given
        end_process(proc, grace=JOURNAL_GRACE_S if self.journal else 2.0)


def end_process(proc: subprocess.Popen[bytes], grace: float = 2.0) -> None:
    """Wait for ``proc`` to finish, then terminate it, then kill it; reap it either way."""
    deadline = time.monotonic() + grace
    for signal_it in (None, proc.terminate, proc.kill):
        if signal_it is not None:
            with contextlib.suppress(OSError):
                signal_it()
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            break
        except subprocess.TimeoutExpired:
            deadline = time.monotonic() + grace
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.close()


def _plain(value: object) -> bool:
    return isinstance(value, str | int | float | bool) or value is None
