"""Typed outcomes of remote-control actions: one reply per worker, or why there is none.

A broadcast asks workers to answer; each named destination ends as ``ok`` (the worker's
text), ``error`` (the worker's error text) or ``no reply within N s``. A send (retry, send
task) has no worker replies: it names the new task id instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from desktop.core.i18n import translate


def describe_silence(timeout: float) -> str:
    """``no reply within 2 s`` (integral seconds without decimals)."""
    return translate("ActionResult", "no reply within {0} s").format(f"{timeout:g}")


class ReplyStatus(StrEnum):
    OK = "ok"
    ERROR = "error"
    NO_REPLY = "no reply"

    @property
    def label(self) -> str:
        """The status for people, in the UI language (the value is the audit log's key)."""
        labels = {
            ReplyStatus.OK: translate("ActionResult", "ok"),
            ReplyStatus.ERROR: translate("ActionResult", "error"),
            ReplyStatus.NO_REPLY: translate("ActionResult", "no reply"),
        }
        return labels[self]

    def counted(self, n: int) -> str:
        """``3 ok``, ``1 error``, ``2 errors``, ``1 no reply``."""
        if self is ReplyStatus.OK:
            return translate("ActionResult", "%n ok", None, n)
        if self is ReplyStatus.ERROR:
            if n == 1:
                return translate("ActionResult", "%n error", None, n)
            return translate("ActionResult", "%n errors", None, n)
        return translate("ActionResult", "%n no reply", None, n)


@dataclass(frozen=True, slots=True)
class WorkerReply:
    """What one worker answered to a broadcast."""

    destination: str
    status: ReplyStatus
    text: str

    @property
    def ok(self) -> bool:
        return self.status is ReplyStatus.OK


@dataclass(frozen=True, slots=True)
class ActionResult:
    """The outcome of one action; ``error`` is set when the action itself could not run."""

    action: str
    targets: tuple[str, ...]
    parameters: Mapping[str, Any] = field(default_factory=dict)
    replies: tuple[WorkerReply, ...] = ()
    error: str | None = None
    task_id: str | None = None
    timeout: float = 0.0
    note: str = ""

    @property
    def ok(self) -> bool:
        """No error and every reply ok (a send has no replies and is ok once published)."""
        return self.error is None and all(reply.ok for reply in self.replies)

    def audit_replies(self) -> dict[str, str]:
        """``{target: text}`` for the audit log."""
        if self.error is not None:
            return {"error": self.error}
        texts = {r.destination: f"{r.status.value}: {r.text}" for r in self.replies}
        if self.task_id is not None:
            texts["task_id"] = self.task_id
        if self.note:
            texts["note"] = self.note
        return texts

    def summary(self) -> str:
        """One line for a status bar: the action's command name, then :meth:`outcome_text`."""
        return f"{self.action}: {self.outcome_text()}"

    def outcome_text(self) -> str:
        """How it went, in the UI language: the error, the new task's id, or the replies
        counted (``3 ok, 1 no reply``)."""
        if self.error is not None:
            return self.error
        if self.task_id is not None:
            return translate("ActionResult", "sent as {0}").format(self.task_id)
        if not self.replies:
            return self.note or translate("ActionResult", "done")
        counts = {status: 0 for status in ReplyStatus}
        for reply in self.replies:
            counts[reply.status] += 1
        parts = [status.counted(n) for status, n in counts.items() if n]
        return translate("ActionResult", ", ", "between counts").join(parts)


def _reply_text(value: Any) -> tuple[ReplyStatus, str]:
    if isinstance(value, Mapping):
        if "error" in value:
            return ReplyStatus.ERROR, str(value["error"])
        if "ok" in value:
            return ReplyStatus.OK, str(value["ok"])
    try:
        text = json.dumps(value, default=str, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return ReplyStatus.OK, text


def collect_replies(
    raw: Iterable[Any] | None, destinations: Sequence[str] | None, timeout: float
) -> tuple[WorkerReply, ...]:
    """Worker replies from ``broadcast(reply=True)``'s list of ``{hostname: reply}`` dicts.

    Named destinations that stayed silent get a ``no reply`` entry; with no destination
    (every worker) and no reply at all, one ``*`` entry says nobody answered.
    """
    answered: dict[str, WorkerReply] = {}
    for item in raw or ():
        if not isinstance(item, Mapping):
            continue
        for host, value in item.items():
            status, text = _reply_text(value)
            answered[str(host)] = WorkerReply(str(host), status, text)
    replies = [answered[host] for host in sorted(answered)]
    silent = [d for d in destinations or () if d not in answered]
    replies += [WorkerReply(d, ReplyStatus.NO_REPLY, describe_silence(timeout)) for d in silent]
    if not destinations and not answered:
        nobody = translate("ActionResult", "no worker replied within {0} s")
        replies.append(WorkerReply("*", ReplyStatus.NO_REPLY, nobody.format(f"{timeout:g}")))
    return tuple(replies)
