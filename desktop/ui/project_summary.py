"""What a project check found, in words: one headline and the details below it."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.i18n import translate
from desktop.core.project.facts import ProjectFacts


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
        error = facts.error or "?"
        headline = translate("ProjectSummary", "The project did not load: {0}").format(error)
        return FactsSummary(headline, details, False)
    versions = translate("ProjectSummary", "Celery {0} on Python {1}")
    parts = [
        versions.format(facts.celery_version, facts.python_version),
        translate("ProjectSummary", "%n tasks", None, len(facts.registered_tasks)),
        translate("ProjectSummary", "%n code-defined schedules", None, len(facts.code_entries)),
        facts.timezone or translate("ProjectSummary", "no timezone set (UTC)"),
    ]
    lines = []
    if facts.broker_url:
        lines.append(translate("ProjectSummary", "Broker: {0}").format(facts.broker_url))
    lines += event_warnings(facts)
    if facts.result_backend:
        backend = translate("ProjectSummary", "Result backend: {0}")
        lines.append(backend.format(facts.result_backend))
    return FactsSummary(" · ".join(parts), "\n".join(lines), True)


def event_warnings(facts: ProjectFacts) -> list[str]:
    """What the project's settings keep the monitor from seeing, with the setting to change
    (both the Celery name and the Django settings name)."""
    events = facts.events
    found: list[str] = []
    if not events.worker_send_task_events:
        found.append(
            translate(
                "ProjectSummary",
                "Workers send no task events unless started with -E (the app's presets do) "
                "or worker_send_task_events = True (Django: CELERY_WORKER_SEND_TASK_EVENTS)",
            )
        )
    if not events.task_send_sent_event:
        found.append(
            translate(
                "ProjectSummary",
                "No task-sent events: tasks show up only once a worker receives them "
                "(task_send_sent_event = True; Django: CELERY_TASK_SEND_SENT_EVENT)",
            )
        )
    return found
