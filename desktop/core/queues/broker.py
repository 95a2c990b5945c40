"""The live kombu Redis channel behind the Queues view: its key layout and a Redis client.

Separator, priority steps, global key prefix and the ``unacked`` key names are read from the
channel kombu builds for the broker URL and transport options, never from constants
(docs/facts.md: every tool that hard-coded them showed wrong counts). Keys of a queue's priority
levels come from the channel's own ``_q_for_pri``. The plain redis-py client shares the
channel's connection pool (TLS, unix socket, ACL user as kombu set them up) and does not
prefix anything by itself: every key below carries the global prefix explicitly.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import redis

from desktop.core.control.actions import error_text
from desktop.core.i18n import translate

if TYPE_CHECKING:
    from celery import Celery
log = logging.getLogger("celery_desk.queues")


class QueueBrokerError(RuntimeError):
    """The broker cannot be inspected (unreachable, not Redis); the message is for the user."""


@dataclass(frozen=True, slots=True)
class TransportLayout:
    """How the live channel names its keys."""

    sep: str
    priority_steps: tuple[int, ...]
    global_keyprefix: str
    unacked_key: str
    unacked_index_key: str
    binding_prefix: str
    internal_exchanges: frozenset[str]
    reply_queue_suffix: str

    @property
    def unacked(self) -> str:
        return self.global_keyprefix + self.unacked_key

    @property
    def unacked_index(self) -> str:
        return self.global_keyprefix + self.unacked_index_key

    def base_queue(self, key: str) -> tuple[str, int] | None:
        """``(queue, step)`` of a list key without the global prefix; None when not ours."""
        name, sep, tail = key.rpartition(self.sep)
        if sep and tail.isdigit() and int(tail) in self.priority_steps and int(tail) != 0:
            return name, int(tail)
        return key, 0

    def is_internal_queue(self, name: str) -> bool:
        """Celery's own reply queues (remote-control answers), not task queues."""
        return name.endswith(self.reply_queue_suffix)


class QueueBroker:
    """Owns one kombu connection to a Redis broker; reconnects after a failure."""

    def __init__(self, app: Celery, connect_timeout: float = 2.0) -> None:
        self.app = app
        self.connect_timeout = connect_timeout
        self._lock = threading.Lock()
        self._conn: Any = None
        self._channel: Any = None
        self._client: redis.Redis | None = None
        self._layout: TransportLayout | None = None
        self._closed = False

    def open(self) -> tuple[TransportLayout, redis.Redis]:
        """The layout and a client, connecting first if needed; raises QueueBrokerError."""
        with self._lock:
            if self._closed:
                raise QueueBrokerError(translate("QueueBroker", "the queue inspector is closed"))
            if self._client is not None and self._layout is not None:
                return self._layout, self._client
            conn = self.app.connection_for_read()
            try:
                driver = conn.transport.driver_type
                if driver != "redis":
                    problem = translate(
                        "QueueBroker", "The Queues view needs a Redis broker; this one is {0}"
                    )
                    raise QueueBrokerError(problem.format(driver))
                conn.ensure_connection(
                    max_retries=1, interval_start=0.25, timeout=self.connect_timeout
                )
                channel = conn.default_channel
                client = redis.Redis(connection_pool=channel.pool)
                client.ping()
            except QueueBrokerError:
                conn.release()
                raise
            except Exception as exc:  # refused, auth, TLS...: one sentence for the view
                conn.release()
                problem = translate("QueueBroker", "cannot reach the broker: {0}")
                raise QueueBrokerError(problem.format(error_text(exc))) from exc
            self._conn, self._channel, self._client = conn, channel, client
            self._layout = self._read_layout(channel)
            return self._layout, client

    def level_keys(self, queue: str) -> list[tuple[int, str]]:
        """``(step, full key)`` of each priority level of ``queue``, highest priority first."""
        layout, _ = self.open()
        channel = self._channel
        return [
            (step, layout.global_keyprefix + channel._q_for_pri(queue, step))
            for step in layout.priority_steps
        ]

    def reset(self) -> None:
        """Forget the connection after an error; the next call reconnects."""
        with self._lock:
            self._drop()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._drop()

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        self._channel = self._client = self._layout = None
        if conn is not None:
            try:
                conn.release()
            except Exception:  # closing a broken connection: nothing left to do
                log.debug("closing the queue broker connection failed", exc_info=True)

    def _read_layout(self, channel: Any) -> TransportLayout:
        mailbox = self.app.control.mailbox
        prefix = str(channel.global_keyprefix or "")
        internal = {
            str(self.app.conf.event_exchange),
            str(mailbox.exchange.name),
            str(mailbox.reply_exchange.name),
        }
        return TransportLayout(
            sep=str(channel.sep),
            priority_steps=tuple(sorted(int(s) for s in channel.priority_steps)),
            global_keyprefix=prefix,
            unacked_key=str(channel.unacked_key),
            unacked_index_key=str(channel.unacked_index_key),
            binding_prefix=prefix + str(channel.keyprefix_queue % ("",)),
            internal_exchanges=frozenset(internal),
            reply_queue_suffix="." + str(mailbox.reply_exchange.name),
        )


def scan_keys(client: redis.Redis, pattern: str, type_: str, limit: int) -> Iterator[str]:
    """Keys matching ``pattern`` of Redis type ``type_``, at most ``limit`` of them."""
    for count, key in enumerate(client.scan_iter(match=pattern, count=1000, _type=type_)):
        if count >= limit:
            return
        yield key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)


def escape_pattern(text: str) -> str:
    """``text`` with Redis glob characters escaped, for a SCAN MATCH prefix."""
    return "".join("\\" + ch if ch in "*?[]\\" else ch for ch in text)
