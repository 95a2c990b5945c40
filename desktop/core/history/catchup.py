"""Catching up on connect: the recorder's stream first, then the result backend.

Run by the journal process between live batches, one page at a time (:meth:`CatchUp.step`),
so live events never wait behind it:

1. **Replay.** As soon as the reader subscribed, the recorder's stream is replayed from the
   journal's cursor to the end it has at that moment. The recorder may still be appending
   what was published just before the subscription, so once :data:`SETTLE_S` have passed
   since it, the stream is read again from where the replay stopped (a few entries, mostly
   heard live too). Every page and the cursor it reaches commit together, and a state change
   already journaled is skipped, so a replay cut short by a kill resumes where it stopped
   and never doubles a task. What the stream shows the recorder covered becomes
   ``recorder`` coverage.
2. **Backfill.** If the time since the journal last heard live still has gaps, every finished
   result that the journal lacks (or holds unfinished) is added from the project's own result
   backend (:attr:`CatchUpConfig.backend_url`, chosen by
   :mod:`desktop.core.project.result_backend`: often another Redis db or server than the
   broker's; the broker only when nothing says otherwise) by
   :mod:`desktop.core.history.backfill`, and that time is marked ``backfill``. A backend that
   is not Redis (``django-db``, ``rpc://``) cannot be read: the gaps stay gaps, and
   :attr:`CatchUpReport.backfill_unavailable` says why.
3. **Live.** While the connection stays up, everything published is heard, so the cursor
   moves along with the clock (:data:`CURSOR_MARGIN_S` behind it): the next start replays
   only what this run did not hear. A lost connection stops the cursor and, once restored,
   starts another catch-up for the hole.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final

import redis

from celery_desk_beat.recorder_stream import stream_key
from desktop.core.events.model import FINISHED_STATES
from desktop.core.history.backfill import backfill_event, scan_results
from desktop.core.history.coverage import CoverageKind, coverage_periods
from desktop.core.history.schema import ORIGIN_BACKFILL, ORIGIN_RECORDER
from desktop.core.history.stream_replay import StreamReplay, id_at
from desktop.core.history.writer import STREAM_CURSOR, JournalWriter
from desktop.core.project.result_backend import redis_py_url

log = logging.getLogger("desktop.history")

#: How long after the subscription the recorder has surely appended what was published
#: before it (it appends within milliseconds; a busy one lags a little): the replay's second
#: read waits for it, the first does not (the bulk of a replay was recorded long before).
SETTLE_S: Final = 2.0
#: How far behind the broker's clock the cursor trails while live: the recorder's own delay
#: and the clocks' jitter fit in it; what it re-reads next time is skipped as duplicate.
CURSOR_MARGIN_S: Final = 10.0
CURSOR_EVERY_S: Final = 5.0


@dataclass(frozen=True, slots=True)
class CatchUpConfig:
    """Where to catch up from. URLs may hold passwords: never log them."""

    broker_url: str
    exchange: str = "celeryev"
    key_prefix: str = ""
    backend_url: str | None = None
    ssl_options: dict[str, Any] = field(default_factory=dict)
    #: Why there is no Redis result backend to backfill from (django-db, rpc://...): then
    #: nothing is backfilled and the gaps stay gaps.
    backend_problem: str | None = None


@dataclass(slots=True)
class CatchUpReport:
    """What the last catch-up did, for the status line."""

    replayed: int = 0
    backfilled: int = 0
    duplicates: int = 0
    running: bool = False
    error: str | None = None
    #: Why nothing could be backfilled (no Redis result backend), when that is so.
    backfill_unavailable: str | None = None


class CatchUp:
    """The catch-up and the live cursor of one journal; used by the writer's thread only."""

    def __init__(
        self, writer: JournalWriter, config: CatchUpConfig, clock: Callable[[], float] = time.time
    ) -> None:
        self._writer = writer
        self._config = config
        self._clock = clock
        self._broker: redis.Redis | None = None
        self._due: float | None = None
        self._work: Iterator[float | None] | None = None
        self._resume: float | None = None  # the work waits until then
        self._live_since: float | None = None
        self._caught_up = False
        self._offset = 0.0  # broker clock minus ours
        self._cursor_moved = float("-inf")
        self.report = CatchUpReport()

    # -- what the journal loop tells us ----------------------------------------------------

    def live_started(self, at: float) -> None:
        """The reader (re)subscribed at ``at``: catch up on what came before, now."""
        self._live_since = at
        self._caught_up = False
        self._due = self._clock()
        self._work = self._resume = None

    def live_lost(self) -> None:
        self._live_since = None

    def events_dropped(self, since: float, at: float) -> None:
        """The feed dropped what came from ``since`` on (the journal fell behind): the cursor,
        which follows the clock, may have passed those events; move it back before them, and
        catch up from there as after a reconnect."""
        cursor = self._writer.meta(STREAM_CURSOR)
        back = id_at(since + self._offset - CURSOR_MARGIN_S)
        if cursor is not None and _id_key(str(cursor)) > _id_key(back):
            self._writer.advance_cursor(back)
        self.live_started(at)

    # -- the work --------------------------------------------------------------------------

    def step(self) -> bool:
        """Do one page of pending work; True while there is more to do right away."""
        if self._work is None:
            if self._due is None or self._clock() < self._due:
                return False
            self._due = None
            self._work = self._run()
            self.report = CatchUpReport(running=True)
        if self._resume is not None and self._clock() < self._resume:
            return False
        try:
            self._resume = next(self._work)
            return self._resume is None
        except StopIteration:
            self._finish(None)
        except (redis.RedisError, OSError) as exc:
            self._finish(f"{type(exc).__name__}: {exc}")
            if self._live_since is not None:
                self._due = self._clock() + 30.0  # try again later; the cursor waits
        return False

    def tick(self) -> None:
        """Move the cursor along while live and caught up (every few seconds)."""
        now = self._clock()
        if not self._caught_up or self._live_since is None:
            return
        if now - self._cursor_moved < CURSOR_EVERY_S:
            return
        self._cursor_moved = now
        self._writer.advance_cursor(id_at(now + self._offset - CURSOR_MARGIN_S))

    def _finish(self, error: str | None) -> None:
        self._work = None
        self.report.running = False
        self.report.error = error
        if error is None:
            self._caught_up = True
            report = self.report
            log.info("caught up: %d replayed, %d backfilled, %d already journaled",
                     report.replayed, report.backfilled, report.duplicates)  # fmt: skip
        else:
            log.warning("catch-up stopped: %s", error)

    def _client(self, url: str) -> redis.Redis:
        options = {k: v for k, v in self._config.ssl_options.items() if k.startswith("ssl_")}
        return redis.Redis.from_url(url, socket_timeout=10.0, socket_connect_timeout=5.0, **options)

    def _run(self) -> Iterator[float | None]:
        """The catch-up's pages; yields None after each, or the moment to go on at."""
        config = self._config
        if self._broker is None:
            self._broker = self._client(config.broker_url)
        broker = self._broker
        seconds, micros = broker.time()
        self._offset = seconds + micros / 1e6 - self._clock()
        live_since = self._live_since or self._clock()
        key = stream_key(config.exchange, config.key_prefix)
        yield from self._replay(broker, key)
        settled = live_since + SETTLE_S
        if self._clock() < settled:
            yield settled
        yield from self._replay(broker, key)  # what the recorder appended meanwhile
        since = self._writer.previous_live_end
        gaps = since is None or any(
            period.kind is CoverageKind.GAP
            for period in coverage_periods(self._writer.conn, since, live_since)
        )
        if gaps and config.backend_problem:
            self.report.backfill_unavailable = config.backend_problem
            log.info("%s", config.backend_problem)  # names the kind of backend, never a URL
        elif gaps:
            url = config.backend_url
            backend = broker if url in (None, config.broker_url) else None
            yield from self._backfill(backend or self._client(redis_py_url(str(url))),
                                      since, live_since)  # fmt: skip

    def _replay(self, broker: redis.Redis, key: str) -> Iterator[None]:
        """Replay the stream from the cursor to its present end."""
        replay = StreamReplay(broker, key, self._writer.meta(STREAM_CURSOR))
        for page in replay.pages():
            result = self._writer.replayed(page.events, ORIGIN_RECORDER, cursor=page.cursor)
            for start, end in page.covered:
                self._writer.add_coverage(CoverageKind.RECORDER, start, end)
            self.report.replayed += len(result.new_events)
            self.report.duplicates += result.duplicates
            yield

    def _backfill(self, backend: redis.Redis, since: float | None, until: float) -> Iterator[None]:
        oldest: float | None = None
        for batch in scan_results(backend):
            events = [e for e in (backfill_event(t, raw) for t, raw in batch) if e is not None]
            fresh = self._unfinished(events)
            if fresh:
                result = self._writer.replayed(fresh, ORIGIN_BACKFILL)
                self.report.backfilled += len(result.new_events)
            for event in events:
                if oldest is None or event["timestamp"] < oldest:
                    oldest = event["timestamp"]
            yield
        start = since if since is not None else oldest
        if start is not None and start < until:
            self._writer.add_coverage(CoverageKind.BACKFILL, start, until)

    def _unfinished(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The events of tasks the journal does not have finished already."""
        if not events:
            return []
        uuids = [e["uuid"] for e in events]
        marks = ",".join("?" * len(uuids))
        states = ",".join("?" * len(FINISHED_STATES))
        done = {
            row[0]
            for row in self._writer.conn.execute(
                f"SELECT uuid FROM tasks WHERE uuid IN ({marks}) AND state IN ({states})",
                (*uuids, *sorted(FINISHED_STATES)),
            )
        }
        return [e for e in events if e["uuid"] not in done]


def _id_key(stream_id: str) -> tuple[int, int]:
    millis, _, seq = stream_id.partition("-")
    return int(millis), int(seq or 0)
