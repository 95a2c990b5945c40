"""Finding a Redis broker's queues, and which queue each in-flight message came from.

Binding sets (``_kombu.binding.<exchange>``, members ``routing_key<sep>pattern<sep>queue``)
name every declared queue, even an empty one; list keys holding kombu messages name queues
nobody declared. Celery's own exchanges (events, remote control and its replies) are left
out. In-flight messages sit in the ``unacked`` hash as ``[message, exchange, routing_key]``;
the bindings route them back to their queue, and the ``unacked_index`` sorted set says when
each was delivered.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.core.queues.broker import QueueBroker, TransportLayout, escape_pattern, scan_keys
from desktop.core.queues.envelope import load_envelope

if TYPE_CHECKING:
    import redis

SOURCE_WORKERS, SOURCE_CONFIG, SOURCE_BINDINGS, SOURCE_KEYS, SOURCE_UNACKED = (
    "workers", "config", "bindings", "keys", "unacked",
)  # fmt: skip
MAX_KEYS = 100_000
MAX_UNACKED = 100_000


@dataclass
class Discovery:
    """Queue names found in the broker (with where), and the routes of their bindings."""

    names: dict[str, set[str]] = field(default_factory=dict)
    routes: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    at: float = float("-inf")


def discover(
    broker: QueueBroker, layout: TransportLayout, client: redis.Redis, now: float
) -> Discovery:
    """Every queue the broker's keys name (SCAN: at most ``MAX_KEYS`` keys of each kind)."""
    found = Discovery(at=now)
    pattern = escape_pattern(layout.binding_prefix) + "*"
    for key in scan_keys(client, pattern, "set", MAX_KEYS):
        exchange = key[len(layout.binding_prefix) :]
        if exchange in layout.internal_exchanges:
            continue
        for member in client.smembers(key):
            text = member.decode("utf-8", "replace") if isinstance(member, bytes) else member
            routing_key, _pattern, queue = [*text.split(layout.sep), "", ""][:3]
            if queue and not layout.is_internal_queue(queue):
                found.names.setdefault(queue, set()).add(SOURCE_BINDINGS)
                found.routes.setdefault((exchange, routing_key), []).append(queue)
    prefix = layout.global_keyprefix
    candidates: set[str] = set()
    for key in scan_keys(client, escape_pattern(prefix) + "*", "list", MAX_KEYS):
        base = layout.base_queue(key[len(prefix) :])
        if base is not None and not layout.is_internal_queue(base[0]):
            candidates.add(base[0])
    for name in sorted(candidates - set(found.names)):
        if holds_kombu_messages(broker, client, name):
            found.names.setdefault(name, set()).add(SOURCE_KEYS)
    for name in candidates & set(found.names):
        found.names[name].add(SOURCE_KEYS)
    return found


def holds_kombu_messages(broker: QueueBroker, client: redis.Redis, queue: str) -> bool:
    """True when the oldest message of ``queue``'s first non-empty level is a kombu one."""
    for _step, key in broker.level_keys(queue):
        raw = client.lindex(key, -1)
        if raw is not None:
            return load_envelope(raw) is not None
    return False


def in_flight(
    layout: TransportLayout,
    client: redis.Redis,
    routes: Mapping[tuple[str, str], list[str]],
    known: Mapping[str, object],
) -> dict[str, tuple[int, float | None]]:
    """``{queue: (count, oldest delivery time)}`` from the unacked hash and its index."""
    delivered: dict[str, float] = {}
    scored: list[Any] = client.zrange(layout.unacked_index, 0, MAX_UNACKED, withscores=True)
    for tag, score in scored:
        delivered[_text(tag)] = float(score)
    flight: dict[str, tuple[int, float | None]] = {}
    for count, (tag, value) in enumerate(client.hscan_iter(layout.unacked, count=1000)):
        if count >= MAX_UNACKED:
            break
        queue = route(value, routes, known)
        if queue is None:
            continue
        since = delivered.get(_text(tag))
        total, oldest = flight.get(queue, (0, None))
        if since is not None and (oldest is None or since < oldest):
            oldest = since
        flight[queue] = (total + 1, oldest)
    return flight


def route(
    value: bytes, routes: Mapping[tuple[str, str], list[str]], known: Mapping[str, object]
) -> str | None:
    """The queue an unacked entry ``[message, exchange, routing_key]`` was delivered from."""
    try:
        _message, exchange, routing_key = json.loads(value)
    except (ValueError, TypeError):
        return None
    exchange, routing_key = str(exchange or ""), str(routing_key or "")
    bound = routes.get((exchange, routing_key), [])
    if len(bound) == 1:
        return bound[0]
    if routing_key in known or routing_key in bound:
        return routing_key
    return bound[0] if bound else routing_key or None


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
