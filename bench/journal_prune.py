"""Benchmark: does pruning a big journal hold up the journal writer's ingest?

Run: ``.venv/bin/python bench/journal_prune.py --tasks 1000000 --seconds 20`` (a benchmark,
not a test; ``--journal F`` keeps the pre-filled journal and reuses it in later runs).

1. Builds a journal of ``--tasks`` old tasks (4 events each, as bench/journal_queries.py
   writes them, first seen 31 to 38 days ago: all past the default retention).
2. For each case, on a fresh copy of it: the journal process's own loop
   (:func:`desktop.core.history.journal_process.run`, in this process, not niced, with
   its batch and idle steps timed) takes frames from a feeder process that writes new tasks
   to the pipe at a steady ``--rate`` events/s, then flat out. Cases: retention that keeps
   everything (nothing to prune), the default retention (the whole journal is due), a
   ``max_tasks`` equal to the journal's size (every new task pushes an old one out), and a
   per-name cap of half of each name's tasks.
3. Prints per run: write batches' latency (p50, p95, max, in ms, and events per batch), the
   prune steps' (the first, then p50, p95, max of the others), the longest time the loop was
   away from its inbox (a batch and the idle work after it: the writer could not take a
   frame then), the events/s written, how long the journal needed after the feeder's last
   frame, the feeder's longest blocked write to the pipe, and the tasks pruned meanwhile.

One JSON line per run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from journal_queries import task_events  # the sibling module, found through the path above

from desktop.core.events import frames
from desktop.core.gc_tuning import quiet_garbage_collector
from desktop.core.history import journal_process
from desktop.core.history.retention import DAY
from desktop.core.history.writer import JournalWriter

KEEP_ALL = {"success_days": 3650, "failure_days": 3650, "max_tasks": 10**9}
#: Uuid numbers of the fed tasks start here, past any pre-filled one.
FED_FROM = 100_000_000


def build(path: Path, tasks: int) -> dict[str, Any]:
    writer = JournalWriter(path)
    start = time.time() - 38 * DAY
    step = 7 * DAY / tasks
    began = time.perf_counter()
    batch: list[dict[str, Any]] = []
    for i in range(tasks):
        batch += task_events(i, start + i * step)
        if len(batch) >= 20_000:
            writer.live(batch)
            batch = []
    if batch:
        writer.live(batch)
    writer.close()
    return {"part": "build", "tasks": tasks, "seconds": round(time.perf_counter() - began, 1)}


# -- the feeder (a child process) -------------------------------------------------------------


def feed(rate: float, seconds: float, out: IO[bytes]) -> None:
    """Write a connected state, then frames of new tasks at ``rate`` (0: flat out) for
    ``seconds``, after a line on stdin. Prints its own figures on stderr."""
    count = int((rate or 40_000) * seconds) // 4
    now = time.time()
    per = frames.FRAME_EVENTS
    data = []
    for first in range(0, count, per // 4):  # encoded ahead, so that writing costs nothing
        chunk = [e for k in range(first, min(count, first + per // 4))
                 for e in task_events(FED_FROM + k, now + k * 4 / 40_000)]  # fmt: skip
        data.append(frames.encode(frames.EVENTS, chunk, len(chunk)))
    sys.stdin.readline()
    out.write(frames.encode(frames.STATUS, {"state": "connected"}))
    out.flush()
    longest = late = 0.0
    started = time.perf_counter()
    for n, frame in enumerate(data):
        if rate:
            due = started + n * per / rate
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            else:
                late = max(late, -wait)
        before = time.perf_counter()
        out.write(frame)
        out.flush()
        longest = max(longest, time.perf_counter() - before)
    elapsed = time.perf_counter() - started
    out.close()
    print(json.dumps({"events": count * 4, "seconds": elapsed, "longest_write": longest,
                      "late": late}), file=sys.stderr, flush=True)  # fmt: skip


# -- the journal side (this process) ----------------------------------------------------------


class TimedInbox(journal_process.Inbox):
    """The journal process's inbox, noting how long the loop stays away from it."""

    away: list[float] = []  # noqa: RUF012 - one inbox at a time
    _left: float | None = None

    def take(self, timeout: float, limit: int = journal_process.BATCH_EVENTS) -> Any:
        came = time.perf_counter()
        if self._left is not None:
            TimedInbox.away.append(came - self._left)
        items = super().take(timeout, limit)
        self._left = time.perf_counter()
        return items


