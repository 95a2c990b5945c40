"""The tray icon: its colour and tooltip say how the connected profile is, its menu lists
the firing alerts (each opens the window on it) and quits.

The state (:func:`tray_state`) and the menu (:func:`fill_tray_menu`) are built without a
tray, so they are testable offscreen where there is none; :class:`TrayController` shows
them on a ``QSystemTrayIcon`` only where the desktop has a tray.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from desktop.core.alerts.history import AlertRecord
from desktop.core.alerts.rules import Severity
from desktop.ui.resources import icon

#: Firing alerts listed in the menu; more are counted in one line.
MENU_ALERTS = 8


class TrayLevel(StrEnum):
    OK = "ok"
    WARNING = "warning"
    FIRING = "alert"
    DISCONNECTED = "disconnected"


@dataclass(frozen=True, slots=True)
class TrayState:
    level: TrayLevel
    tooltip: str


def tray_state(
    profile: str, connected: bool, connection_text: str, firing: Sequence[AlertRecord]
) -> TrayState:
    """The icon's level and tooltip for ``profile``: disconnected, alerts firing (one is
    critical), warnings (others fire), or all well."""
    critical = sum(1 for r in firing if r.severity is Severity.CRITICAL)
    n = len(firing)
    if not connected:
        level = TrayLevel.DISCONNECTED
        text = QCoreApplication.translate("Tray", "{0}: not connected ({1})").format(
            profile, connection_text
        )
        if firing:
            text += "\n" + firing_text(n)
    elif critical:
        level = TrayLevel.FIRING
        text = QCoreApplication.translate("Tray", "{0}: {1}").format(profile, firing_text(n))
    elif firing:
        level = TrayLevel.WARNING
        if n == 1:
            text = QCoreApplication.translate("Tray", "{0}: %n warning", "", n).format(profile)
        else:
            text = QCoreApplication.translate("Tray", "{0}: %n warnings", "", n).format(profile)
    else:
        level = TrayLevel.OK
        text = QCoreApplication.translate("Tray", "{0}: all well").format(profile)
    return TrayState(level, f"Celery Desk — {text}")


def firing_text(n: int) -> str:
    if n == 1:
        return QCoreApplication.translate("Tray", "%n alert firing", "", n)
    return QCoreApplication.translate("Tray", "%n alerts firing", "", n)


def tray_icon(level: TrayLevel) -> QIcon:
    return icon(f"tray-{level.value}")


def alert_line(record: AlertRecord) -> str:
    """One menu line: rule, subject and since when."""
    if not record.subject:
        return record.rule_name
    return QCoreApplication.translate("Tray", "{0}: {1}").format(record.rule_name, record.subject)


def fill_tray_menu(
    menu: QMenu,
    firing: Sequence[AlertRecord],
    on_open: Callable[[], object],
    on_alert: Callable[[AlertRecord | None], object],
    on_quit: Callable[[], object],
) -> None:
    """Rebuild ``menu``: open the window, the firing alerts (newest first), quit.

    ``on_open()``, ``on_alert(record)`` and ``on_quit()`` are called when chosen.
    """
    menu.clear()
    opener = menu.addAction(QCoreApplication.translate("Tray", "Open Celery Desk"))
    opener.triggered.connect(lambda _=False: on_open())
    menu.addSeparator()
    if firing:
        header = menu.addAction(firing_text(len(firing)))
        header.setEnabled(False)
        for record in firing[:MENU_ALERTS]:
            action = menu.addAction(_severity_icon(record.severity), alert_line(record))
            action.setToolTip(record.why)
            action.triggered.connect(lambda _=False, r=record: on_alert(r))
        if len(firing) > MENU_ALERTS:
            more = menu.addAction(
                QCoreApplication.translate("Tray", "%n more on the Alerts page…", "",
                                           len(firing) - MENU_ALERTS)
            )  # fmt: skip
            more.triggered.connect(lambda _=False: on_alert(None))
    else:
        none = menu.addAction(QCoreApplication.translate("Tray", "No alerts firing"))
        none.setEnabled(False)
    menu.addSeparator()
    quitter = menu.addAction(QCoreApplication.translate("Tray", "Quit Celery Desk"))
    quitter.triggered.connect(lambda _=False: on_quit())


def _severity_icon(severity: Severity) -> QIcon:
    return tray_icon(TrayLevel.FIRING if severity is Severity.CRITICAL else TrayLevel.WARNING)


class TrayController(QObject):
    """The tray icon where the desktop has a tray; its menu exists either way.

    Signals:
        open_requested(object): show the window; on the Alerts page with this
            :class:`AlertRecord` selected, or as it was (None).
        quit_requested(): the real quit (the window's quit questions still apply).
    """

    open_requested = Signal(object)
    quit_requested = Signal()

    def __init__(self, available: bool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if available is None:
            available = QSystemTrayIcon.isSystemTrayAvailable()
        self.available = available
        self.menu = QMenu()
        self.state = TrayState(TrayLevel.DISCONNECTED, "Celery Desk")
        self.icon: QSystemTrayIcon | None = None
        if available:
            self.icon = QSystemTrayIcon(tray_icon(self.state.level), self)
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._on_icon_activated)
            self.icon.show()
        self.update([], TrayState(TrayLevel.DISCONNECTED, "Celery Desk"))

    def update(self, firing: Sequence[AlertRecord], state: TrayState) -> None:
        self.state = state
        fill_tray_menu(
            self.menu,
            firing,
            lambda: self.open_requested.emit(None),
            lambda record: self.open_requested.emit(record if record is not None else "alerts"),
            self.quit_requested.emit,
        )
        if self.icon is not None:
            self.icon.setIcon(tray_icon(state.level))
            self.icon.setToolTip(state.tooltip)

    @Slot(QSystemTrayIcon.ActivationReason)
    def _on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit(None)

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()
