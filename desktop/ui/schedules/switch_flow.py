"""The guided switch of a project's beat to the schedule file, as the page runs it.

1. Say what changes: the file scheduler runs the file's entries only, not the periodic
   tasks the project defines in code. Offer to copy those first (the ones that are not in
   the file yet), and list the ones that cannot be copied, so none is dropped silently.
2. Save the file (a new revision), then point the beat preset at the file scheduler and
   restart it. The beat status then says "Beat applied revision N", and the banner that
   said the switch waits for it goes.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from celery_desk_beat.schedule_file import EntrySpec
from desktop.core.schedules.code_import import CodeEntry
from desktop.core.schedules.document import copy_label
from desktop.ui.schedules.beat_switch import BeatSwitch
from desktop.ui.schedules.page_view import SchedulesPageView


class SwitchFlow(QObject):
    """Owns the "Switch the beat to this file…" button of a page and runs the switch."""

    def __init__(self, page: SchedulesPageView, switch: BeatSwitch | None, owner: QWidget) -> None:
        super().__init__(owner)
        self.page = page
        self.switch = switch
        self._owner = owner
        self.question: QMessageBox | None = None
        #: The revision the switch's banner waits for, and that banner's text.
        self._awaited: tuple[int, str] | None = None
        self.button = QPushButton(self.tr("Switch the beat to this file…"))
        self.button.setObjectName("switch_beat")
        self.button.setToolTip(
            self.tr(
                "Run this profile's beat with Celery Desk's file scheduler on this file, "
                "so saved edits apply within a second without a restart"
            )
        )
        self.button.clicked.connect(self._on_button_clicked)
        page.beat_status.answered.connect(self._on_beat_status_answered)
        self.update()

    def update(self) -> None:
        """Show the button only while the profile's beat does not run this file."""
        switch, path = self.switch, self.page.path
        offered = switch is not None and switch.beat() is not None and not switch.runs(path)
        self.button.setVisible(offered)
        self.button.setEnabled(offered and not self.page.document.read_only)
        self.page.beat_status.set_how_to_start(switch.how_to_start(path) if switch else "")

    def pending_copies(self) -> tuple[list[EntrySpec], list[CodeEntry]]:
        """(code-defined entries not in the file yet, those that cannot be copied)."""
        in_file = {entry.name for entry in self.page.document.entries}
        entries = self.page.code_section.entries
        copyable = [e.spec for e in entries if e.spec is not None and e.name not in in_file]
        blocked = [e for e in entries if e.spec is None]
        return copyable, blocked

    @Slot()
    def _on_button_clicked(self) -> None:
        switch = self.switch
        beat = switch.beat() if switch else None
        if beat is None or not self.page.apply_pending_edits():
            return
        copyable, blocked = self.pending_copies()
        box = QMessageBox(self._owner)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Switch the beat to the file"))
        box.setText(
            self.tr("Run “{0}” with the file scheduler on {1}?").format(
                html.escape(beat.name), html.escape(self.page.path.name)
            )
        )
        lines = [
            self.tr(
                "The file scheduler sends only this file's entries. The periodic tasks the "
                "project defines in code (beat_schedule, add_periodic_task) stop running "
                "unless they are in the file."
            )
        ]
        if copyable:
            lines.append(
                self.tr("One of them is not in the file yet: copy it first?")
                if len(copyable) == 1
                else self.tr(
                    "%n of them are not in the file yet: copy them first?", "", len(copyable)
                )
            )
        if blocked:
            names = ", ".join(f"{e.name} ({e.problem})" for e in blocked)
            lines.append(self.tr("Cannot be copied, and will stop running: {0}").format(names))
        lines.append(
            self.tr(
                "If another beat runs this project's code-defined schedules elsewhere, stop "
                "it, or copied entries run twice."
            )
        )
        box.setInformativeText("\n\n".join(lines))
        copy = (
            box.addButton(self.tr("Copy, save and switch"), QMessageBox.ButtonRole.AcceptRole)
            if copyable
            else None
        )
        plain = box.addButton(
            self.tr("Switch without copying") if copyable else self.tr("Save and switch"),
            QMessageBox.ButtonRole.DestructiveRole
            if copyable
            else QMessageBox.ButtonRole.AcceptRole,
        )
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(copy or plain)

        def on_finished(_result: int) -> None:
            self.question = None
            clicked = box.clickedButton()
            if clicked is copy and copy is not None:
                self._switch(copyable)
            elif clicked is plain:
                self._switch([])

        box.finished.connect(on_finished)
        self.question = box
        box.open()

    def _switch(self, copies: list[EntrySpec]) -> None:
        page = self.page
        if copies:
            page.document.add_many(copies, copy_label(len(copies)))
            page.refresh(select=page.current_name())
        page.toolbar_actions.save_then(self._on_saved)

    def _on_saved(self, revision: int) -> None:
        switch, page = self.switch, self.page
        if switch is None:
            return
        try:
            message = switch.switch(Path(page.path))
        except (ValueError, OSError) as exc:
            page.banner.show_message(self.tr("Beat not switched: {0}").format(exc), "error")
            return
        waiting = self.tr("{0}; waiting for it to apply revision {1}").format(message, revision)
        page.banner.show_message(waiting, "info")
        self._awaited = (revision, waiting)
        # after the banner: a status that already answers takes the banner down at once
        page.beat_status.expect_revision(revision)
        self.update()

    @Slot(int, bool)
    def _on_beat_status_answered(self, revision: int, _applied: bool) -> None:
        # Applied or rejected, the beat status now says so: the wait is over. A newer
        # message in the banner (a save, an error) is not this one's to take down.
        awaited, self._awaited = self._awaited, None
        if awaited == (revision, self.page.banner.message_text()):
            self.page.banner.dismiss()
