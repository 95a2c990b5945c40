"""The private local broker as the app sees it: start (or reuse) it, then connect to it."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace

from PySide6.QtCore import QObject, QProcess, Signal

from desktop.core.broker.kept import KeptBroker, find_kept_broker
from desktop.core.broker.probe import probe_broker
from desktop.core.net import LOOPBACK, free_port, port_in_use
from desktop.core.processes.presets import LOCAL_BROKER, PresetStore
from desktop.core.processes.spec import ProcessKind, ProcessSpec, SpecError
from desktop.core.self_command import self_command
from desktop.core.settings import SettingsStore
from desktop.ui.background import BackgroundRunner
from desktop.ui.connection import ConnectionController
from desktop.ui.processes.supervisor import Supervisor

log = logging.getLogger("celery_desk.local_broker")

LOCAL_LABEL = "Local broker"
READY_TIMEOUT_S = 20.0


def local_url(port: int) -> str:
    return f"redis://{LOOPBACK}:{port}/0"


class LocalBrokerService(QObject):
    """Starts the private redis-server under the supervisor and connects once it answers.

    When the settings ask to keep the broker after quitting, it is launched detached instead
    and found again on the next start through its record in the data dir.

    Signals:
        ready(str): the local broker answers at this URL.
    """

    ready = Signal(str)

    def __init__(
        self,
        *,
        supervisor: Supervisor,
        connection: ConnectionController,
        settings: SettingsStore,
        presets: PresetStore,
        runner: BackgroundRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._presets = presets
        self._supervisor = supervisor
        self._connection = connection
        self._settings = settings
        self._runner = runner
        self._port: int | None = None
        self._attempt = 0
        self._waiting = threading.Event()
        self._label = LOCAL_LABEL

    @property
    def url(self) -> str | None:
        return local_url(self._port) if self._port is not None else None

    def start_and_connect(self, label: str = LOCAL_LABEL) -> None:
        """Start (or find) the local broker, then connect to it under ``label`` (the name of
        the profile that uses it)."""
        self._attempt += 1
        self._label = label
        attempt = self._attempt
        self._connection.show_starting_broker(label)
        # Looking for a kept broker pings it, which may take a second: not on the GUI thread.
        self._runner.submit(
            find_kept_broker,
            lambda kept: self._on_kept_checked(attempt, kept),
            lambda _exc: self._on_kept_checked(attempt, None),
        )

    def _on_kept_checked(self, attempt: int, kept: KeptBroker | None) -> None:
        if attempt != self._attempt:
            return
        if kept is not None:
            log.info("Reusing the local broker kept running on port %d", kept.port)
            self._port = kept.port
            self._on_ready(attempt, local_url(kept.port))
            return
        existing = self._supervisor.process(LOCAL_BROKER)
        if existing is not None and existing.is_running() and self._port is not None:
            self._wait_ready(attempt, self._port)
            return
        port = self._choose_port()
        self._port = port
        if self._settings.settings.keep_local_broker:
            program, *args = self_command(safe_path=True)
            launched, _pid = QProcess.startDetached(
                program, [*args, "broker", "--port", str(port), "--keep"]
            )
            if not launched:
                self._fail(self.tr("could not launch the detached local broker"))
                return
        else:
            spec = self._presets.get(LOCAL_BROKER) or ProcessSpec(
                name=LOCAL_BROKER, kind=ProcessKind.BROKER
            )
            try:
                self._supervisor.start(replace(spec, broker_port=port), None)
            except (SpecError, RuntimeError) as exc:
                self._fail(str(exc))
                return
        self._wait_ready(attempt, port)

    def _choose_port(self) -> int:
        """The remembered port, so user projects can keep pointing at the same local broker.

        The first start picks a free port and remembers it; if another program has taken
        it since, a new free port is picked (and remembered) rather than failing.
        """
        remembered = self._settings.settings.local_broker_port
        port = remembered
        if port is None or port_in_use(port):
            if port is not None:
                log.warning("Local broker port %d is taken by another program; moving", port)
            port = free_port()
        if port != remembered:
            self._settings.update(local_broker_port=port)
        preset = self._presets.get(LOCAL_BROKER)
        if preset is not None and preset.broker_port != port:
            self._presets.upsert(replace(preset, broker_port=port))
            self._save_presets()
        return port

    def _save_presets(self) -> None:
        try:
            self._presets.save()
        except Exception as exc:  # a conflicting edit elsewhere: the port still works now
            log.warning("Could not remember the local broker port in the presets: %s", exc)

    def _wait_ready(self, attempt: int, port: int) -> None:
        url = local_url(port)
        cancelled = self._cancel_waiting()

        def poll() -> str | None:
            deadline = time.monotonic() + READY_TIMEOUT_S
            while time.monotonic() < deadline and not cancelled.is_set():
                if probe_broker(url, timeout=0.5).ok:
                    return url
                time.sleep(0.1)
            return None

        self._runner.submit(poll, lambda found: self._on_poll_done(attempt, found))

    def _cancel_waiting(self) -> threading.Event:
        """Stop any earlier readiness poll; the new poll gets its own token.

        The poll runs on a worker thread, which must not read this QObject's attributes.
        """
        self._waiting.set()
        self._waiting = threading.Event()
        return self._waiting

    def _on_poll_done(self, attempt: int, url: str | None) -> None:
        if attempt != self._attempt:
            return
        if url is None:
            process = self._supervisor.process(LOCAL_BROKER)
            tail = process.last_lines(3) if process is not None else []
            detail = "; ".join(line.text for line in tail) if tail else self.tr("no output")
            message = self.tr("the local broker did not answer within {0} s ({1})")
            self._fail(message.format(f"{READY_TIMEOUT_S:.0f}", detail))
            return
        self._on_ready(attempt, url)

    def _on_ready(self, attempt: int, url: str) -> None:
        if attempt == self._attempt:
            self.ready.emit(url)
            self._connection.connect_to(url, self._label)

    def _fail(self, message: str) -> None:
        log.error("Local broker: %s", message)
        self._connection.report_failure(self._label, message)

    def on_app_quitting(self) -> None:
        """Stop waiting; a supervised broker is stopped with the other children."""
        self._attempt += 1
        self._waiting.set()
