"""The workers table: a thin model over the workers of an :class:`EventStore`.

Rows follow hostnames in order of appearance. :meth:`WorkerTableModel.apply_changes` turns a
:class:`ChangeSet`'s ``workers_changed`` / ``workers_removed`` into one insert block, row
removals by contiguous range and merged ``dataChanged`` ranges. Online/offline and removal
after a long silence are the store's decisions; the model only shows them. Raw values sit
under :data:`RAW_ROLE` for sorting; a one-second timer refreshes the "3 s ago" column.
Pool and concurrency come from ``inspect stats`` (heartbeats do not carry them), handed in
with :meth:`WorkerTableModel.set_pool_info`. Workers the journal saw that the store does not
hold (:meth:`WorkerTableModel.set_sightings`) get a row too, greyed and italic, "not seen":
a worker dropped from the store turns into such a row, and such a row turns live when the
worker is heard again.

Signals:
    workers_added(list): hostnames that just got a row (the page asks them for stats).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QIcon

from desktop.core.events import ChangeSet, EventStore, WorkerRecord
from desktop.core.events.workers import worker_tally
from desktop.core.history import WorkerSighting
from desktop.ui.locale_format import format_count, format_decimal
from desktop.ui.monitor.ranges import ascending_runs, descending_runs
from desktop.ui.monitor.timefmt import format_age, format_datetime, format_duration, notifier
from desktop.ui.monitor.worker_columns import (
    FAILED_COLOUR,
    HOSTNAME_ROLE,
    OFFLINE_COLOUR,
    ONLINE_COLOUR,
    PARTS,
    RAW_ROLE,
    Column,
    alignment,
    header_tips,
    headers,
    status_dot,
)
from desktop.ui.monitor.worker_journal import past_cell

AnyIndex = QModelIndex | QPersistentModelIndex


class WorkerTableModel(QAbstractTableModel):
    """The store's workers, one row each (see the module docstring)."""

    workers_added = Signal(list)

    def __init__(
        self,
        store: EventStore,
        *,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._hosts: list[str] = []
        self._rows: dict[str, int] = {}
        self._pool: dict[str, tuple[str | None, int | None]] = {}
        self._dots: dict[bool | None, QIcon] = {}
        self._sightings: dict[str, WorkerSighting] = {}
        self._past: set[str] = set()  # rows of workers the store does not hold
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()
        notifier().zone_changed.connect(self._on_zone_changed)
        self._load()

    # -- feeding --------------------------------------------------------------------------

    @property
    def store(self) -> EventStore:
        return self._store

    def set_store(self, store: EventStore) -> None:
        """Rebuild from ``store`` (a new broker, a resume after pause)."""
        self.beginResetModel()
        self._store = store
        self._hosts, self._rows = [], {}
        self._load()
        self.endResetModel()

    def _load(self) -> None:
        live = self._store.workers.workers
        self._past = {h for h in self._sightings if h not in live}
        self._hosts = [*live, *(h for h in self._sightings if h in self._past)]
        self._rows = {h: i for i, h in enumerate(self._hosts)}

    def set_sightings(self, sightings: dict[str, WorkerSighting]) -> None:
        """The workers the journal saw: a row for each one the store does not hold."""
        self._sightings = dict(sightings)
        live = self._store.workers.workers
        gone = [h for h in self._past if h not in sightings]
        if gone:
            self._remove(gone)
        new = [h for h in sightings if h not in self._rows and h not in live]
        if new:
            first = len(self._hosts)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for host in new:
                self._rows[host] = len(self._hosts)
                self._hosts.append(host)
                self._past.add(host)
            self.endInsertRows()
        # the journal's news of the others: last seen, processed, periods
        self._emit_rows_changed(sorted(self._rows[h] for h in sightings if h in self._rows))

    def sighting(self, hostname: str) -> WorkerSighting | None:
        """What the journal knows of ``hostname`` (None: nothing, or no journal)."""
        return self._sightings.get(hostname)

    def is_past(self, hostname: str) -> bool:
        """Whether ``hostname``'s row comes from the journal alone (not heard now)."""
        return hostname in self._past

    def past_count(self) -> int:
        return len(self._past)

    def apply_changes(self, changes: ChangeSet) -> None:
        """Mirror one batch: removals, then one insert block, then merged updates."""
        if changes.workers_removed:
            self._remove(changes.workers_removed)
        if not changes.workers_changed:
            return
        workers = self._store.workers.workers
        new = [h for h in changes.workers_changed if h not in self._rows and h in workers]
        revived = [h for h in changes.workers_changed if h in self._past and h in workers]
        self._past.difference_update(revived)
        touched = sorted(self._rows[h] for h in changes.workers_changed if h in self._rows)
        if new:
            first = len(self._hosts)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for host in new:
                self._rows[host] = len(self._hosts)
                self._hosts.append(host)
            self.endInsertRows()
        self._emit_rows_changed(touched)
        if new or revived:
            self.workers_added.emit(new + revived)

    def set_pool_info(self, hostname: str, pool: str | None, concurrency: int | None) -> None:
        """Pool kind and concurrency of ``hostname`` (from ``inspect stats``)."""
        if self._pool.get(hostname) == (pool, concurrency):
            return
        self._pool[hostname] = (pool, concurrency)
        row = self._rows.get(hostname)
        if row is not None:
            self.dataChanged.emit(self.index(row, Column.POOL), self.index(row, Column.CONCURRENCY))

    def _remove(self, hostnames: Iterable[str]) -> None:
        hostnames = list(hostnames)
        # dropped from the store but journaled: the row stays, as the journal saw it
        kept = [h for h in hostnames if h in self._sightings and h not in self._past]
        hostnames = [h for h in hostnames if h not in kept]
        self._past.update(kept)
        self._emit_rows_changed(sorted(self._rows[h] for h in kept if h in self._rows))
        self._past.difference_update(hostnames)
        rows = sorted((self._rows[h] for h in hostnames if h in self._rows), reverse=True)
        for first, last in descending_runs(rows):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._hosts[first : last + 1]
            self.endRemoveRows()
        for host in hostnames:
            self._pool.pop(host, None)
        self._rows = {h: i for i, h in enumerate(self._hosts)}

    def _emit_rows_changed(self, rows: list[int]) -> None:
        last_column = len(Column) - 1
        for first, last in ascending_runs(rows):
            self.dataChanged.emit(self.index(first, 0), self.index(last, last_column))

    # -- lookups --------------------------------------------------------------------------

    def hostname_at(self, row: int) -> str | None:
        return self._hosts[row] if 0 <= row < len(self._hosts) else None

    def row_of(self, hostname: str) -> int:
        return self._rows.get(hostname, -1)

    def hostnames(self) -> list[str]:
        return list(self._hosts)

    def worker_at(self, row: int) -> WorkerRecord | None:
        host = self.hostname_at(row)
        return None if host is None else self._store.workers.get(host)

    # -- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hosts)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return headers()[Column(section)]
        if role == Qt.ItemDataRole.ToolTipRole:
            return header_tips().get(Column(section))
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        host = self.hostname_at(index.row())
        if host in self._past and 0 <= index.column() < len(Column):
            column = Column(index.column())
            if role == Qt.ItemDataRole.DecorationRole and column is Column.STATUS:
                return self._dot(None)
            return past_cell(self._sightings[host], column, role, self._clock())
        worker = self.worker_at(index.row())
        handler = _ROLE_HANDLERS.get(role)
        if worker is None or handler is None or not 0 <= index.column() < len(Column):
            return None
        return handler(self, worker, Column(index.column()))

    def _hostname(self, w: WorkerRecord, _column: Column) -> object:
        return w.hostname

    def _decoration(self, w: WorkerRecord, column: Column) -> object:
        return self._dot(w.online) if column is Column.STATUS else None

    def _foreground(self, w: WorkerRecord, column: Column) -> object:
        if not w.online:
            return QBrush(OFFLINE_COLOUR)
        if column is Column.FAILED and w.failed:
            return QBrush(FAILED_COLOUR)
        return None

    def _alignment(self, _w: WorkerRecord, column: Column) -> object:
        return alignment(column)

    def _dot(self, online: bool | None) -> QIcon:
        """Filled green or grey; hollow grey (None) for a worker known from the journal."""
        icon = self._dots.get(online)
        if icon is None:
            colour = ONLINE_COLOUR if online else OFFLINE_COLOUR
            icon = self._dots[online] = status_dot(colour, hollow=online is None)
        return icon

    def _raw(self, w: WorkerRecord, column: Column) -> object:
        pool, concurrency = self._pool.get(w.hostname, (None, None))
        tally = worker_tally(w)
        values: dict[Column, object] = {
            Column.STATUS: 1 if w.online else 0,
            Column.HOSTNAME: w.hostname,
            Column.PID: w.pid,
            Column.POOL: pool,
            Column.CONCURRENCY: concurrency,
            Column.PROCESSED: tally.processed,
            Column.ACTIVE: tally.active,
            Column.SUCCEEDED: tally.succeeded,
            Column.FAILED: tally.failed,
            Column.RETRIED: tally.retried,
            Column.REVOKED: tally.revoked,
            Column.UNSEEN: tally.unseen,
            Column.LOADAVG: w.loadavg[0] if w.loadavg else None,
            Column.HEARTBEAT: w.last_heartbeat if w.last_heartbeat is not None else w.last_seen,
            Column.VERSION: w.sw_ver,
        }
        return values[column]

    def _display(self, w: WorkerRecord, column: Column) -> object:
        if column is Column.STATUS:
            return self.tr("online") if w.online else self.tr("offline")
        if column is Column.LOADAVG:
            return ", ".join(format_decimal(x, 2) for x in w.loadavg) if w.loadavg else ""
        if column is Column.HEARTBEAT:
            # before the first heartbeat, the last event (worker-online) says as much
            last = w.last_heartbeat if w.last_heartbeat is not None else w.last_seen
            return format_age(max(0.0, self._clock() - last))
        value = self._raw(w, column)
        if value is None:
            return ""
        if isinstance(value, int) and column is not Column.PID:
            return format_count(value)
        return str(value)

    def _tooltip(self, w: WorkerRecord, column: Column) -> object:
        if column is Column.STATUS:
            return self._status_tip(w)
        if column is Column.HEARTBEAT:
            return self._heartbeat_tip(w)
        if column is Column.LOADAVG and w.loadavg:
            return self.tr("Load average over 1, 5 and 15 minutes")
        if column in (Column.VERSION, Column.HOSTNAME) and w.sw_ident:
            # the hostname's: its column may be too narrow, and Celery's may be hidden
            software = self.tr("{0} {1} on {2}").format(w.sw_ident, w.sw_ver or "", w.sw_sys or "?")
            return software if column is Column.VERSION else f"{w.hostname}\n{software}"
        if column is Column.PROCESSED or column in PARTS:
            return self._tally_tip(w)
        return None

    def _heartbeat_tip(self, w: WorkerRecord) -> str:
        if w.last_heartbeat is None:
            text = self.tr("No heartbeat yet; last event at {0}")
            return text.format(format_datetime(w.last_seen))
        lines = [
            format_datetime(w.last_heartbeat),
            self.tr("Every {0} s").format(format_decimal(w.freq, 1)),
        ]
        if w.drift is not None:
            lines.append(self.tr("Clock offset: {0}").format(format_duration(w.drift)))
        return "\n".join(lines)

    def _tally_tip(self, w: WorkerRecord) -> str:
        tally = worker_tally(w)
        if tally.processed is None:
            return self.tr("No heartbeat yet: the outcomes seen so far")
        parts = [tally.active or 0, tally.succeeded, tally.failed, tally.retried, tally.revoked]
        text = self.tr(
            "Processed {0} = active {1} + succeeded {2} + failed {3} + retried {4}"
            " + revoked {5} + unseen {6}"
        )
        return text.format(*map(format_count, [tally.processed, *parts, tally.unseen or 0]))

    def _status_tip(self, w: WorkerRecord) -> str:
        if w.online:
            age = format_age(max(0.0, self._clock() - w.last_seen))
            return self.tr("Online, heard from {0}").format(age)
        since = format_datetime(w.offline_since if w.offline_since is not None else w.last_seen)
        if w.announced_offline:
            text = self.tr("Offline since {0} (said goodbye)").format(since)
        else:
            text = self.tr("Offline since {0} (no heartbeat)").format(since)
        keep_for = self._store.workers.remove_offline_after
        if keep_for is not None:
            start = w.offline_since if w.offline_since is not None else w.last_seen
            left = max(0.0, start + keep_for - self._clock())
            removal = self.tr("Removed from this list in {0}").format(format_duration(left))
            text += "\n" + removal
        return text

    # -- slots ----------------------------------------------------------------------------

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self._hosts:
            last = len(self._hosts) - 1
            self.dataChanged.emit(
                self.index(0, Column.HEARTBEAT),
                self.index(last, Column.HEARTBEAT),
                [Qt.ItemDataRole.DisplayRole],
            )

    @Slot(str)
    def _on_zone_changed(self, _zone: str) -> None:
        if self._hosts:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._hosts) - 1, len(Column) - 1)
            )


_Handler = Callable[[WorkerTableModel, WorkerRecord, Column], object]
_ROLE_HANDLERS: dict[int, _Handler] = {
    Qt.ItemDataRole.DisplayRole: WorkerTableModel._display,
    RAW_ROLE: WorkerTableModel._raw,
    HOSTNAME_ROLE: WorkerTableModel._hostname,
    Qt.ItemDataRole.ToolTipRole: WorkerTableModel._tooltip,
    Qt.ItemDataRole.DecorationRole: WorkerTableModel._decoration,
    Qt.ItemDataRole.ForegroundRole: WorkerTableModel._foreground,
    Qt.ItemDataRole.TextAlignmentRole: WorkerTableModel._alignment,
}
