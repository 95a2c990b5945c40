"""The recorder's Redis Stream: its key names and what an entry holds.

Shared by the recorder (:mod:`celery_desk_beat.recorder`, on a server) and the desktop app
that replays the stream into its journal; standard library only.

One entry per message heard on the event exchange, its id given by Redis when the recorder
appended it (so ``<ms>-<n>`` is the moment it was recorded, by the broker's clock):

``e``
    the message's body as Celery serialized it: one event, or a list of them for a worker's
    ``task.multi`` batch, JSON (the usual case) or the content type named by ``t``. The
    envelope around it (base64, headers, delivery info) is not kept: a quarter of the size.
``t``
    the body's content type, only when it is not JSON.
``m``
    instead of ``e``: a marker of the recorder's own (JSON): ``desk-recorder-alive`` every
    :data:`ALIVE_EVERY_S` seconds, so that silence in the stream means "nothing happened"
    only while these keep coming; ``desk-recorder-started`` when a recorder takes the lease;
    ``desk-connection-lost`` and ``desk-connection-restored`` around a break of its own
    subscription.

A replay can tell where the stream is complete: between two entries at most
:data:`ALIVE_EVERY_S` plus :data:`ALIVE_SLACK_S` apart, the second not a started marker,
nothing the broker published was missed.
"""

from __future__ import annotations

import json
from typing import Any

#: Seconds between the recorder's alive markers.
ALIVE_EVERY_S = 10.0
#: Extra silence a reader tolerates before calling a stretch of the stream a gap.
ALIVE_SLACK_S = 5.0

RECORDER_ALIVE = "desk-recorder-alive"
RECORDER_STARTED = "desk-recorder-started"


def stream_key(exchange: str = "celeryev", prefix: str = "") -> str:
    """The stream a recorder of ``exchange`` appends to (``prefix``: the transport's
    ``global_keyprefix``, so that apps sharing a Redis db under prefixes stay apart)."""
    return f"{prefix}celery-desk:recorder:{exchange}"


def lease_key(exchange: str = "celeryev", prefix: str = "") -> str:
    """The key whose holder is the one recorder allowed to write ``stream_key``."""
    return stream_key(exchange, prefix) + ":lease"


def entry_millis(entry_id: bytes | str) -> int:
    """The Redis clock (epoch ms) at which an entry was appended."""
    text = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
    return int(text.partition("-")[0])


def marker_fields(kind: str, **fields: Any) -> dict[str, str]:
    """The stream fields of a marker entry."""
    return {"m": json.dumps({"type": kind, **fields}, separators=(",", ":"))}


def decode_marker(fields: dict[bytes, bytes]) -> dict[str, Any] | None:
    """The marker an entry holds, or None for an event entry (or a broken marker)."""
    raw = fields.get(b"m")
    if raw is None:
        return None
    try:
        marker = json.loads(raw)
    except ValueError:
        return None
    return marker if isinstance(marker, dict) else None
