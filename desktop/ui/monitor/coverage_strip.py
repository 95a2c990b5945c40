"""How well the journal knows a span of time: a strip of coloured periods and a legend.

Each period the journal reports (:meth:`JournalReader.coverage`) is drawn in its kind's
colour across the span: heard live, caught up from the recorder, backfilled from the result
backend (partial, drawn hatched), and gaps nobody heard (hatched grey). The legend beside it
gives each kind's total and, for gaps, when they were; hovering the strip or the legend says
what the journal lacks for that period (:func:`describe_lacks`). The backfill note
(:meth:`CoverageStrip.set_backfill_note`) says where backfill reads the result backend, or
why it cannot ("backfill unavailable: the result backend is django-db"): on the tooltips of
gaps and backfilled periods, and in the legend beside the gaps.
"""

from __future__ import annotations

import html
import time
from typing import Final

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolTip, QVBoxLayout, QWidget

from desktop.core.history import CoverageKind, CoveragePeriod
from desktop.core.history.coverage import describe_kind, describe_lacks
from desktop.ui.monitor import timefmt

KIND_COLOURS: Final = {
    CoverageKind.LIVE: QColor("#2e8b3a"),
    CoverageKind.RECORDER: QColor("#1f6fd1"),
    CoverageKind.BACKFILL: QColor("#c77700"),
    CoverageKind.GAP: QColor("#9e9e9e"),
}
#: Kinds drawn hatched: what the journal knows only in part, or not at all.
HATCHED: Final = frozenset({CoverageKind.BACKFILL, CoverageKind.GAP})
#: Gaps shorter than this are left out of the legend's list of times (not of the strip).
GAP_LISTED_S: Final = 60.0
MAX_GAPS_LISTED: Final = 3


def clock(ts: float) -> str:
    """``22:10`` today, ``05-01 22:10`` another day, in the display zone."""
    moment = timefmt.formatter().to_datetime(ts)
    today = timefmt.formatter().to_datetime(time.time()).date()
    return f"{moment:%H:%M}" if moment.date() == today else f"{moment:%m-%d %H:%M}"


#: The kinds the backfill note belongs to: what the result backend filled in, or could have.
NOTED: Final = frozenset({CoverageKind.BACKFILL, CoverageKind.GAP})


def period_tooltip(period: CoveragePeriod, note: str = "") -> str:
    """Rich text: the period's kind, when, how long, and what the journal lacks for it (with
    the backfill ``note`` for a gap or a backfilled period)."""
    span = f"{clock(period.start)} – {clock(period.end)}"
    length = timefmt.format_duration(period.end - period.start)
    text = (
        f"<b>{html.escape(describe_kind(period.kind))}</b><br>{html.escape(span)} ({length})"
        f"<br>{html.escape(describe_lacks(period.kind))}"
    )
    if note and period.kind in NOTED:
        text += f"<br><i>{html.escape(note)}</i>"
    return text


class CoverageBar(QWidget):
    """The strip itself: one rectangle per period, oldest on the left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._periods: list[CoveragePeriod] = []
        self._since = self._until = 0.0
        self.note = ""
        self.setMouseTracking(True)
        self.setMinimumWidth(160)

    def set_periods(self, periods: list[CoveragePeriod], since: float, until: float) -> None:
        self._periods, self._since, self._until = periods, since, until
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, self.fontMetrics().height() + 4)

    def period_at(self, x: float) -> CoveragePeriod | None:
        span = self._until - self._since
        if span <= 0 or self.width() <= 0:
            return None
        moment = self._since + span * x / self.width()
        return next((p for p in self._periods if p.start <= moment <= p.end), None)

    def _rect(self, period: CoveragePeriod) -> QRectF:
        span = max(self._until - self._since, 1e-9)
        left = (period.start - self._since) / span * self.width()
        right = (period.end - self._since) / span * self.width()
        return QRectF(left, 1, max(1.0, right - left), self.height() - 2)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        for period in self._periods:
            colour = KIND_COLOURS[period.kind]
            rect = self._rect(period)
            if period.kind in HATCHED:
                painter.fillRect(rect, colour.lighter(170))
                painter.fillRect(rect, QBrush(colour, Qt.BrushStyle.BDiagPattern))
            else:
                painter.fillRect(rect, colour)
        painter.setPen(QPen(self.palette().mid().color()))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        period = self.period_at(event.position().x())
        if period is not None:
            tip = period_tooltip(period, self.note)
            QToolTip.showText(event.globalPosition().toPoint(), tip, self)
        else:
            QToolTip.hideText()


class CoverageStrip(QWidget):
    """A title and the bar in one row, the legend under them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.bar = CoverageBar()
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)  # never wider than the page
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.title)
        row.addWidget(self.bar, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.legend)
        self._periods: list[CoveragePeriod] = []

    @property
    def periods(self) -> list[CoveragePeriod]:
        return self._periods

    def set_periods(
        self, periods: list[CoveragePeriod], since: float, until: float, title: str
    ) -> None:
        self._periods = periods
        self.title.setText(title)
        self.bar.set_periods(periods, since, until)
        self._show_legend()

    def set_backfill_note(self, note: str) -> None:
        """Where backfill reads, or why it cannot (empty: nothing to say)."""
        self.bar.note = note
        self._show_legend()

    @property
    def backfill_note(self) -> str:
        return self.bar.note

    def _show_legend(self) -> None:
        self.legend.setText(self.legend_html())
        note = self.bar.note
        tips = [period_tooltip(p, note) for p in self._periods if p.kind is not CoverageKind.LIVE]
        self.legend.setToolTip("<br><br>".join(tips[:6]))

    def legend_html(self) -> str:
        """Each kind present with its total time; gaps with when they were."""
        totals: dict[CoverageKind, float] = {}
        for period in self._periods:
            totals[period.kind] = totals.get(period.kind, 0.0) + period.end - period.start
        chips = []
        for kind in CoverageKind:
            if kind not in totals:
                continue
            mark = "▨" if kind in HATCHED else "■"
            text = f"{describe_kind(kind)} {timefmt.format_duration(totals[kind])}"
            if kind is CoverageKind.GAP:
                gaps = [
                    p for p in self._periods if p.kind is kind and p.end - p.start >= GAP_LISTED_S
                ]
                when = self.tr(", ").join(
                    f"{clock(p.start)}–{clock(p.end)}" for p in gaps[-MAX_GAPS_LISTED:]
                )
                text += f" ({when})" if when else ""
            chips.append(
                f'<span style="color:{KIND_COLOURS[kind].name()}">{mark}</span>&nbsp;'
                f"{html.escape(text)}"
            )
        note = self.bar.note
        if note and CoverageKind.GAP in totals:
            chips.append(f"<i>{html.escape(note)}</i>")  # whether a gap could be filled in
        return " &nbsp; ".join(chips)

    def tooltip_at(self, x: int) -> str:
        """What hovering the bar at ``x`` shows (tests)."""
        period = self.bar.period_at(x)
        return period_tooltip(period, self.bar.note) if period is not None else ""
