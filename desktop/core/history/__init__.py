"""The task journal: history that survives closing the window (issue #13).

One SQLite file per profile (:func:`journal_path`), written by one process,
``celery-desk journal`` (:mod:`.journal_process`), which the event reader starts and feeds
the frames it forwards to the app (:mod:`.feed`); when events are read in the app, the
source feeds it instead. On connect it catches up on what happened while nobody listened:
the recorder's stream (:mod:`.stream_replay`, ``celery-desk record``) and the Redis result
backend (:mod:`.backfill`), see :mod:`.catchup`. Retention (:mod:`.retention`) prunes in small
steps.

The API for the UI (all Qt-free, plain data; see each function's docstring):

:class:`JournalReader` (``reader = JournalReader(journal_path(profile))``; one per thread):
    ``count(query) -> int`` and ``page(query, offset, limit) -> list[JournalTask]``: the
    Tasks view over every journaled task, where ``query`` is a :class:`JournalQuery`
    (``filter``: the view's own :class:`~desktop.core.events.task_filter.TaskFilter`, search
    language included; ``sort``: a :class:`SortKey`, those in :data:`INDEXED_SORTS` fast at
    any size; ``descending``);
    ``task(uuid)`` and ``children(uuid)``: the detail, with the whole timeline
    (``JournalTask.timeline``: ``(subject, timestamp, hostname)`` per state change);
    ``recent(limit)``: the newest tasks, to seed the live store;
    ``names(kind)``: task names, workers, queues or states seen, for the filter menus;
    ``minute_counts(since, until, name=None) -> list[MinuteCount]``: the 24 h and 7 day
    charts;
    ``coverage(since, until) -> list[CoveragePeriod]``: live, recorder, backfill (partial)
    and gap periods, each with ``label`` and ``lacks`` (translated);
    ``workers()``: every worker seen and when; ``stats()``; ``changed()``: whether the
    writer committed since the last call (poll it to refresh).

:class:`JournalTask`: ``record`` (the same :class:`~desktop.core.events.model.TaskRecord` the
live store holds), ``seen``, ``timeline``, ``origin`` (a mask: 1 heard live, 2 from the
recorder, 4 backfilled) and ``backfilled_only``.

To journal, pass :func:`profile_journal` (a profile's file, the settings' retention, its
broker for catch-up; None when the setting is off) as ``journal`` to
:meth:`~desktop.ui.monitor.hub.MonitorHub.start` (or :func:`journal_config` to
:func:`~desktop.core.events.source_factory.make_event_source`).
"""

from __future__ import annotations

from desktop.core.history.coverage import CoverageKind, CoveragePeriod
from desktop.core.history.feed import journal_config
from desktop.core.history.location import (
    journal_path,
    journal_size,
    profile_journal,
    retention_of,
)
from desktop.core.history.reader import (
    INDEXED_SORTS,
    JournalQuery,
    JournalReader,
    JournalStats,
    MinuteCount,
    SortKey,
    WorkerSighting,
)
from desktop.core.history.retention import Retention
from desktop.core.history.rows import JournalTask
from desktop.core.history.schema import JournalError

__all__ = [
    "INDEXED_SORTS",
    "CoverageKind",
    "CoveragePeriod",
    "JournalError",
    "JournalQuery",
    "JournalReader",
    "JournalStats",
    "JournalTask",
    "MinuteCount",
    "Retention",
    "SortKey",
    "WorkerSighting",
    "journal_config",
    "journal_path",
    "journal_size",
    "profile_journal",
    "retention_of",
]
