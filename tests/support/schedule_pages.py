"""A Schedules page on a sample file, offscreen, and the steps tests take on it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop.core.schedules.sample import ensure_sample_schedule
from desktop.ui.background import BackgroundRunner
from desktop.ui.schedules.crontab_form import CrontabForm
from desktop.ui.schedules.schedules_page import SchedulesPage


def sample_page(qtbot: QtBot, runner: BackgroundRunner, folder: Path) -> SchedulesPage:
    """The demo's sample schedule (hello-every-15s, add-every-minute, weekday-morning) in a
    page of the screenshot's size, Berlin as the default zone, no broker."""
    path = folder / "schedules.json"
    ensure_sample_schedule(path)
    page = SchedulesPage(runner, lambda: None, path, default_timezone="Europe/Berlin")
    qtbot.addWidget(page)
    page.resize(1100, 740)
    page.show()
    qtbot.waitExposed(page)
    return page


def select(page: SchedulesPage, name: str) -> None:
    page.table.setCurrentIndex(page.model.index(page.model.row_of(name), 0))


def click_row(page: SchedulesPage, name: str) -> None:
    """Click the entry's row as a user does (the view's own selection handling runs)."""
    rect = page.table.visualRect(page.model.index(page.model.row_of(name), 0))
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def selected_rows(page: SchedulesPage) -> list[int]:
    return sorted({index.row() for index in page.table.selectionModel().selectedRows()})


def crontab_form(page: SchedulesPage) -> CrontabForm:
    form = page.editor.current_form()
    assert isinstance(form, CrontabForm)
    return form


def type_time(qtbot: QtBot, form: CrontabForm, digits: str) -> None:
    """Click the hour of the "at" field and type ``digits`` (hours, then minutes)."""
    window = form.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    edit = form.at_time
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(6, edit.height() // 2))
    QTest.keyClicks(edit, digits)
