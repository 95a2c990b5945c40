"""Benchmark of alert evaluation: 100 rules over a store of 200,000 tasks, per tick.

Run: ``.venv/bin/python bench/alerts.py`` (``--tasks``, ``--rules``, ``--ticks`` to vary).
A benchmark, not a test. Qt-free: it times what the app's 1 s timer runs on the GUI thread.

1. Fills an :class:`EventStore` with ``--tasks`` tasks (200,000: its cap) of 60 task names
   from 20 workers over the last 10 minutes, through the hub's path: events applied in
   batches of 2,000, each batch's changed tasks noted in :class:`TaskFacts` (timed: that is
   the per-batch cost alerts add to ingest). 1 task in 8 fails; 400 are still running.
2. Builds ``--rules`` rules (100): every kind, cycling through failure rates per name and for
   all tasks (windows of 1 to 60 min, patterns), queue depth and age over a snapshot of 50
   queues, workers offline, the three beat checks, stuck tasks, lost events, disabled
   events, the broker.
3. Times ``--ticks`` whole passes (:meth:`AlertEvaluator.tick`: every rule evaluated,
   transitions, history, notification batching), a simulated second apart (a quarter of
   one in the quiet scenario, so its running tasks stay under a minute), and a full
   rebuild of the facts (what a new or resumed store costs once). Then the same passes as the
   app runs them: in slices of ``SLICE_MS`` (:meth:`AlertEvaluator.tick_slice`), each timed.

Two scenarios (``--scenario``): ``quiet``, a healthy system (1 task in 200 fails, queues
short, workers answering, nothing stuck: a handful of alerts), and ``storm``, everything
wrong at once (1 in 8 fails, 400 tasks running for 10 minutes, stuck, 35 deep queues, 20 silent
workers: over 1,000 alerts firing, each re-observed every tick).

Prints one JSON object per scenario: a whole pass's median, p95 and max in ms, a slice's,
the most slices a pass took, alerts firing,
the facts' cost per 2,000-event batch and the rebuild time.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import time
from typing import Any

from desktop.core.alerts.evaluator import SLICE_MS, AlertEvaluator
from desktop.core.alerts.facts import TaskFacts
from desktop.core.alerts.inputs import AlertInputs, BeatFacts, ConnectionFacts, PingFacts
from desktop.core.alerts.rules import (
    BeatCheck,
    BeatProblem,
    BrokerDown,
    EventStream,
    FailureRate,
    Params,
    QueueBacklog,
    Rule,
    StreamProblem,
    StuckTask,
    WorkerOffline,
)
from desktop.core.events.store import EventStore
from desktop.core.queues.inspect import QueueInfo, QueueSnapshot

NAMES = 60
WORKERS = 20
QUEUES = 50
RUNNING = 400
BATCH = 2000


def stream(tasks: int, now: float, storm: bool) -> list[dict[str, Any]]:
    """received/started/(succeeded|failed) per task, spread over the last 10 minutes: in a
    storm 1 task in 8 fails and the running ones started 10 minutes ago, else 1 in 200 fails
    and they started within the last second."""
    events: list[dict[str, Any]] = []
    span = 600.0
    fail_every = 8 if storm else 200
    for i in range(tasks):
        t = now - span + span * i / tasks
        if i >= tasks - RUNNING and not storm:
            t = now
        uuid = f"bench-{i:07d}"
        name = f"proj.tasks.job_{i % NAMES:02d}"
        host = f"celery@worker-{i % WORKERS:02d}"
        common = {"uuid": uuid, "hostname": host, "clock": i}
        events.append({"type": "task-received", "timestamp": t, "local_received": t,
                       "name": name, "args": "()", "kwargs": "{}", **common})  # fmt: skip
        events.append({"type": "task-started", "timestamp": t + 0.01, "local_received": t + 0.01,
                       **common})  # fmt: skip
        if i >= tasks - RUNNING:
            continue
        end = t + 0.05 + (i % 7) * 0.01
        kind = "task-failed" if i % fail_every == 0 else "task-succeeded"
        events.append({"type": kind, "timestamp": end, "local_received": end,
                       "runtime": end - t, **common})  # fmt: skip
    for w in range(WORKERS):
        events.append({"type": "worker-heartbeat", "timestamp": now - 1, "local_received": now - 1,
                       "hostname": f"celery@worker-{w:02d}", "freq": 2.0, "active": 1,
                       "processed": 10, "clock": tasks + w})  # fmt: skip
    return events


def make_rules(count: int) -> list[Rule]:
    minute = 60.0
    kinds: list[Params] = [
        FailureRate(threshold_percent=5, window_seconds=10 * minute, min_volume=20),
        FailureRate(threshold_percent=20, window_seconds=minute, min_volume=5, per_task=False),
        FailureRate(threshold_percent=2, window_seconds=60 * minute, min_volume=100),
        QueueBacklog(max_depth=100),
        QueueBacklog(max_depth=None, max_age_seconds=10 * minute),
        WorkerOffline(grace_seconds=120, ephemeral_pattern="celery@auto-*"),
        BeatCheck(BeatProblem.NO_BEAT),
        BeatCheck(BeatProblem.REJECTED),
        BeatCheck(BeatProblem.LATE, tolerance_seconds=minute),
        StuckTask(max_runtime_seconds=3600, p99_factor=10, floor_seconds=60),
        EventStream(StreamProblem.LOST),
        EventStream(StreamProblem.DISABLED),
        BrokerDown(),
    ]
    patterns = ["*", "proj.tasks.job_1*", "proj.tasks.job_0?,proj.tasks.job_5*", "*job_4*"]
    return [
        Rule(
            f"bench-{i}",
            f"Rule {i}",
            kinds[i % len(kinds)],
            hold_seconds=(i % 3) * 30.0,
            pattern=patterns[i % len(patterns)],
        )
        for i in range(count)
    ]


def snapshot(now: float, storm: bool) -> QueueSnapshot:
    """50 queues; in a storm most are deep and old, else all are short and fresh."""
    scale = 1 if storm else 0.25
    queues = tuple(
        QueueInfo(
            f"queue-{q:02d}",
            ((0, int(q * 7 * scale)), (3, q)),
            consumers=("celery@worker-00",),
            oldest_age=q * 20.0 * scale if q else None,
        )
        for q in range(QUEUES)
    )
    return QueueSnapshot(queues=queues, taken_at=now)


def run(tasks: int, rules: int, ticks: int, storm: bool) -> dict[str, Any]:
    now = time.time()
    store = EventStore(max_tasks=tasks, clock=lambda: now)
    facts = TaskFacts()
    events = stream(tasks, now, storm)
    batch_ms: list[float] = []
    for start in range(0, len(events), BATCH):
        changes = store.apply(events[start : start + BATCH])
        began = time.perf_counter()
        facts.observe(store, [*changes.inserted, *changes.updated], now)
        facts.forget(changes.removed)
        batch_ms.append((time.perf_counter() - began) * 1000)
    facts.note_workers(store, now)
    del events
    gc.collect()
    gc.freeze()  # as the hub does: the store's records are not rescanned by collections

    beat_status = {"hostname": "beat-host", "revision": 3, "rejection": None,
                   "next_due": {"entry": "nightly", "at": "2099-01-01T00:00:00+00:00"},
                   "last_dispatch": None}  # fmt: skip
    silent = {f"celery@worker-{w:02d}": now for w in range(WORKERS)} if storm else {}
    pings = PingFacts(unanswered=silent)

    def inputs_now() -> AlertInputs:
        return AlertInputs(
            store=store,
            tasks=facts,
            queues=snapshot(now, storm),
            beat=BeatFacts("/srv/schedule.json", beat_status, enabled_entries=4),
            connection=ConnectionFacts("connected", "bench"),
            pings=pings,
        )

    evaluator = AlertEvaluator(make_rules(rules))
    step = 1.0 if storm else 0.25  # a quiet run stays within the stuck floor of 60 s
    tick_ms: list[float] = []
    for tick in range(ticks):
        inputs = inputs_now()
        began = time.perf_counter()
        evaluator.tick(inputs, now + tick * step)
        tick_ms.append((time.perf_counter() - began) * 1000)

    # What the app's timer runs: each pass in slices of SLICE_MS, back to back.
    sliced = AlertEvaluator(make_rules(rules))
    slice_ms: list[float] = []
    slices_per_pass: list[int] = []
    for tick in range(ticks):
        inputs = inputs_now()
        done, count = False, 0
        while not done:
            began = time.perf_counter()
            _, done = sliced.tick_slice(inputs, now + tick * step, SLICE_MS)
            slice_ms.append((time.perf_counter() - began) * 1000)
            count += 1
        slices_per_pass.append(count)

    began = time.perf_counter()
    TaskFacts().rebuild(store, now)
    rebuild_ms = (time.perf_counter() - began) * 1000
    gc.unfreeze()
    ordered = sorted(tick_ms)
    slices = sorted(slice_ms)
    return {
        "scenario": "storm" if storm else "quiet",
        "tasks_held": len(store),
        "rules": rules,
        "ticks": ticks,
        "tick_ms_median": round(statistics.median(ordered), 3),
        "tick_ms_p95": round(ordered[int(len(ordered) * 0.95) - 1], 3),
        "tick_ms_max": round(ordered[-1], 3),
        "slice_budget_ms": SLICE_MS,
        "slice_ms_median": round(statistics.median(slices), 3),
        "slice_ms_p95": round(slices[int(len(slices) * 0.95) - 1], 3),
        "slice_ms_max": round(slices[-1], 3),
        "slices_per_pass_max": max(slices_per_pass),
        "alerts_firing": len(evaluator.firing()),
        "alerts_firing_sliced": len(sliced.firing()),
        "running_tasks": len(facts.running),
        "facts_ms_per_2000_events_median": round(statistics.median(batch_ms), 3),
        "facts_rebuild_ms": round(rebuild_ms, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=200_000)
    parser.add_argument("--rules", type=int, default=100)
    parser.add_argument("--ticks", type=int, default=200)
    parser.add_argument("--scenario", choices=("quiet", "storm", "both"), default="both")
    args = parser.parse_args()
    for storm in (False, True):
        if args.scenario in ("both", "storm" if storm else "quiet"):
            print(json.dumps(run(args.tasks, args.rules, args.ticks, storm)), flush=True)


if __name__ == "__main__":
    main()
