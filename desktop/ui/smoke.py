"""``celery-desk --smoke-test``: the window offscreen, then the broker/worker/task check."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def run_smoke_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("CELERY_DESK_HOME", tempfile.mkdtemp(prefix="celery-desk-smoke-home-"))
    from desktop.core.smoke import run_stack_check
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow
    from desktop.ui.qt_application import create_qapplication

    def say(text: str) -> None:
        print(f"[smoke] {text}", flush=True)

    app = create_qapplication()
    ctx = AppContext.create()
    window = MainWindow(ctx)
    window.show()
    app.processEvents()
    shot = Path(tempfile.mkdtemp()) / "smoke-window.png"
    if not window.grab().save(str(shot)):
        say("FAIL: could not render the main window")
        return 1
    say(f"main window rendered offscreen ({window.width()}x{window.height()}) to {shot}")
    window.close()
    ctx.shutdown()
    ok = run_stack_check(say)
    say("PASS" if ok else "FAILED")
    return 0 if ok else 1
