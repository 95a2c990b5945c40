"""The Workers page offscreen: synthetic workers through a real hub and store, and a real worker.

Set ``CELERY_DESK_SCREENSHOTS=<dir>`` to save ``workers_page.png`` there.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.core.inspect import describe_timeout
from desktop.ui.background import BackgroundRunner
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.monitor.worker_columns import PARTS, RAW_ROLE, Column
from desktop.ui.monitor.workers_page import WorkersPage
from tests.support.celery_procs import (
    client_app,
    close_client,
    start_desk_worker,
    unique_hostname,
)
from tests.support.redis_server import RedisServer
from tests.test_worker_model import Clock, task_event, worker_event


def make_page(qtbot: QtBot, hub: MonitorHub, runner: BackgroundRunner, **kw: object) -> WorkersPage:
    page = WorkersPage(hub, runner, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    return page


def status_of(page: WorkersPage, host: str) -> str:
    model = page.model
    return str(model.data(model.index(model.row_of(host), Column.STATUS)))


def test_worker_goes_offline_when_heartbeats_stop_and_is_removed_later(
    qtbot: QtBot, hub: MonitorHub, runner: BackgroundRunner
) -> None:
    # the hub's store checks liveness against the real time at each batch: start from now
    t0 = time.time()
    clock = Clock(t0 + 4)
    page = make_page(qtbot, hub, runner, clock=clock)
    page.set_remove_offline_after(30.0)
    assert page.view.placeholder().startswith("No worker seen yet.")
    hub.feed([worker_event("heartbeat", h, t) for t in (t0, t0 + 2, t0 + 4) for h in "ab"])
    assert page.summary.text() == "2 workers · 2 online" and page.view.placeholder() == ""
    hub.feed([worker_event("heartbeat", "a", t0 + 6)])
    # a beats every 2 s until t0 + 12; b fell silent at t0 + 4 (expires at 4 + 2*2 + 3)
    for t in (t0 + 8, t0 + 10, t0 + 12):
        clock.now = t
        hub.feed([worker_event("heartbeat", "a", t)])
        hub.batch_applied.emit(hub.store.tick(now=t))
    assert (status_of(page, "a"), status_of(page, "b")) == ("online", "offline")
    assert page.summary.text() == "2 workers · 1 online · 1 offline"
    page.hide_offline.setChecked(True)
    assert page.proxy.rowCount() == 1
    page.hide_offline.setChecked(False)
    clock.now = t0 + 45
    hub.batch_applied.emit(hub.store.tick(now=t0 + 45))
    assert page.model.hostnames() == ["a"]  # b: offline since t0 + 11, removed after 30 s
    assert status_of(page, "a") == "offline"


def test_silent_destination_shows_no_reply(
    qtbot: QtBot, hub: MonitorHub, runner: BackgroundRunner, redis_server: RedisServer
) -> None:
    page = make_page(qtbot, hub, runner, inspect_timeout=0.5)
    now = time.time()
    hub.feed([worker_event("heartbeat", "ghost@nowhere", now)])
    page.set_broker_url(redis_server.url)
    with qtbot.waitSignal(page.detail.report_loaded, timeout=8000):
        assert page.select_worker("ghost@nowhere")
    detail = page.detail
    assert detail.report is not None and detail.report.all_timed_out
    assert (
        detail.tab_for["stats"].message.text() == describe_timeout(0.5) == "no reply within 0.5 s"
    )
    assert detail.status.text().startswith("no reply within 0.5 s")
    page.close_inspector()


def test_detail_of_a_real_worker(
    qtbot: QtBot,
    hub: MonitorHub,
    runner: BackgroundRunner,
    redis_server: RedisServer,
    tmp_path: Path,
) -> None:
    hostname = unique_hostname("page").replace("@%h", "@test")
    page = make_page(qtbot, hub, runner, inspect_timeout=3.0)
    hub.start(redis_server.url)
    page.set_broker_url(redis_server.url)
    # the row exists before the worker can answer inspect (as when its first heartbeat
    # arrives before its control consumer is up): the stats are asked for again soon
    hub.feed([worker_event("heartbeat", hostname, time.time())])
    assert page.model.row_of(hostname) >= 0
    with start_desk_worker(redis_server.url, tmp_path / "worker.log", hostname=hostname) as worker:
        worker.wait_ready()
        assert status_of(page, hostname) == "online"
        # pool and concurrency come from inspect stats, unselected, within seconds (not 30 s)
        model = page.model

        def pool_shown() -> bool:
            return model.data(model.index(model.row_of(hostname), Column.POOL)) == "solo"

        qtbot.waitUntil(pool_shown, timeout=12_000)
        with qtbot.waitSignal(page.detail.report_loaded, timeout=10_000):
            assert page.select_worker(hostname)
        detail = page.detail
        assert detail.report is not None and detail.report.answered
        registered = detail.tab_for["registered"].item_texts()
        assert "celery_desk_demo.tasks.add" in registered
        assert detail.tab_for["active_queues"].item_texts() == ["celery"]
        assert "pid" in detail.tab_for["stats"].item_texts()
        row = model.row_of(hostname)
        assert model.data(model.index(row, Column.POOL)) == "solo"
        assert model.data(model.index(row, Column.CONCURRENCY)) == "1"
        assert model.data(model.index(row, Column.PID)) == str(worker.pid)
        assert detail.tabs.tabText(detail.tabs.indexOf(detail.tab_for["registered"])) == (
            f"Registered tasks ({len(registered)})"
        )
        report = detail.report
        hub.set_paused(True)
        hub.set_paused(False)  # resuming rebuilds the rows: selection and detail survive
        assert page.selected_hostname() == hostname and detail.report is report
        _render(qtbot, page, hub)
    page.close_inspector()


def _render(qtbot: QtBot, page: WorkersPage, hub: MonitorHub) -> None:
    """Add two synthetic workers (one offline) beside the real one and grab the page."""
    now = time.time()
    spare, gone = "celery@spare-host", "celery@retired-host"
    hub.feed([
        worker_event("online", gone, now - 30, pid=3101),
        worker_event("offline", gone, now - 20, pid=3101),
        worker_event("heartbeat", spare, now - 1, pid=2718, active=3, processed=1532,
                     loadavg=[2.4, 1.9, 1.2]),
        task_event("succeeded", "s1", spare, now - 1, runtime=0.2),
        task_event("failed", "f1", spare, now - 1, exception="ValueError()"),
    ])  # fmt: skip
    page.model.set_pool_info(spare, "prefork", 4)
    qtbot.wait(50)
    image = page.grab()
    assert not image.isNull() and page.model.rowCount() == 3
    target = os.environ.get("CELERY_DESK_SCREENSHOTS")
    if target:
        assert image.save(str(Path(target) / "workers_page.png"))


def test_a_real_workers_counts_add_up(
    qtbot: QtBot,
    hub: MonitorHub,
    runner: BackgroundRunner,
    redis_server: RedisServer,
    tmp_path: Path,
) -> None:
    """Processed = Active + Succeeded + Failed + Retried + Revoked + Unseen, with a real
    Celery worker watched from its start: every run accounted for, nothing unseen."""
    hostname = unique_hostname("tally").replace("@%h", "@test")
    page = make_page(qtbot, hub, runner)
    hub.start(redis_server.url)
    model = page.model

    def shown() -> dict[Column, object]:
        row = model.row_of(hostname)
        cells = (Column.PROCESSED, *PARTS)
        return {c: model.data(model.index(row, c), RAW_ROLE) for c in cells} if row >= 0 else {}

    client = client_app(redis_server.url)
    log = tmp_path / "worker.log"
    try:
        with start_desk_worker(redis_server.url, log, hostname=hostname, pool="prefork") as worker:
            worker.wait_ready()
            send = client.send_task
            for x in (1, 2):
                send("celery_desk_demo.tasks.add", args=(x, x))
            send("celery_desk_demo.tasks.fail", args=("on purpose",))
            send("celery_desk_demo.tasks.flaky", args=(1,))  # a retried run, then a success
            slow = send("celery_desk_demo.tasks.slow", args=(30,))
            qtbot.waitUntil(lambda: hub.store.get(slow.id) is not None
                            and hub.store.get(slow.id).started is not None,  # type: ignore[union-attr]
                            timeout=20_000)  # fmt: skip
            client.control.revoke(slow.id, terminate=True)
            expected = {
                Column.PROCESSED: 6, Column.ACTIVE: 0, Column.SUCCEEDED: 3, Column.FAILED: 1,
                Column.RETRIED: 1, Column.REVOKED: 1, Column.UNSEEN: 0,
            }  # fmt: skip
            qtbot.waitUntil(lambda: shown() == expected, timeout=30_000)
    finally:
        close_client(client)
        hub.stop()
