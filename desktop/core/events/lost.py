"""Telling when events were lost, and estimating how many.

Redis pub/sub keeps nothing for a subscriber that is gone: a broker restart, a network cut or
Redis disconnecting a slow reader (``client-output-buffer-limit pubsub``) all lose events
without a word. The receiver thread knows when its connection dropped and came back; it puts
marker events (``desk-*``) into the same hand-off as the Celery events, so the store sees each
gap exactly where it happened in the stream.

The count of events lost in a gap is an **estimate**: every event a worker sends advances its
Lamport ``clock`` by one, so the jump between a worker's last clock before a gap and its
first after it approximates what that worker sent meanwhile. Clocks also jump when a worker
syncs with others (gossip, mingle), so jumps seen while connected are reported separately as
``clock_jumps`` (an upper bound, not a loss). Heartbeats that stop for longer than
``freq * 2`` while connected are recorded as ``heartbeat`` gaps: a stalled worker or a broken
path between that worker and the broker.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from desktop.core.i18n import translate

CONNECTION_LOST = "desk-connection-lost"
CONNECTION_RESTORED = "desk-connection-restored"
EVENTS_DROPPED = "desk-events-dropped"

DISCONNECT = "disconnect"
HEARTBEAT = "heartbeat"
DROPPED = "dropped"


@dataclass(slots=True)
class Gap:
    """A window in which events were or may have been lost (local epoch seconds)."""

    kind: str
    start: float
    end: float | None
    reason: str
    hostname: str | None = None
    #: exact for ``dropped``, estimated from worker clocks for ``disconnect``, heartbeats
    #: missed for ``heartbeat``; None when nothing could be estimated (yet)
    events: int | None = None

    @property
    def estimated(self) -> bool:
        return self.kind != DROPPED


@dataclass(frozen=True, slots=True)
class LossSummary:
    """What the status bar says about lost events."""

    gaps: int
    estimated_lost: int
    dropped: int
    clock_jumps: int
    last_gap: Gap | None

    def describe(self) -> str:
        """One line for the status bar; empty when nothing was lost."""
        if not self.gaps:
            return ""
        # English needs the singular spelled out: no English catalog picks plural forms
        gaps, lost, dropped = self.gaps, self.estimated_lost, self.dropped
        parts = [
            translate("EventLoss", "%n gap in the event stream", None, gaps)
            if gaps == 1
            else translate("EventLoss", "%n gaps in the event stream", None, gaps)
        ]
        if lost:
            parts.append(
                translate("EventLoss", "about %n event lost (estimated)", None, lost)
                if lost == 1
                else translate("EventLoss", "about %n events lost (estimated)", None, lost)
            )
        if dropped:
            parts.append(
                translate("EventLoss", "%n event dropped (display too slow)", None, dropped)
                if dropped == 1
                else translate("EventLoss", "%n events dropped (display too slow)", None, dropped)
            )
        return translate("EventLoss", ", ").join(parts)


def marker(kind: str, t: float, **fields: Any) -> dict[str, Any]:
    """A ``desk-*`` marker event for the hand-off queue."""
    return {"type": kind, "timestamp": t, "local_received": t, **fields}


class LossTracker:
    """Follows markers, worker clocks and heartbeats; one writer (the store's thread)."""

    def __init__(self, heartbeat_margin: float = 3.0, keep_gaps: int = 200) -> None:
        self.heartbeat_margin = heartbeat_margin
        self.gaps: deque[Gap] = deque(maxlen=keep_gaps)
        self.gap_count = 0
        self.dropped = 0
        self.clock_jumps = 0
        self.estimated_lost = 0
        self._clocks: dict[str, int] = {}
        self._heartbeats: dict[str, float] = {}
        self._open: Gap | None = None
        self._pending: dict[str, Gap] = {}
        self._restored_at = float("-inf")

    def _add(self, gap: Gap) -> Gap:
        self.gaps.append(gap)
        self.gap_count += 1
        return gap

    def marker_event(self, event: dict[str, Any], now: float) -> None:
        kind = event.get("type")
        if kind == CONNECTION_LOST:
            if self._open is None:
                reason = str(event.get("reason") or translate("EventLoss", "connection lost"))
                self._open = self._add(Gap(DISCONNECT, now, None, reason))
        elif kind == CONNECTION_RESTORED and self._open is not None:
            gap, self._open = self._open, None
            gap.end = now
            self._restored_at = now
            # the first clock of each known worker after the gap tells what it sent meanwhile
            self._pending = dict.fromkeys(self._clocks, gap)
        elif kind == EVENTS_DROPPED:
            count = event.get("count")
            count = count if isinstance(count, int) else 0
            self.dropped += count
            start = event.get("start")
            start = start if isinstance(start, float | int) else now
            reason = translate("EventLoss", "hand-off queue full")
            self._add(Gap(DROPPED, float(start), now, reason, events=count))

    def observe(self, hostname: str, clock: object, now: float) -> None:
        """Track the Lamport clock of an event sent by a worker (not by a client)."""
        if not isinstance(clock, int) or isinstance(clock, bool):
            return
        previous = self._clocks.get(hostname)
        self._clocks[hostname] = clock
        gap = self._pending.pop(hostname, None) if self._pending else None
        if previous is None or clock <= previous + 1:
            return  # first sight, in order, or a restarted worker whose clock began again
        jump = clock - previous - 1
        if gap is not None:
            gap.events = (gap.events or 0) + jump
            self.estimated_lost += jump
        else:
            self.clock_jumps += jump

    def heartbeat(self, hostname: str, freq: float, now: float) -> None:
        previous = self._heartbeats.get(hostname)
        self._heartbeats[hostname] = now
        if previous is None or previous < self._restored_at or self._open is not None:
            return  # silence across a disconnect is that gap's, not the worker's
        silence = now - previous
        if freq > 0 and silence > freq * 2 + self.heartbeat_margin:
            missed = max(1, round(silence / freq) - 1)
            reason = translate("EventLoss", "no heartbeat from {0} for {1} s").format(
                hostname, round(silence)
            )
            self._add(Gap(HEARTBEAT, previous, now, reason, hostname, missed))

    def forget(self, hostname: str) -> None:
        self._clocks.pop(hostname, None)
        self._heartbeats.pop(hostname, None)
        self._pending.pop(hostname, None)

    def summary(self) -> LossSummary:
        return LossSummary(
            gaps=self.gap_count,
            estimated_lost=self.estimated_lost,
            dropped=self.dropped,
            clock_jumps=self.clock_jumps,
            last_gap=self.gaps[-1] if self.gaps else None,
        )
