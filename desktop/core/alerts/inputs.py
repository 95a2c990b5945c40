"""What one evaluation reads, and what it says about each thing a rule watches.

:class:`AlertInputs` gathers the sources at one moment: the event store and the
:class:`~desktop.core.alerts.facts.TaskFacts` kept beside it (read, never written, by an
evaluation), the last queue snapshot, the beat's status, the broker connection and the
answers to worker pings. A source that is None is unknown right now: rules that need it
leave their alerts as they are rather than resolving them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.core.alerts.facts import TaskFacts
from desktop.core.alerts.links import AlertLink
from desktop.core.events.store import EventStore
from desktop.core.queues.inspect import QueueSnapshot

#: ConnectionState values (desktop/ui/connection.py) in which the broker is unreachable.
BROKER_DOWN_STATES = frozenset({"failed", "connection lost"})
CONNECTED = "connected"


Words = str | Callable[[], str]
Figures = tuple[tuple[str, float], ...]


@dataclass(slots=True, eq=False)
class Observation:
    """What a rule saw of one subject: whether its condition holds, and why, in numbers.

    ``count`` is what the alert counts (failures, waiting messages, stuck tasks: 1 each);
    grouped notifications add them up. ``figures`` are the numbers for webhooks and history.
    ``words`` (read as :attr:`why`) may be a function: a firing alert is observed every
    tick, and only the few whose words are shown or sent need them put into words.
    """

    subject: str
    active: bool
    words: Words
    value: float | None = None
    threshold: float | None = None
    count: int = 1
    link: AlertLink | None = None
    numbers: Figures | Callable[[], Figures] = ()
    #: how the subject is shown, when its key (a task id) says little
    label: str = ""

    @property
    def title(self) -> str:
        return self.label or self.subject

    @property
    def why(self) -> str:
        words = self.words
        if not isinstance(words, str):
            words = self.words = words()
        return words

    @property
    def figures(self) -> Figures:
        numbers = self.numbers
        if not isinstance(numbers, tuple):
            numbers = self.numbers = numbers()
        return numbers


@dataclass(frozen=True, slots=True)
class ConnectionFacts:
    """The broker connection: a ConnectionState value, the profile label and its message."""

    state: str
    label: str = ""
    message: str = ""


@dataclass(frozen=True, slots=True)
class BeatFacts:
    """What the beat on the profile's schedule file publishes (``status`` None: no beat is
    active), how many enabled entries the file has, or why it could not be read."""

    schedule_file: str
    status: Mapping[str, Any] | None = None
    enabled_entries: int = 0
    error: str | None = None


@dataclass(frozen=True, slots=True)
class PingFacts:
    """Worker pings: when each host last answered, and when a ping to it last went
    unanswered (local epoch seconds)."""

    answered: Mapping[str, float] = field(default_factory=dict)
    unanswered: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AlertInputs:
    store: EventStore | None = None
    tasks: TaskFacts | None = None
    queues: QueueSnapshot | None = None
    beat: BeatFacts | None = None
    connection: ConnectionFacts | None = None
    pings: PingFacts = field(default_factory=PingFacts)
