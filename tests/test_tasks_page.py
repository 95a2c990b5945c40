"""The Tasks view offscreen: search, state filter, pause/resume, detail panel, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.monitor.task_detail import timeline
from desktop.ui.monitor.task_model import Column
from desktop.ui.monitor.tasks_page import TasksPage
from tests.support.synthetic_events import event, mixed_stream, progress, task_lifecycle

T0 = 1_700_000_000.0


@pytest.fixture
def page(qtbot: QtBot) -> TasksPage:
    hub = MonitorHub(max_tasks=1000)
    widget = TasksPage(hub)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    hub.feed(mixed_stream(60))
    return widget


def shown(page: TasksPage, column: Column = Column.UUID) -> list[str]:
    proxy = page.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def test_search_box_filters_and_reports_bad_queries(page: TasksPage, qtbot: QtBot) -> None:
    assert len(shown(page)) == 60
    QTest.keyClicks(page.filters.search, "state:failure worker:alpha")
    qtbot.waitUntil(lambda: page.proxy.rowCount() < 60)  # applied after typing pauses
    assert set(shown(page, Column.STATE)) == {"FAILURE"}
    assert set(shown(page, Column.WORKER)) == {"celery@alpha"}
    good = shown(page)
    page.filters.set_query("(state:failure AND worker:alpha")
    assert page.filters.search_error.isVisibleTo(page)
    assert "missing ')'" in page.filters.search_error.text()
    assert shown(page) == good  # the last good filter stays
    page.filters.set_query("")
    assert not page.filters.search_error.isVisibleTo(page) and len(shown(page)) == 60


def test_state_filter_and_count_links(page: TasksPage, qtbot: QtBot) -> None:
    page._update_counts()
    assert "FAILURE 10" in page.counts.text() and "showing 60 of 60" in page.counts.text()
    page.counts.linkActivated.emit("RETRY")  # a click on the RETRY count
    assert set(shown(page, Column.STATE)) == {"RETRY"} and len(shown(page)) == 10
    assert page.filters.states_button.text() == "RETRY"
    retry = next(a for a in page.filters.states_menu.actions() if a.data() == "STARTED")
    retry.setChecked(True)
    assert set(shown(page, Column.STATE)) == {"RETRY", "STARTED"}
    page.filters.set_states(None)
    assert len(shown(page)) == 60
    page.filters.set_name("proj.mul")
    assert set(shown(page, Column.NAME)) == {"proj.mul"} and len(shown(page)) == 15


def test_pause_holds_rows_and_resume_catches_up(page: TasksPage, qtbot: QtBot) -> None:
    hub = page._hub
    QTest.mouseClick(page.filters.pause_button, Qt.MouseButton.LeftButton)
    assert hub.paused and page.filters.pause_button.text() == "Resume"
    hub.feed(task_lifecycle("late-1", T0 + 500) + task_lifecycle("late-2", T0 + 501))
    assert page.proxy.rowCount() == 60 and len(hub.store) == 62  # collected, not shown
    QTest.mouseClick(page.filters.pause_button, Qt.MouseButton.LeftButton)
    assert not hub.paused and page.filters.pause_button.text() == "Pause"
    assert shown(page)[:2] == ["late-2", "late-1"]


def test_detail_shows_failure_progress_and_family(page: TasksPage, qtbot: QtBot) -> None:
    hub = page._hub
    parent = task_lifecycle("parent-1", T0 + 600, name="proj.chain", outcome="failed")
    child = task_lifecycle("child-1", T0 + 601, name="proj.step", outcome="started")
    for sent_or_received in child[:2]:
        sent_or_received["parent_id"] = sent_or_received["root_id"] = "parent-1"
    hub.feed([*parent, *child, progress("child-1", T0 + 602, 3, 4)])
    page.table.selectRow(page.proxy.row_of("parent-1"))
    detail = page.detail
    assert detail.uuid == "parent-1"
    assert detail.traceback_text().endswith("ValueError: bad\n")
    assert "child-1" in detail.field_texts()["Children"]
    assert [row[0] for row in detail.timeline_rows()] == ["sent", "received", "started", "failed"]
    assert detail.timeline_rows()[1][2] == "100.0 ms"
    detail.task_activated.emit("child-1")  # a click on the child link
    assert page.proxy.record_at(page.table.currentIndex().row()).uuid == "child-1"  # type: ignore[union-attr]
    assert detail.progress_text() == "PROGRESS 3 / 4 (75%)"
    assert detail.field_texts()["Parent"] == "parent-1 (proj.chain)"
    hub.feed([progress("child-1", T0 + 603, 4, 4)])  # follows live updates
    assert detail.progress_text() == "PROGRESS 4 / 4 (100%)"
    # the selection survives a sort and a filter that keeps the task
    page.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
    page.filters.set_query("proj.step")
    assert page.proxy.record_at(page.table.currentIndex().row()).uuid == "child-1"  # type: ignore[union-attr]


def test_timeline_orders_events_and_keeps_custom_last_event(page: TasksPage) -> None:
    hub = page._hub
    hub.feed([event("task-received", T0 + 2, uuid="x", hostname="w", name="n"),
              event("task-started", T0 + 1, uuid="x", hostname="w")])  # fmt: skip
    task = hub.store.get("x")
    assert task is not None
    assert [name for name, _ in timeline(task)] == ["started", "received"]  # by time, skewed
    hub.feed([progress("x", T0 + 3, 1, 2)])
    assert timeline(task)[-1] == ("last event (progress)", T0 + 3)


def test_column_chooser_and_export_of_visible_rows(page: TasksPage, tmp_path: Path) -> None:
    assert Column.SENT not in page.visible_columns()
    page.set_column_visible(Column.SENT, True)
    page.set_column_visible(Column.KWARGS, False)
    assert Column.SENT in page.visible_columns() and Column.KWARGS not in page.visible_columns()
    page.filters.set_query("worker:gamma")
    assert page.export_visible(tmp_path / "out.json") == 20
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [row["uuid"] for row in exported] == shown(page)  # shown order, newest first
    assert {row["worker"] for row in exported} == {"celery@gamma"}


def test_new_rows_do_not_move_what_the_user_reads(page: TasksPage, qtbot: QtBot) -> None:
    hub, table = page._hub, page.table
    bar = table.verticalScrollBar()
    bar.setValue(20)
    qtbot.wait(10)
    reading = page.proxy.record_at(table.rowAt(0))
    hub.feed([*task_lifecycle("late-1", T0 + 500), *task_lifecycle("late-2", T0 + 501)])
    qtbot.wait(10)
    assert page.proxy.record_at(table.rowAt(0)) is reading and bar.value() == 22
    bar.setValue(0)  # at the top, the newest task shows up
    hub.feed(task_lifecycle("late-3", T0 + 502))
    qtbot.wait(10)
    assert page.proxy.record_at(table.rowAt(0)).uuid == "late-3"  # type: ignore[union-attr]


def test_an_empty_table_says_why_and_what_to_do(page: TasksPage, qtbot: QtBot) -> None:
    page._update_counts()
    assert page.table.placeholder() == ""
    page.filters.set_query("name:no-such-task")
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 0)
    page._update_counts()
    assert page.table.placeholder() == "No task held matches the search and filters."
    page._hub.clear_tasks()
    page._update_counts()
    assert page.table.placeholder().startswith("No tasks yet.")
    assert "Processes" in page.table.placeholder()
    page.table.grab()  # the placeholder paints without error
