"""Celery's event stream, Qt-free: decoding, the receiver threads, and the task/worker store.

The GUI thread owns an :class:`EventStore` and an :class:`EventSource`; a timer drains the
source and applies each batch to the store, whose :class:`ChangeSet` drives the models.
:func:`~desktop.core.events.source_factory.make_event_source` is not re-exported here: it
imports every kind of source (kombu among them), and the event-reader child, which imports
this package, needs only the Redis one.
"""

from __future__ import annotations

from desktop.core.events.decode import DecodeError, EventDecoder, decode_envelope
from desktop.core.events.enable_events import EventsEnabler
from desktop.core.events.hints import Hint
from desktop.core.events.lost import Gap, LossSummary
from desktop.core.events.model import FINISHED_STATES, TaskRecord
from desktop.core.events.receiver import Backoff, EventSource, SourceState, SourceStatus
from desktop.core.events.store import ChangeSet, EventStore
from desktop.core.events.workers import WorkerRecord

__all__ = [
    "FINISHED_STATES",
    "Backoff",
    "ChangeSet",
    "DecodeError",
    "EventDecoder",
    "EventSource",
    "EventStore",
    "EventsEnabler",
    "Gap",
    "Hint",
    "LossSummary",
    "SourceState",
    "SourceStatus",
    "TaskRecord",
    "WorkerRecord",
    "decode_envelope",
]
