"""The Redis fast path: subscribe to the event exchange's fanout channels and decode here.

kombu's Redis transport publishes a fanout message with ``PUBLISH`` on
``{global_keyprefix}{fanout_prefix}{exchange}/{routing_key}``, where ``fanout_prefix`` is
``/{db}.`` by default (the db number formatted in; a string transport option replaces it;
``False`` drops it) and the ``/{routing_key}`` part is left out when ``fanout_patterns`` is
off. Celery routes events by type (``task.succeeded``, ``worker.heartbeat``, ``task.multi``
for a worker's batch). We ``PSUBSCRIBE`` to ``<base>/*`` and ``<base>`` so publishers with
either ``fanout_patterns`` setting are heard.

The connection is one raw redis-py :class:`~redis.connection.Connection` speaking RESP2, not
a ``PubSub`` object: redis-py's pub/sub reconnects and resubscribes by itself, which would hide
the gap we must report. redis-py connects (TLS, AUTH, SELECT); from the PSUBSCRIBE on, the
socket is read in 64 KB reads into a hiredis reader of our own: about 0.6 µs a message,
against 1.7 µs for redis-py's one reply per call.
"""

from __future__ import annotations

import contextlib
import logging
import ssl
import time
from collections.abc import Callable, Mapping
from typing import Any

import hiredis
import redis

from desktop.core.events.receiver import DEFAULT_MAX_PENDING, Backoff, EventSource, wake_workers

log = logging.getLogger("desktop.events")

_GLOB_SPECIAL = str.maketrans({c: "\\" + c for c in "*?[]\\"})

#: One read from the socket takes at most this much. hiredis moves what is left of its
#: buffer after every reply it returns, so a larger read costs more per message, not less.
_READ_BYTES = 1 << 16
#: A server that leaves a PING unanswered this long is taken for gone.
PONG_TIMEOUT_S = 10.0
#: Events read in one burst before handing them over (keeps hand-offs frequent).
_BURST = 2000
#: How long a read waits for data before the loop looks at the halt flag and the idle PING.
_IDLE_READ_S = 0.25


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


def _read_ready(sock: Any, buffer: bytearray) -> int | None:
    """Read what the socket holds now into ``buffer``: its size (0 at the end of the stream),
    or None when nothing is waiting."""
    sock.settimeout(0)
    try:
        size: int = sock.recv_into(buffer)
    except (BlockingIOError, ssl.SSLWantReadError):
        return None
    finally:
        sock.settimeout(_IDLE_READ_S)
    return size


def _feed(replies: hiredis.Reader, buffer: bytearray, size: int) -> None:
    """Hand the ``size`` bytes just read to ``replies``; 0 bytes means the server hung up."""
    if not size:
        raise redis.ConnectionError("the server closed the connection")
    replies.feed(buffer, 0, size)  # type: ignore[arg-type]  # the stub lacks (buffer, offset, length)


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
        self._last_data = 0.0
        self._ping_sent: float | None = None

    def _session(self) -> None:
        conn: Any = self._pool.make_connection()
        self._conn = conn
        conn.connect()
        # from here on the socket is read by one hiredis reader of our own (see the module)
        sock = conn._sock
        replies = hiredis.Reader()
        buffer = bytearray(_READ_BYTES)
        conn.send_command("PSUBSCRIBE", *self.patterns)
        self._read_acks(sock, replies, buffer)
        self._connected()
        wake_workers(self._wakeup)
        self._read_loop(conn, sock, replies, buffer)

    def _read_acks(self, sock: Any, replies: hiredis.Reader, buffer: bytearray) -> None:
        """Read the PSUBSCRIBE confirmations; messages read with them stay in ``replies``."""
        acks = 0
        while acks < len(self.patterns):
            _feed(replies, buffer, sock.recv_into(buffer))  # within redis-py's socket timeout
            while acks < len(self.patterns) and (reply := replies.gets()) is not False:
                if not (isinstance(reply, list) and reply and reply[0] == b"psubscribe"):
                    raise redis.ConnectionError(f"unexpected reply to PSUBSCRIBE: {reply!r:.200}")
                acks += 1

    def _read_loop(self, conn: Any, sock: Any, replies: hiredis.Reader, buffer: bytearray) -> None:
        sock.settimeout(_IDLE_READ_S)
        self._last_data, self._ping_sent = time.monotonic(), None
        batch: list[dict[str, Any]] = []
        self._take_replies(replies, batch, time.time())  # what came with the confirmations
        if batch:
            self._hand_over(batch)
        while not self._halt.is_set():
            try:
                size: int | None = sock.recv_into(buffer)
            except TimeoutError:
                self._on_idle(conn)
                continue
            now = time.time()
            self._last_data = time.monotonic()
            batch = []
            while size is not None:
                _feed(replies, buffer, size)
                self._take_replies(replies, batch, now)
                # a full read means more is waiting: read on, up to a burst, before handing over
                if size < _READ_BYTES or len(batch) >= _BURST:
                    break
                size = _read_ready(sock, buffer)
            if batch:
                self._hand_over(batch)

    def _take_replies(
        self, replies: hiredis.Reader, batch: list[dict[str, Any]], now: float
    ) -> None:
        decode = self.decoder.decode
        while (reply := replies.gets()) is not False:
            if type(reply) is list and len(reply) == 4 and reply[0] == b"pmessage":
                batch += decode(reply[3], now)
            elif isinstance(reply, list) and reply and reply[0] == b"pong":
                self._ping_sent = None
            elif isinstance(reply, hiredis.ReplyError):
                raise redis.ResponseError(str(reply))

    def _on_idle(self, conn: Any) -> None:
        """Nothing came for a read's timeout: pump the journal; PING a silent server."""
        if self.sink is not None:
            self.sink.pump()  # what the journal's pipe could not take before
        now = time.monotonic()
        if self._ping_sent is None and now - self._last_data > self._idle_ping:
            conn.send_command("PING")
            self._ping_sent = now
        elif self._ping_sent is not None and now - self._ping_sent > PONG_TIMEOUT_S:
            raise redis.TimeoutError(f"no answer to PING for {PONG_TIMEOUT_S:.0f} s")

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.disconnect()

    def _interrupt(self) -> None:
        # the read loop polls the halt flag every 0.25 s; nothing to break here
        return
