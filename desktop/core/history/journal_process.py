"""``celery-desk journal``: the journal's writer, a process of its own.

It reads the frames the event reader forwards to the app (:mod:`desktop.core.events.frames`:
events, and the reader's connection state) on stdin, after one JSON line of configuration
(:func:`desktop.core.history.feed.journal_config`; passwords come this way, never on a command
line), and commits them in batches: everything waiting, at least every
:data:`BATCH_EVERY_S`, so a kill loses at most about that much. Between batches it catches
up (:mod:`desktop.core.history.catchup`) and prunes (:mod:`desktop.core.history.retention`),
a small step at a time.

A process of its own so that neither the reader (which must keep up with Redis) nor the app
waits for SQLite: it runs at a lower priority and, when ingest outruns it for a while, lags
and catches up afterwards. It ends when its stdin does, after writing everything it was
given; SIGTERM (the parent-death guard) does not cut that short. A lock file keeps a second
writer of the same journal (a window reopened while the last one still writes) waiting.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import signal
import sys
import threading
import time
from collections import deque
from pathlib import Path
from typing import IO, Any, Final

import orjson

from desktop.core.events import frames
from desktop.core.events.lost import CONNECTION_LOST, CONNECTION_RESTORED, EVENTS_DROPPED
from desktop.core.events.receiver import SourceState
from desktop.core.gc_tuning import quiet_garbage_collector
from desktop.core.history.catchup import CatchUp, CatchUpConfig
from desktop.core.history.retention import Retention
from desktop.core.history.writer import JournalWriter
from desktop.core.processes.guard import install_parent_death_guard

log = logging.getLogger("desktop.history")

#: Longest wait between two commits while events come.
BATCH_EVERY_S: Final = 0.5
#: Events per transaction, at most (a backlog is written in several).
BATCH_EVENTS: Final = 20_000
#: Frames read ahead of the writer, in bytes; past it the reader's side waits (then drops).
INBOX_BYTES: Final = 32 * 1024 * 1024
#: The lowest priority: during a burst the GUI and the reader get the CPU first, and the
#: journal catches up after it (it only has to keep up on average).
JOURNAL_NICENESS: Final = 19
PRUNE_EVERY_S: Final = 5.0


class Inbox(threading.Thread):
    """Reads frames from ``stream`` into a queue the main thread takes from."""

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__(name="journal-inbox", daemon=True)
        self._stream = stream
        self._frames: deque[tuple[bytes, bytes]] = deque()
        self._bytes = 0
        self._cond = threading.Condition()
        self.closed = False
        self.error: str | None = None

    def run(self) -> None:
        try:
            while (frame := frames.read_frame(self._stream)) is not None:
                kind, _count, payload = frame
                with self._cond:
                    while self._bytes > INBOX_BYTES:
                        self._cond.wait(1.0)
                    self._frames.append((kind, payload))
                    self._bytes += len(payload)
                    self._cond.notify_all()
        except (frames.FrameError, OSError, ValueError) as exc:
            self.error = str(exc)
        with self._cond:
            self.closed = True
            self._cond.notify_all()

    def take(self, timeout: float, limit: int = BATCH_EVENTS) -> list[tuple[bytes, bytes]]:
        """Frames waiting (up to about ``limit`` events' worth), after waiting up to
        ``timeout`` s for the first."""
        with self._cond:
            if not self._frames and not self.closed:
                self._cond.wait(timeout)
            out: list[tuple[bytes, bytes]] = []
            taken = 0
            while self._frames and taken < limit:
                kind, payload = self._frames.popleft()
                self._bytes -= len(payload)
                out.append((kind, payload))
                taken += frames.FRAME_EVENTS if kind == frames.EVENTS else 0
            self._cond.notify_all()
            return out

    @property
    def pending(self) -> bool:
        return bool(self._frames)


class JournalLoop:
    """The main thread's work: batches, connection state, catch-up, pruning."""

    def __init__(self, writer: JournalWriter, catch_up: CatchUp | None) -> None:
        self.writer = writer
        self.catch_up = catch_up
        self._connected = False
        self._pruned = 0.0

    def handle(self, items: list[tuple[bytes, bytes]]) -> None:
        batch: list[dict[str, Any]] = []
        for kind, payload in items:
            if kind == frames.EVENTS:
                batch += orjson.loads(payload)
            else:
                if batch:  # keep the order of events and state changes
                    self._live(batch)
                    batch = []
                self._status(orjson.loads(payload))
        if batch:
            self._live(batch)

    def _live(self, batch: list[dict[str, Any]]) -> None:
        self.writer.live(batch)
        if self.catch_up is None:
            return
        for event in batch:
            kind = event.get("type")
            if kind == CONNECTION_LOST:
                self.catch_up.live_lost()
            elif kind == CONNECTION_RESTORED:
                # a hole in what was heard: the recorder may have what it missed
                self.catch_up.live_started(time.time())
            elif kind == EVENTS_DROPPED:
                since = event.get("start")
                now = time.time()
                self.catch_up.events_dropped(since if isinstance(since, float | int) else now, now)

    def _status(self, status: dict[str, Any]) -> None:
        connected = status.get("state") == SourceState.CONNECTED
        if connected == self._connected:
            return
        self._connected = connected
        now = time.time()
        if connected:
            self.writer.connected(now)
            if self.catch_up is not None:
                self.catch_up.live_started(now)
        else:
            self.writer.disconnected(now)
            if self.catch_up is not None:
                self.catch_up.live_lost()

    def idle(self) -> bool:
        """Work that waits while live frames queue: one catch-up page, the cursor, pruning.
        True while the catch-up has more pages: the loop then looks for frames without
        waiting (a wait per page made a replay of 200,000 events take a minute)."""
        if self.catch_up is not None:
            if self.catch_up.step():
                return True
            self.catch_up.tick()
        now = time.monotonic()
        if now - self._pruned >= PRUNE_EVERY_S and not self.writer.prune_step():
            self._pruned = now  # nothing due: look again in a while
        return False


def run(config: dict[str, Any], stream: IO[bytes]) -> int:
    path = Path(config["path"])
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        writer = JournalWriter(path, Retention(**(config.get("retention") or {})))
        catch = config.get("catch_up")
        catch_up = CatchUp(writer, CatchUpConfig(**catch)) if catch else None
        loop = JournalLoop(writer, catch_up)
        inbox = Inbox(stream)
        inbox.start()
        busy = False
        try:
            while True:
                items = inbox.take(0.0 if busy else BATCH_EVERY_S)
                if items:
                    loop.handle(items)
                busy = False
                if not inbox.pending:
                    if inbox.closed:
                        break
                    busy = loop.idle()
        finally:
            writer.close()
    if inbox.error:
        log.warning("the frames ended badly: %s", inbox.error)
    return 0


@contextlib.contextmanager
def _locked(path: Path) -> Any:
    with open(str(path) + ".lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # a writer still finishing keeps us waiting
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def journal_main(argv: list[str]) -> int:
    if argv:
        print("usage: celery-desk journal  (configuration as one JSON line on stdin)",
              file=sys.stderr)  # fmt: skip
        return 2
    logging.basicConfig(level=logging.INFO, format="journal: %(message)s")
    install_parent_death_guard()
    # SIGTERM (the app or the reader died) must not lose what was given: stdin ends anyway
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    os.nice(JOURNAL_NICENESS)
    quiet_garbage_collector()
    stream = sys.stdin.buffer
    try:
        config = json.loads(stream.readline())
        if not isinstance(config, dict) or not config.get("path"):
            raise ValueError("no journal path")
    except ValueError as exc:
        print(f"journal: bad configuration: {exc}", file=sys.stderr)
        return 2
    return run(config, stream)
