"""Where an alert's subject is shown in the app: a page and what to select there."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class LinkPage(StrEnum):
    """The page an alert's link opens."""

    TASKS = "tasks"
    WORKERS = "workers"
    QUEUES = "queues"
    SCHEDULES = "schedules"
    DASHBOARD = "dashboard"


@dataclass(frozen=True, slots=True)
class AlertLink:
    """Where the thing an alert is about is shown: a page, and what to select or filter
    there (a task name or id, a hostname, a queue, a schedule entry; ``state`` filters the
    task table by state)."""

    page: LinkPage
    target: str = ""
    state: str | None = None
