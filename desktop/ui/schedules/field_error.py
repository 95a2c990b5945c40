"""Errors shown at the field: a red label under the widget and a red frame around it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

ERROR_COLOUR = "#d32f2f"
_FRAME = f"border: 1px solid {ERROR_COLOUR}; border-radius: 2px;"


class FieldError(QLabel):
    """A small red message tied to one input; hidden while there is nothing to say."""

    def __init__(self, target: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.hide()

    def show_error(self, message: str | None) -> None:
        if message:
            self.setText(message)
            self.show()
            self.target.setStyleSheet(_FRAME)
        else:
            self.clear()
            self.hide()
            self.target.setStyleSheet("")

    def message(self) -> str:
        return "" if self.isHidden() else self.text()
