"""Dashboard figures kept with constant work per event: throughput rings and runtime samples."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable

#: Seconds a throughput series covers at least, however recently counting began.
MIN_SINCE_SPAN = 60


class Throughput:
    """Succeeded and failed tasks per second over the last ``window`` seconds.

    Two rings of one-second buckets indexed by ``int(t) % window``; each bucket remembers which
    second it holds, so a bucket left over from a previous lap reads as zero.
    """

    __slots__ = ("_failed", "_second", "_succeeded", "first", "window")

    def __init__(self, window: int = 600) -> None:
        if window < 1:
            raise ValueError("throughput window must be at least one second")
        self.window = window
        self._second = [-1] * window
        self._succeeded = [0] * window
        self._failed = [0] * window
        #: The earliest second ever counted (None before the first task finished).
        self.first: int | None = None

    def add(self, t: float, failed: bool) -> None:
        second = int(t)
        if self.first is None or second < self.first:
            self.first = second
        index = second % self.window
        if self._second[index] != second:
            self._second[index] = second
            self._succeeded[index] = 0
            self._failed[index] = 0
        if failed:
            self._failed[index] += 1
        else:
            self._succeeded[index] += 1

    def series(
        self, now: float, seconds: int | None = None, since: float | None = None
    ) -> list[tuple[int, int, int]]:
        """``(second, succeeded, failed)`` for each of the last ``seconds`` whole seconds.

        With ``since`` (when counting began), the seconds before it are left out rather than
        shown as zeros nobody measured, down to a minimum of ``MIN_SINCE_SPAN`` seconds.
        """
        span = min(self.window, seconds or self.window)
        last = int(now)
        start = last - span + 1
        if since is not None:
            start = max(start, min(int(since), last - MIN_SINCE_SPAN + 1))
        rows: list[tuple[int, int, int]] = []
        for second in range(start, last + 1):
            index = second % self.window
            if self._second[index] == second:
                rows.append((second, self._succeeded[index], self._failed[index]))
            else:
                rows.append((second, 0, 0))
        return rows

    def clear(self) -> None:
        self.first = None
        self._second = [-1] * self.window
        self._succeeded = [0] * self.window
        self._failed = [0] * self.window


class RuntimeSamples:
    """The last ``per_name`` runtimes of each task name, for percentiles on demand.

    At most ``max_names`` names are kept: further names are counted in ``dropped_names``
    (names are code, not data, so a real app stays far below the limit). :meth:`total`
    counts every runtime added per name, also those the ring has since dropped.
    """

    def __init__(self, per_name: int = 1000, max_names: int = 2000) -> None:
        self.per_name = per_name
        self.max_names = max_names
        self.dropped_names = 0
        self._samples: dict[str, deque[float]] = {}
        self._totals: dict[str, int] = {}

    def add(self, name: str, runtime: float) -> None:
        samples = self._samples.get(name)
        if samples is None:
            if len(self._samples) >= self.max_names:
                self.dropped_names += 1
                return
            samples = self._samples[name] = deque(maxlen=self.per_name)
        samples.append(runtime)
        self._totals[name] = self._totals.get(name, 0) + 1

    def names(self) -> list[str]:
        return sorted(self._samples)

    def count(self, name: str) -> int:
        samples = self._samples.get(name)
        return 0 if samples is None else len(samples)

    def total(self, name: str) -> int:
        """Runtimes ever added for ``name`` (kept or not); changes whenever a sample comes."""
        return self._totals.get(name, 0)

    def percentiles(
        self, name: str, quantiles: Iterable[float] = (50, 90, 99)
    ) -> dict[float, float] | None:
        """Nearest-rank percentiles of the kept runtimes of ``name``, or None if none."""
        samples = self._samples.get(name)
        if not samples:
            return None
        ordered = sorted(samples)
        last = len(ordered) - 1
        return {
            q: ordered[min(last, max(0, math.ceil(q / 100 * len(ordered)) - 1))] for q in quantiles
        }

    def clear(self) -> None:
        self._samples.clear()
        self._totals.clear()
        self.dropped_names = 0
