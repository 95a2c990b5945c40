"""The Dashboard offscreen with synthetic traffic, its runtime model, percentiles and chart.

Set ``CELERY_DESK_SCREENSHOTS=<dir>`` to save ``dashboard.png`` there.
"""

from __future__ import annotations

import math
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.core.events.percentiles import RuntimeRow, RuntimeTable, nearest_rank, summarize
from desktop.core.events.stats import RuntimeSamples
from desktop.ui.locale_format import format_count
from desktop.ui.monitor.charts import LineChart, Series, nice_ticks, relative_label, time_step
from desktop.ui.monitor.dashboard_page import DashboardPage, state_chips
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.monitor.runtime_model import RAW_ROLE, RuntimeColumn, RuntimeModel
from tests.test_worker_model import task_event, worker_event

NAMES = ("celery_desk_demo.tasks.add", "celery_desk_demo.tasks.slow", "celery_desk_demo.tasks.fail")


def traffic(now: float, seconds: int = 240, seed: int = 7) -> Iterator[list[dict[str, Any]]]:
    """Batches of events as a few workers would send them over the last ``seconds``."""
    rng = random.Random(seed)
    workers = ["celery@alpha", "celery@beta"]
    uid = 0
    for s in range(seconds, 0, -1):
        # Two seconds of slack: the chart leaves out the second in progress at refresh time,
        # which on a loaded machine can be a second or two after ``now``.
        t = now - s - 2
        batch = [worker_event("heartbeat", w, t, processed=uid) for w in workers if s % 2 == 0]
        if s > 100:  # gamma stops beating 100 s ago: offline
            batch.append(worker_event("heartbeat", "celery@gamma", t))
        # "silent" finishes tasks but sends no task events (started without -E)
        batch.append(worker_event("heartbeat", "celery@silent", t, processed=seconds - s))
        rate = 3 + 2 * math.sin(s / 30)
        for _ in range(rng.randint(int(rate), int(rate) + 2)):
            uid += 1
            name = NAMES[uid % 3]
            worker = workers[uid % 2]
            uuid = f"task-{uid}"
            batch.append(task_event("received", uuid, worker, t, name=name, args="(1, 2)"))
            batch.append(task_event("started", uuid, worker, t + 0.01))
            if name.endswith("fail"):
                batch.append(task_event("failed", uuid, worker, t + 0.2, exception="boom"))
            else:
                runtime = rng.uniform(0.01, 0.2) if name.endswith("add") else rng.uniform(1, 3)
                batch.append(task_event("succeeded", uuid, worker, t + 0.3, runtime=runtime))
        yield batch
    yield [task_event("received", "still-running", workers[0], now - 0.5, name=NAMES[1])]
    yield [task_event("progress", "still-running", workers[0], now - 0.4, meta={"current": 1})]


def test_dashboard_shows_live_figures(qtbot: QtBot, hub: MonitorHub) -> None:
    now = time.time()
    page = DashboardPage(hub)
    qtbot.addWidget(page)
    page.resize(1280, 820)
    page.show()
    events = 0
    for batch in traffic(now):
        hub.feed(batch)
        events += len(batch)
    page.refresh()
    store = hub.store
    assert page.workers_card.value.text() == "3"  # alpha, beta, silent; gamma offline
    assert page.workers_card.detail.text() == "1 offline"
    counts = store.state_counts()
    assert counts["SUCCESS"] > 0 and counts["FAILURE"] > 0 and counts["PROGRESS"] == 1
    assert page.tasks_card.value.text() == format_count(sum(counts.values()))
    chips = page.tasks_card.detail.text()
    assert f"SUCCESS&nbsp;<b>{format_count(counts['SUCCESS'])}</b>" in chips
    assert chips.index("PROGRESS") < chips.index("SUCCESS") < chips.index("FAILURE")
    chips = state_chips({"REVOKED": 1, "X": 2, "STARTED": 3, "PENDING": 4})
    positions = [chips.index(f"&nbsp;{s}&nbsp;") for s in ("PENDING", "STARTED", "X", "REVOKED")]
    assert positions == sorted(positions)

    succeeded, failed = page.chart.series()
    xs = page.chart.x_values()
    assert len(xs) == len(succeeded.values)
    # the chart starts at the first second counted (240 s of traffic), not 300 s of zeros
    assert xs[0] == hub.store.throughput.first and 240 <= len(xs) <= 244
    assert sum(succeeded.values) == counts["SUCCESS"] and sum(failed.values) == counts["FAILURE"]
    assert page.throughput_card.value.text().endswith("/s")

    rows = {row.name: row for row in (page.runtime_model.row_for(n) for n in NAMES) if row}
    assert set(rows) == {NAMES[0], NAMES[1]}  # failures carry no runtime
    assert rows[NAMES[0]].count == store.runtimes.total(NAMES[0]) > 0
    assert rows[NAMES[0]].p99 <= 0.2 < rows[NAMES[1]].p50

    status = page.status.text()
    assert "Stream: <b>not listening</b>" in status
    assert f"{format_count(store.event_count)} received" in status and store.event_count == events
    assert "celery@silent" in status and "worker_send_task_events" in status

    page.span.setCurrentIndex(0)  # last minute
    assert len(page.chart.x_values()) == 60
    page.span.setCurrentIndex(1)
    target = os.environ.get("CELERY_DESK_SCREENSHOTS")
    image = page.grab()
    assert not image.isNull()
    if target:
        assert image.save(str(Path(target) / "dashboard.png"))


