"""Finds texts a layout cut off: a label or button narrower than its own size hint, a
word-wrapped label lower than its text, a toolbar whose actions overflowed into its ``»``.

Each widget is measured against its own size hint (what it needs to show its text in its
font), so the check needs no knowledge of the text: a longer translation fails it exactly
where the English would fit. Widgets that elide on purpose are exempted by name, with why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtWidgets import QAbstractButton, QLabel, QSizePolicy, QToolBar, QWidget


@dataclass(frozen=True)
class Exemption:
    """Widgets that may show less than their text: ``object_name`` (or any widget of
    ``class_name``), and the reason, which the report of a failure never shows."""

    reason: str
    object_name: str | None = None
    class_name: str | None = None

    def covers(self, widget: QWidget) -> bool:
        if self.object_name is not None and widget.objectName() != self.object_name:
            return False
        return self.class_name is None or type(widget).__name__ == self.class_name


@dataclass(frozen=True)
class Clipped:
    where: str
    text: str
    size: tuple[int, int]
    needed: tuple[int, int]

    def __str__(self) -> str:
        (w, h), (nw, nh) = self.size, self.needed
        return f"{self.where} {self.text!r}: {w}x{h}, needs {nw}x{nh}"


#: Widgets that shorten their text by design; a page's own go here, each with its reason.
EXEMPTIONS: tuple[Exemption, ...] = ()


def clipped_texts(root: QWidget, exemptions: Iterable[Exemption] = EXEMPTIONS) -> list[Clipped]:
    """Every visible text under ``root`` (itself included) that does not fit its widget."""
    exempt = tuple(exemptions)
    found: list[Clipped] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or any(e.covers(widget) for e in exempt):
            continue
        if isinstance(widget, QLabel):
            found += _label(widget)
        elif isinstance(widget, QAbstractButton):
            found += _button(widget)
        elif isinstance(widget, QToolBar):
            found += _toolbar(widget)
    return found


def _where(widget: QWidget) -> str:
    """``MainWindow > TasksPage > QPushButton#retry``: class names, and object names given."""
    parts = []
    current: QWidget | None = widget
    while current is not None:
        name = type(current).__name__
        if current.objectName() and not current.objectName().startswith("qt_"):
            name += f"#{current.objectName()}"
        parts.append(name)
        current = current.parentWidget()
    return " > ".join(reversed(parts))


def _label(label: QLabel) -> list[Clipped]:
    text = label.text()
    if not text:  # empty, or showing a pixmap (which clears the text)
        return []
    if label.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored:
        return []  # a label that asked to be cut (it elides or scrolls itself)
    size = label.size()
    if label.wordWrap():
        needed_height = label.heightForWidth(size.width())
        if size.height() < needed_height:
            return [_clipped(label, text, (size.width(), needed_height))]
        return []
    hint = label.minimumSizeHint()
    if size.width() < hint.width() or size.height() < hint.height():
        return [_clipped(label, text, (hint.width(), hint.height()))]
    return []


def _button(button: QAbstractButton) -> list[Clipped]:
    text = button.text()
    if not text:
        return []
    size, hint = button.size(), button.sizeHint()
    if size.width() < hint.width():
        return [_clipped(button, text, (hint.width(), hint.height()))]
    return []


def _toolbar(bar: QToolBar) -> list[Clipped]:
    """Actions that did not fit and went into the toolbar's extension menu."""
    found = []
    for action in bar.actions():
        if not action.isVisible() or action.isSeparator():
            continue
        shown = bar.widgetForAction(action)
        if shown is None or not shown.isVisible():
            needed = bar.sizeHint()
            found.append(
                _clipped(bar, action.text() or action.toolTip(), (needed.width(), needed.height()))
            )
    return found


def _clipped(widget: QWidget, text: str, needed: tuple[int, int]) -> Clipped:
    return Clipped(_where(widget), text, (widget.width(), widget.height()), needed)
