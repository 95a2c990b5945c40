"""The app's full live-monitor path as a consumer of bench/ingest.py's stream (offscreen).

It runs in a consumer process of its own: ``MonitorHub.start(url, journal)`` (the event reader
process, the journal process it feeds, the hub's GUI-thread timer, the EventStore) feeding the
Tasks view: its table model, sort/filter proxy, a painted QTableView, filter bar and counts.

Stalls are measured twice: by the wall clock (``max_gui_block_ms``: the worst lateness of a
5 ms GUI-thread timer, whatever the cause, the machine's other processes included) and by the
GUI thread's own CPU time between two beats of that timer (``max_gui_busy_ms``: the longest
the thread worked without returning to the event loop, what the app's code costs).
``worst_block_cpu_ms`` is that CPU time during the worst wall-clock stall: far below the
stall, the thread was waiting (for a core, or for the GIL), not working.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

import ingest_core  # the sibling module, found through bench/ on sys.path

IDLE_TIMEOUT = 5.0
HEARTBEAT_MS = 5


class DeskConsumer:
    """The app's path: hub, store, Tasks view (model, proxy, painted table), offscreen."""

    def __init__(self, url: str, expect: int, args: argparse.Namespace) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QElapsedTimer, Qt, QTimer
        from PySide6.QtWidgets import QApplication

        from desktop.ui.monitor.hub import MonitorHub
        from desktop.ui.monitor.tasks_page import TasksPage

        self.url, self.expect = url, expect
        self.journal: Path | None = args.journal
        self.screenshot: Path | None = args.screenshot
        self.app = QApplication([])
        self.hub = MonitorHub(max_tasks=args.max_tasks, enable_events=False)
        self.page = TasksPage(self.hub)
        self.page.resize(1400, 900)
        self.page.show()
        if args.sort is not None:
            order = Qt.SortOrder.DescendingOrder if args.sort_desc else Qt.SortOrder.AscendingOrder
            self.page.table.sortByColumn(args.sort, order)
        self.page.table.viewport().installEventFilter(self._paint_counter())
        self.ready = False
        self.baseline = 0
        self.count = 0
        self.max_block = 0.0
        self.batches = 0
        self.max_busy = 0.0
        self.worst_block_cpu = 0.0
        self.max_tick_cpu = 0.0
        self.cpu_at_beat = time.thread_time()
        self.cpu_at_ready = 0.0
        self.first: float | None = None
        self.end = 0.0
        self.last_change = time.monotonic()
        self.clock = QElapsedTimer()
        store_apply = self.hub.store.apply

        def apply(events: Any) -> Any:
            # the first event's arrival starts the clock (as in ingest_core)
            if events and self.first is None:
                self.first = float(events[0].get("local_received") or time.time())
            return store_apply(events)

        self.hub.store.apply = apply  # type: ignore[method-assign]
        self.hub.batch_applied.connect(self._on_batch)
        self.hub._tick = self._timed_tick(self.hub._tick)  # type: ignore[method-assign]
        self.heartbeat = QTimer()
        self.heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        self.heartbeat.timeout.connect(self._on_heartbeat)
        self.poll = QTimer()
        self.poll.timeout.connect(self._on_poll)

    def _paint_counter(self) -> Any:
        from PySide6.QtCore import QEvent, QObject

        class PaintCounter(QObject):
            paints = 0

            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint:
                    self.paints += 1
                return False

        self.painted = PaintCounter()
        return self.painted

    def _on_heartbeat(self) -> None:
        elapsed = self.clock.restart()
        cpu = time.thread_time()
        busy = (cpu - self.cpu_at_beat) * 1000
        self.cpu_at_beat = cpu
        if self.ready:
            self.max_busy = max(self.max_busy, busy)
            if elapsed - HEARTBEAT_MS > self.max_block:
                self.max_block = elapsed - HEARTBEAT_MS
                self.worst_block_cpu = busy

    def _timed_tick(self, tick: Any) -> Any:
        def timed() -> None:
            cpu = time.thread_time()
            tick()
            self.max_tick_cpu = max(self.max_tick_cpu, (time.thread_time() - cpu) * 1000)

        return timed

    def _on_batch(self, _changes: Any) -> None:
        self.end = time.time()
        self.batches += 1

    def _on_poll(self) -> None:
        source = self.hub._source  # the bench looks inside: connected, and how much waits
        if not self.ready and source is not None and source.status().state == "connected":
            self.app.processEvents()
            self.baseline = ingest_core._rss()
            self.cpu_at_ready = time.process_time()
            self.ready = True
            print("READY", flush=True)
        count = self.hub.store.event_count
        if count != self.count:
            self.count, self.last_change = count, time.monotonic()
        pending = source.pending() if source is not None else 0
        silent = time.monotonic() - self.last_change > IDLE_TIMEOUT
        idle = count > 0 and silent and not pending  # before the first event: keep waiting
        if self.ready and (count >= self.expect or idle):
            self.app.quit()

    def _cpu_seconds(self) -> dict[str, float]:
        """CPU time so far of this process (GUI thread and all) and of its helpers."""
        import psutil

        me = psutil.Process()
        times = me.cpu_times()
        out = {
            "gui_cpu_s": round(times.user + times.system, 2),
            # from the subscription on: the ingest's share, without imports and start-up
            "gui_ingest_cpu_s": round(time.process_time() - self.cpu_at_ready, 2),
        }
        for helper in me.children(recursive=True):
            kind = "journal" if "journal" in helper.cmdline() else "reader"
            helper_times = helper.cpu_times()
            out[f"{kind}_cpu_s"] = round(helper_times.user + helper_times.system, 2)
        return out

    def _wait_for_journal(self, first: float) -> dict[str, Any]:
        """Until the journal holds every task the view does (or stops growing for 10 s)."""
        import psutil

        from desktop.core.history import JournalError, JournalQuery, JournalReader

        path = self.journal
        assert path is not None
        want, count, last, changed = len(self.hub.store), -1, -1, time.monotonic()
        done = time.time()
        helpers = psutil.Process().children(recursive=True)
        peak = dict.fromkeys(("reader_rss_mb", "journal_rss_mb"), 0.0)
        while count < want and time.monotonic() - changed < 10:
            try:
                with JournalReader(path) as reader:
                    count = reader.count(JournalQuery())
            except JournalError:
                pass  # not created yet
            done = time.time()
            if count != last:
                last, changed = count, time.monotonic()
            for helper in helpers:
                kind = "journal" if "journal" in helper.cmdline() else "reader"
                key = f"{kind}_rss_mb"
                peak[key] = max(peak[key], helper.memory_info().rss / 2**20)
            time.sleep(0.05)
        size = sum(part.stat().st_size for part in path.parent.glob(path.name + "*"))
        return {
            "journal_tasks": count,
            "journal_s": round(done - first, 2),
            "journal_bytes_per_task": round(size / max(1, count)),
            **{key: round(value, 1) for key, value in peak.items()},
        }

    def _save_screenshot(self, path: Path) -> None:
        # a failed task in the detail panel, and the counts label's timer given time to run
        failed = [t for t in self.hub.store.tasks.values() if t.state == "FAILURE"]
        if failed:
            self.page.select_task(failed[-1].uuid)
        settle = time.monotonic() + 1.5
        while time.monotonic() < settle:
            self.app.processEvents()
            time.sleep(0.02)
        self.page.grab().save(str(path))

    def run(self) -> dict[str, Any]:
        warm_until = time.monotonic() + 0.5  # the window's first layout and paint are not ingest
        while time.monotonic() < warm_until:
            self.app.processEvents()
            time.sleep(0.01)
        self.heartbeat.start(HEARTBEAT_MS)
        self.poll.start(50)
        self.clock.start()
        journal = None
        if self.journal is not None:
            from desktop.core.history import journal_config

            journal = journal_config(str(self.journal))
        self.hub.start(self.url, journal)
        self.app.exec()
        first = self.first if self.first is not None else self.end
        end = self.end  # what follows emits batch_applied again: the stop's last flush
        cpu = self._cpu_seconds()
        journaled = self._wait_for_journal(first) if self.journal is not None else {}
        if self.journal is not None:
            cpu["journal_cpu_s"] = self._cpu_seconds()["journal_cpu_s"]
        self.hub.stop()
        if self.screenshot is not None:
            self._save_screenshot(self.screenshot)
        return {
            **journaled,
            **cpu,
            "events": self.hub.store.event_count,
            "seconds": end - first,
            "tasks_held": len(self.hub.store),
            "bytes": ingest_core._rss() - self.baseline,
            "max_gui_block_ms": round(self.max_block, 1),
            "max_gui_busy_ms": round(self.max_busy, 1),
            "worst_block_cpu_ms": round(self.worst_block_cpu, 1),
            "max_tick_ms": round(self.hub.max_tick_ms, 1),
            "max_tick_cpu_ms": round(self.max_tick_cpu, 1),
            "paints": self.painted.paints,
            "batches": self.batches,
            "rows_shown": self.page.proxy.rowCount(),
        }
