"""The live monitor end to end: a real redis-server, a real demo worker, the hub and the
Tasks view following the demo tasks to their final states."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery
from pytestqt.qtbot import QtBot

from desktop.core.events import SourceState
from desktop.ui.background import BackgroundRunner
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.monitor.task_model import Column
from desktop.ui.monitor.tasks_page import TasksPage
from tests.support.celery_procs import client_app, close_client, start_desk_worker
from tests.support.redis_server import RedisServer

WAIT_MS = 30_000


@pytest.fixture
def client(redis_server: RedisServer) -> Iterator[Celery]:
    app = client_app(redis_server.url)
    try:
        yield app
    finally:
        close_client(app)


def test_tasks_of_a_real_worker_reach_their_final_states(
    redis_server: RedisServer, hub: MonitorHub, client: Celery, qtbot: QtBot, tmp_path: Path
) -> None:
    page = TasksPage(hub)
    qtbot.addWidget(page)
    page.show()
    statuses: list[str] = []
    hub.status_changed.connect(lambda status: statuses.append(status.text))
    hub.start(redis_server.url)
    qtbot.waitUntil(
        lambda: hub.status.source is not None and hub.status.source.state is SourceState.CONNECTED,
        timeout=WAIT_MS,
    )
    with start_desk_worker(redis_server.url, tmp_path / "worker.log") as worker:
        worker.wait_ready()
        added = client.send_task("celery_desk_demo.tasks.add", args=(2, 3))
        failed = client.send_task("celery_desk_demo.tasks.fail", args=("on purpose",))
        flaky = client.send_task("celery_desk_demo.tasks.flaky", args=(1,))
        store = hub.store

        def final() -> bool:
            states = [store.get(r.id) for r in (added, failed, flaky)]
            return [t.state if t else None for t in states] == ["SUCCESS", "FAILURE", "SUCCESS"]

        qtbot.waitUntil(final, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: page.proxy.row_of(flaky.id) >= 0, timeout=WAIT_MS)
        hostname = store.get(added.id).worker  # type: ignore[union-attr]
        assert hostname is not None and hostname.startswith("desk-test-")
        assert store.workers.get(hostname) is not None

    add_task, fail_task, flaky_task = (store.get(r.id) for r in (added, failed, flaky))
    assert add_task is not None and fail_task is not None and flaky_task is not None
    assert add_task.result == "5" and add_task.name == "celery_desk_demo.tasks.add"
    assert add_task.sent is not None and add_task.started is not None  # sent and started events
    assert fail_task.exception is not None and "DemoTaskError" in fail_task.exception
    assert fail_task.traceback is not None and "_explode" in fail_task.traceback
    assert flaky_task.retry_count == 1 and flaky_task.result == "1"
    # the table shows them as they are
    for task, state in ((add_task, "SUCCESS"), (fail_task, "FAILURE"), (flaky_task, "SUCCESS")):
        row = page.proxy.row_of(task.uuid)
        assert page.proxy.index(row, Column.STATE).data() == state
    row = page.proxy.row_of(flaky_task.uuid)
    assert page.proxy.index(row, Column.RETRIES).data() == "1"
    page.select_task(fail_task.uuid)
    assert "DemoTaskError" in page.detail.traceback_text()
    assert any(text.startswith("Events: connected") for text in statuses)


def test_update_state_progress_shows_from_the_result_backend(
    redis_server: RedisServer, hub: MonitorHub, client: Celery, qtbot: QtBot, tmp_path: Path
) -> None:
    runner = BackgroundRunner()
    page = TasksPage(hub, runner=runner, broker_url_provider=lambda: redis_server.url)
    qtbot.addWidget(page)
    try:
        hub.start(redis_server.url)
        with start_desk_worker(redis_server.url, tmp_path / "worker.log") as worker:
            worker.wait_ready()
            # only the id is kept: a live AsyncResult would unsubscribe when collected, later
            slow_id = client.send_task("celery_desk_demo.tasks.slow", args=(4,)).id
            qtbot.waitUntil(lambda: hub.store.get(slow_id) is not None, timeout=WAIT_MS)
            page.select_task(slow_id)
            seen: list[str] = []

            def progress_from_backend() -> bool:
                text = page.detail.progress_text() or ""
                seen.append(text)
                return text.startswith("PROGRESS ") and "from the result backend" in text

            qtbot.waitUntil(progress_from_backend, timeout=WAIT_MS)
            task = hub.store.get(slow_id)
            assert task is not None and task.state != "PROGRESS"  # events alone never say it
            qtbot.waitUntil(lambda: getattr(hub.store.get(slow_id), "state", "") == "SUCCESS",
                            timeout=WAIT_MS)  # fmt: skip
            qtbot.waitUntil(lambda: page.detail.progress_text() is None, timeout=WAIT_MS)
        assert page.backend_progress is not None and page.backend_progress.reads >= 1
    finally:
        if page.backend_progress is not None:
            page.backend_progress.shutdown()
        runner.shutdown()
