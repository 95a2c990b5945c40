"""The Processes and Queues pages, and the messages of their core, in both languages: counts
in the right plural ("1 queue", never "1 queues"), Chinese texts from the committed .ts files,
numbers and times as the locale and the display zone write them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.core.control.catalog import Catalog
from desktop.core.control.guard import ACTIONS, ControlGate
from desktop.core.control.results import (
    ActionResult,
    ReplyStatus,
    WorkerReply,
    collect_replies,
    describe_silence,
)
from desktop.core.processes.backoff import BackoffPolicy, RestartTracker
from desktop.core.processes.presets import PresetStore
from desktop.core.processes.spec import ProcessKind, ProcessSpec, validate
from desktop.core.queues.envelope import DecodedMessage
from desktop.core.queues.inspect import QueueInfo, QueueSnapshot
from desktop.core.queues.results import DeleteResult, PeekedMessage, PeekResult, PurgeResult
from desktop.ui.background import BackgroundRunner
from desktop.ui.i18n import install_language, uninstall_language
from desktop.ui.monitor import timefmt
from desktop.ui.processes.log_view import MAX_HIGHLIGHTS, LogView
from desktop.ui.processes.outcome import ProcessOutcome, ProcessState
from desktop.ui.processes.processes_view import ProcessesView
from desktop.ui.processes.supervisor import Supervisor
from desktop.ui.queues.peek_panel import COLUMNS, PeekPanel
from desktop.ui.queues.queue_model import QueueTableModel, format_age
from desktop.ui.queues.queues_page import QueuesPage
from desktop.ui.queues.refresher import Refreshed
from tests.support.clipping import clipped_texts


@pytest.fixture
def chinese(qapp: QApplication, compiled: Path) -> Iterator[None]:
    install_language("zh_CN", directory=compiled)
    yield
    uninstall_language()


@pytest.fixture
def english(qapp: QApplication, compiled: Path) -> Iterator[None]:
    install_language("en", directory=compiled)
    yield
    uninstall_language()


def queue(name: str, waiting: int = 0) -> QueueInfo:
    return QueueInfo(name, ((0, waiting), (3, 0), (6, 0), (9, 0)))


def summary_of(qtbot: QtBot, runner: BackgroundRunner, *queues: QueueInfo) -> str:
    page = QueuesPage(runner, lambda: None, lambda: (False, "dev"))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    snapshot = QueueSnapshot(queues=queues, priority_steps=(0, 3, 6, 9), taken_at=time.time())
    page._on_refresher_refreshed(Refreshed("redis://", snapshot, None))
    if queues:
        page.select_queue(queues[0].name)  # the peek panel's title names it
    QApplication.processEvents()
    assert clipped_texts(page) == []
    return page.summary.text()


# -- counts: the plural that goes with the number ----------------------------------------------


def test_queue_counts_in_english(qtbot: QtBot, runner: BackgroundRunner, english: None) -> None:
    assert summary_of(qtbot, runner, queue("celery", 1234)).startswith(
        "1 queue · 1,234 waiting · 0 in flight · priority levels 0/3/6/9 · updated "
    )
    assert summary_of(qtbot, runner, queue("a"), queue("b")).startswith("2 queues · 0 waiting")
    assert summary_of(qtbot, runner).startswith("0 queues · ")


def test_queue_counts_in_chinese(qtbot: QtBot, runner: BackgroundRunner, chinese: None) -> None:
    text = summary_of(qtbot, runner, queue("celery", 1234))
    assert text.startswith("1 个队列 · 1,234 条等待 · 0 条处理中 · 优先级 0/3/6/9 · 更新于 ")
    assert summary_of(qtbot, runner, queue("a"), queue("b")).startswith("2 个队列 · ")


def test_match_counts(qtbot: QtBot) -> None:
    view = LogView()
    qtbot.addWidget(view)
    view.set_lines([])
    assert [view._count_text(n) for n in (0, 1, 2, MAX_HIGHLIGHTS)] == [
        "0 matches",
        "1 match",
        "2 matches",
        f"{MAX_HIGHLIGHTS}+ matches",
    ]


def test_reply_and_purge_counts() -> None:
    ok = WorkerReply("a@h", ReplyStatus.OK, "fine")
    bad = WorkerReply("b@h", ReplyStatus.ERROR, "no")
    one = ActionResult("pool_restart", ("a@h",), replies=(ok, bad))
    two = ActionResult("pool_restart", ("a@h",), replies=(ok, bad, bad))
    assert one.summary() == "pool_restart: 1 ok, 1 error"
    assert two.summary() == "pool_restart: 1 ok, 2 errors"
    assert two.outcome_text() == "1 ok, 2 errors"
    assert PurgeResult("q", ((0, 1),)).summary() == "Purged 1 message from 'q'"
    assert PurgeResult("q", ((0, 1), (3, 2))).summary() == "Purged 3 messages from 'q'"
    catalog = Catalog(tasks=("t",), workers=("w1",))
    assert catalog.describe(1) == "1 registered task on 1 worker"
    catalog = Catalog(tasks=("t", "u"), workers=("w1", "w2"))
    assert catalog.describe(1) == "2 registered tasks on 2 workers"


# -- Chinese, from the committed translations ----------------------------------------------


def test_processes_view_in_chinese(qtbot: QtBot, chinese: None) -> None:
    view = ProcessesView(Supervisor(), PresetStore(), broker_url_provider=lambda: None)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    actions = [a.text() for a in view.toolbar.actions() if not a.isSeparator()]
    assert actions == ["启动", "停止", "重启", "新建预设…", "编辑预设…", "删除预设"]
    model = view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["名称", "类型", "状态", "PID", "运行时长", "上次结果", "重启次数"]
    assert view.preset_list.item(0).text().endswith("工作进程")
    view.start_action.trigger()  # no broker connected: the banner says so, in Chinese
    assert view.message_text().startswith("无法启动 Demo worker：未连接消息代理")
    assert "关闭" in view.banner.text()  # the Dismiss link
    QApplication.processEvents()
    assert clipped_texts(view) == []


def test_process_states_kinds_and_outcomes_in_chinese(chinese: None) -> None:
    assert [s.label for s in ProcessState] == [
        "未启动", "启动中", "运行中", "停止中", "已退出", "已崩溃", "启动失败",
    ]  # fmt: skip
    assert [k.label for k in ProcessKind] == ["工作进程", "beat", "消息代理", "自定义"]
    assert ProcessOutcome(exit_code=3).describe() == "崩溃，退出码 3"
    assert ProcessOutcome(signal=9).describe() == "崩溃：被 SIGKILL 终止"
    assert validate(ProcessSpec(name=" ", concurrency=0)) == ["需要填写名称", "并发数必须 ≥ 1"]
    tracker = RestartTracker(BackoffPolicy(initial=2.0))
    assert tracker.record_crash(0.0, 1.0).reason == "2 秒后重启（第 1 次尝试）"


def test_queue_table_and_peek_in_chinese(qtbot: QtBot, chinese: None) -> None:
    model = QueueTableModel()
    model.set_snapshot(QueueSnapshot(queues=(queue("celery"),), priority_steps=(0, 3)))
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["队列", "总数", "P0", "P3", "消费者", "处理中", "最久等待", "标记"]
    assert model.data(model.index(0, model.column_of("flags"))) == "无消费者"
    assert format_age(5, lower_bound=True) == "≥ 5 秒"
    peek = PeekPanel()
    qtbot.addWidget(peek)
    titles = [peek.table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    assert titles == ["#", "优先级", "任务", "任务 ID", "args", "kwargs", "ETA", "重试次数"]
    assert peek.delete_button.text() == "删除消息…" and peek.purge_button.text() == "清空队列…"


def test_control_messages_in_chinese(chinese: None) -> None:
    assert ACTIONS["rate_limit"].label == "设置速率限制"
    assert ControlGate(True, "prod").refusal == "配置档 'prod' 为只读：操作已禁用"
    assert describe_silence(2.0) == "2 秒内无应答"
    silent = collect_replies([], None, 0.5)
    assert [(r.status.label, r.text) for r in silent] == [("无应答", "0.5 秒内没有工作进程应答")]
    result = ActionResult("pool_grow", ("a@h",), replies=silent)
    assert result.outcome_text() == "1 个无应答"
    assert DeleteResult("q", "abc", removed=True).summary() == "已从 'q' 删除消息 abc"


# -- times: the display zone, with an offset ----------------------------------------------


def cell_text(peek: PeekPanel, row: int, column: int) -> str:
    item = peek.table.item(row, column)
    assert item is not None
    return item.text()


def test_peek_shows_the_eta_in_the_display_zone(qtbot: QtBot) -> None:
    peek = PeekPanel()
    qtbot.addWidget(peek)
    peek.set_queue("emails", 1)
    message = DecodedMessage(task="send", task_id="id-1", eta="2030-01-31T01:00:00+00:00")
    peeked = PeekedMessage("emails", 0, 0, "emails", b"raw", message)
    eta = COLUMNS.index("eta")
    try:
        timefmt.set_zone("Asia/Shanghai")
        peek.show_peek(PeekResult("emails", (peeked,), 1))
        assert cell_text(peek, 0, eta) == "2030-01-31 09:00:00.000 UTC+08:00"
        timefmt.set_zone("UTC")  # the zone changes: the cell follows without a new peek
        assert cell_text(peek, 0, eta) == "2030-01-31 01:00:00.000 UTC+00:00"
    finally:
        timefmt.set_zone(timefmt.LOCAL)
