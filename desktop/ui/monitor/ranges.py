"""Contiguous runs of row numbers, for one ``beginRemoveRows``/``dataChanged`` per run."""

from __future__ import annotations


def ascending_runs(rows: list[int]) -> list[tuple[int, int]]:
    """Contiguous runs of sorted row numbers: ``[1, 2, 3, 7]`` -> ``[(1, 3), (7, 7)]``."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        elif not runs or row != runs[-1][1]:
            runs.append((row, row))
    return runs


def descending_runs(rows: list[int]) -> list[tuple[int, int]]:
    """Runs of row numbers sorted high to low, highest run first, as ``(first, last)``."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and row == runs[-1][0] - 1:
            runs[-1] = (row, runs[-1][1])
        elif not runs or row != runs[-1][0]:
            runs.append((row, row))
    return runs
