"""The entries of a running schedule, ordered by when they are next due.

A heap of (epoch seconds, sequence, name) with lazy deletion: pushing an entry again gives it
a new sequence number, and heads whose number is stale (or whose entry is gone or disabled)
are dropped when they surface. Peeking is O(1) while nothing is due, which is what an idle
tick costs with thousands of entries.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping

from celery_desk_beat.schedule_merge import FileEntry


class DueQueue:
    """Entries by next due time; ``entries`` (by name) is consulted to drop stale heads."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, str]] = []
        self._seq = 0

    def push(self, entry: FileEntry, retry_at: float | None = None) -> None:
        """Queue ``entry`` at its next due time, or try its current due time at ``retry_at``."""
        if entry.next_due is None or not entry.enabled:
            return
        self._seq += 1
        entry.heap_seq = self._seq
        at = entry.next_due.timestamp() if retry_at is None else retry_at
        heapq.heappush(self._heap, (at, self._seq, entry.name))

    def rebuild(self, entries: Mapping[str, FileEntry]) -> None:
        self._heap = []
        for entry in entries.values():
            self.push(entry)

    def peek(self, entries: Mapping[str, FileEntry]) -> tuple[float, FileEntry] | None:
        """The earliest live entry and the epoch time it is queued for, left in place."""
        while self._heap:
            at, seq, name = self._heap[0]
            entry = entries.get(name)
            if entry is not None and entry.heap_seq == seq and entry.enabled:
                return at, entry
            heapq.heappop(self._heap)
        return None

    def pop(self) -> None:
        """Remove the head :meth:`peek` returned."""
        heapq.heappop(self._heap)
