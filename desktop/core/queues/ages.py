"""How long the oldest message of a queue has waited, and which clock says so.

A Celery message carries no publish time. In order of preference: a ``timestamp`` property
or header (some producers set one), the task's ``task-sent`` event time (a lookup into the
monitor's event store), else the time Celery Desk first saw the message: a lower bound,
shown as such. First sightings are remembered for the newest message of each level too, so
once the older ones are taken the next oldest already has a date.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from desktop.core.queues.envelope import decode_envelope

if TYPE_CHECKING:
    import redis

AGE_TIMESTAMP, AGE_SENT_EVENT, AGE_FIRST_SEEN = "timestamp", "sent-event", "first-seen"
_MAX_REMEMBERED = 50_000

SentTime = Callable[[str], float | None]
Levels = Mapping[str, list[tuple[int, str, int]]]


class FirstSeen:
    """When each message (by payload digest) was first seen; bounded, oldest forgotten first."""

    def __init__(self, limit: int = _MAX_REMEMBERED) -> None:
        self._limit = limit
        self._seen: dict[str, float] = {}

    def __call__(self, raw: bytes, now: float) -> float:
        identity = hashlib.blake2b(raw, digest_size=16).hexdigest()
        first = self._seen.setdefault(identity, now)
        if len(self._seen) > self._limit:
            for old in list(self._seen)[: self._limit // 2]:
                del self._seen[old]
        return first


def oldest_ages(
    client: redis.Redis,
    levels: Levels,
    now: float,
    first_seen: FirstSeen,
    sent_time: SentTime | None,
) -> dict[str, tuple[float, str]]:
    """``{queue: (age in seconds, source)}`` of each queue's oldest waiting message."""
    wanted = [(name, key) for name, lv in levels.items() for _s, key, depth in lv if depth]
    with client.pipeline(transaction=False) as pipe:
        for _name, key in wanted:
            pipe.lindex(key, -1)  # the oldest of a level (LPUSH in, RPOP out)
            pipe.lindex(key, 0)  # the newest: remembered, it is the oldest later on
        raws = pipe.execute()
    ages: dict[str, tuple[float, str]] = {}
    for index, (name, _key) in enumerate(wanted):
        tail, head = raws[2 * index], raws[2 * index + 1]
        if head is not None:
            first_seen(head, now)
        if tail is None:
            continue
        age, source = age_of(tail, now, first_seen, sent_time)
        if name not in ages or age > ages[name][0]:
            ages[name] = (age, source)
    return ages


def age_of(
    raw: bytes, now: float, first_seen: FirstSeen, sent_time: SentTime | None
) -> tuple[float, str]:
    first = first_seen(raw, now)
    decoded = decode_envelope(raw)
    if decoded.timestamp is not None:
        return max(0.0, now - decoded.timestamp), AGE_TIMESTAMP
    if sent_time is not None and decoded.task_id:
        try:
            sent = sent_time(decoded.task_id)
        except Exception:  # the lookup is the caller's; its failure only costs precision
            sent = None
        if sent is not None:
            return max(0.0, now - sent), AGE_SENT_EVENT
    return max(0.0, now - first), AGE_FIRST_SEEN
