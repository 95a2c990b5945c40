"""The Dashboard: workers online, tasks per state, throughput, runtimes, events status.

Everything is read from the hub's store by a one-second timer (never per event): the
throughput rings, the per-state counters, the runtime samples (percentiles recomputed only
for task names that ran since the last refresh) and the loss tracker. The timer does nothing
while the page is hidden.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.events import LossSummary, SourceStatus
from desktop.core.events.percentiles import RuntimeTable
from desktop.ui.locale_format import format_count, format_decimal
from desktop.ui.monitor.charts import LineChart, Series
from desktop.ui.monitor.history_chart import BUCKETS, DAY, WEEK, HistoryChart
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.monitor.journal_service import JournalService
from desktop.ui.monitor.runtime_model import RAW_ROLE, RuntimeModel
from desktop.ui.monitor.status import state_text
from desktop.ui.monitor.timefmt import format_time

REFRESH_MS = 1000
#: The chart's spans, in seconds.
WINDOWS = (60, 300, 600)
SUCCEEDED_COLOUR = QColor("#2e8b3a")
FAILED_COLOUR = QColor("#d32f2f")
#: Display order of the states; custom states (PROGRESS...) go after STARTED.
STATE_ORDER = (
    "PENDING",
    "RECEIVED",
    "STARTED",
    "RETRY",
    "SUCCESS",
    "FAILURE",
    "REVOKED",
    "REJECTED",
)
STATE_COLOURS = {
    "PENDING": "#808080",
    "RECEIVED": "#5c6bc0",
    "STARTED": "#1e88e5",
    "RETRY": "#c77700",
    "SUCCESS": "#2e8b3a",
    "FAILURE": "#d32f2f",
    "REVOKED": "#8e24aa",
    "REJECTED": "#6d4c41",
}
CUSTOM_COLOUR = "#00897b"
_STATE_RANK = {state: 2 * i for i, state in enumerate(STATE_ORDER)}
_CUSTOM_RANK = _STATE_RANK["STARTED"] + 1


class StatCard(QFrame):
    """A titled figure with a line of detail under it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(title)
        self.title.setStyleSheet("color: palette(placeholder-text);")
        self.value = QLabel("–")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.value.setFont(font)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)


def state_chips(counts: dict[str, int]) -> str:
    """Rich text: a coloured dot, the state and its count, for every state held."""
    states = sorted(counts, key=lambda s: (_STATE_RANK.get(s, _CUSTOM_RANK), s))
    chips = [
        f"<span style='color:{STATE_COLOURS.get(s, CUSTOM_COLOUR)}'>●</span>"
        f"&nbsp;{html.escape(s)}&nbsp;<b>{format_count(counts[s])}</b>"
        for s in states
    ]
    if not chips:
        return html.escape(QCoreApplication.translate("DashboardPage", "no tasks yet"))
    return "&nbsp;&nbsp; ".join(chips)


