"""Read-only enforcement and the audit trail: every action goes through a :class:`ControlGate`.

A gate is made for the active profile. On a read-only profile it refuses every action with
a reason the UI shows ("Profile 'prod' is read-only: actions are disabled") and records the
refusal; otherwise it runs the action and records its outcome and replies. The table of
:data:`ACTIONS` says which actions destroy something, so the UI asks for confirmation first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from desktop.core.control.audit import OUTCOME_FAILED, OUTCOME_OK, OUTCOME_REFUSED, AuditLog
from desktop.core.i18n import translate


@dataclass(frozen=True, slots=True)
class ActionInfo:
    name: str
    destructive: bool

    @property
    def label(self) -> str:
        """The action's name for people, in the UI language."""
        return action_label(self.name)


def action_label(action: str) -> str:
    """``Set rate limit`` for ``rate_limit``; an unknown action is shown as it is."""
    labels = {
        "revoke": translate("ControlAction", "Revoke"),
        "terminate": translate("ControlAction", "Terminate"),
        "retry": translate("ControlAction", "Retry"),
        "send_task": translate("ControlAction", "Send task"),
        "rate_limit": translate("ControlAction", "Set rate limit"),
        "time_limit": translate("ControlAction", "Set time limits"),
        "pool_grow": translate("ControlAction", "Grow pool"),
        "pool_shrink": translate("ControlAction", "Shrink pool"),
        "autoscale": translate("ControlAction", "Autoscale"),
        "add_consumer": translate("ControlAction", "Add consumer"),
        "cancel_consumer": translate("ControlAction", "Cancel consumer"),
        "pool_restart": translate("ControlAction", "Restart pool"),
        "shutdown": translate("ControlAction", "Shut down"),
        "purge_queue": translate("ControlAction", "Purge queue"),
        "delete_message": translate("ControlAction", "Delete message"),
    }
    return labels.get(action, action)


def _table(*rows: tuple[str, bool]) -> dict[str, ActionInfo]:
    return {name: ActionInfo(name, destructive) for name, destructive in rows}


#: Every action the app can take; ``destructive`` ones are confirmed before they run.
ACTIONS: dict[str, ActionInfo] = _table(
    ("revoke", True),
    ("terminate", True),
    ("retry", False),
    ("send_task", False),
    ("rate_limit", False),
    ("time_limit", False),
    ("pool_grow", False),
    ("pool_shrink", False),
    ("autoscale", False),
    ("add_consumer", False),
    ("cancel_consumer", True),
    ("pool_restart", True),
    ("shutdown", True),
    ("purge_queue", True),
    ("delete_message", True),
)


class Auditable(Protocol):
    """What a gate needs from an action's result."""

    @property
    def ok(self) -> bool: ...

    def audit_replies(self) -> dict[str, str]: ...


R = TypeVar("R", bound=Auditable)


@dataclass(frozen=True, slots=True)
class Refused:
    """An action the gate did not run, and why."""

    action: str
    targets: tuple[str, ...]
    reason: str
    parameters: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return False

    def audit_replies(self) -> dict[str, str]:
        return {}

    def summary(self) -> str:
        return self.reason


def read_only_reason(profile_name: str) -> str:
    text = translate("ControlGate", "Profile '{0}' is read-only: actions are disabled")
    return text.format(profile_name)


class ControlGate:
    """Runs (or refuses) actions for one profile and audits each of them."""

    def __init__(
        self, profile_read_only: bool, profile_name: str, audit: AuditLog | None = None
    ) -> None:
        self.read_only = profile_read_only
        self.profile_name = profile_name
        self.audit = audit if audit is not None else AuditLog()

    @property
    def refusal(self) -> str | None:
        """Why every action is refused, or None when actions are allowed."""
        return read_only_reason(self.profile_name) if self.read_only else None

    @staticmethod
    def info(action: str) -> ActionInfo:
        try:
            return ACTIONS[action]
        except KeyError:
            raise ValueError(f"unknown action {action!r}") from None

    @classmethod
    def is_destructive(cls, action: str) -> bool:
        return cls.info(action).destructive

    def run(
        self,
        action: str,
        targets: Sequence[str],
        parameters: Mapping[str, Any],
        call: Callable[[], R],
    ) -> R | Refused:
        """``call()`` unless read-only; the outcome is appended to the audit log either way.

        Blocks as long as ``call`` does: from the UI, run it off the GUI thread.
        """
        self.info(action)
        reason = self.refusal
        if reason is not None:
            self.audit.record(
                self.profile_name, action, targets=targets, parameters=parameters,
                outcome=OUTCOME_REFUSED, reason=reason,
            )  # fmt: skip
            return Refused(action, tuple(targets), reason, dict(parameters))
        try:
            result = call()
        except Exception as exc:
            self.audit.record(
                self.profile_name, action, targets=targets, parameters=parameters,
                outcome=OUTCOME_FAILED, reason=f"{type(exc).__name__}: {exc}",
            )  # fmt: skip
            raise
        self.audit.record(
            self.profile_name,
            action,
            targets=targets,
            parameters=parameters,
            outcome=OUTCOME_OK if result.ok else OUTCOME_FAILED,
            replies=result.audit_replies(),
        )
        return result
