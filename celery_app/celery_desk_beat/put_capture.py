"""One message and its run state in one Redis transaction, on kombu without publish batches.

kombu 5.7's producer batches let the scheduler add its run state to the pipeline that holds
a message (:mod:`celery_desk_beat.beat_dispatch`). Before 5.7 (back to 5.3) kombu's Redis
channel delivers each message in ``Channel._put``, with one LPUSH on the client its
``conn_or_acquire()`` gives. While one message is published, ``_put`` is handed a Redis
transaction (a MULTI/EXEC pipeline) as that client, so the LPUSH is queued there; the
caller adds the run state and executes both at once: Redis applies both or neither, and a
kill -9 of beat neither repeats nor loses the run. Routing, which reads the exchange's
bindings through the same ``conn_or_acquire``, still talks to Redis directly.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any


def can_capture_put(channel: Any) -> bool:
    """Whether ``channel`` is kombu's Redis channel, delivering through ``_put``, with a
    client that never replays a command by itself (a replayed transaction whose first reply
    was lost would queue the message twice; kombu 5.7 refuses its batches then too)."""
    transport = getattr(channel, "connection", None)  # a virtual channel's is the transport
    if getattr(transport, "driver_type", None) != "redis":
        return False
    if not all(callable(getattr(channel, name, None)) for name in ("_put", "conn_or_acquire")):
        return False
    if getattr(channel, "retry_on_timeout", None):
        return False
    options = getattr(getattr(channel, "pool", None), "connection_kwargs", None)
    if not isinstance(options, dict):
        return False
    return not (
        options.get("retry_on_timeout")
        or options.get("retry_on_error")
        or options.get("retry") is not None
    )


_ABSENT = object()


@contextlib.contextmanager
def _replaced(owner: Any, name: str, value: Any) -> Iterator[None]:
    """``owner.name`` is ``value`` inside the block, then what it was (the class's method)."""
    saved = vars(owner).get(name, _ABSENT)
    setattr(owner, name, value)
    try:
        yield
    finally:
        if saved is _ABSENT:
            delattr(owner, name)
        else:
            setattr(owner, name, saved)


@contextlib.contextmanager
def captured_put(channel: Any) -> Iterator[Any]:
    """A Redis transaction that receives what ``channel._put`` sends inside the block.

    Execute it before the block ends; leaving the block discards what was not executed.
    """
    with channel.conn_or_acquire() as client, client.pipeline(transaction=True) as pipeline:
        deliver = channel._put

        def into_pipeline(client: Any = None) -> contextlib.nullcontext[Any]:
            return contextlib.nullcontext(pipeline)

        def put(queue: str, message: Any, **kwargs: Any) -> Any:
            with _replaced(channel, "conn_or_acquire", into_pipeline):
                return deliver(queue, message, **kwargs)

        with _replaced(channel, "_put", put):
            yield pipeline
