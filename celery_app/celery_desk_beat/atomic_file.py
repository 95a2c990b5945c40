"""Files that readers never see half-written, and writers that take turns.

Used by the schedule file; nothing here knows its format beyond a top-level ``revision``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from celery_desk_beat.i18n import translate

#: The largest file read: a schedule of 10,000 entries is about 3 MB.
MAX_FILE_BYTES = 64 * 1024 * 1024


class NotReadableError(OSError):
    """The path exists but holds no readable regular file; ``reason`` says what it is."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return translate("AtomicFile", "a directory")
    if stat.S_ISFIFO(mode):
        return translate("AtomicFile", "a named pipe")
    if stat.S_ISSOCK(mode):
        return translate("AtomicFile", "a socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return translate("AtomicFile", "a device")
    return translate("AtomicFile", "something else")


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path`` without ever blocking: opened non-blocking, so a named pipe or a
    device cannot hold the caller in ``open()``, and refused unless it is a regular file of at
    most ``limit`` bytes (:class:`NotReadableError`). Other failures are the usual OSErrors."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            message = translate("AtomicFile", "is {0}, not a regular file")
            raise NotReadableError(message.format(_kind(info.st_mode)))
        if info.st_size > limit:
            message = translate("AtomicFile", "is {0} bytes; the limit is {1}")
            raise NotReadableError(message.format(info.st_size, limit))
        chunks = []
        size = 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:  # it grew while being read
                message = translate("AtomicFile", "is over {0} bytes")
                raise NotReadableError(message.format(limit))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def revision_in(raw: bytes) -> int | None:
    """The top-level ``revision`` that JSON ``raw`` declares (0 when absent), else None."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return None
    revision = data.get("revision", 0) if isinstance(data, dict) else None
    valid = isinstance(revision, int) and not isinstance(revision, bool)
    return revision if valid else None


def disk_state(path: Path) -> tuple[bool, int | None, str]:
    """Whether ``path`` exists, the revision it holds (None: unreadable) and its digest."""
    try:
        raw = read_regular_file(path)
    except FileNotFoundError:
        return False, None, ""
    except OSError:  # a directory, a pipe, no permission: there, but holding no revision
        return True, None, ""
    return True, revision_in(raw), hashlib.sha256(raw).hexdigest()


@contextlib.contextmanager
def writers_lock(path: Path) -> Iterator[None]:
    """Serialise cooperating writers (two windows of the app) around check-and-replace."""
    try:
        import fcntl
    except ImportError:  # Windows: the revision check alone guards
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Replace ``path`` so that a reader sees the old file or the new one, never half."""
    directory = path.parent
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(payload)
            temp.flush()
            os.fsync(temp.fileno())
        with contextlib.suppress(OSError):
            os.chmod(temp_name, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    if hasattr(os, "O_DIRECTORY"):
        dir_fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


class FileWatcher:
    """Tells cheaply whether a file changed: one stat of (mtime_ns, size, inode) per call."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: tuple[int, int, int] | str | None = "unread"

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            stat = os.stat(self.path)
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size, stat.st_ino)

    def changed(self) -> bool:
        """True once per change (a missing file is a state too)."""
        signature = self._signature()
        if signature == self._seen:
            return False
        self._seen = signature
        return True

    def settled(self) -> bool:
        """False if the file moved again since :meth:`changed`: a writer was mid-way, so what
        was read may be half a file; :meth:`changed` then reports it again."""
        if self._signature() == self._seen:
            return True
        self._seen = "changing"
        return False
