"""A one-line label that shortens its text to the width it gets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidingLabel(QLabel):
    """A one-line label that shortens its text with "…" to the width it gets, instead of
    widening the bar (and the window) for a long error; the whole text is its tooltip.
    ``mode``: where the "…" goes (a file path keeps its file name with ``ElideMiddle``)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
    ) -> None:
        super().__init__(parent)
        self._full = ""
        self._tip = ""
        self._mode = mode
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str, tip: str = "") -> None:
        self._full, self._tip = text, tip
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, self._mode, max(self.width(), 1))
        self.setText(shown)
        parts = [self._full] if shown != self._full else []
        self.setToolTip("\n".join([*parts, self._tip]).strip())
