"""Worker actions on the Workers page, offscreen, against a real redis-server and real workers.

The real-worker test saves ``worker_actions.png`` (toolbar, selected worker, reply panel) into
``CELERY_DESK_SCREENSHOTS`` or ``/work/notes`` when that directory exists.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from celery import Celery
from PySide6.QtWidgets import QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.core.control.audit import AuditLog
from desktop.core.control.guard import Refused
from desktop.core.control.results import ActionResult
from desktop.ui.background import BackgroundRunner
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.monitor.worker_action_dialogs import (
    PoolSizeDialog,
    QueueDialog,
    RateLimitDialog,
    TimeLimitDialog,
)
from desktop.ui.monitor.worker_actions import WorkerActions
from desktop.ui.monitor.workers_page import WorkersPage
from tests.support.celery_procs import (
    CeleryProcess,
    client_app,
    close_client,
    start_desk_worker,
    unique_hostname,
)
from tests.support.redis_server import RedisServer
from tests.test_worker_model import worker_event

ADD = "celery_desk_demo.tasks.add"
READ_ONLY = "Profile 'prod' is read-only: actions are disabled"
TOOLBAR = [
    "Rate limit…", "Time limits…", "Grow pool…", "Shrink pool…", "Autoscale…",
    "Add consumer…", "Cancel consumer…", "Restart pool", "Shut down",
]  # fmt: skip


def screenshot_dir() -> Path | None:
    configured = os.environ.get("CELERY_DESK_SCREENSHOTS")
    if configured:
        return Path(configured)
    notes = Path("/work/notes")
    return notes if notes.is_dir() else None


def make_page(qtbot: QtBot, hub: MonitorHub, runner: BackgroundRunner, **kw: object) -> WorkersPage:
    page = WorkersPage(hub, runner, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    return page


@dataclass
class Scene:
    """The page, its actions and the real worker they act on."""

    qtbot: QtBot
    page: WorkersPage
    host: str
    worker: CeleryProcess
    client: Celery

    @property
    def actions(self) -> WorkerActions:
        return self.page.worker_actions

    def submit(self, click: Callable[[], object]) -> object:
        """``click()``, then wait for the action's result."""
        with self.qtbot.waitSignal(self.actions.action_finished, timeout=15_000) as finished:
            click()
        return finished.args[0]

    def confirm(self) -> object:
        """Accept the open confirmation (as the user would) and wait for the result."""
        self.qtbot.waitUntil(lambda: self.actions.confirmation is not None, timeout=2000)
        box = self.actions.confirmation
        assert box is not None
        text = box.text()
        self.submit(box.button(QMessageBox.StandardButton.Yes).click)
        return text


@pytest.mark.slow
def test_worker_actions_on_a_real_worker(
    qtbot: QtBot,
    hub: MonitorHub,
    runner: BackgroundRunner,
    redis_server: RedisServer,
    tmp_path: Path,
) -> None:
    host = unique_hostname("actions").replace("@%h", "@test")
    read_only = [True]
    audit = AuditLog()
    page = make_page(
        qtbot, hub, runner, inspect_timeout=3.0, action_timeout=3.0,
        read_only_provider=lambda: (read_only[0], "prod"), audit=audit,
    )  # fmt: skip
    hub.start(redis_server.url)
    page.set_broker_url(redis_server.url)
    worker = start_desk_worker(redis_server.url, tmp_path / "w.log", pool="prefork", hostname=host)
    client = client_app(redis_server.url)
    try:
        worker.wait_ready()
        qtbot.waitUntil(lambda: page.model.row_of(host) >= 0, timeout=10_000)
        with qtbot.waitSignal(page.detail.report_loaded, timeout=10_000):
            assert page.select_worker(host)
        assert page.selected_hostnames() == [host]
        scene = Scene(qtbot, page, host, worker, client)
        check_read_only_refuses(scene)
        read_only[0] = False
        scene.actions.update_state()
        assert not scene.actions.banner.isVisible()
        assert all(a.isEnabled() for a in scene.actions.actions.values())
        check_rate_limit(scene)
        check_pool_grow(scene)
        check_destroying_actions(scene)
        recorded = [(e.action, e.outcome, e.targets) for e in reversed(audit.entries())]
        assert recorded == [
            ("shutdown", "refused", (host,)),
            ("rate_limit", "ok", (host,)),
            ("pool_grow", "ok", (host,)),
            ("pool_restart", "failed", (host,)),
            ("shutdown", "ok", (host,)),
        ]
        limit_entry = audit.entries()[3]
        assert limit_entry.parameters == {"task_name": ADD, "rate": "10/m"}
        assert limit_entry.replies == {host: "ok: new rate limit set successfully"}
    finally:
        close_client(client)
        worker.stop()
        page.close_inspector()


