"""The recorder's two connections: the event subscription and the stream it appends to.

Both are raw redis-py connections speaking RESP2. The subscription, like the desktop app's
reader, ``PSUBSCRIBE``s to the fanout channels kombu publishes the event exchange on and
hands back each message's body, base64 and envelope removed, never parsed further: the
recorder keeps what Celery sent. The writer packs its ``XADD`` commands itself and pipelines a
burst of them in one write: redis-py's pipeline spends about 15 us per command building it,
more than the recorder spends on everything else.
"""

from __future__ import annotations

import binascii
import contextlib
import json
import logging
import time
from collections.abc import Mapping
from typing import Any

import redis

from celery_desk_beat import recorder_stream as rs

log = logging.getLogger("celery_desk_beat.recorder")

JSON = "application/json"
#: Messages read in one burst before they are appended.
BURST = 2000
_GLOB_SPECIAL = str.maketrans({c: "\\" + c for c in "*?[]\\"})

Message = tuple[bytes, "str | None"]


def fanout_patterns(
    db: int, exchange: str = "celeryev", options: Mapping[str, Any] | None = None
) -> list[str]:
    """The PSUBSCRIBE patterns that hear every event kombu publishes on ``exchange``:
    ``{global_keyprefix}{fanout_prefix}{exchange}/{routing_key}``, ``fanout_prefix`` being
    ``/{db}.`` unless a transport option replaces it (a string) or drops it (False), the
    routing key left out when ``fanout_patterns`` is off."""
    options = options or {}
    prefix = options.get("fanout_prefix", True)
    if isinstance(prefix, str):
        fanout_prefix = prefix
    elif prefix:
        fanout_prefix = "/{db}."
    else:
        fanout_prefix = ""
    base = str(options.get("global_keyprefix") or "") + fanout_prefix.format(db=db) + exchange
    escaped = base.translate(_GLOB_SPECIAL)
    return [escaped + "/*", escaped]


def body_of(data: bytes) -> Message | None:
    """The body of one kombu envelope and its content type (None for JSON); None when the
    message is not an envelope."""
    try:
        envelope = json.loads(data)
        body = envelope["body"]
        properties = envelope.get("properties") or {}
        raw = body.encode() if isinstance(body, str) else body
        if properties.get("body_encoding") == "base64":
            raw = binascii.a2b_base64(raw)
        compression = (envelope.get("headers") or {}).get("compression")
        if compression:
            from kombu import compression as codecs

            raw = codecs.decompress(raw, compression)  # type: ignore[no-untyped-call]
        content_type = envelope.get("content-type") or JSON
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as exc:
        log.debug("skipped a message that is not a kombu envelope: %s", exc)
        return None
    if not isinstance(raw, bytes) or not raw:
        return None
    return raw, None if content_type == JSON else str(content_type)


def _pool(url: str) -> Any:
    # each user makes its own raw connection from it; RESP2, as pub/sub reading needs: say
    # so to redis-py 5+ (RESP3 by default from 8), older ones speak nothing else
    options: dict[str, Any] = {"socket_timeout": 10.0, "socket_connect_timeout": 5.0}
    if int(redis.__version__.partition(".")[0]) >= 5:
        options["protocol"] = 2
    return redis.ConnectionPool.from_url(url, **options)


class Subscription:
    """The event exchange's messages, as bodies. Raises RedisError when the link breaks."""

    def __init__(self, url: str, exchange: str = "celeryev", prefix: str = "") -> None:
        self._pool = _pool(url)
        db = int(self._pool.connection_kwargs.get("db") or 0)
        options = {"global_keyprefix": prefix} if prefix else {}
        self.patterns = fanout_patterns(db, exchange, options)
        kwargs = self._pool.connection_kwargs
        where = kwargs.get("path") or f"{kwargs.get('host')}:{kwargs.get('port')}"
        self.description = f"{where}/{db} {self.patterns[1]}"  # never the password
        self._conn: Any = None
        self.malformed = 0

    def open(self) -> None:
        self.close()
        conn = self._pool.make_connection()
        conn.connect()
        conn.send_command("PSUBSCRIBE", *self.patterns)
        for _ in self.patterns:
            reply = conn.read_response()
            if not (isinstance(reply, list) and reply and reply[0] == b"psubscribe"):
                raise redis.ConnectionError(f"unexpected reply to PSUBSCRIBE: {reply!r:.200}")
        self._conn = conn

    def read(self, timeout: float) -> list[Message]:
        """The messages that arrive within ``timeout`` s (a burst at most)."""
        conn = self._conn
        if conn is None or not conn.can_read(timeout=timeout):
            return []
        out: list[Message] = []
        for _ in range(BURST):
            reply = conn.read_response()
            if type(reply) is list and len(reply) == 4 and reply[0] == b"pmessage":
                message = body_of(reply[3])
                if message is None:
                    self.malformed += 1
                else:
                    out.append(message)
            if not conn.can_read(timeout=0):
                break
        return out

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.disconnect()


def _pack(*args: bytes) -> bytes:
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        parts.append(b"$%d\r\n%s\r\n" % (len(arg), arg))
    return b"".join(parts)


class StreamWriter:
    """Appends to the stream, capped by length on every append and by age on request."""

    def __init__(self, url: str, stream: str, max_length: int) -> None:
        self._pool = _pool(url)
        self._conn: Any = None
        self._head = b"XADD", stream.encode(), b"MAXLEN", b"~", str(max_length).encode(), b"*"
        self._stream = stream
        self._minid_unsupported = False

    def open(self) -> None:
        self.close()
        conn = self._pool.make_connection()
        conn.connect()
        self._conn = conn

    def append(self, messages: list[Message]) -> None:
        """One entry per message, sent as one pipelined write; raises on any error reply."""
        head = self._head
        packed = [
            _pack(*head, b"e", body)
            if kind is None
            else _pack(*head, b"e", body, b"t", kind.encode())
            for body, kind in messages
        ]
        self._send(b"".join(packed), len(packed))

    def marker(self, kind: str, **fields: Any) -> None:
        ((name, value),) = rs.marker_fields(kind, at=time.time(), **fields).items()
        self._send(_pack(*self._head, name.encode(), value.encode()), 1)

    def trim_older_than(self, max_age: float) -> None:
        """Drop entries appended more than ``max_age`` s ago (by the broker's clock)."""
        if self._minid_unsupported:
            return
        conn = self._conn
        conn.send_command("TIME")
        seconds, micros = conn.read_response()
        oldest = int(seconds) * 1000 + int(micros) // 1000 - int(max_age * 1000)
        conn.send_command("XTRIM", self._stream, "MINID", "~", oldest)
        try:
            conn.read_response()
        except redis.ResponseError as exc:  # Redis before 6.2 has no MINID: length caps only
            log.warning("cannot trim the stream by age (%s): the length cap applies", exc)
            self._minid_unsupported = True

    def _send(self, payload: bytes, replies: int) -> None:
        conn = self._conn
        conn.send_packed_command([payload])
        for _ in range(replies):
            conn.read_response()  # raises ResponseError for an error reply

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.disconnect()
