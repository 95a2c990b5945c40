"""Screenshot for docs/: the Tasks view after a restart, showing what failed while it was closed.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.shots.restart_history docs/
    LANGUAGE=zh_CN QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.shots.restart_history \
        docs/zh/

Nothing in it is made up. A user's Django project (:mod:`tests.support.busy_shop`: the test
project with a shop's night jobs, some of which fail) runs on its own virtualenv and its own
redis-server: two real ``celery worker -E`` and the recorder (``celery-desk record``) beside
them. The story, in minutes rather than a night:

1. *Evening*: the window is open on the project's profile, connected, journaling; jobs run.
2. The window quits. *Night*: jobs keep coming while nobody listens but the recorder; the
   recorder is stopped for a while in the middle (a restart on the server), so only the
   result backend keeps what finished then.
3. *Morning*: a new window opens on the same profile and connects; the journal, the
   recorder's replay and the backfill from the result backend bring the night back, and a
   few jobs run live.

The shot: History, the last five minutes, failures only, a failure caught up from the recorder
(retried once, then failed) selected with its timeline and traceback; the coverage strip
shows the time before the first window (not covered), the evening (live), the night
(recorder, with the recorder's own downtime backfilled) and this morning (live). What it
shows is printed, to check the picture against.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from celery import Celery
from celery.result import AsyncResult
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from tests.support.busy_shop import Job, job_plan, nightly_sync, write_busy_shop
from tests.support.celery_procs import (
    FAST_WORKER_OPTIONS,
    CeleryProcess,
    celery_env,
    desk_command,
)

if TYPE_CHECKING:
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow
    from desktop.ui.monitor.tasks_page import TasksPage

SHOT = "tasks-history.png"
PROFILE = "Shop"
#: (jobs, seconds) of each part of the story.
#: The shot shows the last five minutes: the whole story fits in them.
EVENING = (18, 40.0)
NIGHT_RECORDED = (18, 40.0)
RECORDER_DOWN = (14, 35.0)
MORNING = (5, 12.0)


def pump(app: QApplication, seconds: float = 0.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        app.processEvents()
        if time.monotonic() >= deadline:
            return
        time.sleep(0.03)


def wait(app: QApplication, what: str, done: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting for: {what}")
        pump(app, 0.05)
    pump(app, 0.5)  # let painting catch up


@dataclass
class Server:
    """The project's side: redis-server, its workers, the recorder, and the web side that
    sends jobs (a client of the broker, as the project's web process is)."""

    scratch: Path
    url: str
    python: Path
    root: Path
    workers: list[CeleryProcess] = field(default_factory=list)
    recorder: CeleryProcess | None = None
    recorder_runs: int = 0

    def start_workers(self) -> None:
        env = {k: v for k, v in celery_env(self.url).items()
               if k not in ("PYTHONPATH", "VIRTUAL_ENV")}  # fmt: skip
        env["PROJ_RESULT_BACKEND"] = self.url  # the project's own setting for its backend
        for node, queue in (("celery@web-1", "celery"), ("celery@batch-1", "reports")):
            argv = [str(self.python), "-m", "celery", "-A", "proj", "worker", "-E", "-l", "info",
                    "-n", node, "-Q", queue, "-c", "2", *FAST_WORKER_OPTIONS]  # fmt: skip
            log = self.scratch / f"{node.split('@')[1]}.log"
            self.workers.append(CeleryProcess(argv, log, env, cwd=self.root))
        for worker in self.workers:
            worker.wait_ready(90)

    def start_recorder(self) -> None:
        self.recorder_runs += 1
        log = self.scratch / f"recorder-{self.recorder_runs}.log"
        self.recorder = CeleryProcess(desk_command("record"), log, celery_env(self.url))
        self.recorder.wait_for_log("recording")

    def stop_recorder(self) -> None:
        if self.recorder is not None:
            self.recorder.stop()
            self.recorder = None

    def stop(self) -> None:
        self.stop_recorder()
        for worker in self.workers:
            worker.stop()


class Web:
    """Sends jobs at random moments over a stretch of time, keeping the Qt loop turning."""

    def __init__(self, url: str, app: QApplication) -> None:
        self.client = Celery("shop-web", broker=url, backend=url)
        self.client.conf.task_send_sent_event = True
        self.app = app
        self.rnd = random.Random(13)
        self.sent: dict[str, Job] = {}

    def run(self, part: tuple[int, float], first: list[Job] | None = None) -> list[AsyncResult]:
        count, seconds = part
        jobs = (first or []) + job_plan(self.rnd, count, date.today())
        start = time.monotonic()
        moments = sorted(self.rnd.uniform(0, seconds) for _ in jobs)
        results = []
        for job, moment in zip(jobs, moments, strict=True):
            pump(self.app, max(0.0, start + moment - time.monotonic()))
            result = self.client.send_task(job.name, job.args, job.kwargs, queue=job.queue)
            self.sent[result.id] = job
            results.append(result)
        pump(self.app, max(0.0, start + seconds - time.monotonic()))
        return results

    def finish(self, results: list[AsyncResult], seconds: float = 60.0) -> None:
        wait(self.app, "the jobs to finish", lambda: all(r.ready() for r in results), seconds)

    def close(self) -> None:
        self.client.close()


def journaled(uuids: list[str]) -> Callable[[], bool]:
    """Whether the profile's journal holds each of ``uuids`` finished."""
    from desktop.core.events.model import FINISHED_STATES
    from desktop.core.history import JournalReader, journal_path

    def done() -> bool:
        try:
            with JournalReader(journal_path(PROFILE)) as reader:
                return all(
                    (task := reader.task(uuid)) is not None and task.record.state in FINISHED_STATES
                    for uuid in uuids
                )
        except Exception:  # no journal yet
            return False

    return done


class Story:
    """The evening, the night and the morning (module docstring), then the shot."""

    def __init__(self, app: QApplication, server: Server, web: Web, venv: Path, shot: Path) -> None:
        self.app, self.server, self.web, self.venv, self.shot = app, server, web, venv, shot
        self.night: list[AsyncResult] = []
        self.down: list[AsyncResult] = []

    def run(self) -> None:
        web, server = self.web, self.server
        ctx, window = self.open_window()
        self.connect(ctx, window)
        evening = web.run(EVENING)
        web.finish(evening)
        wait(self.app, "the evening journaled", journaled([r.id for r in evening]), 60)
        self.quit(ctx, window)
        self.night = web.run(NIGHT_RECORDED)
        server.stop_recorder()  # restarted on the server: nobody records for a while
        self.down = web.run(RECORDER_DOWN)
        web.finish(self.down)
        server.start_recorder()
        self.night += web.run(NIGHT_RECORDED, nightly_sync(date.today()))
        web.finish(self.night)
        ctx, window = self.open_window()
        try:
            self.connect(ctx, window)
            night = [r.id for r in self.night + self.down]
            wait(self.app, "the night caught up", journaled(night), 120)
            morning = web.run(MORNING)
            web.finish(morning)
            wait(self.app, "the morning journaled", journaled([r.id for r in morning]), 60)
            self.check_journal()
            failed = [r.id for r in evening + self.night + self.down + morning
                      if r.state == "FAILURE"]  # fmt: skip
            self.compose(window, failed)
            self.shot.parent.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(self.shot))
            print(f"saved {self.shot}")
        finally:
            self.quit(ctx, window)

    def check_journal(self) -> None:
        """Every job sent is journaled exactly once; print where each came from."""
        from desktop.core.history import JournalReader, journal_path
        from desktop.core.history.rows import ORIGIN_BITS
        from desktop.core.history.schema import ORIGIN_BACKFILL, ORIGIN_LIVE, ORIGIN_RECORDER

        with JournalReader(journal_path(PROFILE)) as reader:
            total = reader.stats().tasks
            origins = [task.origin for u in self.web.sent if (task := reader.task(u))]
        if total != len(self.web.sent) or len(origins) != total:
            raise SystemExit(f"{len(self.web.sent)} jobs sent, {total} tasks journaled")
        live, recorder = ORIGIN_BITS[ORIGIN_LIVE], ORIGIN_BITS[ORIGIN_RECORDER]
        backfill = ORIGIN_BITS[ORIGIN_BACKFILL]
        print(f"journal: {total} tasks, {sum(o == live for o in origins)} live only, "
              f"{sum(bool(o & recorder) for o in origins)} from the recorder, "
              f"{sum(o == backfill for o in origins)} backfilled only")  # fmt: skip

    def open_window(self) -> tuple[AppContext, MainWindow]:
        from desktop.ui.context import AppContext
        from desktop.ui.main_window import MainWindow
        from desktop.ui.screenshot import SHOT_SIZE

        ctx = AppContext.create()
        window = MainWindow(ctx)
        window.resize(SHOT_SIZE)
        window.show()
        pump(self.app, 0.5)
        return ctx, window

    def connect(self, ctx: AppContext, window: MainWindow) -> None:
        from desktop.core.profiles import ConnectionProfile
        from desktop.core.project.config import ProjectConfig
        from desktop.ui.connection import ConnectionState

        url = self.server.url
        if ctx.profiles.get(PROFILE) is None:
            project = ProjectConfig(
                app_module="proj",
                workdir=str(self.server.root),
                python=str(self.venv),
                env={"PROJ_RESULT_BACKEND": url},
            )
            ctx.profiles.save(ConnectionProfile(PROFILE, url, project=project))
            ctx.presets.sync_project(PROFILE, project)
        window.connection_bar.select_profile(PROFILE)
        window.connection_bar.connect_button.click()
        connected = ConnectionState.CONNECTED
        wait(self.app, "connected", lambda: ctx.connection.status.state is connected, 30)

        def reading() -> bool:
            source = ctx.hub.status.source
            return source is not None and source.state == "connected"

        wait(self.app, "the event reader", reading, 30)

    def quit(self, ctx: AppContext, window: MainWindow) -> None:
        """What quitting the app does, in order: the reader and the journal stop first."""
        ctx.alerts.stop()
        ctx.hub.stop()
        if not ctx.hub.wait_stopped(30.0):
            raise SystemExit("the event reader did not stop")
        ctx.journal.stop()
        ctx.journal.wait_stopped()
        window.close()
        window.deleteLater()
        ctx.runner.shutdown()
        pump(self.app, 0.2)

    def compose(self, window: MainWindow, failed: list[str]) -> None:
        """History, the last hour, failures only, a failure from the recorder selected."""
        window.show_page("tasks")
        page = window.tasks_page
        page.history.set_active(True)
        combo = page.filters.range_combo
        combo.setCurrentIndex(combo.findData("5m"))
        combo.activated.emit(combo.currentIndex())
        page.filters.set_states({"FAILURE"})
        model = page.history.model
        wait(self.app, "the failures listed", lambda: model.ready and model.total == len(failed)
             and model.rowCount() == len(failed), 30)  # fmt: skip
        recorded = {r.id for r in self.night} - {r.id for r in self.down}
        rows = [(row, task) for row in range(model.rowCount())
                if (task := model.record_at(row)) is not None]  # fmt: skip
        row, task = next(
            ((row, task) for row, task in rows if task.uuid in recorded and task.retried),
            next((row, task) for row, task in rows if task.uuid in recorded),
        )
        table = page.history.table
        table.selectRow(row)
        table.scrollTo(model.index(row, 0))
        table.setFocus()  # not the broker field the Connect button left focused
        detail = page.detail
        wait(self.app, "the detail", lambda: bool(detail.timeline_rows()), 10)
        for text in detail.findChildren(QPlainTextEdit):  # the traceback: where it raised
            bar = text.verticalScrollBar()
            bar.setValue(bar.maximum())
        strip = page.history.coverage

        def all_kinds() -> bool:
            return {"live", "recorder", "backfill"} <= {p.kind.value for p in strip.periods}

        wait(self.app, "the coverage", all_kinds, 10)
        describe(page, task.uuid)


