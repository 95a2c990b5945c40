"""The event source thread: reads the broker's event stream and hands events over in batches.

An :class:`EventSource` runs one connection at a time in its own thread, decodes there, and
appends the events to a deque the GUI thread empties with :meth:`EventSource.drain` on a
timer (the store is written by that one thread only). A lost connection is retried with a
capped exponential backoff (0.5 s doubling up to 10 s); :meth:`EventSource.status` gives a
consistent snapshot for the status bar. When a connection that had been up drops, marker
events (see :mod:`desktop.core.events.lost`) go into the hand-off, so the gap sits exactly
where it happened in the stream.

This base is the one protocol every source follows: ``start``, ``drain``, ``pending``,
``wait``, ``status``, ``stop``. Kinds:
:class:`~desktop.core.events.process_source.ProcessEventSource` (the default for Redis: a
child process reads and decodes, this thread only queues its frames);
:class:`~desktop.core.events.redis_source.RedisEventSource` (the same reading, in a thread of
this process: the child runs it, and the app falls back to it when the child cannot start);
:class:`~desktop.core.events.kombu_source.KombuEventSource` (Celery's ``EventReceiver``, any
transport). :mod:`~desktop.core.events.source_factory` picks one for a Celery app and builds
the fallback; it has a module of its own because it imports every kind, and every kind
imports this base. No source contains another.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Protocol

from desktop.core.events.decode import EventDecoder
from desktop.core.events.lost import CONNECTION_LOST, CONNECTION_RESTORED, EVENTS_DROPPED, marker

log = logging.getLogger("desktop.events")

#: Decoded events waiting for the GUI thread, at most (about 1 KB each): 10 s at 20,000/s.
#: Past it events are dropped and counted exactly, rather than memory growing without end.
DEFAULT_MAX_PENDING = 200_000


class SourceState(StrEnum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    STOPPED = "stopped"
    #: The source gave up for good (a reader process that cannot start); its owner may ask
    #: :func:`~desktop.core.events.source_factory.fallback_source` for another.
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """A snapshot of the source, safe to read from any thread."""

    state: SourceState
    transport: str
    attempt: int = 0
    retry_in: float | None = None
    last_error: str | None = None
    since: float = 0.0
    events: int = 0
    malformed: int = 0
    gaps: int = 0
    dropped: int = 0
    pending: int = 0

    def describe(self) -> str:
        """One line for the status bar (no broker URL, so no secret)."""
        if self.state == SourceState.CONNECTED:
            text = f"Events: connected ({self.transport})"
        elif self.state == SourceState.RECONNECTING:
            retry = f", next try in {self.retry_in:.1f} s" if self.retry_in is not None else ""
            text = f"Events: reconnecting (attempt {self.attempt}{retry})"
            if self.last_error:
                text += f": {self.last_error}"
        elif self.state == SourceState.CONNECTING:
            text = "Events: connecting"
        elif self.state == SourceState.FAILED:
            text = f"Events: cannot read ({self.last_error})"
        else:
            text = "Events: stopped"
        if self.gaps:
            text += f"; {self.gaps} gap{'s' if self.gaps != 1 else ''} in the stream"
        return text


class EventSink(Protocol):
    """Where a source also hands its events, off the GUI thread: the journal's feed
    (:class:`~desktop.core.history.feed.JournalFeed`) when events are read in the app."""

    def start(self) -> None: ...
    def events(self, events: list[dict[str, Any]]) -> None: ...
    def status(self, state: str) -> None: ...
    def pump(self) -> None: ...
    def close(self, timeout: float = 30.0) -> bool: ...


class Backoff:
    """Delays of ``initial * factor**n`` seconds, capped at ``cap``."""

    def __init__(self, initial: float = 0.5, cap: float = 10.0, factor: float = 2.0) -> None:
        self.initial, self.cap, self.factor = initial, cap, factor
        self._next = initial

    def next_delay(self) -> float:
        delay = self._next
        self._next = min(self.cap, self._next * self.factor)
        return delay

    def reset(self) -> None:
        self._next = self.initial


class EventSource(threading.Thread):
    """Base of the receiver threads: hand-off, status, reconnect loop. Subclasses connect."""

    transport = "?"

    def __init__(
        self, *, max_pending: int = DEFAULT_MAX_PENDING, backoff: Backoff | None = None
    ) -> None:
        super().__init__(name=f"event-source-{self.transport}", daemon=True)
        self.decoder = EventDecoder()
        self.max_pending = max_pending
        self._backoff = backoff or Backoff()
        self._queue: deque[dict[str, Any]] = deque()
        self._halt = threading.Event()
        self._lock = threading.Lock()
        self._status = SourceStatus(SourceState.CONNECTING, self.transport, since=time.time())
        self._handed = 0
        self._gaps = 0
        self._dropped = 0
        self._dropping_since: float | None = None
        self._dropping = 0
        self._lost_at: float | None = None
        self._was_connected = False
        self._failure: str | None = None
        #: Set whenever something is queued, so a consumer can block in :meth:`wait`.
        self._ready = threading.Event()
        #: Gets every event handed over, and the state, from this thread (set before start).
        self.sink: EventSink | None = None

    # -- GUI thread side -------------------------------------------------------------------

    def drain(self, max_events: int | None = None) -> list[dict[str, Any]]:
        """Take up to ``max_events`` waiting events (all when None), oldest first."""
        queue = self._queue
        count = len(queue) if max_events is None else min(max_events, len(queue))
        pop = queue.popleft
        return [pop() for _ in range(count)]

    def pending(self) -> int:
        return len(self._queue)

    def wait(self, timeout: float) -> bool:
        """Block until something is pending or ``timeout`` s passed; True when pending."""
        if self.pending():
            return True
        self._ready.clear()
        if self.pending():  # queued between the check and the clear: no wake-up is lost
            return True
        return self._ready.wait(timeout)

    def status(self) -> SourceStatus:
        with self._lock:
            status = self._status
        return replace(
            status,
            events=self._handed,
            malformed=self.decoder.malformed,
            gaps=self._gaps,
            dropped=self._dropped,
            pending=self.pending(),
        )

    def stop(self, timeout: float = 2.0) -> bool:
        """Ask the thread to finish and wait up to ``timeout`` s; True when it has."""
        self._halt.set()
        self._interrupt()
        if self.is_alive():
            self.join(timeout)
        return not self.is_alive()

    @property
    def stopping(self) -> bool:
        return self._halt.is_set()

    # -- source thread side ----------------------------------------------------------------

    def _hand_over(self, events: list[dict[str, Any]]) -> None:
        if self.sink is not None:
            self.sink.events(events)  # the journal hears what the GUI may have to drop
        if self._admit(len(events)):
            self._queue.extend(events)
            self._handed += len(events)
            self._ready.set()

    def _full(self, count: int, size: int) -> bool:
        """Whether ``count`` more events (``size`` bytes, where known) would overflow."""
        return self.pending() + count > self.max_pending

    def _admit(self, count: int, size: int = 0) -> bool:
        """Whether ``count`` more events may be queued; counts them as dropped when not."""
        if self._full(count, size):
            # the GUI thread is not keeping up: drop and say so, rather than grow unbounded
            if self._dropping_since is None:
                self._dropping_since = time.time()
            self._dropping += count
            return False
        if self._dropping_since is not None:
            self._put(
                marker(
                    EVENTS_DROPPED, time.time(), count=self._dropping, start=self._dropping_since
                )
            )
            self._dropped += self._dropping
            self._gaps += 1
            self._dropping_since, self._dropping = None, 0
        return True

    def _put(self, event: dict[str, Any]) -> None:
        """Queue one event of our own (a gap marker) behind what was handed over."""
        if self.sink is not None:
            self.sink.events([event])
        self._queue.append(event)
        self._ready.set()

    def _set_status(self, state: SourceState, **fields: Any) -> None:
        with self._lock:
            previous = self._status.state
            self._status = SourceStatus(state, self.transport, since=time.time(), **fields)
        if self.sink is not None and state != previous:
            self.sink.status(str(state))

    def _connected(self) -> None:
        """Subclasses call this once they are subscribed and about to read."""
        self._backoff.reset()
        now = time.time()
        if self._lost_at is not None:
            self._put(marker(CONNECTION_RESTORED, now, lost_at=self._lost_at))
            self._lost_at = None
        self._set_status(SourceState.CONNECTED)
        self._was_connected = True

    def run(self) -> None:
        sink = self.sink
        if sink is not None:
            sink.start()
        try:
            self._run()
        finally:
            if sink is not None:
                sink.close()

    def _run(self) -> None:
        attempt = 0
        while not self._halt.is_set():
            self._was_connected = False
            try:
                self._session()
                error = "the connection ended"
            except Exception as exc:  # any failure of one session means: reconnect
                error = f"{type(exc).__name__}: {exc}"
            finally:
                self._close()
            if self._halt.is_set():
                break
            log.info("event source (%s) lost: %s", self.transport, error)
            if self._was_connected:
                attempt = 0
                self._lost_at = time.time()
                self._put(marker(CONNECTION_LOST, self._lost_at, reason=error))
                self._gaps += 1
            attempt += 1
            self._set_status(SourceState.RECONNECTING, attempt=attempt, last_error=error)
            delay = self._backoff.next_delay()
            self._set_status(
                SourceState.RECONNECTING, attempt=attempt, retry_in=delay, last_error=error
            )
            self._halt.wait(delay)
        if self._failure is not None:
            self._set_status(SourceState.FAILED, last_error=self._failure)
        else:
            self._set_status(SourceState.STOPPED)

    def _give_up(self, error: str) -> None:
        """End the thread for good, in state FAILED (called from the source thread)."""
        self._failure = error
        self._halt.set()

    def _session(self) -> None:
        """Connect, call :meth:`_connected`, read until stopped; raise on any failure."""
        raise NotImplementedError

    def _close(self) -> None:
        """Release the session's connection (called from the source thread)."""

    def _interrupt(self) -> None:
        """Make a blocked read return soon (called from the stopping thread)."""


def wake_workers(wakeup: Callable[[], None] | None) -> None:
    """Run ``wakeup`` (ask workers for a heartbeat now, so they show at once) in a thread."""

    def run() -> None:
        try:
            if wakeup is not None:
                wakeup()
        except Exception as exc:  # a failed broadcast only delays the first heartbeats
            log.debug("heartbeat wake-up broadcast failed: %s", exc)

    if wakeup is not None:
        threading.Thread(target=run, name="event-wakeup", daemon=True).start()
