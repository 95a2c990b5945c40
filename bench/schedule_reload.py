"""Benchmark of the file scheduler; prints one JSON object.

    .venv/bin/python bench/schedule_reload.py [--quick]

- ``reload_applied_*_ms``: from an atomic save to the beat's status naming the new revision,
  with a real ``celery beat`` process, idle (nothing due: it sleeps its longest) and busy;
- ``reload_first_new_message_ms``: from the save to the first message carrying the new args
  (the entry runs every second, the shortest interval beat accepts, so waiting for its next
  due adds up to 1000 ms); ``reload_first_new_message_late_ms``: how long after its due time
  that message reached Redis;
- ``lateness_ms``: how long after its due time each message reached Redis (BRPOP by this
  process, so the queue never grows), several entries at 1-3 s for a while;
- ``tick``: the cost of one idle ``tick()`` and of a reload, in-process, with 1,000 and
  10,000 entries (half intervals, half crontabs).

Uses a private redis-server on a free port; every process it starts is stopped.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from celery_desk_beat.beat_state import read_beat_status  # noqa: E402
from celery_desk_beat.scheduler import FileScheduler  # noqa: E402
from tests.support.beat_procs import (  # noqa: E402
    interval_entry,
    start_file_beat,
    wait_until,
    write_schedule,
)
from tests.support.celery_procs import client_app, close_client  # noqa: E402
from tests.support.redis_server import RedisServer, start_redis  # noqa: E402


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {}

    def pick(fraction: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))], 3)

    return {
        "n": len(ordered),
        "p50": pick(0.50),
        "p99": pick(0.99),
        "max": round(ordered[-1], 3),
        "mean": round(statistics.fmean(ordered), 3),
    }


def drain(client: Any) -> None:
    """Pop whatever is queued, until nothing arrives for 10 ms."""
    while client.brpop(["celery"], timeout=0.01) is not None:
        pass


def _measure_reload(
    client: Any, path: Path, beat: Any, round_number: int, fast: bool
) -> tuple[float, float | None, float | None]:
    """Save new args; ms until the status says the revision runs, until a message has them,
    and how late after its due time that message arrived."""
    if fast:
        drain(client)
    time.sleep(random.uniform(0.05, 1.2))  # any phase of the beat's sleep
    marker = f"new-{round_number}"
    saved_at = time.time()
    revision = write_schedule(path, {"job": interval_entry(1 if fast else 3600, marker)})
    applied = got_new = None
    late = None
    while applied is None or (fast and got_new is None):
        item = client.brpop(["celery"], timeout=0.002) if fast else None
        now = time.time()
        if applied is None:
            status = read_beat_status(client, path)
            applied = now if status and status["revision"] == revision else None
        if (
            item is not None
            and got_new is None
            and marker in json.loads(item[1])["headers"]["argsrepr"]
        ):
            got_new = now
            due = json.loads(item[1])["headers"]["celery_desk_due"]
            late = (now - datetime.fromisoformat(due).timestamp()) * 1000
        if not fast:
            time.sleep(0.002)
        if now - saved_at > 10:
            raise RuntimeError(f"reload not seen within 10 s:\n{beat.log_text()[-2000:]}")
    first = None if got_new is None else (got_new - saved_at) * 1000
    return (applied - saved_at) * 1000, first, late


def lateness_and_reload(
    redis: RedisServer, work: Path, rounds: int, seconds: float
) -> dict[str, Any]:
    client = redis.client()
    path = work / "beat.json"
    entries = {f"e{i}": interval_entry(period, i) for i, period in enumerate((1, 1.5, 2, 3))}
    write_schedule(path, entries)
    beat = start_file_beat(redis.url, work / "beat.log", path)
    lateness: list[float] = []
    idle_applied: list[float] = []
    busy_applied: list[float] = []
    first_message: list[float] = []
    first_late: list[float] = []
    try:
        wait_until(lambda: read_beat_status(client, path), 30, "beat status", beat)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            item = client.brpop(["celery"], timeout=1)
            if item is not None:
                due = datetime.fromisoformat(json.loads(item[1])["headers"]["celery_desk_due"])
                lateness.append((time.time() - due.timestamp()) * 1000)
        for number in range(rounds):  # nothing due: beat sleeps its longest
            idle_applied.append(_measure_reload(client, path, beat, number, fast=False)[0])
        for number in range(rounds):  # an entry every second: save to first message with new args
            applied, got, late = _measure_reload(client, path, beat, rounds + number, fast=True)
            busy_applied.append(applied)
            first_message.append(got or 0.0)
            first_late.append(late or 0.0)
    finally:
        beat.stop()
        client.close()
    return {
        "reload_applied_idle_ms": percentiles(idle_applied),
        "reload_applied_busy_ms": percentiles(busy_applied),
        "reload_first_new_message_ms": percentiles(first_message),
        "reload_first_new_message_late_ms": percentiles(first_late),
        "lateness_ms": percentiles(lateness),
    }


def big_schedule(count: int) -> dict[str, Any]:
    entries: dict[str, Any] = {}
    for number in range(count):
        schedule: dict[str, Any]
        if number % 2:
            schedule = {  # all different: no cache helps the first load
                "type": "crontab",
                "minute": str(number % 60),
                "hour": str(number // 60 % 24),
                "day_of_month": str(1 + number // 1440 % 28),
            }
        else:
            schedule = {"type": "interval", "seconds": 3600 + number}
        entries[f"entry-{number}"] = {
            "task": "celery_desk_demo.tasks.add",
            "schedule": schedule,
            "args": [number, 1],
        }
    return entries


def tick_cost(redis: RedisServer, work: Path, count: int, ticks: int) -> dict[str, Any]:
    app = client_app(redis.url)
    path = work / f"big-{count}.json"
    entries = big_schedule(count)
    write_schedule(path, entries)
    started = time.perf_counter()
    scheduler = FileScheduler(app=app, schedule_filename=str(path))
    startup_ms = (time.perf_counter() - started) * 1000
    try:
        idle = []
        for _ in range(ticks):
            started = time.perf_counter()
            scheduler.tick()
            idle.append((time.perf_counter() - started) * 1e6)
        housekeeping = []
        for _ in range(20):
            scheduler._next_housekeeping = 0.0  # lease renewal and status publication
            started = time.perf_counter()
            scheduler.tick()
            housekeeping.append((time.perf_counter() - started) * 1000)
        entries["entry-0"] = {**entries["entry-0"], "args": ["edited"]}
        reloads = []
        for _ in range(3):
            write_schedule(path, entries)
            started = time.perf_counter()
            scheduler.tick()
            reloads.append((time.perf_counter() - started) * 1000)
    finally:
        scheduler.close()
        close_client(app)
    return {
        "entries": count,
        "startup_ms": round(startup_ms, 1),
        "idle_tick_us": percentiles(idle),
        "housekeeping_tick_ms": percentiles(housekeeping),
        "reload_one_edit_ms": percentiles(reloads),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run)")
    options = parser.parse_args()
    rounds, seconds, ticks = (5, 5.0, 200) if options.quick else (20, 30.0, 2000)
    with tempfile.TemporaryDirectory(prefix="schedule-bench-") as scratch:
        work = Path(scratch)
        (work / "redis").mkdir()
        redis = start_redis(work / "redis")
        try:
            result: dict[str, Any] = {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                **lateness_and_reload(redis, work, rounds, seconds),
                "tick": [tick_cost(redis, work, count, ticks) for count in (1000, 10000)],
            }
        finally:
            redis.stop()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
