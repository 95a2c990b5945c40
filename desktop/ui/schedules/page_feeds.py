"""What the Schedules page learns from outside: the workers' registered task names, the
project's facts (its code-defined schedules, registered tasks and time zone, read by the
project helper in the project's own interpreter; both on the background runner) and changes
of the schedule file made by someone else (checked each second by the page's timer).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Slot

from desktop.core.project.facts import ProjectFacts
from desktop.core.schedules.remote import registered_tasks
from desktop.ui.project_summary import describe_facts
from desktop.ui.schedules.page_view import SchedulesPageView
from desktop.ui.schedules.schedule_banner import DISCARD_AND_RELOAD

FactsProvider = Callable[[], ProjectFacts]


class PageFeeds(QObject):
    """Fetches task names and the project's facts, and watches the file on disk.

    ``facts_provider`` None means the profile has no project: nothing to read.
    """

    def __init__(
        self,
        page: SchedulesPageView,
        facts_provider: FactsProvider | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.page = page
        self._facts_provider = facts_provider
        self._facts_requested = False
        self.facts: ProjectFacts | None = None
        self._registered: list[str] = []
        self._disk_stamp: tuple[int, int] | None = None

    # -- the file on disk ---------------------------------------------------------------------

    def note_disk(self) -> None:
        """The file as it is now is the page's own (just read or written)."""
        self._disk_stamp = _stamp(self.page.path)

    def check_disk(self) -> None:
        """A change on disk by someone else: reload when nothing is unsaved, else warn."""
        page = self.page
        stamp = _stamp(page.path)
        if stamp == self._disk_stamp or page.toolbar_actions.saving:
            return
        self._disk_stamp = stamp
        if page.has_unsaved_changes():
            page.banner.show_message(
                self.tr(
                    "The schedule file changed on disk; saving would be refused. Reload to see "
                    "it (your unsaved edits are dropped)."
                ),
                "warning",
                DISCARD_AND_RELOAD,
            )
            return
        page.reload()
        if page.document.load_error is None:  # else reload's error banner says more
            revision = page.document.revision
            message = (
                self.tr("The file changed on disk and is gone; the page shows it empty")
                if revision is None
                else self.tr("The file changed on disk; reloaded revision {0}").format(revision)
            )
            page.banner.show_message(message, "info")

    # -- task names ---------------------------------------------------------------------------

    @Slot()
    def refresh_task_names(self) -> None:
        url = self.page.broker_url()
        if not url:
            self._show_task_names()
            return
        self.page.runner.submit(
            lambda: registered_tasks(url), self._on_tasks, self._on_tasks_failed
        )

    def _on_tasks(self, names: Any) -> None:
        self._registered = list(names)
        self._show_task_names()

    def _on_tasks_failed(self, error: BaseException) -> None:
        self.page.editor.task.setToolTip(self.tr("Could not ask the workers: {0}").format(error))
        self._show_task_names()

    def _show_task_names(self) -> None:
        page = self.page
        known = set(self._registered) | {e.task for e in page.document.entries}
        known |= {e.task for e in page.code_section.entries if e.task}
        if self.facts is not None:
            known |= set(self.facts.registered_tasks)
        page.editor.set_task_names(sorted(known))

    def preferred_task(self) -> str | None:
        """A task a new entry can start with: one the project registers, else one known."""
        if self.facts is not None and self.facts.registered_tasks:
            return self.facts.registered_tasks[0]
        return self._registered[0] if self._registered else None

    # -- the project's facts ------------------------------------------------------------------

    def load_project_facts(self, again: bool = False) -> None:
        """Read the project once (or ``again``, after the user asked to re-read it)."""
        page = self.page
        if self._facts_provider is None:
            page.code_section.show_no_project()
            return
        if self._facts_requested and not again:
            return
        self._facts_requested = True
        page.code_section.show_loading()
        page.runner.submit(self._facts_provider, self._on_facts, self._on_facts_failed)

    def _on_facts(self, facts: Any) -> None:
        self.facts = facts
        page = self.page
        if facts.ok:
            page.code_section.set_entries(list(facts.code_entries))
            page.set_project_timezone(facts.timezone)
        else:
            summary = describe_facts(facts)
            page.code_section.show_error(summary.headline, summary.details)
        self._show_task_names()
        page.toolbar_actions.update()

    def _on_facts_failed(self, error: BaseException) -> None:
        self.page.code_section.show_error(
            f"{type(error).__name__}: {error}", ""
        )  # as Python says it


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size
