"""FileScheduler as users run it: real ``celery beat`` processes on a real Redis.

Dispatches are read from the Redis list of the ``celery`` queue; every message carries the
entry name, its due time and the beat that sent it in headers, so duplicates and gaps are
visible per due slot. No worker is needed.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from celery_desk_beat.beat_state import read_beat_status, read_run_states
from tests.support.beat_procs import (
    QueuedMessage,
    active_status,
    interval_entry,
    queued,
    standby_status,
    start_file_beat,
    wait_for_messages,
    wait_until,
    write_raw,
    write_schedule,
)
from tests.support.celery_procs import CeleryProcess
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.slow


def _assert_one_per_slot(messages: list[QueuedMessage], period: float) -> None:
    dues = sorted(message.due for message in messages)
    assert len(dues) == len(set(dues)), f"a due slot was sent twice: {dues}"
    gaps = {round((later - earlier).total_seconds(), 6) for earlier, later in pairwise(dues)}
    assert gaps <= {period}, f"slots not exactly {period} s apart: {sorted(gaps)}"


def test_interval_fires_on_cadence_edits_apply_and_a_bad_file_keeps_the_last_good(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    client = redis_server.client()
    schedule = tmp_path / "schedule.json"
    write_schedule(schedule, {"tick": interval_entry(1, "v1", description="every second")})
    beat = start_file_beat(redis_server.url, tmp_path / "beat.log", schedule)
    try:
        first = wait_for_messages(client, 3, 15, beat, entry="tick")
        assert all(m.args == ["v1"] and m.task == "celery_desk_demo.tasks.test" for m in first)
        assert all(m.headers["celery_beat_task"] is True for m in first)
        _assert_one_per_slot(first, 1.0)

        # An edit of the args: new args appear, and old ones stop after them.
        write_schedule(schedule, {"tick": interval_entry(1, "v2")})
        wait_for_messages(client, 3, 10, beat, entry="tick", args=["v2"])
        messages = queued(client)
        first_v2 = min(m.due for m in messages if m.args == ["v2"])
        assert not [m for m in messages if m.args == ["v1"] and m.due > first_v2]
        _assert_one_per_slot(messages, 1.0)  # the edit kept the cadence: no extra, no gap

        # A bad file is rejected whole, logged once with entry and field; ticks go on.
        weekly = {
            "task": "celery_desk_demo.tasks.add",
            "schedule": {"type": "crontab", "day_of_week": "7"},
        }
        write_raw(
            schedule,
            {"revision": 3, "entries": {"tick": interval_entry(1, "v3"), "weekly": weekly}},
        )
        text = beat.wait_for_log("schedule file rejected", timeout=10)
        assert "entry 'weekly', field 'schedule.day_of_week'" in text
        before = len(queued(client))
        wait_until(lambda: len(queued(client)) >= before + 3, 10, "ticks after rejection", beat)
        assert not [m for m in queued(client) if m.args == ["v3"]]
        status = read_beat_status(client, schedule)
        assert status is not None and status["file_ok"] is False
        assert status["revision"] == 2 and status["rejection"]["entry"] == "weekly"
        assert status["rejection"]["field"] == "schedule.day_of_week"
        assert status["rejection"]["file_revision"] == 3
        assert beat.log_text().count("schedule file rejected") == 1

        # Disabling stops it; a new entry starts one interval after it was added.
        entries = {"tick": interval_entry(1, "v2", enabled=False), "other": interval_entry(1, "o")}
        write_schedule(schedule, entries)
        wait_for_messages(client, 2, 10, beat, entry="other")
        last_tick = max(m.due for m in queued(client) if m.entry == "tick")
        wait_for_messages(client, 4, 10, beat, entry="other")
        assert max(m.due for m in queued(client) if m.entry == "tick") == last_tick
        status = read_beat_status(client, schedule)
        assert status is not None and status["file_ok"] and status["revision"] == 4
        assert status["dispatch_mode"] == "atomic"
    finally:
        beat.stop()
    assert "Traceback" not in beat.log_text()


def _restart_after_kill(
    beat: CeleryProcess, redis_url: str, log: Path, schedule: Path
) -> CeleryProcess:
    beat.process.kill()
    beat.wait_exit(10)
    return start_file_beat(redis_url, log, schedule)


def _senders_in_order(messages: list[QueuedMessage]) -> list[list[QueuedMessage]]:
    runs: list[list[QueuedMessage]] = []
    for message in sorted(messages, key=lambda m: m.due):
        if runs and runs[-1][-1].sender == message.sender:
            runs[-1].append(message)
        else:
            runs.append([message])
    return runs


def test_kill_9_and_restart_neither_duplicates_nor_misses(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    client = redis_server.client()
    schedule = tmp_path / "schedule.json"
    write_schedule(schedule, {"every2": interval_entry(2, "x", id="stable-id")})
    beat = start_file_beat(redis_server.url, tmp_path / "beat1.log", schedule)
    try:
        wait_for_messages(client, 2, 20, beat)
        time.sleep(0.9)  # killed between two dispatches
        beat = _restart_after_kill(beat, redis_server.url, tmp_path / "beat2.log", schedule)
        count = len(queued(client))
        wait_for_messages(client, count + 2, 20, beat)
        count = len(queued(client))
        wait_until(lambda: len(queued(client)) > count, 10, "next dispatch", beat)
        # killed right after a dispatch
        beat = _restart_after_kill(beat, redis_server.url, tmp_path / "beat3.log", schedule)
        count = len(queued(client))
        wait_for_messages(client, count + 2, 20, beat)
    finally:
        beat.stop()
    messages = queued(client)
    dues = [m.due for m in messages]
    assert len(dues) == len(set(dues)), f"a due slot was sent twice: {sorted(dues)}"
    runs = _senders_in_order(messages)
    assert len(runs) == 3, [[m.due for m in run] for run in runs]
    period = timedelta(seconds=2)
    for before, after in pairwise(runs):
        # No miss: the first slot after the last one sent is sent (late, if beat was still
        # down then: that is its one catch-up run), whatever the restart took.
        assert after[0].due == before[-1].due + period
    for run in runs:
        assert all(b.due - a.due == period for a, b in pairwise(run[1:]))
    stored = read_run_states(client, schedule)["stable-id"]
    assert stored.total_run_count == len(messages)
    assert stored.last_due == max(dues)


def test_two_beats_on_one_file_fire_once_and_the_standby_takes_over(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    client = redis_server.client()
    schedule = tmp_path / "schedule.json"
    write_schedule(schedule, {"beat-1s": interval_entry(1, "y")})
    first = start_file_beat(redis_server.url, tmp_path / "a.log", schedule)
    second: CeleryProcess | None = None
    try:
        wait_until(lambda: active_status(client, schedule, first.pid), 15, "first active", first)
        second = start_file_beat(redis_server.url, tmp_path / "b.log", schedule)
        wait_until(
            lambda: standby_status(client, schedule, second.pid), 15, "second standby", second
        )
        both = len(queued(client))
        wait_for_messages(client, both + 4, 15, first)
        while_both = queued(client)
        assert {m.sender.split(":")[1] for m in while_both} == {str(first.pid)}
        _assert_one_per_slot(while_both, 1.0)

        first.process.kill()
        killed_at = time.monotonic()
        first.wait_exit(10)
        taken = wait_until(
            lambda: active_status(client, schedule, second.pid), 30, "standby takes over", second
        )
        took = time.monotonic() - killed_at
        assert taken["role"] == "active"
        wait_for_messages(client, 3, 10, second, sender=taken["instance"])
    finally:
        first.stop()
        if second is not None:
            second.stop()
    messages = queued(client)
    dues = [m.due for m in messages]
    assert len(dues) == len(set(dues)), "a due slot was sent twice across the takeover"
    # Never both at once: every slot the first sent comes before every slot the second sent.
    by_first = [m.due for m in messages if m.sender.split(":")[1] == str(first.pid)]
    by_second = [m.due for m in messages if m.sender == taken["instance"]]
    assert len(by_first) + len(by_second) == len(messages)
    assert max(by_first) < min(by_second)
    print(json.dumps({"takeover_seconds": round(took, 2)}))
