"""The event pump: one receiver thread, one store, and a GUI-thread timer between them.

:class:`MonitorHub` owns the :class:`~desktop.core.events.EventStore` (written only here, on
the GUI thread) and the current :class:`~desktop.core.events.EventSource` thread. A timer
drains the source in bounded batches: the number of events per tick adapts so that a tick,
including the slots of ``batch_applied`` (the models), stays within ``tick_budget_ms``;
what is left waits for the next tick, which then comes sooner (a backlog is worked off in
back-to-back short ticks, with the event loop running in between).

Pausing keeps the store current (events are still ingested, so nothing is lost and the
figures stay right) but holds ``batch_applied``; resuming emits ``store_reset`` and every
view rebuilds from the store. Stopping never waits on the GUI thread: the source and the
enable-events thread are told to stop and finish in the background.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.core.events import (
    ChangeSet,
    EventsEnabler,
    EventSource,
    EventStore,
    Hint,
    LossSummary,
    SourceState,
    SourceStatus,
    make_event_source,
)

if TYPE_CHECKING:
    from celery import Celery

log = logging.getLogger("celery_desk.monitor")

IDLE_INTERVAL_MS = 100
BACKLOG_INTERVAL_MS = 5
STATUS_INTERVAL_S = 1.0
MIN_EVENTS_PER_TICK = 200
MAX_EVENTS_PER_TICK = 50_000

SourceFactory = Callable[[str], tuple[EventSource, "Celery | None"]]


@dataclass(frozen=True, slots=True)
class MonitorStatus:
    """What the status bar shows about the live monitor."""

    source: SourceStatus | None
    events_per_s: float = 0.0
    loss: LossSummary | None = None
    hints: list[Hint] = field(default_factory=list)
    paused: bool = False
    tasks: int = 0
    pending: int = 0

    @property
    def lost(self) -> int:
        """Events known lost (dropped) plus those estimated lost in disconnects."""
        if self.loss is None:
            return 0
        return self.loss.dropped + self.loss.estimated_lost

    @property
    def text(self) -> str:
        """One line, e.g. ``Events: connected · 1,234/s · 0 lost``."""
        source = self.source
        if source is None:
            return "Events: not connected"
        parts = [f"Events: {source.state.value}"]
        if source.state is SourceState.RECONNECTING:
            if source.retry_in is not None:
                parts[0] += f" (attempt {source.attempt}, next in {source.retry_in:.1f} s)"
        elif source.state is SourceState.CONNECTED:
            parts.append(f"{self.events_per_s:,.0f}/s")
        gaps = self.loss.gaps if self.loss is not None else 0
        lost = f"{self.lost:,} lost"
        if gaps:
            lost += f" in {gaps:,} gap{'s' if gaps != 1 else ''}"
        parts.append(lost)
        if self.pending > 1000:
            parts.append(f"{self.pending:,} waiting")
        if self.paused:
            parts.append("paused")
        if self.hints:
            parts.append(f"{len(self.hints)} warning{'s' if len(self.hints) != 1 else ''}")
        return " · ".join(parts)

    @property
    def details(self) -> str:
        """A longer text for a tooltip: last error, last gap, hints."""
        lines = [self.text]
        if self.source is not None and self.source.last_error:
            lines.append(f"Last error: {self.source.last_error}")
        if self.loss is not None and self.loss.last_gap is not None:
            gap = self.loss.last_gap
            count = "unknown" if gap.events is None else f"{gap.events:,}"
            lines.append(f"Last gap: {gap.reason} (events lost: {count})")
        lines.extend(hint.message for hint in self.hints)
        return "\n".join(lines)


def celery_source(broker_url: str) -> tuple[EventSource, Celery]:
    """The default factory: a throw-away Celery app on ``broker_url`` and its best source."""
    from celery import Celery

    app = Celery("celery-desk-monitor", broker=broker_url, set_as_current=False)
    return make_event_source(app), app


class MonitorHub(QObject):
    """Pumps Celery events from the broker into one :class:`EventStore`.

    Signals:
        batch_applied(object): a :class:`ChangeSet` just applied to :attr:`store`.
        store_reset(): rebuild every view from :attr:`store` (cleared, replaced or resumed).
        status_changed(object): a new :class:`MonitorStatus` (about once a second).
        paused_changed(bool): live updates were paused (True) or resumed.
    """

    batch_applied = Signal(object)
    store_reset = Signal()
    status_changed = Signal(object)
    paused_changed = Signal(bool)

    def __init__(
        self,
        *,
        max_tasks: int = 200_000,
        enable_events: bool = True,
        tick_budget_ms: float = 20.0,
        source_factory: SourceFactory | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._max_tasks = max_tasks
        self._store = EventStore(max_tasks=max_tasks)
        self._factory: SourceFactory = source_factory or celery_source
        self._source: EventSource | None = None
        self._app: Celery | None = None
        self._enabler: EventsEnabler | None = None
        self._enable_events = enable_events
        self._broker_url: str | None = None
        self._paused = False
        self._budget = tick_budget_ms / 1000.0
        self._per_tick = 2000
        self.max_tick_ms = 0.0
        self._last_status = time.monotonic()
        self._last_count = 0
        self._rate = 0.0
        self._status = MonitorStatus(None)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)

    # -- public API ------------------------------------------------------------------------

    @property
    def store(self) -> EventStore:
        """The store; replaced only right before ``store_reset`` (a new broker)."""
        return self._store

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def running(self) -> bool:
        return self._source is not None

    @property
    def status(self) -> MonitorStatus:
        return self._status

    def status_text(self) -> str:
        return self._status.text

    def start(self, broker_url: str) -> None:
        """Listen to ``broker_url``'s events (stopping any previous source first).

        A different broker than last time starts from an empty store. A bad URL is reported
        through ``status_changed`` (stopped, with the error), never raised.
        """
        self.stop()
        if self._broker_url is not None and broker_url != self._broker_url:
            self._store = EventStore(max_tasks=self._max_tasks)
            self._last_count = 0
            self.store_reset.emit()
        self._broker_url = broker_url
        try:
            source, app = self._factory(broker_url)
        except Exception as exc:  # a malformed URL or unknown transport: say so, keep going
            error = f"{type(exc).__name__}: {exc}"
            log.warning("cannot listen to events: %s", error)
            status = SourceStatus(SourceState.STOPPED, "?", last_error=error, since=time.time())
            self._publish_status(status)
            return
        self._source, self._app = source, app
        source.start()
        if app is not None:
            self._enabler = EventsEnabler(app, enabled=self._enable_events)
            self._enabler.start()
        self._timer.start(IDLE_INTERVAL_MS)
        self._publish_status()

    def attach(self, source: EventSource) -> None:
        """Listen to an already built (not started) source; no enable-events broadcast."""
        self.stop()
        self._source = source
        source.start()
        self._timer.start(IDLE_INTERVAL_MS)
        self._publish_status()

    def stop(self) -> None:
        """Stop listening without blocking; the threads finish in the background."""
        source, app, enabler = self._source, self._app, self._enabler
        self._source, self._app, self._enabler = None, None, None
        self._timer.stop()
        if source is None:
            return
        threading.Thread(
            target=_finish, args=(source, enabler, app), name="event-source-stop", daemon=True
        ).start()
        self._publish_status(SourceStatus(SourceState.STOPPED, source.transport, since=time.time()))

    def set_paused(self, paused: bool) -> None:
        """Hold (True) or resume live updates; resuming rebuilds every view from the store."""
        if paused == self._paused:
            return
        self._paused = paused
        self.paused_changed.emit(paused)
        if not paused:
            self.store_reset.emit()
        self._publish_status()

    def set_enable_events(self, enabled: bool) -> None:
        """Switch the periodic ``enable_events`` broadcast (the setting) on or off."""
        self._enable_events = enabled
        if self._enabler is not None:
            self._enabler.set_enabled(enabled)

    def clear_tasks(self) -> None:
        """Forget every task held (workers stay)."""
        self._store.clear_tasks()
        self.store_reset.emit()

    def feed(self, events: Iterable[dict[str, Any]]) -> ChangeSet:
        """Apply events directly (replays, tests): same path as the timer's batches."""
        changes = self._store.apply(events)
        self._emit_changes(changes)
        return changes

    def pump_now(self) -> None:
        """Run one tick now (tests and benchmarks; the timer does it otherwise)."""
        self._tick()

    # -- the timer -------------------------------------------------------------------------

    @Slot()
    def _on_timer_timeout(self) -> None:
        self._tick()
        if self._source is not None:
            backlog = self._source.pending() > 0
            self._timer.start(BACKLOG_INTERVAL_MS if backlog else IDLE_INTERVAL_MS)

    def _tick(self) -> None:
        source = self._source
        started = time.perf_counter()
        drained = 0
        if source is not None:
            batch = source.drain(self._per_tick)
            drained = len(batch)
            if batch:
                self._emit_changes(self._store.apply(batch))
        now = time.monotonic()
        if now - self._last_status >= STATUS_INTERVAL_S:
            self._emit_changes(self._store.tick())
            self._update_rate(now)
            self._publish_status()
        elapsed = time.perf_counter() - started
        self.max_tick_ms = max(self.max_tick_ms, elapsed * 1000)
        if drained >= MIN_EVENTS_PER_TICK:
            self._adapt(drained, elapsed)

    def _adapt(self, drained: int, elapsed: float) -> None:
        # events per tick that fit the budget, judged by this tick's cost per event
        fits = int(drained * self._budget / max(elapsed, 1e-6))
        target = (
            (self._per_tick + fits) // 2 if fits < self._per_tick else min(fits, self._per_tick * 2)
        )
        self._per_tick = max(MIN_EVENTS_PER_TICK, min(MAX_EVENTS_PER_TICK, target))

    def _emit_changes(self, changes: ChangeSet) -> None:
        if not self._paused and not changes.empty:
            self.batch_applied.emit(changes)

    def _update_rate(self, now: float) -> None:
        count = self._store.event_count
        span = now - self._last_status
        self._rate = (count - self._last_count) / span if span > 0 else 0.0
        self._last_count, self._last_status = count, now

    def _publish_status(self, source_status: SourceStatus | None = None) -> None:
        source = self._source
        if source_status is None and source is not None:
            source_status = source.status()
        if source_status is None:
            source_status = self._status.source
        enabler_on = self._enabler is not None and self._enabler.enabled
        self._status = MonitorStatus(
            source_status,
            events_per_s=self._rate if source is not None else 0.0,
            loss=self._store.loss_summary(),
            hints=self._store.hints(enabler_on=enabler_on),
            paused=self._paused,
            tasks=len(self._store),
            pending=source.pending() if source is not None else 0,
        )
        self.status_changed.emit(self._status)


def _finish(source: EventSource, enabler: EventsEnabler | None, app: Celery | None) -> None:
    """Wait for the threads of a stopped source, then release the app's connections."""
    if enabler is not None:
        enabler.stop(timeout=5.0)
    source.stop(timeout=5.0)
    if app is not None:
        try:
            app.close()
        except Exception as exc:  # closing a dead connection may fail; it is gone either way
            log.debug("closing the monitor's Celery app failed: %s", exc)
