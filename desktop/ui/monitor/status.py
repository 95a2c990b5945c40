"""The live monitor's status for the status bar: source state, rate, losses, warnings."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.events import Hint, LossSummary, SourceState, SourceStatus


@dataclass(frozen=True, slots=True)
class MonitorStatus:
    """What the status bar shows about the live monitor."""

    source: SourceStatus | None
    events_per_s: float = 0.0
    loss: LossSummary | None = None
    hints: list[Hint] = field(default_factory=list)
    paused: bool = False
    tasks: int = 0
    pending: int = 0

    @property
    def lost(self) -> int:
        """Events known lost (dropped) plus those estimated lost in disconnects."""
        if self.loss is None:
            return 0
        return self.loss.dropped + self.loss.estimated_lost

    @property
    def text(self) -> str:
        """One line, e.g. ``Events: connected · 1,234/s · 0 lost``."""
        source = self.source
        if source is None:
            return "Events: not connected"
        parts = [f"Events: {source.state.value}"]
        if source.state is SourceState.RECONNECTING:
            if source.retry_in is not None:
                parts[0] += f" (attempt {source.attempt}, next in {source.retry_in:.1f} s)"
        elif source.state is SourceState.CONNECTED:
            parts.append(f"{self.events_per_s:,.0f}/s")
        gaps = self.loss.gaps if self.loss is not None else 0
        lost = f"{self.lost:,} lost"
        if gaps:
            lost += f" in {gaps:,} gap{'s' if gaps != 1 else ''}"
        parts.append(lost)
        if self.pending > 1000:
            parts.append(f"{self.pending:,} waiting")
        if self.paused:
            parts.append("paused")
        if self.hints:
            parts.append(f"{len(self.hints)} warning{'s' if len(self.hints) != 1 else ''}")
        return " · ".join(parts)

    @property
    def details(self) -> str:
        """A longer text for a tooltip: last error, last gap, hints."""
        lines = [self.text]
        if self.source is not None and self.source.last_error:
            lines.append(f"Last error: {self.source.last_error}")
        if self.loss is not None and self.loss.last_gap is not None:
            gap = self.loss.last_gap
            count = "unknown" if gap.events is None else f"{gap.events:,}"
            lines.append(f"Last gap: {gap.reason} (events lost: {count})")
        lines.extend(hint.message for hint in self.hints)
        return "\n".join(lines)
