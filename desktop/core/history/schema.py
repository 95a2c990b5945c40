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
    small values: the recorder stream id replayed up to, the last moment heard live.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Final

#: ``PRAGMA user_version`` of the layout below; a file of another version is set aside.
SCHEMA_VERSION: Final = 1

ORIGIN_LIVE: Final = 0
ORIGIN_RECORDER: Final = 1
ORIGIN_BACKFILL: Final = 2

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


def open_for_writing(path: Path) -> sqlite3.Connection:
    """The writer's connection: the file created or brought to :data:`SCHEMA_VERSION`.

    A file of an unknown (newer) version or one SQLite cannot read is moved aside
    (``journal.sqlite3.bad-<n>``) and a new one started: history is worth less than the app
    starting at all.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open_writer(path)
    except sqlite3.DatabaseError as exc:
        aside = _set_aside(path)
        try:
            return _open_writer(path)
        except sqlite3.DatabaseError as again:
            raise JournalError(f"cannot open the journal {path}: {again}") from exc
        finally:
            del aside


def _open_writer(path: Path) -> sqlite3.Connection:
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
        conn.execute("PRAGMA quick_check(1)").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


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
