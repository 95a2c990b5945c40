"""An interval entry after downtime: one catch-up run, then one full interval after it, as
Celery's beat and the preview count it (not the old cadence, which sent the next run early).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from celery_desk_beat.beat_state import BeatKeys, RunState, RunStateStore, read_run_states
from celery_desk_beat.schedule_file import anchor_hash, load_schedule_file
from desktop.core.schedules.preview import preview_schedule
from tests.support.beat_procs import (
    interval_entry,
    start_file_beat,
    wait_for_messages,
    write_schedule,
)
from tests.support.beat_sim import celery_beat_sends, file_scheduler_sends
from tests.support.redis_server import RedisServer


def _at(text: str) -> datetime:
    return datetime.fromisoformat(f"2026-07-01T{text}+00:00")


@pytest.mark.parametrize(
    ("seconds", "last_run", "restart", "expected"),
    [
        # the offline case: down from 11:45 to 12:00, every 10 minutes
        (600, "11:45:00", "12:00:00", ["12:00:00", "12:10:00", "12:20:00"]),
        # and its live one: overdue by less than one interval at the restart
        (60, "00:03:05.255", "00:04:22.772", ["00:04:22.772", "00:05:22.772", "00:06:22.772"]),
    ],
)
def test_after_downtime_beat_preview_and_celery_send_one_interval_after_the_catch_up(
    seconds: int, last_run: str, restart: str, expected: list[str]
) -> None:
    schedule = {"type": "interval", "seconds": seconds}
    start, last = _at(restart), _at(last_run)
    end = start + timedelta(hours=1)
    want = [_at(moment) for moment in expected]
    assert file_scheduler_sends(schedule, "UTC", start, 3, end=end, last_run_at=last) == want
    preview = preview_schedule(schedule, "UTC", 3, start=start, last_run_at=last)
    assert [run.utc for run in preview.runs] == want
    celery = celery_beat_sends(schedule, "UTC", start, 3, end=end, last_run_at=last)
    assert all(abs((a - b).total_seconds()) < 0.01 for a, b in zip(celery, want, strict=True))


@pytest.mark.slow
def test_a_restarted_beat_sends_the_next_run_one_interval_after_its_catch_up(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    client = redis_server.client()
    path = tmp_path / "schedule.json"
    write_schedule(path, {"catch": interval_entry(3, "c", id="catch-id")})
    spec = load_schedule_file(path).entries["catch"]
    last = datetime.now(UTC) - timedelta(seconds=4)  # due a second ago: beat was down
    state = RunState(last, 5, anchor_hash(spec, "UTC"))
    RunStateStore(client, BeatKeys.for_path(path)).save("catch-id", state)
    beat = start_file_beat(redis_server.url, tmp_path / "beat.log", path)
    try:
        first = wait_for_messages(client, 1, 20, beat, entry="catch")[0]
        assert first.due == last + timedelta(seconds=3)  # the missed slot, sent late
        caught_up = read_run_states(client, path)["catch-id"]
        sent_at = caught_up.last_run_at  # a catch-up counts as run when it was sent
        assert sent_at - first.due > timedelta(seconds=1)
        messages = wait_for_messages(client, 3, 15, beat, entry="catch")
    finally:
        beat.stop()
    preview = preview_schedule(
        {"type": "interval", "seconds": 3}, "UTC", 3, start=sent_at, last_run_at=last
    )
    runs = [run.utc for run in preview.runs]
    assert runs == [sent_at + timedelta(seconds=3 * n) for n in range(3)]
    assert [m.due for m in messages[1:3]] == runs[1:]  # not first.due + 3 s, as before
    assert read_run_states(client, path)["catch-id"].total_run_count == 8
