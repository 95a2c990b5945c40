"""Event sources against a real redis-server, fed by Celery's own EventDispatcher."""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable
from typing import Any

import orjson
from celery import Celery

from desktop.core.events.kombu_source import KombuEventSource
from desktop.core.events.lost import CONNECTION_LOST, CONNECTION_RESTORED, EVENTS_DROPPED
from desktop.core.events.receiver import Backoff, EventSource, SourceState
from desktop.core.events.redis_source import RedisEventSource
from desktop.core.events.source_factory import make_event_source
from desktop.core.events.store import EventStore
from desktop.core.net import free_port
from tests.support.redis_server import RedisServer

Event = dict[str, Any]


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.01)


def collect(source: EventSource, until: Callable[[list[Event]], bool]) -> list[Event]:
    events: list[Event] = []

    def more() -> bool:
        events.extend(source.drain())
        return until(events)

    wait_for(more)
    return events


def celery_events(events: list[Event]) -> list[Event]:
    return [e for e in events if not e["type"].startswith("desk-")]


def connected(source: EventSource) -> EventSource:
    wait_for(lambda: source.status().state == SourceState.CONNECTED)
    return source


def send(app: Celery, events: list[tuple[str, dict[str, Any]]], host: str = "celery@w1") -> None:
    with app.events.default_dispatcher(hostname=host) as dispatcher:
        for kind, fields in events:
            dispatcher.send(kind, **fields)


def lifecycle(count: int, start: int = 0) -> list[tuple[str, dict[str, Any]]]:
    events: list[tuple[str, dict[str, Any]]] = []
    for i in range(start, start + count):
        events.append(("task-received", {"uuid": f"t{i}", "name": "proj.add", "args": f"({i},)"}))
        events.append(("task-succeeded", {"uuid": f"t{i}", "result": str(i), "runtime": 0.01}))
    return events


def test_redis_source_delivers_decoded_events_in_order(
    redis_server: RedisServer, running: Callable[[EventSource], EventSource]
) -> None:
    app = Celery(broker=redis_server.url)
    source = make_event_source(app, in_process=True, wakeup=False)
    assert isinstance(source, RedisEventSource)
    connected(running(source))
    send(app, lifecycle(250))
    events = collect(source, lambda got: len(got) >= 500)
    assert len(events) == 500
    assert [e["uuid"] for e in events[::2]] == [f"t{i}" for i in range(250)]
    assert [e["type"] for e in events[:2]] == ["task-received", "task-succeeded"]
    clocks = [e["clock"] for e in events]
    assert clocks == sorted(clocks) and len(set(clocks)) == 500
    assert all(isinstance(e["local_received"], float) for e in events)
    store = EventStore()
    store.apply(events)
    assert store.state_counts() == {"SUCCESS": 250}
    assert source.status().events == 500


def test_redis_source_honours_db_and_global_keyprefix(
    redis_server: RedisServer, running: Callable[[EventSource], EventSource]
) -> None:
    url2 = redis_server.url.rsplit("/", 1)[0] + "/2"
    options = {"global_keyprefix": "desk:"}
    app = Celery(broker=url2, broker_transport_options=options)
    other = Celery(broker=redis_server.url)  # db 0, no prefix: a different cluster
    source = connected(running(make_event_source(app, wakeup=False)))
    send(other, [("task-received", {"uuid": "elsewhere"})])
    send(app, [("task-received", {"uuid": "ours"})])
    events = collect(source, lambda got: any(e["uuid"] == "ours" for e in got))
    assert [e["uuid"] for e in events] == ["ours"]


class HeldBackoff(Backoff):
    """Short delays, but the first retry waits until the test releases it."""

    def __init__(self) -> None:
        super().__init__(initial=0.05, cap=0.2)
        self.released = threading.Event()

    def next_delay(self) -> float:
        self.released.wait(10)
        return super().next_delay()


def test_redis_source_survives_a_restart_and_reports_the_gap(
    redis_server: RedisServer, running: Callable[[EventSource], EventSource]
) -> None:
    app = Celery(broker=redis_server.url)
    backoff = HeldBackoff()
    source = connected(running(RedisEventSource(redis_server.url, backoff=backoff)))
    send(app, lifecycle(5))
    before = collect(source, lambda got: len(got) >= 10)

    redis_server.stop()
    lost = collect(source, bool)
    assert [e["type"] for e in lost] == [CONNECTION_LOST]
    redis_server.start()  # a new redis-server on the same port
    unheard = 4  # published while the source is not subscribed yet: lost
    send(app, [("task-started", {"uuid": f"lost{i}"}) for i in range(unheard)])
    assert source.status().state == SourceState.RECONNECTING
    backoff.released.set()
    restored = collect(source, bool)
    assert [e["type"] for e in restored] == [CONNECTION_RESTORED]
    send(app, lifecycle(2, start=100))
    after = restored + collect(source, lambda got: len(got) >= 4)

    assert [e["uuid"] for e in celery_events(after)] == ["t100", "t100", "t101", "t101"]
    status = source.status()
    assert (status.gaps, status.attempt, status.state) == (1, 0, SourceState.CONNECTED)
    assert status.describe() == "Events: connected (redis); 1 gap in the stream"
    store = EventStore()
    store.apply(before + lost + after)
    summary = store.loss_summary()
    assert summary.gaps == 1 and summary.estimated_lost == unheard
    gap = summary.last_gap
    assert gap is not None and gap.end is not None and gap.end > gap.start
    assert "Connection" in gap.reason
    assert store.state_counts() == {"SUCCESS": 7}


