"""The one QApplication of the process, named for settings and the desktop entry.

Its own module so that both the app's start-up and the smoke test create it the same way
without importing each other.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication


def create_qapplication() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Celery Desk")
    app.setOrganizationName("celery-desk")
    app.setDesktopFileName("celery-desk")
    return app