def _titled(title: str, body: QWidget, framed: bool) -> QWidget:
    box = QFrame()
    if framed:
        box.setFrameShape(QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(box)
    if not framed:
        layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(QLabel(f"<b>{html.escape(title)}</b>"))
    layout.addWidget(body, stretch=1)
    return box


class DashboardPage(QWidget):
    """Live figures from a :class:`MonitorHub`'s store (see the module docstring)."""

    def __init__(
        self,
        hub: MonitorHub,
        *,
        clock: Callable[[], float] = time.time,
        journal: JournalService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._hub = hub
        self._clock = clock
        self._runtimes = RuntimeTable()
        self._last_count: int | None = None
        self._last_at = 0.0
        self.events_per_s = 0.0
        self.workers_card = StatCard(self.tr("Workers online"))
        self.tasks_card = StatCard(self.tr("Tasks per state"))
        self.throughput_card = StatCard(self.tr("Throughput (last 10 s)"))
        self.events_card = StatCard(self.tr("Events"))
        self.chart = LineChart(self.tr("Tasks finished per second"), self.tr("/s"))
        self.span = QComboBox()
        for seconds in WINDOWS:
            self.span.addItem(self.tr("Last %n min", "", seconds // 60), seconds)
        #: The 24 hour and 7 day spans, read from the journal (None without one).
        self.history_chart: HistoryChart | None = None
        if journal is not None:
            self.span.addItem(self.tr("Last 24 hours (journal)"), DAY)
            self.span.addItem(self.tr("Last 7 days (journal)"), WEEK)
            self.history_chart = HistoryChart(self.chart, journal, self._chart_series, clock, self)
        self.span.setCurrentIndex(1)
        self.span.currentIndexChanged.connect(self._on_span_current_index_changed)
        self.runtime_model = RuntimeModel(self)
        self.runtime_proxy = QSortFilterProxyModel(self)
        self.runtime_proxy.setSourceModel(self.runtime_model)
        self.runtime_proxy.setSortRole(RAW_ROLE)
        self.runtime_view = self._make_runtime_view()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._lay_out()
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()
        hub.store_reset.connect(self._on_hub_store_reset)
        self.refresh()

    def _lay_out(self) -> None:
        cards = QHBoxLayout()
        cards.addWidget(self.workers_card, 1)
        cards.addWidget(self.tasks_card, 3)
        cards.addWidget(self.throughput_card, 1)
        cards.addWidget(self.events_card, 1)
        chart_bar = QHBoxLayout()
        chart_bar.addStretch(1)
        chart_bar.addWidget(self.span)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        runtimes = _titled(self.tr("Runtime per task name"), self.runtime_view, framed=False)
        bottom.addWidget(runtimes)
        # the hints can be long: they scroll rather than being cut off
        status_scroll = QScrollArea()
        status_scroll.setWidgetResizable(True)
        status_scroll.setFrameShape(QFrame.Shape.NoFrame)
        status_scroll.setWidget(self.status)
        bottom.addWidget(_titled(self.tr("Events status"), status_scroll, framed=True))
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 2)
        bottom.setSizes([600, 400])  # 3:2 from the start, not by the panels' size hints
        layout = QVBoxLayout(self)
        layout.addLayout(cards)
        layout.addLayout(chart_bar)
        layout.addWidget(self.chart, stretch=3)
        layout.addWidget(bottom, stretch=2)

    def _make_runtime_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.runtime_proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(22)
        header = view.horizontalHeader()
        header.setMinimumSectionSize(60)
        for column in range(1, self.runtime_model.columnCount()):
            header.resizeSection(column, 90)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        return view

    @property
    def window_seconds(self) -> int:
        return int(self.span.currentData())

    def refresh(self) -> None:
        """Read the store once and update every figure (the timer calls this each second)."""
        store = self._hub.store
        now = self._clock()
        self._update_rate(store.event_count)
        workers = store.workers
        online = workers.online_count()
        offline = len(workers) - online
        if offline:
            detail = self.tr("%Ln offline", "", offline)
        elif online:
            detail = self.tr("all online")
        else:
            detail = self.tr("none seen yet: start one under Processes")
        self.workers_card.set(format_count(online), html.escape(detail))
        counts = store.state_counts()
        self.tasks_card.set(format_count(sum(counts.values())), state_chips(counts))
        # the current second is still filling: show complete seconds only
        journal_span = self.window_seconds in BUCKETS
        window = 10 if journal_span else self.window_seconds
        rows = store.throughput.series(now - 1, window, store.counting_since())
        succeeded = [float(ok) for _, ok, _ in rows]
        failed = [float(bad) for _, _, bad in rows]
        if self.history_chart is not None:
            self.history_chart.show_span(self.window_seconds if journal_span else None)
            self.history_chart.tick()
        if not journal_span:
            self.chart.set_title(self.tr("Tasks finished per second"), self.tr("/s"))
            xs = [float(second) for second, _, _ in rows]
            self.chart.set_data(xs, self._chart_series(succeeded, failed))
        recent_ok, recent_bad = sum(succeeded[-10:]) / 10, sum(failed[-10:]) / 10
        self.throughput_card.set(
            self.tr("{0}/s").format(format_decimal(recent_ok, 1)),
            html.escape(self.tr("succeeded · {0}/s failed").format(format_decimal(recent_bad, 1))),
        )
        self.runtime_model.set_rows(self._runtimes.rows(store.runtimes))
        self._update_events(now)

    def _chart_series(self, succeeded: list[float], failed: list[float]) -> list[Series]:
        return [
            Series(self.tr("Succeeded"), SUCCEEDED_COLOUR, succeeded),
            Series(self.tr("Failed"), FAILED_COLOUR, failed),
        ]

    def _update_rate(self, count: int) -> None:
        at = time.monotonic()
        if self._last_count is not None and count >= self._last_count and at > self._last_at:
            self.events_per_s = (count - self._last_count) / (at - self._last_at)
        self._last_count, self._last_at = count, at

    def _update_events(self, now: float) -> None:
        store = self._hub.store
        loss = store.loss_summary()
        lost = loss.dropped + loss.estimated_lost
        status = self._hub.status
        source = status.source
        rate, received = format_count(round(self.events_per_s)), format_count(store.event_count)
        self.events_card.set(
            self.tr("{0}/s").format(rate),
            html.escape(self.tr("{0} received · {1} lost").format(received, format_count(lost))),
        )
        rate_line = self.tr("Rate: {0} events/s · {1} received").format(rate, received)
        lines = [self._stream_line(source), html.escape(rate_line)]
        lines.append(self._loss_line(loss))
        if loss.last_gap is not None:
            gap = loss.last_gap
            text = self.tr("Last gap at {0}: {1}").format(format_time(gap.start), gap.reason)
            lines.append(html.escape(text))
        if store.malformed:
            text = self.tr("Malformed events ignored: {0}").format(format_count(store.malformed))
            lines.append(html.escape(text))
        if source is not None and source.last_error:
            lines.append(html.escape(self.tr("Last error: {0}").format(source.last_error)))
        hints = status.hints if self._hub.running else store.hints(enabler_on=False)
        for hint in hints:
            lines.append(f"<span style='color:#c77700'>⚠ {html.escape(hint.message)}</span>")
        if not hints:
            no_warnings = html.escape(self.tr("No warnings."))
            lines.append(f"<span style='color:#2e8b3a'>{no_warnings}</span>")
        self.status.setText("<br>".join(lines))

    def _loss_line(self, loss: LossSummary) -> str:
        """``Lost: <b>3</b> (0 dropped, about 3 missed while disconnected) in 1 gap``."""
        lost = f"<b>{format_count(loss.dropped + loss.estimated_lost)}</b>"
        if not loss.gaps:
            return html.escape(self.tr("Lost: {0} (no gap in the stream)")).format(lost)
        if loss.gaps == 1:
            text = self.tr(
                "Lost: {0} ({1} dropped, about {2} missed while disconnected) in %Ln gap",
                "",
                loss.gaps,
            )
        else:
            text = self.tr(
                "Lost: {0} ({1} dropped, about {2} missed while disconnected) in %Ln gaps",
                "",
                loss.gaps,
            )
        dropped, missed = format_count(loss.dropped), format_count(loss.estimated_lost)
        return html.escape(text).format(lost, dropped, missed)

    def _stream_line(self, source: SourceStatus | None) -> str:
        """``Stream: <b>connected</b> via redis``, as rich text."""
        if source is None:
            not_listening = self.tr("not listening")
            state = f"<b>{html.escape(not_listening)}</b>"
            return html.escape(self.tr("Stream: {0}")).format(state)
        state = f"<b>{html.escape(state_text(source.state))}</b>"
        text = html.escape(self.tr("Stream: {0} via {1}"))
        return text.format(state, html.escape(source.transport))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self.isVisible():
            self.refresh()

    @Slot()
    def _on_hub_store_reset(self) -> None:
        self._last_count = None
        self.runtime_model.set_rows([])
        self.refresh()

    @Slot(int)
    def _on_span_current_index_changed(self, _index: int) -> None:
        self.refresh()
