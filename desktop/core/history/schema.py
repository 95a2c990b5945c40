"""The journal's SQLite file: tables, indexes, pragmas, and opening it for writing or reading.

One file per profile (:mod:`desktop.core.history.location`), in WAL mode: the one writer (the
event reader process, or the app's writer thread when it reads events itself) commits a batch
at least every second while any number of readers query; ``synchronous=NORMAL`` keeps a commit
in the WAL file, so a killed process loses nothing committed and a power cut at most the last
commits, never the file's consistency.

Layout, chosen for the queries the Tasks view makes on a million tasks:

``tasks``
    one row per task: the columns the view filters and sorts on, each sort key indexed
    together with ``seen`` (first sight, the default order and the retention age), the text
    the search language looks into, and ``detail``, the rest of the task and its timeline
    (:mod:`desktop.core.history.rows`). ``origin`` says how it came in: heard live, caught up
    from the recorder, or backfilled from the result backend.
``task_text``
    an FTS5 trigram index over args, kwargs, result and exception (external content: the text
    lives in ``tasks`` only), so a substring search is an index lookup.
``names``
    every task name, worker, queue and state seen, so ``name:add`` becomes an ``IN`` list
    over an index instead of a scan.
``minutes``
    tasks finished per minute and name, for the 24 h and 7 day charts.
``workers`` and ``sightings``
    each worker's last known details, and the periods it was seen in.
``coverage``
    the periods the journal heard live, caught up from a recorder, or backfilled.
``meta``
    small values: the recorder stream id replayed up to, the last moment heard live, and
    whether the journal's writer closed it (:data:`WRITER_STATE`).

Opening for writing runs ``PRAGMA quick_check`` only when the journal's writer did not close
the file last time (killed, crashed, power lost): after a clean close there is nothing for it
to find, and on a million tasks it cost half a second of every start.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Final

log = logging.getLogger("desktop.history")

#: ``PRAGMA user_version`` of the layout below; a file of another version is set aside.
SCHEMA_VERSION: Final = 1

ORIGIN_LIVE: Final = 0
ORIGIN_RECORDER: Final = 1
ORIGIN_BACKFILL: Final = 2

#: meta key: "open" while the journal's writer has the file, "closed" once it closed it.
#: Only the owner (:class:`~desktop.core.history.writer.JournalWriter`, one at a time by the
#: journal process's lock) sets it; other writers of the file (the alert history) always check.
WRITER_STATE: Final = "writer_state"
WRITER_OPEN: Final = "open"
WRITER_CLOSED: Final = "closed"

_TABLES: Final = """
CREATE TABLE IF NOT EXISTS tasks (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL,
    state TEXT,
    name TEXT,
    worker TEXT,
    queue TEXT,
    seen REAL NOT NULL,
    runtime REAL,
    args TEXT,
    kwargs TEXT,
    result TEXT,
    exception TEXT,
    traceback TEXT,
    parent_id TEXT,
    origin INTEGER NOT NULL DEFAULT 0,
    detail BLOB
);
CREATE UNIQUE INDEX IF NOT EXISTS tasks_uuid ON tasks(uuid);
CREATE INDEX IF NOT EXISTS tasks_seen ON tasks(seen);
CREATE INDEX IF NOT EXISTS tasks_state ON tasks(state, seen);
CREATE INDEX IF NOT EXISTS tasks_name ON tasks(name, seen);
CREATE INDEX IF NOT EXISTS tasks_worker ON tasks(worker, seen);
CREATE INDEX IF NOT EXISTS tasks_runtime ON tasks(runtime);
CREATE INDEX IF NOT EXISTS tasks_parent ON tasks(parent_id) WHERE parent_id IS NOT NULL;
CREATE VIRTUAL TABLE IF NOT EXISTS task_text USING fts5(
    args, kwargs, result, exception,
    content='tasks', content_rowid='id', tokenize='trigram', detail='none'
);
CREATE TABLE IF NOT EXISTS names (
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (kind, text)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS minutes (
    minute INTEGER NOT NULL,
    name TEXT NOT NULL,
    succeeded INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (minute, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS workers (
    hostname TEXT PRIMARY KEY,
    first_seen REAL NOT NULL,
    last_seen REAL NOT NULL,
    info BLOB
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sightings (
    id INTEGER PRIMARY KEY,
    hostname TEXT NOT NULL,
    start REAL NOT NULL,
    end REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sightings_end ON sightings(end);
CREATE TABLE IF NOT EXISTS coverage (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    start REAL NOT NULL,
    end REAL NOT NULL,
    detail TEXT
);
CREATE INDEX IF NOT EXISTS coverage_end ON coverage(end);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value
) WITHOUT ROWID;
"""


class JournalError(RuntimeError):
    """The journal file cannot be opened or used; the message says why."""


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        # mode=ro: a reader never creates, migrates or checkpoints-away the writer's file
        uri = path.resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=5.0)
    else:
        conn = sqlite3.connect(path, check_same_thread=False, timeout=5.0)
    conn.isolation_level = None  # transactions are explicit: BEGIN ... COMMIT per batch
    return conn


@dataclass(frozen=True)
class OpenedJournal:
    conn: sqlite3.Connection
    #: ``PRAGMA quick_check`` ran on opening (the last owner did not close the file).
    checked: bool


def open_for_writing(path: Path) -> sqlite3.Connection:
    """A writer's connection that checks the file every time (see :func:`open_writer`)."""
    return open_writer(path, owner=False).conn


def open_writer(path: Path, owner: bool) -> OpenedJournal:
    """The writer's connection: the file created or brought to :data:`SCHEMA_VERSION`.

    A file of an unknown (newer) version or one SQLite cannot read is moved aside
    (``journal.sqlite3.bad-<n>``) and a new one started: history is worth less than the app
    starting at all.

    The ``owner`` (the journal's one writer) checks the file only when the last owner left it
    open, marks it open, and marks it closed with :func:`mark_closed`; others always check.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open_writer(path, owner)
    except sqlite3.DatabaseError as exc:
        aside = _set_aside(path)
        try:
            return _open_writer(path, owner)
        except sqlite3.DatabaseError as again:
            raise JournalError(f"cannot open the journal {path}: {again}") from exc
        finally:
            del aside


def mark_closed(conn: sqlite3.Connection) -> None:
    """The owner's last commit before closing: the next owner need not check the file.

    Committed before ``close()`` checkpoints the WAL: a kill during the checkpoint leaves a
    log SQLite replays whole, and a power cut that loses this commit leaves the file "open"."""
    _set_writer_state(conn, WRITER_CLOSED)


def _open_writer(path: Path, owner: bool) -> OpenedJournal:
    conn = _connect(path, readonly=False)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        # Debian builds SQLite with secure_delete on: pruning would rewrite freed pages
        conn.execute("PRAGMA secure_delete=OFF")
        conn.execute("PRAGMA cache_size=-16000")  # 16 MB
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            raise sqlite3.DatabaseError(
                f"journal schema {version}, this app knows {SCHEMA_VERSION}"
            )
        conn.executescript(_TABLES)
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        check = True
        if owner:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (WRITER_STATE,)).fetchone()
            check = row is None or row[0] != WRITER_CLOSED
            if check and row is not None:
                log.info("the journal %s was not closed by its last writer: checking it", path)
        if check:
            conn.execute("PRAGMA quick_check(1)").fetchone()
        if owner:
            _set_writer_state(conn, WRITER_OPEN)
    except BaseException:
        conn.close()
        raise
    return OpenedJournal(conn, check)


def _set_writer_state(conn: sqlite3.Connection, state: str) -> None:
    # autocommit (isolation_level None): the statement is its own committed transaction
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (WRITER_STATE, state),
    )


def _set_aside(path: Path) -> Path | None:
    for number in range(1, 1000):
        aside = path.with_name(f"{path.name}.bad-{number}")
        if not aside.exists():
            break
    else:
        return None
    for suffix in ("", "-wal", "-shm"):
        part = Path(str(path) + suffix)
        if part.exists():
            part.replace(Path(str(aside) + suffix))
    return aside


def open_for_reading(path: Path) -> sqlite3.Connection:
    """A read-only connection to an existing journal. Raises :class:`JournalError`."""
    if not path.exists():
        raise JournalError(f"no journal at {path}")
    try:
        conn = _connect(path, readonly=True)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise JournalError(f"cannot read the journal {path}: {exc}") from exc
    if version != SCHEMA_VERSION:
        conn.close()
        raise JournalError(f"the journal {path} has schema {version}, not {SCHEMA_VERSION}")
    conn.execute("PRAGMA cache_size=-32000")
    return conn
