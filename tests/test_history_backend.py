"""Catch-up from the project's own result backend, not the broker's db (issue #13).

A Django project in its own virtualenv keeps its results on db 1 of a password-protected
redis-server whose db 0 is the broker; its real worker runs tasks while no window listens.
The reopened window reads the project (the helper masks the password; the broker's is the
one, since the server is the same), backfills those tasks from db 1 exactly once, and reads
progress there too. A project whose backend is not Redis gets no backfill, and the coverage
strip says why.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery
from pytestqt.qtbot import QtBot

from desktop.core.control.backend_state import BackendStateReader
from desktop.core.history import CoverageKind, journal_path
from desktop.core.history.coverage import CoveragePeriod
from desktop.core.history.rows import ORIGIN_BITS
from desktop.core.history.schema import ORIGIN_BACKFILL
from desktop.core.profiles import ConnectionProfile
from desktop.core.project.config import ProjectConfig
from desktop.ui.context import AppContext
from desktop.ui.monitor.coverage_strip import period_tooltip
from tests.support.celery_procs import FAST_WORKER_OPTIONS, CeleryProcess, close_client
from tests.support.project_venv import ProjectVenv
from tests.support.projects import write_django_project
from tests.support.redis_server import RedisServer
from tests.test_history_app import open_window, quit_window
from tests.test_history_catchup import all_finished, journaled

pytestmark = pytest.mark.slow

PASSWORD = "desk-test-pw"
PROFILE = "Shop"


def connect(qtbot: QtBot, ctx: AppContext, profile: ConnectionProfile, url: str) -> None:
    """Save ``profile`` (its password in the keychain), make it active and connect."""
    ctx.profiles.save(profile, PASSWORD if "@" in url else None)
    ctx.profile.select(profile.name)
    with qtbot.waitSignal(ctx.connection.connected, timeout=30_000):
        ctx.connection.connect_to(url, profile.name)
    qtbot.waitUntil(lambda: ctx.hub.status.source is not None
                    and ctx.hub.status.source.state == "connected", timeout=90_000)  # fmt: skip


@pytest.fixture
def shop(
    tmp_path: Path, redis_server: RedisServer, project_venv: ProjectVenv
) -> Iterator[tuple[Path, str, str]]:
    """The Django project and its worker: ``(root, broker URL, backend URL)``, both with the
    password, the backend on db 1 of the broker's server."""
    redis_server.client().config_set("requirepass", PASSWORD)
    where = f"127.0.0.1:{redis_server.port}"
    broker, backend = f"redis://:{PASSWORD}@{where}/0", f"redis://:{PASSWORD}@{where}/1"
    root = write_django_project(tmp_path / "shop")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(CELERY_BROKER_URL=broker, PROJ_RESULT_BACKEND=backend, PYTHONUNBUFFERED="1")
    argv = [str(project_venv.python), "-m", "celery", "-A", "proj", "worker", "-E", "-l", "info",
            "-P", "solo", "-n", "shop@%h", *FAST_WORKER_OPTIONS]  # fmt: skip
    worker = CeleryProcess(argv, tmp_path / "worker.log", env, cwd=root)
    try:
        worker.wait_ready(90)
        yield root, broker, backend
    finally:
        worker.stop()


def run(client: Celery, count: int, fail: bool = False) -> list[str]:
    """``count`` tasks to their end; a cleanup without its arguments fails (TypeError)."""
    results = [
        client.send_task("shop.tasks.cleanup", args=[] if fail else [i, "old"])
        for i in range(count)
    ]
    for result in results:
        result.get(timeout=30, propagate=False)
    return [result.id for result in results]


