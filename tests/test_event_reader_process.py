"""The Redis event source in its own process: real redis-server, real child process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
import pytest
import redis
from celery import Celery

from desktop.core.events import frames
from desktop.core.events.lost import CONNECTION_LOST, CONNECTION_RESTORED, EVENTS_DROPPED
from desktop.core.events.process_source import ProcessEventSource
from desktop.core.events.receiver import Backoff, EventSource, SourceState
from desktop.core.events.redis_source import RedisEventSource
from desktop.core.events.source_factory import fallback_source, make_event_source
from desktop.core.events.store import EventStore
from tests.support.redis_server import RedisServer
from tests.test_event_receiver import celery_events, collect, connected, lifecycle, send, wait_for

FAST = Backoff(initial=0.05, cap=0.2)


def reader_pids() -> list[int]:
    me = psutil.Process()
    return [
        child.pid
        for child in me.children(recursive=True)
        if "event-reader" in " ".join(child.cmdline())
    ]


def test_the_default_redis_source_reads_in_a_child_and_delivers_in_order(
    redis_server: RedisServer, running: Callable[[EventSource], EventSource]
) -> None:
    app = Celery(broker=redis_server.url)
    source = make_event_source(app, wakeup=False)
    assert isinstance(source, ProcessEventSource)
    connected(running(source))
    assert len(reader_pids()) == 1
    send(app, lifecycle(1200))  # more than two frames' worth
    wait_for(lambda: source.pending() == 2400)
    first = source.drain(700)  # a limit inside a frame keeps the rest for the next drain
    assert len(first) == 700 and source.pending() == 1700
    events = first + source.drain()
    assert source.pending() == 0 and len(events) == 2400
    assert [e["uuid"] for e in events[::2]] == [f"t{i}" for i in range(1200)]
    clocks = [e["clock"] for e in events]
    assert clocks == sorted(clocks) and len(set(clocks)) == 2400
    assert all(isinstance(e["local_received"], float) for e in events)
    store = EventStore()
    store.apply(events)
    assert store.state_counts() == {"SUCCESS": 1200}
    assert source.status().events == 2400


def test_a_redis_restart_is_reported_as_a_gap_from_the_reader(
    redis_server: RedisServer, running: Callable[[EventSource], EventSource]
) -> None:
    app = Celery(broker=redis_server.url)
    source = connected(running(ProcessEventSource(redis_server.url)))
    send(app, lifecycle(5))
    before = collect(source, lambda got: len(got) >= 10)
    redis_server.stop()
    lost = collect(source, bool)
    assert [e["type"] for e in lost] == [CONNECTION_LOST]
    wait_for(lambda: source.status().state == SourceState.RECONNECTING)
    assert "Connection" in (source.status().last_error or "")
    redis_server.start()
    restored = collect(source, bool)
    assert [e["type"] for e in restored] == [CONNECTION_RESTORED]
    wait_for(lambda: source.status().state == SourceState.CONNECTED)
    send(app, lifecycle(2, start=100))
    after = restored + collect(source, lambda got: len(got) >= 4)
    assert [e["uuid"] for e in celery_events(after)] == ["t100", "t100", "t101", "t101"]
    assert source.status().gaps == 1
    store = EventStore()
    store.apply(before + lost + after)
    assert store.loss_summary().gaps == 1 and store.state_counts() == {"SUCCESS": 7}


def test_a_killed_reader_is_replaced_and_the_gap_reported(
    redis_server: RedisServer, running: Callable[[EventSource], EventSource]
) -> None:
    app = Celery(broker=redis_server.url)
    source = connected(running(ProcessEventSource(redis_server.url, backoff=FAST)))
    [pid] = reader_pids()
    os.kill(pid, signal.SIGKILL)
    markers = collect(source, lambda got: len(got) >= 2)
    assert [e["type"] for e in markers] == [CONNECTION_LOST, CONNECTION_RESTORED]
    assert "event reader exited with code -9" in markers[0]["reason"]
    wait_for(lambda: source.status().state == SourceState.CONNECTED)
    [new_pid] = reader_pids()
    assert new_pid != pid and not psutil.pid_exists(pid)
    send(app, lifecycle(1))
    events = collect(source, lambda got: len(got) >= 2)
    assert [e["type"] for e in events] == ["task-received", "task-succeeded"]
    assert source.status().gaps == 1
    assert source.stop(timeout=8)
    assert reader_pids() == []


def test_a_full_hand_off_drops_whole_frames_and_says_how_many(
    redis_server: RedisServer, running: Callable[[EventSource], EventSource]
) -> None:
    app = Celery(broker=redis_server.url)
    source = ProcessEventSource(redis_server.url, max_pending_bytes=20_000)
    connected(running(source))
    for start in range(0, 600, 50):  # several frames, each some 10 KB
        send(app, lifecycle(50, start=start))
    wait_for(lambda: source.status().events + source.status().dropped + source._dropping >= 1200)
    kept = source.drain()
    assert 0 < len(kept) < 1200
    send(app, [("task-received", {"uuid": "next"})])
    got = kept + collect(source, lambda got: any(e.get("uuid") == "next" for e in got))
    markers = [e for e in got if e["type"] == EVENTS_DROPPED]
    dropped = sum(m["count"] for m in markers)
    assert markers and dropped > 0
    assert len(celery_events(got)) - 1 + dropped == 1200  # every event kept or counted
    assert source.status().dropped == dropped and source.status().gaps == len(markers)


def test_the_password_goes_over_stdin_and_malformed_messages_are_counted(
    redis_server: RedisServer, running: Callable[[EventSource], EventSource]
) -> None:
    admin = redis_server.client()
    admin.config_set("requirepass", "s3cret-pw")
    url = redis_server.url.replace("redis://", "redis://:s3cret-pw@")
    try:
        source = ProcessEventSource(url)
        connected(running(source))
        [pid] = reader_pids()
        assert "s3cret-pw" not in " ".join(psutil.Process(pid).cmdline())
        with redis.Redis.from_url(url) as client:
            client.publish("/0.celeryev/task.succeeded", b"{garbage")
        app = Celery(broker=url)
        send(app, [("task-received", {"uuid": "fine"})])
        events = collect(source, bool)
        assert [e["uuid"] for e in events] == ["fine"]
        wait_for(lambda: source.status().malformed == 1)
        assert source.last_decode_error is not None
        assert "JSON" in source.last_decode_error
    finally:
        with redis.Redis.from_url(url) as client:
            client.config_set("requirepass", "")


def test_a_wrong_password_keeps_retrying_and_says_why(
    redis_server: RedisServer, running: Callable[[EventSource], EventSource]
) -> None:
    url = redis_server.url.replace("redis://", "redis://:wrong@")
    source = running(ProcessEventSource(url))
    wait_for(lambda: source.status().state == SourceState.RECONNECTING)
    status = source.status()
    assert status.last_error is not None and "wrong" not in status.describe()
    assert "AUTH" in status.last_error or "password" in status.last_error.lower()


def test_the_reader_refuses_a_bad_configuration() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "event-reader"],
        input=b"not json\n",
        check=False,
        capture_output=True,
        timeout=30,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert proc.returncode == 2
    assert b"bad configuration" in proc.stderr
    assert proc.stdout == b""


def test_frames_round_trip_and_corruption_is_caught(tmp_path: Path) -> None:
    path = tmp_path / "stream"
    events = [{"type": "task-sent", "uuid": "a", "raw": b"bytes", "ids": {1, 2}}]
    path.write_bytes(frames.encode(frames.EVENTS, events, 1) + frames.encode(frames.STATUS, {}))
    with path.open("rb") as stream:
        kind, count, payload = frames.read_frame(stream) or (b"", 0, b"")
        assert (kind, count) == (frames.EVENTS, 1)
        assert payload == b'[{"type":"task-sent","uuid":"a","raw":"bytes","ids":[1,2]}]'
        assert frames.read_frame(stream) == (frames.STATUS, 0, b"{}")
        assert frames.read_frame(stream) is None
    path.write_bytes(frames.encode(frames.EVENTS, events, 1)[:-3])
    with path.open("rb") as stream, pytest.raises(frames.FrameError, match="inside a frame"):
        frames.read_frame(stream)
    path.write_bytes(b"X" + bytes(8))
    with path.open("rb") as stream, pytest.raises(frames.FrameError, match="corrupt"):
        frames.read_frame(stream)


def test_a_reader_that_cannot_start_fails_and_the_factory_falls_back_to_the_app(
    redis_server: RedisServer, running: Callable[[EventSource], EventSource]
) -> None:
    broken = [
        sys.executable,
        "-c",
        "import sys; print('no such module', file=sys.stderr); sys.exit(3)",
    ]
    source = ProcessEventSource(redis_server.url, backoff=FAST, command=broken)
    assert fallback_source(source) is None  # nothing failed yet
    running(source)
    wait_for(lambda: source.status().state == SourceState.FAILED)
    assert "no such module" in (source.status().last_error or "")
    assert not source.is_alive()
    replacement = fallback_source(source)
    assert isinstance(replacement, RedisEventSource)
    connected(running(replacement))
    assert replacement.status().transport == "redis, read in the app"
    app = Celery(broker=redis_server.url)
    send(app, lifecycle(3))
    events = celery_events(collect(replacement, lambda got: len(celery_events(got)) >= 6))
    assert [e["uuid"] for e in events[::2]] == ["t0", "t1", "t2"]
    assert replacement.pending() == 0


def test_the_hub_swaps_in_the_fallback_when_the_reader_cannot_start(
    redis_server: RedisServer, qapp: object
) -> None:
    from desktop.ui.monitor.hub import MonitorHub

    broken = [sys.executable, "-c", "import sys; sys.exit(3)"]

    def factory(url: str, _journal: object) -> tuple[EventSource, None]:
        return ProcessEventSource(url, backoff=FAST, command=broken), None

    hub = MonitorHub(source_factory=factory)
    try:
        hub.start(redis_server.url)
        wait_for(lambda: _pump(hub) and hub.status.source is not None
                 and hub.status.source.transport == "redis, read in the app"
                 and hub.status.source.state == SourceState.CONNECTED)  # fmt: skip
        send(Celery(broker=redis_server.url), lifecycle(2))
        wait_for(lambda: _pump(hub) and hub.store.state_counts() == {"SUCCESS": 2})
    finally:
        hub.stop()
        assert hub.wait_stopped(10.0)


def _pump(hub: Any) -> bool:
    hub._last_status = 0.0  # the status (and the fallback check) is due on this tick
    hub.pump_now()
    return True


def test_a_desktop_package_in_the_working_directory_does_not_shadow_the_reader(
    redis_server: RedisServer,
    running: Callable[[EventSource], EventSource],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shadow = tmp_path / "desktop"
    shadow.mkdir()
    (shadow / "__init__.py").write_text("raise SystemExit('the project package')\n")
    monkeypatch.chdir(tmp_path)  # a user's Django project with an app named "desktop"
    source = ProcessEventSource(redis_server.url)
    connected(running(source))
    assert source.status().transport == "redis"  # the reader process, not the fallback
