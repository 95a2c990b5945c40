"""What the Schedules page learns from outside: the workers' registered task names, the
app's code-defined schedules (both read on the background runner) and changes of the
schedule file made by someone else (checked each second by the page's timer).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Slot

from desktop.core.schedules.code_import import CodeEntry
from desktop.core.schedules.remote import registered_tasks
from desktop.ui.schedules.page_view import SchedulesPageView


class PageFeeds(QObject):
    """Fetches task names and code-defined entries, and watches the file on disk."""

    def __init__(
        self,
        page: SchedulesPageView,
        code_provider: Callable[[], list[CodeEntry]] | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.page = page
        self._code_provider = code_provider
        self._code_loaded = False
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
                "The schedule file changed on disk; saving would be refused. Reload to see it "
                "(your unsaved edits are dropped).",
                "warning",
                "reload",
            )
            return
        page.reload()
        if page.document.load_error is None:  # else reload's error banner says more
            revision = page.document.revision
            shown = "it (no file)" if revision is None else f"revision {revision}"
            page.banner.show_message(f"The file changed on disk; reloaded {shown}", "info")

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
        self.page.editor.task.setToolTip(f"Could not ask the workers: {error}")
        self._show_task_names()

    def _show_task_names(self) -> None:
        page = self.page
        known = set(self._registered) | {e.task for e in page.document.entries}
        known |= {e.task for e in page.code_section.entries if e.task}
        page.editor.set_task_names(sorted(known))

    # -- code-defined schedules ---------------------------------------------------------------

    def load_code_entries(self) -> None:
        if self._code_provider is None:
            self.page.code_section.hide()
            return
        if not self._code_loaded:
            self._code_loaded = True
            self.page.runner.submit(
                self._code_provider, self._on_code_entries, self._on_code_failed
            )

    def _on_code_entries(self, entries: Any) -> None:
        self.page.code_section.set_entries(entries)
        self._show_task_names()
        self.page.toolbar_actions.update()

    def _on_code_failed(self, error: BaseException) -> None:
        self.page.code_section.show_error(str(error))


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size
