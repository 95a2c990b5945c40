"""Pinging workers that went quiet, to tell a dead worker from a busy or a deaf one.

Blocks for about ``timeout`` seconds plus a broker connect: call it off the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from desktop.core.control.actions import close_control_app, control_app, error_text

log = logging.getLogger("celery_desk.alerts")


class PingError(RuntimeError):
    """The ping could not be sent (the broker); nobody can be called silent for it."""


def ping_workers(broker_url: str, hostnames: Sequence[str], timeout: float = 1.0) -> set[str]:
    """The hostnames of ``hostnames`` that answered a ping within ``timeout`` seconds."""
    if not hostnames:
        return set()
    app = control_app(broker_url)
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2.0)
            replies = app.control.ping(
                destination=list(hostnames), timeout=timeout, connection=connection
            )
    except Exception as exc:  # broker trouble: unknown, not silent
        raise PingError(error_text(exc)) from None
    finally:
        close_control_app(app)
    answered: set[str] = set()
    for reply in replies or ():
        if isinstance(reply, dict):
            answered.update(str(host) for host in reply)
    return answered
