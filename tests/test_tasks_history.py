"""The Tasks view's history mode over a journal built with the core's writer: it opens on the
earlier tasks, pages lazily, sorts, filters and searches in the journal (text in args,
kwargs, result and exception included), stays current, and the model passes the model test."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.core.events.query import parse_query
from desktop.core.events.task_filter import TaskFilter
from desktop.core.history import CoverageKind
from desktop.core.history.writer import JournalWriter
from desktop.ui.monitor.coverage_strip import clock
from desktop.ui.monitor.history_model import PAGE, HistoryTaskModel
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.monitor.journal_service import JournalService
from desktop.ui.monitor.task_model import Column
from desktop.ui.monitor.tasks_page import TasksPage
from tests.support.synthetic_events import event, mixed_stream, task_lifecycle

T0 = 1_700_000_000.0
TASKS = 500  # more than two pages


def write_journal(path: Path, events: list[dict[str, object]]) -> None:
    writer = JournalWriter(path)
    writer.connected(T0 - 1)
    for start in range(0, len(events), 400):
        writer.live(events[start : start + 400])
    writer.close(T0 + TASKS)


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.sqlite3"
    write_journal(path, mixed_stream(TASKS, T0))
    return path


@pytest.fixture
def service(qapp: object, journal: Path) -> Iterator[JournalService]:
    reader = JournalService(lambda: journal)
    yield reader
    reader.stop()
    assert reader.wait_stopped()


@pytest.fixture
def page(qtbot: QtBot, service: JournalService) -> TasksPage:
    hub = MonitorHub(max_tasks=1000)
    widget = TasksPage(hub, journal=service)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitUntil(lambda: widget.history.active and widget.history.model.ready)
    return widget


def shown(page: TasksPage, column: Column = Column.UUID) -> list[str]:
    rows = page.rows
    return [rows.index(r, column).data() for r in range(rows.rowCount())]


def settle(page: TasksPage, qtbot: QtBot, change: object) -> None:
    """Apply a change that re-asks the journal and wait for the answer."""
    with qtbot.waitSignal(page.history.model.loaded, timeout=10_000):
        assert callable(change)
        change()


def test_opens_on_the_journal_when_this_session_heard_nothing(
    page: TasksPage, qtbot: QtBot
) -> None:
    model = page.history.model
    assert page.history.switch.history and page.tables.currentWidget() is page.history.table
    assert model.total == TASKS and model.rowCount() == PAGE  # one page, not all of them
    assert shown(page)[:2] == [f"task-{TASKS - 1:05d}", f"task-{TASKS - 2:05d}"]  # newest first
    assert f"{TASKS} journaled tasks match" in page.counts.text()
    assert page.proxy.rowCount() == 0  # the live store is empty: Live shows nothing
    combo = page.filters.name_combo
    qtbot.waitUntil(lambda: combo.count() > 1)  # the journal's names, asked after the rows
    names = [combo.itemData(i) for i in range(1, combo.count())]
    assert names == ["proj.add", "proj.fetch", "proj.mul", "proj.report"]


def test_scrolling_down_fetches_the_next_pages_only(page: TasksPage, qtbot: QtBot) -> None:
    model = page.history.model
    assert model.canFetchMore()
    page.history.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE)
    while model.canFetchMore():
        rows = model.rowCount()
        model.fetchMore()
        qtbot.waitUntil(lambda rows=rows: model.rowCount() > rows)  # type: ignore[misc]
    assert model.rowCount() == TASKS and len(set(shown(page))) == TASKS  # each exactly once


def test_search_filters_and_sort_run_in_the_journal(page: TasksPage, qtbot: QtBot) -> None:
    model = page.history.model
    # text search in the exception (failed tasks say "bad <id>") and in kwargs
    settle(page, qtbot, lambda: page.filters.set_query('exception:"bad task-0000"'))
    assert shown(page) == ["task-00009", "task-00003"]  # failures only, newest first
    settle(page, qtbot, lambda: page.filters.set_query("state:failure NOT kwargs:even"))
    assert set(shown(page, Column.STATE)) == {"FAILURE"} and model.total == 83
    settle(page, qtbot, lambda: page.filters.set_query('args:"(7, " OR result:"1497"'))
    assert sorted(shown(page)) == ["task-00007", "task-00499"]
    settle(page, qtbot, lambda: page.filters.set_query(""))
    settle(page, qtbot, lambda: page.filters.set_name("proj.mul"))
    assert set(shown(page, Column.NAME)) == {"proj.mul"} and model.total == TASKS // 4
    settle(page, qtbot, lambda: page.filters.set_states({"RETRY"}))
    assert set(shown(page, Column.STATE)) == {"RETRY"}
    settle(page, qtbot, lambda: page.filters.set_states(None))
    settle(page, qtbot, lambda: page.filters.set_name(None))
    header = page.history.table.horizontalHeader()
    settle(page, qtbot, lambda: header.setSortIndicator(Column.WORKER, Qt.SortOrder.AscendingOrder))
    workers = shown(page, Column.WORKER)
    assert workers == sorted(workers) and workers[0] == "celery@alpha"
    by_runtime = Column.RUNTIME, Qt.SortOrder.DescendingOrder
    settle(page, qtbot, lambda: header.setSortIndicator(*by_runtime))
    records = [model.record_at(r) for r in range(model.rowCount())]
    runtimes = [r.runtime for r in records if r is not None and r.runtime is not None]
    assert len(runtimes) > 100 and runtimes == sorted(runtimes, reverse=True)


def test_switching_modes_keeps_both_views(page: TasksPage, qtbot: QtBot) -> None:
    hub = page._hub
    hub.feed(task_lifecycle("live-1", T0 + 9000))
    page.history.switch.live_button.click()
    assert not page.history.active and page.tables.currentWidget() is page.table
    assert shown(page) == ["live-1"]
    with qtbot.waitSignal(page.history.model.loaded, timeout=10_000):
        page.history.switch.history_button.click()
    assert page.rows is page.history.model and "live-1" not in shown(page)  # not journaled


def test_new_journal_entries_show_at_the_top(page: TasksPage, qtbot: QtBot, journal: Path) -> None:
    writer = JournalWriter(journal)
    writer.live(task_lifecycle("late-1", T0 + 5000, outcome="failed"))
    writer.close()
    qtbot.waitUntil(lambda: shown(page)[:1] == ["late-1"], timeout=10_000)  # polled, reloaded
    assert page.history.model.total == TASKS + 1


def test_the_history_model_passes_the_model_test(
    qapp: object, qtmodeltester: ModelTester, qtbot: QtBot, service: JournalService
) -> None:
    model = HistoryTaskModel(service)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_filter(TaskFilter(query=parse_query("proj")))
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    assert model.rowCount() == PAGE


def test_without_a_journal_the_switch_is_hidden(qtbot: QtBot) -> None:
    widget = TasksPage(MonitorHub(max_tasks=10))
    qtbot.addWidget(widget)
    assert not widget.history.switch.isVisibleTo(widget) and not widget.history.active


def test_a_missing_journal_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    service = JournalService(lambda: tmp_path / "none.sqlite3")
    widget = TasksPage(MonitorHub(max_tasks=10), journal=service)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.history.model.failed, timeout=10_000):
        widget.history.set_active(True)
    assert "No journal yet" in widget.counts.text()
    service.stop()


def retried_twice_then_failed(uuid: str, t: float) -> list[dict[str, object]]:
    """A task that ran three times (two retries) and failed, with two children."""
    events = task_lifecycle(uuid, t, name="proj.report", outcome="retried")
    for attempt in (1, 2):
        start = t + attempt * 10
        events += [
            event("task-received", start, uuid=uuid, hostname="celery@beta", name="proj.report"),
            event("task-started", start + 0.1, uuid=uuid, hostname="celery@beta"),
        ]
        if attempt == 1:
            events.append(event("task-retried", start + 0.5, uuid=uuid, hostname="celery@beta"))
    events.append(
        event("task-failed", t + 21, uuid=uuid, hostname="celery@beta", exception="KeyError('x')")
    )
    for n in (1, 2):
        child = task_lifecycle(f"kid-{n}-of-{uuid}", t + 1 + n, name="proj.step")
        for sent_or_received in child[:2]:
            sent_or_received["parent_id"] = sent_or_received["root_id"] = uuid
        events += child
    return events


def test_the_detail_shows_an_old_task_whole_from_the_journal(
    page: TasksPage, qtbot: QtBot, journal: Path
) -> None:
    writer = JournalWriter(journal)
    writer.live(retried_twice_then_failed("old-report", T0 + 6000))
    writer.close()
    page.history.reload()
    qtbot.waitUntil(lambda: page.history.model.row_of("old-report") >= 0, timeout=10_000)
    assert page._hub.store.get("old-report") is None  # not in this session's memory
    page.history.table.selectRow(page.history.model.row_of("old-report"))
    detail = page.detail
    qtbot.waitUntil(lambda: detail.field_texts().get("Exception") == "KeyError('x')")
    events = [row[0] for row in detail.timeline_rows()]
    assert events == ["sent", "received", "started", "retried", "received", "started",
                      "retried", "received", "started", "failed"]  # fmt: skip
    assert [row[4] for row in detail.timeline_rows()][-1] == "celery@beta"
    assert "From the journal: Heard live" in detail._origin.text()
    children = detail.field_texts()["Children"]
    assert "proj.step kid-1-of SUCCESS" in children and "proj.step kid-2-of" in children
    detail.task_activated.emit("kid-2-of-old-report")  # a click on the child's link
    qtbot.waitUntil(lambda: detail.field_texts().get("Parent", "").startswith("old-report"))
    assert detail.uuid == "kid-2-of-old-report"
    current = page.rows.record_at(page.view.currentIndex().row())
    assert current is not None and current.uuid == "kid-2-of-old-report"


def test_the_detail_says_when_the_journal_lacks_a_task(page: TasksPage, qtbot: QtBot) -> None:
    page.detail.show_task("never-ran")
    qtbot.waitUntil(lambda: "neither held nor in the journal" in page.detail._empty.text())


def test_the_coverage_strip_labels_what_was_heard_and_the_gaps(
    qtbot: QtBot, tmp_path: Path
) -> None:
    now = time.time()
    path = tmp_path / "covered.sqlite3"
    writer = JournalWriter(path)
    writer.connected(now - 20 * 3600)  # heard live for two hours, then the app was closed
    writer.live(task_lifecycle("evening", now - 19 * 3600, outcome="failed"))
    writer.disconnected(now - 18 * 3600)
    writer.add_coverage(CoverageKind.RECORDER, now - 12 * 3600, now - 10 * 3600)
    writer.add_coverage(CoverageKind.BACKFILL, now - 10 * 3600, now - 9 * 3600)
    writer.connected(now - 3600)
    writer.live(task_lifecycle("morning", now - 1800))
    writer.close(now)
    service = JournalService(lambda: path)
    widget = TasksPage(MonitorHub(max_tasks=10), journal=service)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    strip = widget.history.coverage
    qtbot.waitUntil(lambda: bool(strip.periods), timeout=10_000)
    assert strip.isVisible() and strip.title.text() == "Last 24 hours:"
    kinds = [p.kind for p in strip.periods if p.end - p.start > 60]  # not the last moments
    assert kinds == ["gap", "live", "gap", "recorder", "backfill", "gap", "live"]
    legend = strip.legend.text()
    assert "Heard live 3 h 00 min" in legend and "Caught up from the recorder 2 h 00 min" in legend
    assert "Backfilled from the result backend (partial) 1 h 00 min" in legend
    evening_gap = next(p for p in strip.periods[2:] if p.kind == "gap")
    assert f"{clock(evening_gap.start)}–{clock(evening_gap.end)}" in legend  # when nobody heard
    bar = strip.bar
    middle_of_gap = (evening_gap.start + evening_gap.end) / 2 - (now - 86_400)
    tip = strip.tooltip_at(int(bar.width() * middle_of_gap / 86_400))
    assert tip.startswith("<b>Not covered</b>") and "nobody was listening" in tip
    combo = widget.filters.range_combo  # a rolling range: the strip is titled by its name
    combo.setCurrentIndex(combo.findData("1h"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: strip.title.text() == "Last hour:", timeout=10_000)
    widget.history.switch.live_button.click()
    assert not strip.isVisible()
    service.stop()
