"""Counts read right (issue #12, "1 queues"): one entry, one attempt, one task, and more
than one, in English and in Chinese, where the Schedules page's beat line, a rule's webhook
status and the Tasks view's count line show them. The alerts' own counts are in
tests/test_alert_rules.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.core.alerts.delivery import Delivery, DeliveryResult
from desktop.core.alerts.rules import Severity, WebhookKind
from desktop.core.alerts.webhooks import WebhookCredentials, WebhookMessage
from desktop.ui.alerts.alerts_page import AlertsPage
from desktop.ui.context import AppContext
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.monitor.tasks_page import TasksPage
from desktop.ui.schedules.beat_status import BeatStatusWidget
from tests.support.synthetic_events import task_lifecycle

EXPECTED = {
    "en": {
        "one entry": "1 of 1 entry enabled",
        "entries": "2 of 3 entries enabled",
        "one attempt": "Not delivered after 1 attempt: HTTP 500",
        "attempts": "Not delivered after 3 attempts: HTTP 500",
        "one task": "showing 1 of 1 task",
        "tasks": "showing 2 of 2 tasks",
    },
    "zh_CN": {
        "one entry": "已启用 1/1 个定时任务",
        "entries": "已启用 2/3 个定时任务",
        "one attempt": "尝试 1 次后仍未送达：HTTP 500",
        "attempts": "尝试 3 次后仍未送达：HTTP 500",
        "one task": "显示 1 / 1 个任务",
        "tasks": "显示 2 / 2 个任务",
    },
}


@pytest.fixture
def ctx(qapp: QApplication) -> Iterator[AppContext]:
    context = AppContext.create()
    yield context
    context.alerts.stop()
    context.supervisor.kill_all_now()
    context.runner.shutdown()


def test_the_beat_line_counts_entries(
    qtbot: QtBot, ctx: AppContext, language: str, tmp_path: Path
) -> None:
    widget = BeatStatusWidget(ctx.runner, lambda: None, tmp_path / "schedule.json")
    qtbot.addWidget(widget)
    expected = EXPECTED[language]
    one = widget._details({"hostname": "h", "pid": 1, "entries": 1, "enabled_entries": 1}, 1)
    assert expected["one entry"] in one
    more = widget._details({"hostname": "h", "pid": 1, "entries": 3, "enabled_entries": 2}, 1)
    assert expected["entries"] in more


def test_a_webhook_status_counts_attempts(qtbot: QtBot, ctx: AppContext, language: str) -> None:
    page = AlertsPage(ctx.alerts, ctx.runner)
    qtbot.addWidget(page)
    rule = ctx.alerts.rules[0]
    page.rules.select(rule.rule_id)
    form = page.rules.form
    delivery = Delivery(
        WebhookKind.SLACK,
        WebhookCredentials("https://hooks.example.invalid/x"),
        WebhookMessage("title", "body", Severity.WARNING),
        f"{rule.rule_id}/slack",
    )
    expected = EXPECTED[language]
    form._on_center_delivered(DeliveryResult(delivery, False, 1, "HTTP 500"))
    assert form.webhook_status.text() == expected["one attempt"]
    form._on_center_delivered(DeliveryResult(delivery, False, 3, "HTTP 500"))
    assert form.webhook_status.text() == expected["attempts"]


def test_the_tasks_view_counts_tasks(qtbot: QtBot, language: str) -> None:
    hub = MonitorHub(max_tasks=100)
    page = TasksPage(hub)
    qtbot.addWidget(page)
    expected = EXPECTED[language]
    hub.feed(task_lifecycle("only", 1_700_000_000.0))
    page._update_counts()
    assert expected["one task"] in page.counts.text()
    hub.feed(task_lifecycle("second", 1_700_000_001.0))
    page._update_counts()
    assert expected["tasks"] in page.counts.text()
