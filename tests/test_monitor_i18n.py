"""Dashboard, Tasks and Workers in Chinese and English, with tasks and workers on them.

The layout test (test_i18n_layout.py) sees the pages empty; here they hold what a running
system shows (a selected task, workers with counts, hints, the action bars), at the size
the window gives them at 1280x800, and no text may be cut off in either language. The
Chinese checks pick texts that only reach the screen when the lookup works: a base class's
text in a subclass, a plural, a core message through the translate hook.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.core.events import LossSummary, SourceState, SourceStatus
from desktop.core.events.hints import detect_hints, no_task_events_hint
from desktop.core.events.query import QueryError, parse_query
from desktop.core.events.workers import WorkerTable
from desktop.ui.background import BackgroundRunner
from desktop.ui.i18n import install_language, uninstall_language
from desktop.ui.monitor.dashboard_page import DashboardPage
from desktop.ui.monitor.hub import MonitorHub, MonitorStatus
from desktop.ui.monitor.task_columns import Column as TaskColumn
from desktop.ui.monitor.tasks_page import TasksPage
from desktop.ui.monitor.worker_action_dialogs import RateLimitDialog
from desktop.ui.monitor.worker_columns import Column
from desktop.ui.monitor.workers_page import WorkersPage
from tests.support.clipping import clipped_texts
from tests.support.synthetic_events import mixed_stream, progress, task_lifecycle
from tests.test_worker_model import task_event, worker_event

#: The room the main window gives a page at the screenshot size (1280x800).
PAGE = QSize(1110, 740)
URL = "redis://127.0.0.1:1/0"


#: The catalogs these pages take their texts from (other areas' catalogs are not needed).
AREAS = ("app", "monitor", "queues")


@pytest.fixture
def zh(qapp: QApplication, compiled: Path) -> Iterator[None]:
    install_language("zh_CN", directory=compiled)
    yield
    uninstall_language()


def shown[W: QWidget](qtbot: QtBot, page: W) -> W:
    qtbot.addWidget(page)
    page.resize(PAGE)
    page.show()
    qtbot.waitExposed(page)
    return page


def busy_workers(hub: MonitorHub) -> None:
    now = time.time()
    events = []
    hosts = ["celery@alpha.example.com", "celery@beta", "worker2@build-host-with-a-long-name"]
    for i, host in enumerate(hosts):
        events.append(worker_event("online", host, now - 60, pid=100 + i, processed=0))
        for n in range(20 + 7 * i):
            kind = ["succeeded", "succeeded", "failed", "retried"][n % 4]
            events.append(task_event(kind, f"{host}-{n}", host, now - 50 + n))
        events.append(worker_event("heartbeat", host, now - 1, pid=100 + i, active=i,
                                   processed=40 + 9 * i, loadavg=[0.52, 0.4, 1.25]))  # fmt: skip
    hub.feed(events)


def test_the_pages_show_their_texts_whole_with_data_on_them(
    qtbot: QtBot, language: str, runner: BackgroundRunner
) -> None:
    now = time.time()
    tasks_hub = MonitorHub(max_tasks=1000)
    tasks = shown(qtbot, TasksPage(tasks_hub, runner=runner, broker_url_provider=lambda: URL))
    tasks_hub.feed(mixed_stream(60, t0=now - 100))
    tasks_hub.feed([*task_lifecycle("slow-1", now - 5, name="proj.slow", outcome="started"),
                    progress("slow-1", now - 4, 5, 15)])  # fmt: skip
    workers_hub = MonitorHub(max_tasks=1000)
    workers = shown(qtbot, WorkersPage(workers_hub, runner))
    busy_workers(workers_hub)
    dashboard = shown(qtbot, DashboardPage(workers_hub))
    problems = {}
    for name, page, select in (
        ("tasks, one selected", tasks, lambda: tasks.select_task("task-00003")),
        ("tasks, all selected", tasks, tasks.table.selectAll),
        ("tasks, paused", tasks, lambda: tasks_hub.set_paused(True)),
        ("workers, one selected", workers, lambda: workers.select_worker("celery@beta")),
        ("workers, all selected", workers, workers.view.selectAll),
        ("dashboard", dashboard, dashboard.refresh),
    ):
        select()
        QApplication.processEvents()
        clipped = clipped_texts(page)
        if clipped:
            problems[name] = [str(c) for c in clipped]
    assert not problems, f"texts cut off in {language}: {problems}"
    tasks_hub.set_paused(False)


def test_the_monitor_speaks_chinese(qtbot: QtBot, zh: None, runner: BackgroundRunner) -> None:
    hub = MonitorHub(max_tasks=1000)
    tasks = shown(qtbot, TasksPage(hub, runner=runner, broker_url_provider=lambda: URL))
    hub.feed(mixed_stream(20))
    assert tasks.filters.pause_button.text() == "暂停"
    assert tasks.proxy.headerData(TaskColumn.STATE, Qt.Orientation.Horizontal) == "状态"
    tasks.table.selectAll()
    assert tasks.task_actions is not None
    assert tasks.task_actions.target_label.full_text() == "操作 20 个任务："  # a plural
    tasks.select_task("task-00003")
    assert "异常" in tasks.detail.field_texts()
    assert [row[0] for row in tasks.detail.timeline_rows()] == [
        "已发送",
        "已接收",
        "已开始",
        "已失败",
    ]

    workers = shown(qtbot, WorkersPage(MonitorHub(), runner))
    header = workers.model.headerData(Column.PROCESSED, Qt.Orientation.Horizontal)
    assert header == "已处理"
    assert workers.summary.text() == "0 个工作进程 · 0 个在线"
    dialog = RateLimitDialog("celery@a", workers)
    qtbot.addWidget(dialog)
    # the form row comes from the base class: its context, looked up through the subclass
    assert dialog.windowTitle() == "速率限制" and dialog.problem.text() == "请选择或输入任务类型。"

    # the Qt-free core translates through the hook the app installs
    with pytest.raises(QueryError, match="缺少"):
        parse_query("(state:failure")
    silent = no_task_events_hint("celery@x", enabler_on=True).message
    assert silent.startswith("工作进程 celery@x 在运行任务") and "-E（--task-events）" in silent
    assert "CELERY_WORKER_SEND_TASK_EVENTS = True" in silent
    (sent,) = detect_hints(WorkerTable(), 0.0, finished=20, finished_without_sent=20)
    assert sent.message.startswith("任务要等工作进程收到后才会显示")
    assert "CELERY_TASK_SEND_SENT_EVENT = True" in sent.message
    status = MonitorStatus(
        SourceStatus(SourceState.CONNECTED, "redis"),
        events_per_s=12,
        loss=LossSummary(gaps=1, estimated_lost=3, dropped=0, clock_jumps=0, last_gap=None),
    )
    assert status.text == "事件：已连接 · 12/秒 · 丢失 3（1 处中断）"
