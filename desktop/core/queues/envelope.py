"""Decoding a kombu message envelope as it sits in a Redis list or the ``unacked`` hash.

The envelope is JSON: ``{"body", "content-type", "content-encoding", "headers",
"properties"}``; Celery's task protocol 2 keeps the task name, id, eta and retries in the
headers and ``[args, kwargs, embed]`` in the (usually base64) body. Protocol 1 keeps all of
it in the body. Only JSON bodies are decoded: a pickled body is never unpickled here, its
headers' ``argsrepr`` is shown instead. Nothing here raises.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any

from celery.utils.saferepr import saferepr

from desktop.core.i18n import translate

#: As Celery's ``argsrepr_maxsize``: longer reprs are cut.
REPR_MAXSIZE = 1024
_JSON_TYPES = ("application/json", "json")


@dataclass(frozen=True, slots=True)
class DecodedMessage:
    """The parts of a task message a person wants to see."""

    task: str | None = None
    task_id: str | None = None
    args: list[Any] | None = None
    kwargs: dict[str, Any] | None = None
    args_repr: str = ""
    kwargs_repr: str = ""
    eta: str | None = None
    expires: str | None = None
    retries: int | None = None
    priority: int | None = None
    exchange: str = ""
    routing_key: str = ""
    timestamp: float | None = None
    content_type: str = ""
    headers: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def full_arguments(self) -> bool:
        """True when ``args`` and ``kwargs`` are the complete originals (decoded body)."""
        return self.args is not None and self.kwargs is not None


def load_envelope(raw: bytes | str) -> dict[str, Any] | None:
    """The envelope as a dict, or None when ``raw`` is not a kombu JSON envelope."""
    try:
        data = json.loads(raw)
    except (ValueError, TypeError):
        return None
    if isinstance(data, dict) and "body" in data and ("properties" in data or "headers" in data):
        return data
    return None


def _body_bytes(envelope: dict[str, Any]) -> bytes | str:
    body = envelope.get("body", "")
    properties = envelope.get("properties") or {}
    if properties.get("body_encoding") == "base64" and isinstance(body, str):
        return base64.b64decode(body, validate=False)
    return body if isinstance(body, bytes | str) else json.dumps(body)


def _decode_body(envelope: dict[str, Any]) -> tuple[Any, str | None]:
    content_type = str(envelope.get("content-type") or "")
    if not any(kind in content_type for kind in _JSON_TYPES):
        if content_type:
            problem = translate("MessageEnvelope", "body is {0}; only JSON bodies are decoded")
            return None, problem.format(content_type)
        return None, translate(
            "MessageEnvelope", "body is of unknown type; only JSON bodies are decoded"
        )
    try:
        return json.loads(_body_bytes(envelope)), None
    except (ValueError, TypeError, binascii.Error) as exc:
        return None, translate("MessageEnvelope", "body does not decode: {0}").format(exc)


def _timestamp(headers: dict[str, Any], properties: dict[str, Any]) -> float | None:
    for source in (properties, headers):
        value = source.get("timestamp")
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            return float(value)
    return None


def _as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def decode_envelope(raw: bytes | str) -> DecodedMessage:
    """Decode one raw message; ``error`` says what could not be read."""
    envelope = load_envelope(raw)
    if envelope is None:
        return DecodedMessage(error=translate("MessageEnvelope", "not a kombu JSON message"))
    headers = envelope.get("headers") or {}
    properties = envelope.get("properties") or {}
    delivery = properties.get("delivery_info") or {}
    body, problem = _decode_body(envelope)
    args: list[Any] | None = None
    kwargs: dict[str, Any] | None = None
    info: dict[str, Any] = dict(headers) if isinstance(headers, dict) else {}
    if isinstance(body, list) and len(body) >= 2:  # protocol 2: [args, kwargs, embed]
        if isinstance(body[0], list) and isinstance(body[1], dict):
            args, kwargs = body[0], body[1]
    elif isinstance(body, dict) and "task" in body:  # protocol 1: everything in the body
        args, kwargs = list(body.get("args") or ()), dict(body.get("kwargs") or {})
        info = {**body, **info}
    args_repr = info.get("argsrepr")
    kwargs_repr = info.get("kwargsrepr")
    return DecodedMessage(
        task=_str_or_none(info.get("task")),
        task_id=_str_or_none(info.get("id") or properties.get("correlation_id")),
        args=args,
        kwargs=kwargs,
        args_repr=str(args_repr) if args_repr is not None else _repr(args),
        kwargs_repr=str(kwargs_repr) if kwargs_repr is not None else _repr(kwargs),
        eta=_str_or_none(info.get("eta")),
        expires=_str_or_none(info.get("expires")),
        retries=_as_int(info.get("retries")),
        priority=_as_int(properties.get("priority")),
        exchange=str(delivery.get("exchange") or ""),
        routing_key=str(delivery.get("routing_key") or ""),
        timestamp=_timestamp(info, properties),
        content_type=str(envelope.get("content-type") or ""),
        headers=info,
        error=problem,
    )


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _repr(value: Any) -> str:
    return "" if value is None else saferepr(value, REPR_MAXSIZE)
