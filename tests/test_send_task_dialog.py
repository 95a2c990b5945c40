"""The "Send task…" dialog: its checks offscreen, and a send a real worker runs.

The real-worker test saves ``send_task.png`` into ``CELERY_DESK_SCREENSHOTS`` or
``/work/notes`` when that directory exists.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.control.audit import AuditLog
from desktop.core.control.catalog import Catalog, queue_names, task_names
from desktop.core.control.guard import Refused
from desktop.core.control.results import ActionResult
from desktop.core.control.send_form import parse_args, parse_expires, parse_kwargs, parse_when
from desktop.ui.background import BackgroundRunner
from desktop.ui.send_task_dialog import SendTaskDialog
from tests.support.celery_procs import client_app, close_client, start_desk_worker, unique_hostname
from tests.support.redis_server import RedisServer
from tests.test_worker_actions import screenshot_dir

ADD = "celery_desk_demo.tasks.add"


def make_dialog(
    qtbot: QtBot, runner: BackgroundRunner, url: str | None, read_only: bool = False, **kw: object
) -> SendTaskDialog:
    dialog = SendTaskDialog(
        runner,
        lambda: url,
        lambda: (read_only, "prod"),
        catalog_timeout=1.0,
        **kw,  # type: ignore[arg-type]
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_parsers_say_what_is_wrong() -> None:
    assert parse_args("[2, 3]") == ([2, 3], None) and parse_args("  ") == ([], None)
    assert parse_args('{"x": 1}') == (None, "args must be a JSON list like [2, 3], not an object")
    value, problem = parse_args("[1,")
    assert value is None and problem is not None and problem.startswith("args is not valid JSON")
    assert parse_kwargs('{"x": [1]}') == ({"x": [1]}, None) and parse_kwargs("") == ({}, None)
    assert parse_kwargs("[]")[1] == 'kwargs must be a JSON object like {"x": 1}, not a list'
    assert parse_kwargs("3")[1] == 'kwargs must be a JSON object like {"x": 1}, not a number'
    eta, problem = parse_when("2030-01-31T09:00")
    assert problem is None and datetime.fromisoformat(eta).utcoffset() is not None
    assert parse_when("2030-01-31T09:00+02:00") == ("2030-01-31T09:00:00+02:00", None)
    assert parse_when("tomorrow")[1] == (
        "eta must be an ISO date and time like 2030-01-31T09:00, not 'tomorrow'"
    )
    assert parse_expires("60") == (60, None) and parse_expires("1.5") == (1.5, None)
    assert parse_expires("-5")[1] == "expires must be a positive number of seconds, not -5"
    assert parse_expires("soon")[1] is not None and parse_expires("")[0] is None
    registered = {"a@h": ["p.t.b", "p.t.a [rate_limit=10/m]"], "b@h": ["p.t.a"], "c@h": None}
    assert task_names(registered) == ("p.t.a", "p.t.b")
    queues = {"a@h": [{"name": "celery"}, {"name": "emails"}], "b@h": [{"name": "celery"}]}
    assert queue_names(queues) == ("celery", "emails")
    assert Catalog().describe(1.0) == "No worker answered within 1 s: type the task name."


def test_form_checks_and_read_only(qtbot: QtBot, runner: BackgroundRunner) -> None:
    dialog = make_dialog(qtbot, runner, None)
    assert dialog.catalog_note.text() == "Not connected to a broker."
    assert not dialog.send_button.isEnabled()
    assert dialog.send_button.toolTip() == "Choose or type a task name"
    dialog.name.setEditText(ADD)
    assert dialog.send_button.isEnabled() and dialog.problems == {}
    dialog.args.setPlainText("[1,")
    assert not dialog.send_button.isEnabled() and dialog.args_problem.isVisible()
    assert dialog.args_problem.text().startswith("args is not valid JSON")
    dialog.args.setPlainText('{"x": 1}')
    assert dialog.args_problem.text() == "args must be a JSON list like [2, 3], not an object"
    dialog.args.setPlainText("[2, 3]")
    dialog.kwargs.setPlainText("[]")
    assert dialog.problems == {"kwargs": 'kwargs must be a JSON object like {"x": 1}, not a list'}
    dialog.kwargs.setPlainText('{"z": null}')
    dialog.eta.setText("tomorrow")
    assert not dialog.send_button.isEnabled() and "eta must be" in dialog.options_problem.text()
    dialog.eta.setText("2030-01-31T09:00+00:00")
    dialog.expires.setText("-1")
    assert "expires must be" in dialog.options_problem.text()
    dialog.expires.setText("300")
    dialog.priority.setValue(7)
    dialog.queue.setEditText("emails")
    assert dialog.send_button.isEnabled() and not dialog.options_problem.isVisible()
    assert dialog.values() == (
        ADD,
        [2, 3],
        {"z": None},
        {"queue": "emails", "priority": 7, "eta": "2030-01-31T09:00:00+00:00", "expires": 300},
    )
    dialog.send()  # not connected: says so, sends nothing
    assert dialog.result_label.text() == "Not connected to a broker."

    locked = make_dialog(qtbot, runner, None, read_only=True)
    locked.name.setEditText(ADD)
    reason = "Profile 'prod' is read-only: actions are disabled"
    assert locked.banner.isVisible() and locked.banner.text() == reason
    assert not locked.send_button.isEnabled() and locked.send_button.toolTip() == reason


@pytest.mark.slow
def test_send_add_and_the_worker_runs_it(
    qtbot: QtBot, runner: BackgroundRunner, redis_server: RedisServer, tmp_path: Path
) -> None:
    host = unique_hostname("send").replace("@%h", "@test")
    worker = start_desk_worker(redis_server.url, tmp_path / "worker.log", hostname=host)
    client = client_app(redis_server.url)
    audit = AuditLog()
    try:
        worker.wait_ready()
        dialog = make_dialog(qtbot, runner, redis_server.url, audit=audit)
        qtbot.waitUntil(lambda: dialog.catalog is not None, timeout=10_000)
        assert dialog.catalog is not None and dialog.catalog.workers == (host,)
        names = [dialog.name.itemText(i) for i in range(dialog.name.count())]
        assert ADD in names and "celery_desk_demo.tasks.slow" in names
        assert [dialog.queue.itemText(i) for i in range(dialog.queue.count())] == ["celery"]
        assert dialog.catalog_note.text().endswith("registered tasks on 1 worker")
        dialog.name.setCurrentIndex(names.index(ADD))
        dialog.args.setPlainText("[2, 3]")
        dialog.queue.setCurrentIndex(0)
        dialog.priority.setValue(5)
        with qtbot.waitSignal(dialog.sent, timeout=10_000) as sent:
            dialog.send_button.click()
        result = sent.args[0]
        assert isinstance(result, ActionResult) and result.ok and result.task_id is not None
        assert dialog.task_id == result.task_id
        assert dialog.result_label.text() == f"Sent {ADD} as task {result.task_id}"
        assert dialog.copy_button.isVisible()
        assert client.AsyncResult(result.task_id).get(timeout=15) == 5
        shot = screenshot_dir()
        if shot is not None:
            shot.mkdir(parents=True, exist_ok=True)
            dialog.grab().save(str(shot / "send_task.png"))
        entry = audit.entries()[0]
        assert (entry.action, entry.outcome, entry.targets) == ("send_task", "ok", (ADD,))
        assert entry.parameters["args"] == [2, 3]
        assert entry.parameters["options"] == {"queue": "celery", "priority": 5}
        assert entry.replies == {"task_id": result.task_id}
    finally:
        close_client(client)
        worker.stop()


def test_read_only_send_is_refused_and_audited(
    qtbot: QtBot, runner: BackgroundRunner, redis_server: RedisServer
) -> None:
    audit = AuditLog()
    dialog = make_dialog(qtbot, runner, redis_server.url, read_only=True, audit=audit)
    dialog.name.setEditText(ADD)
    assert not dialog.send_button.isEnabled()
    with qtbot.waitSignal(dialog.sent, timeout=5000) as sent:  # asked anyway: the gate refuses
        dialog.send()
    assert isinstance(sent.args[0], Refused)
    assert dialog.result_label.text().startswith("Refused: Profile 'prod' is read-only")
    assert [(e.action, e.outcome) for e in audit.entries()] == [("send_task", "refused")]
    assert redis_server.client().llen("celery") == 0
