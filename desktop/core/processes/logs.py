"""Lines of a child's output: level detection and a bounded buffer.

Output arrives in arbitrary chunks; ``LogBuffer`` joins them into whole lines per stream
(a partial last line waits for its newline), tags each line with the level it can read
from Celery's, Python's or redis-server's log format, and keeps the newest ``max_lines``.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum

from desktop.core.redact import redact_text


class LogLevel(IntEnum):
    DEBUG = 10
    INFO = 20
    WARNING = 30
    ERROR = 40
    CRITICAL = 50


class Stream(StrEnum):
    STDOUT = "stdout"
    STDERR = "stderr"
    # Notes the supervisor adds itself: started, exited, restarting in N s.
    SUPERVISOR = "supervisor"


@dataclass(frozen=True, slots=True)
class LogLine:
    timestamp: datetime
    stream: Stream
    text: str
    level: LogLevel | None


_NAMES = {
    "DEBUG": LogLevel.DEBUG,
    "INFO": LogLevel.INFO,
    "WARNING": LogLevel.WARNING,
    "WARN": LogLevel.WARNING,
    "ERROR": LogLevel.ERROR,
    "CRITICAL": LogLevel.CRITICAL,
    "FATAL": LogLevel.CRITICAL,
}
_LEVEL_WORDS = "DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL"
# Celery: "[2024-05-01 12:00:00,123: INFO/MainProcess] celery@host ready."
_CELERY = re.compile(rf"^\[\d{{4}}-\d\d-\d\d[^\]]*?:\s*({_LEVEL_WORDS})(?:/|\])")
# Python logging's default format: "WARNING:celery.app:message".
_PY_DEFAULT = re.compile(rf"^({_LEVEL_WORDS}):")
# redis-server: "1234:M 01 Jan 2024 12:00:00.123 * Ready to accept connections".
_REDIS = re.compile(r"^\d+:[XCSM] \d{1,2} \w{3} \d{4} [\d:.]+ ([.\-*#]) ")
_REDIS_MARKS = {".": LogLevel.DEBUG, "-": LogLevel.DEBUG, "*": LogLevel.INFO, "#": LogLevel.WARNING}
# Any other line shouting a level word, e.g. "2024-01-01 ERROR something".
_SHOUTED = re.compile(rf"\b({_LEVEL_WORDS})\b")
_TRACEBACK_START = "Traceback (most recent call last):"
# A very long line without a newline (a progress bar) is cut here rather than grown forever.
MAX_PARTIAL_CHARS = 64 * 1024


def detect_level(text: str) -> LogLevel | None:
    """The level a single line states, or None when it states none."""
    for pattern in (_CELERY, _PY_DEFAULT):
        match = pattern.match(text)
        if match:
            return _NAMES[match.group(1)]
    match = _REDIS.match(text)
    if match:
        return _REDIS_MARKS[match.group(1)]
    if text.startswith(_TRACEBACK_START):
        return LogLevel.ERROR
    match = _SHOUTED.search(text)
    if match:
        return _NAMES[match.group(1)]
    return None


class _StreamState:
    """Per-stream parsing state: the unfinished line and whether a traceback is open."""

    __slots__ = ("in_traceback", "partial")

    def __init__(self) -> None:
        self.partial = ""
        self.in_traceback = False

    def level_of(self, text: str) -> LogLevel | None:
        if text.startswith(_TRACEBACK_START):
            self.in_traceback = True
            return LogLevel.ERROR
        if self.in_traceback:
            if text[:1] in (" ", "\t"):
                return LogLevel.ERROR  # "  File ..." frames and source lines
            self.in_traceback = False
            if text.strip():
                return LogLevel.ERROR  # the closing "ValueError: message" line
        return detect_level(text)


class LogBuffer:
    """The newest ``max_lines`` lines of a process, oldest first."""

    def __init__(self, max_lines: int = 10_000) -> None:
        if max_lines < 1:
            raise ValueError("max_lines must be ≥ 1")
        self.max_lines = max_lines
        self._lines: deque[LogLine] = deque(maxlen=max_lines)
        self._streams: dict[Stream, _StreamState] = {}
        self.total_lines = 0  # ever appended, including lines since dropped from the front

    def __len__(self) -> int:
        return len(self._lines)

    def lines(self) -> list[LogLine]:
        return list(self._lines)

    def line(self, index: int) -> LogLine:
        return self._lines[index]

    def clear(self) -> None:
        self._lines.clear()

    def append_text(self, chunk: str, stream: Stream) -> list[LogLine]:
        """Add a decoded chunk; returns the lines it completed (possibly none)."""
        state = self._streams.setdefault(stream, _StreamState())
        pieces = (state.partial + chunk).split("\n")
        state.partial = pieces.pop()
        if len(state.partial) > MAX_PARTIAL_CHARS:
            pieces.append(state.partial)
            state.partial = ""
        return self._add(state, stream, pieces)

    def flush_partial(self) -> list[LogLine]:
        """End every stream: an unfinished last line becomes a line (at process exit)."""
        added: list[LogLine] = []
        for stream, state in self._streams.items():
            if state.partial:
                added += self._add(state, stream, [state.partial])
            state.partial = ""
            state.in_traceback = False
        return added

    def append_note(self, text: str, level: LogLevel | None = None) -> LogLine:
        """A line from the supervisor itself (not the child's output)."""
        line = LogLine(datetime.now(), Stream.SUPERVISOR, redact_text(text), level)
        self._lines.append(line)
        self.total_lines += 1
        return line

    def _add(self, state: _StreamState, stream: Stream, texts: list[str]) -> list[LogLine]:
        now = datetime.now()
        added = []
        for text in texts:
            # A child may print a broker URL; its password never reaches the screen.
            clean = redact_text(text.removesuffix("\r"))
            added.append(LogLine(now, stream, clean, state.level_of(clean)))
        self._lines.extend(added)
        self.total_lines += len(added)
        return added

    def search(self, text: str, case_sensitive: bool = False) -> list[int]:
        """Indices (into ``lines()``) of the lines containing ``text``."""
        if not text:
            return []
        if case_sensitive:
            return [i for i, line in enumerate(self._lines) if text in line.text]
        needle = text.casefold()
        return [i for i, line in enumerate(self._lines) if needle in line.text.casefold()]
