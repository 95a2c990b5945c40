"""The Redis fast path: subscribe to the event exchange's fanout channels and decode here.

kombu's Redis transport publishes a fanout message with ``PUBLISH`` on
``{global_keyprefix}{fanout_prefix}{exchange}/{routing_key}``, where ``fanout_prefix`` is
``/{db}.`` by default (the db number formatted in; a string transport option replaces it;
``False`` drops it) and the ``/{routing_key}`` part is left out when ``fanout_patterns`` is
off. Celery routes events by type (``task.succeeded``, ``worker.heartbeat``, ``task.multi``
for a worker's batch). We ``PSUBSCRIBE`` to ``<base>/*`` and ``<base>`` so publishers with
either ``fanout_patterns`` setting are heard.

The connection is one raw redis-py :class:`~redis.connection.Connection` speaking RESP2
(hiredis parser when installed), not a ``PubSub`` object: redis-py's pub/sub reconnects and
resubscribes by itself, which would hide the gap we must report.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import redis

from desktop.core.events.receiver import DEFAULT_MAX_PENDING, Backoff, EventSource, wake_workers

log = logging.getLogger("desktop.events")

_GLOB_SPECIAL = str.maketrans({c: "\\" + c for c in "*?[]\\"})

#: Messages read in one burst before handing them over (keeps hand-offs frequent).
_BURST = 2000


def fanout_base(
    db: int, exchange: str = "celeryev", options: Mapping[str, Any] | None = None
) -> str:
    """The channel name kombu publishes ``exchange`` fanout messages under, minus the key."""
    options = options or {}
    prefix = options.get("fanout_prefix", True)
    if isinstance(prefix, str):
        fanout_prefix = prefix
    elif prefix:
        fanout_prefix = "/{db}."
    else:
        fanout_prefix = ""
    return str(options.get("global_keyprefix") or "") + fanout_prefix.format(db=db) + exchange


def fanout_patterns(
    db: int, exchange: str = "celeryev", options: Mapping[str, Any] | None = None
) -> list[str]:
    """The PSUBSCRIBE patterns that hear every event published on ``exchange``."""
    base = fanout_base(db, exchange, options).translate(_GLOB_SPECIAL)
    return [base + "/*", base]


class RedisEventSource(EventSource):
    """Reads Celery events straight from Redis pub/sub. ``url`` may hold a password."""

    transport = "redis"

    def __init__(
        self,
        url: str,
        *,
        transport_options: Mapping[str, Any] | None = None,
        exchange: str = "celeryev",
        ssl_options: Mapping[str, Any] | None = None,
        wakeup: Callable[[], None] | None = None,
        idle_ping: float = 15.0,
        max_pending: int = DEFAULT_MAX_PENDING,
        backoff: Backoff | None = None,
    ) -> None:
        super().__init__(max_pending=max_pending, backoff=backoff)
        kwargs: dict[str, Any] = {
            "socket_connect_timeout": 5.0,
            "socket_timeout": 10.0,
            "health_check_interval": 0,
            # redis-py 8 defaults to RESP3, where messages are push frames that
            # read_response() hands to a handler instead of returning; RESP2 also
            # suits Redis < 6
            "protocol": 2,
        }
        if ssl_options:
            kwargs.update({k: v for k, v in ssl_options.items() if k.startswith("ssl_")})
        self._pool = redis.ConnectionPool.from_url(url, **kwargs)
        db = int(self._pool.connection_kwargs.get("db") or 0)
        self.patterns = fanout_patterns(db, exchange, transport_options)
        self._wakeup = wakeup
        self._idle_ping = idle_ping
        # redis-py types Connection methods loosely; Any keeps strict mypy honest here
        self._conn: Any = None

    def _session(self) -> None:
        conn: Any = self._pool.make_connection()
        self._conn = conn
        conn.connect()
        conn.send_command("PSUBSCRIBE", *self.patterns)
        for _ in self.patterns:
            reply = conn.read_response()
            if not (isinstance(reply, list) and reply and reply[0] == b"psubscribe"):
                raise redis.ConnectionError(f"unexpected reply to PSUBSCRIBE: {reply!r:.200}")
        self._connected()
        wake_workers(self._wakeup)
        self._read_loop(conn)

    def _read_loop(self, conn: Any) -> None:
        decode = self.decoder.decode
        halt = self._halt
        last_data = time.monotonic()
        ping_sent: float | None = None
        while not halt.is_set():
            if not conn.can_read(timeout=0.25):
                if self.sink is not None:
                    self.sink.pump()  # what the journal's pipe could not take before
                idle = time.monotonic() - last_data
                if ping_sent is None and idle > self._idle_ping:
                    conn.send_command("PING")
                    ping_sent = time.monotonic()
                elif ping_sent is not None and time.monotonic() - ping_sent > 10.0:
                    raise redis.TimeoutError("no answer to PING for 10 s")
                continue
            now = time.time()
            batch: list[dict[str, Any]] = []
            for _ in range(_BURST):
                reply = conn.read_response()
                if type(reply) is list and len(reply) == 4 and reply[0] == b"pmessage":
                    batch += decode(reply[3], now)
                elif isinstance(reply, list) and reply and reply[0] == b"pong":
                    ping_sent = None
                if not conn.can_read(timeout=0):
                    break
            last_data = time.monotonic()
            if batch:
                self._hand_over(batch)

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.disconnect()

    def _interrupt(self) -> None:
        # the read loop polls the halt flag every 0.25 s; nothing to break here
        return
