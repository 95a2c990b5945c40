"""Create or edit a profile: a broker and, optionally, the user's own Celery project.

The project part says where the project lives (directory, interpreter or virtualenv, ``-A``
module, environment) and which schedule file the Schedules page edits for it. The optional
result backend says where the app reads task results (catch-up's backfill, retry's original
arguments, progress) when the project's own ``result_backend`` cannot be used as it is: on
another server with a password the project helper masks, say. "Check
project" imports the app in the project's own interpreter (as a worker would) and says
what it found, or shows the traceback.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.broker.url import BrokerUrlError, parse_broker_url, split_password
from desktop.core.profiles import (
    ConnectionProfile,
    ProfileError,
    ProfileStore,
    is_redis_url,
    schedule_path,
)
from desktop.core.project.config import ProjectConfig
from desktop.core.project.detect import find_virtualenv, guess_app_module
from desktop.core.project.facts import ProjectFacts, read_project_facts
from desktop.ui.background import BackgroundRunner
from desktop.ui.project_summary import describe_facts


class ProfileDialog(QDialog):
    """The profile editor. ``name`` None creates a new profile.

    Signals:
        saved(str): the profile was saved under this name.
    """

    saved = Signal(str)

    def __init__(
        self,
        profiles: ProfileStore,
        runner: BackgroundRunner,
        name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._profiles = profiles
        self._runner = runner
        self._original = profiles.get(name) if name else None
        self._check_generation = 0
        self.setWindowTitle(self.tr("Edit profile") if self._original else self.tr("New profile"))
        self.setMinimumWidth(620)
        self._build()
        self._load(self._original)
        self._on_changed()

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        self._create_fields()
        self._lay_out()
        self._connect_fields()

    def _create_fields(self) -> None:
        self.name = QLineEdit()
        self.local_broker = QRadioButton(self.tr("The private local broker"))
        self.url_broker = QRadioButton(self.tr("Broker URL"))
        self.url = QLineEdit()
        self.url.setPlaceholderText("redis://[user@]host:6379/0   rediss://…")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.backend = QLineEdit()
        self.backend.setPlaceholderText(self.tr("optional, e.g. redis://host:6379/1"))
        self.backend.setToolTip(
            self.tr(
                "Where the app reads task results: backfill after a gap, the original arguments "
                "of a retry, progress. Empty: the project's result_backend, else the broker."
            )
        )
        self.backend_password = QLineEdit()
        self.backend_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.read_only = QCheckBox(self.tr("Read-only: no actions on this broker (production)"))
        self.project_box = QGroupBox(self.tr("Your Celery project"))
        self.project_box.setCheckable(True)
        self.workdir = QLineEdit()
        self.workdir.setPlaceholderText(self.tr("the directory you run celery from"))
        self.python = QLineEdit()
        self.python.setPlaceholderText(self.tr("its virtualenv or interpreter"))
        self.app_module = QLineEdit()
        self.app_module.setPlaceholderText(self.tr("as in celery -A …, e.g. proj"))
        self.env = QPlainTextEdit()
        self.env.setPlaceholderText("DJANGO_SETTINGS_MODULE=proj.settings")
        self.env.setFixedHeight(64)
        self.schedule = QLineEdit()
        self.check_button = QPushButton(self.tr("Check project"))
        self.check_result = QLabel()
        self.check_result.setWordWrap(True)
        self.check_details = QPlainTextEdit()
        self.check_details.setReadOnly(True)
        self.check_details.setFixedHeight(120)
        self.check_details.hide()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )

    def _lay_out(self) -> None:
        broker_row = QHBoxLayout()
        broker_row.addWidget(self.url_broker)
        broker_row.addWidget(self.url, 1)
        broker_row.addWidget(QLabel(self.tr("Password")))
        broker_row.addWidget(self.password)
        top = QFormLayout()
        top.addRow(self.tr("Name"), self.name)
        top.addRow(self.tr("Broker"), self.local_broker)
        top.addRow("", _wrap(broker_row))
        top.addRow("", self.read_only)
        backend_row = QHBoxLayout()
        backend_row.addWidget(self.backend, 1)
        backend_row.addWidget(QLabel(self.tr("Password")))
        backend_row.addWidget(self.backend_password)
        top.addRow(self.tr("Result backend"), _wrap(backend_row))

        project = QFormLayout(self.project_box)
        project.addRow(self.tr("Directory"), self._with_browse(self.workdir, self._browse_dir))
        project.addRow(self.tr("Interpreter"), self._with_browse(self.python, self._browse_python))
        project.addRow(self.tr("-A module"), self.app_module)
        project.addRow(self.tr("Environment"), self.env)
        project.addRow(
            self.tr("Schedule file"), self._with_browse(self.schedule, self._browse_schedule)
        )
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.check_result, 1)
        project.addRow("", _wrap(check_row))
        project.addRow("", self.check_details)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.project_box)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def _connect_fields(self) -> None:
        for edit in (self.name, self.url, self.backend, self.workdir, self.python, self.app_module):
            edit.textChanged.connect(self._on_changed)
        self.env.textChanged.connect(self._on_changed)
        self.local_broker.toggled.connect(self._on_changed)
        self.project_box.toggled.connect(self._on_changed)
        self.workdir.editingFinished.connect(self._on_workdir_edited)
        self.check_button.clicked.connect(self._on_check_clicked)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    def _with_browse(self, edit: QLineEdit, slot: object) -> QWidget:
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        button = QPushButton(self.tr("Browse…"))
        button.clicked.connect(slot)
        row.addWidget(button)
        return _wrap(row)

    # -- loading and reading --------------------------------------------------------------

    def _load(self, profile: ConnectionProfile | None) -> None:
        self.name.setText(profile.name if profile else "")
        local = profile is not None and profile.is_local
        (self.local_broker if local else self.url_broker).setChecked(True)
        self.url.setText(profile.url if profile else "")
        if profile is not None and self._profiles.has_password(profile.name):
            self.password.setPlaceholderText(self.tr("saved in keychain"))
        self.backend.setText(profile.result_backend if profile else "")
        if profile is not None and self._profiles.has_backend_password(profile.name):
            self.backend_password.setPlaceholderText(self.tr("saved in keychain"))
        self.read_only.setChecked(bool(profile and profile.read_only))
        project = profile.project if profile else None
        self.project_box.setChecked(project is not None)
        if project is not None:
            self.workdir.setText(project.workdir)
            self.python.setText(project.python)
            self.app_module.setText(project.app_module)
            self.env.setPlainText("\n".join(f"{k}={v}" for k, v in project.env.items()))
            self.schedule.setText(project.schedule_path)
        self._update_schedule_placeholder()

    def _env(self) -> tuple[dict[str, str], list[str]]:
        env: dict[str, str] = {}
        problems: list[str] = []
        for number, line in enumerate(self.env.toPlainText().splitlines(), start=1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            key, sep, value = text.partition("=")
            if not sep or not key.strip().isidentifier():
                problems.append(self.tr("environment line {0}: write NAME=value").format(number))
                continue
            env[key.strip()] = value.strip()
        return env, problems

    def project(self) -> ProjectConfig | None:
        if not self.project_box.isChecked():
            return None
        env, _problems = self._env()
        return ProjectConfig(
            app_module=self.app_module.text().strip(),
            workdir=self.workdir.text().strip(),
            python=self.python.text().strip(),
            env=env,
            schedule_path=self.schedule.text().strip(),
        )

    def profile(self) -> ConnectionProfile:
        bare, embedded = split_password(self.url.text().strip())
        if embedded and not self.password.text():
            self.password.setText(embedded)
        backend, backend_embedded = split_password(self.backend.text().strip())
        if backend_embedded and not self.backend_password.text():
            self.backend_password.setText(backend_embedded)
        return ConnectionProfile(
            name=self.name.text().strip(),
            url="" if self.local_broker.isChecked() else bare,
            read_only=self.read_only.isChecked(),
            description=self._original.description if self._original else "",
            local_broker=self.local_broker.isChecked(),
            project=self.project(),
            result_backend=backend,
        )

    def problems(self) -> list[str]:
        found: list[str] = []
        name = self.name.text().strip()
        if not name:
            found.append(self.tr("a name is required"))
        elif name != (self._original.name if self._original else None) and (
            self._profiles.get(name) is not None
        ):
            found.append(self.tr("a profile named '{0}' already exists").format(name))
        if self.url_broker.isChecked():
            try:
                parse_broker_url(split_password(self.url.text().strip())[0])
            except BrokerUrlError as exc:
                found.append(str(exc))
        found.extend(self._backend_problems())
        if self.project_box.isChecked():
            if not self.app_module.text().strip():
                found.append(self.tr("the project needs its -A module"))
            workdir = self.workdir.text().strip()
            if workdir and not Path(workdir).expanduser().is_dir():
                found.append(self.tr("the directory {0} does not exist").format(workdir))
            found.extend(self._env()[1])
        return found

    def _backend_problems(self) -> list[str]:
        text = split_password(self.backend.text().strip())[0]
        if not text:
            return []
        if not is_redis_url(text):
            return [self.tr("the result backend must be a Redis URL (redis://, rediss://…)")]
        try:
            parse_broker_url(text)
        except BrokerUrlError as exc:
            return [self.tr("result backend: {0}").format(exc)]
        return []

    # -- slots ----------------------------------------------------------------------------

    @Slot()
    def _on_changed(self) -> None:
        self.url.setEnabled(self.url_broker.isChecked())
        self.password.setEnabled(self.url_broker.isChecked())
        problems = self.problems()
        self.problem.setText("; ".join(problems))
        self.problem.setVisible(bool(problems))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(not problems)
        self.check_button.setEnabled(
            self.project_box.isChecked() and bool(self.app_module.text().strip())
        )
        self._update_schedule_placeholder()

    def _update_schedule_placeholder(self) -> None:
        name = self.name.text().strip() or "profile"
        default = schedule_path(ConnectionProfile(name=name))
        self.schedule.setPlaceholderText(self.tr("default: {0}").format(default))

    @Slot()
    def _on_workdir_edited(self) -> None:
        workdir = self.workdir.text().strip()
        if not workdir or not Path(workdir).expanduser().is_dir():
            return
        if not self.python.text().strip():
            venv = find_virtualenv(workdir)
            if venv:
                self.python.setText(venv)
        if not self.app_module.text().strip():
            module = guess_app_module(workdir)
            if module:
                self.app_module.setText(module)
        if not self.name.text().strip():
            self.name.setText(Path(workdir).expanduser().name)

    @Slot()
    def _browse_dir(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Project directory"))
        if chosen:
            self.workdir.setText(chosen)
            self._on_workdir_edited()

    @Slot()
    def _browse_python(self) -> None:
        start = self.workdir.text().strip()
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Python interpreter"), start)
        if chosen:
            self.python.setText(chosen)

    @Slot()
    def _browse_schedule(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Schedule file"),
            self.workdir.text().strip(),
            self.tr("JSON files (*.json)"),
        )
        if chosen:
            self.schedule.setText(chosen)

    @Slot()
    def _on_check_clicked(self) -> None:
        project = self.project()
        if project is None:
            return
        self._check_generation += 1
        generation = self._check_generation
        self.check_result.setText(self.tr("Importing the app in its own interpreter…"))
        self.check_details.hide()
        self._runner.submit(
            lambda: read_project_facts(project),
            lambda facts: self._on_checked(generation, facts),
        )

    def _on_checked(self, generation: int, facts: ProjectFacts) -> None:
        if generation != self._check_generation:
            return
        summary = describe_facts(facts)
        self.check_result.setText(html.escape(summary.headline))
        self.check_details.setPlainText(summary.details)
        self.check_details.setVisible(bool(summary.details))

    @Slot()
    def _on_save(self) -> None:
        if self.problems():
            return
        profile = self.profile()
        old_name = self._original.name if self._original else None
        try:
            if old_name is not None and old_name != profile.name:
                self._profiles.rename(old_name, profile.name)
            password = self.password.text() or None
            backend_password = self.backend_password.text() or None
            self._profiles.save(profile, "" if profile.local_broker else password, backend_password)
        except (ProfileError, BrokerUrlError, OSError) as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.saved.emit(profile.name)
        self.accept()


def _wrap(layout: QHBoxLayout) -> QWidget:
    layout.setContentsMargins(0, 0, 0, 0)
    widget = QWidget()
    widget.setLayout(layout)
    return widget
