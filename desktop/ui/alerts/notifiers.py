"""Desktop notifications: through the tray icon, the freedesktop service, or a log line.

:class:`Notifier` is the seam the alert center calls: the app passes the real one
(:func:`choose_notifier`), a test passes one that records the calls, so the whole path
from a failing task to the call is exercised, not mocked away.

- :class:`TrayNotifier`: ``QSystemTrayIcon.showMessage`` where a tray exists (Windows,
  macOS, KDE, most Linux panels).
- :class:`FreedesktopNotifier`: ``org.freedesktop.Notifications.Notify`` over the session
  D-Bus (GNOME without a tray extension). The call is typed from the service's own
  introspection (``Notify(QString,uint,QString,QString,QString,QStringList,QVariantMap,int)``:
  a plain Python int would go out as int32 and be refused), and it runs on a thread of its
  own: a notification service that hangs must not hang the window.
- :class:`LogNotifier`: neither exists; the notification goes to the log.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, Qt
from PySide6.QtWidgets import QSystemTrayIcon

from desktop.core.alerts.grouping import Notification
from desktop.core.alerts.rules import Severity

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusConnection

log = logging.getLogger("celery_desk.alerts.notify")

APP_NAME = "Celery Desk"
SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
SHOW_MS = 10_000
DBUS_TIMEOUT_MS = 3000


class Notifier(Protocol):
    """Shows one notification; never blocks the GUI thread for long, never raises."""

    name: str

    def show(self, notification: Notification) -> None: ...


class TrayNotifier:
    name = "tray"

    def __init__(self, tray: QSystemTrayIcon) -> None:
        self._tray = tray

    def show(self, notification: Notification) -> None:
        icon = {
            Severity.INFO: QSystemTrayIcon.MessageIcon.Information,
            Severity.WARNING: QSystemTrayIcon.MessageIcon.Warning,
            Severity.CRITICAL: QSystemTrayIcon.MessageIcon.Critical,
        }[notification.severity]
        self._tray.showMessage(notification.title, notification.body, icon, SHOW_MS)
        log.info("Notification shown in the tray: %s", notification.title)


class FreedesktopNotifier:
    """Notify over D-Bus; ``address`` None is the session bus (a test gives a private one)."""

    name = "freedesktop"

    def __init__(self, address: str | None = None) -> None:
        self._address = address
        self._lock = threading.Lock()
        self._count = 0
        #: ids the service answered with, in order (the last call's first)
        self.answers: list[int] = []

    def show(self, notification: Notification) -> None:
        thread = threading.Thread(
            target=self._notify, args=(notification,), name="desk-notify", daemon=True
        )
        thread.start()

    def _connection(self, name: str) -> QDBusConnection:
        from PySide6.QtDBus import QDBusConnection

        if self._address is None:
            return QDBusConnection.sessionBus()
        return QDBusConnection.connectToBus(self._address, name)

    def _notify(self, notification: Notification) -> None:
        from PySide6.QtDBus import QDBusConnection

        with self._lock:
            self._count += 1
            name = f"celery-desk-notify-{self._count}"
            bus = self._connection(name)
            try:
                answer = _call_notify(bus, notification)
            finally:
                if self._address is not None:
                    QDBusConnection.disconnectFromBus(name)
        if answer is None:
            log.warning("Notification not shown (no notification service): %s", notification.title)
        else:
            self.answers.insert(0, answer)
            log.info("Notification shown (freedesktop id %d): %s", answer, notification.title)


def _call_notify(bus: QDBusConnection, notification: Notification) -> int | None:
    from PySide6.QtDBus import QDBusInterface

    if not bus.isConnected():
        return None
    interface = QDBusInterface(SERVICE, PATH, SERVICE, bus)
    if not interface.isValid():
        return None
    interface.setTimeout(DBUS_TIMEOUT_MS)
    urgency = {Severity.INFO: 0, Severity.WARNING: 1, Severity.CRITICAL: 2}[notification.severity]
    answer: object = QMetaObject.invokeMethod(
        interface, "Notify", Qt.ConnectionType.DirectConnection, Q_RETURN_ARG("uint"),
        Q_ARG(str, APP_NAME), Q_ARG("uint", 0), Q_ARG(str, "dialog-warning" if urgency else ""),
        Q_ARG(str, notification.title), Q_ARG(str, notification.body),
        Q_ARG("QStringList", []), Q_ARG("QVariantMap", {}), Q_ARG(int, SHOW_MS),
    )  # fmt: skip
    error = interface.lastError()
    if error.isValid():
        log.warning("The notification service refused: %s", error.message())
        return None
    return answer if isinstance(answer, int) else None


class LogNotifier:
    name = "log"

    def show(self, notification: Notification) -> None:
        log.warning(
            "Alert (no tray and no notification service to show it): %s: %s",
            notification.title,
            notification.body.replace("\n", "; "),
        )


def service_available(bus: QDBusConnection | None = None) -> bool:
    """Whether the session bus has a notification service (a short blocking call).

    Only where a session bus is announced (Linux, ``DBUS_SESSION_BUS_ADDRESS`` or the
    standard socket): libdbus would otherwise try to launch one.
    """
    if bus is None and not _session_bus_announced():
        return False
    try:
        from PySide6.QtDBus import QDBusConnection
    except ImportError:
        return False
    connection = bus if bus is not None else QDBusConnection.sessionBus()
    if not connection.isConnected():
        return False
    interface = connection.interface()
    reply = interface.isServiceRegistered(SERVICE)
    return bool(reply.value()) if reply.isValid() else False


def _session_bus_announced() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return bool(runtime) and os.path.exists(os.path.join(runtime or "", "bus"))


def choose_notifier(tray: QSystemTrayIcon | None) -> Notifier:
    """The tray where there is one, else the freedesktop service, else the log."""
    if tray is not None and QSystemTrayIcon.isSystemTrayAvailable():
        return TrayNotifier(tray)
    if service_available():
        return FreedesktopNotifier()
    log.info("No tray and no notification service: alerts are shown in the app and logged")
    return LogNotifier()
