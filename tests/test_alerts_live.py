"""Alerts end to end with a real redis-server and real demo workers: a failing task fires
the failure rule and a notification is shown (the notifier seam records the call the app
makes); a queue nobody consumes fires the backlog rule; a killed worker fires the offline
rule after its grace period and resolves when it returns."""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from celery import Celery
from pytestqt.qtbot import QtBot

from desktop.core.alerts.grouping import Notification
from desktop.core.alerts.links import LinkPage
from desktop.core.alerts.rules import FailureRate, QueueBacklog, Rule, Severity, WorkerOffline
from desktop.core.events import SourceState
from desktop.core.profiles import ProfileStore
from desktop.core.settings import SettingsStore
from desktop.ui.alerts.center import AlertCenter
from desktop.ui.background import BackgroundRunner
from desktop.ui.connection import ConnectionController
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.profile_context import ProfileContext
from tests.support.celery_procs import (
    CeleryProcess,
    client_app,
    close_client,
    kill_processes,
    start_desk_worker,
)
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.slow

WAIT_MS = 40_000
FAIL = "celery_desk_demo.tasks.fail"


class RecordingNotifier:
    """The seam: the center calls this exactly where the app calls the tray or D-Bus."""

    name = "recording"

    def __init__(self) -> None:
        self.shown: list[Notification] = []

    def show(self, notification: Notification) -> None:
        self.shown.append(notification)


@dataclass
class Live:
    center: AlertCenter
    notifier: RecordingNotifier
    hub: MonitorHub
    url: str
    client: Celery

    def firing(self, rule_id: str) -> list[str]:
        return [r.subject for r in self.center.firing() if r.key[0] == rule_id]


@pytest.fixture
def live(
    qtbot: QtBot, redis_server: RedisServer, hub: MonitorHub, runner: BackgroundRunner
) -> Iterator[Live]:
    connection = ConnectionController(runner)
    settings = SettingsStore()
    profile = ProfileContext(ProfileStore(), settings)
    notifier = RecordingNotifier()
    center = AlertCenter(hub, connection, runner, profile, notifier=notifier, group_wait=0.5)
    center.set_rules([])
    connection.connected.connect(hub.start)
    connection.connect_to(redis_server.url, "Live test")
    qtbot.waitUntil(center.connected, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: hub.status.source is not None and hub.status.source.state is SourceState.CONNECTED,
        timeout=WAIT_MS,
    )
    center.start(200)
    client = client_app(redis_server.url)
    try:
        yield Live(center, notifier, hub, redis_server.url, client)
    finally:
        center.stop()
        close_client(client)
        connection.disconnect_from_broker()


def test_a_failing_task_fires_the_failure_rule_and_shows_a_notification(
    qtbot: QtBot, live: Live, tmp_path: Path
) -> None:
    rate = FailureRate(threshold_percent=20, window_seconds=120, min_volume=2)
    rule = Rule("fails", "Demo failures", rate, severity=Severity.CRITICAL, pattern="*.fail")
    live.center.set_rules([rule])
    with start_desk_worker(live.url, tmp_path / "worker.log") as worker:
        worker.wait_ready()
        live.client.send_task("celery_desk_demo.tasks.add", args=(1, 2))
        live.client.send_task("celery_desk_demo.tasks.fail", args=("on purpose",))
        facts = live.center.facts
        qtbot.waitUntil(lambda: facts.window(FAIL, 120, time.time()) == (1, 1), timeout=WAIT_MS)
        live.center.tick()
        assert live.firing("fails") == []  # one failure of one run is not "100 %"
        live.client.send_task("celery_desk_demo.tasks.fail", args=("again",))
        qtbot.waitUntil(lambda: live.firing("fails") == [FAIL], timeout=WAIT_MS)
        qtbot.waitUntil(lambda: len(live.notifier.shown) == 1, timeout=WAIT_MS)
    (shown,) = live.notifier.shown
    assert shown.title == "Demo: Demo failures" and shown.severity is Severity.CRITICAL
    assert "celery_desk_demo.tasks.fail: 2 of 2 finished failed (100 %)" in shown.body
    assert shown.link is not None and shown.link.page is LinkPage.TASKS
    (record,) = live.center.firing()
    assert record.notified and record.link == shown.link


def test_a_queue_nobody_consumes_fires_the_backlog_rule(qtbot: QtBot, live: Live) -> None:
    queue = f"orphans-{uuid.uuid4().hex[:6]}"
    rule = Rule("backlog", "Backlog", QueueBacklog(max_depth=3), pattern=queue)
    live.center.queues.every = 0.5
    live.center.set_rules([rule])
    for i in range(5):
        live.client.send_task("celery_desk_demo.tasks.add", args=(i, i), queue=queue)
    qtbot.waitUntil(lambda: live.firing("backlog") == [queue], timeout=WAIT_MS)
    (record,) = live.center.firing()
    assert f"{queue}: 5 messages waiting; limit 3" in record.why
    assert record.link is not None and record.link.page is LinkPage.QUEUES
    qtbot.waitUntil(lambda: len(live.notifier.shown) == 1, timeout=WAIT_MS)


def _kill(worker: CeleryProcess) -> None:
    """SIGKILL: no worker-offline event, heartbeats just stop (a crash, a lost machine)."""
    import psutil

    family = psutil.Process(worker.pid).children(recursive=True)
    os.kill(worker.pid, signal.SIGKILL)
    worker.process.wait(10)
    kill_processes(family)


def test_a_killed_worker_fires_the_offline_rule_and_resolves_when_back(
    qtbot: QtBot, live: Live, tmp_path: Path
) -> None:
    name = f"offline-{uuid.uuid4().hex[:6]}"
    rule = Rule("offline", "Worker offline", WorkerOffline(grace_seconds=6), pattern=f"{name}@*")
    live.center.pinger.every = 1.0
    live.center.set_rules([rule])
    first = start_desk_worker(live.url, tmp_path / "first.log", hostname=f"{name}@%h")
    try:
        first.wait_ready()
        qtbot.waitUntil(lambda: any(h.startswith(name) for h in live.hub.store.workers.workers),
                        timeout=WAIT_MS)  # fmt: skip
        (host,) = [h for h in live.hub.store.workers.workers if h.startswith(name)]
        _kill(first)
        killed = time.monotonic()
        qtbot.waitUntil(lambda: live.firing("offline") == [host], timeout=WAIT_MS)
        assert time.monotonic() - killed >= 4  # not before the grace period
    finally:
        first.stop()
    (record,) = live.center.firing()
    assert "no answer to a ping" in record.why and record.link is not None
    assert record.link.page is LinkPage.WORKERS and record.link.target == host
    with start_desk_worker(live.url, tmp_path / "second.log", hostname=f"{name}@%h") as second:
        second.wait_ready()
        qtbot.waitUntil(lambda: live.firing("offline") == [], timeout=WAIT_MS)
    (resolved,) = list(live.center.history)
    assert resolved.resolved_at is not None
