"""Following an alert's link: the page it is about, filtered to or selecting what it names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.core.alerts.links import AlertLink, LinkPage
from desktop.ui.monitor.tasks_page import TasksPage
from desktop.ui.monitor.workers_page import WorkersPage
from desktop.ui.queues.queues_page import QueuesPage
from desktop.ui.schedules.schedules_page import SchedulesPage


@dataclass
class Pages:
    """The window's pages an alert can be about, and how to switch to one by name."""

    show_page: Callable[[str], None]
    tasks: TasksPage
    workers: WorkersPage
    queues: QueuesPage
    schedules: Callable[[], SchedulesPage]  # replaced when the profile changes


def open_link(pages: Pages, link: AlertLink) -> None:
    target = link.target
    if link.page is LinkPage.TASKS:
        pages.show_page("tasks")
        if link.state is not None:  # a failure rate: that task's (or all) failures
            pages.tasks.filters.set_name(target or None)
            pages.tasks.filters.set_states({link.state})
        else:
            pages.tasks.select_task(target)
    elif link.page is LinkPage.WORKERS:
        pages.show_page("workers")
        pages.workers.hide_offline.setChecked(False)  # an offline worker is the point
        pages.workers.select_worker(target)
    elif link.page is LinkPage.QUEUES:
        pages.show_page("queues")
        pages.queues.select_queue(target)
    elif link.page is LinkPage.SCHEDULES:
        pages.show_page("schedules")
        if target:
            pages.schedules().refresh(select=target)
    else:
        pages.show_page("dashboard")
