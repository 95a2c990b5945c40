"""A live log of one process: level colours, search, follow-tail, clear and copy.

Lines are queued and written in batches by a short timer, never one widget update per
line; the document is capped to the buffer size, so old blocks fall off the top.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.processes.logs import LogLevel, LogLine, Stream

FLUSH_INTERVAL_MS = 100
MAX_HIGHLIGHTS = 1000
LEVEL_COLOURS = {
    LogLevel.CRITICAL: QColor("#d32f2f"),
    LogLevel.ERROR: QColor("#d32f2f"),
    LogLevel.WARNING: QColor("#c77700"),
    LogLevel.DEBUG: QColor("#8a8a8a"),
}
NOTE_COLOUR = QColor("#5c6bc0")
MATCH_COLOUR = QColor("#ffe082")


class LogView(QWidget):
    """Shows ``LogLine`` objects as they come.

    Signals:
        cleared(): the user cleared the log (the owner may clear its buffer too).
    """

    cleared = Signal()

    def __init__(self, max_lines: int = 10_000, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pending: list[LogLine] = []
        self._has_lines = False

        self._search = QLineEdit(self)
        self._search.setPlaceholderText(self.tr("Search log"))
        self._search.setClearButtonEnabled(True)
        self._search.setMinimumWidth(240)
        self._previous = QToolButton(self)
        self._previous.setText(self.tr("Previous"))
        self._next = QToolButton(self)
        self._next.setText(self.tr("Next"))
        self._matches = QLabel(self)
        self._follow = QCheckBox(self.tr("Follow"), self)
        self._follow.setChecked(True)
        self._follow.setToolTip(self.tr("Keep the newest line in view"))
        self._clear = QToolButton(self)
        self._clear.setText(self.tr("Clear"))
        self._copy = QToolButton(self)
        self._copy.setText(self.tr("Copy"))
        self._copy.setToolTip(
            self.tr("Copy the selection, or the whole log when nothing is selected")
        )

        self._text = QPlainTextEdit(self)
        self._text.setReadOnly(True)
        self._text.setMaximumBlockCount(max_lines)
        self._text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._text.setPlaceholderText(self.tr("No output yet"))

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        left: list[QWidget] = [self._search, self._previous, self._next, self._matches]
        right: list[QWidget] = [self._follow, self._clear, self._copy]
        for widget in left:
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in right:
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self._text, 1)

        self._flush_timer = QTimer(self)
        self._flush_timer.setInterval(FLUSH_INTERVAL_MS)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.timeout.connect(self._on_flush_timer_timeout)
        self._search.textChanged.connect(self._on_search_text_changed)
        self._search.returnPressed.connect(self.find_next)
        self._next.clicked.connect(self.find_next)
        self._previous.clicked.connect(self.find_previous)
        self._follow.toggled.connect(self._on_follow_toggled)
        self._clear.clicked.connect(self._on_clear_clicked)
        self._copy.clicked.connect(self._on_copy_clicked)
        self._text.verticalScrollBar().actionTriggered.connect(self._on_scrollbar_action)

    # -- content ---------------------------------------------------------------------------

    def set_lines(self, lines: list[LogLine]) -> None:
        """Replace the content (another process was selected)."""
        self._pending = []
        self._text.clear()
        self._has_lines = False
        self._write(lines)
        self._after_write()

    def append_lines(self, lines: list[LogLine]) -> None:
        """Queue lines; they appear within ``FLUSH_INTERVAL_MS``."""
        self._pending.extend(lines)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def flush(self) -> None:
        """Write the queued lines now."""
        self._flush_timer.stop()
        pending, self._pending = self._pending, []
        if pending:
            self._write(pending)
            self._after_write()

    def plain_text(self) -> str:
        return self._text.toPlainText()

    @property
    def follow_tail(self) -> bool:
        return self._follow.isChecked()

    def set_follow_tail(self, follow: bool) -> None:
        self._follow.setChecked(follow)

    def set_search_text(self, text: str) -> None:
        self._search.setText(text)

    def match_count(self) -> int:
        return len(self._text.extraSelections())

    def _write(self, lines: list[LogLine]) -> None:
        cursor = QTextCursor(self._text.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        for line in lines:
            if self._has_lines:
                cursor.insertBlock()
            self._has_lines = True
            cursor.insertText(line.text, self._format(line))
        cursor.endEditBlock()

    @staticmethod
    def _format(line: LogLine) -> QTextCharFormat:
        fmt = QTextCharFormat()
        if line.stream is Stream.SUPERVISOR:
            fmt.setFontItalic(True)
            fmt.setForeground(LEVEL_COLOURS.get(line.level or LogLevel.INFO, NOTE_COLOUR))
        elif line.level in LEVEL_COLOURS:
            fmt.setForeground(LEVEL_COLOURS[line.level])
        if line.level in (LogLevel.ERROR, LogLevel.CRITICAL):
            fmt.setFontWeight(QFont.Weight.DemiBold)
        return fmt

    def _after_write(self) -> None:
        if self._search.text():
            self._highlight(self._search.text())
        if self._follow.isChecked():
            self._scroll_to_end()

    def _scroll_to_end(self) -> None:
        bar = self._text.verticalScrollBar()
        bar.setValue(bar.maximum())

    # -- search ----------------------------------------------------------------------------

    @Slot()
    def find_next(self) -> bool:
        return self._find(QTextDocument.FindFlag(0))

    @Slot()
    def find_previous(self) -> bool:
        return self._find(QTextDocument.FindFlag.FindBackward)

    def _find(self, flags: QTextDocument.FindFlag) -> bool:
        needle = self._search.text()
        if not needle:
            return False
        self._follow.setChecked(False)  # jumping to a match must not be undone by new lines
        if self._text.find(needle, flags):
            return True
        # Wrap around: from the start going forward, from the end going back.
        cursor = self._text.textCursor()
        backward = bool(flags & QTextDocument.FindFlag.FindBackward)
        cursor.movePosition(
            QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
        )
        self._text.setTextCursor(cursor)
        return self._text.find(needle, flags)

    def _highlight(self, needle: str) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        document = self._text.document()
        cursor = document.find(needle, 0)
        while not cursor.isNull() and len(selections) < MAX_HIGHLIGHTS:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format.setBackground(MATCH_COLOUR)
            selections.append(selection)
            cursor = document.find(needle, cursor)
        self._text.setExtraSelections(selections)
        self._matches.setText(self._count_text(len(selections)) if needle else "")

    def _count_text(self, count: int) -> str:
        if count >= MAX_HIGHLIGHTS:
            return self.tr("%n+ matches", "", count)  # only the first MAX_HIGHLIGHTS are marked
        if count == 1:
            return self.tr("%n match", "", count)
        return self.tr("%n matches", "", count)

    # -- slots -----------------------------------------------------------------------------

    @Slot()
    def _on_flush_timer_timeout(self) -> None:
        self.flush()

    @Slot(str)
    def _on_search_text_changed(self, text: str) -> None:
        if text:
            self._highlight(text)
        else:
            self._text.setExtraSelections([])
            self._matches.setText("")

    @Slot(bool)
    def _on_follow_toggled(self, follow: bool) -> None:
        if follow:
            self._scroll_to_end()

    @Slot(int)
    def _on_scrollbar_action(self, _action: int) -> None:
        # Scrolling up by hand pauses following; scrolling back to the end resumes it.
        bar = self._text.verticalScrollBar()
        self._follow.setChecked(bar.sliderPosition() >= bar.maximum())

    @Slot()
    def _on_clear_clicked(self) -> None:
        self.set_lines([])
        self.cleared.emit()

    @Slot()
    def _on_copy_clicked(self) -> None:
        cursor = self._text.textCursor()
        text = cursor.selectedText().replace("\u2029", "\n") if cursor.hasSelection() else ""
        QGuiApplication.clipboard().setText(text or self._text.toPlainText())
