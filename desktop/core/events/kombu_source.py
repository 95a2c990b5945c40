"""The generic path: Celery's own ``EventReceiver`` on any kombu transport.

Used for brokers other than plain Redis (AMQP, SQS, Sentinel, ...). The receiver is
subclassed only to hand events over as they come (no handler per event type), to keep the
senders' ``timestamp`` and ``clock`` as sent (as the Redis path does), and to count
undecodable messages instead of failing on them. kombu's own reconnect loop is switched off
(``connect_max_retries = 0``) so reconnection, its backoff and its status are ours.

On Redis, kombu's pub/sub client may reconnect by itself inside one session; such a gap is
not seen here, only in the worker clock jumps the store counts.
"""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING, Any

from celery.events.receiver import EventReceiver

from desktop.core.events.receiver import DEFAULT_MAX_PENDING, Backoff, EventSource

if TYPE_CHECKING:
    from celery import Celery


class _DeskReceiver(EventReceiver):  # type: ignore[misc]
    connect_max_retries = 0

    def __init__(self, source: KombuEventSource, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._source = source

    def get_consumers(self, consumer: Any, channel: Any) -> list[Any]:
        return [
            consumer(
                queues=[self.queue],
                callbacks=[self._receive],
                no_ack=True,
                accept=self.accept,
                on_decode_error=self._on_decode_error,
            )
        ]

    def on_consume_ready(
        self, connection: Any, channel: Any, consumers: Any, **kwargs: Any
    ) -> None:
        self._source._connected()
        super().on_consume_ready(connection, channel, consumers, **kwargs)

    def _receive(self, body: object, message: object) -> None:
        source = self._source
        events = source.decoder.decode_body(body, time.time())
        if events:
            source._hand_over(events)

    def _on_decode_error(self, message: Any, exc: Exception) -> None:
        decoder = self._source.decoder
        decoder.malformed += 1
        decoder.last_error = f"cannot decode message: {exc}"


class KombuEventSource(EventSource):
    """Reads Celery events with ``celery.events.EventReceiver`` over ``app``'s broker."""

    transport = "kombu"

    def __init__(
        self,
        app: Celery,
        *,
        wakeup: bool = True,
        max_pending: int = DEFAULT_MAX_PENDING,
        backoff: Backoff | None = None,
    ) -> None:
        super().__init__(max_pending=max_pending, backoff=backoff)
        self._app = app
        self._wakeup = wakeup
        self._receiver: _DeskReceiver | None = None
        self._connection: Any = None

    def _session(self) -> None:
        conn = self._connection = self._app.connection_for_read()
        conn.ensure_connection(max_retries=0)
        receiver = self._receiver = _DeskReceiver(self, conn, app=self._app)
        if self._halt.is_set():
            return
        for _ in receiver.consume(limit=None, timeout=None, wakeup=self._wakeup):
            if self._halt.is_set():
                break

    def _close(self) -> None:
        conn, self._connection, self._receiver = self._connection, None, None
        if conn is not None:
            # a dead connection may fail to close; it is gone either way
            with contextlib.suppress(Exception):
                conn.release()

    def _interrupt(self) -> None:
        receiver = self._receiver
        if receiver is not None:
            receiver.should_stop = True  # consume() checks it at least once a second
