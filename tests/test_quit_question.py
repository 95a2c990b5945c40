"""The quit question of the main window, answered each way, with a real project worker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from pytestqt.qtbot import QtBot

from desktop.core.processes.detached import DetachedRegistry, RunInfo
from desktop.core.processes.spec import ProcessKind, ProcessSpec
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.processes.guiprocess import GuiProcess, ProcessState
from desktop.ui.processes.quit_question import QuitQuestion
from desktop.ui.processes.supervisor import Supervisor
from tests.support.child_processes import ChildTracker
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
WORKER = "Project worker"
READY_MS = 60_000
STOP_MS = 30_000


class Scene:
    def __init__(self, window: MainWindow, ctx: AppContext, tracker: ChildTracker) -> None:
        self.window = window
        self.ctx = ctx
        self.tracker = tracker
        self.info: RunInfo | None = None
        self.asked: list[str] = []

    def start_worker(self, qtbot: QtBot, url: str) -> None:
        spec = ProcessSpec(
            name=WORKER,
            kind=ProcessKind.WORKER,
            workdir=str(REPO),
            app_module="celery_desk_demo",
            concurrency=1,
            use_connected_broker=True,
        )
        entry = self.ctx.supervisor.start(spec, url)
        qtbot.waitUntil(
            lambda: any("ready." in ln.text for ln in entry.buffer.lines()), timeout=READY_MS
        )
        assert isinstance(entry.process, GuiProcess)
        self.info = entry.process.run_info()
        self.tracker.track(entry.process.last_pid)

    def worker_alive(self) -> bool:
        assert self.info is not None
        try:
            process = psutil.Process(self.info.target_pid)
            return bool(process.status() != psutil.STATUS_ZOMBIE)
        except psutil.NoSuchProcess:
            return False

    def close_and_answer(self, button: str) -> None:
        """Close the window and click ``button`` of the quit question it shows."""
        self.window.close()
        box = self.window.findChild(QuitQuestion)
        assert isinstance(box, QuitQuestion) and box.isVisible(), "the question was not asked"
        assert self.window.isVisible(), "the window closed before the answer"
        self.asked.append(box.text())
        getattr(box, button).click()


@pytest.fixture
def scene(qtbot: QtBot) -> Iterator[Scene]:
    ctx = AppContext.create()
    window = MainWindow(ctx)  # not qtbot.addWidget: its closing would ask the question
    window.show()
    tracker = ChildTracker()
    yield Scene(window, ctx, tracker)
    ctx.supervisor.quit_decided = True
    ctx.supervisor.kill_all_now()
    window.close()
    window.deleteLater()
    ctx.runner.shutdown()
    # Whatever was left running is adopted and stopped, so no test leaves a worker behind.
    leftover = Supervisor()
    for entry in leftover.processes():
        if entry.state.is_active:
            with qtbot.waitSignal(entry.process.finished, timeout=STOP_MS):
                leftover.stop(entry.name)
    survivors = tracker.kill_survivors()
    assert not survivors, f"left running: {survivors}"


def test_stop_them_stops_the_worker_and_closes(
    qtbot: QtBot, scene: Scene, redis_server: RedisServer
) -> None:
    scene.start_worker(qtbot, redis_server.url)
    scene.close_and_answer("stop_button")
    qtbot.waitUntil(lambda: not scene.window.isVisible(), timeout=STOP_MS)
    assert WORKER in scene.asked[0]
    assert not scene.ctx.supervisor.any_process_active()
    qtbot.waitUntil(lambda: scene.tracker.alive() == [], timeout=STOP_MS)
    assert DetachedRegistry().load() == []


def test_cancel_stops_nothing_and_keeps_the_window(
    qtbot: QtBot, scene: Scene, redis_server: RedisServer
) -> None:
    scene.start_worker(qtbot, redis_server.url)
    scene.close_and_answer("cancel_button")
    qtbot.wait(500)
    assert scene.window.isVisible()
    entry = scene.ctx.supervisor.get(WORKER)
    assert entry is not None and entry.state is ProcessState.RUNNING
    assert scene.worker_alive()
    assert not scene.ctx.supervisor.quit_decided
    assert DetachedRegistry().load() == []


def test_leave_running_closes_and_the_worker_goes_on(
    qtbot: QtBot, scene: Scene, redis_server: RedisServer
) -> None:
    scene.start_worker(qtbot, redis_server.url)
    scene.close_and_answer("leave_button")
    qtbot.waitUntil(lambda: not scene.window.isVisible(), timeout=STOP_MS)
    assert scene.worker_alive()
    (record,) = DetachedRegistry().load()
    assert record.name == WORKER
    assert scene.info is not None and record.run.target_pid == scene.info.target_pid
    qtbot.wait(1000)
    assert scene.worker_alive(), "the keeper stopped it once its relay ended"


def test_no_question_without_a_project_process(qtbot: QtBot, scene: Scene) -> None:
    scene.window.close()
    assert not scene.window.isVisible()
    assert scene.window.findChild(QuitQuestion) is None


def test_closing_again_while_asked_shows_the_same_question(
    qtbot: QtBot, scene: Scene, redis_server: RedisServer
) -> None:
    scene.start_worker(qtbot, redis_server.url)
    scene.window.close()
    scene.window.close()
    boxes = [box for box in scene.window.findChildren(QuitQuestion) if box.isVisible()]
    assert len(boxes) == 1
    boxes[0].stop_button.click()
    qtbot.waitUntil(lambda: not scene.window.isVisible(), timeout=STOP_MS)
    qtbot.waitUntil(lambda: scene.tracker.alive() == [], timeout=STOP_MS)
