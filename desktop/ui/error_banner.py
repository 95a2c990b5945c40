"""The strip at the top of the window that reports an unexpected error and lets work go on."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class ErrorBanner(QWidget):
    """A dismissible strip that reports unexpected errors without stopping the app."""

    def __init__(self) -> None:
        super().__init__()
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._details = ""
        close = QPushButton(self.tr("Dismiss"))
        close.setFlat(True)
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 10, 4)
        row.addWidget(self._label, 1)
        row.addWidget(close)
        self.setAutoFillBackground(True)
        self.setStyleSheet("background: #fdecea; color: #8a1c1c;")
        self.hide()

    @Slot(str, str)
    def show_error(self, summary: str, details: str) -> None:
        self._details = details
        self._label.setText(
            self.tr("Unexpected error (the app keeps running; details in the log): {0}").format(
                summary
            )
        )
        self._label.setToolTip(details)
        self.show()
