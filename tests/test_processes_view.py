"""The Processes view offscreen: the demo worker against a real redis, errors, presets."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.processes.presets import DEMO_WORKER, PresetStore
from desktop.core.processes.spec import ProcessKind, ProcessSpec
from desktop.ui.processes.guiprocess import ProcessState
from desktop.ui.processes.process_model import Column
from desktop.ui.processes.processes_view import ProcessesView
from desktop.ui.processes.supervisor import Supervisor
from tests.support.child_processes import ChildTracker
from tests.support.redis_server import RedisServer

WAIT_MS = 15_000
WORKER_READY_MS = 60_000
# Set to a path to keep the screenshot of the running view (docs, design review).
SCREENSHOT_ENV = "CELERY_DESK_PROCESSES_PNG"


class Harness:
    def __init__(
        self, view: ProcessesView, supervisor: Supervisor, store: PresetStore, tracker: ChildTracker
    ) -> None:
        self.view = view
        self.supervisor = supervisor
        self.store = store
        self.tracker = tracker
        self.broker_url: str | None = None


@pytest.fixture
def harness(qtbot: QtBot) -> Iterator[Harness]:
    tracker = ChildTracker()
    supervisor = Supervisor()
    store = PresetStore()
    holder: list[Harness] = []
    view = ProcessesView(supervisor, store, broker_url_provider=lambda: holder[0].broker_url)
    qtbot.addWidget(view)
    view.resize(1100, 720)
    view.show()
    harness = Harness(view, supervisor, store, tracker)
    holder.append(harness)

    def track(name: str) -> None:
        entry = supervisor.get(name)
        if entry is not None and entry.state is ProcessState.RUNNING:
            tracker.track(entry.process.pid)

    supervisor.process_state_changed.connect(track)
    yield harness
    if supervisor.any_active():
        with qtbot.waitSignal(supervisor.all_stopped, timeout=30_000):
            supervisor.stop_all(grace=10)
    survivors = tracker.kill_survivors()
    assert not survivors, f"children left running: {survivors}"


def cell(view: ProcessesView, name: str, column: Column) -> str:
    model = view.model
    return str(model.data(model.index(model.row_of(name), column)))


def test_demo_worker_starts_logs_ready_and_stops(
    qtbot: QtBot, harness: Harness, redis_server: RedisServer, tmp_path: Path
) -> None:
    view, supervisor = harness.view, harness.supervisor
    harness.broker_url = redis_server.url
    view.select(DEMO_WORKER)
    assert view.start_action.isEnabled()
    assert not view.stop_action.isEnabled()
    view.start_action.trigger()
    entry = supervisor.get(DEMO_WORKER)
    assert entry is not None
    qtbot.waitUntil(lambda: " ready." in view.log_view.plain_text(), timeout=WORKER_READY_MS)
    assert entry.state is ProcessState.RUNNING
    harness.tracker.track(entry.process.pid)  # with its pool processes, to prove them gone
    assert cell(view, DEMO_WORKER, Column.STATE) == "running"
    assert cell(view, DEMO_WORKER, Column.PID) == str(entry.process.pid)
    assert not view.start_action.isEnabled()
    assert view.stop_action.isEnabled()
    assert view.restart_action.isEnabled()
    assert redis_server.url not in view.log_view.plain_text().split("\n")[0]  # argv has no URL

    view.log_view.flush()
    shot = tmp_path / "processes_view.png"
    assert view.grab().save(str(shot))
    assert shot.stat().st_size > 0
    if os.environ.get(SCREENSHOT_ENV):
        assert view.grab().save(os.environ[SCREENSHOT_ENV])

    with qtbot.waitSignal(entry.process.finished, timeout=30_000):
        view.stop_action.trigger()
    assert entry.outcome is not None
    assert entry.outcome.state is ProcessState.EXITED
    assert cell(view, DEMO_WORKER, Column.OUTCOME).startswith("stopped")
    assert view.start_action.isEnabled()
    assert view.message_text() == ""


def test_spec_error_is_a_banner_not_a_crash(harness: Harness) -> None:
    view = harness.view
    view.select(DEMO_WORKER)
    view.start_action.trigger()  # no broker connected
    assert "Cannot start Demo worker: no broker is connected" in view.message_text()
    assert harness.supervisor.names() == []


def test_crash_is_reported_in_the_banner(qtbot: QtBot, harness: Harness) -> None:
    spec = ProcessSpec(
        name="Crasher",
        kind=ProcessKind.CUSTOM,
        python=sys.executable,
        extra_args=["-c", "import sys; print('boom', file=sys.stderr); sys.exit(3)"],
    )
    harness.store.upsert(spec)
    view = harness.view
    view.reload_presets()
    view.select("Crasher")
    view.start_action.trigger()
    qtbot.waitUntil(lambda: "crashed with exit code 3" in view.message_text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "boom" in view.log_view.plain_text(), timeout=WAIT_MS)
    assert cell(view, "Crasher", Column.STATE) == "crashed"
    assert view.start_action.isEnabled()


def test_new_edit_delete_and_undo_presets(qtbot: QtBot, harness: Harness, tmp_path: Path) -> None:
    view, store = harness.view, harness.store
    view.new_action.trigger()
    editor = view.editor
    assert editor is not None
    editor.name.setText("Project worker")
    editor.user_project.setChecked(True)
    editor.workdir.setText(str(tmp_path / "missing"))
    assert "working directory" in editor.problems_label.text()
    assert "-A module is required" in editor.problems_label.text()
    ok = editor.buttons.button(editor.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    editor.workdir.setText(str(tmp_path))
    editor.app_module.setText("proj")
    editor.queues.setText("high, low")
    editor.extra_args.setText("--max-tasks-per-child '10'")
    editor.env.setPlainText("DJANGO_SETTINGS_MODULE=proj.settings")
    assert ok.isEnabled()
    ok.click()
    saved = PresetStore().get("Project worker")
    assert saved is not None
    assert (saved.workdir, saved.app_module, saved.queues) == (
        str(tmp_path),
        "proj",
        ["high", "low"],
    )
    assert saved.extra_args == ["--max-tasks-per-child", "10"]
    assert saved.env == {"DJANGO_SETTINGS_MODULE": "proj.settings"}
    assert view.current_name == "Project worker"

    view.edit_action.trigger()
    editor = view.editor
    assert editor is not None
    assert editor.workdir.text() == str(tmp_path)
    editor.name.setText(DEMO_WORKER)
    assert "already exists" in editor.problems_label.text()
    editor.reject()

    view.delete_action.trigger()
    assert "Project worker" not in store.names()
    assert "Deleted preset Project worker." in view.message_text()
    view.banner.linkActivated.emit("undo")
    assert "Project worker" in PresetStore().names()
    assert view.message_text() == ""

    # Another window saved meanwhile: the save is refused, and "reload" catches up.
    PresetStore().upsert(ProcessSpec(name="From elsewhere"))
    view.select("Project worker")
    view.delete_action.trigger()
    assert "changed elsewhere" in view.message_text()
    assert "Project worker" in store.names()
    view.banner.linkActivated.emit("reload")
    assert "From elsewhere" in [
        view.preset_list.item(r).text().split("  ")[0] for r in range(view.preset_list.count())
    ]


def test_bad_presets_file_message_shown(qtbot: QtBot) -> None:
    store_path = PresetStore().path
    store_path.write_text("[]", encoding="utf-8")
    view = ProcessesView(Supervisor(), PresetStore(), broker_url_provider=lambda: None)
    qtbot.addWidget(view)
    assert "not valid" in view.message_text()
    assert view.preset_list.count() == 3


def test_editor_shows_the_fields_of_each_kind(harness: Harness) -> None:
    harness.view.new_action.trigger()
    editor = harness.view.editor
    assert editor is not None

    def shown(key: str) -> bool:
        return editor.form.isRowVisible(editor._rows[key])

    assert shown("queues") and shown("concurrency") and not shown("broker_port")
    editor.kind.setCurrentIndex(editor.kind.findData(ProcessKind.BROKER))
    assert shown("broker_port") and not shown("app") and not shown("queues")
    editor.kind.setCurrentIndex(editor.kind.findData(ProcessKind.BEAT))
    assert shown("schedule_path") and shown("scheduler") and not shown("pool")
    editor.kind.setCurrentIndex(editor.kind.findData(ProcessKind.CUSTOM))
    assert editor.extra_label.text() == "Command"
    editor.name.setText("Flower")
    assert "needs its command" in editor.problems_label.text()
    editor.extra_args.setText("'unclosed")
    assert "extra arguments: No closing quotation" in editor.problems_label.text()
    editor.reject()
