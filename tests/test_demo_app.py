"""The demo tasks and periodic tasks, through a real ``celery-desk worker`` and ``beat``.

One redis-server and one worker (prefork, one child, started with ``-A`` after the
sub-command) serve the whole module; each test sends its own tasks by name from a client app.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery
from celery.result import AsyncResult

from celery_desk_demo.tasks import DemoTaskError
from tests.support.celery_procs import (
    CeleryProcess,
    client_app,
    close_client,
    start_desk_beat,
    start_desk_worker,
)
from tests.support.redis_server import RedisServer, start_redis

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def module_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = start_redis(tmp_path_factory.mktemp("redis"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def worker(
    module_redis: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CeleryProcess]:
    logs = tmp_path_factory.mktemp("worker")
    process = start_desk_worker(
        module_redis.url,
        logs / "worker.log",
        pool="prefork",
        env={"CELERY_DESK_HOME": str(logs / "home")},
    )
    try:
        process.wait_ready()
        yield process
    finally:
        process.stop()


@pytest.fixture
def client(module_redis: RedisServer, worker: CeleryProcess) -> Iterator[Celery]:
    app = client_app(module_redis.url)
    try:
        yield app
    finally:
        close_client(app)


def test_worker_subcommand_runs_add(client: Celery, worker: CeleryProcess) -> None:
    result = client.send_task("celery_desk_demo.tasks.add", args=(16, 26))
    assert result.get(timeout=15) == 42
    assert result.state == "SUCCESS"
    # result_extended: the backend keeps the task's name and arguments.
    stored = client.AsyncResult(result.id)
    assert (stored.name, stored.args) == ("celery_desk_demo.tasks.add", [16, 26])
    worker.wait_for_log("16 + 26 = 42", timeout=5)


def test_slow_reports_progress_while_running(client: Celery) -> None:
    result = client.send_task("celery_desk_demo.tasks.slow", args=(2.0,))
    seen: list[dict[str, float]] = []
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not result.ready():
        fresh = AsyncResult(result.id, app=client)
        if fresh.state == "PROGRESS" and isinstance(fresh.info, dict):
            seen.append(fresh.info)
        time.sleep(0.05)
    summary = result.get(timeout=15)
    assert summary["steps"] == 10
    assert seen, "no PROGRESS state observed while the task ran"
    assert {"current", "total", "percent"} <= set(seen[0])
    assert all(meta["total"] == 10 for meta in seen)
    assert [m["current"] for m in seen] == sorted(m["current"] for m in seen)
    assert 0 < seen[-1]["percent"] <= 100


def test_fail_ends_in_failure_with_traceback(client: Celery) -> None:
    result = client.send_task("celery_desk_demo.tasks.fail", args=("disk on fire",))
    with pytest.raises(DemoTaskError, match="disk on fire"):
        result.get(timeout=15)
    assert result.state == "FAILURE"
    assert isinstance(result.result, DemoTaskError)
    traceback = result.traceback or ""
    for frame in ("in fail", "in _validate_and_process", "in _process", "in _explode"):
        assert frame in traceback
    assert "DemoTaskError: disk on fire" in traceback


def test_flaky_succeeds_after_its_retries(client: Celery, worker: CeleryProcess) -> None:
    result = client.send_task("celery_desk_demo.tasks.flaky", args=(2,))
    assert result.get(timeout=20) == 2
    log = worker.log_text()
    retries = re.findall(rf"celery_desk_demo\.tasks\.flaky\[{result.id}\] retry", log)
    assert len(retries) == 2, log[-3000:]


def test_beat_subcommand_sends_the_code_defined_periodic_task(
    module_redis: RedisServer, worker: CeleryProcess, client: Celery, tmp_path: Path
) -> None:
    beat = start_desk_beat(module_redis.url, tmp_path / "beat.log", tmp_path / "beat-schedule")
    try:
        beat.wait_for_log("Scheduler: Sending due task say hello every 10 s", timeout=20)
        pattern = re.compile(r"Task celery_desk_demo\.tasks\.test\[([0-9a-f-]+)\] succeeded")
        deadline = time.monotonic() + 10
        while not (match := pattern.search(worker.log_text())) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert match, worker.log_text()[-3000:]
        sent = client.AsyncResult(match.group(1))
        assert (sent.name, sent.args, sent.state) == (
            "celery_desk_demo.tasks.test",
            ["hello"],
            "SUCCESS",
        )
        assert "hello" in worker.log_text()
    finally:
        exit_code = beat.stop()
    assert exit_code == 0, beat.log_text()[-3000:]
