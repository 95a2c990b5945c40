"""Journal queries off the GUI thread: one thread, one :class:`JournalReader`, jobs by slot.

Every view that reads the journal (the Tasks view's history, the task detail, the coverage
strip, the Dashboard's long charts) hands a job, ``job(reader) -> value``, to the one
:class:`JournalService`. Jobs wait in slots, one per purpose ("history-page",
"detail"...): a new job replaces the one still waiting in its slot, so typing a search
never queues a query per key stroke. The value comes back on the GUI thread through a
queued signal; a value whose slot has been given a newer job since is dropped, so a view
never shows the answer to a question it no longer asks.

The reader is opened on the worker thread (a sqlite3 connection belongs to the thread that
made it) and reopened when the journal's path changes (another profile) or after an error
(the journal did not exist yet).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop.core.history import JournalError, JournalReader

log = logging.getLogger("celery_desk.journal")

Job = Callable[[JournalReader], Any]
Done = Callable[[Any], None]
Failed = Callable[[str], None]
PathProvider = Callable[[], Path | None]


@dataclass(slots=True)
class _Pending:
    path: Path
    job: Job
    on_done: Done
    on_error: Failed | None
    ticket: int


class JournalService(QObject):
    """Runs journal queries on a thread of its own (module docstring).

    ``path_provider`` names the journal to read (the active profile's), or None when the
    journal is switched off; it is asked on the GUI thread at each :meth:`submit`.
    """

    _delivered = Signal(object, object, object)  # slot, ticket, (callback, value)

    def __init__(self, path_provider: PathProvider, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path_provider = path_provider
        self._pending: dict[str, _Pending] = {}
        self._latest: dict[str, int] = {}
        self._ticket = 0
        self._wake = threading.Condition()
        self._closed = False
        self._thread: threading.Thread | None = None
        self._delivered.connect(self._on_self_delivered)

    @property
    def path(self) -> Path | None:
        """The journal jobs read now (None: the journal is off)."""
        return self._path_provider()

    def submit(self, slot: str, job: Job, on_done: Done, on_error: Failed | None = None) -> bool:
        """Run ``job`` with the reader, then ``on_done(value)`` on the GUI thread (or
        ``on_error(message)``); False, and nothing runs, when there is no journal to read."""
        path = self._path_provider()
        if path is None or self._closed:
            return False
        self._ticket += 1
        self._latest[slot] = self._ticket
        with self._wake:
            self._pending[slot] = _Pending(path, job, on_done, on_error, self._ticket)
            self._wake.notify()
        if self._thread is None:
            # the thread needs only a bound emit and its own state, never this QObject
            self._thread = threading.Thread(
                target=self._run, args=(self._delivered.emit,), name="journal-reader", daemon=True
            )
            self._thread.start()
        return True

    def cancel(self, slot: str) -> None:
        """Forget the job waiting in ``slot`` and any answer still to come from it."""
        self._latest.pop(slot, None)
        with self._wake:
            self._pending.pop(slot, None)

    def stop(self) -> None:
        """Stop the thread (it closes its reader); answers still to come are dropped."""
        with self._wake:
            self._closed = True
            self._pending.clear()
            self._wake.notify()
        self._latest.clear()

    def wait_stopped(self, timeout: float = 5.0) -> bool:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    # -- the worker thread -----------------------------------------------------------------

    def _run(self, emit: Callable[[object, object, object], None]) -> None:
        reader: JournalReader | None = None
        try:
            while True:
                with self._wake:
                    while not self._pending and not self._closed:
                        self._wake.wait()
                    if self._closed:
                        return
                    slot = next(iter(self._pending))
                    pending = self._pending.pop(slot)
                if reader is not None and reader.path != pending.path:
                    reader.close()
                    reader = None
                try:
                    if reader is None:
                        reader = JournalReader(pending.path)
                    emit(slot, pending.ticket, (pending.on_done, pending.job(reader)))
                except Exception as exc:  # a missing or broken journal: said, never fatal
                    expected = isinstance(exc, JournalError | sqlite3.Error | OSError)
                    log.log(
                        logging.DEBUG if expected else logging.WARNING,
                        "journal query failed: %s",
                        exc,
                        exc_info=not expected,
                    )
                    if reader is not None:
                        reader.close()
                        reader = None
                    if pending.on_error is not None:
                        emit(slot, pending.ticket, (pending.on_error, str(exc)))
        finally:
            if reader is not None:
                reader.close()

    @Slot(object, object, object)
    def _on_self_delivered(self, slot: str, ticket: int, outcome: tuple[Done, Any]) -> None:
        if self._latest.get(slot) != ticket:
            return  # the slot was asked something newer meanwhile
        callback, value = outcome
        callback(value)
