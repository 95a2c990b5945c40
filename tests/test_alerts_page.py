"""The Alerts page, the rule form, the tray's state and menu, closing to the tray, and the
freedesktop notifier over a private D-Bus: offscreen, from synthetic alerts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.core.alerts.grouping import Notification
from desktop.core.alerts.inputs import AlertInputs, ConnectionFacts
from desktop.core.alerts.links import AlertLink, LinkPage
from desktop.core.alerts.rules import (
    BROKER_DOWN_ID,
    FAILURE_RATE_ID,
    FailureRate,
    Rule,
    Severity,
    StuckTask,
)
from desktop.ui.alerts.alert_model import AlertTableModel, Column
from desktop.ui.alerts.alerts_page import AlertsPage
from desktop.ui.alerts.center import AlertCenter
from desktop.ui.alerts.notifiers import FreedesktopNotifier
from desktop.ui.alerts.tray import TrayLevel, fill_tray_menu, tray_state
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.support.synthetic_events import task_lifecycle

DOWN = AlertInputs(connection=ConnectionFacts("connection lost", "Demo", "Connection refused"))


def fire(center: AlertCenter, inputs: AlertInputs, now: float | None = None) -> None:
    """One evaluation on ``inputs`` (the center's own inputs need a live broker)."""
    center.evaluator.tick(inputs, time.time() if now is None else now)
    center.changed.emit()


@pytest.fixture
def ctx(qapp: QApplication) -> Iterator[AppContext]:
    context = AppContext.create()
    yield context
    context.alerts.stop()
    context.supervisor.kill_all_now()
    context.runner.shutdown()


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win


def test_the_table_model_passes_the_model_tester(
    qtmodeltester: ModelTester, ctx: AppContext
) -> None:
    model = AlertTableModel(ctx.alerts)
    fire(ctx.alerts, DOWN, 1000.0)
    fire(ctx.alerts, DOWN, 1020.0)  # held for the rule's 15 s
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    assert model.rowCount() == 1
    assert model.index(0, Column.STATE).data() == "firing"
    assert model.index(0, Column.SUBJECT).data() == "Demo"
    assert "Connection refused" in model.index(0, Column.WHY).data()


def test_page_lists_firing_and_resolved_alerts_and_acknowledges(
    qtbot: QtBot, ctx: AppContext
) -> None:
    page = AlertsPage(ctx.alerts, ctx.runner)
    qtbot.addWidget(page)
    page.show()
    assert "No alert has fired yet" in page.detail.text()
    now = time.time()
    fire(ctx.alerts, DOWN, now)
    fire(ctx.alerts, DOWN, now + 20)  # held 15 s: fires
    fire(ctx.alerts, AlertInputs(connection=ConnectionFacts("connected", "Demo")), now + 30)
    fire(ctx.alerts, DOWN, now + 40)
    fire(ctx.alerts, DOWN, now + 60)
    assert page.model.rowCount() == 2
    assert page.summary.text() == "1 firing · 1 resolved"
    states = [page.model.index(r, Column.STATE).data() for r in range(2)]
    assert states == ["firing", "resolved"]
    page.table.selectRow(0)
    assert "Broker unreachable" in page.detail.text() and "Now: cannot reach" in page.detail.text()
    assert page.link_button.text() == "Show the dashboard"
    page.ack_button.click()
    assert page.model.index(0, Column.STATE).data() == "firing, acknowledged"
    assert not page.ack_button.isEnabled() and "Acknowledged" in page.detail.text()
    page.mute_button.click()
    rule = ctx.alerts.evaluator.rule(BROKER_DOWN_ID)
    assert rule is not None and rule.muted


def test_links_switch_pages_and_filter(qtbot: QtBot, window: MainWindow) -> None:
    window.show_alert_link(AlertLink(LinkPage.TASKS, "proj.charge", "FAILURE"))
    assert window.pages.currentWidget() is window.tasks_page
    current = window.tasks_page.filters.current_filter()
    assert current.name == "proj.charge" and current.states == frozenset({"FAILURE"})
    window.show_alert_link(AlertLink(LinkPage.WORKERS, "celery@gone"))
    assert window.pages.currentWidget() is window.workers_page
    assert not window.workers_page.hide_offline.isChecked()
    window.show_alert_link(AlertLink(LinkPage.QUEUES, "orders"))
    assert window.pages.currentWidget() is window.queues_page
    window.show_alert_link(AlertLink(LinkPage.SCHEDULES, "nightly"))
    assert window.pages.currentWidget() is window.schedules_page
    window.show_alert_link(AlertLink(LinkPage.DASHBOARD))
    assert window.pages.currentWidget() is window.dashboard_page


def test_the_rule_form_says_whether_the_edited_rule_would_fire(
    qtbot: QtBot, window: MainWindow
) -> None:
    center = window._ctx.alerts
    store = window._ctx.hub.store
    now = time.time()
    events = []
    for i in range(40):
        events += task_lifecycle(f"t{i}", now - 30 + i * 0.1, name="proj.charge",
                                 outcome="failed" if i % 4 == 0 else "succeeded")  # fmt: skip
    window._ctx.hub.feed(events)
    center.facts.rebuild(store, now)
    # the center's inputs need a connected broker; here the form reads these instead
    center.inputs = lambda now: AlertInputs(store=store, tasks=center.facts)  # type: ignore[method-assign]
    window.show_page("alerts")
    panel = window.alerts_page.rules
    window.alerts_page.tabs.setCurrentWidget(panel)
    panel.select(FAILURE_RATE_ID)
    form = panel.form
    assert "Would fire now" in form.feedback.text()  # 25 % of 40 > 5 %
    assert "proj.charge: 10 of 40 finished failed (25 %)" in form.feedback.text()
    editor = form.params_editor
    assert editor is not None
    editor.threshold.setValue(30.0)  # type: ignore[attr-defined]
    assert "Would not fire now" in form.feedback.text() and form.dirty
    edited = form.rule()
    assert edited is not None and isinstance(edited.params, FailureRate)
    assert edited.params.threshold_percent == 30.0
    form.save_button.click()
    saved = center.evaluator.rule(FAILURE_RATE_ID)
    assert saved is not None and saved.params == edited.params and saved.name == "Task failure rate"


def test_tray_state_and_menu_without_a_tray(qtbot: QtBot, ctx: AppContext) -> None:
    assert tray_state("Prod", False, "refused", []).level is TrayLevel.DISCONNECTED
    assert tray_state("Prod", True, "", []).tooltip == "Celery Desk — Prod: all well"
    fire(ctx.alerts, DOWN, 1000.0)
    fire(ctx.alerts, DOWN, 1020.0)
    firing = ctx.alerts.firing()
    state = tray_state("Prod", True, "", firing)
    assert state.level is TrayLevel.FIRING and state.tooltip == "Celery Desk — Prod: 1 alert firing"
    warning = [replace(firing[0], severity=Severity.WARNING)]
    assert tray_state("Prod", True, "", warning).level is TrayLevel.WARNING
    from PySide6.QtWidgets import QMenu

    menu = QMenu()
    opened: list[object] = []
    quit_asked: list[bool] = []
    fill_tray_menu(menu, firing, lambda: opened.append(None), opened.append,
                   lambda: quit_asked.append(True))  # fmt: skip
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Open Celery Desk", "1 alert firing", "Broker unreachable: Demo",
                     "Quit Celery Desk"]  # fmt: skip
    alert_action = next(a for a in menu.actions() if a.text().startswith("Broker"))
    alert_action.trigger()
    assert opened == [firing[0]]
    menu.actions()[-1].trigger()
    assert quit_asked == [True]


