"""A small QPainter line chart: axes, grid, legend and the values under the mouse.

PySide6-Essentials has no QtCharts. :class:`LineChart` draws a few series sharing one x axis
of epoch seconds (labelled relative to the newest point, ``-5 min`` ... ``now``) and a y axis
from zero with round ticks. Hovering shows a guide line and every series' value at the
nearest point, with the point's time in the display zone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.ui.locale_format import format_count, format_decimal
from desktop.ui.monitor.timefmt import format_datetime

_TIME_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600,
               43200, 86400)  # fmt: skip


@dataclass(slots=True)
class Series:
    """One line: a name for the legend, a colour, one value per x."""

    name: str
    color: QColor
    values: list[float] = field(default_factory=list)


def nice_ticks(maximum: float, target: int = 4) -> list[float]:
    """Round ticks from 0 up to at least ``maximum`` (``[0, 1]`` for an empty chart)."""
    if not math.isfinite(maximum) or maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / target
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    count = math.ceil(maximum / step - 1e-9)
    return [i * step for i in range(count + 1)]


def time_step(span: float, max_ticks: int = 6) -> int:
    """Seconds between x ticks so that a ``span`` gets at most ``max_ticks`` of them."""
    for step in _TIME_STEPS:
        if span / step <= max_ticks:
            return step
    return _TIME_STEPS[-1]


def relative_label(seconds_before: float) -> str:
    """``now``, ``-30 s``, ``-5 min``, ``-2 h`` (in the UI language)."""
    translate = QCoreApplication.translate
    s = round(seconds_before)
    if s <= 0:
        return translate("LineChart", "now")
    if s < 60:
        return translate("LineChart", "-{0} s").format(s)
    if s < 3600:
        return translate("LineChart", "-{0} min").format(f"{s / 60:g}")
    if s < 86400 or s % 86400:
        return translate("LineChart", "-{0} h").format(f"{s / 3600:g}")
    return translate("LineChart", "-{0} d").format(f"{s / 86400:g}")


def format_value(value: float) -> str:
    """A value on the axis or under the mouse, as the locale writes numbers."""
    if value == int(value):
        return format_count(int(value))
    return format_decimal(value, 2 if abs(value) < 10 else 1)


class LineChart(QWidget):
    """Lines over time. Feed it with :meth:`set_data`; it repaints by itself."""

    def __init__(self, title: str = "", unit: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._unit = unit
        self._xs: list[float] = []
        self._series: list[Series] = []
        self._hover: int | None = None
        self._x_format: Callable[[float], str] = format_datetime
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(140)

    # -- data -----------------------------------------------------------------------------

    def set_data(self, xs: Sequence[float], series: Sequence[Series]) -> None:
        """Replace the x values and the series (each series as long as ``xs``)."""
        for line in series:
            if len(line.values) != len(xs):
                raise ValueError(
                    f"series {line.name!r} has {len(line.values)} values, not {len(xs)}"
                )
        self._xs = list(xs)
        self._series = list(series)
        if self._hover is not None and self._hover >= len(self._xs):
            self._hover = None
        self.update()

    def x_values(self) -> list[float]:
        return list(self._xs)

    def series(self) -> list[Series]:
        return list(self._series)

    def set_title(self, title: str, unit: str) -> None:
        """A new title and unit (the chart shows another measure)."""
        self._title, self._unit = title, unit
        self.update()

    @property
    def title(self) -> str:
        return self._title

    def set_x_formatter(self, fmt: Callable[[float], str]) -> None:
        self._x_format = fmt

    @property
    def hover_index(self) -> int | None:
        return self._hover

    def hover_text(self) -> str:
        """The text of the hover box ('' when the mouse is not over a point)."""
        i = self._hover
        if i is None or i >= len(self._xs):
            return ""
        lines = [self._x_format(self._xs[i])]
        lines += [f"{s.name}: {format_value(s.values[i])}{self._unit}" for s in self._series]
        return "\n".join(lines)

    def sizeHint(self) -> QSize:
        return QSize(520, 220)

    # -- geometry -------------------------------------------------------------------------

    def _ticks(self) -> list[float]:
        top = max((max(s.values) for s in self._series if s.values), default=0.0)
        return nice_ticks(top)

    def _plot_rect(self, metrics: QFontMetrics, ticks: Sequence[float]) -> QRectF:
        label_w = max(metrics.horizontalAdvance(format_value(t)) for t in ticks)
        line = metrics.height()
        top = line * (2 if self._title else 1) + 8
        return QRectF(
            label_w + 10, top, self.width() - label_w - 22, self.height() - top - line - 10
        )

    def _x_pos(self, plot: QRectF, index: int) -> float:
        if len(self._xs) < 2:
            return plot.right()
        first, last = self._xs[0], self._xs[-1]
        span = (last - first) or 1.0
        return plot.left() + (self._xs[index] - first) / span * plot.width()

    def index_at(self, x: float) -> int | None:
        """The index of the point nearest to the widget x coordinate ``x``."""
        if not self._xs:
            return None
        plot = self._plot_rect(QFontMetrics(self.font()), self._ticks())
        if len(self._xs) == 1:
            return 0
        first, last = self._xs[0], self._xs[-1]
        fraction = min(1.0, max(0.0, (x - plot.left()) / max(plot.width(), 1.0)))
        target = first + fraction * (last - first)
        step = (last - first) / (len(self._xs) - 1)
        return min(len(self._xs) - 1, max(0, round((target - first) / step)))

    # -- events ---------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.index_at(event.position().x())
        if index != self._hover:
            self._hover = index
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: object) -> None:
        if self._hover is not None:
            self._hover = None
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = QFontMetrics(self.font())
        ticks = self._ticks()
        plot = self._plot_rect(metrics, ticks)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        muted = QColor(text)
        muted.setAlpha(150)
        self._paint_header(painter, metrics, text)
        self._paint_axes(painter, metrics, plot, ticks, muted)
        if not self._xs or not self._series:
            painter.setPen(muted)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.tr("No data yet"))
            painter.end()
            return
        self._paint_lines(painter, plot, ticks[-1])
        self._paint_hover(painter, metrics, plot, ticks[-1], text)
        painter.end()

    # -- painting -------------------------------------------------------------------------

    def _paint_header(self, painter: QPainter, metrics: QFontMetrics, text: QColor) -> None:
        line = metrics.height()
        x = float(self.width() - 10)
        for s in reversed(self._series):
            label = s.name
            width = metrics.horizontalAdvance(label)
            x -= width
            painter.setPen(text)
            painter.drawText(QPointF(x, line), label)
            x -= 22
            painter.setPen(QPen(s.color, 3))
            painter.drawLine(
                QPointF(x, line - metrics.ascent() / 3),
                QPointF(x + 16, line - metrics.ascent() / 3),
            )
            x -= 14
        if self._title:
            font = painter.font()
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(text)
            painter.drawText(QPointF(8, line), self._title)
            font.setBold(False)
            painter.setFont(font)

    def _paint_axes(
        self,
        painter: QPainter,
        metrics: QFontMetrics,
        plot: QRectF,
        ticks: Sequence[float],
        muted: QColor,
    ) -> None:
        grid = QColor(muted)
        grid.setAlpha(40)
        top = ticks[-1]
        for tick in ticks:
            y = plot.bottom() - tick / top * plot.height()
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            label = format_value(tick)
            painter.setPen(muted)
            w = metrics.horizontalAdvance(label)
            painter.drawText(QPointF(plot.left() - w - 6, y + metrics.ascent() / 2 - 1), label)
        painter.setPen(QPen(muted, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        if len(self._xs) < 2:
            return
        last = self._xs[-1]
        span = last - self._xs[0]
        step = time_step(span)
        baseline = plot.bottom() + metrics.ascent() + 4
        offset = 0
        while offset <= span + 1e-9:
            x = plot.right() - offset / span * plot.width()
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            label = relative_label(offset)
            w = metrics.horizontalAdvance(label)
            left = min(max(x - w / 2, plot.left()), plot.right() - w)
            painter.setPen(muted)
            painter.drawText(QPointF(left, baseline), label)
            offset += step

    def _paint_lines(self, painter: QPainter, plot: QRectF, top: float) -> None:
        for s in self._series:
            path = QPainterPath()
            for i, value in enumerate(s.values):
                point = QPointF(self._x_pos(plot, i), plot.bottom() - value / top * plot.height())
                if i == 0:
                    path.moveTo(point)
                else:
                    path.lineTo(point)
            painter.setPen(QPen(s.color, 1.6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)

    def _paint_hover(
        self, painter: QPainter, metrics: QFontMetrics, plot: QRectF, top: float, text: QColor
    ) -> None:
        i = self._hover
        if i is None or i >= len(self._xs):
            return
        x = self._x_pos(plot, i)
        guide = QColor(text)
        guide.setAlpha(90)
        painter.setPen(QPen(guide, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        for s in self._series:
            y = plot.bottom() - s.values[i] / top * plot.height()
            painter.setPen(QPen(s.color, 2))
            painter.setBrush(s.color)
            painter.drawEllipse(QPointF(x, y), 3, 3)
        lines = self.hover_text().split("\n")
        width = max(metrics.horizontalAdvance(line) for line in lines) + 12
        height = metrics.height() * len(lines) + 8
        left = x + 10 if x + 10 + width < plot.right() else x - 10 - width
        box = QRectF(left, plot.top() + 4, width, height)
        background = self.palette().color(QPalette.ColorRole.ToolTipBase)
        painter.setPen(QPen(guide, 1))
        painter.setBrush(background)
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(self.palette().color(QPalette.ColorRole.ToolTipText))
        for n, line in enumerate(lines):
            painter.drawText(
                QPointF(box.left() + 6, box.top() + 4 + metrics.ascent() + n * metrics.height()),
                line,
            )