class TimedLoop(journal_process.JournalLoop):
    """The journal process's loop, its batches and idle steps timed."""

    current: TimedLoop | None = None
    feeder: subprocess.Popen[bytes] | None = None
    ready = 0.0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        TimedLoop.current = self
        TimedLoop.ready = time.perf_counter()
        self.batches: list[tuple[float, int]] = []
        self.prunes: list[float] = []
        self.first: float | None = None
        self.last = 0.0
        feeder = TimedLoop.feeder
        assert feeder is not None and feeder.stdin is not None
        feeder.stdin.write(b"go\n")
        feeder.stdin.flush()

    def handle(self, items: list[tuple[bytes, bytes]]) -> None:
        began = time.perf_counter()
        if self.first is None:
            self.first = began
        super().handle(items)
        self.last = time.perf_counter()
        events = sum(frames.FRAME_EVENTS for kind, _ in items if kind == frames.EVENTS)
        self.batches.append((self.last - began, events))

    def idle(self) -> bool:
        began = time.perf_counter()
        deleted = self.writer.pruner.deleted
        busy = super().idle()
        took = time.perf_counter() - began
        if self.writer.pruner.deleted != deleted:
            self.prunes.append(took)
        return busy


def run_case(source: Path, tmp: Path, label: str, *, retention: dict[str, Any], rate: float,
             seconds: float) -> dict[str, Any]:  # fmt: skip
    path = tmp / "journal.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, path)
    argv = [sys.executable, __file__, "--feed", str(rate), "--seconds", str(seconds)]
    feeder = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)  # fmt: skip
    assert feeder.stdout is not None and feeder.stderr is not None
    TimedLoop.feeder = feeder
    TimedInbox.away = []
    opened = time.perf_counter()
    journal_process.run({"path": str(path), "retention": retention}, feeder.stdout)
    ended = time.perf_counter()
    fed = json.loads(feeder.stderr.read())
    feeder.wait()
    loop = TimedLoop.current
    assert loop is not None and loop.first is not None
    latencies = sorted(ms for ms, _ in loop.batches)
    sizes = [n for _, n in loop.batches]
    written = loop.writer.events_written
    pruned = loop.writer.pruner.deleted
    return {
        "case": label, "rate": rate or "flat out", "events": written,
        "writer_open_ms": _ms(TimedLoop.ready - opened),
        "events_per_s": round(written / (loop.last - loop.first)),
        "batches": len(latencies), "events_per_batch_p50": statistics.median(sizes),
        "batch_ms_p50": _ms(statistics.median(latencies)), "batch_ms_p95": _ms(_p95(latencies)),
        "batch_ms_max": _ms(latencies[-1]),
        "prune_steps": len(loop.prunes), "tasks_pruned": pruned,
        **_prune_figures(loop.prunes),
        "longest_away_from_inbox_ms": _ms(max(TimedInbox.away, default=0.0)),
        "drain_after_feeder_s": round(ended - TimedLoop.ready - fed["seconds"], 2),
        "feeder_longest_blocked_write_ms": _ms(fed["longest_write"]),
        "feeder_late_ms": _ms(fed["late"]),
    }  # fmt: skip


def _prune_figures(prunes: list[float]) -> dict[str, float | None]:
    # the first step after the start reads cold pages (and does the hourly housekeeping)
    later = sorted(prunes[1:])
    return {"prune_ms_first": _ms(prunes[0]) if prunes else None,
            "prune_ms_p50": _ms(statistics.median(later)) if later else None,
            "prune_ms_p95": _ms(_p95(later)) if later else None,
            "prune_ms_max": _ms(later[-1]) if later else None}  # fmt: skip


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=20.0, help="feeding time per run")
    parser.add_argument("--rate", type=float, default=20_000.0, help="the steady rate")
    parser.add_argument("--journal", type=Path, help="keep the pre-filled journal here")
    parser.add_argument("--cases", default="keep,age,count,name", help="which cases to run")
    parser.add_argument("--feed", type=float, help=argparse.SUPPRESS)  # the feeder's role
    args = parser.parse_args()
    if args.feed is not None:
        feed(args.feed, args.seconds, sys.stdout.buffer)
        return
    with tempfile.TemporaryDirectory(prefix="prune-bench-") as tmp:
        source = args.journal or Path(tmp) / "source.sqlite3"
        if not source.exists():
            print(json.dumps(build(source, args.tasks)), flush=True)
        cases = {
            "keep": ("nothing to prune", KEEP_ALL),
            "age": ("all past retention (default rules)", {}),
            "count": ("at max_tasks", {**KEEP_ALL, "max_tasks": args.tasks}),
            "name": ("per-name cap: half", {**KEEP_ALL, "per_name": args.tasks // 20}),
        }
        quiet_garbage_collector()
        journal_process.JournalLoop = TimedLoop  # type: ignore[misc, assignment]
        journal_process.Inbox = TimedInbox  # type: ignore[misc]
        for key in args.cases.split(","):
            label, retention = cases[key]
            for rate in (args.rate, 0.0):
                result = run_case(source, Path(tmp), label, retention=retention, rate=rate,
                                  seconds=args.seconds)  # fmt: skip
                print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
