"""The objects the whole app shares, built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.alerts.alert_journal import AlertJournal
from desktop.core.history.location import journal_path
from desktop.core.processes.presets import PresetStore
from desktop.core.profiles import ProfileStore
from desktop.core.secrets import SecretStore
from desktop.core.settings import Settings, SettingsStore
from desktop.ui.alerts.center import AlertCenter
from desktop.ui.background import BackgroundRunner
from desktop.ui.broker_service import LocalBrokerService
from desktop.ui.connection import ConnectionController
from desktop.ui.error_notice import ErrorNotifier
from desktop.ui.monitor import timefmt
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.monitor.journal_service import JournalService
from desktop.ui.processes.supervisor import Supervisor
from desktop.ui.profile_context import ProfileContext


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
    hub: MonitorHub
    profile: ProfileContext
    alerts: AlertCenter
    #: Journal queries off the GUI thread, on the active profile's journal.
    journal: JournalService

    @classmethod
    def create(cls) -> AppContext:
        settings = SettingsStore()
        settings.load()
        runner = BackgroundRunner()
        supervisor = Supervisor()
        connection = ConnectionController(runner)
        presets = PresetStore()
        profiles = ProfileStore(secrets=SecretStore())
        hub = MonitorHub(enable_events=settings.settings.enable_events_broadcast)
        profile = ProfileContext(profiles, settings)
        ctx = cls(
            settings=settings,
            profiles=profiles,
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
            hub=hub,
            profile=profile,
            alerts=AlertCenter(
                hub,
                connection,
                runner,
                profile,
                journal_for=lambda name: _alert_journal(settings, name),
            ),
            journal=JournalService(
                lambda: journal_path(profile.name) if settings.settings.history_enabled else None
            ),
        )
        ctx._apply_settings(settings.settings, {"display_timezone"})
        settings.subscribe(ctx._apply_settings)
        return ctx

    def _apply_settings(self, settings: Settings, changed: set[str]) -> None:
        if "display_timezone" in changed:
            try:
                timefmt.set_zone(settings.display_timezone)
            except ValueError:
                timefmt.set_zone(timefmt.LOCAL)
        if "enable_events_broadcast" in changed:
            self.hub.set_enable_events(settings.enable_events_broadcast)

    def shutdown(self) -> None:
        """Last call before the interpreter exits: no child may outlive the app."""
        self.alerts.stop()
        self.journal.stop()
        self.hub.stop()
        self.runner.shutdown()
        if self.supervisor.has_running():
            self.supervisor.kill_all_now()


def _alert_journal(settings: SettingsStore, profile: str) -> AlertJournal | None:
    """The profile's journal keeps its alert history too, unless the journal is off."""
    if not settings.settings.history_enabled:
        return None
    return AlertJournal(journal_path(profile))
