"""Turn kombu envelopes from the event exchange into Celery event dicts.

A message published on the ``celeryev`` fanout exchange over Redis is a JSON envelope whose
``body`` is base64 of the serialized event (or of a list of events: workers with an event
loop batch task events and publish them as ``task.multi``). The common case (JSON body,
base64) is decoded with orjson and :func:`binascii.a2b_base64` only; anything else goes through
kombu's serializer registry, restricted to the accepted content types.

A bad message never raises: it is counted in :attr:`EventDecoder.malformed` and the last
reason is kept for display.

Timestamps are left as sent. ``celery.events.EventReceiver`` shifts them by the sender's
``utcoffset``, which corrects hosts whose clock runs on local time but moves correct epoch
timestamps of a host in another zone; worker liveness here relies on the local receive time
(``local_received``) instead, so the sender's value is kept untouched.
"""

from __future__ import annotations

import binascii
from binascii import a2b_base64
from collections.abc import Collection
from typing import Any

import orjson

Event = dict[str, Any]

JSON_CONTENT_TYPE = "application/json"


class DecodeError(ValueError):
    """One message could not be turned into events; the text says why."""


class EventDecoder:
    """Decodes envelopes into events, counting the messages it cannot read.

    ``accept`` lists the content types allowed besides JSON (e.g. ``application/x-msgpack``);
    pickle is never accepted from the network unless listed explicitly.
    """

    __slots__ = ("_accept", "decoded", "last_error", "malformed")

    def __init__(self, accept: Collection[str] = (JSON_CONTENT_TYPE,)) -> None:
        self._accept = frozenset(accept) | {JSON_CONTENT_TYPE}
        self.malformed = 0
        self.decoded = 0
        self.last_error: str | None = None

    def decode(self, data: bytes | str, local_received: float) -> list[Event]:
        """The events in one envelope, stamped with ``local_received``; [] when malformed."""
        try:
            events = decode_envelope(data, self._accept)
        except DecodeError as exc:
            self.malformed += 1
            self.last_error = str(exc)
            return []
        for event in events:
            event["local_received"] = local_received
        self.decoded += len(events)
        return events

    def decode_body(self, body: object, local_received: float) -> list[Event]:
        """Events from an already deserialized body (the generic kombu path)."""
        try:
            events = events_from_body(body)
        except DecodeError as exc:
            self.malformed += 1
            self.last_error = str(exc)
            return []
        for event in events:
            event["local_received"] = local_received
        self.decoded += len(events)
        return events


def decode_envelope(
    data: bytes | str, accept: Collection[str] = (JSON_CONTENT_TYPE,)
) -> list[Event]:
    """The event dicts carried by one kombu envelope. Raises :class:`DecodeError`."""
    try:
        envelope = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise DecodeError(f"envelope is not JSON: {exc}") from None
    if not isinstance(envelope, dict):
        raise DecodeError(f"envelope is a {type(envelope).__name__}, not an object")
    body = envelope.get("body")
    if body is None:
        raise DecodeError("envelope has no body")
    properties = envelope.get("properties")
    encoding = properties.get("body_encoding") if isinstance(properties, dict) else None
    raw: bytes | str = body if isinstance(body, (str, bytes)) else b""
    if not raw:
        raise DecodeError("envelope body is empty or not a string")
    if encoding == "base64":
        try:
            raw = a2b_base64(raw)
        except (binascii.Error, ValueError) as exc:
            raise DecodeError(f"body is not valid base64: {exc}") from None
    headers = envelope.get("headers")
    if isinstance(headers, dict) and headers.get("compression"):
        raw = _decompress(raw, str(headers["compression"]))
    content_type = envelope.get("content-type") or JSON_CONTENT_TYPE
    if content_type == JSON_CONTENT_TYPE:
        try:
            payload = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise DecodeError(f"body is not JSON: {exc}") from None
    else:
        payload = _kombu_loads(raw, str(content_type), envelope.get("content-encoding"), accept)
    return events_from_body(payload)


def events_from_body(payload: object) -> list[Event]:
    """The events of a deserialized body: one event or a list. Raises :class:`DecodeError`."""
    if isinstance(payload, dict):
        events = [payload]
    elif isinstance(payload, list):
        events = payload
    else:
        raise DecodeError(f"body is a {type(payload).__name__}, not an event or a list of them")
    for event in events:
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            raise DecodeError("an event has no 'type'")
    return events


def _decompress(raw: bytes | str, compression: str) -> bytes:
    from kombu import compression as kombu_compression

    data = raw.encode() if isinstance(raw, str) else raw
    try:
        result: bytes = kombu_compression.decompress(data, compression)  # type: ignore[no-untyped-call]
    except Exception as exc:  # any codec error means one unreadable message
        raise DecodeError(f"cannot decompress body ({compression}): {exc}") from None
    return result


def _kombu_loads(
    raw: bytes | str, content_type: str, content_encoding: object, accept: Collection[str]
) -> object:
    from kombu.serialization import loads

    if content_type not in accept:
        raise DecodeError(f"content type {content_type!r} is not accepted")
    try:
        encoding = str(content_encoding or "utf-8")
        return loads(raw, content_type, encoding, accept=accept)  # type: ignore[no-untyped-call]
    except Exception as exc:  # serializers raise anything on bad data
        raise DecodeError(f"cannot deserialize {content_type} body: {exc}") from None
