"""The Schedules page's toolbar: New, Duplicate, Delete, Enable/Disable, Run now, Undo/Redo,
Save, Reload and copying the code-defined schedules; with their shortcuts (active while
the page has focus) and what each does to the document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from celery_desk_beat.schedule_entries import normalize_schedule
from celery_desk_beat.schedule_file import EntrySpec, RevisionConflictError, ScheduleFileError
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from desktop.core.schedules.remote import send_entry_now
from desktop.ui.schedules.page_view import SchedulesPageView

NEW_ENTRY_SCHEDULE = {"type": "crontab", "minute": "0"}  # hourly: harmless until edited
DISCARD_AND_RELOAD = "discard changes and reload"


class PageActions(QObject):
    """Owns the page's QActions and runs them. ``owner`` is the widget they belong to: their
    shortcuts work while it has focus (the page itself)."""

    def __init__(self, page: SchedulesPageView, owner: QWidget) -> None:
        super().__init__(owner)
        self.page = page
        self._owner = owner
        self.saving = False
        self.new = self._action("New", "Add an entry", self.on_new, QKeySequence.StandardKey.New)
        self.duplicate = self._action(
            "Duplicate", "Copy the entry (disabled)", self.on_duplicate, "Ctrl+D"
        )
        self.delete = self._action(
            "Delete",
            "Delete the selected entries (undo with Ctrl+Z)",
            self.on_delete,
            QKeySequence.StandardKey.Delete,
        )
        page.toolbar.addSeparator()
        self.enable = self._action(
            "Enable", "Let beat send the selected entries", lambda: self.on_enable(True)
        )
        self.disable = self._action(
            "Disable", "Keep the entries but never send them", lambda: self.on_enable(False)
        )
        self.run_now = self._action(
            "Run now",
            "Send the entry's task now, with its args and options",
            self.on_run_now,
            "Ctrl+R",
        )
        page.toolbar.addSeparator()
        self.undo = self._action(
            "Undo", "Undo the last edit", self.on_undo, QKeySequence.StandardKey.Undo
        )
        self.redo = self._action("Redo", "Redo", self.on_redo, QKeySequence.StandardKey.Redo)
        page.toolbar.addSeparator()
        self.save = self._action(
            "Save",
            "Write the file; beat applies it within a second",
            self.on_save,
            QKeySequence.StandardKey.Save,
        )
        self.reload = self._action("Reload", "Read the file again", self.on_reload)
        page.toolbar.addSeparator()
        self.import_code = self._action(
            "Copy code-defined",
            "Copy the app's beat_schedule and add_periodic_task entries into the file",
            self.on_import_code,
        )

    def _action(self, text: str, tip: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(text, self._owner)
        action.setToolTip(
            tip if shortcut is None else f"{tip} ({QKeySequence(shortcut).toString()})"
        )
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self._owner.addAction(action)
        self.page.toolbar.addAction(action)
        return action

    def update(self) -> None:
        page, document = self.page, self.page.document
        writable = not document.read_only
        has_entry = page.current_name() is not None
        for action in (self.duplicate, self.delete, self.enable, self.disable, self.run_now):
            action.setEnabled(writable and has_entry)
        self.new.setEnabled(writable)
        self.import_code.setEnabled(writable and bool(page.code_section.copyable(False)))
        self.undo.setEnabled(document.can_undo)
        self.redo.setEnabled(document.can_redo)
        self.undo.setText(f"Undo {document.undo_text}" if document.can_undo else "Undo")
        self.redo.setText(f"Redo {document.redo_text}" if document.can_redo else "Redo")
        self.save.setEnabled(writable and not self.saving and page.has_unsaved_changes())

    # -- editing ------------------------------------------------------------------------------

    @Slot()
    def on_new(self) -> None:
        page = self.page
        if not page.apply_pending_edits():
            return
        tasks = [page.editor.task.itemText(i) for i in range(page.editor.task.count())]
        # One of the project's own tasks; never a name no worker of this profile has.
        task = page.feeds.preferred_task() or (tasks[0] if tasks else "")
        name = page.document.unique_name("new-entry")
        page.document.add(EntrySpec(name=name, task=task, schedule=_new_schedule()))
        page.refresh(select=name)
        page.editor.name.setFocus()
        page.editor.name.selectAll()

    @Slot()
    def on_duplicate(self) -> None:
        name = self.page.current_name()
        if name is None or not self.page.apply_pending_edits():
            return
        copy = self.page.document.duplicate(name)
        self.page.refresh(select=copy)
        self.page.banner.show_message(f"Duplicated {name!r} as {copy!r} (disabled)", "info", "undo")

    @Slot()
    def on_delete(self) -> None:
        names = self.page.selected_names()
        if not names:
            return
        self.page.editor.pending = False  # the edited entry may be among them
        self.page.document.delete(names)
        self.page.refresh()
        shown = repr(names[0]) if len(names) == 1 else f"{len(names)} entries"
        self.page.banner.show_message(f"Deleted {shown} (not saved yet)", "info", "undo")

    def on_enable(self, enabled: bool) -> None:
        names = self.page.selected_names()
        if names and self.page.apply_pending_edits():
            self.page.document.set_enabled(names, enabled)
            self.page.refresh(select=self.page.current_name())

    @Slot()
    def on_undo(self) -> None:
        self.page.editor.pending = False
        label = self.page.document.undo()
        if label:
            self.page.refresh(select=self.page.current_name())
            self.page.banner.show_message(f"Undone: {label}", "info")

    @Slot()
    def on_redo(self) -> None:
        self.page.editor.pending = False
        label = self.page.document.redo()
        if label:
            self.page.refresh(select=self.page.current_name())
            self.page.banner.show_message(f"Redone: {label}", "info")

    @Slot()
    def on_import_code(self) -> None:
        specs = [e.spec for e in self.page.code_section.copyable(False) if e.spec is not None]
        self.page.code_section.copy_requested.emit(specs)

    # -- file ---------------------------------------------------------------------------------

    @Slot()
    def on_save(self) -> None:
        self.save_then(None)

    def save_then(self, then: Callable[[int], None] | None) -> None:
        """Save, then call ``then`` with the saved revision (not on failure: the banner
        says why). Nothing to save calls ``then`` at once with the file's revision."""
        page = self.page
        if self.saving or not page.apply_pending_edits():
            return
        revision = page.document.revision
        if then is not None and not page.has_unsaved_changes() and revision is not None:
            then(revision)
            return
        try:
            request = page.document.save_request()
        except PermissionError as exc:
            page.banner.show_message(str(exc), "error", "reload")
            return
        self.saving = True
        self.update()

        def done(saved: Any) -> None:
            self.saving = False
            page.document.mark_saved(request, saved)
            page.feeds.note_disk()
            page.beat_status.expect_revision(saved.revision)
            page.banner.show_message(f"Saved revision {saved.revision} of {page.path.name}", "info")
            page.refresh(select=page.current_name())
            if then is not None:
                then(saved.revision)

        page.runner.submit(request.run, done, self._on_save_failed)

    def _on_save_failed(self, error: BaseException) -> None:
        self.saving = False
        banner = self.page.banner
        if isinstance(error, RevisionConflictError):
            banner.show_message(
                f"Not saved: {error}. Reload to get the other changes (your unsaved edits are "
                "dropped), then make them again.",
                "warning",
                "reload",
            )
        elif isinstance(error, ScheduleFileError):
            banner.show_message(f"Not saved: {error.error.one_line()}", "error")
        else:
            banner.show_message(f"Not saved: {error}", "error")
        self.update()

    @Slot()
    def on_reload(self) -> None:
        if self.page.has_unsaved_changes():
            self.page.banner.show_message(
                "Reloading drops your unsaved changes.", "warning", DISCARD_AND_RELOAD
            )
            return
        self.page.reload()

    def banner_action(self, action: str) -> None:
        if action == "undo":
            self.on_undo()
        elif action in ("reload", DISCARD_AND_RELOAD):
            self.page.reload()

    # -- running ------------------------------------------------------------------------------

    @Slot()
    def on_run_now(self) -> None:
        page = self.page
        name = page.current_name()
        entry = page.document.entry(name) if name else None
        url = page.broker_url()
        if entry is None:
            return
        if not url:
            page.banner.show_message(
                "Connect to a broker first: Run now sends through it", "warning"
            )
            return

        def sent(task_id: Any) -> None:
            page.model.note_run_now(entry.name, str(task_id))
            page.banner.show_message(
                f"Sent {entry.task} for {entry.name!r} now (task {task_id})", "info"
            )

        def failed(error: BaseException) -> None:
            page.banner.show_message(f"Run now failed: {error}", "error")

        page.runner.submit(lambda: send_entry_now(url, entry), sent, failed)


def _new_schedule() -> dict[str, Any]:
    return normalize_schedule(NEW_ENTRY_SCHEDULE)
