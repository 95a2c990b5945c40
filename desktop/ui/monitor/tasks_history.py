"""The Tasks view's history mode: the whole journal in a table of its own.

The Tasks view shows either what this session heard (Live: the hub's store, updating as
events come) or everything journaled (History: :class:`HistoryTaskModel`, queried from the
journal). :class:`TasksHistory` holds the history side: the switch between the two, the
history table, what the count line says about it, and the polling that keeps it current
(every ``POLL_MS`` it asks whether the journal changed; at the top of the table it reloads,
scrolled down it offers the new tasks instead of moving the rows under the user).
"""

from __future__ import annotations

import html
import time
from typing import Final

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QToolButton,
    QWidget,
)

from desktop.core.events.task_filter import TaskFilter
from desktop.core.history import CoveragePeriod, JournalReader, JournalTask
from desktop.ui.locale_format import format_count
from desktop.ui.monitor.coverage_strip import CoverageStrip
from desktop.ui.monitor.history_model import HistoryTaskModel, pinned
from desktop.ui.monitor.journal_service import JournalService
from desktop.ui.monitor.task_detail import TaskDetail
from desktop.ui.monitor.task_detail_text import MAX_CHILDREN
from desktop.ui.monitor.task_views import DATED_TIME_WIDTH, setup_task_table, size_columns
from desktop.ui.placeholder_view import PlaceholderTableView

POLL_MS: Final = 2000
#: The span the coverage strip shows when the filter names none.
COVERAGE_SPAN_S: Final = 86_400.0
#: The count line's link that reloads the history.
REFRESH_LINK: Final = "#refresh"


