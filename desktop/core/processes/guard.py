"""Making sure a child of Celery Desk dies with it, even when the app is killed.

The supervisor sets ``CELERY_DESK_PARENT_PID`` in every child's environment. A child that
sees it asks the kernel for SIGTERM when its parent dies (Linux ``PR_SET_PDEATHSIG``, which
survives ``exec``) and, on every POSIX system, watches for being re-parented as a fallback;
a child still alive ``kill_after`` seconds after its parent died kills its own descendants
and itself.

Behind a relay (:mod:`desktop.core.processes.relay`) the parent is the run's keeper, which
sets the variable to its own pid: the child then dies with the keeper, and the keeper
decides whether it dies with the app.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PARENT_ENV = "CELERY_DESK_PARENT_PID"
_PR_SET_PDEATHSIG = 1


def set_parent_death_signal(sig: int) -> bool:
    """Ask the kernel for ``sig`` when this process's parent dies (Linux only).

    Returns False where the kernel offers no such thing; callers must have another way
    of noticing (a pipe from the parent reaching EOF, or the re-parenting watchdog).
    """
    if not sys.platform.startswith("linux"):
        return False
    libc_name = ctypes.util.find_library("c") or "libc.so.6"
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0) == 0)
    except OSError:
        return False


def _watch_parent(parent_pid: int, interval: float, kill_after: float) -> None:
    while os.getppid() == parent_pid:
        time.sleep(interval)
    # Orphaned: ask politely first (Linux has already sent SIGTERM through PDEATHSIG) ...
    os.kill(os.getpid(), signal.SIGTERM)
    # ... but a worker in warm shutdown whose broker died with the app may wait forever.
    time.sleep(kill_after)
    _kill_descendants()
    os.kill(os.getpid(), signal.SIGKILL)


def _kill_descendants() -> None:
    try:
        import psutil

        children = psutil.Process().children(recursive=True)
    except Exception:  # psutil missing or the process table unreadable: kill self only
        return
    for child in children:
        with contextlib.suppress(Exception):
            child.kill()


def install_parent_death_guard(interval: float = 1.0, kill_after: float = 10.0) -> bool:
    """Arm the guard when launched by Celery Desk; a no-op in a plain terminal.

    Returns True when a guard is active.
    """
    raw = os.environ.get(PARENT_ENV)
    if not raw or not raw.isdigit():
        return False
    parent_pid = int(raw)
    if os.getppid() != parent_pid:
        # The parent is already gone (or this is a grandchild): nothing to tie to.
        return False
    set_parent_death_signal(signal.SIGTERM)
    watcher = threading.Thread(
        target=_watch_parent,
        args=(parent_pid, interval, kill_after),
        name="parent-watch",
        daemon=True,
    )
    watcher.start()
    return True


def exec_guarded(argv: list[str]) -> None:
    """Replace this process with ``argv``, keeping the kernel's parent-death signal.

    Used to launch programs that know nothing of Celery Desk (redis-server, a user project's
    own interpreter) so they still die with the app on Linux.
    """
    from desktop.core.self_command import clean_environment

    env = clean_environment(dict(os.environ))
    raw = env.pop(PARENT_ENV, None)
    if raw and raw.isdigit() and os.getppid() == int(raw):
        set_parent_death_signal(signal.SIGTERM)
    os.execvpe(argv[0], argv, env)
