"""Where a retry's original arguments come from, against a real redis-server and worker.

The arguments here are long on purpose: their repr in the events (and in the message's
``argsrepr`` header) is cut at 1024 characters, so only a source that has the full
arguments can return them whole.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from celery import Celery

from desktop.core.control.actions import close_control_app, control_app
from desktop.core.control.originals import (
    SOURCE_BACKEND,
    SOURCE_QUEUE,
    SOURCE_REPR,
    SOURCE_UNACKED,
    SOURCE_UNKNOWN,
    fetch_originals,
)
from desktop.core.net import free_port
from desktop.core.queues.inspect import QueueInspector
from tests.support.celery_procs import (
    CeleryProcess,
    client_app,
    close_client,
    running_worker,
    unique_hostname,
)
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.slow

ADD = "celery_desk_demo.tasks.add"
LONG = "x" * 5000


@pytest.fixture(scope="module")
def worker(
    redis_mod: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CeleryProcess]:
    host = unique_hostname("originals").replace("@%h", "@test")
    with running_worker(redis_mod.url, tmp_path_factory.mktemp("worker"), "celery", host) as w:
        yield w


@pytest.fixture
def client(redis_mod: RedisServer, worker: CeleryProcess) -> Iterator[Celery]:
    app = client_app(redis_mod.url)
    try:
        yield app
    finally:
        close_client(app)


@pytest.fixture
def inspector(redis_mod: RedisServer) -> Iterator[QueueInspector]:
    inspector = QueueInspector(redis_mod.url)
    try:
        yield inspector
    finally:
        inspector.close()


def test_from_the_result_backend_when_result_extended(client: Celery) -> None:
    failed = client.send_task(ADD, args=(LONG, 1), kwargs={})
    with pytest.raises(TypeError):
        failed.get(timeout=15)
    found = fetch_originals(failed.id, backend_app=client, argsrepr="('xx...', 1)")
    assert found.source == SOURCE_BACKEND and found.exact and not found.truncated
    assert (found.name, found.args, found.kwargs) == (ADD, [LONG, 1], {})
    assert found.options == {"queue": "celery"}
    assert "result_extended" in found.note


def test_from_the_queue_while_the_message_waits(client: Celery, inspector: QueueInspector) -> None:
    waiting = client.send_task(ADD, args=(LONG,), kwargs={"y": "z"}, queue="parked", priority=6)
    # the backend knows nothing yet (PENDING): the broker has the full message
    found = fetch_originals(waiting.id, backend_app=client, inspector=inspector)
    assert found.source == SOURCE_QUEUE and not found.truncated
    assert (found.name, found.args, found.kwargs) == (ADD, [LONG], {"y": "z"})
    assert found.options == {"queue": "parked", "priority": 6}
    assert len(found.args_repr) < 1100 and found.args_repr.endswith("...',)")  # the cut header


def test_from_the_unacked_hash_while_a_worker_holds_it(
    client: Celery, inspector: QueueInspector, worker: CeleryProcess
) -> None:
    held = client.send_task(ADD, args=(LONG, "!"), countdown=300)
    worker.wait_for_log(f"Task {ADD}[{held.id}] received", timeout=15)
    found = fetch_originals(held.id, backend_app=client, inspector=inspector)
    assert found.source == SOURCE_UNACKED and found.exact
    assert (found.name, found.args) == (ADD, [LONG, "!"])
    assert "in flight" in found.note


def test_only_the_reprs_left(redis_server: RedisServer) -> None:
    inspector = QueueInspector(redis_server.url)
    try:
        whole = fetch_originals(
            "gone-1", inspector=inspector, name=ADD, argsrepr="(1, 'a')", kwargsrepr="{'k': [2]}"
        )
        assert (whole.source, whole.truncated) == (SOURCE_REPR, False)
        assert (whole.args, whole.kwargs) == ([1, "a"], {"k": [2]})
        cut = fetch_originals("gone-2", inspector=inspector, name=ADD, argsrepr="('xxxx...', 1)")
        assert (cut.source, cut.truncated, cut.args_repr) == (SOURCE_REPR, True, "('xxxx...', 1)")
        odd = fetch_originals("gone-3", name=ADD, argsrepr="(<object at 0x1>,)", kwargsrepr="{}")
        assert odd.truncated and odd.args is None and "edit them" in odd.note
        nothing = fetch_originals("gone-4", inspector=inspector)
        assert (nothing.source, nothing.truncated, nothing.args) == (SOURCE_UNKNOWN, True, None)
    finally:
        inspector.close()


def test_an_unreachable_backend_is_noted_and_the_broker_still_asked(
    redis_server: RedisServer,
) -> None:
    dead = f"redis://:hunter2@127.0.0.1:{free_port()}/0"
    backend_app = control_app(redis_server.url, result_backend=dead, connect_timeout=0.5)
    backend_app.conf.redis_socket_connect_timeout = 0.5
    backend_app.conf.result_backend_transport_options = {"retry_policy": {"max_retries": 0}}
    sender = control_app(redis_server.url)
    inspector = QueueInspector(redis_server.url)
    try:
        task_id = sender.send_task(ADD, args=(1, 2), queue="elsewhere").id
        found = fetch_originals(task_id, backend_app=backend_app, inspector=inspector)
        assert found.source == SOURCE_QUEUE and found.args == [1, 2]
        assert len(found.problems) == 1 and found.problems[0].startswith("result backend:")
        assert "hunter2" not in found.problems[0]
    finally:
        inspector.close()
        close_control_app(sender)
        close_control_app(backend_app)
