"""The Tasks view's toolbar: search, state/name/worker/time filters, pause, export, clear.

It turns what the user picks into one :class:`TaskFilter` (signal ``filter_changed``); a bad
query keeps the last good filter and says what is wrong under the search box. A relative
time range ("last 5 minutes") is re-applied every ``ROLLING_REFRESH_MS``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QDateTime, QTimer, QTimeZone, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.events.query import QueryError, parse_query
from desktop.core.events.task_filter import TaskFilter
from desktop.ui.monitor import timefmt
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.monitor.task_columns import STATE_COLOURS

SEARCH_DELAY_MS = 250
ROLLING_REFRESH_MS = 15_000
ALL = ""
RANGES = {"all": None, "5m": 300.0, "1h": 3600.0, "24h": 86400.0, "custom": None}


class FilterBar(QWidget):
    """Signals:
    filter_changed(object): the new :class:`TaskFilter`.
    export_requested(str): "csv" or "json".
    """

    filter_changed = Signal(object)
    export_requested = Signal(str)

    def __init__(self, hub: MonitorHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hub = hub
        self._names: set[str] = set()
        self._states: list[str] = list(STATE_COLOURS)
        self._custom_range: tuple[float, float] | None = None
        self._query = parse_query("")

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search, e.g. name:add state:failure NOT args:42"))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(
            self.tr(
                "<b>Search</b> (case-insensitive, parts of words match)<br>"
                "<code>add</code> – in name, id, args, kwargs, result or exception<br>"
                "<code>name:add</code> &nbsp;fields: name, id, args, kwargs, result, exception, "
                "traceback, worker, state, queue<br>"
                '<code>args:"two words"</code> – quotes keep spaces<br>'
                "<code>a b</code> or <code>a AND b</code> – both; <code>a OR b</code> – either<br>"
                "<code>NOT a</code> or <code>-a</code> – without; <code>( )</code> group<br>"
                "e.g. <code>state:failure AND NOT worker:beta</code>"
            )
        )
        self.search_error = QLabel()
        self.search_error.setStyleSheet("color: #d32f2f;")
        self.search_error.hide()
        self.states_button = QToolButton()
        self.states_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.states_menu = QMenu(self)
        self.states_button.setMenu(self.states_menu)
        self.name_combo = _combo(self.tr("All names"), 220)
        self.worker_combo = _combo(self.tr("All workers"), 180)
        self.range_combo = QComboBox()
        for key, label in (
            ("all", self.tr("All time")),
            ("5m", self.tr("Last 5 minutes")),
            ("1h", self.tr("Last hour")),
            ("24h", self.tr("Last 24 hours")),
            ("custom", self.tr("Custom…")),
        ):
            self.range_combo.addItem(label, key)
        self.pause_button = QToolButton()
        self.pause_button.setCheckable(True)
        self.pause_button.setToolTip(
            self.tr("Hold the live updates of every view; events are still collected.")
        )
        _fit_texts(self.pause_button, [self.tr("Resume"), self.tr("Pause")])
        export = QToolButton()
        export.setText(self.tr("Export"))
        export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(export)
        export_menu.addAction(
            self.tr("Visible rows as CSV…"), lambda: self.export_requested.emit("csv")
        )
        export_menu.addAction(
            self.tr("Visible rows as JSON…"), lambda: self.export_requested.emit("json")
        )
        export.setMenu(export_menu)
        clear = QToolButton()
        clear.setText(self.tr("Clear"))
        clear.setToolTip(self.tr("Forget every task held (workers stay)."))
        clear.clicked.connect(hub.clear_tasks)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 1)
        for widget in (self.states_button, self.name_combo, self.worker_combo,
                       self.range_combo, self.pause_button, export, clear):  # fmt: skip
            row.addWidget(widget)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.search_error)
        self._build_states_menu()

        self._connect_parts()

    def _connect_parts(self) -> None:
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._apply_search)
        self.name_combo.currentIndexChanged.connect(self._emit_filter)
        self.worker_combo.currentIndexChanged.connect(self._emit_filter)
        self.range_combo.activated.connect(self._on_range_combo_activated)
        self.pause_button.toggled.connect(self._on_pause_button_toggled)
        self._hub.paused_changed.connect(self._on_hub_paused_changed)
        self._rolling = QTimer(self)
        self._rolling.setInterval(ROLLING_REFRESH_MS)
        self._rolling.timeout.connect(self._emit_filter)
        self._workers_timer = QTimer(self)
        self._workers_timer.setInterval(2000)
        self._workers_timer.timeout.connect(self._refresh_workers)
        self._workers_timer.start()

    # -- what the page feeds in ------------------------------------------------------------

    def note_tasks(self, uuids: Iterable[str]) -> None:
        """Offer the names of these (new) tasks in the name filter."""
        tasks, names = self._hub.store.tasks, self._names
        fresh = {t.name for t in map(tasks.get, uuids) if t is not None and t.name}
        fresh -= names
        if fresh:
            names |= fresh
            _refill(self.name_combo, sorted(names))

    def offer_names(self, names: Iterable[str]) -> None:
        """Offer these task names too (the journal's, in history mode)."""
        fresh = set(names) - self._names
        if fresh:
            self._names |= fresh
            _refill(self.name_combo, sorted(self._names))

    def note_states(self, states: Iterable[str]) -> None:
        """Offer custom states (e.g. PROGRESS) once seen."""
        new = [s for s in states if s not in self._states]
        if new:
            self._states += sorted(new)
            self._build_states_menu()

    # -- setters (the counts' links, context menus, tests) ----------------------------------

    def set_states(self, states: set[str] | None) -> None:
        self.note_states(states or ())
        for action in self.states_menu.actions():
            if action.isCheckable():
                action.setChecked(states is None or action.data() in states)
        self._emit_filter()

    def set_name(self, name: str | None) -> None:
        if name and name not in self._names:
            self._names.add(name)
            _refill(self.name_combo, sorted(self._names))
        self.name_combo.setCurrentIndex(max(0, self.name_combo.findData(name or ALL)))

    def set_query(self, text: str) -> None:
        self.search.setText(text)
        self._apply_search()

    def range_label(self) -> str | None:
        """The picked range's name when it is one of the rolling ones ("Last hour"), else
        None (all time, or a custom range)."""
        key = self.range_combo.currentData()
        return self.range_combo.currentText() if key != "custom" and RANGES.get(key) else None

    def current_filter(self) -> TaskFilter:
        checked = {
            a.data() for a in self.states_menu.actions() if a.isCheckable() and a.isChecked()
        }
        states = None if len(checked) == len(self._states) else frozenset(checked)
        since = until = None
        key = self.range_combo.currentData()
        if key == "custom" and self._custom_range is not None:
            since, until = self._custom_range
        elif RANGES.get(key):
            since = time.time() - float(RANGES[key] or 0)
        return TaskFilter(
            states=states,
            name=self.name_combo.currentData() or None,
            worker=self.worker_combo.currentData() or None,
            since=since,
            until=until,
            query=self._query,
        )

    # -- slots -----------------------------------------------------------------------------

    @Slot()
    def _apply_search(self) -> None:
        self._search_timer.stop()
        try:
            query = parse_query(self.search.text())
        except QueryError as exc:
            self.search_error.setText(
                self.tr("Search not applied: {0} (at character {1})").format(exc, exc.position + 1)
            )
            self.search_error.show()
            self.search.setStyleSheet("QLineEdit { border: 1px solid #d32f2f; }")
            return
        self.search_error.hide()
        self.search.setStyleSheet("")
        if query.text != self._query.text:
            self._query = query
            self._emit_filter()

    @Slot()
    def _emit_filter(self) -> None:
        self._update_states_label()
        self.filter_changed.emit(self.current_filter())

    @Slot(int)
    def _on_range_combo_activated(self, _index: int) -> None:
        key = self.range_combo.currentData()
        if key == "custom":
            picked = _pick_range(self, self._custom_range)
            if picked is None:
                self.range_combo.setCurrentIndex(
                    0 if self._custom_range is None else self.range_combo.currentIndex()
                )
            else:
                self._custom_range = picked
        if RANGES.get(self.range_combo.currentData()):
            self._rolling.start()
        else:
            self._rolling.stop()
        self._emit_filter()

    @Slot(bool)
    def _on_pause_button_toggled(self, paused: bool) -> None:
        self._hub.set_paused(paused)

    @Slot(bool)
    def _on_hub_paused_changed(self, paused: bool) -> None:
        self.pause_button.setChecked(paused)
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))

    @Slot()
    def _refresh_workers(self) -> None:
        hosts = sorted(self._hub.store.workers.workers)
        current = [self.worker_combo.itemData(i) for i in range(1, self.worker_combo.count())]
        if hosts != current:
            _refill(self.worker_combo, hosts)

    def _build_states_menu(self) -> None:
        checked = {
            a.data() for a in self.states_menu.actions() if a.isCheckable() and not a.isChecked()
        }
        self.states_menu.clear()
        everything = self.states_menu.addAction(self.tr("All states"))
        everything.triggered.connect(lambda: self.set_states(None))
        self.states_menu.addSeparator()
        for state in self._states:
            action = QAction(state, self.states_menu)
            action.setData(state)
            action.setCheckable(True)
            action.setChecked(state not in checked)
            action.toggled.connect(self._emit_filter)
            self.states_menu.addAction(action)
        _fit_texts(self.states_button, self._states_texts())
        self._update_states_label()

    def _update_states_label(self) -> None:
        actions = [a for a in self.states_menu.actions() if a.isCheckable()]
        on = [a.data() for a in actions if a.isChecked()]
        if len(on) == len(actions):
            text = self.tr("All states")
        elif len(on) <= 2:
            text = ", ".join(on) or self.tr("No state")
        else:
            text = self.tr("%n states", "", len(on))
        self.states_button.setText(text)

    def _states_texts(self) -> list[str]:
        """Every text the states button can show: it is as wide as the widest."""
        longest = sorted(self._states, key=len)[-2:]
        return [
            self.tr("All states"),
            self.tr("No state"),
            self.tr("%n states", "", len(self._states)),
            ", ".join(longest),
        ]