def check_read_only_refuses(scene: Scene) -> None:
    """Every action disabled, saying why; even a forced one is refused, never confirmed."""
    actions = scene.actions
    assert actions.banner.isVisible() and actions.banner.text() == READ_ONLY
    assert [a.text() for a in actions.actions.values()] == TOOLBAR
    assert all(not a.isEnabled() and a.toolTip() == READ_ONLY for a in actions.actions.values())
    refused = scene.submit(lambda: actions.trigger("shutdown"))
    assert isinstance(refused, Refused) and refused.reason == READ_ONLY
    assert actions.confirmation is None
    assert actions.replies.headline.text() == f"Shut down refused: {READ_ONLY}"
    assert scene.worker.process.poll() is None


def check_rate_limit(scene: Scene) -> None:
    """Task types come from the worker's registered tasks; the worker's reply is shown."""
    actions, host = scene.actions, scene.host
    actions.actions["rate_limit"].trigger()
    dialog = actions.dialog
    assert isinstance(dialog, RateLimitDialog)
    assert ADD in [dialog.task.itemText(i) for i in range(dialog.task.count())]
    assert not dialog.ok_button.isEnabled()  # no task chosen yet
    dialog.task.setEditText(ADD)
    dialog.rate.setText("10/m")
    limited = scene.submit(dialog.ok_button.click)
    assert isinstance(limited, ActionResult) and limited.ok
    assert actions.replies.rows() == [(host, "ok", "new rate limit set successfully")]
    assert actions.replies.isVisible()
    registered = scene.client.control.inspect([host], timeout=3).registered("rate_limit")
    assert f"{ADD} [rate_limit=10/m]" in registered[host]


def check_pool_grow(scene: Scene) -> None:
    """Acknowledged, and the pool really has two processes after it."""
    actions, host, page = scene.actions, scene.host, scene.page
    actions.actions["pool_grow"].trigger()
    grow = actions.dialog
    assert isinstance(grow, PoolSizeDialog)
    grown = scene.submit(grow.ok_button.click)
    assert isinstance(grown, ActionResult) and grown.parameters == {"n": 1}
    assert actions.replies.rows() == [(host, "ok", "pool will grow")]
    assert wait_pool_processes(scene.client, host, 2) == 2
    page.detail.refresh()
    scene.qtbot.waitUntil(lambda: detail_pool_size(page) == 2, timeout=10_000)
    shot = screenshot_dir()
    if shot is not None:
        shot.mkdir(parents=True, exist_ok=True)
        page.grab().save(str(shot / "worker_actions.png"))


def check_destroying_actions(scene: Scene) -> None:
    """Pool restart (not enabled: the worker's error is shown), cancel consumer (declined),
    shutdown (confirmed, and the worker process exits)."""
    actions, host = scene.actions, scene.host
    actions.actions["pool_restart"].trigger()
    assert scene.confirm() == f"Restart the pool of {host}?"
    assert actions.replies.rows() == [(host, "error", "ValueError('Pool restarts not enabled')")]

    actions.actions["cancel_consumer"].trigger()
    cancel = actions.dialog
    assert isinstance(cancel, QueueDialog)
    assert [cancel.queue.itemText(i) for i in range(cancel.queue.count())] == ["celery"]
    cancel.reject()
    assert actions.dialog is None

    actions.actions["shutdown"].trigger()
    assert scene.confirm() == f"Shut down {host}?"
    assert actions.replies.rows()[0][:2] == (host, "sent")
    assert scene.worker.wait_exit(timeout=20) == 0


def detail_pool_size(page: WorkersPage) -> int:
    """How many pool processes the detail panel's stats tab shows (-1 while loading)."""
    report = page.detail.report
    stats = report.results.get("stats") if report is not None else None
    if stats is None or not stats.ok:
        return -1
    return len(stats.reply.get("pool", {}).get("processes", []))


