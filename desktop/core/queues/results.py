"""Typed outcomes of queue operations: peek, purge, delete, find."""

from __future__ import annotations

from dataclasses import dataclass

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
            return f"Purge of '{self.queue}' failed: {self.error}"
        return f"Purged {self.total:,} message(s) from '{self.queue}'"


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
        what = f"message {self.task_id}" if self.task_id else "message"
        if self.error is not None:
            return f"Deleting {what} failed: {self.error}"
        if self.removed:
            return f"Deleted {what} from '{self.queue}'"
        return f"The {what} is no longer waiting in '{self.queue}' (a worker took it?)"


@dataclass(frozen=True, slots=True)
class FoundMessage:
    """A task's message found in the broker: waiting in a queue, or unacked (in flight)."""

    queue: str
    where: str  # "queue" or "unacked"
    message: DecodedMessage
