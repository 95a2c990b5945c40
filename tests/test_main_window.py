"""The main window offscreen: connecting to a real broker, and failures said plainly."""

from __future__ import annotations

from collections.abc import Iterator

import psutil
import pytest
from pytestqt.qtbot import QtBot

from desktop.core.net import free_port
from desktop.core.profiles import ConnectionProfile
from desktop.ui.connection import ConnectionState
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.support.leftovers import alive
from tests.support.redis_server import RedisServer


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    ctx = AppContext.create()
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    yield win
    ctx.supervisor.kill_all_now()
    ctx.runner.shutdown()


def _connect_to(qtbot: QtBot, win: MainWindow, url: str) -> None:
    bar = win.connection_bar
    bar.profile_combo.setCurrentIndex(-1)
    bar.url_edit.setReadOnly(False)
    bar.url_edit.setText(url)
    bar.connect_button.click()


def test_connects_to_a_real_broker_and_shows_it(
    qtbot: QtBot, window: MainWindow, redis_server: RedisServer
) -> None:
    _connect_to(qtbot, window, redis_server.url)
    qtbot.waitUntil(
        lambda: window._ctx.connection.status.state is ConnectionState.CONNECTED, timeout=10_000
    )
    assert "Connected" in window.connection_bar.status_label.full_text()
    assert "Redis" in window.connection_bar.status_label.full_text()
    assert window.connection_bar.connect_button.text() == "Disconnect"
    assert f":{redis_server.port}" in window.connection_label.full_text()

    window.connection_bar.connect_button.click()
    assert window._ctx.connection.status.state is ConnectionState.DISCONNECTED
    assert window.connection_bar.connect_button.text() == "Connect"


def test_wrong_port_is_reported_as_refused(qtbot: QtBot, window: MainWindow) -> None:
    _connect_to(qtbot, window, f"redis://127.0.0.1:{free_port()}/0")
    qtbot.waitUntil(
        lambda: window._ctx.connection.status.state is ConnectionState.FAILED, timeout=10_000
    )
    text = window.connection_bar.status_label.full_text()
    assert "Failed" in text
    assert "refused" in text.lower()


def test_bad_url_is_rejected_before_connecting(qtbot: QtBot, window: MainWindow) -> None:
    _connect_to(qtbot, window, "redis://localhost:notaport/0")
    assert window._ctx.connection.status.state is ConnectionState.DISCONNECTED
    assert "port" in window.connection_bar.status_label.full_text().lower()


def test_lost_broker_is_noticed(
    qtbot: QtBot, window: MainWindow, redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    window._ctx.connection._watch.setInterval(200)
    _connect_to(qtbot, window, redis_server.url)
    qtbot.waitUntil(
        lambda: window._ctx.connection.status.state is ConnectionState.CONNECTED, timeout=10_000
    )
    redis_server.stop()
    qtbot.waitUntil(
        lambda: window._ctx.connection.status.state is ConnectionState.LOST, timeout=10_000
    )
    assert "lost" in window.connection_bar.status_label.full_text().lower()


def test_local_broker_starts_connects_and_stops_with_the_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    window._ctx.local_broker.start_and_connect()
    qtbot.waitUntil(
        lambda: window._ctx.connection.status.state is ConnectionState.CONNECTED, timeout=20_000
    )
    process = window._ctx.supervisor.process("Local broker")
    assert process is not None and process.pid is not None
    # the connected broker says it is the local one; the summary shows the app's process
    assert window.connection_label.full_text().startswith("Broker (local): Connected")
    assert window.process_summary.text().startswith("Local broker: running")
    pids = [process.pid] + [child.pid for child in psutil.Process(process.pid).children(True)]
    assert len(pids) >= 2, "the broker sub-command runs redis-server as its child"
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20_000)
    qtbot.waitUntil(lambda: not any(alive(pid) for pid in pids), timeout=20_000)


def test_a_profile_marked_read_only_blocks_actions(
    qtbot: QtBot, window: MainWindow, redis_server: RedisServer
) -> None:
    bar = window.connection_bar
    window._ctx.profiles.save(ConnectionProfile(name="prod", url=redis_server.url))
    bar.select_profile("prod")
    bar.connect_button.click()
    qtbot.waitUntil(
        lambda: window._ctx.connection.status.state is ConnectionState.CONNECTED, timeout=10_000
    )
    assert window._read_only == (False, "prod")
    bar.read_only_action.setChecked(True)
    assert window._read_only == (True, "prod")
    stored = window._ctx.profiles.get("prod")
    assert stored is not None and stored.read_only
    window.tasks_page.task_actions.update_state()  # type: ignore[union-attr]
    assert not any(action.isEnabled() for action in window.tasks_page.task_actions.actions.values())  # type: ignore[union-attr]
