"""A non-blocking message strip: errors and notices without a modal box."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QWidget

BANNER_STYLES = {
    "error": "background: #fdecea; color: #8a1c1c; border: 1px solid #f5c2c0;",
    "warning": "background: #fff4e0; color: #7a4b00; border: 1px solid #f3d19c;",
    "info": "background: #e8f0fe; color: #1a3e7a; border: 1px solid #c3d5f7;",
}


class MessageBanner(QLabel):
    """Hidden until a message comes; the user dismisses it, or the next message replaces it.

    Signals:
        action_requested(str): the action link of the message was clicked (e.g. "undo").
    """

    action_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setContentsMargins(8, 4, 8, 4)
        self._plain = ""
        self.hide()
        self.linkActivated.connect(self._on_self_link_activated)

    def show_message(self, text: str, level: str = "error", action: str | None = None) -> None:
        parts = [html.escape(text)]
        if action:
            parts.append(f'<a href="{action}">{html.escape(self._action_label(action))}</a>')
        dismiss = html.escape(self.tr("Dismiss"))
        parts.append(f'<a href="dismiss">{dismiss}</a>')
        self.setText("&nbsp;&nbsp;".join(parts))
        self.setStyleSheet(BANNER_STYLES.get(level, BANNER_STYLES["info"]))
        self._plain = text
        self.show()

    def _action_label(self, action: str) -> str:
        labels = {"undo": self.tr("Undo"), "reload": self.tr("Reload presets")}
        return labels.get(action, action.capitalize())

    def message_text(self) -> str:
        """The message shown now, as plain text ("" when hidden)."""
        return "" if self.isHidden() else self._plain

    def dismiss(self) -> None:
        self._plain = ""
        self.hide()

    @Slot(str)
    def _on_self_link_activated(self, link: str) -> None:
        self.dismiss()
        if link != "dismiss":
            self.action_requested.emit(link)
