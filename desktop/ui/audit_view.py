"""The audit log viewer: every action taken or refused, newest first, with a filter box.

:class:`AuditTableModel` holds :class:`AuditEntry` rows (raw values under
:data:`RAW_ROLE`); :class:`AuditDialog` reads the log off the GUI thread when given a runner,
and filters on everything an entry holds (profile, action, targets, parameters, replies).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.control.audit import (
    OUTCOME_FAILED,
    OUTCOME_OK,
    OUTCOME_REFUSED,
    AuditEntry,
    AuditLog,
)
from desktop.core.control.guard import action_label
from desktop.core.i18n import translate
from desktop.ui.background import BackgroundRunner
from desktop.ui.placeholder_view import PlaceholderTableView

RAW_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = 6
_Index = QModelIndex | QPersistentModelIndex


def header(section: int) -> str:
    texts = (
        translate("AuditTableModel", "Time"),
        translate("AuditTableModel", "Profile"),
        translate("AuditTableModel", "Action"),
        translate("AuditTableModel", "Targets"),
        translate("AuditTableModel", "Outcome"),
        translate("AuditTableModel", "Replies"),
    )
    return texts[section]


def outcome_text(outcome: str) -> str:
    """The outcome as shown; the log keeps its stable word (ok, failed, refused)."""
    texts = {
        OUTCOME_OK: translate("AuditTableModel", "ok"),
        OUTCOME_FAILED: translate("AuditTableModel", "failed"),
        OUTCOME_REFUSED: translate("AuditTableModel", "refused"),
    }
    return texts.get(outcome, outcome)


def _replies_text(entry: AuditEntry) -> str:
    parts = [f"{k}: {v}" for k, v in entry.replies.items()]
    if entry.reason:
        parts.insert(0, entry.reason)
    return "; ".join(parts)


class AuditTableModel(QAbstractTableModel):
    """Audit entries, in the order given (newest first)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[AuditEntry] = []
        self._texts: list[str] = []

    def set_entries(self, entries: list[AuditEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        # the log's words and the shown ones: "revoke" and "撤销" both find a revoke
        self._texts = [
            f"{e.search_text()} {action_label(e.action)} {outcome_text(e.outcome)}".casefold()
            for e in self._entries
        ]
        self.endResetModel()

    def entry_at(self, row: int) -> AuditEntry:
        return self._entries[row]

    def search_text(self, row: int) -> str:
        return self._texts[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < COLUMNS
        ):
            return header(section)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry, column = self._entries[index.row()], index.column()
        if role == RAW_ROLE:
            return entry.time if column == 0 else self._raw(entry, column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._display(entry, column)
            if role == Qt.ItemDataRole.ToolTipRole and column == 2:
                # the log's own word for it, as the filter finds it, and what it was given
                return "\n".join(filter(None, [text, entry.action, str(entry.parameters or "")]))
            return text
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and entry.outcome != OUTCOME_OK:
            return Qt.GlobalColor.darkRed
        return None

    @staticmethod
    def _raw(entry: AuditEntry, column: int) -> str:
        values = (
            entry.local_time,
            entry.profile,
            entry.action,
            ", ".join(entry.targets),
            entry.outcome,
            _replies_text(entry),
        )
        return values[column] if 0 <= column < len(values) else ""

    @classmethod
    def _display(cls, entry: AuditEntry, column: int) -> str:
        """As shown: the action and the outcome in the UI language (the log and the
        filter keep their stable words: ``rate_limit``, ``refused``)."""
        if column == 2:
            return action_label(entry.action)
        if column == 4:
            return outcome_text(entry.outcome)
        return cls._raw(entry, column)


class AuditFilterProxy(QSortFilterProxyModel):
    """Keeps entries whose text contains every word of the filter (case-insensitive)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(RAW_ROLE)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not self._words or not isinstance(model, AuditTableModel):
            return True
        text = model.search_text(source_row)
        return all(word in text for word in self._words)


class AuditDialog(QDialog):
    """A non-modal window over the audit log; Reload reads the file again."""

    def __init__(
        self,
        audit: AuditLog,
        runner: BackgroundRunner | None = None,
        parent: QWidget | None = None,
        limit: int = 10_000,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Audit log"))
        self.resize(980, 520)
        self._audit = audit
        self._runner = runner
        self._limit = limit
        self.model = AuditTableModel(self)
        self.proxy = AuditFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = PlaceholderTableView()
        self.view.setModel(self.proxy)
        self.view.set_placeholder(
            self.tr(
                "No actions recorded yet. Every revoke, purge, rate limit, pool change and "
                "task sent from this app is listed here, refused ones too."
            )
        )
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter: profile, action, task id, worker, reply…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.info = QLabel(self.tr("Log: {0}").format(audit.path))
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        reload_button = QPushButton(self.tr("Reload"))
        reload_button.clicked.connect(self.reload)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.info, stretch=1)
        bottom.addWidget(reload_button)
        bottom.addWidget(close)
        column = QVBoxLayout(self)
        column.addWidget(self.filter)
        column.addWidget(self.view, stretch=1)
        column.addLayout(bottom)
        self.reload()

    @Slot()
    def reload(self) -> None:
        audit, limit = self._audit, self._limit
        if self._runner is None:
            self._on_entries_read(audit.entries(limit))
        else:
            self._runner.submit(lambda: audit.entries(limit), self._on_entries_read)

    @Slot(object)
    def _on_entries_read(self, entries: list[AuditEntry]) -> None:
        self.model.set_entries(entries)
        self.view.resizeColumnsToContents()
        count = self.tr("%Ln entries, newest first", "", len(entries))
        self.info.setText(self.tr("{0} · {1}").format(count, self._audit.path))
