"""One control command on a short-lived app: build it for a URL, run, close.

The UI's background calls use this so no Celery app (nor its connections) outlives the call
and nothing is shared between threads. It blocks as long as the command does.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.core.control.actions import ControlActions, close_control_app, control_app


def run_control[T](url: str, timeout: float, command: Callable[[ControlActions], T]) -> T:
    """``command(actions)`` with a :class:`ControlActions` on ``url``; the app is closed after."""
    app = control_app(url)
    try:
        return command(ControlActions(app, timeout=timeout))
    finally:
        close_control_app(app)
