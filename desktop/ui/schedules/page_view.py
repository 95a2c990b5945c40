"""What the Schedules page's helpers may use of the page, and of each other.

:class:`~desktop.ui.schedules.schedules_page.SchedulesPage` builds its toolbar actions
(:mod:`.page_actions`) and its feeds (:mod:`.page_feeds`) and hands itself to them. They
know it only through :class:`SchedulesPageView`, so neither imports the page module that
imports them; the page satisfies the protocol by its attributes, and mypy checks that where
it passes itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QToolBar

from desktop.core.schedules.document import EditableSchedule
from desktop.ui.background import BackgroundRunner
from desktop.ui.processes.banner import MessageBanner
from desktop.ui.schedules.beat_status import BeatStatusWidget
from desktop.ui.schedules.code_section import CodeScheduleSection
from desktop.ui.schedules.entry_editor import EntryEditor
from desktop.ui.schedules.entry_model import EntryTableModel


class ToolbarState(Protocol):
    """What the feeds need of the toolbar actions."""

    @property
    def saving(self) -> bool: ...

    def update(self) -> None: ...

    def save_then(self, then: Callable[[int], None] | None) -> None: ...


class DiskWatch(Protocol):
    """What the toolbar actions need of the feeds."""

    def note_disk(self) -> None: ...

    def preferred_task(self) -> str | None: ...


class SchedulesPageView(Protocol):
    """The page's parts and operations its helpers use (read-only: they never rebind them)."""

    @property
    def runner(self) -> BackgroundRunner: ...

    @property
    def broker_url(self) -> Callable[[], str | None]: ...

    @property
    def path(self) -> Path: ...

    @property
    def document(self) -> EditableSchedule: ...

    @property
    def toolbar(self) -> QToolBar: ...

    @property
    def banner(self) -> MessageBanner: ...

    @property
    def beat_status(self) -> BeatStatusWidget: ...

    @property
    def model(self) -> EntryTableModel: ...

    @property
    def code_section(self) -> CodeScheduleSection: ...

    @property
    def editor(self) -> EntryEditor: ...

    @property
    def feeds(self) -> DiskWatch: ...

    @property
    def toolbar_actions(self) -> ToolbarState: ...

    def has_unsaved_changes(self) -> bool: ...

    def selected_names(self) -> list[str]: ...

    def current_name(self) -> str | None: ...

    def apply_pending_edits(self) -> bool: ...

    def reload(self) -> None: ...

    def refresh(self, select: str | None = None) -> None: ...

    def set_project_timezone(self, zone: str | None) -> None: ...
