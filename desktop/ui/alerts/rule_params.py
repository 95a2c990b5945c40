"""The part of the rule form that depends on what a rule checks: one small editor per kind.

Each editor shows a parameter object (:mod:`desktop.core.alerts.rules`) in spin boxes and
check boxes, gives it back edited, and says when the user changed something (``edited``).
A limit of 0 in a spin box showing "off" means "not checked" (None).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from desktop.core.alerts.rules import (
    BeatCheck,
    BeatProblem,
    BrokerDown,
    EventStream,
    FailureRate,
    Params,
    QueueBacklog,
    StreamProblem,
    StuckTask,
    WorkerOffline,
)


def _spin(maximum: float, suffix: str, decimals: int = 0, off: bool = False) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(decimals)
    box.setRange(0, maximum)
    box.setSuffix(suffix)
    if off:
        box.setSpecialValueText(QCoreApplication.translate("RuleParams", "off"))
    return box


def _count(maximum: int, off: bool = False) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, maximum)
    if off:
        box.setSpecialValueText(QCoreApplication.translate("RuleParams", "off"))
    return box


def _minutes() -> str:
    return QCoreApplication.translate("RuleParams", " min")


def _seconds() -> str:
    return QCoreApplication.translate("RuleParams", " s")


def _or_none(value: float) -> float | None:
    return None if value <= 0 else value


class ParamsEditor(QWidget):
    """Edits the parameters of one rule kind (subclasses: one per kind).

    Signals:
        edited(): a field changed.
    """

    edited = Signal()

    def __init__(self, params: Params) -> None:
        super().__init__()
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.build()
        self.set_params(params)
        for spin in self.findChildren(QDoubleSpinBox) + self.findChildren(QSpinBox):
            spin.valueChanged.connect(self.edited)
        for check in self.findChildren(QCheckBox):
            check.toggled.connect(self.edited)
        for combo in self.findChildren(QComboBox):
            combo.currentIndexChanged.connect(self.edited)
        for line in self.findChildren(QLineEdit):
            line.textEdited.connect(self.edited)

    def build(self) -> None:
        self.form.addRow(
            QLabel(
                QCoreApplication.translate(
                    "RuleParams", "Fires while the broker cannot be reached."
                )
            )
        )

    def set_params(self, params: Params) -> None:
        blocked = self.blockSignals(True)
        try:
            self.fill(params)
        finally:
            self.blockSignals(blocked)

    def fill(self, params: Params) -> None:
        """Show ``params`` (the kind's own)."""

    def params(self) -> Params:
        return BrokerDown()


class FailureRateEditor(ParamsEditor):
    def build(self) -> None:
        self.threshold = _spin(100, " %", 1)
        self.span = _spin(60, _minutes(), 1)
        self.span.setMinimum(1)
        self.volume = _count(1_000_000)
        self.per_task = QCheckBox(
            QCoreApplication.translate("RuleParams", "One alert per task name")
        )
        self.form.addRow(
            QCoreApplication.translate("RuleParams", "Failure rate above"), self.threshold
        )
        self.form.addRow(QCoreApplication.translate("RuleParams", "Over the last"), self.span)
        self.form.addRow(
            QCoreApplication.translate("RuleParams", "At least this many finished"), self.volume
        )
        self.form.addRow("", self.per_task)

    def fill(self, params: Params) -> None:
        assert isinstance(params, FailureRate)
        self.threshold.setValue(params.threshold_percent)
        self.span.setValue(params.window_seconds / 60)
        self.volume.setValue(params.min_volume)
        self.per_task.setChecked(params.per_task)

    def params(self) -> Params:
        return FailureRate(
            self.threshold.value(), self.span.value() * 60, self.volume.value(),
            self.per_task.isChecked(),
        )  # fmt: skip


class QueueEditor(ParamsEditor):
    def build(self) -> None:
        self.max_depth = _count(10_000_000, off=True)
        self.max_age = _spin(24 * 60, _minutes(), 1, off=True)
        self.form.addRow(
            QCoreApplication.translate("RuleParams", "Messages waiting above"), self.max_depth
        )
        self.form.addRow(
            QCoreApplication.translate("RuleParams", "Oldest waiting longer than"), self.max_age
        )

    def fill(self, params: Params) -> None:
        assert isinstance(params, QueueBacklog)
        self.max_depth.setValue(params.max_depth or 0)
        self.max_age.setValue((params.max_age_seconds or 0) / 60)

    def params(self) -> Params:
        return QueueBacklog(self.max_depth.value() or None, _or_none(self.max_age.value() * 60))


class WorkerEditor(ParamsEditor):
    def build(self) -> None:
        self.grace = _spin(24 * 3600, _seconds())
        self.grace.setMinimum(5)
        self.ephemeral = QLineEdit()
        self.ephemeral.setPlaceholderText(
            QCoreApplication.translate("RuleParams", "e.g. celery@autoscale-*")
        )
        self.include = QCheckBox(
            QCoreApplication.translate("RuleParams", "Alert for those workers too")
        )
        self.form.addRow(
            QCoreApplication.translate("RuleParams", "Silent for longer than"), self.grace
        )
        self.form.addRow(
            QCoreApplication.translate("RuleParams", "Workers that come and go"), self.ephemeral
        )
        self.form.addRow("", self.include)

    def fill(self, params: Params) -> None:
        assert isinstance(params, WorkerOffline)
        self.grace.setValue(params.grace_seconds)
        self.ephemeral.setText(params.ephemeral_pattern)
        self.include.setChecked(params.include_ephemeral)

    def params(self) -> Params:
        return WorkerOffline(
            self.grace.value(), self.ephemeral.text().strip(), self.include.isChecked()
        )


class BeatEditor(ParamsEditor):
    def build(self) -> None:
        self.problem = QComboBox()
        self.problem.addItem(
            QCoreApplication.translate("RuleParams", "No beat runs the schedule file"),
            BeatProblem.NO_BEAT,
        )
        self.problem.addItem(
            QCoreApplication.translate("RuleParams", "Beat rejected the file"), BeatProblem.REJECTED
        )
        self.problem.addItem(
            QCoreApplication.translate("RuleParams", "An entry missed its run or ran late"),
            BeatProblem.LATE,
        )
        self.tolerance = _spin(24 * 3600, _seconds())
        self.form.addRow(QCoreApplication.translate("RuleParams", "Problem"), self.problem)
        self.form.addRow(
            QCoreApplication.translate("RuleParams", "Late by more than"), self.tolerance
        )

    def fill(self, params: Params) -> None:
        assert isinstance(params, BeatCheck)
        self.problem.setCurrentIndex(max(0, self.problem.findData(params.problem)))
        self.tolerance.setValue(params.tolerance_seconds)

    def params(self) -> Params:
        return BeatCheck(BeatProblem(self.problem.currentData()), self.tolerance.value())


class StuckEditor(ParamsEditor):
    def build(self) -> None:
        self.limit = _spin(7 * 24 * 60, _minutes(), 1, off=True)
        self.factor = _spin(1000, " × p99", 1, off=True)
        self.samples = _count(1000)
        self.floor = _spin(24 * 3600, _seconds())
        self.form.addRow(
            QCoreApplication.translate("RuleParams", "Running longer than"), self.limit
        )
        self.form.addRow(QCoreApplication.translate("RuleParams", "Or longer than"), self.factor)
        self.form.addRow(
            QCoreApplication.translate("RuleParams", "Given runtimes at least"), self.samples
        )
        self.form.addRow(QCoreApplication.translate("RuleParams", "And never under"), self.floor)

    def fill(self, params: Params) -> None:
        assert isinstance(params, StuckTask)
        self.limit.setValue((params.max_runtime_seconds or 0) / 60)
        self.factor.setValue(params.p99_factor or 0)
        self.samples.setValue(params.min_samples)
        self.floor.setValue(params.floor_seconds)

    def params(self) -> Params:
        return StuckTask(
            _or_none(self.limit.value() * 60), _or_none(self.factor.value()),
            self.samples.value(), self.floor.value(),
        )  # fmt: skip


class StreamEditor(ParamsEditor):
    def build(self) -> None:
        self.problem = QComboBox()
        self.problem.addItem(
            QCoreApplication.translate("RuleParams", "Events lost"), StreamProblem.LOST
        )
        self.problem.addItem(
            QCoreApplication.translate("RuleParams", "A worker sends no task events"),
            StreamProblem.DISABLED,
        )
        self.span = _spin(24 * 60, _minutes(), 1)
        self.span.setMinimum(1)
        self.form.addRow(QCoreApplication.translate("RuleParams", "Problem"), self.problem)
        self.form.addRow(QCoreApplication.translate("RuleParams", "Lost in the last"), self.span)

    def fill(self, params: Params) -> None:
        assert isinstance(params, EventStream)
        self.problem.setCurrentIndex(max(0, self.problem.findData(params.problem)))
        self.span.setValue(params.window_seconds / 60)

    def params(self) -> Params:
        return EventStream(StreamProblem(self.problem.currentData()), self.span.value() * 60)


EDITORS: dict[type, type[ParamsEditor]] = {
    FailureRate: FailureRateEditor,
    QueueBacklog: QueueEditor,
    WorkerOffline: WorkerEditor,
    BeatCheck: BeatEditor,
    StuckTask: StuckEditor,
    EventStream: StreamEditor,
    BrokerDown: ParamsEditor,
}


def editor_for(params: Params) -> ParamsEditor:
    return EDITORS[type(params)](params)
