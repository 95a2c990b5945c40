"""The headless recorder against a real redis-server: what it appends, its caps, and the
lease that lets one recorder write while a second stands by and takes over."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from celery import Celery

from celery_desk_beat import recorder_stream as rs
from celery_desk_beat.recorder_io import StreamWriter, body_of
from tests.support.celery_procs import CeleryProcess, celery_env
from tests.support.redis_server import RedisServer

STREAM = rs.stream_key()
LEASE = rs.lease_key()


def wait_for(predicate: Callable[[], bool], timeout: float = 30.0) -> float:
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > timeout:
            raise AssertionError("condition not reached in time")
        time.sleep(0.05)
    return time.monotonic() - started


def recorder(url: str, log: Path, *args: str) -> CeleryProcess:
    argv = [sys.executable, "-m", "celery_desk_beat.recorder", *args]
    return CeleryProcess(argv, log, celery_env(url))


def publish(url: str, count: int, start: int = 0) -> None:
    app = Celery(broker=url)
    with app.events.default_dispatcher(hostname="celery@rec") as dispatcher:
        for i in range(start, start + count):
            dispatcher.send("task-succeeded", uuid=f"r{i}", result=str(i), runtime=0.01)
    app.close()


def recorded_uuids(client: redis.Redis) -> list[str]:
    import json

    uuids = []
    entries: Any = client.xrange(STREAM)
    for _entry_id, fields in entries:
        if b"e" in fields:
            body = json.loads(fields[b"e"])
            uuids += [e["uuid"] for e in (body if isinstance(body, list) else [body])]
    return uuids


@pytest.fixture
def clean(redis_mod: RedisServer) -> Iterator[redis.Redis]:
    client = redis_mod.client()
    client.delete(STREAM, LEASE)
    yield client
    client.delete(STREAM, LEASE)
    client.close()


def test_the_recorder_appends_each_event_body_once_and_hands_the_lease_back(
    redis_mod: RedisServer, clean: redis.Redis, tmp_path: Path
) -> None:
    with recorder(redis_mod.url, tmp_path / "rec.log") as process:
        process.wait_for_log("recording")
        publish(redis_mod.url, 300)
        wait_for(lambda: len(recorded_uuids(clean)) >= 300)
        assert clean.get(LEASE) is not None
    assert recorded_uuids(clean) == [f"r{i}" for i in range(300)]
    entries: Any = clean.xrange(STREAM, count=1)
    [(first_id, first)] = entries
    marker = rs.decode_marker(first)
    assert marker is not None and marker["type"] == rs.RECORDER_STARTED
    assert clean.get(LEASE) is None  # stopped cleanly: no standby has to wait for it
    assert abs(rs.entry_millis(first_id) / 1000 - time.time()) < 60


def test_the_stream_is_capped_by_length_and_by_age(
    redis_mod: RedisServer, clean: redis.Redis, tmp_path: Path
) -> None:
    with recorder(redis_mod.url, tmp_path / "rec.log", "--max-length", "200") as process:
        process.wait_for_log("recording")
        publish(redis_mod.url, 2000)
        wait_for(lambda: "r1999" in recorded_uuids(clean)[-5:])
    # approximate trimming drops whole listpack nodes (100 entries each by default)
    assert 200 <= clean.xlen(STREAM) <= 200 + 100
    writer = StreamWriter(redis_mod.url, STREAM, 1_000_000)
    writer.open()
    try:
        time.sleep(1.2)
        writer.marker(rs.RECORDER_ALIVE)
        writer.trim_older_than(1.0)
    finally:
        writer.close()
    assert clean.xlen(STREAM) <= 100 + 1  # all but the last node's worth went, by age


def test_an_envelope_becomes_the_body_celery_sent() -> None:
    envelope = (b'{"body": "eyJ0eXBlIjogInRhc2stc2VudCJ9", "content-type": "application/json",'
                b' "properties": {"body_encoding": "base64"}, "headers": {}}')  # fmt: skip
    assert body_of(envelope) == (b'{"type": "task-sent"}', None)
    assert body_of(b"{not json") is None
    assert body_of(b'{"body": ""}') is None


def test_a_standby_takes_over_a_killed_recorder_and_a_stalled_one_within_30_s(
    redis_mod: RedisServer, clean: redis.Redis, tmp_path: Path
) -> None:
    first = recorder(redis_mod.url, tmp_path / "a.log", "--lease-ttl", "6")
    first.wait_for_log("recording")
    second = recorder(redis_mod.url, tmp_path / "b.log", "--lease-ttl", "6")
    try:
        holder = clean.get(LEASE)
        assert isinstance(holder, bytes) and f":{first.pid}:" in holder.decode()
        time.sleep(2.5)  # the standby has looked at the lease and left it alone
        assert "recording" not in second.log_text()
        publish(redis_mod.url, 50)
        wait_for(lambda: len(recorded_uuids(clean)) >= 50)
        # a stalled holder (SIGSTOP): the standby waits for the lease to lapse, then writes
        os.kill(first.pid, signal.SIGSTOP)
        took = wait_for(lambda: "recording" in second.log_text(), timeout=30)
        assert took < 6 + 2 + 2
        publish(redis_mod.url, 50, start=50)
        wait_for(lambda: len(recorded_uuids(clean)) >= 100)
        os.kill(first.pid, signal.SIGCONT)  # it wakes up, sees it lost the lease, stands by
        first.wait_for_log("lost the lease")
        publish(redis_mod.url, 50, start=100)
        wait_for(lambda: len(recorded_uuids(clean)) >= 150)
        time.sleep(0.5)
        assert recorded_uuids(clean) == [f"r{i}" for i in range(150)]  # one writer at a time
        # a killed holder on this host: taken over at once, without waiting for the TTL
        os.kill(second.pid, signal.SIGKILL)
        took = wait_for(lambda: first.log_text().count("recording") == 2, timeout=30)
        assert took < 30
        assert "whose process is gone" in first.log_text()
    finally:
        os.kill(first.pid, signal.SIGCONT) if first.process.poll() is None else None
        first.stop()
        second.stop()


def test_the_recorder_runs_as_a_sub_command_of_the_app_and_needs_a_redis_url(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "CELERY_BROKER_URL": "amqp://guest@localhost//"}
    import subprocess

    done = subprocess.run([sys.executable, "-m", "desktop", "record"], env=env,
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 2 and "redis://" in done.stderr
