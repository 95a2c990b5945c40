"""The status bar's worker and beat items say what runs, not only what the app started
(issue #13): with two project workers and a beat run by systemd or a terminal, "Worker: not
started · Beat: not started" read as if nothing ran."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.processes.spec import ProcessKind, ProcessSpec
from desktop.ui.connection import ConnectionState
from desktop.ui.main_window import MainWindow
from tests.support.beat_procs import start_file_beat, write_schedule
from tests.support.celery_procs import start_desk_worker
from tests.support.redis_server import RedisServer
from tests.support.synthetic_events import event

REPO = Path(__file__).resolve().parent.parent


def _worker(kind: str, hostname: str) -> dict[str, object]:
    # received now: the store judges liveness by local receive time
    return event(kind, time.time(), hostname=hostname, freq=2.0, active=0, processed=0)


def test_workers_started_elsewhere_are_counted_and_follow_the_monitor(
    qtbot: QtBot, window: MainWindow, redis_server: RedisServer
) -> None:
    summary = window.process_summary
    hub = window._ctx.hub
    assert summary.text() == "Worker: not started · Beat: not started"

    window._ctx.connection.connect_to(redis_server.url, "remote")
    qtbot.waitUntil(
        lambda: window._ctx.connection.status.state is ConnectionState.CONNECTED, timeout=10_000
    )
    hub.feed(
        [
            _worker("worker-online", "celery@alpha"),
            _worker("worker-heartbeat", "celery@alpha"),
            _worker("worker-online", "celery@beta"),
        ]
    )

    def shows(text: str) -> bool:
        hub.pump_now()  # the status is published once a second; no events run the timer here
        return summary.text() == text

    qtbot.waitUntil(
        lambda: shows("Workers: 2 online (not started here) · Beat: not started"), timeout=5000
    )
    label = summary.label(ProcessKind.WORKER)
    assert "#2e9d4f" in label.text(), "workers run: a green dot, not the idle grey"
    assert "2 workers online" in label.toolTip()

    hub.feed([_worker("worker-offline", "celery@beta")])
    qtbot.waitUntil(
        lambda: shows("Worker: 1 online (not started here) · Beat: not started"), timeout=5000
    )

    window._ctx.connection.disconnect_from_broker()
    qtbot.waitUntil(lambda: shows("Worker: not started · Beat: not started"), timeout=5000)


def test_a_beat_started_elsewhere_on_the_schedule_file_is_said_to_run(
    qtbot: QtBot, window: MainWindow, redis_server: RedisServer, tmp_path: Path
) -> None:
    summary = window.process_summary
    presence = window.beat_presence
    path = window.schedules_page.path
    path.parent.mkdir(parents=True, exist_ok=True)
    write_schedule(path, {})
    window._ctx.connection.connect_to(redis_server.url, "remote")
    qtbot.waitUntil(
        lambda: window._ctx.connection.status.state is ConnectionState.CONNECTED, timeout=10_000
    )

    def shows(text: str) -> bool:
        presence.poll_now()  # polled every 5 s otherwise
        return summary.text() == text

    beat = start_file_beat(redis_server.url, tmp_path / "beat.log", path)
    try:
        qtbot.waitUntil(
            lambda: shows("Worker: not started · Beat: running (not started here)"),
            timeout=30_000,
        )
        label = summary.label(ProcessKind.BEAT)
        assert "#2e9d4f" in label.text()
        assert "schedule file" in label.toolTip()
    finally:
        beat.stop()
    qtbot.waitUntil(lambda: shows("Worker: not started · Beat: not started"), timeout=30_000)


@pytest.mark.slow
def test_beside_its_own_worker_the_app_counts_the_ones_started_elsewhere(
    qtbot: QtBot, window: MainWindow, redis_server: RedisServer, tmp_path: Path
) -> None:
    summary = window.process_summary
    hub = window._ctx.hub
    window._ctx.connection.connect_to(redis_server.url, "remote")
    qtbot.waitUntil(
        lambda: window._ctx.connection.status.state is ConnectionState.CONNECTED, timeout=10_000
    )
    qtbot.waitUntil(lambda: hub.status.source is not None, timeout=10_000)
    spec = ProcessSpec(
        name="Project worker",
        kind=ProcessKind.WORKER,
        workdir=str(REPO),
        app_module="celery_desk_demo",
        concurrency=1,
        use_connected_broker=True,
    )
    window._ctx.supervisor.start(spec, redis_server.url)  # the app's own worker
    other = start_desk_worker(redis_server.url, tmp_path / "other.log", hostname="other@%h")
    try:
        qtbot.waitUntil(lambda: summary.text() == "Worker: running, 2 online · Beat: not started",
                        timeout=60_000)  # fmt: skip
    finally:
        other.stop()
        window._ctx.supervisor.kill_all_now()
