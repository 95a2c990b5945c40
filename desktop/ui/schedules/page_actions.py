"""The Schedules page's toolbar: New, Duplicate, Delete, Enable/Disable, Run now, Undo/Redo,
Save, Reload and copying the code-defined schedules; with their shortcuts (active while
the page has focus) and what each does to the document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from celery_desk_beat.schedule_entries import normalize_schedule
from celery_desk_beat.schedule_file import EntrySpec, RevisionConflictError, ScheduleFileError
from desktop.core.schedules.remote import send_entry_now
from desktop.ui.schedules.page_view import SchedulesPageView
from desktop.ui.schedules.schedule_banner import DISCARD_AND_RELOAD, RELOAD, UNDO

NEW_ENTRY_SCHEDULE = {"type": "crontab", "minute": "0"}  # hourly: harmless until edited


class PageActions(QObject):
    """Owns the page's QActions and runs them. ``owner`` is the widget they belong to: their
    shortcuts work while it has focus (the page itself)."""

    def __init__(self, page: SchedulesPageView, owner: QWidget) -> None:
        super().__init__(owner)
        self.page = page
        self._owner = owner
        self.saving = False
        self.new = self._action(
            self.tr("New"), self.tr("Add an entry"), self.on_new, QKeySequence.StandardKey.New
        )
        self.duplicate = self._action(
            self.tr("Duplicate"),
            self.tr("Copy the entry (the copy starts disabled)"),
            self.on_duplicate,
            "Ctrl+D",
        )
        self.delete = self._action(
            self.tr("Delete"),
            self.tr("Delete the selected entries (undo with Ctrl+Z)"),
            self.on_delete,
            QKeySequence.StandardKey.Delete,
        )
        page.toolbar.addSeparator()
        self.enable = self._action(
            self.tr("Enable"),
            self.tr("Let beat send the selected entries"),
            lambda: self.on_enable(True),
        )
        self.disable = self._action(
            self.tr("Disable"),
            self.tr("Keep the entries but never send them"),
            lambda: self.on_enable(False),
        )
        self.run_now = self._action(
            self.tr("Run now"),
            self.tr("Send the entry's task now, with its args and options"),
            self.on_run_now,
            "Ctrl+R",
        )
        page.toolbar.addSeparator()
        # Undo and Redo keep their short text (the toolbar never shifts); the tooltip
        # says what they would undo or redo.
        self.undo = self._action(
            self.tr("Undo"),
            self.tr("Undo the last edit"),
            self.on_undo,
            QKeySequence.StandardKey.Undo,
        )
        self.redo = self._action(
            self.tr("Redo"),
            self.tr("Redo the last undone edit"),
            self.on_redo,
            QKeySequence.StandardKey.Redo,
        )
        page.toolbar.addSeparator()
        self.save = self._action(
            self.tr("Save"),
            self.tr("Write the file; beat applies it within a second"),
            self.on_save,
            QKeySequence.StandardKey.Save,
        )
        self.reload = self._action(
            self.tr("Reload"), self.tr("Read the file again"), self.on_reload
        )
        page.toolbar.addSeparator()
        self.import_code = self._action(
            self.tr("Copy code-defined"),
            self.tr("Copy the app's beat_schedule and add_periodic_task entries into the file"),
            self.on_import_code,
        )

    def _action(self, text: str, tip: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(text, self._owner)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        _set_tip(action, tip)
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
        pending = page.editor.pending and page.editor.entry is not None
        # Undo with unapplied edits applies them first, so that they are the step it undoes
        # (and Redo brings them back); Redo would drop them, so it waits for Apply or Revert.
        self.undo.setEnabled(document.can_undo or pending)
        self.redo.setEnabled(document.can_redo and not pending)
        if pending:
            _set_tip(self.undo, self.tr("Undo the unapplied changes"))
        elif document.can_undo:
            _set_tip(self.undo, self.tr("Undo: {0}").format(document.undo_text))
        else:
            _set_tip(self.undo, self.tr("Undo the last edit"))
        if pending and document.can_redo:
            _set_tip(self.redo, self.tr("Apply or revert the entry's changes first"))
        elif document.can_redo:
            _set_tip(self.redo, self.tr("Redo: {0}").format(document.redo_text))
        else:
            _set_tip(self.redo, self.tr("Redo the last undone edit"))
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
        self.page.banner.show_message(
            self.tr("Duplicated “{0}” as “{1}” (disabled)").format(name, copy), "info", UNDO
        )

    @Slot()
    def on_delete(self) -> None:
        page = self.page
        names = page.selected_names()
        editing = page.editor.entry
        if not names:
            return
        if page.editor.pending and editing is not None:
            if editing.name not in names:
                if not page.apply_pending_edits():
                    return
            elif page.editor.apply() and not page.editor.pending:
                # Applied, so undoing the delete brings the entry back with the edits.
                renamed = page.current_name()
                names = [renamed if n == editing.name and renamed else n for n in names]
            else:
                page.editor.pending = False  # invalid edits go with their entry
        page.document.delete(names)
        page.refresh()
        message = (
            self.tr("Deleted “{0}” (not saved yet)").format(names[0])
            if len(names) == 1
            else self.tr("Deleted %n entries (not saved yet)", "", len(names))
        )
        page.banner.show_message(message, "info", UNDO)

    def on_enable(self, enabled: bool) -> None:
        names = self.page.selected_names()
        if names and self.page.apply_pending_edits():
            self.page.document.set_enabled(names, enabled)
            self.page.refresh(select=self.page.current_name())

    @Slot()
    def on_undo(self) -> None:
        if not self.page.apply_pending_edits():  # invalid edits: the banner says so
            return
        label = self.page.document.undo()
        if label:
            self.page.refresh(select=self.page.current_name())
            self.page.banner.show_message(self.tr("Undone: {0}").format(label), "info")

    @Slot()
    def on_redo(self) -> None:
        if self.page.editor.pending:  # redoing would drop them (Redo is disabled meanwhile)
            return
        label = self.page.document.redo()
        if label:
            self.page.refresh(select=self.page.current_name())
            self.page.banner.show_message(self.tr("Redone: {0}").format(label), "info")

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
            page.banner.show_message(str(exc), "error", RELOAD)
            return
        self.saving = True
        self.update()

        def done(saved: Any) -> None:
            self.saving = False
            page.document.mark_saved(request, saved)
            page.feeds.note_disk()
            page.beat_status.expect_revision(saved.revision)
            page.banner.show_message(
                self.tr("Saved revision {0} of {1}").format(saved.revision, page.path.name), "info"
            )
            page.refresh(select=page.current_name())
            if then is not None:
                then(saved.revision)

        page.runner.submit(request.run, done, self._on_save_failed)

    def _on_save_failed(self, error: BaseException) -> None:
        self.saving = False
        banner = self.page.banner
        if isinstance(error, RevisionConflictError):
            banner.show_message(
                self.tr(
                    "Not saved: {0}. Reload to get the other changes (your unsaved edits are "
                    "dropped), then make them again."
                ).format(error),
                "warning",
                DISCARD_AND_RELOAD,
            )
        elif isinstance(error, ScheduleFileError):
            banner.show_message(self.tr("Not saved: {0}").format(error.error.one_line()), "error")
        else:
            banner.show_message(self.tr("Not saved: {0}").format(error), "error")
        self.update()

    @Slot()
    def on_reload(self) -> None:
        if self.page.has_unsaved_changes():
            self.page.banner.show_message(
                self.tr("Reloading drops your unsaved changes."), "warning", DISCARD_AND_RELOAD
            )
            return
        self.page.reload()

    def banner_action(self, action: str) -> None:
        if action == UNDO:
            self.on_undo()
        elif action in (RELOAD, DISCARD_AND_RELOAD):
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
                self.tr("Connect to a broker first: Run now sends through it"), "warning"
            )
            return

        def sent(task_id: Any) -> None:
            page.model.note_run_now(entry.name, str(task_id))
            page.banner.show_message(
                self.tr("Sent {0} for “{1}” now (task {2})").format(
                    entry.task, entry.name, task_id
                ),
                "info",
            )

        def failed(error: BaseException) -> None:
            page.banner.show_message(self.tr("Run now failed: {0}").format(error), "error")

        page.runner.submit(lambda: send_entry_now(url, entry), sent, failed)


def _set_tip(action: QAction, tip: str) -> None:
    """The tooltip with the action's shortcut, as menus show it."""
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip} ({keys})" if keys else tip)


def _new_schedule() -> dict[str, Any]:
    return normalize_schedule(NEW_ENTRY_SCHEDULE)
