"""The rule form's answer to "would this fire now?", in a few lines of rich text."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from desktop.core.alerts.inputs import Observation
from desktop.core.alerts.rules import Rule
from desktop.core.alerts.text import duration

SHOWN = 4


def _closest(observations: Sequence[Observation]) -> Observation | None:
    """The subject nearest its threshold (by value / threshold), if numbers say so."""
    scored = [
        (o.value / o.threshold, o) for o in observations if o.value is not None and o.threshold
    ]
    if scored:
        return max(scored, key=lambda pair: pair[0])[1]
    return observations[0] if observations else None


def feedback_html(rule: Rule, observations: Sequence[Observation] | None) -> str:
    if not rule.enabled:
        return QCoreApplication.translate("RuleFeedback", "This rule is off.")
    if observations is None:
        return QCoreApplication.translate(
            "RuleFeedback",
            "Cannot tell now: what this rule reads is not known yet (not connected, or not "
            "read yet).",
        )
    active = [o for o in observations if o.active]
    if active:
        if len(active) == 1:
            head = QCoreApplication.translate(
                "RuleFeedback", "<b>Would fire now</b> for %n subject", "", 1
            )
        else:
            head = QCoreApplication.translate(
                "RuleFeedback", "<b>Would fire now</b> for %n subjects", "", len(active)
            )
        if rule.hold_seconds:
            head += QCoreApplication.translate("RuleFeedback", ", once held for {0}").format(
                duration(rule.hold_seconds)
            )
        lines = [html.escape(o.why) for o in active[:SHOWN]]
        if len(active) > SHOWN:
            lines.append(
                QCoreApplication.translate("RuleFeedback", "and %n more", "", len(active) - SHOWN)
            )
        # the colon is the language's own (Chinese has a full-width one)
        head = QCoreApplication.translate("RuleFeedback", "{0}:").format(head)
        return f"<span style='color:#c62828'>{head}</span><br>" + "<br>".join(lines)
    closest = _closest(observations)
    if closest is None:
        return QCoreApplication.translate(
            "RuleFeedback", "Would not fire now: nothing it watches has been seen yet."
        )
    return (
        "<span style='color:#2e7d32'>"
        + QCoreApplication.translate("RuleFeedback", "Would not fire now.")
        + "</span> "
        + QCoreApplication.translate("RuleFeedback", "Closest: {0}").format(
            html.escape(closest.why)
        )
    )
