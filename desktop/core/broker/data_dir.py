"""The local broker's data directory: created, checked writable, and locked to one server.

Two redis-servers appending to the same AOF would corrupt the user's queues, so whoever runs
the broker holds an exclusive ``flock`` on ``broker.lock`` in the directory. The kernel drops
the lock when the holder dies, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

LOCK_NAME = "broker.lock"


class DataDirError(RuntimeError):
    """The data directory cannot be used; the message is for the user."""


def prepare_data_dir(path: Path) -> Path:
    """Create ``path`` if needed and check that files can be written in it."""
    path = path.expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirError(
            f"cannot create the broker data directory {path}: {exc.strerror or exc}"
        ) from exc
    # os.access() is wrong for root and for ACLs: really try to write.
    try:
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        raise DataDirError(
            f"the broker data directory {path} is not writable: {exc.strerror or exc}"
        ) from exc
    return path.resolve()


class DataDirLock:
    """An exclusive lock on a data directory, held until :meth:`release` or process exit."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    @classmethod
    def acquire(cls, data_dir: Path) -> DataDirLock:
        try:
            import fcntl
        except ImportError:  # Windows: no flock; the port check is the only guard there
            return cls(None)
        lock_path = data_dir / LOCK_NAME
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = _read_holder(fd)
            os.close(fd)
            who = f" (pid {holder})" if holder else ""
            raise DataDirError(
                f"another local broker{who} is already using {data_dir}; "
                "stop it first or choose another data directory"
            ) from exc
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        return cls(fd)

    @property
    def fileno(self) -> int | None:
        """Pass it to the server (``pass_fds``) so the lock lasts as long as either lives."""
        return self._fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.close(fd)  # closing drops the flock


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", errors="ignore").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""
