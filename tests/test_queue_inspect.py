"""QueueInspector against a real redis-server and a real worker (one of each per module).

Each test uses its own queue names. Depths are compared with what was published, and with
the raw Redis keys named the way kombu's default layout names them (docs/facts.md), so a layout
read wrongly from the channel cannot pass.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery

from desktop.core.control.actions import close_control_app, control_app
from desktop.core.net import free_port
from desktop.core.queues.inspect import (
    AGE_FIRST_SEEN,
    AGE_SENT_EVENT,
    AGE_TIMESTAMP,
    SOURCE_KEYS,
    QueueInspector,
)
from tests.support.celery_procs import CeleryProcess, running_worker, unique_hostname
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.slow

ADD = "celery_desk_demo.tasks.add"
HOST = unique_hostname("queues").replace("@%h", "@test")
SEP = "\x06\x16"  # kombu's default separator, to check the keys independently


@pytest.fixture(scope="module")
def worker(
    redis_mod: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CeleryProcess]:
    directory = tmp_path_factory.mktemp("worker")
    with running_worker(redis_mod.url, directory, "celery,work", HOST, pool="prefork") as w:
        yield w


@pytest.fixture
def app(redis_mod: RedisServer) -> Iterator[Celery]:
    app = control_app(redis_mod.url)
    try:
        yield app
    finally:
        close_control_app(app)


@pytest.fixture
def inspector(redis_mod: RedisServer) -> Iterator[QueueInspector]:
    inspector = QueueInspector(redis_mod.url)
    try:
        yield inspector
    finally:
        inspector.close()


def publish(app: Celery, queue: str, priorities: list[int]) -> list[str]:
    return [
        app.send_task(ADD, args=(n, p), queue=queue, priority=p).id
        for n, p in enumerate(priorities)
    ]


PRIORITIES = [9, 0, 3, 6, 9, 5, 0, 6, 9, 3, 7, 6, 9, 3, 9]
EXPECTED_LEVELS = ((0, 2), (3, 4), (6, 4), (9, 5))  # 5 -> level 3, 7 -> level 6


def test_depths_per_priority_level_equal_what_was_published(
    app: Celery, inspector: QueueInspector, redis_mod: RedisServer, worker: CeleryProcess
) -> None:
    publish(app, "prio", PRIORITIES)
    active, error = inspector.active_queues(timeout=2.0)
    assert error is None and active == {HOST: ["celery", "work"]}
    snapshot = inspector.snapshot(active, rediscover=True)
    assert snapshot.error is None
    assert (snapshot.priority_steps, snapshot.sep, snapshot.global_keyprefix) == (
        (0, 3, 6, 9), SEP, "",
    )  # fmt: skip
    prio = snapshot.queue("prio")
    assert prio is not None
    assert prio.levels == EXPECTED_LEVELS and prio.total == len(PRIORITIES)
    raw = redis_mod.client()
    assert [raw.llen(k) for k in ("prio", f"prio{SEP}3", f"prio{SEP}6", f"prio{SEP}9")] == [
        2, 4, 4, 5,
    ]  # fmt: skip
    assert prio.no_consumer and prio.consumers == ()
    celery_queue = snapshot.queue("celery")
    assert celery_queue is not None and celery_queue.consumers == (HOST,)
    assert not celery_queue.no_consumer
    # without the workers' queues, nobody is flagged
    assert not inspector.snapshot(None).queue("prio").no_consumer  # type: ignore[union-attr]


def test_layout_comes_from_the_transport_options(redis_mod: RedisServer) -> None:
    options = {"global_keyprefix": "acme:", "priority_steps": [0, 4, 8], "sep": "::"}
    sender = control_app(redis_mod.url, transport_options=options)
    custom = QueueInspector(redis_mod.url, transport_options=options)
    try:
        publish(sender, "custom", [0, 1, 4, 5, 8, 9, 9])
        snapshot = custom.snapshot(rediscover=True)
        assert (snapshot.priority_steps, snapshot.sep, snapshot.global_keyprefix) == (
            (0, 4, 8), "::", "acme:",
        )  # fmt: skip
        queue = snapshot.queue("custom")
        assert queue is not None and queue.levels == ((0, 2), (4, 2), (8, 3))
        raw = redis_mod.client()
        assert [raw.llen(k) for k in ("acme:custom", "acme:custom::4", "acme:custom::8")] == [
            2, 2, 3,
        ]  # fmt: skip
        assert custom.purge("custom").removed == ((0, 2), (4, 2), (8, 3))
        assert raw.exists("acme:custom", "acme:custom::4", "acme:custom::8") == 0
    finally:
        custom.close()
        close_control_app(sender)


def test_peek_shows_the_published_messages_in_the_order_workers_take_them(
    app: Celery, inspector: QueueInspector
) -> None:
    ids = publish(app, "peeked", PRIORITIES)
    eta_id = app.send_task(ADD, args=("late", "r"), queue="peeked", countdown=600).id
    result = inspector.peek("peeked", 50)
    assert result.error is None and result.total == len(PRIORITIES) + 1
    # level 0 first, oldest first within a level; the ETA message has no priority: level 0
    level = {0: 0, 3: 3, 5: 3, 6: 6, 7: 6, 9: 9}
    published = [(level[p], i, ids[i]) for i, p in enumerate(PRIORITIES)]
    published.append((0, len(ids), eta_id))
    shown = [m.message.task_id for m in result.messages]
    assert shown == [task_id for _level, _i, task_id in sorted(published)]
    assert shown[2] == eta_id
    first = result.messages[0].message
    assert (first.task, first.args, first.args_repr, first.retries) == (ADD, [1, 0], "(1, 0)", 0)
    assert first.headers["task"] == ADD and first.priority == 0
    assert [m.position for m in result.messages] == list(range(len(ids) + 1))
    assert result.messages[2].message.eta is not None and result.messages[0].message.eta is None
    assert [m.message.task_id for m in inspector.peek("peeked", 3).messages] == shown[:3]


def test_delete_removes_exactly_one_message(app: Celery, inspector: QueueInspector) -> None:
    ids = publish(app, "trimmed", [0, 0, 9])
    before = inspector.peek("trimmed", 10).messages
    deleted = inspector.delete_message(before[1])
    assert deleted.ok and deleted.task_id == ids[1]
    again = inspector.delete_message(before[1])
    assert again.error is None and not again.removed
    assert [m.message.task_id for m in inspector.peek("trimmed", 10).messages] == [ids[0], ids[2]]


def test_purge_empties_every_priority_level(
    app: Celery, inspector: QueueInspector, redis_mod: RedisServer
) -> None:
    publish(app, "purged", PRIORITIES)
    result = inspector.purge("purged")
    assert result.ok and result.removed == EXPECTED_LEVELS and result.total == len(PRIORITIES)
    assert redis_mod.client().exists("purged", *(f"purged{SEP}{s}" for s in (3, 6, 9))) == 0
    queue = inspector.snapshot(rediscover=True).queue("purged")
    assert queue is not None and queue.total == 0  # still listed: its binding remains
    assert inspector.purge("purged").total == 0


def test_a_message_held_by_a_worker_is_in_flight(
    app: Celery, inspector: QueueInspector, redis_mod: RedisServer, worker: CeleryProcess
) -> None:
    # an ETA task is taken from the queue at once and held, unacked, until it is due
    held = [app.send_task(ADD, args=(n, n), queue="work", countdown=300).id for n in range(2)]
    for task_id in held:
        worker.wait_for_log(f"Task {ADD}[{task_id}] received", timeout=15)
    assert redis_mod.client().hlen("unacked") >= 2
    snapshot = inspector.snapshot({HOST: ["celery", "work"]})
    work = snapshot.queue("work")
    assert work is not None
    assert (work.total, work.in_flight) == (0, 2)
    assert work.in_flight_since is not None and work.in_flight_since <= time.time()
    assert snapshot.in_flight_total >= 2
    found = inspector.find_message(held[0], ["work"])
    assert found is not None and found.where == "unacked" and found.queue == "work"


def test_oldest_age_says_which_clock_it_used(app: Celery, redis_mod: RedisServer) -> None:
    now = [1000.0]
    inspector = QueueInspector(redis_mod.url, clock=lambda: now[0])
    try:
        first = app.send_task(ADD, args=(1, 1), queue="aged").id
        app.send_task(ADD, args=(2, 2), queue="aged")
        assert inspector.snapshot().queue("aged").oldest_age == 0.0  # type: ignore[union-attr]
        now[0] += 30
        queue = inspector.snapshot().queue("aged")
        assert queue is not None and (queue.oldest_age, queue.oldest_source) == (30, AGE_FIRST_SEEN)
        sent = {first: 1000.0 - 45}
        queue = inspector.snapshot(sent_time=sent.get).queue("aged")
        assert queue is not None and (queue.oldest_age, queue.oldest_source) == (75, AGE_SENT_EVENT)
        app.send_task(ADD, args=(3, 3), queue="stamped", headers={"timestamp": 1000.0})
        stamped = inspector.snapshot(rediscover=True).queue("stamped")
        assert stamped is not None
        assert (stamped.oldest_age, stamped.oldest_source) == (30, AGE_TIMESTAMP)
    finally:
        inspector.close()


def test_queues_nobody_declared_are_found_from_their_keys(
    app: Celery, inspector: QueueInspector, redis_mod: RedisServer
) -> None:
    app.send_task(ADD, args=(1, 2), queue="donor")
    raw = redis_mod.client()
    payload = raw.rpop("donor")
    assert isinstance(payload, bytes)
    raw.lpush(f"orphan{SEP}6", payload)  # a message no binding or worker names
    raw.lpush("shopping", "milk")  # somebody's plain list, not a queue
    snapshot = inspector.snapshot({HOST: ["celery", "work"]}, rediscover=True)
    orphan = snapshot.queue("orphan")
    assert orphan is not None
    assert orphan.sources == {SOURCE_KEYS} and orphan.no_consumer and orphan.levels[2] == (6, 1)
    assert snapshot.queue("shopping") is None
    assert not any(".pidbox" in q.name or q.name.startswith("celeryev") for q in snapshot.queues)


def test_unreachable_and_non_redis_brokers_give_errors(tmp_path: Path) -> None:
    port = free_port()
    down = QueueInspector(f"redis://:hunter2@127.0.0.1:{port}/0", connect_timeout=0.5)
    amqp = QueueInspector(f"amqp://guest:guest@127.0.0.1:{port}//")
    try:
        snapshot = down.snapshot()
        assert snapshot.error is not None and snapshot.error.startswith("cannot reach the broker")
        assert "hunter2" not in snapshot.error and snapshot.queues == ()
        assert down.peek("celery").error is not None
        assert down.purge("celery").error is not None
        not_redis = amqp.snapshot().error
        assert not_redis == "The Queues view needs a Redis broker; this one is amqp"
    finally:
        down.close()
        amqp.close()
    closed = down.snapshot()
    assert closed.error == "the queue inspector is closed"
    with pytest.raises(ValueError, match="broker URL"):
        QueueInspector()
