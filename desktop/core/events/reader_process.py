"""``celery-desk event-reader``: the Redis event source in a process of its own.

Reading and decoding tens of thousands of events a second in a thread of the app made the
GUI thread wait for the GIL: ticks of 25 ms were seen as stalls of 100-270 ms. In this process
the :class:`~desktop.core.events.redis_source.RedisEventSource` thread reads and decodes;
the main thread blocks until events are queued, then forwards them as frames
(:mod:`desktop.core.events.frames`) on stdout, with the connection's state every half
second or when it changes.

With a ``journal`` section in its configuration it also starts the journal process
(:class:`~desktop.core.history.feed.JournalFeed`) and hands it every frame it writes: the same
bytes, so journaling costs this process no second encoding, and SQLite never slows it down.

The configuration, broker password included, comes as one JSON line on stdin, never on the
command line. The end of stdin (the app closed it, or died) stops the reader; so do SIGTERM
and, through the parent-death guard, the app's death. Frames go to a duplicate of stdout;
file descriptor 1 itself is pointed at stderr, so a library that prints cannot corrupt them.
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
from typing import IO, Any

from desktop.core.events import frames
from desktop.core.events.redis_source import RedisEventSource
from desktop.core.gc_tuning import quiet_garbage_collector
from desktop.core.history.feed import JournalFeed
from desktop.core.processes.guard import install_parent_death_guard

STATUS_EVERY_S = 0.5
#: How often frames the journal's pipe could not take yet are offered again.
JOURNAL_PUMP_S = 0.02
#: How long the reader waits, when stopping, for the journal to write what it was given.
JOURNAL_CLOSE_S = 30.0
#: The reader yields the CPU to the app (whose GUI thread it feeds) when both want it.
READER_NICENESS = 5
#: What the pipe to the app holds (Linux's default limit for an unprivileged process).
PIPE_BYTES = 1 << 20


def status_payload(source: RedisEventSource) -> dict[str, Any]:
    status = source.status()
    return {
        "state": str(status.state),
        "attempt": status.attempt,
        "retry_in": status.retry_in,
        "last_error": status.last_error,
        "events": status.events,
        "malformed": status.malformed,
        "gaps": status.gaps,
        "dropped": status.dropped,
        "decode_error": source.decoder.last_error,
    }


class Halt:
    """A stop flag a signal handler may set: ``threading.Event.set`` in a handler can
    deadlock against an ``Event.wait`` of the same thread, a plain attribute cannot."""

    def __init__(self) -> None:
        self.requested = False

    def set(self, *_args: object) -> None:
        self.requested = True


def forward(
    source: RedisEventSource, out: IO[bytes], halt: Halt, journal: JournalFeed | None = None
) -> None:
    """Write the source's events and status to ``out`` (and to ``journal``) until halted
    and drained."""
    last_key: tuple[Any, ...] | None = None
    last_status = 0.0
    while True:
        # wakes as soon as the source queued something; sooner while the journal's pipe
        # has frames to take
        source.wait(JOURNAL_PUMP_S if journal is not None and journal.backlog else STATUS_EVERY_S)
        batch = source.drain(frames.FRAME_EVENTS)
        if batch:
            data = frames.encode(frames.EVENTS, batch, len(batch))
            out.write(data)
            if journal is not None:
                journal.frame(data)
        now = time.monotonic()
        status = status_payload(source)
        key = (status["state"], status["attempt"], status["last_error"], status["gaps"])
        if key != last_key or now - last_status >= STATUS_EVERY_S:
            data = frames.encode(frames.STATUS, status)
            out.write(data)
            if journal is not None and key != last_key:
                journal.frame(data)
            last_key, last_status = key, now
        out.flush()  # at once: the app's timer drains what came, frame by frame
        if journal is not None:
            journal.pump()
        if halt.requested and not source.pending():
            return


def _watch_stdin(stream: IO[str], halt: Halt) -> None:
    # the app closes our stdin to stop us; EOF also comes when the app dies
    while stream.readline():
        pass
    halt.set()


def reader_main(argv: list[str]) -> int:
    if argv:
        print("usage: celery-desk event-reader  (configuration as one JSON line on stdin)",
              file=sys.stderr)  # fmt: skip
        return 2
    logging.basicConfig(level=logging.INFO, format="event-reader: %(message)s")
    install_parent_death_guard()
    os.nice(READER_NICENESS)
    quiet_garbage_collector()
    out = os.fdopen(os.dup(1), "wb", buffering=1 << 20)
    _widen_pipe(out.fileno())
    os.dup2(2, 1)
    line = sys.stdin.readline()
    try:
        config = json.loads(line)
        source = RedisEventSource(
            config["url"],
            transport_options=config.get("transport_options") or {},
            exchange=config.get("exchange") or "celeryev",
            ssl_options=config.get("ssl_options"),
            max_pending=int(config.get("max_pending") or 200_000),
        )
    except Exception as exc:  # a bad configuration ends the reader with one clear line
        print(f"event-reader: bad configuration: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    halt = Halt()
    signal.signal(signal.SIGTERM, halt.set)
    threading.Thread(target=_watch_stdin, args=(sys.stdin, halt), daemon=True).start()
    journal = _start_journal(config.get("journal"))
    source.start()
    try:
        forward(source, out, halt, journal)
    except (BrokenPipeError, ValueError):
        return 0  # the app is gone: nobody to tell
    finally:
        source.stop(timeout=2.0)
        if journal is not None:
            journal.frame(frames.encode(frames.STATUS, {"state": "stopped"}))
            journal.close(timeout=JOURNAL_CLOSE_S)
    try:
        out.write(frames.encode(frames.STATUS, {**status_payload(source), "state": "stopped"}))
        out.flush()
    except (BrokenPipeError, ValueError):
        pass
    return 0


def _widen_pipe(fd: int) -> None:
    # a pipe holds 64 KB, about 200 events: under a flood the reader would block on every
    # few frames until the app's reading thread got the GIL; a wider pipe lets it write on
    setter = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    if setter is None:
        return
    with contextlib.suppress(OSError):  # not a pipe, or above the system's limit
        fcntl.fcntl(fd, setter, PIPE_BYTES)


def _start_journal(config: dict[str, Any] | None) -> JournalFeed | None:
    if not config:
        return None
    feed = JournalFeed(config)
    feed.start()
    return feed
