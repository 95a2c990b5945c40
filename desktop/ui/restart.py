"""Starting the app again in place, after the normal quit (a language change needs it).

The process re-executes itself with the same command line, so it keeps its pid and terminal,
and whatever started it (a shell, ``celery -A proj desk``, a desktop launcher) sees one app.
Only called once the window closed the normal way: children stopped or left running as the
user chose, schedules saved or discarded.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import NoReturn

from desktop.core.self_command import is_frozen

log = logging.getLogger("celery_desk.app")


def restart_argv() -> list[str]:
    """The command line that started this process, with the interpreter's own options
    (``python -P -m desktop ...``); a frozen bundle is its own executable."""
    if is_frozen():
        return [sys.executable, *sys.argv[1:]]
    return [sys.executable, *sys.orig_argv[1:]]


def restart() -> NoReturn:
    argv = restart_argv()
    log.info("Restarting: %s", argv[0])
    logging.shutdown()  # exec keeps no Python buffers: flush the log files now
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(argv[0], argv)
