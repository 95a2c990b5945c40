"""Frames on the pipe between the event reader process and the app.

Each frame is a 9-byte header (kind, payload length, event count) and a payload: for
``EVENTS`` an orjson array of decoded events, for ``STATUS`` an orjson object describing the
reader's connection. Frames are small (at most :data:`FRAME_EVENTS` events) so that neither
side copies much at a time and the app can hand out events in fine steps.
"""

from __future__ import annotations

import struct
from typing import IO, Any, Final

import orjson

HEADER: Final = struct.Struct("<cII")
EVENTS: Final = b"E"
STATUS: Final = b"S"
#: Events per frame, at most: about 200 KB of JSON.
FRAME_EVENTS: Final = 500
#: A larger length can only come from a corrupt stream; refusing it bounds memory.
MAX_PAYLOAD: Final = 256 * 1024 * 1024

_OPTIONS: Final = orjson.OPT_NON_STR_KEYS


class FrameError(ValueError):
    """The stream from the reader is cut short or corrupt."""


def _fallback(value: object) -> Any:
    # a msgpack or yaml body may carry bytes or sets; show them rather than drop the event
    if isinstance(value, bytes | bytearray):
        return value.decode("utf-8", "replace")
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return repr(value)


def encode(kind: bytes, payload: object, count: int = 0) -> bytes:
    data = orjson.dumps(payload, default=_fallback, option=_OPTIONS)
    return HEADER.pack(kind, len(data), count) + data


def read_frame(stream: IO[bytes]) -> tuple[bytes, int, bytes] | None:
    """The next ``(kind, count, payload)`` from ``stream``; None at a clean end."""
    header = stream.read(HEADER.size)
    if not header:
        return None
    if len(header) < HEADER.size:
        raise FrameError("the stream ended inside a frame header")
    kind, length, count = HEADER.unpack(header)
    if kind not in (EVENTS, STATUS) or length > MAX_PAYLOAD:
        raise FrameError(f"corrupt frame header {header!r}")
    payload = stream.read(length)
    if len(payload) < length:
        raise FrameError("the stream ended inside a frame")
    return kind, count, payload
