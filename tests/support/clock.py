"""A hand-driven clock for the code under test that takes ``clock=`` (time passes when the
test says so)."""

from __future__ import annotations


class Clock:
    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now
