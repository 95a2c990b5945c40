"""The objects the whole app shares, built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.processes.presets import PresetStore
from desktop.core.profiles import ProfileStore
from desktop.core.secrets import SecretStore
from desktop.core.settings import SettingsStore
from desktop.ui.background import BackgroundRunner
from desktop.ui.broker_service import LocalBrokerService
from desktop.ui.connection import ConnectionController
from desktop.ui.error_notice import ErrorNotifier
from desktop.ui.processes.supervisor import Supervisor


@dataclass
class AppContext:
    settings: SettingsStore
    profiles: ProfileStore
    presets: PresetStore
    runner: BackgroundRunner
    supervisor: Supervisor
    connection: ConnectionController
    local_broker: LocalBrokerService
    notifier: ErrorNotifier

    @classmethod
    def create(cls) -> AppContext:
        settings = SettingsStore()
        settings.load()
        runner = BackgroundRunner()
        supervisor = Supervisor()
        connection = ConnectionController(runner)
        presets = PresetStore()
        return cls(
            settings=settings,
            profiles=ProfileStore(secrets=SecretStore()),
            presets=presets,
            runner=runner,
            supervisor=supervisor,
            connection=connection,
            local_broker=LocalBrokerService(
                supervisor=supervisor,
                connection=connection,
                settings=settings,
                presets=presets,
                runner=runner,
            ),
            notifier=ErrorNotifier(),
        )

    def shutdown(self) -> None:
        """Last call before the interpreter exits: no child may outlive the app."""
        self.runner.shutdown()
        if self.supervisor.has_running():
            self.supervisor.kill_all_now()
