"""Logging wired once: a named logger per subsystem, a rotating file, secrets masked."""

from __future__ import annotations

import logging
import logging.handlers
import sys

from desktop.core import paths

ROOT_LOGGER = "celery_desk"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def configure_logging(level: int = logging.INFO, to_file: bool = True) -> None:
    """Console (stderr) and a rotating file under the log dir; URL passwords masked in both."""
    from desktop.core.redact import SecretRedactingFilter

    root = logging.getLogger()
    if getattr(root, "_celery_desk_configured", False):
        return
    root.setLevel(level)
    redact = SecretRedactingFilter()
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if to_file:
        handlers.append(
            logging.handlers.RotatingFileHandler(
                paths.log_dir() / "celery-desk.log",
                maxBytes=2_000_000,
                backupCount=3,
                encoding="utf-8",
            )
        )
    for handler in handlers:
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler.addFilter(redact)
        root.addHandler(handler)
    root._celery_desk_configured = True  # type: ignore[attr-defined]
