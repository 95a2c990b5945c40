"""The demo tasks, registered as ``celery_desk_demo.tasks.<name>``.

Each one shows something a monitor must display: a plain result (``add``), printed output
(``test``), progress through a custom state (``slow``), a failure with a real traceback
(``fail``) and retries (``flaky``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from celery import Task

from celery_desk_demo.celery import app
from celery_desk_demo.factory import TASKS_MODULE

PROGRESS_STATE = "PROGRESS"
_PROGRESS_STEP_SECONDS = 0.2


def demo_task(name: str, *, bind: bool = False) -> Callable[[Callable[..., Any]], Any]:
    """Register a function as ``celery_desk_demo.tasks.<name>`` on the demo app."""
    decorator: Callable[[Callable[..., Any]], Any] = app.task(
        name=f"{TASKS_MODULE}.{name}", bind=bind
    )
    return decorator


class DemoTaskError(Exception):
    """Raised on purpose by :func:`fail`."""


class FlakyError(Exception):
    """What :func:`flaky` pretends went wrong before each retry."""


@demo_task("test")
def test(arg: Any) -> None:
    """Print ``arg`` (the periodic-task example of Celery's documentation)."""
    print(arg)


@demo_task("add")
def add(x: Any, y: Any) -> Any:
    """Return ``x + y``."""
    result = x + y
    print(f"{x!r} + {y!r} = {result!r}")
    return result


@demo_task("slow", bind=True)
def slow(self: Task, seconds: float) -> dict[str, Any]:
    """Sleep ``seconds`` in small steps, reporting each one as PROGRESS meta."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
        raise ValueError(f"seconds must be a non-negative number, not {seconds!r}")
    total = max(1, round(seconds / _PROGRESS_STEP_SECONDS))
    step = seconds / total
    started = time.monotonic()
    for current in range(1, total + 1):
        time.sleep(step)
        self.update_state(
            state=PROGRESS_STATE,
            meta={"current": current, "total": total, "percent": round(100 * current / total, 1)},
        )
    return {"seconds": seconds, "steps": total, "elapsed": round(time.monotonic() - started, 3)}


def _explode(message: str) -> None:
    raise DemoTaskError(message)


def _process(message: str) -> None:
    _explode(message)


def _validate_and_process(message: str) -> None:
    _process(str(message))


@demo_task("fail")
def fail(message: str) -> None:
    """Raise :class:`DemoTaskError` with ``message``, a few frames deep."""
    _validate_and_process(message)


@demo_task("flaky", bind=True)
def flaky(self: Task, n: int) -> int:
    """Retry ``n`` times, one second apart, then succeed with the number of retries."""
    retries = int(self.request.retries)
    if retries < n:
        raise self.retry(
            exc=FlakyError(f"attempt {retries + 1} of {n + 1} failed on purpose"),
            countdown=1,
            max_retries=n,
        )
    return retries
