"""The Dashboard's long spans: tasks finished over the last 24 hours or 7 days, from the journal.

The live chart counts seconds in memory; these spans read the journal's per-minute counts
(:meth:`JournalReader.minute_counts`, one index range) off the GUI thread and add them up in
buckets (15 minutes over a day, 2 hours over a week) so that the line stays readable. They
are asked again every ``REFRESH_S`` while shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QCoreApplication, QObject

from desktop.core.history import JournalReader, MinuteCount
from desktop.ui.monitor.charts import LineChart, Series
from desktop.ui.monitor.journal_service import JournalService

DAY: Final = 86_400
WEEK: Final = 7 * DAY
#: Bucket seconds per span the journal serves.
BUCKETS: Final = {DAY: 900, WEEK: 7200}
REFRESH_S: Final = 30.0

Buckets = tuple[list[float], list[float], list[float]]


def bucket_counts(rows: list[MinuteCount], since: float, until: float, bucket: int) -> Buckets:
    """``(starts, succeeded, failed)`` per ``bucket`` seconds from ``since`` to ``until``
    (buckets without a task count zero; the last one is still filling)."""
    first = int(since // bucket * bucket)
    count = int((until - first) // bucket) + 1
    succeeded, failed = [0.0] * count, [0.0] * count
    for row in rows:
        index = (row.minute - first) // bucket
        if 0 <= index < count:
            succeeded[index] += row.succeeded
            failed[index] += row.failed
    return [float(first + i * bucket) for i in range(count)], succeeded, failed


def span_title(span: int) -> tuple[str, str]:
    """The chart's title and unit for a journal span."""
    translate = QCoreApplication.translate
    if span == DAY:
        return translate("HistoryChart", "Tasks finished per 15 minutes (journal)"), ""
    return translate("HistoryChart", "Tasks finished per 2 hours (journal)"), ""


class HistoryChart(QObject):
    """Feeds ``chart`` from the journal while a journal span is chosen."""

    def __init__(
        self,
        chart: LineChart,
        service: JournalService,
        series: Callable[[list[float], list[float]], list[Series]],
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._chart = chart
        self._service = service
        self._series = series
        self._clock = clock
        self._span: int | None = None
        self._asked = float("-inf")
        #: The journal's answer could not be read (None: fine).
        self.error: str | None = None

    @property
    def span(self) -> int | None:
        return self._span

    def show_span(self, span: int | None) -> None:
        """Chart ``span`` (one of :data:`BUCKETS`) from the journal; None: stop."""
        if span == self._span:
            return
        self._span = span
        self._asked = float("-inf")
        if span is None:
            self._service.cancel("chart")
            return
        self._chart.set_title(*span_title(span))
        self._chart.set_data([], [])
        self.tick()

    def tick(self) -> None:
        """Ask again when the last answer is ``REFRESH_S`` old (the Dashboard's timer)."""
        span = self._span
        now = self._clock()
        if span is None or now - self._asked < REFRESH_S:
            return
        self._asked = now
        bucket, since = BUCKETS[span], now - span

        def counts(reader: JournalReader) -> Buckets:
            return bucket_counts(reader.minute_counts(since, now), since, now, bucket)

        self._service.submit("chart", counts, self._on_counts, self._on_error)

    def _on_counts(self, buckets: Buckets) -> None:
        if self._span is None:
            return
        self.error = None
        starts, succeeded, failed = buckets
        self._chart.set_data(starts, self._series(succeeded, failed))

    def _on_error(self, message: str) -> None:
        self.error = message
        self._chart.set_data([], [])
