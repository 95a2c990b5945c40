"""Which event source reads a Celery app's broker, and what replaces one that gave up.

For Redis, the reader process (:class:`ProcessEventSource`); when that cannot start (state
FAILED), :func:`fallback_source` gives the same reading in a thread of the app
(:class:`RedisEventSource`): slower, and it competes with the GUI thread for the GIL, but
events keep coming. Other brokers: :class:`KombuEventSource`.

Above the source modules (each imports :mod:`desktop.core.events.receiver`, the base), so
the base never has to import its subclasses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from desktop.core.events.kombu_source import KombuEventSource
from desktop.core.events.process_source import ProcessEventSource
from desktop.core.events.receiver import EventSource, SourceState
from desktop.core.events.redis_source import RedisEventSource
from desktop.core.history.feed import JournalFeed

if TYPE_CHECKING:
    from celery import Celery


def make_event_source(
    app: Celery,
    *,
    prefer_redis: bool = True,
    in_process: bool = False,
    wakeup: bool = True,
    journal: Mapping[str, Any] | None = None,
    **options: Any,
) -> EventSource:
    """The fastest source that can read ``app``'s broker: Redis fast path or kombu.

    The Redis fast path runs in a child process (``celery-desk event-reader``) unless
    ``in_process``: decoding in a thread of the app competes with the GUI thread for the GIL.
    ``journal`` (:func:`desktop.core.history.feed.journal_config`) has every event journaled:
    by the reader process, or for a source in the app by a :class:`JournalFeed` it feeds.
    """
    with app.connection_for_read() as conn:
        scheme = conn.transport_cls if isinstance(conn.transport_cls, str) else ""
        url = conn.as_uri(include_password=True)
    if prefer_redis and scheme in {"redis", "rediss"}:
        wake: Callable[[], None] | None = None
        if wakeup:

            def wake() -> None:
                app.control.broadcast("heartbeat")

        redis_options: dict[str, Any] = {
            "transport_options": dict(app.conf.broker_transport_options or {}),
            "exchange": app.conf.event_exchange,
            "ssl_options": app.conf.broker_use_ssl if scheme == "rediss" else None,
            "wakeup": wake,
            **options,
        }
        if not in_process:
            return ProcessEventSource(url, journal=journal, **redis_options)
        return _journaled(RedisEventSource(url, **redis_options), journal)
    return _journaled(KombuEventSource(app, wakeup=wakeup, **options), journal)


def _journaled(source: EventSource, journal: Mapping[str, Any] | None) -> EventSource:
    if journal:
        source.sink = JournalFeed(journal)
    return source


#: How the in-app fallback names its transport in the status bar.
IN_APP_TRANSPORT = "redis, read in the app"


def fallback_source(source: EventSource) -> EventSource | None:
    """A new, not started source reading what ``source`` read, once ``source`` failed for
    good (a reader process that cannot start); None when there is nothing to fall back to."""
    if not isinstance(source, ProcessEventSource) or source.status().state != SourceState.FAILED:
        return None
    replacement = RedisEventSource(**source.options)
    replacement.transport = IN_APP_TRANSPORT
    return _journaled(replacement, source.journal)
