"""What sits in a Redis broker's queues, Qt-free: :class:`QueueInspector`.

Queue names come from three places, so queues nobody consumes still appear (flagged):
the workers' ``active_queues`` (passed in), the app's configuration (``task_default_queue``
and ``task_queues``) and the broker itself (``_kombu.binding.*`` sets and list keys that hold
kombu messages; found with SCAN, at most every ``discover_every`` seconds).

Per queue: depth per priority level and in total, consumers, messages in flight (entries of
the ``unacked`` hash routed to it) and the age of the oldest waiting message. A Celery
message carries no publish time, so that age comes from, in order: a ``timestamp`` property
or header (some producers set one), the task's ``task-sent`` event time (``sent_time``
lookup), else the time this inspector first saw the message, a lower bound ("first-seen").
Every call blocks on Redis: run it off the GUI thread. Nothing here raises.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.core.queues import messages
from desktop.core.queues.ages import (
    AGE_FIRST_SEEN,
    AGE_SENT_EVENT,
    AGE_TIMESTAMP,
    FirstSeen,
    oldest_ages,
)
from desktop.core.queues.broker import QueueBroker, QueueBrokerError
from desktop.core.queues.discovery import (
    SOURCE_BINDINGS,
    SOURCE_CONFIG,
    SOURCE_KEYS,
    SOURCE_UNACKED,
    SOURCE_WORKERS,
    Discovery,
    discover,
    in_flight,
)
from desktop.core.queues.results import (
    DeleteResult,
    FoundMessage,
    PeekedMessage,
    PeekResult,
    PurgeResult,
)

if TYPE_CHECKING:
    import redis
    from celery import Celery


__all__ = [
    "AGE_FIRST_SEEN", "AGE_SENT_EVENT", "AGE_TIMESTAMP", "SOURCE_BINDINGS", "SOURCE_CONFIG",
    "SOURCE_KEYS", "SOURCE_UNACKED", "SOURCE_WORKERS", "QueueInfo", "QueueInspector",
    "QueueSnapshot",
]  # fmt: skip

ActiveQueues = Mapping[str, Sequence[Mapping[str, Any] | str]]


@dataclass(frozen=True, slots=True)
class QueueInfo:
    """One queue: ``levels`` is ``((step, depth), ...)``, highest priority (step 0) first."""

    name: str
    levels: tuple[tuple[int, int], ...]
    consumers: tuple[str, ...] = ()
    consumers_known: bool = True
    in_flight: int = 0
    in_flight_since: float | None = None
    oldest_age: float | None = None
    oldest_source: str = ""
    sources: frozenset[str] = frozenset()

    @property
    def total(self) -> int:
        return sum(depth for _, depth in self.levels)

    @property
    def no_consumer(self) -> bool:
        return self.consumers_known and not self.consumers

    def depth(self, step: int) -> int:
        return dict(self.levels).get(step, 0)


@dataclass(frozen=True, slots=True)
class QueueSnapshot:
    """Every known queue at one moment, and the transport layout used to read them."""

    queues: tuple[QueueInfo, ...] = ()
    priority_steps: tuple[int, ...] = ()
    sep: str = ""
    global_keyprefix: str = ""
    in_flight_total: int = 0
    taken_at: float = 0.0
    error: str | None = None
    notes: tuple[str, ...] = ()

    def queue(self, name: str) -> QueueInfo | None:
        return next((q for q in self.queues if q.name == name), None)


class QueueInspector:
    """Reads queue depths, in-flight messages and ages; peeks, purges and deletes."""

    def __init__(
        self,
        broker_url: str | None = None,
        *,
        app: Celery | None = None,
        transport_options: Mapping[str, Any] | None = None,
        connect_timeout: float = 2.0,
        discover_every: float = 30.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        from desktop.core.control.actions import control_app

        if app is None:
            if not broker_url:
                raise ValueError("QueueInspector needs a broker URL or a Celery app")
            app = control_app(broker_url, transport_options=transport_options)
        self.app = app
        self.broker = QueueBroker(app, connect_timeout)
        self.discover_every = discover_every
        self._clock = clock
        self._lock = threading.Lock()
        self._discovery = Discovery()
        self._first_seen = FirstSeen()

    # -- snapshot -------------------------------------------------------------------------

    def snapshot(
        self,
        active_queues: ActiveQueues | None = None,
        *,
        config_queues: Iterable[str] | None = None,
        sent_time: Callable[[str], float | None] | None = None,
        rediscover: bool = False,
    ) -> QueueSnapshot:
        """Every queue now; ``active_queues`` None means consumers are unknown (not flagged)."""
        with self._lock:
            try:
                return self._snapshot(active_queues, config_queues, sent_time, rediscover)
            except QueueBrokerError as exc:
                return QueueSnapshot(error=str(exc), taken_at=self._clock())
            except Exception as exc:  # a connection dropped midway: reconnect next time
                self.broker.reset()
                return QueueSnapshot(error=messages.failure(exc), taken_at=self._clock())

    def _snapshot(
        self,
        active_queues: ActiveQueues | None,
        config_queues: Iterable[str] | None,
        sent_time: Callable[[str], float | None] | None,
        rediscover: bool,
    ) -> QueueSnapshot:
        layout, client = self.broker.open()
        now = self._clock()
        consumers = _consumers(active_queues)
        names: dict[str, set[str]] = {}
        for name in consumers:
            names.setdefault(name, set()).add(SOURCE_WORKERS)
        for name in self._config_names(config_queues):
            names.setdefault(name, set()).add(SOURCE_CONFIG)
        if rediscover or now - self._discovery.at >= self.discover_every:
            self._discovery = discover(self.broker, layout, client, now)
        discovery = self._discovery
        for name, sources in discovery.names.items():
            names.setdefault(name, set()).update(sources)
        flight = in_flight(layout, client, discovery.routes, names)
        for name in flight:
            names.setdefault(name, set()).add(SOURCE_UNACKED)
        levels = self._levels(client, sorted(names))
        ages = oldest_ages(client, levels, now, self._first_seen, sent_time)
        infos = tuple(
            QueueInfo(
                name=name,
                levels=tuple((step, depth) for step, _key, depth in levels[name]),
                consumers=tuple(sorted(consumers.get(name, ()))),
                consumers_known=active_queues is not None,
                in_flight=flight.get(name, (0, None))[0],
                in_flight_since=flight.get(name, (0, None))[1],
                oldest_age=ages.get(name, (None, ""))[0],
                oldest_source=ages.get(name, (None, ""))[1],
                sources=frozenset(names[name]),
            )
            for name in sorted(names)
        )
        return QueueSnapshot(
            queues=infos,
            priority_steps=layout.priority_steps,
            sep=layout.sep,
            global_keyprefix=layout.global_keyprefix,
            in_flight_total=sum(count for count, _ in flight.values()),
            taken_at=now,
        )

    def _config_names(self, config_queues: Iterable[str] | None) -> list[str]:
        if config_queues is not None:
            return [q for q in config_queues if q]
        conf = self.app.conf
        found = [str(conf.task_default_queue)]
        for queue in conf.task_queues or ():
            found.append(str(getattr(queue, "name", queue)))
        return found

    def _levels(
        self, client: redis.Redis, names: Sequence[str]
    ) -> dict[str, list[tuple[int, str, int]]]:
        keys = {name: self.broker.level_keys(name) for name in names}
        with client.pipeline(transaction=False) as pipe:
            for name in names:
                for _step, key in keys[name]:
                    pipe.llen(key)
            depths = iter(pipe.execute())
        return {
            name: [(step, key, int(next(depths))) for step, key in keys[name]] for name in names
        }

    # -- messages and workers -----------------------------------------------------------

    def peek(self, queue: str, n: int = 20) -> PeekResult:
        return messages.peek(self.broker, queue, n)

    def purge(self, queue: str) -> PurgeResult:
        return messages.purge(self.broker, queue)

    def delete_message(self, message: PeekedMessage) -> DeleteResult:
        return messages.delete_message(self.broker, message)

    def find_message(
        self, task_id: str, queues: Iterable[str] | None = None
    ) -> FoundMessage | None:
        """The waiting or in-flight message of ``task_id`` (known queues when None)."""
        names = list(queues) if queues is not None else list(self._discovery.names)
        if queues is None and not names:
            names = [q.name for q in self.snapshot(rediscover=True).queues]
        return messages.find_message(self.broker, task_id, names)

    def active_queues(self, timeout: float = 1.0) -> tuple[dict[str, list[str]] | None, str | None]:
        """``({host: [queue names]}, None)`` from ``inspect active_queues``, or ``(None, why)``."""
        conn = self.app.connection_for_write()
        try:
            conn.ensure_connection(
                max_retries=1, interval_start=0.25, timeout=self.broker.connect_timeout
            )
            inspect = self.app.control.inspect(timeout=timeout, connection=conn)
            replies = inspect.active_queues() or {}
        except Exception as exc:  # broker trouble: consumers stay unknown this round
            return None, messages.failure(exc)
        finally:
            conn.release()
        return {
            str(host): [str(q.get("name")) for q in queues or () if isinstance(q, dict)]
            for host, queues in replies.items()
        }, None

    def close(self) -> None:
        from desktop.core.control.actions import close_control_app

        self.broker.close()
        close_control_app(self.app)


def _consumers(active_queues: ActiveQueues | None) -> dict[str, set[str]]:
    consumers: dict[str, set[str]] = {}
    for host, queues in (active_queues or {}).items():
        for queue in queues or ():
            name = queue.get("name") if isinstance(queue, Mapping) else queue
            if name:
                consumers.setdefault(str(name), set()).add(str(host))
    return consumers
