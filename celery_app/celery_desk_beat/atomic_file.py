"""Files that readers never see half-written, and writers that take turns.

Used by the schedule file; nothing here knows its format beyond a top-level ``revision``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def disk_state(path: Path) -> tuple[bool, int | None, str]:
    """Whether ``path`` exists, the revision it holds (None: unreadable) and its digest."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return False, None, ""
    digest = hashlib.sha256(raw).hexdigest()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except ValueError:
        return True, None, digest
    revision = data.get("revision", 0) if isinstance(data, dict) else None
    valid = isinstance(revision, int) and not isinstance(revision, bool)
    return True, revision if valid else None, digest


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
