"""ControlActions against a real redis-server and a real prefork worker (one per module).

Each action's effect is checked on the worker itself (its log, its task states in the result
backend, its ``inspect`` answers), not only its reply.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery

from desktop.core.control.actions import ControlActions, close_control_app, control_app
from desktop.core.control.originals import SOURCE_BACKEND, fetch_originals
from desktop.core.control.results import ReplyStatus
from desktop.core.net import free_port
from tests.support.celery_procs import (
    CeleryProcess,
    client_app,
    close_client,
    running_worker,
    start_desk_worker,
    unique_hostname,
)
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.slow

ADD, SLOW = "celery_desk_demo.tasks.add", "celery_desk_demo.tasks.slow"
HOST = unique_hostname("control").replace("@%h", "@test")


@pytest.fixture(scope="module")
def worker(
    redis_mod: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CeleryProcess]:
    directory = tmp_path_factory.mktemp("worker")
    with running_worker(redis_mod.url, directory, "celery", HOST, pool="prefork") as w:
        yield w


@pytest.fixture
def client(redis_mod: RedisServer, worker: CeleryProcess) -> Iterator[Celery]:
    """The demo app with its result backend: to read task states."""
    app = client_app(redis_mod.url)
    try:
        yield app
    finally:
        close_client(app)


@pytest.fixture
def actions(redis_mod: RedisServer) -> Iterator[ControlActions]:
    app = control_app(redis_mod.url)
    try:
        yield ControlActions(app, timeout=3.0)
    finally:
        close_control_app(app)


def wait_state(client: Celery, task_id: str, state: str, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    seen = client.AsyncResult(task_id).state
    while seen != state and time.monotonic() < deadline:
        time.sleep(0.05)
        seen = client.AsyncResult(task_id).state
    return str(seen)


def only_reply(result: object) -> tuple[str, str]:
    replies = result.replies  # type: ignore[attr-defined]
    assert [r.destination for r in replies] == [HOST], result
    return replies[0].status.value, replies[0].text


def test_revoked_queued_task_never_runs(
    actions: ControlActions, client: Celery, worker: CeleryProcess
) -> None:
    # the worker does not consume 'later' yet: the message waits there while it is revoked
    doomed = client.send_task(ADD, args=(40, 2), queue="later").id
    revoked = actions.revoke([doomed], destination=HOST)
    assert revoked.ok and only_reply(revoked) == ("ok", f"tasks {{'{doomed}'}} flagged as revoked")
    added = actions.add_consumer("later", destination=HOST)
    assert only_reply(added) == ("ok", "add consumer later")
    canary = client.send_task(ADD, args=(1, 1), queue="later")
    assert canary.get(timeout=15) == 2  # 'later' is consumed now, behind the doomed message
    assert wait_state(client, doomed, "REVOKED") == "REVOKED"
    assert "40 + 2 = 42" not in worker.log_text()
    assert f"Discarding revoked task: {ADD}[{doomed}]" in worker.log_text()
    cancelled = actions.cancel_consumer("later", destination=HOST)
    assert only_reply(cancelled) == ("ok", "no longer consuming from later")


def test_terminate_ends_a_running_slow_task(
    actions: ControlActions, client: Celery, worker: CeleryProcess
) -> None:
    running = client.send_task(SLOW, args=(30,)).id
    assert wait_state(client, running, "PROGRESS") == "PROGRESS"
    result = actions.revoke([running], terminate=True, signal="TERM", destination=HOST)
    assert result.ok and result.action == "terminate"
    assert result.parameters["signal"] == "SIGTERM"
    status, text = only_reply(result)
    assert status == "ok" and running in text
    assert wait_state(client, running, "REVOKED") == "REVOKED"
    worker.wait_for_log(f"Terminating {running} (15)", timeout=10)  # 15: SIGTERM
    assert f"Task {SLOW}[{running}] succeeded" not in worker.log_text()


def test_retry_a_failed_task_with_edited_arguments(actions: ControlActions, client: Celery) -> None:
    failed = client.send_task(ADD, args=(1, "x"))
    with pytest.raises(TypeError):
        failed.get(timeout=15)
    originals = fetch_originals(failed.id, backend_app=client)
    assert originals.source == SOURCE_BACKEND and not originals.truncated
    assert (originals.name, originals.args, originals.kwargs) == (ADD, [1, "x"], {})
    assert originals.name is not None and originals.kwargs is not None
    retried = actions.retry(
        originals.name, [1, 2], originals.kwargs, originals.options, original_id=failed.id
    )
    assert retried.ok and retried.targets == (failed.id,) and retried.task_id != failed.id
    assert retried.task_id is not None
    assert client.AsyncResult(retried.task_id).get(timeout=15) == 3
    assert client.AsyncResult(retried.task_id).state == "SUCCESS"


def test_rate_limit_and_pool_size_are_acknowledged_and_applied(
    actions: ControlActions, client: Celery
) -> None:
    limited = actions.rate_limit(ADD, "10/m", destination=HOST)
    assert only_reply(limited) == ("ok", "new rate limit set successfully")
    registered = client.control.inspect([HOST], timeout=3).registered("rate_limit")
    assert f"{ADD} [rate_limit=10/m]" in registered[HOST]
    assert actions.rate_limit(ADD, "", destination=HOST).ok  # back to no limit

    grown = actions.pool_grow(1, destination=HOST)
    assert only_reply(grown) == ("ok", "pool will grow")
    assert wait_pool_processes(client, 2) == 2
    shrunk = actions.pool_shrink(1, destination=HOST)
    assert only_reply(shrunk) == ("ok", "pool will shrink")
    assert wait_pool_processes(client, 1) == 1


def wait_pool_processes(client: Celery, count: int, timeout: float = 10.0) -> int:
    """The number of pool processes ``inspect stats`` reports, once it is ``count``."""
    deadline = time.monotonic() + timeout
    while True:
        stats = client.control.inspect([HOST], timeout=3).stats() or {}
        seen = len(stats.get(HOST, {}).get("pool", {}).get("processes", []))
        if seen == count or time.monotonic() > deadline:
            return seen
        time.sleep(0.2)


def test_silent_destination_and_worker_errors_are_reported(actions: ControlActions) -> None:
    quick = ControlActions(actions.app, timeout=1.0)
    limits = quick.time_limit(ADD, soft=5, hard=10, destination=[HOST, "ghost@nowhere"])
    assert not limits.ok
    assert [(r.destination, r.status, r.text) for r in limits.replies] == [
        (HOST, ReplyStatus.OK, "time limits set successfully"),
        ("ghost@nowhere", ReplyStatus.NO_REPLY, "no reply within 1 s"),
    ]
    assert only_reply(actions.pool_restart(HOST)) == (
        "error", "ValueError('Pool restarts not enabled')",
    )  # fmt: skip
    assert only_reply(actions.autoscale(3, 1, HOST)) == (
        "error", "ValueError('Autoscale not enabled')",
    )  # fmt: skip
    assert only_reply(actions.rate_limit("no.such.task", "1/s", HOST)) == ("error", "unknown task")
    assert "1 error" in actions.pool_restart(HOST).summary()


def test_bad_input_is_an_error_not_an_exception(actions: ControlActions) -> None:
    errors = {
        "pool": actions.pool_grow(0).error,
        "no ids": actions.revoke([]).error,
        "signal": actions.revoke(["x"], terminate=True, signal="SIGNOPE").error,
        "name": actions.send_task(" ").error,
        "args": actions.send_task(ADD, "1, 2").error,
        "option": actions.send_task(ADD, [1, 2], {}, {"qeueu": "x"}).error,
        "priority": actions.send_task(ADD, [1, 2], {}, {"priority": 300}).error,
        "eta": actions.send_task(ADD, [1, 2], {}, {"eta": "tomorrow"}).error,
        "limits": actions.time_limit(ADD, soft=10, hard=5).error,
        "autoscale": actions.autoscale(1, 3).error,
        "queue": actions.add_consumer("  ").error,
    }
    assert errors == {
        "pool": "n must be a positive integer, not 0",
        "no ids": "no task id given",
        "signal": "unknown signal 'SIGNOPE'",
        "name": "no task name given",
        "args": "args must be a list, not str",
        "option": "unknown option(s) qeueu (allowed: countdown, eta, exchange, expires, "
        "headers, priority, queue, routing_key, soft_time_limit, time_limit)",
        "priority": "priority must be an integer from 0 to 255, not 300",
        "eta": "eta must be an ISO 8601 date and time, not 'tomorrow'",
        "limits": "the soft limit must not exceed the hard limit",
        "autoscale": "need 0 <= min <= max and max >= 1 (got min=3, max=1)",
        "queue": "no queue name given",
    }


def test_unreachable_broker_is_an_error_without_the_password() -> None:
    app = control_app(f"redis://:hunter2@127.0.0.1:{free_port()}/0", connect_timeout=0.5)
    try:
        actions = ControlActions(app, timeout=0.5, connect_timeout=0.5)
        for result in (actions.rate_limit(ADD, "1/s"), actions.send_task(ADD, [1, 2])):
            assert result.error is not None and "hunter2" not in result.error
            assert result.error.startswith("cannot reach the broker")
            assert not result.ok and result.audit_replies() == {"error": result.error}
    finally:
        close_control_app(app)


def test_shutdown_stops_the_worker_it_names(redis_mod: RedisServer, tmp_path: Path) -> None:
    host = unique_hostname("doomed").replace("@%h", "@test")
    doomed = start_desk_worker(redis_mod.url, tmp_path / "doomed.log", hostname=host)
    app = control_app(redis_mod.url)
    try:
        doomed.wait_ready()
        result = ControlActions(app).shutdown(destination=host)
        assert result.ok and result.targets == (host,) and "without replying" in result.note
        assert doomed.wait_exit(timeout=20) == 0
    finally:
        close_control_app(app)
        doomed.stop()
