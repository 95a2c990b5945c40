"""How the Redis source reads its socket: bursts over many reads, TLS, idle waits and PING.

The source reads whole chunks of the socket into one hiredis reader (not redis-py's one reply
per call), so replies split across reads, a TLS socket's own buffering and the idle timeout
are exercised here against real redis-servers, one of them speaking TLS only.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from celery import Celery

from desktop.core.events.receiver import EventSource, SourceState
from desktop.core.events.redis_source import RedisEventSource
from tests.support.redis_server import RedisServer, start_redis
from tests.support.tls import self_signed
from tests.test_event_receiver import collect, connected, send

#: Events of about 1 KB each: a burst of them spans dozens of the source's 64 KB reads.
PADDING = "x" * 900


def burst(count: int, start: int = 0) -> list[tuple[str, dict[str, object]]]:
    return [
        ("task-received", {"uuid": f"t{i}", "name": "proj.add", "args": f"({i}, '{PADDING}')"})
        for i in range(start, start + count)
    ]


@pytest.fixture
def tls_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = start_redis(tmp_path, tls=self_signed(tmp_path))
    try:
        yield server
    finally:
        server.stop()


def read_back(server: RedisServer, source: EventSource, count: int, start: int = 0) -> list[str]:
    app = Celery(broker=server.url)
    send(app, burst(count, start))
    events = collect(source, lambda got: len(got) >= count)
    return [str(e["uuid"]) for e in events]


def test_a_burst_over_many_reads_arrives_whole_and_in_order(
    redis_server: RedisServer, running: Callable[[EventSource], EventSource]
) -> None:
    source = connected(running(RedisEventSource(redis_server.url)))
    assert read_back(redis_server, source, 3_000) == [f"t{i}" for i in range(3_000)]
    status = source.status()
    assert (status.events, status.malformed, status.gaps) == (3_000, 0, 0)


def test_events_over_tls_arrive_whole_before_and_after_an_idle_wait(
    tls_redis: RedisServer, running: Callable[[EventSource], EventSource]
) -> None:
    source = connected(running(RedisEventSource(tls_redis.url)))
    assert read_back(tls_redis, source, 1_500) == [f"t{i}" for i in range(1_500)]
    time.sleep(0.8)  # several idle timeouts of the TLS socket's read
    assert read_back(tls_redis, source, 500, start=1_500) == [f"t{i}" for i in range(1_500, 2_000)]
    status = source.status()
    assert (status.state, status.events, status.gaps) == (SourceState.CONNECTED, 2_000, 0)


def test_an_idle_connection_is_pinged_and_the_pong_keeps_it(
    redis_server: RedisServer, running: Callable[[EventSource], EventSource]
) -> None:
    source = connected(running(RedisEventSource(redis_server.url, idle_ping=0.3)))
    admin = redis_server.client()

    def pinged() -> bool:
        clients = admin.client_list()
        return any(c.get("cmd") == "ping" and "P" in str(c.get("flags")) for c in clients)

    deadline = time.monotonic() + 10
    while not pinged():
        assert time.monotonic() < deadline, admin.client_list()
        time.sleep(0.05)
    time.sleep(0.6)  # more PINGs; a pong the read loop choked on would end the session: a gap
    assert read_back(redis_server, source, 10) == [f"t{i}" for i in range(10)]
    status = source.status()
    assert (status.state, status.gaps, status.malformed) == (SourceState.CONNECTED, 0, 0)
