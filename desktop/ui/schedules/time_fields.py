"""Time and date-time fields in which typed digits count.

A click into a QDateTimeEdit puts the text cursor between characters; a digit typed there
is inserted (``09:00`` becomes ``079:00``), the field rejects the text, and the digit is
lost: typing a time seemed to do nothing. Here a click or focus selects the section under
the cursor (the hour, the minutes...), so a digit replaces it, as the arrow keys do.
"""

from __future__ import annotations

from PySide6.QtGui import QFocusEvent, QMouseEvent
from PySide6.QtWidgets import QDateTimeEdit, QTimeEdit


class TypableTimeEdit(QTimeEdit):
    """A QTimeEdit whose section under a click is selected, ready to be typed over."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self.setSelectedSection(self.currentSection())

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.setSelectedSection(self.currentSection())


class TypableDateTimeEdit(QDateTimeEdit):
    """A QDateTimeEdit whose section under a click is selected, ready to be typed over."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self.setSelectedSection(self.currentSection())

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.setSelectedSection(self.currentSection())
