"""FileScheduler's rules, ticked in-process against a real Redis (no mocks, real Celery app).

What carries over an edit and what does not, catch-up after downtime, one-off entries,
options and headers, the lease, the status, and a bad or missing file.
"""

from __future__ import annotations

import json
import logging
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import redis
from celery import Celery

from celery_desk_beat.beat_state import (
    BeatKeys,
    RunState,
    RunStateStore,
    read_beat_instances,
    read_beat_status,
    read_run_states,
)
from celery_desk_beat.schedule_file import anchor_hash, load_schedule_file
from celery_desk_beat.scheduler import FileScheduler
from tests.support.beat_procs import interval_entry, queued, write_raw, write_schedule
from tests.support.celery_procs import client_app, close_client
from tests.support.redis_server import RedisServer

ZONE = "Asia/Shanghai"


@pytest.fixture
def app(redis_server: RedisServer) -> Iterator[Celery]:
    celery = client_app(redis_server.url)
    try:
        yield celery
    finally:
        close_client(celery)


@pytest.fixture
def client(redis_server: RedisServer) -> Iterator[redis.Redis]:
    connection = redis_server.client()
    try:
        yield connection
    finally:
        connection.close()


def run_ticks(scheduler: FileScheduler, seconds: float) -> None:
    """Drive the scheduler as ``celery beat`` does, for ``seconds``."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        time.sleep(max(min(scheduler.tick(), left), 0))


def crontab(**fields: str) -> dict[str, Any]:
    return {
        "task": "celery_desk_demo.tasks.add",
        "schedule": {"type": "crontab", **fields},
        "args": [1, 2],
    }


def seed(path: Path, client: redis.Redis, name: str, last_run_at: datetime, count: int = 3) -> None:
    """Store run state for entry ``name`` as if a beat had run it, under its current anchor."""
    spec = load_schedule_file(path).entries[name]
    state = RunState(last_run_at, count, anchor_hash(spec, ZONE))
    RunStateStore(client, BeatKeys.for_path(path)).save(spec.entry_id, state)


def test_edits_fire_no_surprise_run_but_downtime_fires_one_catch_up(
    app: Celery, client: redis.Redis, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    local_hour = now.astimezone(ZoneInfo(ZONE)).hour
    later, far_month = str((local_hour + 2) % 24), str((now.month + 5) % 12 + 1)
    path = tmp_path / "schedule.json"
    entries = {
        "cron": crontab(minute="0", day_of_month="1", month_of_year=far_month),
        "every-hour": interval_entry(3600, "h"),
        "off": interval_entry(3600, "o", enabled=False),
        "missed": crontab(minute="0", hour=later),
    }
    write_schedule(path, entries, timezone=ZONE)
    two_days_ago = now - timedelta(days=2)
    seed(path, client, "cron", two_days_ago)
    seed(path, client, "every-hour", now - timedelta(minutes=30))
    seed(path, client, "off", two_days_ago)
    seed(path, client, "missed", two_days_ago)  # its 'later' hour passed yesterday, unsent

    scheduler = FileScheduler(app=app, schedule_filename=str(path))
    try:
        run_ticks(scheduler, 0.5)
        assert [m.entry for m in queued(client)] == ["missed"]  # one catch-up, not two
        # Without re-anchoring each of these edits would be due at once.
        entries["cron"] = crontab(minute="0", hour=later)
        entries["every-hour"] = interval_entry(600, "h")
        entries["off"] = interval_entry(3600, "o", enabled=True)
        edited_at = datetime.now(UTC)
        write_schedule(path, entries, timezone=ZONE)
        run_ticks(scheduler, 1.5)
        assert [m.entry for m in queued(client)] == ["missed"]
        due = {name: scheduler.entries[name].next_due for name in entries}
        assert due["cron"] == due["missed"]
        assert due["cron"] is not None and due["cron"] > edited_at
        assert due["every-hour"] is not None
        assert timedelta(seconds=599) < due["every-hour"] - edited_at < timedelta(seconds=602)
        assert due["off"] is not None and due["off"] - edited_at > timedelta(seconds=3599)
        states = read_run_states(client, path)
        assert states["missed"].total_run_count == 4
        assert states["every-hour"].total_run_count == 3  # the count survives the edit
    finally:
        scheduler.close()


def test_sends_with_options_headers_and_run_state_in_one_step(
    app: Celery, client: redis.Redis, tmp_path: Path
) -> None:
    path = tmp_path / "schedule.json"
    options = {"queue": "reports", "priority": 5, "expires": 60, "headers": {"team": "ops"}}
    write_schedule(path, {"report": interval_entry(1, "r", options=options, id="rep-1")})
    scheduler = FileScheduler(app=app, schedule_filename=str(path))
    try:
        run_ticks(scheduler, 2.2)
    finally:
        scheduler.close()
    with app.connection_for_write() as connection:  # where kombu keeps priority 5 of 'reports'
        expected = connection.default_channel._q_for_pri("reports", 5)
    lists = [key.decode() for key in client.scan_iter("reports*")]
    assert lists == [expected]
    messages = queued(client, expected)
    assert len(messages) >= 2
    for message in messages:
        assert message.entry == "report" and message.args == ["r"]
        assert message.headers["team"] == "ops" and message.headers["celery_beat_task"] is True
        assert message.headers["celery_desk_entry_id"] == "rep-1"
        assert message.headers["expires"] is not None
    envelope = json.loads(client.lindex(expected, 0))  # type: ignore[arg-type]
    assert envelope["properties"]["priority"] == 5
    dues = sorted(m.due for m in messages)
    assert all(b - a == timedelta(seconds=1) for a, b in pairwise(dues))
    state = read_run_states(client, path)["rep-1"]
    assert state.total_run_count == len(messages) and state.last_due == dues[-1]
    assert scheduler.dispatcher.mode == "atomic"


def test_a_clocked_entry_fires_once_across_restarts_and_never_when_already_past(
    app: Celery, client: redis.Redis, tmp_path: Path
) -> None:
    path = tmp_path / "schedule.json"
    soon = (datetime.now(UTC) + timedelta(seconds=0.4)).astimezone(ZoneInfo(ZONE))
    past = datetime.now(UTC) - timedelta(hours=1)
    entries = {
        "once": {
            "task": "celery_desk_demo.tasks.test",
            "schedule": {"type": "clocked", "at": soon.isoformat()},
            "args": ["now"],
        },
        "gone": {
            "task": "celery_desk_demo.tasks.test",
            "schedule": {"type": "clocked", "at": past.isoformat()},
            "args": ["never"],
        },
    }
    write_schedule(path, entries)
    for _restart in range(2):
        scheduler = FileScheduler(app=app, schedule_filename=str(path))
        try:
            run_ticks(scheduler, 1.0)
        finally:
            scheduler.close()
    messages = queued(client)
    assert [m.entry for m in messages] == ["once"]
    assert messages[0].due == soon


def test_a_bad_or_missing_file_is_logged_once_and_the_last_good_schedule_runs(
    app: Celery, client: redis.Redis, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="celery_desk_beat.scheduler")
    path = tmp_path / "schedule.json"
    scheduler = FileScheduler(app=app, schedule_filename=str(path))
    try:
        run_ticks(scheduler, 0.3)
        status = read_beat_status(client, path)
        assert status is not None and status["file_ok"] is False
        assert "does not exist" in status["rejection"]["message"]
        write_schedule(path, {"fast": interval_entry(1, "ok")})
        run_ticks(scheduler, 1.2)
        assert len(queued(client)) >= 1
        path.write_text('{"entries": {"fast": {"task": "x",, }}}')
        run_ticks(scheduler, 0.3)
        sent = len(queued(client))
        run_ticks(scheduler, 2.1)
        assert len(queued(client)) >= sent + 2  # the last good schedule keeps running
        errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert len(errors) == 2, errors  # missing, then invalid JSON: once each
        assert "line 1, column" in errors[1] and "invalid JSON" in errors[1]
        write_raw(path, {"entries": {"fast": interval_entry(1, "ok", kwargs=[])}})
        run_ticks(scheduler, 0.5)
        errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert "entry 'fast', field 'kwargs'" in errors[-1]
        status = read_beat_status(client, path)
        assert status is not None and status["rejection"]["field"] == "kwargs"
        assert status["revision"] == 1 and status["entries"] == 1
    finally:
        scheduler.close()


def test_the_lease_keeps_a_second_beat_standing_by_until_it_expires_or_is_released(
    app: Celery, client: redis.Redis, tmp_path: Path
) -> None:
    path = tmp_path / "schedule.json"
    write_schedule(path, {"fast": interval_entry(1, "z")})
    keys = BeatKeys.for_path(path)
    client.set(keys.lease, "another-host:1:feedbeef", px=1500)  # a beat elsewhere, alive
    first = FileScheduler(app=app, schedule_filename=str(path))
    second: FileScheduler | None = None
    try:
        run_ticks(first, 0.8)
        assert not first.active and queued(client) == []
        run_ticks(first, 3.4)  # the foreign lease expired unrenewed
        assert first.active and len(queued(client)) >= 1
        second = FileScheduler(app=app, schedule_filename=str(path))
        run_ticks(second, 0.5)
        assert not second.active
        roles = {s["instance"]: s["role"] for s in read_beat_instances(client, path)}
        assert roles == {first.token: "active", second.token: "standby"}
        first.close()
        sent = len(queued(client))
        run_ticks(second, 1.5)
        assert second.active and len(queued(client)) > sent
        senders = [m.sender for m in queued(client)]
        assert set(senders[:sent]) == {first.token}
        assert set(senders[sent:]) == {second.token}
    finally:
        first.close()
        if second is not None:
            second.close()


def test_a_lease_left_by_a_dead_beat_on_this_host_is_taken_at_once(
    app: Celery, client: redis.Redis, tmp_path: Path
) -> None:
    path = tmp_path / "schedule.json"
    write_schedule(path, {"fast": interval_entry(1, "z")})
    keys = BeatKeys.for_path(path)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        client.set(keys.lease, f"{socket.gethostname()}:{alive.pid}:feedbeef", px=20000)
        scheduler = FileScheduler(app=app, schedule_filename=str(path))
        try:
            run_ticks(scheduler, 1.2)
            assert not scheduler.active  # its holder is alive: wait for the TTL
            client.set(keys.lease, f"{socket.gethostname()}:{dead.pid}:deadbeef", px=20000)
            run_ticks(scheduler, 2.4)
            assert scheduler.active and queued(client)
            assert client.get(keys.lease) == scheduler.token.encode()
        finally:
            scheduler.close()
    finally:
        alive.kill()
        alive.wait()
