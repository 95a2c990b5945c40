"""Shared fixtures: an isolated app home, a real redis-server per test, the UI languages."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.events.receiver import EventSource
from desktop.core.history.writer import JournalWriter
from desktop.i18n_tools import release
from desktop.ui.background import BackgroundRunner
from desktop.ui.i18n import install_language, uninstall_language
from desktop.ui.monitor.hub import MonitorHub
from tests.support.project_venv import ProjectVenv, ensure_project_venv
from tests.support.redis_server import RedisServer, start_redis

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config: pytest.Config) -> None:
    # As in the app (desktop/ui/gc_guard.py): a cycle holding a Qt object must never be
    # collected on a receiver or pool thread, so collection happens between tests, here.
    gc.disable()


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_main_thread() -> Iterator[None]:
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own CELERY_DESK_HOME, so no test reads or writes the user's files."""
    home = tmp_path / "celery-desk-home"
    monkeypatch.setenv("CELERY_DESK_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed .ts files compiled now, so no test reads stale .qm files."""
    out = tmp_path_factory.mktemp("qm")
    release(out=out)
    return out


@pytest.fixture(params=["en", "zh_CN"])
def language(request: pytest.FixtureRequest, qapp: object, compiled: Path) -> Iterator[str]:
    """Each test twice: in English and in Chinese (``indirect`` parametrizing picks one)."""
    code: str = request.param
    install_language(code, directory=compiled)
    yield code
    uninstall_language()


@pytest.fixture(scope="module")
def redis_mod(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One redis-server shared by a module's tests, e.g. with a module-scoped worker."""
    server = start_redis(tmp_path_factory.mktemp("redis"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A fresh redis-server on a free loopback port, stopped after the test."""
    server = start_redis(tmp_path_factory.mktemp("redis"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def running() -> Iterator[Callable[[EventSource], EventSource]]:
    """Starts event sources and always stops them (a reader process may take a moment)."""
    started: list[EventSource] = []

    def start(source: EventSource) -> EventSource:
        started.append(source)
        source.start()
        return source

    yield start
    for source in started:
        assert source.stop(timeout=8), "event source thread did not stop"


@pytest.fixture
def runner(qapp: object) -> Iterator[BackgroundRunner]:
    """A background runner for widgets that act off the GUI thread, shut down after."""
    background = BackgroundRunner()
    yield background
    background.shutdown()


@pytest.fixture
def hub(qapp: object) -> Iterator[MonitorHub]:
    """A monitor hub, stopped after the test with its source threads finished."""
    monitor = MonitorHub()
    try:
        yield monitor
    finally:
        monitor.stop()
        assert monitor.wait_stopped(10.0)


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    """The main window on a new app context, shown; its children killed and runner shut after."""
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow

    ctx = AppContext.create()
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    ctx.supervisor.kill_all_now()
    ctx.runner.shutdown()


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[JournalWriter]:
    """A journal's writer on a new file in the test's folder, closed after."""
    journal = JournalWriter(tmp_path / "journal.sqlite3")
    yield journal
    journal.close()


@pytest.fixture(scope="session")
def project_venv() -> ProjectVenv:
    """A user's project virtualenv (Celery, Django) on another Python than the app's where
    the machine has one; built once under .venv-projects/ and reused by later runs."""
    return ensure_project_venv()