def test_dashboard_resets_with_the_store(qtbot: QtBot, hub: MonitorHub) -> None:
    page = DashboardPage(hub)
    qtbot.addWidget(page)
    now = time.time()
    hub.feed([
        task_event("received", "a", "celery@w", now - 2, name="t"),
        task_event("succeeded", "a", "celery@w", now - 1, runtime=0.5),
    ])  # fmt: skip
    page.refresh()
    assert page.runtime_model.rowCount() == 1
    hub.clear_tasks()
    assert page.tasks_card.value.text() == "0" and "no tasks yet" in page.tasks_card.detail.text()


def test_runtime_model_under_modeltester(qtmodeltester: ModelTester, qapp: object) -> None:
    model = RuntimeModel()
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    a1 = RuntimeRow("a", 1, 1, 0.1, 0.1, 0.1, 0.1)
    b1 = RuntimeRow("b", 3, 3, 1.0, 2.0, 2.0, 2.0)
    model.set_rows([a1])
    model.set_rows([a1, b1])
    model.set_rows([RuntimeRow("a", 2, 2, 0.1, 0.3, 0.3, 0.3), b1])
    assert model.rowCount() == 2
    index = model.index(0, RuntimeColumn.P90)
    assert model.data(index) == "300.0 ms" and model.data(index, RAW_ROLE) == 0.3
    assert model.data(model.index(1, RuntimeColumn.COUNT)) == "3"
    model.set_rows([b1])  # a name went (a new store): reset
    assert model.rowCount() == 1 and model.row_for("a") is None


def test_nearest_rank_percentiles() -> None:
    hundred = [float(x) for x in range(100, 0, -1)]
    row = summarize("t", hundred)
    assert (row.p50, row.p90, row.p99, row.max, row.count) == (50.0, 90.0, 99.0, 100.0, 100)
    assert nearest_rank([7.0], 50) == 7.0
    assert nearest_rank([1.0, 2.0], 50) == 1.0 and nearest_rank([1.0, 2.0], 51) == 2.0
    with pytest.raises(ValueError):
        nearest_rank([], 50)
    rng = random.Random(3)
    for _ in range(50):
        data = [rng.expovariate(1.0) for _ in range(rng.randint(1, 300))]
        ordered = sorted(data)
        for q in (50, 90, 99):
            value = nearest_rank(ordered, q)
            # the smallest sample with at least q% of samples at or below it
            at_or_below = sum(1 for x in data if x <= value)
            assert at_or_below / len(data) >= q / 100
            below = sum(1 for x in data if x < value)
            assert below / len(data) < q / 100


def test_runtime_table_recomputes_only_changed_names() -> None:
    samples = RuntimeSamples(per_name=10)
    for i in range(25):
        samples.add("a", float(i))
    samples.add("b", 5.0)
    table = RuntimeTable()
    first = {row.name: row for row in table.rows(samples)}
    assert first["a"] == RuntimeRow("a", 25, 10, 19.0, 23.0, 24.0, 24.0)  # last 10: 15..24
    samples.add("b", 7.0)
    second = {row.name: row for row in table.rows(samples)}
    assert second["a"] is first["a"] and second["b"].count == 2 and second["b"].max == 7.0
    assert table.rows(RuntimeSamples()) == []


def test_chart_axes_and_hover(qtbot: QtBot) -> None:
    assert nice_ticks(0) == [0.0, 1.0]
    assert nice_ticks(7) == [0.0, 2.0, 4.0, 6.0, 8.0]
    assert nice_ticks(100)[-1] == 100 and nice_ticks(101)[-1] >= 101
    assert time_step(300) == 60 and time_step(60) == 10
    assert [relative_label(s) for s in (0, 30, 120, 7200)] == ["now", "-30 s", "-2 min", "-2 h"]
    chart = LineChart("Throughput", "/s")
    qtbot.addWidget(chart)
    chart.resize(600, 240)
    chart.show()
    xs = [1_700_000_000.0 + i for i in range(60)]
    chart.set_data(
        xs, [Series("Succeeded", chart.palette().text().color(), [float(i % 7) for i in range(60)])]
    )
    with pytest.raises(ValueError, match="values"):
        chart.set_data(xs, [Series("short", chart.palette().text().color(), [1.0])])
    QTest.mouseMove(chart, QPoint(chart.width() - 15, 120))
    qtbot.waitUntil(lambda: chart.hover_index is not None)
    assert chart.hover_index == 59
    assert chart.hover_text().endswith(f"Succeeded: {59 % 7}/s")
    assert not chart.grab().isNull()
