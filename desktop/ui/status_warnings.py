"""The status bar's event line, which opens the monitor's warnings when clicked.

The line ends in "1 warning" when a Celery setting hides events (desktop/core/events/hints.py);
a click on it opens :class:`WarningsDialog`: each warning, the setting to change under its
Celery name and its Django settings name, and where to change it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.events import Hint
from desktop.ui.eliding_label import ElidingLabel

WARNING_STYLE = "color: #9a5b00;"


def django_setting(setting: str) -> str:
    """A Celery setting as a Django project names it (``app.config_from_object(
    "django.conf:settings", namespace="CELERY")``): ``task_send_sent_event`` is
    ``CELERY_TASK_SEND_SENT_EVENT``."""
    return f"CELERY_{setting.upper()}"


class EventStatusLabel(ElidingLabel):
    """The monitor's one-line status; with warnings it is amber and opens them on a click.

    Signals:
        warnings_requested(): clicked while there are warnings.
    """

    warnings_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._has_warnings = False

    @property
    def has_warnings(self) -> bool:
        return self._has_warnings

    def show_status(self, text: str, details: str, warnings: int) -> None:
        self._has_warnings = warnings > 0
        if self._has_warnings:
            self.setStyleSheet(WARNING_STYLE)
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            click = self.tr("Click to see the warnings and what to change.")
            self.set_full_text(text, f"{details}\n\n{click}" if details else click)
        else:
            self.setStyleSheet("")
            self.unsetCursor()
            self.set_full_text(text, details)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        inside = self.rect().contains(event.position().toPoint())
        if self._has_warnings and inside and event.button() == Qt.MouseButton.LeftButton:
            self.warnings_requested.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)


class WarningsDialog(QDialog):
    """The monitor's current warnings, each with the setting that fixes it; non-modal, and
    refreshed while open (:meth:`show_hints`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Monitor warnings"))
        self.resize(640, 360)
        intro = QLabel(
            self.tr(
                "Celery settings that keep events from reaching the monitor. Change them "
                "where your project configures Celery, then restart its workers (or the "
                "code that sends tasks)."
            )
        )
        intro.setWordWrap(True)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.text, stretch=1)
        column.addWidget(buttons)
        self._hints: list[Hint] = []

    @property
    def hints(self) -> list[Hint]:
        return list(self._hints)

    @Slot(object)
    def show_hints(self, hints: Sequence[Hint]) -> None:
        self._hints = list(hints)
        if not self._hints:
            self.text.setHtml("<p>" + html.escape(self.tr("No warnings now.")) + "</p>")
            return
        setting_line = self.tr("Setting: {0} (in Django settings: {1})")
        worker_line = self.tr("Worker: {0}")
        blocks = []
        for hint in self._hints:
            lines = [f"<p><b>{html.escape(hint.message)}</b></p>"]
            names = setting_line.format(
                f"<code>{html.escape(hint.setting)}</code>",
                f"<code>{html.escape(django_setting(hint.setting))}</code>",
            )
            lines.append(f"<p>{names}</p>")
            if hint.hostname:
                lines.append(f"<p>{html.escape(worker_line.format(hint.hostname))}</p>")
            blocks.append("".join(lines))
        self.text.setHtml("<hr>".join(blocks))

    def plain_text(self) -> str:
        return self.text.toPlainText()
