"""The Queues view offscreen: its model under qtmodeltester, the page against a real
redis-server and a real worker, and the audit log viewer.

The page test saves ``/work/notes/queues_page.png`` when that directory exists (or into
``CELERY_DESK_SCREENSHOTS``): the priority and in-flight columns filled.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from celery import Celery
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.core.control.actions import close_control_app, control_app
from desktop.core.control.audit import AuditLog
from desktop.core.control.guard import Refused
from desktop.core.queues.inspect import QueueInfo, QueueSnapshot
from desktop.core.queues.results import DeleteResult, PurgeResult
from desktop.ui.action_runner import ActionRunner
from desktop.ui.audit_view import RAW_ROLE as AUDIT_RAW_ROLE
from desktop.ui.audit_view import AuditDialog, AuditTableModel
from desktop.ui.background import BackgroundRunner
from desktop.ui.queues.queue_model import RAW_ROLE, QueueTableModel, format_age
from desktop.ui.queues.queues_page import QueuesPage
from tests.support.celery_procs import start_desk_worker, unique_hostname
from tests.support.redis_server import RedisServer

ADD = "celery_desk_demo.tasks.add"


def screenshot_dir() -> Path | None:
    configured = os.environ.get("CELERY_DESK_SCREENSHOTS")
    if configured:
        return Path(configured)
    notes = Path("/work/notes")
    return notes if notes.is_dir() else None


def info(name: str, levels: tuple[int, ...], **kw: object) -> QueueInfo:
    steps = (0, 3, 6, 9)[: len(levels)]
    return QueueInfo(name, tuple(zip(steps, levels, strict=True)), **kw)  # type: ignore[arg-type]


def snapshot(*queues: QueueInfo, steps: tuple[int, ...] = (0, 3, 6, 9)) -> QueueSnapshot:
    return QueueSnapshot(queues=queues, priority_steps=steps, taken_at=time.time())


def test_queue_model_under_qtmodeltester(qapp: object, qtmodeltester: ModelTester) -> None:
    model = QueueTableModel()
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.set_snapshot(snapshot(info("a", (1, 2, 3, 4)), info("b", (0, 0, 0, 0))))
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "Queue", "Total", "P0", "P3", "P6", "P9", "Consumers", "In flight", "Oldest waiting",
        "Flags",
    ]  # fmt: skip
    model.set_snapshot(
        snapshot(
            info("b", (5, 0, 0, 0), in_flight=3, consumers=("w@h",), oldest_age=65.0),
            info("c", (0, 0, 0, 7), consumers_known=True, oldest_age=5, oldest_source="first-seen"),
        )
    )
    assert [model.queue_at(r).name for r in range(model.rowCount())] == ["b", "c"]
    b, c = model.row_of("b"), model.row_of("c")
    assert model.data(model.index(b, model.column_of("total"))) == "5"
    assert model.data(model.index(b, model.column_of("in_flight")), RAW_ROLE) == 3
    assert model.data(model.index(b, model.column_of("oldest"))) == "1 min 05 s"
    assert model.data(model.index(c, model.column_of("oldest"))) == "≥ 5 s"
    assert model.data(model.index(c, model.column_of("level", 9)), RAW_ROLE) == 7
    assert model.data(model.index(c, model.column_of("flags"))) == "no consumer"
    assert model.data(model.index(b, model.column_of("flags"))) == ""
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.set_snapshot(QueueSnapshot(error="down"))  # an error keeps the last rows
    assert model.rowCount() == 2
    model.set_snapshot(snapshot(info("z", (1, 2)), steps=(0, 3)))  # another layout: reset
    assert model.columnCount() == 8 and model.rowCount() == 1
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.clear()
    assert model.rowCount() == 0
    assert format_age(3 * 3600 + 120) == "3 h 02 min" and format_age(90000) == "1 d 1 h"


@pytest.fixture
def sender(redis_server: RedisServer) -> Iterator[Celery]:
    app = control_app(redis_server.url)
    try:
        yield app
    finally:
        close_control_app(app)


def cell(page: QueuesPage, queue: str, key: str, step: int = -1) -> object:
    model = page.model
    return model.data(model.index(model.row_of(queue), model.column_of(key, step)), RAW_ROLE)


def confirm(qtbot: QtBot, page: QueuesPage, answer: QMessageBox.StandardButton) -> str:
    qtbot.waitUntil(lambda: page.confirmation is not None, timeout=2000)
    box = page.confirmation
    assert box is not None
    text = box.text()
    box.button(answer).click()
    return text


@dataclass
class Filled:
    """What ``filled_broker`` published, and the task-sent times the event store would know."""

    url: str
    sent: dict[str, float]


@pytest.fixture
def filled_broker(sender: Celery, redis_server: RedisServer, tmp_path: Path) -> Iterator[Filled]:
    """A worker on 'celery' and 'emails' holding 5 ETA messages; 120 messages at four
    priorities in 'prio' and 7 in 'reports', which nobody consumes."""
    host = unique_hostname("page").replace("@%h", "@test")
    worker = start_desk_worker(
        redis_server.url, tmp_path / "worker.log", "-Q", "celery,emails", hostname=host
    )
    sent: dict[str, float] = {}
    try:
        worker.wait_ready()
        now = time.time()
        for priority, count in {0: 12, 3: 30, 6: 45, 9: 33}.items():
            for n in range(count):
                result = sender.send_task(ADD, args=(n, priority), queue="prio", priority=priority)
                sent[result.id] = now - 600 + n
        for n in range(7):
            sender.send_task(ADD, args=(n, "report"), queue="reports")
        held = [sender.send_task(ADD, args=(n, n), countdown=600).id for n in range(3)]
        held += [
            sender.send_task(ADD, args=(n, "mail"), queue="emails", countdown=600).id
            for n in range(2)
        ]
        for task_id in held:
            worker.wait_for_log(f"[{task_id}] received", timeout=15)
        yield Filled(redis_server.url, sent)
    finally:
        worker.stop()


def test_queues_page_shows_levels_in_flight_and_peek(
    qtbot: QtBot, runner: BackgroundRunner, filled_broker: Filled, tmp_path: Path
) -> None:
    read_only = [False]
    audit = AuditLog(tmp_path / "audit.log")
    page = QueuesPage(
        runner, lambda: filled_broker.url, lambda: (read_only[0], "dev"),
        audit=audit, sent_time_lookup=filled_broker.sent.get, interval_ms=500,
    )  # fmt: skip
    qtbot.addWidget(page)
    page.resize(1200, 720)
    page.show()
    try:
        qtbot.waitUntil(
            lambda: page.model.row_of("prio") >= 0 and cell(page, "celery", "in_flight") == 3,
            timeout=20_000,
        )
        assert [cell(page, "prio", "level", s) for s in (0, 3, 6, 9)] == [12, 30, 45, 33]
        assert cell(page, "prio", "total") == 120 and cell(page, "prio", "flags") == "no consumer"
        assert cell(page, "reports", "flags") == "no consumer"
        assert cell(page, "emails", "in_flight") == 2 and cell(page, "emails", "consumers") == 1
        assert cell(page, "celery", "flags") == "" and cell(page, "celery", "consumers") == 1
        assert 595 <= float(cell(page, "prio", "oldest")) <= 700  # type: ignore[arg-type]
        assert "127 waiting · 5 in flight · priority levels 0/3/6/9" in page.summary.text()

        assert page.select_queue("prio")
        qtbot.waitUntil(lambda: len(page.peek.messages()) == 20, timeout=5000)
        first = page.peek.messages()[0].message
        assert (first.task, first.args, first.priority) == (ADD, [0, 0], 0)
        page.peek.table.selectRow(1)
        directory = screenshot_dir()
        if directory is not None:
            page.grab().save(str(directory / "queues_page.png"))

        delete_and_purge(qtbot, page, audit)
        read_only[0] = True
        check_read_only(qtbot, page, directory)
    finally:
        page.shutdown(wait=True)


def delete_and_purge(qtbot: QtBot, page: QueuesPage, audit: AuditLog) -> None:
    second = page.peek.messages()[1]
    with qtbot.waitSignal(page.action_finished, timeout=5000) as deleted:
        page.peek.delete_button.click()
        text = confirm(qtbot, page, QMessageBox.StandardButton.Yes)
    assert text == f"Delete {ADD} [{second.message.task_id}] from 'prio'?"
    assert isinstance(deleted.args[0], DeleteResult) and deleted.args[0].ok
    qtbot.waitUntil(lambda: cell(page, "prio", "total") == 119, timeout=5000)

    page.peek.purge_button.click()
    text = confirm(qtbot, page, QMessageBox.StandardButton.Cancel)
    assert text == "Purge 119 messages from 'prio'?"
    qtbot.wait(300)
    assert audit.entries()[0].action == "delete_message"  # cancelled: nothing ran
    with qtbot.waitSignal(page.action_finished, timeout=5000) as purged:
        page.peek.purge_button.click()
        confirm(qtbot, page, QMessageBox.StandardButton.Yes)
    assert isinstance(purged.args[0], PurgeResult) and purged.args[0].total == 119
    qtbot.waitUntil(lambda: cell(page, "prio", "total") == 0, timeout=5000)
    assert not page.peek.purge_button.isEnabled()
    assert [(e.action, e.outcome, e.profile) for e in audit.entries()] == [
        ("purge_queue", "ok", "dev"), ("delete_message", "ok", "dev"),
    ]  # fmt: skip


def check_read_only(qtbot: QtBot, page: QueuesPage, directory: Path | None) -> None:
    reason = "Profile 'dev' is read-only: actions are disabled"
    qtbot.waitUntil(lambda: page.banner.text() == reason, timeout=5000)
    assert page.banner.isVisibleTo(page)
    page.select_queue("reports")
    qtbot.waitUntil(lambda: len(page.peek.messages()) == 7, timeout=5000)
    page.peek.table.selectRow(0)
    assert not page.peek.delete_button.isEnabled() and not page.peek.purge_button.isEnabled()
    assert page.peek.purge_button.toolTip() == reason and page.peek.reason.text() == reason
    if directory is not None:
        page.grab().save(str(directory / "queues_page_read_only.png"))


def test_queues_page_says_when_not_connected_or_unreachable(
    qtbot: QtBot, runner: BackgroundRunner, tmp_path: Path
) -> None:
    url: list[str | None] = [None]
    page = QueuesPage(
        runner, lambda: url[0], lambda: (False, "dev"),
        audit=AuditLog(tmp_path / "a"), interval_ms=600_000,
    )  # fmt: skip
    qtbot.addWidget(page)
    with qtbot.waitActive(page):  # shortcuts need an active window
        page.show()
        page.activateWindow()
    page.view.setFocus()
    assert page.summary.text() == "Not connected to a broker"
    url[0] = "redis://:hunter2@127.0.0.1:1/0"
    # the timer is far away: only F5 can refresh
    qtbot.keyClick(page.view, Qt.Key.Key_F5)  # type: ignore[no-untyped-call]
    # generous: the first kombu import on a thread is slow with PySide's import hook
    qtbot.waitUntil(lambda: "cannot reach the broker" in page.summary.text(), timeout=20_000)
    assert "hunter2" not in page.summary.text()
    page.shutdown(wait=True)


def test_audit_dialog_lists_newest_first_and_filters(
    qtbot: QtBot, qtmodeltester: ModelTester, runner: BackgroundRunner, tmp_path: Path
) -> None:
    audit = AuditLog(tmp_path / "audit.log")
    audit.record("prod", "purge_queue", targets=["celery"], outcome="refused", reason="read-only")
    audit.record("dev", "revoke", targets=["task-1"], replies={"w1@h": "ok: flagged"})
    audit.record("dev", "pool_grow", targets=["w2@h"], replies={"w2@h": "ok: pool will grow"})
    dialog = AuditDialog(audit, runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=5000)
    qtmodeltester.check(dialog.model)  # type: ignore[no-untyped-call]
    column = [dialog.proxy.index(r, 2).data() for r in range(dialog.proxy.rowCount())]
    assert column == ["Grow pool", "Revoke", "Purge queue"]  # shown as labels
    assert dialog.proxy.index(0, 2).data(AUDIT_RAW_ROLE) == "pool_grow"
    dialog.filter.setText("w1@h")
    assert dialog.proxy.rowCount() == 1 and dialog.proxy.index(0, 3).data() == "task-1"
    dialog.filter.setText("PROD read-only")
    assert dialog.proxy.rowCount() == 1 and dialog.proxy.index(0, 4).data() == "refused"
    dialog.filter.clear()
    assert dialog.proxy.rowCount() == 3
    assert isinstance(dialog.model, AuditTableModel)


def test_action_runner_refuses_on_read_only_and_skips_confirming_the_harmless(
    qtbot: QtBot, runner: BackgroundRunner, tmp_path: Path
) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    read_only = [True]
    audit = AuditLog(tmp_path / "audit.log")
    actions = ActionRunner(runner, lambda: (read_only[0], "prod"), owner, audit)
    ran: list[str] = []

    def purge() -> PurgeResult:
        ran.append("purge")
        return PurgeResult("q", ((0, 1),))

    with qtbot.waitSignal(actions.finished, timeout=5000) as refused:
        actions.request("purge_queue", ["q"], {"queue": "q"}, purge, confirm_text="Purge?")
    assert actions.confirmation is None  # nothing to confirm: it is refused
    assert isinstance(refused.args[0], Refused) and ran == []
    assert refused.args[0].reason == "Profile 'prod' is read-only: actions are disabled"

    read_only[0] = False
    with qtbot.waitSignal(actions.finished, timeout=5000) as done:
        actions.request("pool_grow", ["w@h"], {"n": 1}, lambda: PurgeResult("stand-in"))
    assert actions.confirmation is None and done.args[0].queue == "stand-in"  # not destructive
    actions.request("purge_queue", ["q"], {"queue": "q"}, purge)
    assert actions.confirmation is not None
    assert actions.confirmation.text() == "Purge queue: q?"  # the default question
    with qtbot.waitSignal(actions.finished, timeout=5000):
        actions.confirmation.button(QMessageBox.StandardButton.Yes).click()
    assert ran == ["purge"]
    assert [(e.action, e.outcome) for e in audit.entries()] == [
        ("purge_queue", "ok"), ("pool_grow", "ok"), ("purge_queue", "refused"),
    ]  # fmt: skip