def test_the_tray_menu_opens_the_window_on_the_alert(qtbot: QtBot, window: MainWindow) -> None:
    center = window._ctx.alerts
    fire(center, DOWN, 1000.0)
    fire(center, DOWN, 1020.0)
    (record,) = center.firing()
    window.hide()
    window.tray.open_requested.emit(record)
    assert window.isVisible() and window.pages.currentWidget() is window.alerts_page
    assert window.alerts_page.selected_record() == record
    line = next(a for a in window.tray.menu.actions() if a.text().startswith("Broker"))
    assert line.text() == "Broker unreachable: Demo"


def _title_bar_close(window: MainWindow) -> None:
    # what the window system sends: a spontaneous close event on the window
    QCoreApplication.sendEvent(window.windowHandle(), QCloseEvent())


def test_closing_hides_to_the_tray_after_saying_so_once(qtbot: QtBot, window: MainWindow) -> None:
    settings = window._ctx.settings
    window.close_to_tray.tray_available = True  # offscreen has no tray; the logic is the same
    stopping: list[bool] = []
    window.stopping.connect(lambda: stopping.append(True))
    _title_bar_close(window)
    question = window.close_to_tray.question
    assert isinstance(question, QMessageBox) and window.isVisible()
    assert "keeps Celery Desk running in the tray" in question.text()
    window.close_to_tray.keep_button.click()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert settings.settings.close_to_tray_explained and settings.settings.close_to_tray
    assert window._ctx.hub is not None and not stopping  # nothing quit: still listening
    window.showNormal()
    _title_bar_close(window)  # explained already: hides at once
    assert window.close_to_tray.question is None and not window.isVisible()
    window.request_quit()  # the tray's Quit: the real quit, window shown for its questions
    assert stopping == [True]


