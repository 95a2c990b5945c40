"""Task actions on the Tasks page, offscreen, against a real redis-server and a real worker.

Saves ``retry_dialog.png`` (the Retry form showing a failed task's original arguments) into
``CELERY_DESK_SCREENSHOTS`` or ``/work/notes`` when that directory exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from celery import Celery
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.core.control.audit import AuditLog
from desktop.core.control.guard import Refused
from desktop.core.control.originals import SOURCE_BACKEND, SOURCE_REPR, fetch_originals
from desktop.core.control.results import ActionResult
from desktop.core.events import SourceState
from desktop.ui.background import BackgroundRunner
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.monitor.retry_dialog import RetryDialog
from desktop.ui.monitor.task_actions import TaskActions
from desktop.ui.monitor.task_columns import Column
from desktop.ui.monitor.tasks_page import TasksPage
from tests.support.celery_procs import client_app, close_client, start_desk_worker
from tests.support.redis_server import RedisServer
from tests.test_worker_actions import screenshot_dir

pytestmark = pytest.mark.slow

ADD = "celery_desk_demo.tasks.add"
READ_ONLY = "Profile 'prod' is read-only: actions are disabled"
WAIT_MS = 20_000


@dataclass
class Scene:
    qtbot: QtBot
    page: TasksPage
    hub: MonitorHub
    client: Celery

    @property
    def actions(self) -> TaskActions:
        assert self.page.task_actions is not None
        return self.page.task_actions

    def submit(self, click: Callable[[], object]) -> object:
        with self.qtbot.waitSignal(self.actions.action_finished, timeout=WAIT_MS) as finished:
            click()
        return finished.args[0]

    def confirm(self) -> tuple[str, object]:
        """Accept the open confirmation (as the user would); its text and the result."""
        self.qtbot.waitUntil(lambda: self.actions.confirmation is not None, timeout=2000)
        box = self.actions.confirmation
        assert box is not None
        text = box.text()
        return text, self.submit(box.button(QMessageBox.StandardButton.Yes).click)

    def state(self, task_id: str) -> str | None:
        task = self.hub.store.get(task_id)
        return task.state if task is not None else None

    def shown_state(self, task_id: str) -> str | None:
        row = self.page.proxy.row_of(task_id)
        return self.page.proxy.index(row, Column.STATE).data() if row >= 0 else None


def test_task_actions_on_a_real_worker(
    qtbot: QtBot, hub: MonitorHub, runner: BackgroundRunner, redis_server: RedisServer,
    tmp_path: Path,
) -> None:  # fmt: skip
    read_only = [False]
    audit = AuditLog()
    page = TasksPage(
        hub, runner=runner, broker_url_provider=lambda: redis_server.url,
        read_only_provider=lambda: (read_only[0], "prod"), audit=audit,
    )  # fmt: skip
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    hub.start(redis_server.url)
    qtbot.waitUntil(
        lambda: hub.status.source is not None and hub.status.source.state is SourceState.CONNECTED,
        timeout=WAIT_MS,
    )
    worker = start_desk_worker(redis_server.url, tmp_path / "worker.log")
    client = client_app(redis_server.url)
    try:
        worker.wait_ready()
        scene = Scene(qtbot, page, hub, client)
        new_id = check_retry_with_edited_args(scene)
        check_revoke_before_it_runs(scene)
        check_bulk_revoke_states_the_count(scene)
        read_only[0] = True
        check_read_only_disables(scene)
        recorded = [(e.action, e.outcome) for e in reversed(audit.entries())]
        assert recorded == [
            ("retry", "ok"), ("revoke", "ok"), ("revoke", "ok"), ("revoke", "refused"),
        ]  # fmt: skip
        assert audit.entries()[3].replies["task_id"] == new_id
    finally:
        close_client(client)
        worker.stop()


def check_retry_with_edited_args(scene: Scene) -> str:
    """add(1, "x") fails; the dialog shows [1, "x"] from the backend; [1, 2] succeeds."""
    page, actions, qtbot = scene.page, scene.actions, scene.qtbot
    failed = scene.client.send_task(ADD, args=(1, "x")).id
    qtbot.waitUntil(lambda: scene.shown_state(failed) == "FAILURE", timeout=WAIT_MS)
    page.select_task(failed)
    assert [t.uuid for t in page.selected_tasks()] == [failed]
    actions.update_state()
    assert actions.actions["retry"].isEnabled()
    actions.actions["retry"].trigger()
    dialog = actions.dialog
    assert isinstance(dialog, RetryDialog)
    assert not dialog.ok_button.isEnabled()  # still loading
    qtbot.waitUntil(lambda: dialog.originals is not None, timeout=WAIT_MS)
    assert dialog.originals is not None and dialog.originals.source == SOURCE_BACKEND
    assert dialog.args.toPlainText() == '[1, "x"]'
    assert dialog.name.text() == ADD
    shot = screenshot_dir()
    if shot is not None:
        shot.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(shot / "retry_dialog.png"))
    dialog.args.setPlainText("[1, ")
    assert not dialog.ok_button.isEnabled() and "not valid JSON" in dialog.problem.text()
    dialog.args.setPlainText("[1, 2]")
    assert dialog.ok_button.isEnabled()
    result = scene.submit(dialog.ok_button.click)
    assert isinstance(result, ActionResult) and result.ok and result.task_id
    assert result.parameters["args"] == [1, 2]
    new_id = result.task_id
    qtbot.waitUntil(lambda: scene.shown_state(new_id) == "SUCCESS", timeout=WAIT_MS)
    retried = scene.hub.store.get(new_id)
    assert retried is not None and retried.result == "3"
    assert actions.replies.headline.text().startswith("Retry at ")
    return new_id


def check_revoke_before_it_runs(scene: Scene) -> None:
    """A task waiting for its countdown is revoked (Del) and is discarded, never run."""
    page, qtbot = scene.page, scene.qtbot
    queued = scene.client.send_task(ADD, args=(5, 5), countdown=3).id
    qtbot.waitUntil(lambda: scene.shown_state(queued) == "RECEIVED", timeout=WAIT_MS)
    page.select_task(queued)
    assert [t.uuid for t in page.selected_tasks()] == [queued]
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=2000)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # type: ignore[no-untyped-call]
    text, result = scene.confirm()
    assert text == f"Revoke {ADD} [{queued}]?"
    assert isinstance(result, ActionResult) and result.ok and len(result.replies) == 1
    assert result.replies[0].text == f"tasks {{{queued!r}}} flagged as revoked"
    qtbot.waitUntil(lambda: scene.client.AsyncResult(queued).state == "REVOKED", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: scene.shown_state(queued) == "REVOKED", timeout=WAIT_MS)
    assert scene.hub.store.get(queued).started is None  # type: ignore[union-attr]


def check_bulk_revoke_states_the_count(scene: Scene) -> None:
    """Three selected tasks: "Revoke 3 tasks?"; all shown: the shown count, declined."""
    page, actions, qtbot = scene.page, scene.actions, scene.qtbot
    ids = [scene.client.send_task(ADD, args=(i, i), countdown=30).id for i in range(3)]
    qtbot.waitUntil(lambda: all(page.proxy.row_of(i) >= 0 for i in ids), timeout=WAIT_MS)
    selection = page.table.selectionModel()
    selection.clearSelection()
    for task_id in ids:
        selection.select(
            page.proxy.index(page.proxy.row_of(task_id), 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    assert sorted(t.uuid for t in page.selected_tasks()) == sorted(ids)
    assert actions.target_label.text() == "Act on 3 tasks:"
    actions.actions["revoke"].trigger()
    text, result = scene.confirm()
    assert text == "Revoke 3 tasks?"
    assert isinstance(result, ActionResult) and result.ok
    assert sorted(result.targets) == sorted(ids)
    revoked = scene.client.control.inspect(timeout=2).revoked() or {}
    assert set(ids) <= {i for found in revoked.values() for i in found}
    shown = page.proxy.rowCount()
    assert shown >= 5
    actions.actions["revoke_shown"].trigger()
    qtbot.waitUntil(lambda: actions.confirmation is not None, timeout=2000)
    box = actions.confirmation
    assert box is not None and box.text() == f"Revoke {shown} tasks?"
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert actions.confirmation is None


def check_read_only_disables(scene: Scene) -> None:
    """Every action disabled saying why; a forced one is refused, never confirmed."""
    actions = scene.actions
    actions.update_state()
    assert actions.banner.isVisible() and actions.banner.text() == READ_ONLY
    assert all(not a.isEnabled() and a.toolTip() == READ_ONLY for a in actions.actions.values())
    assert not any(a.isEnabled() for a in actions.signal_actions.values())
    refused = scene.submit(lambda: actions.trigger("revoke"))
    assert isinstance(refused, Refused) and refused.reason == READ_ONLY
    assert actions.confirmation is None
    assert actions.replies.headline.text() == f"Revoke refused: {READ_ONLY}"


def test_tasks_page_without_a_runner_has_no_actions(qtbot: QtBot, hub: MonitorHub) -> None:
    page = TasksPage(hub)
    qtbot.addWidget(page)
    assert page.task_actions is None


def test_retry_dialog_requires_editing_truncated_reprs(
    qtbot: QtBot, runner: BackgroundRunner
) -> None:
    """Only a cut repr is known (no backend, no broker): said, and Retry waits for an edit."""
    cut = "('" + "x" * 1100 + "...'"
    dialog = RetryDialog(
        "t-1", ADD, lambda: fetch_originals("t-1", name=ADD, argsrepr=cut, kwargsrepr="{}"), runner
    )
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    assert dialog.originals is not None and dialog.originals.source == SOURCE_REPR
    assert dialog.originals.truncated and dialog.needs_edit
    assert "edit the arguments" in dialog.source.text()
    assert dialog.args.toPlainText() == cut
    assert not dialog.ok_button.isEnabled()
    dialog.args.setPlainText('["whole"]')
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.submitted) as submitted:
        dialog.ok_button.click()
    assert submitted.args == [{"name": ADD, "args": ["whole"], "kwargs": {}, "options": {}}]
