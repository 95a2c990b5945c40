"""Making sure a child of Celery Desk dies with it, even when the app is killed.

The supervisor sets ``CELERY_DESK_PARENT_PID`` in every child's environment. A child that
sees it asks the kernel for SIGTERM when its parent dies (Linux ``PR_SET_PDEATHSIG``, which
survives ``exec``) and, on every POSIX system, watches for being re-parented as a fallback;
a child still alive ``kill_after`` seconds after its parent died kills its own descendants
and itself.

A program that knows nothing of Celery Desk (redis-server, a user project's own interpreter)
is started through :func:`exec_guarded`, which cannot leave a thread behind an ``exec``: it
leaves a small watcher process instead (:func:`_spawn_watcher`), outside the program's
process tree, that does the same for it.

Behind a relay (:mod:`desktop.core.processes.relay`) the parent is the run's keeper, which
sets the variable to its own pid: the child then dies with the keeper, and the keeper
decides whether it dies with the app.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import select
import signal
import sys
import threading
import time

PARENT_ENV = "CELERY_DESK_PARENT_PID"
#: Seconds an orphaned child is given to stop on its own before it is killed.
KILL_AFTER_ENV = "CELERY_DESK_ORPHAN_KILL_AFTER"
KILL_AFTER = 10.0
_PR_SET_PDEATHSIG = 1
_POLL = 0.5


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


def _kill_descendants(pid: int | None = None) -> None:
    try:
        import psutil

        children = psutil.Process(pid).children(recursive=True)
    except Exception:  # psutil missing or the process table unreadable: kill self only
        return
    for child in children:
        with contextlib.suppress(Exception):
            child.kill()


def _kill_after() -> float:
    try:
        return max(0.0, float(os.environ.get(KILL_AFTER_ENV, KILL_AFTER)))
    except ValueError:
        return KILL_AFTER


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
        # The signal alone is not enough: a Celery worker in warm shutdown whose broker died
        # with the app waits for it forever (seen: a demo worker alive 13 min after a kill).
        _spawn_watcher(int(raw), os.getpid(), _kill_after())
    os.execvpe(argv[0], argv, env)


def _spawn_watcher(parent_pid: int, target_pid: int, kill_after: float) -> None:
    """Leave a process that kills ``target_pid`` (about to exec) and its descendants when it
    outlives ``parent_pid`` by ``kill_after`` seconds, and that ends with the target.

    Forked twice so that it is nobody's child in the target's tree (a worker reaping its
    pool must not find it) and in a session of its own (a signal to the target's group
    passes it by); it holds none of the target's files, so a pipe from the target still
    ends when the target does.
    """
    try:
        middle = os.fork()
    except OSError:
        return
    if middle:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(middle, 0)
        return
    try:
        os.setsid()
        if os.fork():
            os._exit(0)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.closerange(3, 65536)
        _watch(parent_pid, target_pid, kill_after)
    finally:
        os._exit(0)


def _watch(parent_pid: int, target_pid: int, kill_after: float) -> None:
    parent, target = _Exit(parent_pid), _Exit(target_pid)
    while not target.gone():
        if parent.gone():
            # Linux has sent SIGTERM through the parent-death signal; elsewhere, send it.
            with contextlib.suppress(OSError):
                os.kill(target_pid, signal.SIGTERM)
            if target.wait(kill_after):
                return
            _kill_descendants(target_pid)
            with contextlib.suppress(OSError):
                os.kill(target_pid, signal.SIGKILL)
            return
        _Exit.wait_any((parent, target))


class _Exit:
    """A process to wait for: its pidfd where the system has them (woken the moment it
    ends, and immune to pid reuse), else polling."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.fd: int | None = None
        with contextlib.suppress(AttributeError, OSError):
            self.fd = os.pidfd_open(pid)

    def gone(self) -> bool:
        if self.fd is not None:
            return bool(select.select([self.fd], [], [], 0)[0])
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False

    def wait(self, timeout: float) -> bool:
        """Whether it ended within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not self.gone():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            _Exit.wait_any((self,), min(left, _POLL))
        return True

    @staticmethod
    def wait_any(exits: tuple[_Exit, ...], timeout: float = _POLL) -> None:
        fds = [e.fd for e in exits if e.fd is not None]
        if len(fds) == len(exits):
            select.select(fds, [], [], timeout)
        else:
            time.sleep(timeout)
