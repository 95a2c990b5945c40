"""The Tasks view offscreen: search, state filter, pause/resume, detail panel, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from desktop.ui.background import BackgroundRunner
from desktop.ui.monitor import timefmt
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.monitor.task_detail import LAST_EVENT, event_label, timeline
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
    assert timeline(task)[-1] == (LAST_EVENT, T0 + 3)
    assert event_label(LAST_EVENT, task) == "last event (progress)"


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
    # the pointer away from the rows (an earlier test may have left it there: a hold)
    QTest.mouseMove(page.counts)
    qtbot.waitUntil(lambda: not page.row_hold.holding)
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


def _end_of_turn() -> None:
    """What the event loop does after the current slot: posted events, never timers (so the
    counts' periodic timer cannot be what brought them up to date)."""
    QCoreApplication.sendPostedEvents()


def test_the_counts_say_what_the_rows_show_at_the_end_of_each_turn(
    page: TasksPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = page._hub
    _end_of_turn()
    assert "showing 60 of 60 tasks" in page.counts.text() and "STARTED 10" in page.counts.text()
    hub.feed(task_lifecycle("late-1", T0 + 500))  # a new row
    assert page.proxy.rowCount() == 61
    _end_of_turn()
    assert "showing 61 of 61 tasks" in page.counts.text() and "SUCCESS 31" in page.counts.text()
    hub.feed([event("task-succeeded", T0 + 501, uuid="task-00004", hostname="celery@beta")])
    _end_of_turn()  # no row came or went, a state changed
    assert "STARTED 9" in page.counts.text() and "SUCCESS 32" in page.counts.text()
    page.filters.set_name("proj.mul")
    _end_of_turn()
    assert f"showing {page.proxy.rowCount()} of 61 tasks" in page.counts.text()

    # A batch whose rows land in several places (sorted by name) signals several insert
    # blocks: the counts are brought up to date once for all of them.
    page.filters.set_name(None)
    page.proxy.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
    _end_of_turn()
    updates: list[str] = []
    update = page._update_counts

    def counted() -> None:
        updates.append("counts")
        update()

    monkeypatch.setattr(page, "_update_counts", counted)
    inserts: list[int] = []
    page.proxy.rowsInserted.connect(lambda _parent, first, _last: inserts.append(first))
    hub.feed(
        task_lifecycle("late-a", T0 + 600, name="proj.add")
        + task_lifecycle("late-r", T0 + 601, name="proj.report")
    )
    _end_of_turn()
    assert len(inserts) == 2 and updates == ["counts"]
    assert "showing 63 of 63 tasks" in page.counts.text()


# -- a calm table: rows stay under the hand, buttons stay in place (issue #12) -----------------


def _row_centre(page: TasksPage, row: int) -> QPoint:
    table = page.table
    return QPoint(40, table.rowViewportPosition(row) + table.rowHeight(row) // 2)


def test_rows_under_the_pointer_stay_still_and_a_pill_counts_the_new(
    page: TasksPage, qtbot: QtBot
) -> None:
    hub, table = page._hub, page.table
    viewport, bar = table.viewport(), table.verticalScrollBar()
    assert bar.value() == 0
    spot = _row_centre(page, 3)
    QTest.mouseMove(viewport, spot)
    qtbot.waitUntil(lambda: page.row_hold.holding)
    aimed_at = page.proxy.record_at(table.rowAt(spot.y()))
    for n in range(4):  # four bursts, as the live stream delivers them
        hub.feed(task_lifecycle(f"late-{n}", T0 + 500 + n))
        qtbot.wait(5)
        assert page.proxy.record_at(table.rowAt(spot.y())) is aimed_at  # a click lands here
    pill = page.row_hold.pill
    assert pill.isVisible() and pill.text() == "↑ 4 new" and page.row_hold.new_rows == 4
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=spot)
    assert page.detail.uuid == aimed_at.uuid  # type: ignore[union-attr]
    QTest.mouseClick(pill, Qt.MouseButton.LeftButton)
    assert bar.value() == 0 and not pill.isVisible()
    assert page.proxy.record_at(table.rowAt(0)).uuid == "late-3"  # type: ignore[union-attr]


def test_a_selected_row_stays_still_and_leaving_goes_back_to_the_newest(
    page: TasksPage, qtbot: QtBot
) -> None:
    hub, table = page._hub, page.table
    bar = table.verticalScrollBar()
    QTest.mouseMove(page.counts)  # the pointer elsewhere
    qtbot.waitUntil(lambda: not page.row_hold.holding)
    table.selectRow(5)
    chosen = page.proxy.record_at(5)
    where = table.rowViewportPosition(5)
    hub.feed(task_lifecycle("late-1", T0 + 500) + task_lifecycle("late-2", T0 + 501))
    qtbot.wait(5)
    assert page.proxy.record_at(table.currentIndex().row()) is chosen
    assert table.rowViewportPosition(table.currentIndex().row()) == where
    assert page.row_hold.new_rows == 2
    table.clearSelection()  # nothing holds the table: back to the live top
    assert bar.value() == 0
    assert page.proxy.record_at(table.rowAt(0)).uuid == "late-2"  # type: ignore[union-attr]
    # with nothing held, new tasks show at the top as they come
    hub.feed(task_lifecycle("late-3", T0 + 502))
    assert bar.value() == 0 and not page.row_hold.pill.isVisible()
    assert page.proxy.record_at(table.rowAt(0)).uuid == "late-3"  # type: ignore[union-attr]


def test_the_action_bar_keeps_its_buttons_in_place(qtbot: QtBot, runner: BackgroundRunner) -> None:
    hub = MonitorHub(max_tasks=1000)
    page = TasksPage(hub, runner=runner, broker_url_provider=lambda: "redis://127.0.0.1:1/0")
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    hub.feed(task_lifecycle("short", T0, name="a"))
    hub.feed(task_lifecycle("long", T0 + 1, name="proj.a_task_with_a_very_long_name." * 3))
    actions = page.task_actions
    assert actions is not None
    bar = actions.toolbar

    def places() -> list[int]:
        return [w.x() for a in bar.actions() if (w := bar.widgetForAction(a)) is not None]

    empty = places()
    for uuid in ("short", "long"):
        page.select_task(uuid)
        assert places() == empty
    page.table.selectAll()
    assert places() == empty
    label = actions.target_label
    assert label.full_text() == "Act on 2 tasks:"
    page.select_task("long")
    assert label.text() != label.full_text() and "…" in label.text()
    assert label.toolTip() == label.full_text()


def test_pause_and_resume_keep_one_width(page: TasksPage) -> None:
    filters = page.filters
    button, export = filters.pause_button, filters.findChildren(QToolButton)[-2]
    before = (button.width(), export.x())
    page._hub.set_paused(True)
    assert filters.pause_button.text() == "Resume"
    assert (button.width(), export.x()) == before
    page._hub.set_paused(False)
    assert (button.width(), export.x()) == before
    assert button.width() >= max(
        button.fontMetrics().horizontalAdvance(t) for t in ("Pause", "Resume")
    )


def test_eta_in_the_display_zone_and_a_retry_is_not_its_own_family(page: TasksPage) -> None:
    hub = page._hub
    events = task_lifecycle("r-1", T0 + 700, outcome="retried")
    for sent_or_received in events[:2]:  # sent by another task
        sent_or_received["parent_id"] = sent_or_received["root_id"] = "p-1"
    eta = "2023-11-14T22:15:00+00:00"
    again = event("task-received", T0 + 702, uuid="r-1", hostname="celery@alpha", name="proj.add",
                  retries=1, eta=eta, expires="2023-11-15T00:00:00", parent_id="r-1",
                  root_id="p-1")  # fmt: skip
    hub.feed([*task_lifecycle("p-1", T0 + 699), *events, again])
    timefmt.set_zone("Asia/Kathmandu")
    try:
        page.select_task("r-1")
        fields = page.detail.field_texts()
        assert fields["ETA"] == "2023-11-15 04:00:00.000 UTC+05:45"
        assert fields["Expires"] == "2023-11-15 05:45:00.000 UTC+05:45"  # no offset: UTC
        assert fields["Parent"] == "p-1 (proj.add)"
        assert "Children" not in fields  # not itself
        row = page.proxy.row_of("r-1")
        assert page.proxy.index(row, Column.ETA).data() == "2023-11-15 04:00:00"
        assert page.proxy.index(row, Column.PARENT).data() == "p-1"
    finally:
        timefmt.set_zone(timefmt.LOCAL)
    page.select_task("p-1")
    assert page.detail.field_texts()["Children"].startswith("● proj.add r-1")


def test_a_batch_that_adds_and_changes_rows_paints_the_table_once(
    page: TasksPage, qtbot: QtBot
) -> None:
    # Inserted rows used to be laid out on Qt's zero-time timer, after the paint the changed
    # rows had asked for: a second paint of the whole table for every batch.
    from PySide6.QtCore import QEvent, QObject

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched: QObject, e: QEvent) -> bool:
            if e.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    hub = page._hub
    paints = Paints()
    page.table.viewport().installEventFilter(paints)
    started = [f"batch-{n}" for n in range(50)]
    hub.feed([event("task-received", T0 + 5, uuid=u, name="proj.add") for u in started])
    qtbot.wait(50)
    for round_ in range(3):
        paints.count = 0
        ends = [event("task-succeeded", T0 + 6 + round_, uuid=u, runtime=0.1) for u in started]
        started = [f"batch-{round_}-{n}" for n in range(50)]
        news = [event("task-received", T0 + 6 + round_, uuid=u, name="proj.mul") for u in started]
        hub.feed(ends + news)
        qtbot.wait(50)
        assert paints.count == 1, f"round {round_}: {paints.count} paints"
