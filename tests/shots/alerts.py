"""Screenshots of alerts for docs/: the Alerts page with firing and resolved alerts, the
rule form, the tray menu with a firing alert, and the desktop notification it showed.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.shots.alerts docs/
    LANGUAGE=zh_CN QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.shots.alerts /tmp/zh

Everything is real: a redis-server on a free port, two demo workers, tasks that fail, a
queue nobody consumes, a worker killed and started again, a task that runs too long. The
built-in rules are only made quicker (shorter holds and grace) so the shots take a minute.
The notification is drawn as the tray would show it: the offscreen platform has no tray,
so the picture is the notification the alert center handed to the notifier, in a frame.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

SHOT_PREFIX = "alerts-"


def _wait(app: QApplication, what: str, done: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting for: {what}")
        app.processEvents()
        time.sleep(0.05)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.02)


def notification_card(title: str, body: str) -> QWidget:
    """A notification as a desktop shows one: the app's icon, the title, the body."""
    from desktop.ui.resources import icon

    card = QFrame()
    card.setObjectName("card")
    card.setStyleSheet(
        "#card { background: #2b2f36; border-radius: 10px; } QLabel { color: #eceff4; }"
    )
    picture = QLabel()
    picture.setPixmap(icon("tray-alert").pixmap(48, 48))
    picture.setAlignment(Qt.AlignmentFlag.AlignTop)
    head = QLabel(f"<b>{title}</b>")
    app_name = QLabel("Celery Desk")
    app_name.setStyleSheet("color: #9aa3b2;")
    text = QLabel(body)
    text.setWordWrap(True)
    column = QVBoxLayout()
    column.addWidget(app_name)
    column.addWidget(head)
    column.addWidget(text)
    row = QHBoxLayout(card)
    row.setContentsMargins(16, 14, 18, 16)
    row.setSpacing(14)
    row.addWidget(picture)
    row.addLayout(column, 1)
    card.setFixedWidth(460)
    card.adjustSize()
    return card


def main(out_dir: Path) -> int:
    from tests.support.redis_server import start_redis

    scratch = Path(tempfile.mkdtemp(prefix="celery-desk-alert-shots-"))
    os.environ["CELERY_DESK_HOME"] = str(scratch / "home")
    (scratch / "redis").mkdir(parents=True)
    server = start_redis(scratch / "redis")
    try:
        return _shoot(out_dir, scratch, server.url)
    finally:
        server.stop()


def _shoot(out_dir: Path, scratch: Path, url: str) -> int:  # noqa: PLR0915 - one story
    from desktop.core.alerts import rules as r
    from desktop.ui.context import AppContext
    from desktop.ui.i18n import install_language
    from desktop.ui.main_window import MainWindow
    from desktop.ui.qt_application import create_qapplication
    from desktop.ui.screenshot import SHOT_SIZE
    from tests.support.celery_procs import client_app, close_client, start_desk_worker

    app = create_qapplication()
    install_language()  # the saved setting, or LANGUAGE=zh_CN for the Chinese shots
    ctx = AppContext.create()
    window = MainWindow(ctx)
    window.resize(SHOT_SIZE)
    window.show()
    shown: list[tuple[str, str]] = []
    ctx.alerts.notified.connect(lambda n: shown.append((n.title, n.body)))
    center = ctx.alerts
    quick = {
        r.FAILURE_RATE_ID: lambda rule: replace(rule, hold_seconds=0.0, params=replace(
            rule.params, min_volume=5)),
        r.QUEUE_BACKLOG_ID: lambda rule: replace(rule, hold_seconds=0.0, params=replace(
            rule.params, max_depth=20)),
        r.WORKER_OFFLINE_ID: lambda rule: replace(rule, params=replace(rule.params,
                                                                          grace_seconds=8.0)),
        r.STUCK_TASK_ID: lambda rule: replace(rule, params=replace(rule.params,
                                                                      max_runtime_seconds=15.0)),
    }  # fmt: skip
    center.set_rules([quick.get(rule.rule_id, lambda x: x)(rule) for rule in center.rules])
    center.queues.every = 2.0
    center.pinger.every = 2.0
    ctx.connection.connected.connect(ctx.hub.start)  # as the window does when it connects
    ctx.connection.connect_to(url, "Demo")
    _wait(app, "connected", center.connected, 30)
    client = client_app(url)
    billing = start_desk_worker(url, scratch / "billing.log", "-Q", "celery,billing",
                                hostname="billing-1@%h", pool="prefork", concurrency=2)  # fmt: skip
    reports = start_desk_worker(url, scratch / "reports.log", hostname="reports-2@%h")
    try:
        billing.wait_ready()
        reports.wait_ready()
        _wait(app, "two workers", lambda: len(ctx.hub.store.workers) >= 2, 30)
        for i in range(24):
            client.send_task("celery_desk_demo.tasks.add", args=(i, i))
        for i in range(9):
            client.send_task("celery_desk_demo.tasks.fail", args=(f"card declined #{i}",))
        for i in range(37):
            client.send_task("celery_desk_demo.tasks.add", args=(i, 1), queue="exports")
        client.send_task("celery_desk_demo.tasks.slow", args=(120,), queue="billing")
        os.kill(reports.pid, signal.SIGKILL)
        reports.process.wait(10)

        def firing() -> set[str]:
            return {record.key[0] for record in center.firing()}

        wanted = {r.FAILURE_RATE_ID, r.QUEUE_BACKLOG_ID, r.WORKER_OFFLINE_ID, r.STUCK_TASK_ID}
        _wait(app, f"alerts {wanted}", lambda: wanted <= firing(), 90)
        reports = start_desk_worker(url, scratch / "reports2.log", hostname="reports-2@%h")
        reports.wait_ready()
        _wait(app, "the worker back", lambda: r.WORKER_OFFLINE_ID not in firing(), 60)
        _wait(app, "notifications", lambda: len(shown) >= 3, 30)
        window.show_page("alerts")
        page = window.alerts_page
        page.select_record(next(rec.record_id for rec in center.firing()
                                if rec.key[0] == r.QUEUE_BACKLOG_ID))  # fmt: skip
        page.ack_button.click()
        page.select_record(next(rec.record_id for rec in center.firing()
                                if rec.key[0] == r.FAILURE_RATE_ID))  # fmt: skip
        _wait(app, "painting", lambda: True, 1)
        window.grab().save(str(out_dir / f"{SHOT_PREFIX}page.png"))
        page.tabs.setCurrentWidget(page.rules)
        page.rules.select(r.FAILURE_RATE_ID)
        _wait(app, "the form", lambda: "#c62828" in page.rules.form.feedback.text(), 10)
        window.grab().save(str(out_dir / f"{SHOT_PREFIX}rules.png"))
        menu = window.tray.menu
        menu.popup(window.mapToGlobal(window.rect().center()))
        _wait(app, "the menu", menu.isVisible, 5)
        menu.grab().save(str(out_dir / f"{SHOT_PREFIX}tray-menu.png"))
        menu.hide()
        title, body = shown[0]  # the failure rate's: the first to fire
        card = notification_card(title, body)
        card.show()
        _wait(app, "the card", lambda: True, 1)
        card.grab().save(str(out_dir / f"{SHOT_PREFIX}notification.png"))
        print("notifications shown:", *shown, sep="\n  ")
        print("tray tooltip:", window.tray.state.tooltip)
    finally:
        close_client(client)
        billing.stop()
        reports.stop()
        center.stop()
        ctx.hub.stop()
        ctx.hub.wait_stopped(10)
        ctx.runner.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")))
