"""The detail panel of one task: every field, progress, timeline, family links, traceback.

The timeline comes from the event times the store keeps per task (sent, received, started,
retried, succeeded, failed, revoked, rejected and the last event's time): one slot each, so
a task retried three times shows its last retry. Times are the senders' clocks, so a gap
between a client's and a worker's event can show clock skew (a negative duration says so).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QLocale, Qt, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.control.backend_state import BackendState
from desktop.core.events import EventStore, TaskRecord
from desktop.core.history import JournalTask
from desktop.ui.locale_format import format_count
from desktop.ui.monitor import timefmt
from desktop.ui.monitor.task_columns import state_colour
from desktop.ui.monitor.task_detail_parts import FieldsForm, TimelineView, TracebackBox
from desktop.ui.monitor.task_detail_text import (
    MAX_CHILDREN,
    children_of,
    field_text,
    link,
    moment_text,
    runtime_text,
)
from desktop.ui.monitor.task_timeline import (
    LAST_EVENT,
    event_label,
    journal_points,
    live_points,
    origin_text,
    timeline,
)

__all__ = ["LAST_EVENT", "TaskDetail", "children_of", "event_label", "timeline"]


class TaskDetail(QWidget):
    """Shows one task of a store; follows its updates when :meth:`refresh` is called.

    Signals:
        task_activated(str): a parent, root or child link was clicked (its task id).
    """

    task_activated = Signal(str)

    def __init__(self, store: EventStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._uuid: str | None = None
        self._children: list[TaskRecord] = []
        self._backend: BackendState | None = None
        #: The shown task as the journal has it (a task the live store does not hold).
        self._history: JournalTask | None = None
        self._lookup: Callable[[str], None] | None = None
        self._origin = QLabel()
        self._origin.setWordWrap(True)
        self._origin.setStyleSheet("color: palette(placeholder-text);")
        self._title = QLabel()
        self._title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._copy_id = QPushButton(self.tr("Copy ID"))
        self._copy_id.clicked.connect(self._on_copy_id_clicked)
        self._progress = QProgressBar()
        self._progress.setTextVisible(True)
        self._progress.hide()
        title_row = QHBoxLayout()
        title_row.addWidget(self._title, 1)
        title_row.addWidget(self._copy_id)
        self._title_row = title_row
        self._fields = FieldsForm()
        self._fields.link_activated.connect(self.task_activated)
        self._timeline = TimelineView()
        self._traceback = TracebackBox()
        self._empty = QLabel(self.tr("Select a task to see its details."))
        self._body = QWidget()
        self._assemble()
        timefmt.notifier().zone_changed.connect(self._on_zone_changed)

    def _assemble(self) -> None:
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(QLabel(self.tr("<b>Timeline</b>")))
        right_column.addWidget(self._timeline)
        right_column.addWidget(self._traceback, 1)
        right_column.addStretch(0)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self._fields)
        body.addWidget(right)
        body.setChildrenCollapsible(False)
        body.setSizes([450, 550])
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column = QVBoxLayout(self._body)
        column.setContentsMargins(6, 6, 6, 6)
        column.addLayout(self._title_row)
        column.addWidget(self._origin)
        column.addWidget(self._progress)
        column.addWidget(body, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._empty)
        outer.addWidget(self._body)
        self._body.hide()

    # -- public API ------------------------------------------------------------------------

    def add_title_actions(self, actions: list[QAction]) -> None:
        """Buttons for ``actions`` (revoke, retry...) in the title row, before Copy ID."""
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            if action.menu() is not None:
                button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
            self._title_row.insertWidget(self._title_row.count() - 1, button)

    @property
    def uuid(self) -> str | None:
        return self._uuid

    def set_store(self, store: EventStore) -> None:
        self._store = store
        self.show_task(self._uuid)

    def set_lookup(self, lookup: Callable[[str], None] | None) -> None:
        """``lookup(uuid)`` asks the journal for a task the store does not hold; it answers
        through :meth:`show_journal_task`."""
        self._lookup = lookup

    def show_task(self, uuid: str | None) -> None:
        """Show the task ``uuid`` (None: nothing); from the journal when not held."""
        self._uuid = uuid
        if self._backend is not None and self._backend.task_id != uuid:
            self._backend = None
        self._history = None
        task = self._store.get(uuid) if uuid is not None else None
        if task is None and uuid is not None and self._lookup is not None:
            self._empty.setText(self.tr("Reading task {0} from the journal…").format(uuid))
            self._empty.show()
            self._body.hide()
            self._lookup(uuid)
            return
        self._children = children_of(self._store, task.uuid) if task is not None else []
        self._render(task)

    def show_journal_task(
        self, uuid: str, found: tuple[JournalTask | None, list[JournalTask]] | None
    ) -> None:
        """The journal's answer for ``uuid``: the task and its children (None: unreadable)."""
        if uuid != self._uuid or self._store.get(uuid) is not None:
            return  # another task is shown now, or this one came in live meanwhile
        task, children = found or (None, [])
        self._history = task
        self._children = [child.record for child in children if child.record.uuid != uuid]
        self._render(task.record if task is not None else None)

    def refresh(self) -> None:
        """Re-read the shown task (call it when a batch updated it)."""
        if self._uuid is None:
            return
        live = self._store.get(self._uuid)
        if live is not None or self._history is None:
            self._history = None
            self._render(live)

    def set_backend_state(self, state: BackendState | None) -> None:
        """What the result backend holds for the shown task (PROGRESS meta of update_state)."""
        if state is not None and state.task_id != self._uuid:
            return
        self._backend = state
        task = self._store.get(self._uuid) if self._uuid is not None else None
        if task is not None:
            self._render_progress(task)

    # -- rendering -------------------------------------------------------------------------

    def _render(self, task: TaskRecord | None) -> None:
        if task is None:
            self._empty.setText(
                self.tr("Select a task to see its details.")
                if self._uuid is None
                else self._missing_text(self._uuid)
            )
            self._empty.show()
            self._body.hide()
            return
        self._empty.hide()
        self._body.show()
        colour = state_colour(task.state).name()
        name = task.name or self.tr("(unnamed)")
        self._title.setText(
            f'<span style="color:{colour}; font-weight:bold">● {html.escape(task.state or "?")}'
            f"</span>&nbsp;&nbsp;<b>{html.escape(name)}</b>"
            f"&nbsp;&nbsp;<code>{html.escape(task.uuid)}</code>"
        )
        history = self._history
        self._origin.setText(origin_text(history) if history is not None else "")
        self._origin.setVisible(history is not None)
        self._render_progress(task)
        self._render_fields(task)
        self._timeline.show_points(
            task, live_points(task) if history is None else journal_points(history)
        )
        self._traceback.set_text(task.traceback or "")

    def _render_progress(self, task: TaskRecord) -> None:
        progress, state, source = task.progress(), task.state or "", ""
        backend = self._backend
        if progress is None and backend is not None and not task.finished:
            progress, state = backend.progress(), backend.status
            source = self.tr(" · from the result backend")
        if progress is None:
            self._progress.hide()
            return
        done, total = progress
        self._progress.setRange(0, 1000)
        self._progress.setValue(round(1000 * min(done, total) / total))
        percent = QLocale().toString(100 * done / total, "f", 0)
        self._progress.setFormat(f"{state} {done:g} / {total:g} ({percent}%){source}")
        self._progress.show()

    def _render_fields(self, task: TaskRecord) -> None:
        # state, name and id are in the title; sent/received/finished times in the timeline
        same_route = task.routing_key in (None, task.queue)
        root = self._family_link(task.root_id)
        parent = task.parent_id if task.parent_id != task.uuid else None
        rows: list[tuple[str, str]] = [
            (self.tr("Args"), field_text(task.args or "")),
            (self.tr("Kwargs"), field_text(task.kwargs or "")),
            (self.tr("Result"), field_text(task.result) if task.result is not None else ""),
            (
                self.tr("Exception"),
                field_text(task.exception) if task.exception is not None else "",
            ),
            (self.tr("Worker"), html.escape(task.worker or "")),
            (self.tr("Queue"), html.escape(task.queue or "")),
            (self.tr("Exchange"), html.escape(task.exchange or "")),
            (self.tr("Routing key"), "" if same_route else html.escape(task.routing_key or "")),
            (self.tr("Retries"), format_count(task.retry_count)),
            (self.tr("Runtime"), html.escape(runtime_text(task))),
            (self.tr("ETA"), html.escape(moment_text(task.eta))),
            (self.tr("Expires"), html.escape(moment_text(task.expires))),
            (self.tr("Parent"), self._family_link(parent)),
            (self.tr("Root"), "" if task.root_id in (task.uuid, parent) else root),
            (self.tr("Children"), self._children_links()),
        ]
        for key, value in sorted((task.extra or {}).items()):
            rows.append((key, field_text(value)))
        self._fields.set_rows(rows)

    def _family_link(self, uuid: str | None) -> str:
        if not uuid:
            return ""
        relative = self._store.get(uuid)
        suffix = f" ({html.escape(relative.name or '?')})" if relative is not None else ""
        return link(uuid) + suffix

    def _children_links(self) -> str:
        links = [
            f'<span style="color:{state_colour(c.state).name()}">●</span> '
            + link(c.uuid, f"{c.name or '?'} {c.uuid[:8]}")
            + f" {html.escape(c.state or '')}"
            for c in self._children
        ]
        if len(self._children) >= MAX_CHILDREN:
            links.append(html.escape(self.tr("… (the first {0})").format(MAX_CHILDREN)))
        return "<br>".join(links)

    def _missing_text(self, uuid: str) -> str:
        if self._lookup is not None:
            return self.tr("Task {0} is neither held nor in the journal.").format(uuid)
        return self.tr("Task {0} is no longer held (evicted or cleared).").format(uuid)

    # -- slots -----------------------------------------------------------------------------

    @Slot()
    def _on_copy_id_clicked(self) -> None:
        if self._uuid is not None:
            QGuiApplication.clipboard().setText(self._uuid)

    @Slot(str)
    def _on_zone_changed(self, _zone: str) -> None:
        self.refresh()

    def traceback_text(self) -> str:
        return self._traceback.text()

    def field_texts(self) -> dict[str, str]:
        """Label to plain text of the shown fields (for tests and accessibility)."""
        return self._fields.texts()

    def timeline_rows(self) -> list[list[str]]:
        return self._timeline.rows()

    def progress_text(self) -> str | None:
        return self._progress.format() if self._progress.isVisibleTo(self) else None
