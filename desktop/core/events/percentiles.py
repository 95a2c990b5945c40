"""Runtime percentiles per task name for the dashboard, recomputed only where samples came.

:class:`~desktop.core.events.stats.RuntimeSamples` keeps the last runtimes of each task name;
:class:`RuntimeTable` turns them into one :class:`RuntimeRow` per name (count, p50, p90,
p99, max). Percentiles are nearest-rank over the kept samples: the smallest sample with at
least ``q`` percent of the samples at or below it, so every figure is a runtime that
really happened. A name's row is recomputed only when its :meth:`RuntimeSamples.total`
moved since the last call, so a 1 Hz refresh costs one sort per *active* task name.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.events.stats import RuntimeSamples

#: The quantiles shown; 100 is the maximum.
QUANTILES: tuple[float, ...] = (50, 90, 99, 100)


@dataclass(frozen=True, slots=True)
class RuntimeRow:
    """Runtimes (seconds) of one task name: ``count`` all seen, the rest over ``samples``."""

    name: str
    count: int
    samples: int
    p50: float
    p90: float
    p99: float
    max: float


def nearest_rank(ordered: Sequence[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile (0 < q <= 100) of an ascending, non-empty list."""
    if not ordered:
        raise ValueError("no samples")
    if not 0 < q <= 100:
        raise ValueError(f"percentile must be in (0, 100], not {q}")
    rank = math.ceil(q / 100 * len(ordered))
    return ordered[min(len(ordered), max(1, rank)) - 1]


def summarize(name: str, runtimes: Sequence[float], count: int | None = None) -> RuntimeRow:
    """The row for ``runtimes`` (any order, non-empty); ``count`` defaults to their number."""
    ordered = sorted(runtimes)
    p50, p90, p99, top = (nearest_rank(ordered, q) for q in QUANTILES)
    total = len(ordered) if count is None else count
    return RuntimeRow(name, total, len(ordered), p50, p90, p99, top)


class RuntimeTable:
    """Rows of a :class:`RuntimeSamples`, cached per name between refreshes."""

    def __init__(self) -> None:
        self._rows: dict[str, RuntimeRow] = {}
        self._source: RuntimeSamples | None = None

    def rows(self, samples: RuntimeSamples) -> list[RuntimeRow]:
        """One row per task name with runtimes, sorted by name."""
        if samples is not self._source:  # a new store: nothing cached applies
            self._rows.clear()
            self._source = samples
        fresh: dict[str, RuntimeRow] = {}
        for name in samples.names():
            total = samples.total(name)
            row = self._rows.get(name)
            if row is None or row.count != total:
                row = self._compute(samples, name, total)
                if row is None:
                    continue
            fresh[name] = row
        self._rows = fresh
        return list(fresh.values())

    @staticmethod
    def _compute(samples: RuntimeSamples, name: str, total: int) -> RuntimeRow | None:
        figures = samples.percentiles(name, QUANTILES)
        if figures is None:
            return None
        return RuntimeRow(
            name,
            total,
            samples.count(name),
            figures[50],
            figures[90],
            figures[99],
            figures[100],
        )