def _fit_texts(button: QToolButton, texts: list[str]) -> None:
    """A fixed width that fits each of ``texts`` (the last one is shown): a button that
    changes its text does not move its neighbours."""
    widths = []
    for text in texts:
        button.setText(text)
        widths.append(button.sizeHint().width())
    button.setFixedWidth(max(widths))


def _combo(all_label: str, width: int) -> QComboBox:
    combo = QComboBox()
    combo.addItem(all_label, ALL)
    combo.setMinimumContentsLength(14)
    combo.setMaximumWidth(width)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


def _refill(combo: QComboBox, values: list[str]) -> None:
    """Replace the choices after "All", keeping the current one selected."""
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for value in values:
        combo.addItem(value, value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)


def _zone() -> QTimeZone:
    zone = timefmt.formatter().zone
    if zone == timefmt.LOCAL:
        return QTimeZone.systemTimeZone()
    if zone == "UTC":
        return QTimeZone.utc()
    return QTimeZone(zone.encode())


def _pick_range(parent: QWidget, current: tuple[float, float] | None) -> tuple[float, float] | None:
    """Ask for a custom time range (in the display zone); None when cancelled."""
    translate = QCoreApplication.translate
    dialog = QDialog(parent)
    dialog.setWindowTitle(translate("TimeRangeDialog", "Custom time range"))
    now = time.time()
    start, end = current or (now - 3600, now)
    edits = []
    form = QFormLayout()
    for label, value in (
        (translate("TimeRangeDialog", "From"), start),
        (translate("TimeRangeDialog", "To"), end),
    ):
        edit = QDateTimeEdit(QDateTime.fromMSecsSinceEpoch(int(value * 1000), _zone()))
        edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        edit.setCalendarPopup(True)
        edits.append(edit)
        form.addRow(label, edit)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    column = QVBoxLayout(dialog)
    column.addLayout(form)
    zone = timefmt.formatter().zone_label()
    column.addWidget(QLabel(translate("TimeRangeDialog", "Times in {0}").format(zone)))
    column.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    low, high = (e.dateTime().toMSecsSinceEpoch() / 1000 for e in edits)
    return (min(low, high), max(low, high))