def test_malformed_messages_are_counted_and_reading_goes_on(
    redis_server: RedisServer, running: Callable[[EventSource], EventSource]
) -> None:
    app = Celery(broker=redis_server.url)
    source = connected(running(RedisEventSource(redis_server.url)))
    redis_server.client().publish("/0.celeryev/task.succeeded", b"{garbage")
    send(app, [("task-received", {"uuid": "fine"})])
    events = collect(source, lambda got: len(got) >= 1)
    assert [e["uuid"] for e in events] == ["fine"]
    status = source.status()
    assert status.malformed == 1 and source.decoder.last_error is not None


def test_a_full_hand_off_drops_and_says_how_many(
    redis_server: RedisServer, running: Callable[[EventSource], EventSource]
) -> None:
    app = Celery(broker=redis_server.url)
    source = connected(running(RedisEventSource(redis_server.url, max_pending=10)))
    send(app, lifecycle(15))
    wait_for(lambda: source.decoder.decoded == 30)
    kept = source.drain()
    send(app, [("task-received", {"uuid": "next"})])
    got = kept + collect(source, lambda got: any(e.get("uuid") == "next" for e in got))
    markers = [e for e in got if e["type"] == EVENTS_DROPPED]
    dropped = sum(m["count"] for m in markers)
    assert markers and dropped > 0
    assert len(celery_events(got)) - 1 + dropped == 30  # every event kept or counted
    assert source.status().dropped == dropped
    store = EventStore()
    store.apply(got)
    assert store.loss_summary().dropped == dropped


def test_a_source_without_broker_keeps_retrying_and_stops(
    running: Callable[[EventSource], EventSource],
) -> None:
    source = RedisEventSource(
        f"redis://:password@127.0.0.1:{free_port()}/0", backoff=Backoff(initial=0.05, cap=0.2)
    )
    running(source)
    wait_for(lambda: source.status().attempt >= 3)
    status = source.status()
    assert status.state == SourceState.RECONNECTING
    assert status.retry_in is not None and status.retry_in <= 0.2
    assert status.last_error is not None and "Connection" in status.last_error
    assert status.describe().startswith("Events: reconnecting (attempt ")
    assert "password" not in status.describe()
    assert source.stop(timeout=3)
    assert source.status().state == SourceState.STOPPED


def test_kombu_source_delivers_events(
    redis_server: RedisServer, running: Callable[[EventSource], EventSource]
) -> None:
    app = Celery(broker=redis_server.url)
    source = make_event_source(app, prefer_redis=False, wakeup=False)
    assert isinstance(source, KombuEventSource)
    connected(running(source))
    send(app, lifecycle(20))
    events = collect(source, lambda got: len(got) >= 40)
    assert [e["uuid"] for e in events[::2]] == [f"t{i}" for i in range(20)]
    assert all("local_received" in e for e in events)
    assert source.stop(timeout=3)


def test_kombu_source_survives_a_restart_and_reports_the_gap(
    redis_server: RedisServer, running: Callable[[EventSource], EventSource]
) -> None:
    app = Celery(broker=redis_server.url)
    backoff = Backoff(initial=0.05, cap=0.2)
    source = connected(running(KombuEventSource(app, wakeup=False, backoff=backoff)))
    redis_server.stop()
    wait_for(lambda: source.status().attempt >= 1)
    redis_server.start()
    markers = collect(source, lambda got: len(got) >= 2)
    assert [e["type"] for e in markers] == [CONNECTION_LOST, CONNECTION_RESTORED]
    send(app, lifecycle(1))
    events = collect(source, lambda got: len(got) >= 2)
    assert [e["type"] for e in events] == ["task-received", "task-succeeded"]
    assert source.status().gaps == 1


def test_non_redis_brokers_get_the_kombu_source() -> None:
    assert isinstance(make_event_source(Celery(broker="memory://")), KombuEventSource)


def test_enable_events_broadcast_reaches_the_broker(redis_server: RedisServer) -> None:
    from desktop.core.events.enable_events import EventsEnabler

    app = Celery(broker=redis_server.url)
    pubsub = redis_server.client().pubsub()
    enabler = EventsEnabler(app, interval=0.2)
    try:
        pubsub.psubscribe("/0.celery.pidbox*")
        assert pubsub.get_message(timeout=2) is not None
        enabler.start()
        methods: list[str] = []

        def broadcast_seen() -> bool:
            message = pubsub.get_message(timeout=0.1)
            if message and message["type"] == "pmessage":
                envelope = orjson.loads(message["data"])
                methods.append(orjson.loads(base64.b64decode(envelope["body"]))["method"])
            return len(methods) >= 2

        wait_for(broadcast_seen)
        assert methods[:2] == ["enable_events", "enable_events"]
        wait_for(lambda: enabler.broadcasts >= 2)  # counted once the publish has returned
        enabler.set_enabled(False)
        assert not enabler.enabled and enabler.broadcasts >= 2 and enabler.last_error is None
    finally:
        assert enabler.stop(timeout=5)
        pubsub.close()
