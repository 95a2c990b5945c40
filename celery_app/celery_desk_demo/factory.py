"""How the demo Celery app is built: Redis broker and backend, JSON only, events on.

Periodic tasks are declared both ways Celery's documentation shows: a ``beat_schedule``
setting, and ``add_periodic_task`` calls in an ``on_after_configure`` handler. The handler
names tasks as strings so this module never imports :mod:`celery_desk_demo.tasks`. The app
itself is made in :mod:`celery_desk_demo.celery`, so that importing this module (the desktop
app does, for a private client) neither builds an app nor reads the environment.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from celery import Celery
from celery.schedules import crontab

from celery_desk_demo.config import build_settings

TASKS_MODULE = "celery_desk_demo.tasks"

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "add-every-30-seconds": {
        "task": f"{TASKS_MODULE}.add",
        "schedule": 30.0,
        "args": (16, 16),
    },
}


def setup_periodic_tasks(sender: Celery, **_kwargs: Any) -> None:
    """Register the code-defined periodic tasks, as in Celery's periodic-tasks guide."""
    test = f"{TASKS_MODULE}.test"
    sender.add_periodic_task(
        10.0, sender.signature(test, args=("hello",)), name="say hello every 10 s"
    )
    sender.add_periodic_task(
        crontab(hour=7, minute=30, day_of_week=1),
        sender.signature(test, args=("Happy Mondays!",)),
        name="happy mondays",
    )


def create_app(
    settings: Mapping[str, Any] | None = None,
    main: str = "celery_desk_demo",
    set_as_current: bool = False,
) -> Celery:
    """A configured demo app; ``settings`` defaults to :func:`build_settings` of the environment.

    Extra apps (a test's client, a schedule preview) are not made Celery's current app.
    Configuration stays lazy, so the ``on_after_configure`` handler runs when the app is
    first configured, whoever touches ``app.conf`` first.
    """
    app = Celery(main, include=[TASKS_MODULE], set_as_current=set_as_current)
    app.config_from_object(dict(build_settings() if settings is None else settings))
    app.conf.beat_schedule = {name: dict(entry) for name, entry in BEAT_SCHEDULE.items()}
    app.on_after_configure.connect(setup_periodic_tasks, sender=app, weak=False)
    return app
