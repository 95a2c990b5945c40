"""A detached process's output on disk: written size-capped, read back as it grows.

The keeper writes with :class:`CappedLog`: when the file would pass ``max_bytes`` it is
renamed to ``<name>.1`` (replacing the previous one) and a new file begins, so a process
left running for months holds at most twice ``max_bytes``. :class:`RedactedLines` in front
of it writes whole lines only, each with any URL password masked: a program may print its
broker URL, and this file outlives the screen. The app reads with :class:`LogTail`, which
follows the file across those renames.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from desktop.core.redact import redact_text

MAX_LOG_BYTES = 5 * 1024 * 1024
# How much of an existing log is shown when the app picks a process up again.
BACKLOG_BYTES = 256 * 1024
# How much one read hands over at most, so a burst never stalls the GUI.
READ_CHUNK_BYTES = 1024 * 1024
# A line longer than this without a newline (a progress bar) is written as it is.
MAX_PARTIAL_BYTES = 64 * 1024


def rotated(path: Path) -> Path:
    return path.with_name(path.name + ".1")


class CappedLog:
    """Appends bytes to ``path``, rotating once it would pass ``max_bytes``."""

    def __init__(self, path: Path, max_bytes: int = MAX_LOG_BYTES) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._size = os.fstat(self._fd).st_size

    def write(self, data: bytes) -> None:
        if self._size and self._size + len(data) > self.max_bytes:
            self._rotate()
        try:
            written = 0
            while written < len(data):
                written += os.write(self._fd, data[written:])
        except OSError:
            return  # a full disk must not stop the process whose output this is
        self._size += len(data)

    def _rotate(self) -> None:
        try:
            os.replace(self.path, rotated(self.path))
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        except OSError:
            # The directory is gone (the app cleaned up a run that is ending): start over
            # in the same, now nameless, file rather than growing it without bound.
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            self._size = 0
            return
        os.close(self._fd)
        self._fd = fd
        self._size = 0

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)


class RedactedLines:
    """Writes whole lines to ``log``, passwords in URLs masked; ``close`` writes the rest."""

    def __init__(self, log: CappedLog) -> None:
        self.log = log
        self._partial = b""

    def write(self, data: bytes) -> None:
        data = self._partial + data
        cut = data.rfind(b"\n") + 1
        lines, self._partial = data[:cut], data[cut:]
        if len(self._partial) > MAX_PARTIAL_BYTES:
            lines, self._partial = data, b""
        if lines:
            self.log.write(_redacted(lines))

    def close(self) -> None:
        if self._partial:
            self.log.write(_redacted(self._partial))
            self._partial = b""
        self.log.close()


def _redacted(data: bytes) -> bytes:
    if b"://" not in data:
        return data
    text = data.decode("utf-8", errors="surrogateescape")
    return redact_text(text).encode("utf-8", errors="surrogateescape")


class LogTail:
    """Reads what was appended to ``path`` since the last read, across rotations.

    The first read returns the last ``backlog`` bytes already there, from a line start.
    """

    def __init__(self, path: Path, backlog: int = BACKLOG_BYTES) -> None:
        self.path = path
        self._inode: int | None = None
        self._offset = 0
        self._skip_partial = False
        try:
            stat = path.stat()
        except OSError:
            return
        self._inode = stat.st_ino
        self._offset = max(0, stat.st_size - backlog)
        self._skip_partial = self._offset > 0

    def read(self, limit: int = READ_CHUNK_BYTES) -> bytes:
        try:
            stat = self.path.stat()
        except OSError:
            return b""  # between the keeper's rename and its new file, or cleaned up
        data = b""
        if self._inode is not None and stat.st_ino != self._inode:
            data = self._finish_rotated(limit)
            if len(data) >= limit:
                return data  # the rest of the old file first; the new one next time
            self._inode, self._offset = stat.st_ino, 0
        elif stat.st_size < self._offset:
            self._offset = 0  # truncated
        self._inode = stat.st_ino
        data += self._read_from(self.path, limit - len(data))
        if self._skip_partial and data:
            newline = data.find(b"\n")
            if newline < 0:
                return b""
            data = data[newline + 1 :]
            self._skip_partial = False
        return data

    def _finish_rotated(self, limit: int) -> bytes:
        old = rotated(self.path)
        try:
            if old.stat().st_ino != self._inode:
                return b""  # rotated twice since: that part is lost to the cap
        except OSError:
            return b""
        return self._read_from(old, limit)

    def _read_from(self, path: Path, limit: int) -> bytes:
        try:
            with path.open("rb") as handle:
                handle.seek(self._offset)
                data = handle.read(limit)
        except OSError:
            return b""
        self._offset += len(data)
        return data
