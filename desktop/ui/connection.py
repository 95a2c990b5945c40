"""The app's one broker connection: probe it off the GUI thread and keep watching it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.broker.probe import ProbeResult, probe_broker
from desktop.core.broker.url import mask_url
from desktop.core.i18n import translate
from desktop.ui.background import BackgroundRunner

log = logging.getLogger("celery_desk.connection")

WATCH_INTERVAL_MS = 5000


class ConnectionState(StrEnum):
    DISCONNECTED = "disconnected"
    STARTING_BROKER = "starting local broker"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    FAILED = "failed"
    LOST = "connection lost"


def state_text(state: ConnectionState) -> str:
    """The state as the connection bar and the status bar say it ("Connected")."""
    texts = {
        ConnectionState.DISCONNECTED: translate("ConnectionState", "Disconnected"),
        ConnectionState.STARTING_BROKER: translate("ConnectionState", "Starting local broker"),
        ConnectionState.CONNECTING: translate("ConnectionState", "Connecting"),
        ConnectionState.CONNECTED: translate("ConnectionState", "Connected"),
        ConnectionState.FAILED: translate("ConnectionState", "Failed"),
        ConnectionState.LOST: translate("ConnectionState", "Connection lost"),
    }
    return texts[state]


@dataclass(frozen=True)
class ConnectionStatus:
    state: ConnectionState
    label: str
    masked_url: str = ""
    message: str = ""
    server: str | None = None


class ConnectionController(QObject):
    """Owns the current broker URL (in memory only) and its health.

    Signals:
        status_changed(object): a new ConnectionStatus.
        connected(str): the full URL, once a probe succeeded.
        disconnected(): the user disconnected, or a new connection replaced the old.
    """

    status_changed = Signal(object)
    connected = Signal(str)
    disconnected = Signal()

    def __init__(self, runner: BackgroundRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._url: str | None = None
        self._label = ""
        self._generation = 0
        self._probe_running = False
        self._status = ConnectionStatus(ConnectionState.DISCONNECTED, "")
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_INTERVAL_MS)
        self._watch.timeout.connect(self._on_watch_timeout)

    @property
    def status(self) -> ConnectionStatus:
        return self._status

    @property
    def url(self) -> str | None:
        """The connected broker URL with its password; never log or display it."""
        return self._url if self._status.state is ConnectionState.CONNECTED else None

    def show_starting_broker(self, label: str) -> None:
        self._generation += 1
        self._watch.stop()
        starting = translate("ConnectionState", "starting…")
        self._set(ConnectionStatus(ConnectionState.STARTING_BROKER, label, message=starting))

    def report_failure(self, label: str, message: str) -> None:
        """A failure found before any probe (local broker did not start, bad profile)."""
        self._generation += 1
        self._watch.stop()
        self._url = None
        self._set(ConnectionStatus(ConnectionState.FAILED, label, message=message))

    def connect_to(self, url: str, label: str) -> None:
        was_connected = self._status.state is ConnectionState.CONNECTED
        self._generation += 1
        self._watch.stop()
        self._url = url
        self._label = label
        if was_connected:
            self.disconnected.emit()
        self._set(ConnectionStatus(ConnectionState.CONNECTING, label, mask_url(url)))
        self._probe(self._generation, first=True)

    def disconnect_from_broker(self) -> None:
        was_connected = self._status.state is ConnectionState.CONNECTED
        self._generation += 1
        self._watch.stop()
        self._url = None
        self._set(ConnectionStatus(ConnectionState.DISCONNECTED, self._label))
        if was_connected:
            self.disconnected.emit()

    def _probe(self, generation: int, first: bool) -> None:
        url = self._url
        if url is None:
            return
        self._probe_running = True
        self._runner.submit(
            lambda: probe_broker(url),
            lambda result: self._on_probe_done(generation, first, result),
            lambda exc: self._on_probe_done(generation, first, _crashed_probe(exc)),
        )

    def _on_probe_done(self, generation: int, first: bool, result: ProbeResult) -> None:
        self._probe_running = False
        if generation != self._generation or self._url is None:
            return  # a newer connect/disconnect superseded this probe
        masked = mask_url(self._url)
        if result.ok:
            previous = self._status.state
            self._set(
                ConnectionStatus(
                    ConnectionState.CONNECTED, self._label, masked, result.message, result.server
                )
            )
            if previous is not ConnectionState.CONNECTED:
                log.info("Connected to %s (%s)", masked, result.server or "broker")
                self.connected.emit(self._url)
        elif first:
            log.warning("Cannot connect to %s: %s", masked, result.message)
            self._set(ConnectionStatus(ConnectionState.FAILED, self._label, masked, result.message))
        else:
            if self._status.state is ConnectionState.CONNECTED:
                log.warning("Lost the broker at %s: %s", masked, result.message)
            self._set(ConnectionStatus(ConnectionState.LOST, self._label, masked, result.message))
        if self._status.state in (ConnectionState.CONNECTED, ConnectionState.LOST):
            self._watch.start()

    def _on_watch_timeout(self) -> None:
        if not self._probe_running:
            self._probe(self._generation, first=False)

    def _set(self, status: ConnectionStatus) -> None:
        if status != self._status:
            self._status = status
            self.status_changed.emit(status)


def _crashed_probe(exc: BaseException) -> ProbeResult:
    from desktop.core.broker.probe import ProbeFailure

    return ProbeResult(
        ok=False,
        failure=ProbeFailure.OTHER,
        message=translate("ConnectionState", "Probe failed: {0}").format(
            f"{type(exc).__name__}: {exc}"
        ),
        server=None,
        latency_ms=None,
    )