class ModeSwitch(QWidget):
    """Two joined buttons: Live | History.

    Signals:
        history_chosen(bool): History (True) or Live (False) was picked.
    """

    history_chosen = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live_button = QToolButton()
        self.live_button.setText(self.tr("Live"))
        self.live_button.setToolTip(self.tr("Tasks heard since the app connected, as they run."))
        self.history_button = QToolButton()
        self.history_button.setText(self.tr("History"))
        self.history_button.setToolTip(
            self.tr("Every task in the journal, earlier sessions included.")
        )
        group = QButtonGroup(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        for button in (self.live_button, self.history_button):
            button.setCheckable(True)
            button.setAutoRaise(False)
            group.addButton(button)
            row.addWidget(button)
        self.live_button.setChecked(True)
        self.history_button.toggled.connect(self.history_chosen)

    @property
    def history(self) -> bool:
        return self.history_button.isChecked()

    def set_history(self, on: bool) -> None:
        (self.history_button if on else self.live_button).setChecked(True)


class TasksHistory(QObject):
    """The history side of the Tasks view (module docstring).

    Signals:
        mode_changed(bool): history mode on (True) or off.
        status_changed(): the count line's text changed (:meth:`status_html`).
        names_found(object): the task names the journal has seen (a list).
    """

    mode_changed = Signal(bool)
    status_changed = Signal()
    names_found = Signal(object)

    def __init__(self, service: JournalService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._active = False
        self._newer = 0
        self._error: str | None = None
        self._range_label: str | None = None
        self.switch = ModeSwitch()
        #: Which periods the journal heard live, caught up, backfilled or missed.
        self.coverage = CoverageStrip()
        self.coverage.hide()
        self.model = HistoryTaskModel(service, self)
        self.table = PlaceholderTableView()
        self.table.setModel(self.model)
        self._setup_table()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._on_poll_timeout)
        self.switch.history_chosen.connect(self.set_active)
        self.model.loaded.connect(self._on_model_loaded)
        self.model.failed.connect(self._on_model_failed)
        self.model.rowsInserted.connect(self.status_changed)

    def _setup_table(self) -> None:
        setup_task_table(self.table)
        size_columns(self.table, DATED_TIME_WIDTH)
        self.table.set_placeholder(self.tr("Reading the journal…"))

    # -- public API ------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self._active

    @property
    def available(self) -> bool:
        """Whether there is a journal to browse (it is switched on)."""
        return self._service.path is not None

    @Slot(bool)
    def set_active(self, on: bool) -> None:
        """Show the history (True) or the live tasks."""
        if on == self._active:
            return
        self._active = on
        self.switch.set_history(on)
        self.coverage.setVisible(on)
        if on:
            self.model.refresh()
            self._poll.start()
            self._service.submit("names", lambda r: r.names("name"), self.names_found.emit)
        else:
            self._poll.stop()
        self.mode_changed.emit(on)
        self.status_changed.emit()

    def set_filter(self, task_filter: TaskFilter, range_label: str | None = None) -> None:
        """The Tasks view's filter changed: ask the journal (only while shown).
        ``range_label`` names a rolling range ("Last hour"): the coverage strip's title."""
        self._range_label = range_label
        if self._active:
            self.model.set_filter(task_filter)
        else:
            self.model.set_filter_quietly(task_filter)

    def open_if_earlier_tasks(self, live_tasks: int) -> None:
        """Start in history mode when the journal holds tasks and this session none yet:
        the app opens on what happened before (last night's failures)."""
        if live_tasks or self._active:
            return

        def count(reader: JournalReader) -> int:
            return reader.stats().tasks

        self._service.submit("history-open", count, self._on_open_count)

    def attach_detail(self, detail: TaskDetail) -> None:
        """Let ``detail`` show tasks the live store does not hold, from the journal."""

        def look_up(uuid: str) -> None:
            def read(reader: JournalReader) -> tuple[JournalTask | None, list[JournalTask]]:
                return reader.task(uuid), reader.children(uuid, MAX_CHILDREN)

            asked = self._service.submit(
                "detail",
                read,
                lambda found: detail.show_journal_task(uuid, found),
                lambda _error: detail.show_journal_task(uuid, None),
            )
            if not asked:
                detail.show_journal_task(uuid, None)

        detail.set_lookup(look_up)

    def reload(self) -> None:
        self._newer = 0
        self.model.refresh()

    def status_html(self) -> str:
        """The count line in history mode (rich text; the refresh link is ``REFRESH_LINK``)."""
        if self._error is not None:
            return html.escape(self._error)
        model = self.model
        if not model.ready:
            return html.escape(self.tr("Reading the journal…"))
        text = self.tr("{0} journaled tasks match, {1} loaded (more as you scroll)").format(
            format_count(model.total), format_count(model.rowCount())
        )
        if model.total == 1:  # English has no catalog: the singular needs a text of its own
            text = self.tr("%Ln journaled task matches", "", 1)
        elif model.rowCount() >= model.total:
            text = self.tr("%Ln journaled tasks match", "", model.total)
        parts = [html.escape(text)]
        if self._newer:
            more = self.tr("%n new since loaded: show", "", self._newer)
            parts.append(f'<a href="{REFRESH_LINK}">{html.escape(more)}</a>')
        return " &nbsp; ".join(parts)

    # -- slots -----------------------------------------------------------------------------

    @Slot(int)
    def _on_open_count(self, tasks: int) -> None:
        if tasks:
            self.set_active(True)

    @Slot()
    def _on_model_loaded(self) -> None:
        self._error = None
        self._newer = 0
        self.table.set_placeholder(
            self.tr("No journaled task matches the search and filters.")
            if self.model.query.filter != TaskFilter()
            else self.tr("The journal holds no tasks yet.")
        )
        self.status_changed.emit()
        self._ask_coverage()

    def _ask_coverage(self) -> None:
        task_filter = self.model.query.filter
        until = task_filter.until or time.time()
        since = task_filter.since or until - COVERAGE_SPAN_S
        if task_filter.since is None:
            title = self.tr("Last 24 hours:")
        elif self._range_label and task_filter.until is None:
            title = self.tr("{0}:", "a rolling range, e.g. 'Last hour:'").format(self._range_label)
        else:
            title = self.tr("Searched period:")

        def periods(reader: JournalReader) -> list[CoveragePeriod]:
            return reader.coverage(since, until)

        self._service.submit(
            "coverage",
            periods,
            lambda found: self.coverage.set_periods(found, since, until, title),
        )

    @Slot(str)
    def _on_model_failed(self, message: str) -> None:
        if not self.available:
            self._error = self.tr(
                "The journal is switched off (Preferences > History): only live tasks are shown."
            )
        else:
            self._error = self.tr("No journal yet: it starts with the first connection.")
        self.table.set_placeholder(self._error)
        self.status_changed.emit()

    @Slot()
    def _on_poll_timeout(self) -> None:
        if not self.model.ready or not self.table.isVisible():
            return
        query, since = self.model.query, self.model.asked_at

        def newer(reader: JournalReader) -> tuple[bool, int]:
            changed = reader.changed()
            if not changed or since is None:
                return changed, -1
            fresh = reader.count(query) - reader.count(pinned(query, since))
            return changed, fresh

        self._service.submit("history-poll", newer, self._on_poll_answer)

    def _on_poll_answer(self, answer: tuple[bool, int]) -> None:
        changed, fresh = answer
        at_top = self.table.verticalScrollBar().value() == 0
        if changed and at_top and self._active:
            self.model.refresh()  # the first page again: new tasks, finished ones
        elif fresh >= 0 and fresh != self._newer:
            self._newer = fresh
            self.status_changed.emit()
