"""Errors shown at the field: a red label under the widget and a red frame around it.

A message may hold a long token (a pasted value, a module path) that word wrap cannot
break; it would widen the whole form until its edge is cut off. :func:`breakable` lets such
a token wrap anywhere, so a label's width comes from the form, never from its message.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

ERROR_COLOUR = "#d32f2f"
_FRAME = f"border: 1px solid {ERROR_COLOUR}; border-radius: 2px;"
#: Characters of an unbroken run after which a wrapping label may break it.
BREAK_EVERY = 12
_ZERO_WIDTH_SPACE = "\u200b"


def breakable(text: str, every: int = BREAK_EVERY) -> str:
    """``text`` with a zero-width space every ``every`` characters of a run without spaces,
    so a word-wrapping label can break a long token (it shows nothing there)."""
    out: list[str] = []
    run = 0
    for char in text:
        if char.isspace():
            run = 0
        elif run >= every:
            out.append(_ZERO_WIDTH_SPACE)
            run = 0
        out.append(char)
        run += 0 if char.isspace() else 1
    return "".join(out)


class WrappingLabel(QLabel):
    """A word-wrapping label whose text never sets its minimum width (see the module)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._plain = ""
        self.set_plain(text)

    def set_plain(self, text: str) -> None:
        self._plain = text
        self.setText(breakable(text))

    def plain(self) -> str:
        """The text as given (without the break opportunities)."""
        return self._plain


class FieldError(WrappingLabel):
    """A small red message tied to one input; hidden while there is nothing to say."""

    def __init__(self, target: QWidget, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.target = target
        self.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.hide()

    def show_error(self, message: str | None) -> None:
        if message:
            self.set_plain(message)
            self.show()
            self.target.setStyleSheet(_FRAME)
        else:
            self.set_plain("")
            self.hide()
            self.target.setStyleSheet("")

    def message(self) -> str:
        return "" if self.isHidden() else self.plain()
