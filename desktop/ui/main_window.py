"""The main window: connection bar, navigation between views, status bar."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import paths
from desktop.core.alerts.history import AlertRecord
from desktop.core.alerts.links import AlertLink
from desktop.core.broker.url import mask_url
from desktop.core.control.audit import AuditLog
from desktop.core.history import journal_path, profile_journal
from desktop.core.processes.revoke_persistence import (
    RevokeSurvival,
    revoke_survival,
    started_with_state,
)
from desktop.core.profiles import ConnectionProfile, schedule_path
from desktop.core.project.facts import ProjectFacts, read_project_facts
from desktop.core.project.result_backend import ResultBackend, backfill_note
from desktop.ui.about_dialog import AboutDialog
from desktop.ui.alerts.alerts_page import AlertsPage, page_title
from desktop.ui.alerts.close_to_tray import CloseToTray
from desktop.ui.alerts.navigation import Pages, open_link
from desktop.ui.alerts.notifiers import choose_notifier
from desktop.ui.alerts.tray import TrayController, tray_state
from desktop.ui.audit_view import AuditDialog
from desktop.ui.beat_presence import BeatPresence
from desktop.ui.connection import ConnectionState, ConnectionStatus, state_text
from desktop.ui.connection_bar import ConnectionBar
from desktop.ui.context import AppContext
from desktop.ui.eliding_label import ElidingLabel
from desktop.ui.error_banner import ErrorBanner
from desktop.ui.monitor.dashboard_page import DashboardPage
from desktop.ui.monitor.tasks_page import TasksPage
from desktop.ui.monitor.workers_page import WorkersPage
from desktop.ui.process_summary import ProcessSummary
from desktop.ui.processes.processes_view import ProcessesView
from desktop.ui.processes.quit_question import QuitChoice, ask_before_quitting
from desktop.ui.queues.queues_page import QueuesPage
from desktop.ui.resources import icon
from desktop.ui.result_backend_service import ResultBackendService
from desktop.ui.schedules.beat_switch import BeatSwitch
from desktop.ui.schedules.schedules_page import SchedulesPage
from desktop.ui.send_task_dialog import SendTaskDialog
from desktop.ui.status_warnings import EventStatusLabel, WarningsDialog

log = logging.getLogger("celery_desk.window")

# How long quitting waits for children to stop before it kills them.
QUIT_DEADLINE_MS = 15_000


class MainWindow(QMainWindow):
    """The one window.

    Signals:
        stopping(): the user asked to quit; children are being stopped.
    """

    stopping = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._quitting = False
        # Set when Preferences asked to start again; cleared when the user cancels the quit.
        self.restart_requested = False
        self._read_only: tuple[bool, str] = (False, "")
        self.audit = AuditLog()
        self._send_dialog: SendTaskDialog | None = None
        #: The connected profile's result backend (catch-up, retry's originals, progress).
        self.result_backend = ResultBackendService(
            ctx.runner, lambda profile: ctx.profiles.resolve_backend_url(profile.name), parent=self
        )
        self.warnings_dialog: WarningsDialog | None = None
        self.about_dialog: AboutDialog | None = None
        self.setWindowTitle("Celery Desk")
        self.setWindowIcon(icon("celery-desk"))
        self.resize(1280, 800)
        self.connection_bar = ConnectionBar(ctx.profiles)
        self.error_banner = ErrorBanner()
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(168)
        self.nav.setIconSize(self.nav.iconSize() * 1.3)
        self.pages = QStackedWidget()
        self._build_pages()
        self._lay_out()
        self._build_status_bar()
        self._build_menus()
        self.tray = TrayController(parent=self)
        self.close_to_tray = CloseToTray(self, self.tray.available, ctx.settings)
        self._wire()
        self._wire_alerts()
        self._on_connection_status_changed(ctx.connection.status)
        self.nav.setCurrentRow(0)
        self._restore_geometry()

    def _build_pages(self) -> None:
        ctx = self._ctx
        self.dashboard_page = DashboardPage(ctx.hub, journal=ctx.journal)
        self.tasks_page = TasksPage(
            ctx.hub,
            runner=ctx.runner,
            broker_url_provider=lambda: ctx.connection.url,
            read_only_provider=lambda: self._read_only,
            audit=self.audit,
            revoke_survival=self._revoke_survival,
            journal=ctx.journal,
            backend_url_provider=lambda: self.result_backend.url,
        )
        self.workers_page = WorkersPage(
            ctx.hub,
            ctx.runner,
            read_only_provider=lambda: self._read_only,
            audit=self.audit,
            journal=ctx.journal,
        )
        self.queues_page = QueuesPage(
            ctx.runner,
            broker_url_provider=lambda: ctx.connection.url,
            read_only_provider=lambda: self._read_only,
            audit=self.audit,
        )
        self.schedules_page = _schedules_page(ctx)
        self.processes_view = ProcessesView(
            ctx.supervisor, ctx.presets, broker_url_provider=lambda: ctx.connection.url
        )
        self.processes_view.set_profile(ctx.profile.name)
        self._add_page("dashboard", self.tr("Dashboard"), self.dashboard_page)
        self._add_page("tasks", self.tr("Tasks"), self.tasks_page)
        self._add_page("workers", self.tr("Workers"), self.workers_page)
        self._add_page("queues", self.tr("Queues"), self.queues_page)
        self._add_page("schedules", self.tr("Schedules"), self.schedules_page)
        self._add_page("processes", self.tr("Processes"), self.processes_view)
        self.alerts_page = AlertsPage(ctx.alerts, ctx.runner)
        self._add_page("alerts", page_title(), self.alerts_page)

    def _revoke_survival(self) -> RevokeSurvival:
        running = [entry.spec for entry in self._ctx.supervisor.processes() if entry.is_running()]
        workers = self._ctx.hub.store.workers.workers.values()
        online = [worker.hostname for worker in workers if worker.online]
        return revoke_survival(online, started_with_state(running))

    def _lay_out(self) -> None:
        body = QWidget()
        body_row = QHBoxLayout(body)
        body_row.setContentsMargins(0, 0, 0, 0)
        body_row.setSpacing(0)
        body_row.addWidget(self.nav)
        body_row.addWidget(self.pages, stretch=1)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.connection_bar)
        column.addWidget(self.error_banner)
        column.addWidget(body, stretch=1)
        self.setCentralWidget(central)

    def _build_status_bar(self) -> None:
        self.connection_label = ElidingLabel()
        self.events_label = EventStatusLabel()
        self.events_label.warnings_requested.connect(self.show_warnings)
        self.beat_presence = BeatPresence(
            self._ctx.runner,
            lambda: self._ctx.connection.url,
            lambda: self.schedules_page.path,
            parent=self,
        )
        self.process_summary = ProcessSummary(self._ctx.supervisor, self.beat_presence)
        self.statusBar().addWidget(self.connection_label, 1)
        self.statusBar().addWidget(self.events_label, 1)
        self.statusBar().addPermanentWidget(self.process_summary)

    def _wire(self) -> None:
        ctx = self._ctx
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.connection_bar.select_profile(ctx.profile.name)
        self.connection_bar.connect_requested.connect(self._on_connection_bar_connect_requested)
        self.connection_bar.local_requested.connect(self._on_connection_bar_local_requested)
        self.connection_bar.profile_selected.connect(self._on_connection_bar_profile_selected)
        self.connection_bar.edit_requested.connect(self._on_connection_bar_edit_requested)
        ctx.profile.changed.connect(self._on_profile_changed)
        self.connection_bar.disconnect_requested.connect(ctx.connection.disconnect_from_broker)
        self.connection_bar.read_only_changed.connect(self._on_connection_bar_read_only_changed)
        ctx.local_broker.ready.connect(self.connection_bar.show_local_url)
        ctx.connection.status_changed.connect(self._on_connection_status_changed)
        ctx.connection.connected.connect(self._on_connection_connected)
        ctx.connection.disconnected.connect(self._on_connection_disconnected)
        ctx.hub.status_changed.connect(self._on_hub_status_changed)
        ctx.notifier.error_reported.connect(self.error_banner.show_error)
        ctx.supervisor.all_stopped.connect(self._on_supervisor_all_stopped)

    def _wire_alerts(self) -> None:
        alerts = self._ctx.alerts
        alerts.notifier = choose_notifier(self.tray.icon)
        alerts.changed.connect(self._refresh_tray)
        self._ctx.connection.status_changed.connect(self._refresh_tray)
        self.alerts_page.link_activated.connect(self.show_alert_link)
        self.tray.open_requested.connect(self._on_tray_open_requested)
        self.tray.quit_requested.connect(self.request_quit)
        self.close_to_tray.quit_chosen.connect(self.request_quit)
        self.alerts_page.rules.bind_tray_setting(self._ctx.settings, self.tray.available)
        alerts.start()
        self._refresh_tray()

    @Slot()
    def _refresh_tray(self) -> None:
        alerts, status = self._ctx.alerts, self._ctx.connection.status
        firing = alerts.firing()
        state = tray_state(
            alerts.profile_name,
            alerts.connected(),
            status.message or state_text(status.state),
            firing,
        )
        self.tray.update(firing, state)

    @Slot(object)
    def _on_tray_open_requested(self, target: object) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()
        if target is None:
            return
        self.show_page("alerts")
        if isinstance(target, AlertRecord):
            self.alerts_page.select_record(target.record_id)

    @Slot(object)
    def show_alert_link(self, link: AlertLink) -> None:
        """Switch to the page an alert is about (desktop/ui/alerts/navigation.py)."""
        pages = Pages(self.show_page, self.tasks_page, self.workers_page, self.queues_page,
                      lambda: self.schedules_page)  # fmt: skip
        open_link(pages, link)

    def _add_page(self, icon_name: str, title: str, page: QWidget) -> None:
        item = QListWidgetItem(icon(icon_name), title)
        item.setData(Qt.ItemDataRole.UserRole, icon_name)
        self.nav.addItem(item)
        self.pages.addWidget(page)

    def show_page(self, name: str) -> None:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.nav.setCurrentRow(row)
                return

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.request_quit)
        preferences = QAction(self.tr("&Preferences…"), self)
        preferences.setShortcut(QKeySequence.StandardKey.Preferences)
        preferences.triggered.connect(self._on_preferences)
        file_menu.addAction(preferences)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            action = QAction(item.icon(), item.text(), self)
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _=False, r=row: self.nav.setCurrentRow(r))
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.tr("&Audit log…"), self._on_audit_log)
        tasks_menu = self.menuBar().addMenu(self.tr("&Tasks"))
        self.send_task_action = QAction(self.tr("&Send task…"), self)
        self.send_task_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.send_task_action.triggered.connect(self._on_send_task)
        tasks_menu.addAction(self.send_task_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.tr("&About Celery Desk"), self._on_about)

    @Slot(object)
    def _on_connection_status_changed(self, status: ConnectionStatus) -> None:
        profile = self._ctx.profiles.get(status.label) if status.label else None
        label = status.label or self.tr("one-off URL")
        self._read_only = (bool(profile and profile.read_only), label)
        self.connection_bar.show_status(status)
        self.connection_label.set_full_text(self.connection_text(status), status.message)

    def connection_text(self, status: ConnectionStatus) -> str:
        """The connected broker, as its own item: which one (the app's local broker, or
        where), and how the connection is; the local broker's process is the summary's."""
        if status.state is ConnectionState.STARTING_BROKER:
            return self.tr("Broker (local): {0}").format(status.message or state_text(status.state))
        state = state_text(status.state)
        where = status.masked_url or status.label or ""
        local = self._ctx.local_broker.url
        if local is not None and status.masked_url == mask_url(local):
            text = self.tr("Broker (local): {0}").format(state)
        else:
            text = self.tr("Broker: {0}").format(state)
        if where:
            text = self.tr("{0} · {1}").format(text, where)
        if status.message and status.state is not ConnectionState.CONNECTED:
            text = self.tr("{0} · {1}").format(text, status.message)
        return text

    @Slot(str, bool)
    def _on_connection_bar_read_only_changed(self, name: str, read_only: bool) -> None:
        if self._ctx.connection.status.label == name:
            self._read_only = (read_only, name)

    @Slot(str)
    def _on_connection_connected(self, url: str) -> None:
        self.workers_page.set_broker_url(url)
        # The journal's catch-up needs the result backend from the start: a project never
        # read before is read first (seconds), a known one is used at once.
        self.result_backend.resolve(
            self._ctx.profile.profile, url, lambda backend: self._start_monitor(url, backend)
        )

    def _start_monitor(self, url: str, backend: ResultBackend) -> None:
        ctx = self._ctx
        ctx.hub.start(url, profile_journal(ctx.profile.name, url, ctx.settings.settings, backend))
        self.tasks_page.history.coverage.set_backfill_note(backfill_note(backend))

    @Slot()
    def _on_connection_disconnected(self) -> None:
        self.result_backend.forget()
        self._ctx.hub.stop()
        self.workers_page.set_broker_url(None)

    @Slot(object)
    def _on_hub_status_changed(self, _status: object) -> None:
        status = self._ctx.hub.status
        self.events_label.show_status(
            self._ctx.hub.status_text(), status.details, len(status.hints)
        )
        self.process_summary.show_workers_online(status.workers_online)
        if self.warnings_dialog is not None and self.warnings_dialog.isVisible():
            self.warnings_dialog.show_hints(status.hints)

    @Slot()
    def show_warnings(self) -> None:
        """The monitor's warnings, each with the setting that fixes it (non-modal)."""
        if self.warnings_dialog is None:
            self.warnings_dialog = WarningsDialog(self)
        self.warnings_dialog.show_hints(self._ctx.hub.status.hints)
        self.warnings_dialog.show()
        self.warnings_dialog.raise_()
        self.warnings_dialog.activateWindow()

    @Slot()
    def _on_audit_log(self) -> None:
        AuditDialog(self.audit, self._ctx.runner, self).open()

    @Slot()
    def _on_send_task(self) -> None:
        if self._send_dialog is None:
            self._send_dialog = SendTaskDialog(
                self._ctx.runner,
                lambda: self._ctx.connection.url,
                lambda: self._read_only,
                audit=self.audit,
                parent=self,
            )
        else:  # another broker or profile since it was last open
            self._send_dialog.revalidate()
            self._send_dialog.reload_catalog()
        self._send_dialog.show()
        self._send_dialog.raise_()
        self._send_dialog.activateWindow()

    @Slot()
    def _on_preferences(self) -> None:
        from desktop.ui.settings_dialog import SettingsDialog

        ctx = self._ctx
        dialog = SettingsDialog(
            ctx.settings, ctx.profiles.secrets, self, journal_file=journal_path(ctx.profile.name)
        )
        dialog.restart_requested.connect(self._on_settings_restart_requested)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    @Slot()
    def _on_settings_restart_requested(self) -> None:
        # The normal quit (its questions included); app.py starts again once it is done.
        self.restart_requested = True
        self.request_quit()

    @Slot(str, str)
    def _on_connection_bar_connect_requested(self, url: str, name: str) -> None:
        self._ctx.profile.select(name)
        self._ctx.connection.connect_to(url, name)

    @Slot(str)
    def _on_connection_bar_local_requested(self, name: str) -> None:
        self._ctx.profile.select(name)
        self._ctx.local_broker.start_and_connect(name)

    @Slot(str)
    def _on_connection_bar_profile_selected(self, name: str) -> None:
        if name == self._ctx.profile.name:
            return
        if not self._confirm_unsaved_schedules():
            self.connection_bar.select_profile(self._ctx.profile.name)
            return
        self._ctx.profile.select(name)

    @Slot(str)
    def _on_connection_bar_edit_requested(self, name: str) -> None:
        from desktop.ui.profile_dialog import ProfileDialog

        dialog = ProfileDialog(self._ctx.profiles, self._ctx.runner, name or None, self)
        dialog.saved.connect(self._on_profile_dialog_saved)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    @Slot(str)
    def _on_profile_dialog_saved(self, name: str) -> None:
        profile = self._ctx.profiles.get(name)
        if profile is not None and profile.project is not None:
            try:
                created = self._ctx.presets.sync_project(name, profile.project)
            except (OSError, ValueError) as exc:  # a conflicting edit of the presets file
                message = self.tr("Presets of {0} not updated: {1}").format(name, exc)
                self.processes_view.show_message(message)
            else:
                if created:
                    log.info("Presets of %s: %s", name, ", ".join(created))
        # Selecting another profile asks about unsaved schedule edits first (profile_selected).
        self.connection_bar.reload_profiles(select=name)
        self._ctx.profile.refresh()

    @Slot(object)
    def _on_profile_changed(self, profile: ConnectionProfile) -> None:
        self.processes_view.set_profile(profile.name)
        self._replace_schedules_page()

    def _replace_schedules_page(self) -> None:
        old = self.schedules_page
        index = self.pages.indexOf(old)
        self.schedules_page = _schedules_page(self._ctx)
        self.pages.insertWidget(index, self.schedules_page)
        self.pages.removeWidget(old)
        old.shutdown()
        old.deleteLater()
        if self.nav.currentRow() == index:
            self.pages.setCurrentIndex(index)

    @Slot()
    def _on_about(self) -> None:
        self.about_dialog = AboutDialog(self)
        self.about_dialog.finished.connect(self.about_dialog.deleteLater)
        self.about_dialog.open()

    # -- quitting: stop children without blocking, then close ---------------------------------
    def request_quit(self) -> None:
        """The real quit (File > Quit, the tray): shown first, so its questions are seen."""
        if self.isHidden():
            self.showNormal()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._quitting and self.close_to_tray.applies(event):
            event.ignore()  # the title bar's close: keep running in the tray, quit nothing
            self.close_to_tray.hide_window()
            return
        if not self._quitting and not self._ready_to_quit():
            event.ignore()
            return
        if self._quitting or not self._ctx.supervisor.has_running():
            self._shut_pages()
            if not self._quitting:
                self.stopping.emit()
            self._save_geometry()
            self._ctx.local_broker.on_app_quitting()
            self.tray.hide()
            self.close_to_tray.quit_if_needed()
            event.accept()
            return
        event.ignore()
        self._quitting = True
        self.stopping.emit()
        self._ctx.connection.disconnect_from_broker()
        self.statusBar().showMessage(self.tr("Stopping worker, beat and broker…"))
        self._ctx.local_broker.on_app_quitting()
        self._ctx.supervisor.stop_all(self._ctx.settings.settings.stop_grace_seconds)
        QTimer.singleShot(QUIT_DEADLINE_MS, self._on_quit_deadline)

    def _ready_to_quit(self) -> bool:
        """Unsaved schedule edits, then the user project's running processes: either
        question may cancel the quit. The second one does not block: once it is answered
        the window closes again, and the supervisor's ``quit_decided`` lets it through."""
        if self._ctx.supervisor.quit_decided:
            return True
        if not self._confirm_unsaved_schedules():
            return False
        return ask_before_quitting(self._ctx.supervisor, self, self._on_quit_question_answered)

    def _on_quit_question_answered(self, choice: QuitChoice) -> None:
        if choice is not QuitChoice.CANCEL:
            self.close()
        else:
            self.restart_requested = False

    def _confirm_unsaved_schedules(self) -> bool:
        if not self.schedules_page.has_unsaved_changes():
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved schedule changes"),
            self.tr("The schedule has changes that are not saved. Quit anyway and lose them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Discard:
            self.restart_requested = False
            return False
        return True

    def _shut_pages(self) -> None:
        self._ctx.alerts.stop()
        self._ctx.hub.stop()
        self.schedules_page.shutdown()
        self.beat_presence.stop()
        self.workers_page.close_inspector()
        self.queues_page.shutdown()

    @Slot()
    def _on_supervisor_all_stopped(self) -> None:
        if self._quitting:
            self.close()

    @Slot()
    def _on_quit_deadline(self) -> None:
        if self._quitting and self._ctx.supervisor.has_running():
            log.warning("Children still running after %d ms; killing them", QUIT_DEADLINE_MS)
            self._ctx.supervisor.kill_all_now()
            self.close()

    def _window_settings(self) -> QSettings:
        return QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        stored = self._window_settings()
        geometry = stored.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        row = stored.value("page")
        if row is not None:
            self.nav.setCurrentRow(int(str(row)))

    def _save_geometry(self) -> None:
        stored = self._window_settings()
        stored.setValue("geometry", self.saveGeometry())
        stored.setValue("page", self.nav.currentRow())


def _schedules_page(ctx: AppContext) -> SchedulesPage:
    """The Schedules page of the active profile: its schedule file, its project's code."""
    profile = ctx.profile.profile
    store = ctx.hub
    project = profile.project

    def outcome(task_id: str) -> str | None:
        record = store.store.get(task_id)
        return record.state if record is not None else None

    def facts() -> ProjectFacts:
        assert project is not None
        return read_project_facts(project)

    return SchedulesPage(
        ctx.runner,
        lambda: ctx.connection.url,
        schedule_path(profile),
        outcome_lookup=outcome,
        facts_provider=facts if project is not None else None,
        beat_switch=BeatSwitch(
            ctx.supervisor, ctx.presets, profile.name, lambda: ctx.connection.url
        ),
    )
