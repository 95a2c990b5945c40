"""EventStore driven by synthetic ``celery.events.Event`` dicts, with an injected clock."""

from __future__ import annotations

from typing import Any

import pytest
from celery.events import Event

from desktop.core.events.store import EventStore
from tests.support.clock import Clock

W1 = "celery@w1"


def task_event(kind: str, uuid: str, t: float, hostname: str = W1, **fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = Event(
        f"task-{kind}", uuid=uuid, hostname=hostname, timestamp=t, local_received=t, **fields
    )
    return event


def received(uuid: str, t: float, **fields: Any) -> dict[str, Any]:
    defaults: dict[str, Any] = {
        "name": "proj.add",
        "args": "(1, 2)",
        "kwargs": "{}",
        "root_id": uuid,
        "parent_id": None,
        "retries": 0,
    }
    return task_event("received", uuid, t, **(defaults | fields))


def heartbeat(t: float, hostname: str = W1, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"freq": 2.0, "active": 0, "processed": 0, "loadavg": [0.5, 0.4, 0.3]}
    values |= fields
    event: dict[str, Any] = Event(
        "worker-heartbeat", hostname=hostname, timestamp=t, local_received=t, **values
    )
    return event


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(clock: Clock) -> EventStore:
    return EventStore(max_tasks=1000, clock=clock, offline_margin=3.0, remove_offline_after=60.0)


def test_lifecycle_in_order_fills_every_field(store: EventStore) -> None:
    fields = {"name": "proj.add", "args": "(1, 2)", "kwargs": "{}", "retries": 0}
    route = {"queue": "celery", "exchange": "", "routing_key": "celery"}
    sent = task_event("sent", "a", 1.0, hostname="client@h", **fields, **route)
    first = store.apply([sent])
    assert first.inserted == ["a"] and first.updated == []
    assert store.tasks["a"].state == "PENDING"
    store.apply([received("a", 2.0), task_event("started", "a", 3.0)])
    changes = store.apply([task_event("succeeded", "a", 4.0, result="3", runtime=1.5)])
    task = store.tasks["a"]
    assert changes.updated == ["a"] and changes.inserted == []
    assert (task.state, task.name, task.args, task.result, task.runtime) == (
        "SUCCESS", "proj.add", "(1, 2)", "3", 1.5)  # fmt: skip
    assert (task.sent, task.received, task.started, task.succeeded) == (1.0, 2.0, 3.0, 4.0)
    assert (task.client, task.worker, task.queue, task.routing_key) == (
        "client@h", W1, "celery", "celery")  # fmt: skip
    assert task.root_id is task.uuid  # shared, not a second copy
    assert store.state_counts() == {"SUCCESS": 1}
    assert store.runtimes.percentiles("proj.add") == {50: 1.5, 90: 1.5, 99: 1.5}


def test_late_received_never_overwrites_success(store: EventStore) -> None:
    store.apply([task_event("succeeded", "a", 5.0, result="3", runtime=0.5)])
    assert store.tasks["a"].state == "SUCCESS" and store.tasks["a"].name is None
    store.apply([received("a", 2.0), task_event("started", "a", 3.0)])
    task = store.tasks["a"]
    assert task.state == "SUCCESS"
    assert task.timestamp == 5.0
    assert (task.name, task.args, task.received, task.started) == ("proj.add", "(1, 2)", 2.0, 3.0)
    assert store.state_counts() == {"SUCCESS": 1}


def test_started_after_failure_keeps_failure(store: EventStore) -> None:
    store.apply([received("a", 1.0)])
    store.apply([task_event("failed", "a", 3.0, exception="KeyError('x')", traceback="Trace\n")])
    store.apply([task_event("started", "a", 2.0)])
    task = store.tasks["a"]
    assert (task.state, task.exception, task.traceback) == ("FAILURE", "KeyError('x')", "Trace\n")
    assert store.workers.workers[W1].failed == 1
    assert store.throughput.series(3.0, 1) == [(3, 0, 1)]


def test_retries_are_counted_and_the_retry_run_wins(store: EventStore) -> None:
    store.apply([
        received("a", 1.0), task_event("started", "a", 2.0),
        task_event("retried", "a", 3.0, exception="Retry('later')", traceback="tb"),
    ])  # fmt: skip
    assert store.tasks["a"].state == "RETRY"
    assert store.tasks["a"].retry_count == 1
    store.apply([received("a", 4.0, retries=1), task_event("started", "a", 5.0)])
    assert store.tasks["a"].state == "STARTED"
    store.apply([task_event("succeeded", "a", 6.0, result="ok", runtime=1.0)])
    task = store.tasks["a"]
    assert (task.state, task.retries, task.retry_count, task.retried) == ("SUCCESS", 1, 1, 3.0)
    assert store.workers.workers[W1].retried == 1
    assert store.state_counts() == {"SUCCESS": 1}


def test_a_retry_older_than_the_final_state_is_ignored(store: EventStore) -> None:
    store.apply([task_event("succeeded", "a", 6.0, result="ok", runtime=1.0)])
    store.apply([task_event("retried", "a", 3.0, exception="Retry()", traceback="tb")])
    assert store.tasks["a"].state == "SUCCESS"
    assert store.tasks["a"].retry_count == 1
    assert store.tasks["a"].exception == "Retry()"  # the field is kept, the state is not


def test_revoked_records_why(store: EventStore) -> None:
    store.apply([received("a", 1.0), task_event("started", "a", 2.0)])
    store.apply([task_event("revoked", "a", 3.0, terminated=True, signum=15, expired=False)])
    task = store.tasks["a"]
    assert task.state == "REVOKED" and task.revoked == 3.0
    assert task.extra == {"terminated": True, "signum": 15, "expired": False}
    store.apply([received("b", 1.0)])
    store.apply([task_event("revoked", "c", 4.0, terminated=False, signum=None, expired=True)])
    store.apply([received("c", 3.0)])
    assert store.tasks["c"].state == "REVOKED"
    assert store.state_counts() == {"REVOKED": 2, "RECEIVED": 1}


def test_custom_progress_events_and_their_meta(store: EventStore) -> None:
    store.apply([received("a", 1.0), task_event("started", "a", 2.0)])
    store.apply([task_event("progress", "a", 3.0, meta={"current": 3, "total": 10})])
    task = store.tasks["a"]
    assert task.state == "PROGRESS" and task.progress() == (3.0, 10.0)
    store.apply([task_event("progress", "a", 4.0, meta={"current": 7, "total": 10})])
    assert task.progress() == (7.0, 10.0)
    store.apply([task_event("started", "a", 2.5)])  # late: STARTED ranks below PROGRESS
    assert task.state == "PROGRESS"
    store.apply([task_event("succeeded", "a", 5.0, result="done", runtime=3.0)])
    store.apply([task_event("progress", "a", 4.5, meta={"current": 9, "total": 10})])
    assert task.state == "SUCCESS"
    assert task.progress() == (7.0, 10.0)  # a late custom event fills nothing already known


def test_revoke_while_in_progress_wins(store: EventStore) -> None:
    store.apply([received("a", 1.0), task_event("progress", "a", 2.0, current=1, total=4)])
    assert store.tasks["a"].progress() == (1.0, 4.0)
    store.apply([task_event("revoked", "a", 3.0, terminated=True, signum=9, expired=False)])
    assert store.tasks["a"].state == "REVOKED"


def test_heartbeats_online_offline_and_removal(store: EventStore, clock: Clock) -> None:
    t0 = clock.now
    changes = store.apply([heartbeat(t0, processed=3, sw_ident="py-celery", sw_ver="5.7.0")])
    assert changes.workers_changed == [W1]
    worker = store.workers.workers[W1]
    assert (worker.online, worker.freq, worker.processed, worker.sw_ver) == (True, 2.0, 3, "5.7.0")
    clock.now = t0 + 6.9  # within freq * 2 + margin = 7 s
    assert store.tick().workers_changed == [] and worker.online
    clock.now = t0 + 7.5
    changes = store.tick()
    assert changes.workers_changed == [W1] and not worker.online
    assert worker.offline_since == t0 + 7.0
    store.apply([heartbeat(clock.now)])
    assert worker.online and worker.offline_since is None
    store.apply(
        [Event("worker-offline", hostname=W1, timestamp=clock.now, local_received=clock.now)]
    )
    assert not worker.online and worker.announced_offline
    clock.now += 61.0
    changes = store.tick()
    assert changes.workers_removed == [W1] and W1 not in store.workers.workers


def test_worker_liveness_ignores_its_clock_skew(store: EventStore, clock: Clock) -> None:
    skewed = heartbeat(clock.now + 3600.0)  # the worker's clock is an hour ahead
    skewed["local_received"] = clock.now
    store.apply([skewed])
    clock.now += 5.0
    store.tick()
    worker = store.workers.workers[W1]
    assert worker.online and worker.drift == pytest.approx(-3600.0)
    clock.now += 3.0
    store.tick()
    assert not worker.online


def test_eviction_takes_the_oldest_finished_task_first(clock: Clock) -> None:
    store = EventStore(max_tasks=3, clock=clock)
    store.apply([received("a", 1.0), received("b", 1.0), received("c", 1.0)])
    store.apply([task_event("succeeded", "c", 2.0), task_event("succeeded", "a", 3.0)])
    changes = store.apply([received("d", 4.0)])
    assert changes.removed == ["c"] and changes.inserted == ["d"]
    changes = store.apply([received("e", 5.0)])
    assert changes.removed == ["a"]
    changes = store.apply([received("f", 6.0)])  # nothing finished: the oldest goes
    assert changes.removed == ["b"]
    assert list(store.tasks) == ["d", "e", "f"]
    assert store.state_counts() == {"RECEIVED": 3} and store.evicted == 3


def test_a_retried_task_is_not_evicted_as_finished(clock: Clock) -> None:
    store = EventStore(max_tasks=2, clock=clock)
    store.apply([task_event("failed", "a", 1.0), task_event("succeeded", "b", 1.0)])
    store.apply([task_event("retried", "a", 2.0)])  # a left its final state
    changes = store.apply([received("c", 3.0)])
    assert changes.removed == ["b"] and set(store.tasks) == {"a", "c"}


def test_change_sets_within_one_batch(clock: Clock) -> None:
    store = EventStore(max_tasks=2, clock=clock)
    store.apply([task_event("succeeded", "old", 1.0), received("x", 1.0)])
    changes = store.apply([
        task_event("started", "x", 2.0),        # updated ...
        task_event("succeeded", "x", 3.0),      # ... then finished
        task_event("succeeded", "new1", 3.0),   # evicts "old"
        task_event("received", "new1", 2.0),    # inserted, then updated: only inserted
        task_event("succeeded", "new2", 4.0),   # evicts x: updated then removed
        task_event("succeeded", "new3", 5.0),   # evicts new1: inserted and gone, nowhere
    ])  # fmt: skip
    assert changes.inserted == ["new2", "new3"]
    assert changes.updated == []
    assert changes.removed == ["old", "x"]
    assert changes.events == 6
    assert store.tick().empty


def test_malformed_and_foreign_events_are_counted(store: EventStore) -> None:
    changes = store.apply([
        {"no": "type"}, {"type": 5}, Event("task-succeeded", hostname=W1),
        Event("worker-heartbeat"), Event("custom-thing", hostname=W1),
    ])  # fmt: skip
    assert changes.inserted == [] and store.malformed == 4 and store.other_events == 1
    assert store.event_count == 5


def test_throughput_ring_by_local_receive_time(store: EventStore) -> None:
    store.apply([task_event("succeeded", f"s{i}", 100.2) for i in range(3)])
    store.apply([task_event("failed", "f", 101.9)])
    assert store.throughput.series(102.0, 3) == [(100, 3, 0), (101, 0, 1), (102, 0, 0)]
    store.apply([task_event("succeeded", "z", 700.5)])  # 600 s later: bucket 100 reused
    assert store.throughput.series(700.9, 1) == [(700, 1, 0)]
    assert store.throughput.series(700.9, 600)[0] == (101, 0, 1)  # the window's oldest second
    assert store.throughput.series(701.0, 600)[0] == (102, 0, 0)


def test_connection_gap_with_estimated_loss_from_worker_clocks(store: EventStore) -> None:
    store.apply([heartbeat(10.0, clock=5), received("a", 11.0, clock=6)])
    store.apply([{"type": "desk-connection-lost", "local_received": 12.0, "reason": "reset"}])
    store.apply([{"type": "desk-connection-restored", "local_received": 15.0}])
    store.apply([heartbeat(16.0, clock=20)])  # 13 events sent while we were away
    store.apply([received("b", 17.0, clock=30)])  # connected: a jump, not counted as loss
    summary = store.loss_summary()
    assert (summary.gaps, summary.estimated_lost, summary.clock_jumps) == (1, 13, 9)
    gap = summary.last_gap
    assert gap is not None and (gap.kind, gap.start, gap.end, gap.events) == (
        "disconnect", 12.0, 15.0, 13)  # fmt: skip
    assert gap.estimated
    assert summary.describe() == "1 gap in the event stream, about 13 events lost (estimated)"


def test_heartbeat_silence_while_connected_is_a_gap(store: EventStore) -> None:
    store.apply([heartbeat(10.0), heartbeat(12.0), heartbeat(22.0)])
    gap = store.loss_summary().last_gap
    assert gap is not None and (gap.kind, gap.hostname, gap.events) == ("heartbeat", W1, 4)
    assert store.loss_summary().estimated_lost == 0


def test_hint_for_a_worker_without_task_events(store: EventStore, clock: Clock) -> None:
    t0 = clock.now
    store.apply([heartbeat(t0, processed=10), heartbeat(t0 + 2, processed=12)])
    clock.now = t0 + 11.0
    store.apply([heartbeat(clock.now, processed=15)])
    hints = store.hints(grace=10.0)
    assert [(h.code, h.hostname, h.setting) for h in hints] == [
        ("no-task-events", W1, "worker_send_task_events")]  # fmt: skip
    assert "-E" in hints[0].message
    store.apply([received("a", clock.now)])
    assert store.hints(grace=10.0) == []


def test_hint_for_missing_sent_events(store: EventStore) -> None:
    store.apply([task_event("succeeded", f"t{i}", 1.0) for i in range(20)])
    assert [h.setting for h in store.hints()] == ["task_send_sent_event"]
    store.apply([task_event("sent", "s", 1.0), task_event("succeeded", "s", 2.0)])
    assert store.hints() == []


def test_throughput_leaves_out_the_seconds_before_counting_began() -> None:
    now = [1000.0]
    store = EventStore(clock=lambda: now[0])
    assert store.counting_since() == 1000.0
    now[0] = 1100.0
    store.apply([task_event("succeeded", "a", 1099.5)])
    rows = store.throughput.series(1100.0, 300, store.counting_since())
    assert rows[0] == (1000, 0, 0) and len(rows) == 101  # not 300 seconds of unmeasured zeros
    assert rows[-2] == (1099, 1, 0)
    assert len(store.throughput.series(1010.0, 300, 1000.0)) == 60  # a minute at the least
    store.apply([task_event("failed", "old", 700.2)])  # a replay older than the store
    assert store.counting_since() == 700.0
    assert store.throughput.series(1100.0, 300, store.counting_since())[0][0] == 801