def wait_pool_processes(client: Celery, host: str, count: int, timeout: float = 10.0) -> int:
    deadline = time.monotonic() + timeout
    while True:
        stats = client.control.inspect([host], timeout=3).stats() or {}
        seen = len(stats.get(host, {}).get("pool", {}).get("processes", []))
        if seen == count or time.monotonic() > deadline:
            return seen
        time.sleep(0.2)


GHOSTS = ("ghost@elsewhere", "ghost@nowhere")


def ghost_page(qtbot: QtBot, hub: MonitorHub, runner: BackgroundRunner) -> WorkersPage:
    """A page showing two workers (from synthetic heartbeats) that no broker ever reaches."""
    page = make_page(qtbot, hub, runner, action_timeout=0.5, inspect_timeout=0.5)
    hub.feed([worker_event("heartbeat", h, time.time()) for h in GHOSTS])
    return page


def test_actions_follow_connection_and_selection(
    qtbot: QtBot, hub: MonitorHub, runner: BackgroundRunner, redis_server: RedisServer
) -> None:
    page = ghost_page(qtbot, hub, runner)
    actions = page.worker_actions
    assert actions.disabled_reason == "Not connected to a broker"
    page.set_broker_url(redis_server.url)
    assert actions.disabled_reason == "Select one or more workers"
    assert not actions.actions["shutdown"].isEnabled()
    assert actions.actions["shutdown"].toolTip() == "Select one or more workers"
    # a right click selects the row under the mouse and opens the same actions
    view = page.view
    view.customContextMenuRequested.emit(view.visualRect(page.proxy.index(1, 1)).center())
    assert page.selected_hostnames() == ["ghost@nowhere"]
    menus = [m for m in page.findChildren(QMenu) if m.isVisible()]
    assert len(menus) == 1
    assert [a.text() for a in menus[0].actions() if not a.isSeparator()] == TOOLBAR
    assert actions.actions["rate_limit"].toolTip() == (
        "Limit how often a task type may start on ghost@nowhere"
    )
    menus[0].close()
    view.selectAll()
    assert page.selected_hostnames() == list(GHOSTS)
    assert actions.disabled_reason is None
    assert actions.target_label.full_text() == (
        "Act on 2 workers (ghost@elsewhere, ghost@nowhere):"
    )
    view.clearSelection()
    assert actions.disabled_reason == "Select one or more workers"
    page.close_inspector()
    assert actions.disabled_reason == "Not connected to a broker"


def test_silent_workers_show_no_reply_and_forms_check_input(
    qtbot: QtBot, hub: MonitorHub, runner: BackgroundRunner, redis_server: RedisServer
) -> None:
    page = ghost_page(qtbot, hub, runner)
    actions = page.worker_actions
    page.set_broker_url(redis_server.url)
    page.view.selectAll()
    actions.trigger("time_limit")
    limits = actions.dialog
    assert isinstance(limits, TimeLimitDialog)
    limits.task.setEditText(ADD)
    limits.soft.setValue(10)
    limits.hard.setValue(5)
    assert not limits.ok_button.isEnabled()
    assert limits.problem.text() == "The soft limit must not exceed the hard limit."
    limits.hard.setValue(20)
    assert limits.ok_button.isEnabled() and limits.parameters() == {
        "task_name": ADD, "soft": 10.0, "hard": 20.0,
    }  # fmt: skip
    with qtbot.waitSignal(actions.action_finished, timeout=10_000):
        limits.ok_button.click()
    assert actions.replies.rows() == [(h, "no reply", "no reply within 0.5 s") for h in GHOSTS]
    assert actions.replies.headline.text().endswith(": 2 no reply")

    actions.trigger("rate_limit")
    rate = actions.dialog
    assert isinstance(rate, RateLimitDialog)
    rate.task.setEditText(ADD)
    rate.rate.setText("ten a minute")
    assert not rate.ok_button.isEnabled()
    assert (
        rate.problem.text() == "'ten a minute' is not a rate: use tasks per s, m or h, like 10/m."
    )
    rate.rate.setText("")  # empty: no limit
    assert rate.ok_button.isEnabled()
    rate.reject()
    page.close_inspector()
