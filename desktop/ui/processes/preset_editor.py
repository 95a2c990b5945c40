"""A form to create or edit a process preset, validated as you type.

Problems come from ``spec.validate`` (plus parsing of the free-text fields) and are shown
under the form, in a box of fixed height that is always there: problems coming and going
never move the rows being typed in. OK stays disabled until there are none.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Collection

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.processes.spec import (
    DEMO_APP_MODULE,
    LOG_LEVELS,
    POOLS,
    ProcessKind,
    ProcessSpec,
    validate,
)

#: Lines of problems shown without scrolling; the box keeps this height when there are none.
PROBLEM_LINES = 4


class PresetEditor(QDialog):
    """Edits a copy of a spec; read the result with ``spec()`` after ``accepted``."""

    def __init__(
        self,
        spec: ProcessSpec | None = None,
        taken_names: Collection[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit preset") if spec else self.tr("New preset"))
        self.setMinimumWidth(560)
        self._taken = {name for name in taken_names if spec is None or name != spec.name}
        self._parse_problems: list[str] = []
        self._create_fields()
        self._lay_out()
        self._load(spec or ProcessSpec(name=""))
        self._connect_fields()
        self._on_field_changed()

    def _create_fields(self) -> None:
        self.name = QLineEdit(self)
        self.kind = QComboBox(self)
        for kind in ProcessKind:
            self.kind.addItem(kind.label.capitalize(), kind)
        self.demo_app = QRadioButton(self.tr("Demo app"), self)
        self.user_project = QRadioButton(self.tr("User project"), self)
        self.workdir = QLineEdit(self)
        self.workdir.setPlaceholderText(self.tr("the project's directory"))
        self.python = QLineEdit(self)
        self.python.setPlaceholderText(
            self.tr("an interpreter or a virtualenv; empty: Celery Desk's own")
        )
        self.app_module = QLineEdit(self)
        self.app_module.setPlaceholderText(self.tr("e.g. proj or proj.celery:app"))
        self.use_broker = QCheckBox(self.tr("Pass the connected broker's URL"), self)
        self.use_broker.setToolTip(
            self.tr("Sets CELERY_BROKER_URL for the project; its result backend is left alone.")
        )
        self.use_backend = QCheckBox(self.tr("Use it as the result backend too"), self)
        self.use_backend.setToolTip(
            self.tr(
                "Sets CELERY_RESULT_BACKEND to the connected broker's URL. Celery reads it "
                "before the project's settings, so it overrides the project's own "
                "result_backend (e.g. Django's 'django-db')."
            )
        )
        self.queues = QLineEdit(self)
        self.queues.setPlaceholderText(self.tr("comma separated; empty: the app's default"))
        self.concurrency = QSpinBox(self)
        self.concurrency.setRange(0, 1024)
        self.concurrency.setSpecialValueText(self.tr("default", "concurrency"))
        self.pool = QComboBox(self)
        self.pool.addItem(self.tr("default", "pool"), None)
        for pool in POOLS:
            self.pool.addItem(pool, pool)
        self.loglevel = QComboBox(self)
        self.loglevel.addItems(list(LOG_LEVELS))
        self.broker_port = QSpinBox(self)
        self.broker_port.setRange(0, 65535)
        self.broker_port.setSpecialValueText(self.tr("any free port"))
        self.schedule_path = QLineEdit(self)
        self.schedule_path.setPlaceholderText(
            self.tr("empty: a file in Celery Desk's data directory")
        )
        self.scheduler = QLineEdit(self)
        self.scheduler.setPlaceholderText(self.tr("empty: Celery's default"))
        self.extra_args = QLineEdit(self)
        self.env = QPlainTextEdit(self)
        self.env.setPlaceholderText(
            self.tr("KEY=value, one per line (no secrets: saved in plain text)")
        )
        self.env.setFixedHeight(60)
        self.auto_restart = QCheckBox(self.tr("Restart automatically when it crashes"), self)
        self.problems_label = QLabel(self)
        self.problems_label.setWordWrap(True)
        self.problems_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.problems_label.setStyleSheet("color: #d32f2f;")
        self.problems_box = self._problems_box(self.problems_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )

    def _lay_out(self) -> None:
        app_choice = QHBoxLayout()
        app_choice.addWidget(self.demo_app)
        app_choice.addWidget(self.user_project)
        app_choice.addStretch(1)
        self.extra_label = QLabel(self.tr("Extra arguments"), self)
        self.form = QFormLayout()
        self._rows: dict[str, int] = {}
        workdir = self._with_button(self.workdir, self._browse_workdir)
        rows: list[tuple[str, str | QLabel, QWidget | QHBoxLayout]] = [
            ("name", self.tr("Name"), self.name),
            ("kind", self.tr("Kind"), self.kind),
            ("app", self.tr("App"), app_choice),
            ("workdir", self.tr("Working directory"), workdir),
            ("python", self.tr("Python"), self._with_button(self.python, self._browse_python)),
            ("app_module", self.tr("-A module"), self.app_module),
            ("use_broker", "", self.use_broker),
            ("use_backend", "", self.use_backend),
            ("queues", self.tr("Queues"), self.queues),
            ("concurrency", self.tr("Concurrency"), self.concurrency),
            ("pool", self.tr("Pool"), self.pool),
            ("loglevel", self.tr("Log level"), self.loglevel),
            ("broker_port", self.tr("Broker port"), self.broker_port),
            ("schedule_path", self.tr("Schedule file"), self.schedule_path),
            ("scheduler", self.tr("Scheduler (-S)"), self.scheduler),
            ("extra_args", self.extra_label, self.extra_args),
            ("env", self.tr("Environment"), self.env),
            ("auto_restart", "", self.auto_restart),
        ]
        for key, label, field in rows:
            self._rows[key] = self.form.rowCount()
            self.form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        # Space the form does not need (rows hidden for another kind) goes below it, so the
        # rows stay where they are.
        layout.addStretch(1)
        layout.addWidget(self.problems_box)
        layout.addWidget(self.buttons)

    def _problems_box(self, label: QLabel) -> QScrollArea:
        """A box of ``PROBLEM_LINES`` lines, there with or without problems; more scroll."""
        box = QScrollArea(self)
        box.setObjectName("problems_box")
        box.setWidget(label)
        box.setWidgetResizable(True)
        box.setFrameShape(QScrollArea.Shape.NoFrame)
        box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Measured on the label itself with Latin and CJK glyphs (a translation's fallback
        # font may have taller lines), so the last line shows whole.
        label.setText("\n".join(["• Ag 中文"] * PROBLEM_LINES))
        box.setFixedHeight(label.heightForWidth(label.width()) + 2 * box.frameWidth())
        label.clear()
        return box

    def _connect_fields(self) -> None:
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        for line_edit in (
            self.name,
            self.workdir,
            self.python,
            self.app_module,
            self.queues,
            self.schedule_path,
            self.scheduler,
            self.extra_args,
        ):
            line_edit.textChanged.connect(self._on_field_changed)
        for combo in (self.kind, self.pool, self.loglevel):
            combo.currentIndexChanged.connect(self._on_field_changed)
        for spin in (self.concurrency, self.broker_port):
            spin.valueChanged.connect(self._on_field_changed)
        for check in (
            self.demo_app,
            self.user_project,
            self.use_broker,
            self.use_backend,
            self.auto_restart,
        ):
            check.toggled.connect(self._on_field_changed)
        self.env.textChanged.connect(self._on_field_changed)

    def _with_button(self, line_edit: QLineEdit, on_click: Callable[[], None]) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(line_edit, 1)
        button = QPushButton(self.tr("Browse…"), row)
        button.clicked.connect(on_click)
        layout.addWidget(button)
        return row

    def _load(self, spec: ProcessSpec) -> None:
        self.name.setText(spec.name)
        self.kind.setCurrentIndex(self.kind.findData(spec.kind))
        (self.demo_app if spec.is_demo else self.user_project).setChecked(True)
        self.workdir.setText(spec.workdir or "")
        self.python.setText(spec.python or "")
        self.app_module.setText("" if spec.is_demo else spec.app_module)
        self.use_broker.setChecked(spec.use_connected_broker)
        self.use_backend.setChecked(spec.use_connected_backend)
        self.queues.setText(", ".join(spec.queues))
        self.concurrency.setValue(spec.concurrency or 0)
        pool = self.pool.findData(spec.pool) if spec.pool else 0
        if pool < 0:  # not one we know: keep it, validate() says what is wrong
            self.pool.addItem(str(spec.pool), spec.pool)
            pool = self.pool.count() - 1
        self.pool.setCurrentIndex(pool)
        self.loglevel.setCurrentText(spec.loglevel.lower())
        self.broker_port.setValue(spec.broker_port or 0)
        self.schedule_path.setText(spec.schedule_path or "")
        self.scheduler.setText(spec.scheduler or "")
        self.extra_args.setText(shlex.join(spec.extra_args))
        self.env.setPlainText("\n".join(f"{k}={v}" for k, v in spec.env.items()))
        self.auto_restart.setChecked(spec.auto_restart)

    def spec(self) -> ProcessSpec:
        """The spec the form describes (check ``problems()`` first)."""
        self._parse_problems = []
        kind = ProcessKind(self.kind.currentData())
        user = self.user_project.isChecked()
        try:
            extra = shlex.split(self.extra_args.text())
        except ValueError as exc:
            self._parse_problems.append(self.tr("extra arguments: {0}").format(exc))
            extra = []
        env: dict[str, str] = {}
        for number, raw in enumerate(self.env.toPlainText().splitlines(), start=1):
            if raw.strip():
                key, sep, value = raw.partition("=")
                if not sep:
                    problem = self.tr("environment line {0}: expected KEY=value")
                    self._parse_problems.append(problem.format(number))
                env[key.strip()] = value
        return ProcessSpec(
            name=self.name.text().strip(),
            kind=kind,
            app_module=self.app_module.text().strip() if user else DEMO_APP_MODULE,
            workdir=(self.workdir.text().strip() or None) if user else None,
            python=(self.python.text().strip() or None) if user else None,
            queues=[q.strip() for q in self.queues.text().split(",") if q.strip()],
            concurrency=self.concurrency.value() or None,
            pool=self.pool.currentData(),
            loglevel=self.loglevel.currentText(),
            extra_args=extra,
            env=env,
            broker_port=self.broker_port.value() or None,
            schedule_path=self.schedule_path.text().strip() or None,
            scheduler=self.scheduler.text().strip() or None,
            auto_restart=self.auto_restart.isChecked(),
            use_connected_broker=user and self.use_broker.isChecked(),
            use_connected_backend=user and self.use_backend.isChecked(),
        )

    def problems(self) -> list[str]:
        spec = self.spec()
        problems = [*self._parse_problems, *validate(spec)]
        if spec.name in self._taken:
            problems.insert(0, self.tr("a preset named {0} already exists").format(repr(spec.name)))
        return problems

    @Slot()
    def _on_field_changed(self) -> None:
        kind = ProcessKind(self.kind.currentData())
        user = self.user_project.isChecked()
        celery = kind in (ProcessKind.WORKER, ProcessKind.BEAT)
        not_broker = kind is not ProcessKind.BROKER
        visible = {
            "app": not_broker,
            "workdir": not_broker and user,
            "python": not_broker and user,
            "app_module": celery and user,
            "use_broker": not_broker and user,
            "use_backend": not_broker and user,
            "queues": kind is ProcessKind.WORKER,
            "concurrency": kind is ProcessKind.WORKER,
            "pool": kind is ProcessKind.WORKER,
            "loglevel": celery,
            "broker_port": kind is ProcessKind.BROKER,
            "schedule_path": kind is ProcessKind.BEAT,
            "scheduler": kind is ProcessKind.BEAT,
            "extra_args": not_broker,
        }
        for key, show in visible.items():
            self.form.setRowVisible(self._rows[key], show)
        custom = kind is ProcessKind.CUSTOM
        self.extra_label.setText(self.tr("Command") if custom else self.tr("Extra arguments"))
        problems = self.problems()
        self.problems_label.setText("\n".join(f"• {p}" for p in problems))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problems)

    @Slot()
    def _browse_workdir(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Project directory"), self.workdir.text()
        )
        if chosen:
            self.workdir.setText(chosen)

    @Slot()
    def _browse_python(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self,
            self.tr("Virtualenv directory (cancel to pick an interpreter)"),
            self.python.text(),
        )
        if not chosen:
            chosen, _ = QFileDialog.getOpenFileName(
                self, self.tr("Python interpreter"), self.python.text()
            )
        if chosen:
            self.python.setText(chosen)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if not self.problems():
            self.accept()
