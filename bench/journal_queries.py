"""Benchmark of the task journal at a million tasks: writing, size, and the Tasks view's queries.

Run: ``.venv/bin/python bench/journal_queries.py --tasks 1000000`` (a benchmark, not a test;
``--path F`` keeps the journal, and a later run with the same ``--path`` reuses it).

1. Builds a journal through :class:`~desktop.core.history.writer.JournalWriter`, the class
   the journal process runs, in batches of 20,000 events: tasks of 4 events (sent, received,
   started, then succeeded or, one in 20, failed with a traceback), 10 task names, 3 workers,
   spread over the last 7 days. Prints the write rate and the bytes on disk per task.
2. Runs each query the Tasks view, the task detail and the Dashboard make through
   :class:`~desktop.core.history.reader.JournalReader`, ``--repeat`` times on a warm page
   cache, and prints its p50 and p95 in milliseconds and how many rows it found.

One JSON line per measure.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.core.events.query import parse_query
from desktop.core.events.task_filter import TaskFilter
from desktop.core.history import JournalQuery, JournalReader, SortKey
from desktop.core.history.writer import JournalWriter

WEEK = 7 * 86_400
NAMES = [f"proj.tasks.job{i}" for i in range(10)]
WORKERS = ["celery@w0", "celery@w1", "celery@w2"]
BATCH = 20_000


def task_events(i: int, t: float) -> list[dict[str, Any]]:
    uuid = f"{i:08x}-7a3c-4b8e-9f21-{i * 7919 % 10**12:012d}"
    name, worker = NAMES[i % len(NAMES)], WORKERS[i % len(WORKERS)]
    args = f"({i}, {i * 7 % 1000})"
    common = {"uuid": uuid, "utcoffset": 0, "pid": 4242}
    sent = {"type": "task-sent", "name": name, "args": args, "kwargs": "{}", "retries": 0,
            "queue": "celery", "exchange": "", "routing_key": "celery", "root_id": uuid,
            "parent_id": None, "hostname": "client@bench", "timestamp": t,
            "local_received": t, "clock": 4 * i}  # fmt: skip
    received = {"type": "task-received", "name": name, "args": args, "kwargs": "{}",
                "retries": 0, "root_id": uuid, "parent_id": None, "hostname": worker,
                "timestamp": t + 0.01, "local_received": t + 0.01, "clock": 4 * i + 1}  # fmt: skip
    started = {"type": "task-started", "hostname": worker, "timestamp": t + 0.02,
               "local_received": t + 0.02, "clock": 4 * i + 2}  # fmt: skip
    end: dict[str, Any]
    if i % 20 == 0:
        end = {"type": "task-failed", "exception": "ValueError('bad input')",
               "traceback": 'Traceback (most recent call last):\n  File "tasks.py", line 12, '
               "in job\nValueError: bad input\n"}  # fmt: skip
    else:
        end = {"type": "task-succeeded", "result": str(i * 2), "runtime": 0.001 * (i % 997)}
    end.update(hostname=worker, timestamp=t + 0.03, local_received=t + 0.03, clock=4 * i + 3)
    return [{**e, **common} for e in (sent, received, started, end)]


def build(path: Path, tasks: int) -> dict[str, Any]:
    writer = JournalWriter(path)
    now = time.time()
    start = now - WEEK
    step = WEEK / tasks
    writer.connected(start)
    began = time.perf_counter()
    cpu = time.process_time()
    batch: list[dict[str, Any]] = []
    for i in range(tasks):
        batch += task_events(i, start + i * step)
        if len(batch) >= BATCH:
            writer.live(batch)
            batch = []
    if batch:
        writer.live(batch)
    elapsed = time.perf_counter() - began
    used = time.process_time() - cpu
    writer.close(at=now)
    size = sum(part.stat().st_size for part in path.parent.glob(path.name + "*"))
    return {"measure": "write", "tasks": tasks, "events_per_s": round(4 * tasks / elapsed),
            "cpu_s": round(used, 1), "seconds": round(elapsed, 1),
            "bytes_per_task": round(size / tasks)}  # fmt: skip


def timed(run: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    times, result = [], None
    run()  # warm the page cache the way a second look at the view finds it
    for _ in range(repeat):
        began = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - began) * 1000)
    return times, result


def view(text: str = "", sort: SortKey = SortKey.SEEN, **filters: Any) -> JournalQuery:
    return JournalQuery(TaskFilter(query=parse_query(text), **filters), sort)


def queries(reader: JournalReader, tasks: int) -> dict[str, Callable[[], Any]]:
    now = time.time()
    some = reader.page(view(), tasks // 2, 1)[0].record.uuid
    views = {
        "newest first": view(),
        "sort by name": view(sort=SortKey.NAME),
        "sort by state": view(sort=SortKey.STATE),
        "sort by worker": view(sort=SortKey.WORKER),
        "sort by runtime": view(sort=SortKey.RUNTIME),
        "state: failed only": view(states=frozenset({"FAILURE"})),
        "one task name": view(name=NAMES[3]),
        "last hour": view(since=now - 3600, until=now),
        "search exception:bad": view("exception:bad"),
        "search NOT state:success": view("NOT state:success"),
        "search name:job3 state:fail": view("name:job3 state:fail"),
        "search word 123456": view("123456"),
        "search args:(654321,": view('args:"(654321,"'),
        "search id prefix": view(f"id:{some[:13]}"),
    }
    out: dict[str, Callable[[], Any]] = {}
    for label, query in views.items():
        out[f"{label}: first page"] = partial(_first_page, reader, query)
        out[f"{label}: count"] = partial(reader.count, query)
    out["newest first: page at the middle"] = lambda: len(reader.page(view(), tasks // 2, 100))
    out["task detail"] = lambda: reader.task(some) is not None
    out["chart: 24 h per minute"] = lambda: len(reader.minute_counts(now - 86_400, now))
    out["chart: 7 days per minute"] = lambda: len(reader.minute_counts(now - WEEK, now))
    out["coverage: 7 days"] = lambda: len(reader.coverage(now - WEEK, now))
    return out


def _first_page(reader: JournalReader, query: JournalQuery) -> int:
    return len(reader.page(query, 0, 100))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--path", type=Path, help="keep the journal here (reused if present)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="journal-bench-") as tmp:
        path = args.path or Path(tmp) / "journal.sqlite3"
        if not path.exists():
            print(json.dumps(build(path, args.tasks)), flush=True)
        began = time.perf_counter()
        reader = JournalReader(path)
        first = reader.page(view(), 0, 100)
        total = reader.count(view())
        opened = (time.perf_counter() - began) * 1000
        print(json.dumps({"measure": "open, first page and count (cold)", "ms": round(opened),
                          "rows": len(first), "tasks": total}), flush=True)  # fmt: skip
        for label, run in queries(reader, total).items():
            times, result = timed(run, args.repeat)
            p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
            print(json.dumps({"measure": label, "p50_ms": round(statistics.median(times), 1),
                              "p95_ms": round(p95, 1), "result": result}), flush=True)  # fmt: skip
        reader.close()


if __name__ == "__main__":
    main()
