"""A profile's alert rules in ``alerts/<profile>.json`` under the config dir (no secrets).

Loading never fails: a missing file gives the built-in rules; a rule that cannot be read is
left out with a warning naming it; built-in rules the file lacks (new in this version) are
added with their defaults. A file that is not valid JSON is moved aside by
:func:`~desktop.core.json_file.read_json_object` and the built-ins are used.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from pathlib import Path
from typing import Any

from desktop.core import paths
from desktop.core.alerts.rules import (
    KIND_OF,
    BeatProblem,
    Params,
    Rule,
    RuleKind,
    Severity,
    StreamProblem,
    Webhook,
    WebhookKind,
    builtin_rules,
)
from desktop.core.json_file import read_json_object, write_json_atomic

log = logging.getLogger("celery_desk.alerts")

FILE_VERSION = 1
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
PARAM_TYPES: dict[RuleKind, type] = {kind: cls for cls, kind in KIND_OF.items()}


def rules_path(profile: str) -> Path:
    """The rules file of ``profile`` (its name made file-safe, with a short hash so two
    names that differ only in unsafe characters do not share a file)."""
    slug = _UNSAFE.sub("-", profile.strip()).strip("-.")[:60] or "profile"
    digest = hashlib.sha256(profile.encode("utf-8")).hexdigest()[:8]
    return paths.config_dir() / "alerts" / f"{slug}-{digest}.json"


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    data = {f.name: getattr(rule, f.name) for f in dataclasses.fields(rule) if f.init}
    data["kind"] = rule.kind.value
    data["severity"] = rule.severity.value
    data["params"] = {
        f.name: _plain(getattr(rule.params, f.name)) for f in dataclasses.fields(rule.params)
    }
    data["webhooks"] = [
        {"webhook_id": w.webhook_id, "kind": w.kind.value, "send_resolved": w.send_resolved}
        for w in rule.webhooks
    ]
    return data


def _plain(value: object) -> object:
    return value.value if isinstance(value, BeatProblem | StreamProblem) else value


def rule_from_dict(data: dict[str, Any]) -> Rule:
    """The rule in ``data``; ValueError (naming the field) when it cannot be one."""
    try:
        kind = RuleKind(data["kind"])
        params = _params(kind, data.get("params") or {})
        webhooks = tuple(
            Webhook(
                str(w["webhook_id"]), WebhookKind(w["kind"]), bool(w.get("send_resolved", True))
            )
            for w in data.get("webhooks") or ()
        )
        snoozed = data.get("snoozed_until")
        rule = Rule(
            rule_id=_text(data, "rule_id"),
            name=_text(data, "name"),
            params=params,
            enabled=bool(data.get("enabled", True)),
            severity=Severity(data.get("severity", "warning")),
            hold_seconds=_number(data.get("hold_seconds", 0.0), "hold_seconds"),
            cooldown_seconds=_number(data.get("cooldown_seconds", 1800.0), "cooldown_seconds"),
            pattern=str(data.get("pattern", "*")),
            exclude=str(data.get("exclude", "")),
            desktop=bool(data.get("desktop", True)),
            muted=bool(data.get("muted", False)),
            snoozed_until=None if snoozed is None else _number(snoozed, "snoozed_until"),
            webhooks=webhooks,
            builtin=bool(data.get("builtin", False)),
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"missing or malformed field {exc}") from None
    return rule


def _text(data: dict[str, Any], name: str) -> str:
    value = data[name]
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be non-empty text")
    return value


def _number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{name} must be a number of at least 0")
    return float(value)


def _params(kind: RuleKind, data: dict[str, Any]) -> Params:
    cls = PARAM_TYPES[kind]
    values: dict[str, Any] = {}
    defaults = cls()
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value, default = data[f.name], getattr(defaults, f.name)
        if isinstance(default, BeatProblem):
            value = BeatProblem(value)
        elif isinstance(default, StreamProblem):
            value = StreamProblem(value)
        elif isinstance(default, bool):
            value = bool(value)
        elif value is not None and isinstance(default, int | float | type(None)):
            number = _number(value, f.name)
            value = int(number) if isinstance(default, int) else number
        elif isinstance(default, str):
            value = str(value)
        values[f.name] = value
    params: Params = cls(**values)
    return params


def load_rules(profile: str, path: Path | None = None) -> list[Rule]:
    """The rules of ``profile``: the file's, then built-ins it lacks."""
    result = read_json_object(path or rules_path(profile))
    if result.problem:
        log.warning("Alert rules of %r: %s; using the built-in rules", profile, result.problem)
    rules: list[Rule] = []
    for index, item in enumerate((result.data or {}).get("rules") or ()):
        try:
            rule = rule_from_dict(item if isinstance(item, dict) else {})
        except ValueError as exc:
            log.warning("Alert rule %d of %r left out: %s", index + 1, profile, exc)
            continue
        if all(r.rule_id != rule.rule_id for r in rules):
            rules.append(rule)
    known = {r.rule_id for r in rules}
    rules += [rule for rule in builtin_rules() if rule.rule_id not in known]
    return rules


def save_rules(profile: str, rules: list[Rule], path: Path | None = None) -> None:
    data = {"version": FILE_VERSION, "rules": [rule_to_dict(rule) for rule in rules]}
    write_json_atomic(path or rules_path(profile), data)
