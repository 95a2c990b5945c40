"""What a project check found, in words: one headline and the details below it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from desktop.core.project.facts import ProjectFacts


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProjectSummary", text)


@dataclass(frozen=True)
class FactsSummary:
    headline: str
    details: str
    ok: bool


def describe_facts(facts: ProjectFacts) -> FactsSummary:
    """``Celery 5.5.3 on Python 3.11.7 · 12 tasks · 6 code-defined schedules · Asia/Shanghai``,
    or the error with its traceback, hint and stderr below."""
    if not facts.ok:
        details = "\n\n".join(
            part for part in (facts.traceback, facts.hint, facts.stderr_tail) if part
        )
        return FactsSummary(
            _tr("The project did not load: {0}").format(facts.error or "?"), details, False
        )
    parts = [
        _tr("Celery {0} on Python {1}").format(facts.celery_version, facts.python_version),
        _tr("{0} tasks").format(len(facts.registered_tasks)),
        _tr("{0} code-defined schedules").format(len(facts.code_entries)),
        facts.timezone or _tr("no timezone set (UTC)"),
    ]
    warnings = event_warnings(facts)
    details = "\n".join(warnings)
    if facts.broker_url:
        details = "\n".join(filter(None, [_tr("Broker: {0}").format(facts.broker_url), details]))
    if facts.result_backend:
        details += "\n" + _tr("Result backend: {0}").format(facts.result_backend)
    return FactsSummary(" · ".join(parts), details.strip(), True)


def event_warnings(facts: ProjectFacts) -> list[str]:
    """What the project's settings keep the monitor from seeing, with the setting to change
    (both the Celery name and the Django settings name)."""
    events = facts.events
    found: list[str] = []
    if not events.worker_send_task_events:
        found.append(
            _tr(
                "Workers send no task events unless started with -E (the app's presets do) "
                "or worker_send_task_events = True (Django: CELERY_WORKER_SEND_TASK_EVENTS)"
            )
        )
    if not events.task_send_sent_event:
        found.append(
            _tr(
                "No task-sent events: tasks show up only once a worker receives them "
                "(task_send_sent_event = True; Django: CELERY_TASK_SEND_SENT_EVENT)"
            )
        )
    return found
