"""A user's own project through the main window, as a user meets it.

A URL typed on a fresh install connects and is there after a restart; a profile without a
project shows nothing of the demo; and a Django project (its own virtualenv on another
Python, its own names, a real redis-server) goes from connect to its code-defined entries,
their copy into the file, its beat switched to the file scheduler, an edit in the form, and
the run arriving in Tasks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from celery_desk_beat.schedule_file import load_schedule_file
from desktop.core.processes.presets import FILE_SCHEDULER
from desktop.core.profiles import DEMO_PROFILE_NAME, ConnectionProfile
from desktop.core.project.config import ProjectConfig
from desktop.ui.app import choose_first_connection
from desktop.ui.connection import ConnectionState
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.options import AppOptions
from desktop.ui.schedules.schedule_forms import IntervalForm
from desktop.ui.schedules.schedules_page import SchedulesPage
from tests.support.project_venv import ProjectVenv
from tests.support.projects import write_django_project, write_failing_project
from tests.support.redis_server import RedisServer

DJANGO_ENTRIES = {
    "cleanup every 30 s",
    "long sync",
    "monday report",
    "lights at sunset",
    "ping",
    "office hours report",
}


class Windows:
    """Main windows over fresh contexts on the same app home: a start, a restart..."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.contexts: list[AppContext] = []
        self.windows: list[MainWindow] = []

    def open(self) -> MainWindow:
        ctx = AppContext.create()
        self.contexts.append(ctx)
        window = MainWindow(ctx)
        # Not qtbot.addWidget: pytest-qt would close it before this fixture's teardown, and
        # closing with unsaved schedule edits asks a question nobody answers.
        self.windows.append(window)
        window.show()
        return window

    def close_all(self) -> None:
        for window in self.windows:
            window._quitting = True  # no questions at teardown: a test answers its own
            window.close()
            window.deleteLater()
        for ctx in self.contexts:
            ctx.hub.stop()
            ctx.supervisor.kill_all_now()
            ctx.runner.shutdown()


@pytest.fixture
def windows(qtbot: QtBot) -> Iterator[Windows]:
    opened = Windows(qtbot)
    yield opened
    opened.close_all()


def _connected(window: MainWindow) -> bool:
    return window._ctx.connection.status.state is ConnectionState.CONNECTED


def test_a_typed_url_connects_and_is_there_after_a_restart(
    qtbot: QtBot, windows: Windows, redis_server: RedisServer
) -> None:
    first = windows.open()
    bar = first.connection_bar
    assert bar.profile_combo.currentText() == DEMO_PROFILE_NAME
    assert not bar.url_edit.isReadOnly()
    bar.url_edit.setText(redis_server.url)  # typed over the demo's local broker
    bar.connect_button.click()
    qtbot.waitUntil(lambda: _connected(first), timeout=10_000)
    name = f"127.0.0.1:{redis_server.port}"
    assert bar.profile_combo.currentText() == name
    assert first._ctx.connection.status.label == name
    assert first._ctx.supervisor.process("Local broker") is None  # no demo broker started
    first.close()

    again = windows.open()  # a restart: a new context reads what the first one saved
    assert again.connection_bar.profile_combo.currentText() == name
    choose_first_connection(again._ctx, AppOptions())
    qtbot.waitUntil(lambda: _connected(again), timeout=10_000)
    assert again._ctx.connection.url == redis_server.url


def test_a_profile_without_a_project_shows_nothing_of_the_demo(
    qtbot: QtBot, windows: Windows, redis_server: RedisServer
) -> None:
    window = windows.open()
    window._ctx.profiles.save(ConnectionProfile("Plain", redis_server.url))
    window.connection_bar.select_profile("Plain")
    window.show_page("schedules")
    page = window.schedules_page
    assert page.path.name == "Plain.json" and page.path.parent.name == "schedules"
    assert page.code_section.entries == []
    assert "has no project" in page.code_section.status.text()
    shown = {
        window.processes_view.preset_list.item(row).text()
        for row in range(window.processes_view.preset_list.count())
    }
    assert shown == {"Local broker  ·  broker"}
    page.toolbar_actions.new.trigger()
    assert page.editor.entry is not None
    assert not page.editor.entry.task.startswith("celery_desk_demo")


def test_a_project_that_fails_to_import_shows_its_traceback_not_a_demo(
    qtbot: QtBot, windows: Windows, tmp_path: Path
) -> None:
    root = write_failing_project(tmp_path / "broken")
    window = windows.open()
    project = ProjectConfig(app_module="broken", workdir=str(root))  # the app's interpreter
    window._ctx.profiles.save(ConnectionProfile("Broken", "redis://127.0.0.1:9/0", project=project))
    window.connection_bar.select_profile("Broken")
    window.show_page("schedules")
    section = window.schedules_page.code_section
    qtbot.waitUntil(lambda: "did not load" in section.status.text(), timeout=30_000)
    assert section.entries == []
    details = section.details.toPlainText()
    assert "RuntimeError: boom: DATABASE_URL is not set" in details
    assert "load_settings" in details  # the traceback, not only the message
    assert section.details.isVisible() and not section.tree.isVisible()