def test_quit_when_closed_is_remembered(qtbot: QtBot, window: MainWindow) -> None:
    window.close_to_tray.tray_available = True
    _title_bar_close(window)
    assert window.close_to_tray.question is not None
    window.close_to_tray.quit_button.click()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert not window._ctx.settings.settings.close_to_tray
    assert window._ctx.settings.settings.close_to_tray_explained


def test_without_a_tray_closing_quits_as_before(qtbot: QtBot, window: MainWindow) -> None:
    window.close_to_tray.tray_available = False
    stopping: list[bool] = []
    window.stopping.connect(lambda: stopping.append(True))
    _title_bar_close(window)
    assert stopping == [True] and window.close_to_tray.question is None


SERVER = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Slot, ClassInfo
from PySide6.QtDBus import QDBusConnection

@ClassInfo({"D-Bus Interface": "org.freedesktop.Notifications"})
class Server(QObject):
    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout):
        print("NOTIFY", repr((app, replaces, summary, body, actions, hints, timeout)), flush=True)
        return 41

app = QCoreApplication([])
bus = QDBusConnection.connectToBus(sys.argv[1], "server")
server = Server()
bus.registerObject("/org/freedesktop/Notifications", server,
                   QDBusConnection.RegisterOption.ExportAllSlots)
print("READY" if bus.registerService("org.freedesktop.Notifications") else "TAKEN", flush=True)
app.exec()
"""


@pytest.fixture
def private_bus(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A private D-Bus session bus with a notification service answering Notify(...)."""
    daemon = subprocess.run(
        ["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
        capture_output=True, text=True, check=True, timeout=10,
    )  # fmt: skip
    address, pid = daemon.stdout.split()[:2]
    log = tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, address], stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while "READY" not in log.read_text() and time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()
            time.sleep(0.05)
        yield address, log
    finally:
        server.kill()
        server.wait(10)
        os.kill(int(pid), 15)


def test_the_freedesktop_notifier_calls_notify_with_its_typed_signature(
    qtbot: QtBot, private_bus: tuple[str, Path]
) -> None:
    address, log = private_bus
    notifier = FreedesktopNotifier(address)
    notification = Notification(
        "Prod: Task failure rate", "proj.charge: 500 of 510 finished failed (98 %)",
        Severity.CRITICAL, False, 1, 500, (FAILURE_RATE_ID,), ((FAILURE_RATE_ID, "proj.charge"),),
        None, time.time(),
    )  # fmt: skip
    notifier.show(notification)  # the service's slot only matches Notify's exact signature
    qtbot.waitUntil(lambda: notifier.answers == [41], timeout=10_000)
    qtbot.waitUntil(lambda: "NOTIFY" in log.read_text(), timeout=5000)
    call = log.read_text().split("NOTIFY ", 1)[1].splitlines()[0]
    expected: tuple[object, ...] = (
        "Celery Desk",
        0,
        notification.title,
        notification.body,
        [],
        {},
        10_000,
    )
    assert call == repr(expected)


def test_a_stuck_task_rule_is_edited_with_its_own_fields(qtbot: QtBot, ctx: AppContext) -> None:
    page = AlertsPage(ctx.alerts, ctx.runner)
    qtbot.addWidget(page)
    mine = Rule("mine", "Reports stuck", StuckTask(max_runtime_seconds=None, p99_factor=5))
    ctx.alerts.update_rule(mine)
    page.rules.select("mine")
    form = page.rules.form
    assert form.name.text() == "Reports stuck" and page.rules.delete_button.isEnabled()
    edited = form.rule()
    assert edited is not None and edited.params == mine.params
    page.rules.delete_button.click()
    assert ctx.alerts.evaluator.rule("mine") is None


def test_the_close_to_tray_setting_is_on_the_rules_tab(qtbot: QtBot, window: MainWindow) -> None:
    check = window.alerts_page.rules.tray_setting
    assert check.isHidden()  # offscreen has no tray: nothing to choose
    window.alerts_page.rules.bind_tray_setting(window._ctx.settings, True)
    assert not check.isHidden() and check.isChecked()
    check.setChecked(False)
    assert not window._ctx.settings.settings.close_to_tray
