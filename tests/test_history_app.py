"""The app opens with its history: a window connected to a real redis-server journals what a
real worker runs (some tasks fail); the window quits; a new window on the same profile opens
the Tasks view on last session's tasks, each failure exactly once, with the time since the
first window closed labelled as not covered."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery
from pytestqt.qtbot import QtBot

from desktop.core.history import CoverageKind, journal_path
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.monitor.tasks_page import TasksPage
from tests.support.celery_procs import CeleryProcess, client_app, close_client, running_worker
from tests.support.redis_server import RedisServer
from tests.test_history_catchup import all_finished, run_tasks

pytestmark = pytest.mark.slow


@pytest.fixture
def worker(redis_server: RedisServer, tmp_path: Path) -> Iterator[CeleryProcess]:
    with running_worker(redis_server.url, tmp_path / "worker", "celery", "app@%h") as process:
        yield process


@pytest.fixture
def client(redis_server: RedisServer) -> Iterator[Celery]:
    app = client_app(redis_server.url)
    yield app
    close_client(app)


def open_window() -> tuple[AppContext, MainWindow]:
    ctx = AppContext.create()
    window = MainWindow(ctx)  # not qtbot.addWidget: see tests/test_quit_question.py
    window.resize(1280, 800)
    window.show()
    return ctx, window


def quit_window(ctx: AppContext, window: MainWindow) -> None:
    ctx.hub.stop()
    assert ctx.hub.wait_stopped(30.0)
    ctx.journal.stop()
    assert ctx.journal.wait_stopped()
    window.close()
    window.deleteLater()
    ctx.runner.shutdown()


def shown_uuids(page: TasksPage) -> list[str]:
    rows = page.rows
    return [task.uuid for r in range(rows.rowCount()) if (task := rows.record_at(r)) is not None]


def test_a_new_window_opens_on_last_sessions_failures_each_once(
    qtbot: QtBot, redis_server: RedisServer, worker: CeleryProcess, client: Celery
) -> None:
    # the first session: connected, journaling, while tasks run and some fail
    ctx, window = open_window()
    path = journal_path(ctx.profile.name)
    try:
        with qtbot.waitSignal(ctx.connection.connected, timeout=30_000):
            ctx.connection.connect_to(redis_server.url, ctx.profile.name)
        qtbot.waitUntil(lambda: ctx.hub.status.source is not None
                        and ctx.hub.status.source.state == "connected", timeout=30_000)  # fmt: skip
        succeeded = run_tasks(client, 4)
        failed = run_tasks(client, 3, fail=True)
        qtbot.waitUntil(lambda: all_finished(path, succeeded + failed), timeout=30_000)
    finally:
        quit_window(ctx, window)
    closed_at = time.time()
    qtbot.wait(1500)  # the window stays closed a moment: nobody hears anything then

    # the next session, not connected yet: the Tasks view opens on the journal
    ctx, window = open_window()
    try:
        page = window.tasks_page
        qtbot.waitUntil(lambda: page.history.active and page.history.model.ready, timeout=10_000)
        everything = shown_uuids(page)
        assert sorted(everything) == sorted(succeeded + failed)  # each exactly once
        with qtbot.waitSignal(page.history.model.loaded, timeout=10_000):
            page.filters.set_states({"FAILURE"})
        assert sorted(shown_uuids(page)) == sorted(failed)
        page.history.table.selectRow(0)
        qtbot.waitUntil(lambda: "boom" in page.detail.field_texts().get("Exception", ""))
        events = [row[0] for row in page.detail.timeline_rows()]
        assert events[-1] == "failed" and "started" in events

        strip = page.history.coverage
        qtbot.waitUntil(lambda: bool(strip.periods), timeout=10_000)
        live = [p for p in strip.periods if p.kind is CoverageKind.LIVE]
        assert live and live[-1].end <= closed_at
        gap = strip.periods[-1]  # from the first window's quit until now
        assert gap.kind is CoverageKind.GAP and gap.start <= closed_at + 0.5
        assert "Not covered" in strip.legend.text()
        assert strip.tooltip_at(strip.bar.width() - 1).startswith("<b>Not covered</b>")
    finally:
        quit_window(ctx, window)
