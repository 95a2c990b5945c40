"""``celery-desk --smoke-test``: the window offscreen, then the broker/worker/task check."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def run_smoke_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("CELERY_DESK_HOME", tempfile.mkdtemp(prefix="celery-desk-smoke-home-"))
    from desktop.core.i18n import TRANSLATED
    from desktop.core.self_command import is_frozen
    from desktop.core.smoke import run_stack_check
    from desktop.ui.context import AppContext
    from desktop.ui.i18n import install_language
    from desktop.ui.main_window import MainWindow
    from desktop.ui.qt_application import create_qapplication

    def say(text: str) -> None:
        print(f"[smoke] {text}", flush=True)

    app = create_qapplication()
    # Every shipped language loads (a bundle missing a catalog fails here, not on a user's
    # screen); then the window is built in the user's own, as the app builds it.
    parts_ok = True
    for code in TRANSLATED:
        loaded = install_language(code)
        say(f"language {code}: {', '.join(loaded.loaded) or 'nothing'} loaded")
        if loaded.missing:  # in a source tree: `make translations` was not run
            say(f"{'FAIL' if is_frozen() else 'note'}: missing {', '.join(loaded.missing)}")
            parts_ok = parts_ok and not is_frozen()
    install_language()
    # Desktops without a tray (GNOME) get alerts through the freedesktop service only.
    try:
        from PySide6.QtDBus import QDBusConnection  # noqa: F401
    except ImportError as exc:
        say(f"FAIL: no desktop notifications without a tray: {exc}")
        parts_ok = False
    else:
        say("desktop notifications: QtDBus present")
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
    ok = run_stack_check(say) and parts_ok
    say("PASS" if ok else "FAILED")
    return 0 if ok else 1