def _button(box: QMessageBox, text: str) -> None:
    for button in box.buttons():
        if button.text() == text:
            button.click()
            return
    raise AssertionError(f"no button {text!r} in {[b.text() for b in box.buttons()]}")


def _verdict(page: SchedulesPage) -> str:
    return page.beat_status.verdict_text()


@pytest.mark.slow
def test_a_django_project_from_connect_to_a_run_in_tasks(
    qtbot: QtBot,
    windows: Windows,
    redis_server: RedisServer,
    project_venv: ProjectVenv,
    tmp_path: Path,
) -> None:
    root = write_django_project(tmp_path / "shop")
    window = windows.open()
    ctx = window._ctx
    project = ProjectConfig(
        app_module="proj",
        workdir=str(root),
        python=str(project_venv.root),
        env={"PROJ_RESULT_BACKEND": redis_server.url},
    )
    ctx.profiles.save(ConnectionProfile("Shop", redis_server.url, project=project))
    assert ctx.presets.sync_project("Shop", project) == ["Shop worker", "Shop beat"]
    window.connection_bar.select_profile("Shop")
    window.connection_bar.connect_button.click()
    qtbot.waitUntil(lambda: _connected(window), timeout=10_000)

    # Its code-defined entries, read in its own interpreter, in its own time zone.
    window.show_page("schedules")
    page = window.schedules_page
    qtbot.waitUntil(lambda: len(page.code_section.entries) == 6, timeout=60_000)
    assert {entry.name for entry in page.code_section.entries} == DJANGO_ENTRIES
    assert all(entry.spec is not None for entry in page.code_section.entries)
    assert page.timezone.itemText(0) == "Project default (Asia/Shanghai)"

    # Its worker and beat, started as the Processes view starts them.
    for name in ("Shop worker", "Shop beat"):
        spec = ctx.presets.get(name)
        assert spec is not None
        ctx.supervisor.start(spec, ctx.connection.url)
    worker = ctx.supervisor.get("Shop worker")
    assert worker is not None
    qtbot.waitUntil(lambda: " ready." in _log(worker), timeout=60_000)

    # The guided switch: copy the six entries, save, restart the beat on the file.
    page.switch_flow.update()
    assert page.switch_flow.button.isVisible()
    page.switch_flow.button.click()
    box = page.switch_flow.question
    assert box is not None and "6 of them are not in the file yet" in box.informativeText()
    _button(box, "Copy, save and switch")
    _wait_for_verdict(qtbot, window, "Beat applied revision 1", 60)
    assert set(load_schedule_file(page.path).entries) == DJANGO_ENTRIES
    beat = ctx.presets.get("Shop beat")
    assert beat is not None and beat.scheduler == FILE_SCHEDULER
    assert not page.switch_flow.button.isVisible()

    # An edit in the form: the 30-second cleanup every 2 s; the run arrives in Tasks.
    page.table.setCurrentIndex(page.model.index(page.model.row_of("cleanup every 30 s"), 0))
    form = page.editor.current_form()
    assert isinstance(form, IntervalForm)
    form.seconds.setValue(2)
    assert page.editor.apply()
    page.toolbar_actions.save.trigger()
    _wait_for_verdict(qtbot, window, "Beat applied revision 2", 30)
    store = ctx.hub.store
    qtbot.waitUntil(
        lambda: any(
            record.name == "shop.tasks.cleanup" and record.state == "SUCCESS"
            for record in list(store.tasks.values())
        ),
        timeout=30_000,
    )
    window.show_page("tasks")
    proxy = window.tasks_page.proxy
    qtbot.waitUntil(lambda: proxy.rowCount() >= 1, timeout=10_000)  # the table's next tick
    records = proxy.visible_records()
    assert any(record.name == "shop.tasks.cleanup" for record in records)


def _wait_for_verdict(qtbot: QtBot, window: MainWindow, wanted: str, seconds: float) -> None:
    """Wait for the beat status to say ``wanted``; fail with what the page and beat said."""
    page = window.schedules_page
    try:
        qtbot.waitUntil(lambda: wanted in _verdict(page), timeout=int(seconds * 1000))
    except Exception as exc:
        beat = window._ctx.supervisor.get("Shop beat")
        raise AssertionError(
            f"{wanted!r} never came; verdict: {_verdict(page)!r}; banner: "
            f"{page.banner.message_text()!r}\n--- beat log ---\n"
            f"{_log(beat)[-3000:] if beat else 'no beat'}"
        ) from exc


def _log(entry: object) -> str:
    lines = entry.buffer.lines()  # type: ignore[attr-defined]
    return "\n".join(line.text for line in lines)
