"""The window's status bar and About (issue #12, a calmer UI): the monitor's warnings open
from the status bar, the connected broker is its own item apart from the local broker the
app runs, and About gives the version, the docs and the log directory."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from desktop.core import paths
from desktop.core.events.hints import SENT_EVENT_OFF
from desktop.core.processes.spec import ProcessKind
from desktop.ui.about_dialog import METADATA_README, AboutDialog, app_version, readme_file
from desktop.ui.connection import ConnectionState
from desktop.ui.main_window import MainWindow
from desktop.ui.status_warnings import django_setting
from tests.support.redis_server import RedisServer
from tests.support.synthetic_events import task_lifecycle

ROOT = Path(__file__).resolve().parents[1]


def _tasks_without_sent_events(count: int) -> list[dict[str, object]]:
    events: list[dict[str, object]] = []
    for n in range(count):
        lifecycle = task_lifecycle(f"task-{n}", 1000.0 + n)
        events += [e for e in lifecycle if e["type"] != "task-sent"]
    return events


def test_the_warning_count_opens_the_warnings_with_both_setting_names(
    qtbot: QtBot, window: MainWindow, redis_server: RedisServer
) -> None:
    label = window.events_label
    hub = window._ctx.hub
    window._ctx.connection.connect_to(redis_server.url, "remote")
    qtbot.waitUntil(lambda: "Events: connected" in label.full_text(), timeout=10_000)
    QTest.mouseClick(label, Qt.MouseButton.LeftButton)
    assert window.warnings_dialog is None, "no warnings, nothing to open"

    hub.feed(_tasks_without_sent_events(25))

    def warned() -> bool:
        hub.pump_now()  # the status is published once a second; no source runs the timer
        return label.has_warnings

    qtbot.waitUntil(warned, timeout=5000)
    assert "1 warning" in label.full_text()
    assert label.cursor().shape() == Qt.CursorShape.PointingHandCursor

    QTest.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(5, label.height() // 2))
    dialog = window.warnings_dialog
    assert dialog is not None and dialog.isVisible()
    assert [hint.code for hint in dialog.hints] == [SENT_EVENT_OFF]
    text = dialog.plain_text()
    assert "task_send_sent_event" in text
    assert "CELERY_TASK_SEND_SENT_EVENT" in text


def test_django_names_a_celery_setting_with_its_namespace() -> None:
    assert django_setting("task_send_sent_event") == "CELERY_TASK_SEND_SENT_EVENT"
    assert django_setting("worker_send_task_events") == "CELERY_WORKER_SEND_TASK_EVENTS"


def test_a_remote_broker_is_not_called_the_local_one(
    qtbot: QtBot, window: MainWindow, redis_server: RedisServer
) -> None:
    summary = window.process_summary
    assert not summary.label(ProcessKind.BROKER).isVisible(), "the app runs no broker"
    assert "broker" not in summary.text().lower()

    window._ctx.connection.connect_to(redis_server.url, "remote")
    qtbot.waitUntil(
        lambda: window._ctx.connection.status.state is ConnectionState.CONNECTED, timeout=10_000
    )
    text = window.connection_label.full_text()
    assert text.startswith("Broker: Connected")
    assert f"127.0.0.1:{redis_server.port}" in text
    assert "local" not in text.lower()
    assert not summary.label(ProcessKind.BROKER).isVisible()


def test_about_gives_the_version_the_docs_and_the_logs(qtbot: QtBot, window: MainWindow) -> None:
    window._on_about()
    dialog = window.about_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    text = dialog.label.text()
    assert app_version() != "?" and f"Celery Desk {app_version()}" in text
    assert dialog.docs_url.toLocalFile() == str(ROOT / "README.md")
    assert dialog.docs_url.toString() in text
    assert str(paths.log_dir()) in text and dialog.log_url.toString() in text


def test_about_points_chinese_readers_to_the_chinese_readme(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# English\n", encoding="utf-8")
    assert readme_file("zh_CN", tmp_path) == tmp_path / "README.md"  # none in Chinese yet
    (tmp_path / "README.zh-CN.md").write_text("# 中文\n", encoding="utf-8")
    assert readme_file("zh_CN", tmp_path) == tmp_path / "README.zh-CN.md"
    assert readme_file("en", tmp_path) == tmp_path / "README.md"


def test_without_a_readme_file_about_shows_the_one_in_the_package(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = AboutDialog(root=tmp_path)  # a wheel or the bundle: no README.md beside the code
    qtbot.addWidget(dialog)
    assert dialog.docs_url.toString() == METADATA_README
    dialog.label.linkActivated.emit(METADATA_README)
    window = dialog.readme_window
    assert window is not None and window.isVisible()
    browser = window.findChild(QTextBrowser)
    assert browser is not None and "Celery Desk" in browser.toPlainText()


def test_a_long_connection_error_is_shortened_not_widening_the_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1280, 800)
    long = "TLS handshake failed: " + "certificate verify failed " * 20
    window._ctx.connection.report_failure("remote", long)
    label = window.connection_bar.status_label
    qtbot.waitUntil(lambda: label.full_text().endswith(long), timeout=2000)
    assert window.width() == 1280
    assert label.text().endswith("…") and len(label.text()) < len(label.full_text())
    assert long in label.toolTip()
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width()
