"""Typed outcomes of queue operations: peek, purge, delete, find."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.i18n import translate
from desktop.core.queues.envelope import DecodedMessage


@dataclass(frozen=True, slots=True)
class PeekedMessage:
    """A waiting message; ``position`` 0 is the next one a worker takes.

    ``key`` (the full Redis key of its priority level) and ``raw`` (its exact payload) are
    what :meth:`QueueInspector.delete_message` removes.
    """

    queue: str
    step: int
    position: int
    key: str
    raw: bytes
    message: DecodedMessage


@dataclass(frozen=True, slots=True)
class PeekResult:
    queue: str
    messages: tuple[PeekedMessage, ...] = ()
    total: int = 0
    error: str | None = None


@dataclass(frozen=True, slots=True)
class PurgeResult:
    """How many messages were removed from each priority level of ``queue``."""

    queue: str
    removed: tuple[tuple[int, int], ...] = ()
    error: str | None = None

    @property
    def total(self) -> int:
        return sum(count for _, count in self.removed)

    @property
    def ok(self) -> bool:
        return self.error is None

    def audit_replies(self) -> dict[str, str]:
        if self.error is not None:
            return {"error": self.error}
        return {self.queue: f"removed {self.total} message(s)"}

    def summary(self) -> str:
        if self.error is not None:
            return translate("QueueResult", "Purge of '{0}' failed: {1}").format(
                self.queue, self.error
            )
        if self.total == 1:
            text = translate("QueueResult", "Purged %n message from '{0}'", None, self.total)
        else:
            text = translate("QueueResult", "Purged %n messages from '{0}'", None, self.total)
        return text.format(self.queue)


@dataclass(frozen=True, slots=True)
class DeleteResult:
    """Whether the exact message was still waiting and is now gone."""

    queue: str
    task_id: str | None
    removed: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.removed

    def audit_replies(self) -> dict[str, str]:
        if self.error is not None:
            return {"error": self.error}
        return {self.queue: "deleted" if self.removed else "not found (already taken?)"}

    def summary(self) -> str:
        ident = self.task_id or "?"
        if self.error is not None:
            text = translate("QueueResult", "Deleting message {0} failed: {1}")
            return text.format(ident, self.error)
        if self.removed:
            return translate("QueueResult", "Deleted message {0} from '{1}'").format(
                ident, self.queue
            )
        text = translate(
            "QueueResult", "Message {0} is no longer waiting in '{1}' (a worker took it?)"
        )
        return text.format(ident, self.queue)


@dataclass(frozen=True, slots=True)
class FoundMessage:
    """A task's message found in the broker: waiting in a queue, or unacked (in flight)."""

    queue: str
    where: str  # "queue" or "unacked"
    message: DecodedMessage
