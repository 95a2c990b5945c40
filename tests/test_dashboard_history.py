"""The Dashboard's 24 hour and 7 day charts, read from a journal written by the core's writer."""

from __future__ import annotations

import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.core.history.writer import JournalWriter
from desktop.ui.monitor.dashboard_page import DashboardPage
from desktop.ui.monitor.history_chart import DAY, WEEK, bucket_counts
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.monitor.journal_service import JournalService
from tests.support.synthetic_events import task_lifecycle


def test_buckets_add_minutes_up_and_keep_empty_ones() -> None:
    from desktop.core.history import MinuteCount

    rows = [MinuteCount(900, 2, 1), MinuteCount(960, 3, 0), MinuteCount(2700, 0, 4)]
    starts, ok, bad = bucket_counts(rows, 900, 3000, 900)
    assert starts == [900.0, 1800.0, 2700.0] and ok == [5.0, 0.0, 0.0] and bad == [1.0, 0.0, 4.0]


def test_the_chart_shows_the_last_day_and_week_from_the_journal(
    qtbot: QtBot, tmp_path: Path
) -> None:
    now = time.time()
    path = tmp_path / "journal.sqlite3"
    writer = JournalWriter(path)
    events: list[dict[str, object]] = []
    # each hour of the last three days: 3 successes and 1 failure; two days back: 5 more failures
    for hour in range(1, 72):
        at = now - hour * 3600
        for n in range(4):
            outcome = "failed" if n == 3 else "succeeded"
            events += task_lifecycle(f"h{hour}-{n}", at + n, outcome=outcome)
    events += [
        e
        for n in range(5)
        for e in task_lifecycle(f"old-{n}", now - 2 * DAY - 60, outcome="failed")
    ]
    writer.live(events)
    writer.close()
    service = JournalService(lambda: path)
    page = DashboardPage(MonitorHub(), journal=service)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.span.setCurrentIndex(page.span.findData(DAY))
    chart = page.chart
    qtbot.waitUntil(lambda: len(chart.x_values()) > 90, timeout=10_000)
    assert chart.title == "Tasks finished per 15 minutes (journal)"
    succeeded, failed = chart.series()
    assert sum(succeeded.values) == 3 * 24 and sum(failed.values) == 24  # hours 1..24 ago
    assert chart.x_values()[1] - chart.x_values()[0] == 900
    page.span.setCurrentIndex(page.span.findData(WEEK))
    qtbot.waitUntil(lambda: chart.title.endswith("per 2 hours (journal)"), timeout=10_000)
    qtbot.waitUntil(lambda: len(chart.series()) == 2, timeout=10_000)
    succeeded, failed = chart.series()
    assert sum(failed.values) == 71 + 5 and sum(succeeded.values) == 3 * 71
    assert len(chart.x_values()) == 85  # 2-hour buckets over 7 days, the last one filling
    page.span.setCurrentIndex(1)  # back to live seconds
    assert chart.title == "Tasks finished per second" and len(chart.x_values()) <= 300
    service.stop()


def test_without_a_journal_only_the_live_spans_are_offered(qtbot: QtBot) -> None:
    page = DashboardPage(MonitorHub())
    qtbot.addWidget(page)
    assert [page.span.itemData(i) for i in range(page.span.count())] == [60, 300, 600]