def describe(page: TasksPage, uuid: str) -> None:
    """What the shot shows, for its caption."""
    from desktop.core.history import JournalReader, journal_path
    from desktop.ui.monitor.coverage_strip import clock
    from desktop.ui.monitor.timefmt import format_duration

    model = page.history.model
    print(f"rows: {model.rowCount()} of {model.total} failures")
    print("origin: 1 heard live, 2 from the recorder, 4 backfilled")
    with JournalReader(journal_path(PROFILE)) as reader:
        for row in range(model.rowCount()):
            task = model.record_at(row)
            journaled = reader.task(task.uuid) if task is not None else None
            if task is not None and journaled is not None:
                mark = "*" if task.uuid == uuid else " "
                print(f" {mark} {task.name} {task.args} origin={journaled.origin} "
                      f"retries={task.retried_count} {task.exception}")  # fmt: skip
    for period in page.history.coverage.periods:
        length = format_duration(period.end - period.start)
        print(f"coverage: {period.kind.value} {clock(period.start)}-{clock(period.end)} {length}")
    print("detail:", page.detail.field_texts())
    for line in page.detail.timeline_rows():
        print("  ", " | ".join(line))


def main(out_dir: Path) -> int:
    scratch = Path(tempfile.mkdtemp(prefix="celery-desk-restart-shot-"))
    os.environ["CELERY_DESK_HOME"] = str(scratch / "home")
    from desktop.ui.i18n import install_language
    from desktop.ui.qt_application import create_qapplication
    from tests.support.project_venv import ensure_project_venv
    from tests.support.redis_server import start_redis

    venv = ensure_project_venv()
    root = write_busy_shop(scratch / "shop")
    (scratch / "redis").mkdir(parents=True)
    redis_server = start_redis(scratch / "redis")
    server = Server(scratch, redis_server.url, venv.python, root)
    app = create_qapplication()
    install_language()  # LANGUAGE=zh_CN for the Chinese shot
    web = Web(redis_server.url, app)
    try:
        server.start_workers()
        server.start_recorder()
        Story(app, server, web, venv.root, out_dir / SHOT).run()
    finally:
        web.close()
        server.stop()
        redis_server.stop()
    shutil.rmtree(scratch, ignore_errors=True)  # kept when it failed: the logs are there
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")))
