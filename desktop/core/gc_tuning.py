"""Garbage collection for the helper processes that churn through short-lived objects."""

from __future__ import annotations

import gc


def quiet_garbage_collector() -> None:
    """Collect young objects 25 times less often, and never scan what exists at start.

    The event reader and the journal writer make and drop thousands of dicts a millisecond,
    none of them in a reference cycle (reference counting frees them); checking them every
    2,000 allocations, the default, cost a tenth of the journal writer's time.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
