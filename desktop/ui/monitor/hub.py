"""The event pump: one receiver thread, one store, and a GUI-thread timer between them.

:class:`MonitorHub` owns the :class:`~desktop.core.events.EventStore` (written only here, on
the GUI thread) and the current :class:`~desktop.core.events.EventSource` thread. A timer
drains the source in bounded batches: the number of events per tick adapts so that a tick,
including the slots of ``batch_applied`` (the models), stays within ``tick_budget_ms``;
what is left waits for the next tick, which then comes sooner (a backlog is worked off in
back-to-back short ticks, with the event loop running in between).

The store holds hundreds of thousands of small acyclic records; Python's full (generation 2)
garbage collection walks all of them, about 110 ms at 200,000 tasks, on whatever thread
allocates at that moment, usually this one. So after every ``FREEZE_EVERY`` events the hub
collects the young generations and moves everything alive to the permanent generation
(:func:`gc.freeze`): full collections then scan only what came since, a few milliseconds.
Records are freed by reference counting when evicted, frozen or not; only reference cycles
already old at a freeze would outlive their use, which the store does not create.

For Redis the source is a reader process: decoding happens there, so the GUI thread never
waits for a source thread's GIL. When that process cannot start, the source ends in state
FAILED and the hub swaps in :func:`~desktop.core.events.source_factory.fallback_source`
(the same reading in a thread of the app).

Pausing keeps the store current (events are still ingested, so nothing is lost and the
figures stay right) but holds ``batch_applied``; resuming emits ``store_reset`` and every
view rebuilds from the store. Stopping never waits on the GUI thread: the source and the
enable-events thread are told to stop and finish in the background.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.core.events import (
    ChangeSet,
    EventsEnabler,
    EventSource,
    EventStore,
    SourceState,
    SourceStatus,
)
from desktop.core.events.changes import merge_changes
from desktop.core.events.source_factory import fallback_source, make_event_source
from desktop.ui.monitor.status import MonitorStatus

__all__ = ["MonitorHub", "MonitorStatus", "celery_source", "merge_changes"]

if TYPE_CHECKING:
    from celery import Celery

log = logging.getLogger("celery_desk.monitor")

IDLE_INTERVAL_MS = 100
BACKLOG_INTERVAL_MS = 5
STATUS_INTERVAL_S = 1.0
MIN_EVENTS_PER_TICK = 200
MAX_EVENTS_PER_TICK = 50_000
#: The views get (merged) batches at most this often: each one repaints the tables.
EMIT_INTERVAL_S = 0.2
FREEZE_EVERY = 20_000
#: Tasks the live store holds: the newest, about 100 MB. Older ones are in the journal.
MAX_TASKS_HELD = 100_000

#: ``(broker URL, journal configuration or None) -> (source, its Celery app or None)``.
SourceFactory = Callable[[str, Mapping[str, Any] | None], tuple[EventSource, "Celery | None"]]


def celery_source(
    broker_url: str, journal: Mapping[str, Any] | None = None
) -> tuple[EventSource, Celery]:
    """The default factory: a throw-away Celery app on ``broker_url`` and its best source,
    journaling to ``journal`` (:func:`desktop.core.history.journal_config`) when given."""
    from celery import Celery

    app = Celery("celery-desk-monitor", broker=broker_url, set_as_current=False)
    return make_event_source(app, journal=journal), app


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
        max_tasks: int = MAX_TASKS_HELD,
        enable_events: bool = True,
        tick_budget_ms: float = 12.0,
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
        self._frozen_at = 0
        self._pending: ChangeSet | None = None
        self._finishing: list[threading.Thread] = []
        self._last_emit = 0.0
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

    def start(self, broker_url: str, journal: Mapping[str, Any] | None = None) -> None:
        """Listen to ``broker_url``'s events (stopping any previous source first).

        With ``journal`` (:func:`desktop.core.history.journal_config`: the profile's file,
        its retention, where to catch up from) every event is also journaled, off this
        thread, and what happened while nobody listened is caught up there. A different
        broker than last time starts from an empty store. A bad URL is reported through
        ``status_changed`` (stopped, with the error), never raised.
        """
        self.stop()
        if self._broker_url is not None and broker_url != self._broker_url:
            self._store = EventStore(max_tasks=self._max_tasks)
            self._last_count = self._frozen_at = 0
            self._reset_views()
        self._broker_url = broker_url
        try:
            source, app = self._factory(broker_url, journal)
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
        self._flush()
        if source is None:
            return
        finisher = threading.Thread(
            target=_finish, args=(source, enabler, app), name="event-source-stop", daemon=True
        )
        finisher.start()
        self._finishing.append(finisher)
        self._publish_status(SourceStatus(SourceState.STOPPED, source.transport, since=time.time()))

    def wait_stopped(self, timeout: float = 5.0) -> bool:
        """Block until stopped sources released their connections (quitting, tests only)."""
        deadline = time.monotonic() + timeout
        for thread in self._finishing:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._finishing = [t for t in self._finishing if t.is_alive()]
        return not self._finishing

    def set_paused(self, paused: bool) -> None:
        """Hold (True) or resume live updates; resuming rebuilds every view from the store."""
        if paused == self._paused:
            return
        self._paused = paused
        self._pending = None
        self.paused_changed.emit(paused)
        if not paused:
            self._reset_views()
        self._publish_status()

    def set_enable_events(self, enabled: bool) -> None:
        """Switch the periodic ``enable_events`` broadcast (the setting) on or off."""
        self._enable_events = enabled
        if self._enabler is not None:
            self._enabler.set_enabled(enabled)

    def clear_tasks(self) -> None:
        """Forget every task held (workers stay)."""
        self._store.clear_tasks()
        self._reset_views()

    def feed(self, events: Iterable[dict[str, Any]]) -> ChangeSet:
        """Apply events directly (replays, tests): same path as the timer's batches."""
        changes = self._store.apply(events)
        self._collect(changes)
        self._flush()
        self._keep_gc_cheap()
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
        now = time.monotonic()
        due = self._pending is not None and now - self._last_emit >= EMIT_INTERVAL_S
        drained = 0
        if due and source is not None and source.pending() > 0:
            self._flush(now)  # under a backlog a tick updates the views or drains, not both
        else:
            if source is not None:
                batch = source.drain(self._per_tick)
                drained = len(batch)
                if batch:
                    self._collect(self._store.apply(batch))
            if due:
                self._flush(now)
        if now - self._last_status >= STATUS_INTERVAL_S:
            self._collect(self._store.tick())
            self._update_rate(now)
            self._fall_back_if_failed()
            self._publish_status()
        self._keep_gc_cheap()
        elapsed = time.perf_counter() - started
        self.max_tick_ms = max(self.max_tick_ms, elapsed * 1000)
        if drained >= MIN_EVENTS_PER_TICK:
            self._adapt(drained, elapsed)

    def _fall_back_if_failed(self) -> None:
        source = self._source
        if source is None or source.pending() or source.status().state != SourceState.FAILED:
            return
        replacement = fallback_source(source)
        if replacement is None:
            return  # a source with nothing to fall back to stays failed, and says so
        log.warning("reading events in the app: %s", source.status().last_error)
        self._source = replacement
        replacement.start()

    def _keep_gc_cheap(self) -> None:
        if self._store.event_count - self._frozen_at >= FREEZE_EVERY:
            self._frozen_at = self._store.event_count
            gc.collect(1)
            gc.freeze()

    def _adapt(self, drained: int, elapsed: float) -> None:
        # events per tick that fit the budget, judged by this tick's cost per event: shrink
        # at once, grow slowly (costs are noisy and a tick over budget is what we avoid)
        fits = int(drained * self._budget / max(elapsed, 1e-6))
        target = fits if fits < self._per_tick else min(fits, self._per_tick * 5 // 4)
        self._per_tick = max(MIN_EVENTS_PER_TICK, min(MAX_EVENTS_PER_TICK, target))

    def _reset_views(self) -> None:
        self._pending = None
        self.store_reset.emit()

    def _collect(self, changes: ChangeSet) -> None:
        """Hold a batch's changes for the views (dropped while paused: resume resets)."""
        if self._paused or changes.empty:
            return
        pending = self._pending
        self._pending = changes if pending is None else merge_changes(pending, changes)

    def _flush(self, now: float | None = None) -> None:
        pending, self._pending = self._pending, None
        self._last_emit = time.monotonic() if now is None else now
        if pending is not None and not pending.empty:
            self.batch_applied.emit(pending)

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
            # a stopped hub's store keeps its last workers "online": nobody hears them now
            workers_online=self._store.workers.online_count() if source is not None else 0,
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
