"""Screenshots of a user's Django project going through Celery Desk, for docs/ and README.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.shots.project_walkthrough docs/

The project is the one the tests use (Celery's "First steps with Django" layout, its own
virtualenv on another Python, its own redis-server on a free port). The steps: connect and
see its code-defined entries; copy them into the file and switch its beat to the file
scheduler; edit one in the crontab form (every minute); watch the run arrive in Tasks.
Each step waits for what it shows, and the script fails loudly when something never comes.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

SHOT_PREFIX = "project-"


def _wait(app: QApplication, what: str, done: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting for: {what}")
        app.processEvents()
        time.sleep(0.05)
    for _ in range(20):  # let painting catch up
        app.processEvents()
        time.sleep(0.02)


def main(out_dir: Path) -> int:
    from tests.support.project_venv import ensure_project_venv
    from tests.support.projects import write_django_project
    from tests.support.redis_server import start_redis

    scratch = Path(tempfile.mkdtemp(prefix="celery-desk-shots-"))
    os.environ["CELERY_DESK_HOME"] = str(scratch / "home")
    venv = ensure_project_venv()
    root = write_django_project(scratch / "shop")
    (scratch / "redis").mkdir(parents=True)
    server = start_redis(scratch / "redis")
    try:
        return _walk(out_dir, venv.root, root, server.url)
    finally:
        server.stop()


class Walk:
    """The walkthrough's steps on one window; each shot named after its step."""

    def __init__(self, out_dir: Path) -> None:
        from desktop.ui.context import AppContext
        from desktop.ui.main_window import MainWindow
        from desktop.ui.qt_application import create_qapplication
        from desktop.ui.screenshot import SHOT_SIZE

        self.out_dir = out_dir
        self.app = create_qapplication()
        self.ctx = AppContext.create()
        self.window = MainWindow(self.ctx)
        self.window.resize(SHOT_SIZE)
        self.window.show()

    def wait(self, what: str, done: Callable[[], bool], seconds: float) -> None:
        _wait(self.app, what, done, seconds)

    def shot(self, name: str) -> None:
        path = self.out_dir / f"{SHOT_PREFIX}{name}.png"
        self.window.grab().save(str(path))
        print(f"saved {path}")

    def connect(self, venv: Path, root: Path, url: str) -> None:
        from desktop.core.profiles import ConnectionProfile
        from desktop.core.project.config import ProjectConfig
        from desktop.ui.connection import ConnectionState

        project = ProjectConfig(
            app_module="proj",
            workdir=str(root),
            python=str(venv),
            env={"PROJ_RESULT_BACKEND": url},
        )
        ctx, window = self.ctx, self.window
        ctx.profiles.save(ConnectionProfile("Shop", url, project=project))
        ctx.presets.sync_project("Shop", project)
        window.connection_bar.select_profile("Shop")
        window.connection_bar.connect_button.click()
        connected = ConnectionState.CONNECTED
        self.wait("connected", lambda: ctx.connection.status.state is connected, 20)
        window.show_page("schedules")
        page = window.schedules_page
        self.wait("code-defined entries", lambda: len(page.code_section.entries) == 6, 90)
        self.shot("1-code-entries")

    def switch(self) -> None:
        ctx, page = self.ctx, self.window.schedules_page
        for name in ("Shop worker", "Shop beat"):
            spec = ctx.presets.get(name)
            assert spec is not None
            ctx.supervisor.start(spec, ctx.connection.url)
        worker = ctx.supervisor.get("Shop worker")
        assert worker is not None
        lines = worker.last_lines
        self.wait("worker ready", lambda: any(" ready." in x.text for x in lines(200)), 90)
        page.switch_flow.update()
        page.switch_flow.button.click()
        box = page.switch_flow.question
        assert box is not None
        self.app.processEvents()
        path = self.out_dir / f"{SHOT_PREFIX}2-switch-question.png"
        box.grab().save(str(path))  # a dialog of its own: not in the window's grab
        print(f"saved {path}")
        accept = QMessageBox.ButtonRole.AcceptRole
        next(b for b in box.buttons() if box.buttonRole(b) == accept).click()
        verdict = page.beat_status.verdict_text
        self.wait("beat applied revision 1", lambda: "applied revision 1" in verdict(), 90)

    def edit(self) -> None:
        from desktop.ui.schedules.crontab_form import CrontabForm

        page = self.window.schedules_page
        page.table.setCurrentIndex(page.model.index(page.model.row_of("office hours report"), 0))
        form = page.editor.current_form()
        assert isinstance(form, CrontabForm)
        # Every minute, every day: its run comes within a minute (it has no queue of its
        # own, so the worker, which consumes the default queue, runs it).
        for field, text in (("minute", "*"), ("hour", "*"), ("day_of_week", "*")):
            form.fields[field].setText(text)
        page.editor.refresh_now()
        self.wait("preview", lambda: True, 1)
        self.shot("3-crontab-edit")
        assert page.editor.apply()
        page.toolbar_actions.save.trigger()
        verdict = page.beat_status.verdict_text
        self.wait("beat applied revision 2", lambda: "applied revision 2" in verdict(), 60)
        self.shot("4-applied")

    def run_in_tasks(self) -> None:
        store, window = self.ctx.hub.store, self.window

        def report_ran() -> bool:
            return any(
                r.name == "shop.tasks.report"
                and r.state == "SUCCESS"
                and "office" in (r.kwargs or "")
                for r in list(store.tasks.values())
            )

        self.wait("a run of the edited entry", report_ran, 75)
        window.show_page("tasks")
        tasks = window.tasks_page
        self.wait("the row in Tasks", lambda: tasks.proxy.rowCount() > 0, 10)
        for row in range(tasks.proxy.rowCount()):
            record = tasks.proxy.record_at(row)
            if record is not None and record.name == "shop.tasks.report":
                tasks.table.selectRow(row)
                break
        self.wait("detail", lambda: True, 1)
        self.shot("5-run-in-tasks")

    def close(self) -> None:
        self.window._quitting = True  # the supervisor stops the worker and beat below
        self.ctx.hub.stop()
        self.ctx.supervisor.kill_all_now()
        self.ctx.runner.shutdown()
        self.window.close()


def _walk(out_dir: Path, venv: Path, root: Path, url: str) -> int:
    walk = Walk(out_dir)
    try:
        walk.connect(venv, root, url)
        walk.switch()
        walk.edit()
        walk.run_in_tasks()
    finally:
        walk.close()
    return 0


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    raise SystemExit(main(target))