def test_tasks_finished_while_closed_are_backfilled_once_from_the_projects_backend_db(
    qtbot: QtBot,
    shop: tuple[Path, str, str],
    project_venv: ProjectVenv,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root, broker, backend = shop
    # The project finds its URLs in the environment (as from a .env file): the profile's
    # own environment is saved in plain text and may hold no password.
    monkeypatch.setenv("CELERY_BROKER_URL", broker)
    monkeypatch.setenv("PROJ_RESULT_BACKEND", backend)
    project = ProjectConfig(app_module="proj", workdir=str(root), python=str(project_venv.root))
    bare = broker.replace(f":{PASSWORD}@", "")
    profile = ConnectionProfile(PROFILE, bare, project=project)
    client = Celery("shop-web", broker=broker, backend=backend)
    try:
        # the first window: the project read while connecting, tasks heard live
        ctx, window = open_window()
        path = journal_path(PROFILE)
        try:
            connect(qtbot, ctx, profile, broker)
            assert window.result_backend.url == backend  # the broker's password, db 1
            live = run(client, 2)
            qtbot.waitUntil(lambda: all_finished(path, live), timeout=30_000)
        finally:
            quit_window(ctx, window)

        # nobody listens: tasks finish, their results on db 1 only
        missed = run(client, 3) + run(client, 1, fail=True)
        assert not any(key.startswith(b"celery-task-meta-") for key in _keys(broker))

        # the next window: the remembered backend at once, the missed tasks backfilled
        ctx, window = open_window()
        try:
            connect(qtbot, ctx, profile, broker)
            assert window.result_backend.url == backend
            qtbot.waitUntil(lambda: all_finished(path, missed), timeout=60_000)
            note = window.tasks_page.history.coverage.backfill_note
            assert note == f"backfill reads the result backend redis://:****@{_where(broker)}/1"
            reader = BackendStateReader(broker, window.result_backend.url)
            try:  # the detail's progress reads the same backend
                stored = reader.read(missed[0])
                assert stored is not None and stored.status == "SUCCESS"
            finally:
                reader.close()
        finally:
            quit_window(ctx, window)
    finally:
        close_client(client)
    found = journaled(path, live + missed)
    for uuid in missed:  # backfilled, once each
        state, origin, timeline = found[uuid]
        assert origin == ORIGIN_BITS[ORIGIN_BACKFILL], found[uuid]
        assert timeline == ["failed" if state == "FAILURE" else "succeeded"]
    assert found[missed[-1]][0] == "FAILURE"
    for uuid in live:  # heard live, not doubled by the backfill
        assert found[uuid][1] == ORIGIN_BITS[0] and len(found[uuid][2]) >= 3


def test_a_project_whose_backend_is_not_redis_gets_no_backfill_and_is_told_why(
    qtbot: QtBot, tmp_path: Path, redis_server: RedisServer
) -> None:
    root = tmp_path / "rpcproj"
    root.mkdir()
    (root / "rpcapp.py").write_text(
        "from celery import Celery\n\napp = Celery('rpcapp', backend='rpc://')\n",
        encoding="utf-8",
    )
    profile = ConnectionProfile(
        "RPC", redis_server.url, project=ProjectConfig(app_module="rpcapp", workdir=str(root))
    )
    ctx, window = open_window()
    try:
        connect(qtbot, ctx, profile, redis_server.url)
        assert window.result_backend.current is not None
        assert window.result_backend.url is None  # nothing to read: no retry or progress there
        note = "backfill unavailable: the result backend is rpc://"
        strip = window.tasks_page.history.coverage
        assert strip.backfill_note == note
        gap = CoveragePeriod(CoverageKind.GAP, 0.0, 60.0)
        strip.set_periods([gap], 0.0, 60.0, "")
        assert note in strip.legend.text()
        assert note in period_tooltip(gap, strip.backfill_note)
    finally:
        quit_window(ctx, window)


def _keys(url: str) -> list[bytes]:
    import redis

    client = redis.Redis.from_url(url)
    try:
        return list(client.scan_iter(count=1000))
    finally:
        client.close()


def _where(url: str) -> str:
    return url.rpartition("@")[2].rpartition("/")[0]
