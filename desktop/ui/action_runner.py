"""Running control actions from the UI: confirm what destroys, gate, run off the GUI thread.

:class:`ActionRunner` is what every view (Queues, Tasks, Workers) hands its actions to. A
destructive action (per :data:`desktop.core.control.guard.ACTIONS`) asks first, in a
non-blocking message box; then the action runs through a fresh :class:`ControlGate` for the
active profile on the :class:`BackgroundRunner`, so a read-only profile refuses it (with its
reason) and every outcome lands in the audit log. Results come back on the GUI thread.

Signals:
    started(str): the action's label, as it starts.
    finished(object): its result (ActionResult, PurgeResult, ...) or a ``Refused``.
    failed(str): the action raised (a bug): one line for the status bar.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.control.audit import AuditLog
from desktop.core.control.guard import ControlGate
from desktop.ui.background import BackgroundRunner


class ActionRunner(QObject):
    """Confirms, gates, runs and audits actions for the widget ``owner``."""

    started = Signal(str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        runner: BackgroundRunner,
        read_only_provider: Callable[[], tuple[bool, str]],
        owner: QWidget,
        audit: AuditLog | None = None,
    ) -> None:
        super().__init__(owner)
        self._runner = runner
        self._read_only_provider = read_only_provider
        self._owner = owner
        self.audit = audit if audit is not None else AuditLog()
        #: The open confirmation box, if any (tests click its buttons).
        self.confirmation: QMessageBox | None = None

    def gate(self) -> ControlGate:
        read_only, profile = self._read_only_provider()
        return ControlGate(read_only, profile, self.audit)

    def refusal(self) -> str | None:
        """Why actions are disabled for the active profile, or None."""
        return self.gate().refusal

    def request(
        self,
        action: str,
        targets: Sequence[str],
        parameters: Mapping[str, Any],
        call: Callable[[], Any],
        *,
        confirm_text: str = "",
        confirm_detail: str = "",
    ) -> None:
        """Run ``call`` as ``action``; destructive actions are confirmed first.

        ``call`` runs on a worker thread: it must capture plain values, never widgets.
        """
        gate = self.gate()
        info = gate.info(action)
        if info.destructive and gate.refusal is None:
            text = confirm_text or self.tr("{0}: {1}?").format(info.label, ", ".join(targets))
            self._confirm(
                text, confirm_detail, lambda: self._run(gate, action, targets, parameters, call)
            )
        else:
            self._run(gate, action, targets, parameters, call)

    def _confirm(self, text: str, detail: str, accepted: Callable[[], None]) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Confirm"), text, parent=self._owner)
        box.setInformativeText(detail)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        yes = box.button(QMessageBox.StandardButton.Yes)

        def on_finished(_result: int) -> None:
            self.confirmation = None
            if box.clickedButton() is yes:
                accepted()

        box.finished.connect(on_finished)
        self.confirmation = box
        box.open()

    def _run(
        self,
        gate: ControlGate,
        action: str,
        targets: Sequence[str],
        parameters: Mapping[str, Any],
        call: Callable[[], Any],
    ) -> None:
        self.started.emit(gate.info(action).label)
        targets, parameters = list(targets), dict(parameters)
        self._runner.submit(
            lambda: gate.run(action, targets, parameters, call),
            self._on_runner_done,
            self._on_runner_error,
        )

    @Slot(object)
    def _on_runner_done(self, result: object) -> None:
        self.finished.emit(result)

    @Slot(object)
    def _on_runner_error(self, exc: BaseException) -> None:
        self.failed.emit(f"{type(exc).__name__}: {exc}")
