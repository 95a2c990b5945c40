"""The live monitor's status for the status bar: source state, rate, losses, warnings."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication

from desktop.core.events import Hint, LossSummary, SourceState, SourceStatus
from desktop.ui.locale_format import format_count, format_decimal


def state_text(state: SourceState) -> str:
    """The event source's state in the UI language (``connected``, ``已连接``)."""
    translate = QCoreApplication.translate
    texts = {
        SourceState.CONNECTING: translate("MonitorStatus", "connecting"),
        SourceState.CONNECTED: translate("MonitorStatus", "connected"),
        SourceState.RECONNECTING: translate("MonitorStatus", "reconnecting"),
        SourceState.STOPPED: translate("MonitorStatus", "stopped"),
        SourceState.FAILED: translate("MonitorStatus", "failed"),
    }
    return texts.get(state, state.value)


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
    #: workers the monitor hears online (0 while it listens to no broker)
    workers_online: int = 0

    @property
    def lost(self) -> int:
        """Events known lost (dropped) plus those estimated lost in disconnects."""
        if self.loss is None:
            return 0
        return self.loss.dropped + self.loss.estimated_lost

    @property
    def text(self) -> str:
        """One line, e.g. ``Events: connected · 1,234/s · 0 lost``."""
        translate = QCoreApplication.translate
        source = self.source
        if source is None:
            return translate("MonitorStatus", "Events: not connected")
        state = state_text(source.state)
        parts = [translate("MonitorStatus", "Events: {0}").format(state)]
        if source.state is SourceState.RECONNECTING:
            if source.retry_in is not None:
                parts[0] = translate(
                    "MonitorStatus", "Events: {0} (attempt {1}, next in {2} s)"
                ).format(state, source.attempt, format_decimal(source.retry_in, 1))
        elif source.state is SourceState.CONNECTED:
            parts.append(translate("MonitorStatus", "{0}/s").format(self._rate()))
        gaps = self.loss.gaps if self.loss is not None else 0
        lost = format_count(self.lost)
        if gaps == 1:
            parts.append(translate("MonitorStatus", "{0} lost in %Ln gap", None, gaps).format(lost))
        elif gaps:
            parts.append(
                translate("MonitorStatus", "{0} lost in %Ln gaps", None, gaps).format(lost)
            )
        else:
            parts.append(translate("MonitorStatus", "{0} lost").format(lost))
        if self.pending > 1000:
            parts.append(
                translate("MonitorStatus", "{0} waiting").format(format_count(self.pending))
            )
        if self.paused:
            parts.append(translate("MonitorStatus", "paused"))
        count = len(self.hints)
        if count == 1:
            parts.append(translate("MonitorStatus", "%n warning", None, count))
        elif count:
            parts.append(translate("MonitorStatus", "%n warnings", None, count))
        return " · ".join(parts)

    def _rate(self) -> str:
        return format_count(round(self.events_per_s))

    @property
    def details(self) -> str:
        """A longer text for a tooltip: last error, last gap, hints."""
        translate = QCoreApplication.translate
        lines = [self.text]
        if self.source is not None and self.source.last_error:
            lines.append(
                translate("MonitorStatus", "Last error: {0}").format(self.source.last_error)
            )
        if self.loss is not None and self.loss.last_gap is not None:
            gap = self.loss.last_gap
            if gap.events is None:
                text = translate("MonitorStatus", "Last gap: {0} (events lost: unknown)")
                lines.append(text.format(gap.reason))
            else:
                text = translate("MonitorStatus", "Last gap: {0} (events lost: {1})")
                lines.append(text.format(gap.reason, format_count(gap.events)))
        lines.extend(hint.message for hint in self.hints)
        return "\n".join(lines)
