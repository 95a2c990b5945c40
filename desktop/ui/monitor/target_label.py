"""The "Act on …:" label of an action bar: a fixed width, so the buttons never move.

A toolbar lays its widgets out one after the other, so a label whose text follows the
selection ("Act on celery_desk_demo.tasks.slow [4e2bd873]:", then "Act on 3 tasks:") would
push every button after it left and right under the mouse. This label keeps one width and
shortens a longer text in the middle (the full text is its tooltip).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

#: Average characters the label has room for (about a task name and a short id).
WIDTH_IN_CHARS = 44


class TargetLabel(QLabel):
    """A label of fixed width that elides its text in the middle (see the module docstring)."""

    def __init__(self, chars: int = WIDTH_IN_CHARS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        # its size hints say the one width it keeps: it shortens its text to fit
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self._width = self.fontMetrics().averageCharWidth() * chars
        self.setFixedWidth(self._width)
        self.setContentsMargins(0, 0, 8, 0)

    def sizeHint(self) -> QSize:
        return QSize(self._width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, room)
        self.setText(shown)
        self.setToolTip(self._full if shown != self._full else "")
