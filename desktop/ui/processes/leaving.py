"""Letting a relayed run go when the app quits, and finding left runs again.

The supervisor's side of :mod:`desktop.core.processes.detached`, kept apart from its
start/stop bookkeeping: which entries may be left running, the record written for each,
and the local-broker rule (a process left running on the app's local broker keeps that
broker running too, recorded as a kept broker so the next start reuses it).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import psutil

from desktop.core.broker.kept import remove_kept_record, write_kept_record
from desktop.core.broker.local import default_data_dir
from desktop.core.i18n import translate
from desktop.core.processes.detached import (
    DetachedRecord,
    DetachedRegistry,
    mark_detached,
    now_text,
    remove_run_dir,
)
from desktop.core.processes.presets import spec_from_dict, spec_to_dict
from desktop.core.processes.spec import ProcessKind, ProcessSpec
from desktop.ui.processes.adopted import AdoptedProcess
from desktop.ui.processes.guiprocess import GuiProcess
from desktop.ui.processes.managed import ManagedProcess

log = logging.getLogger("celery_desk.processes")

_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def is_relayed(spec: ProcessSpec) -> bool:
    """Started behind a relay, so that it can be left running: a user project's worker or
    beat, and the local broker (which such a worker may need after the app quit)."""
    if spec.kind is ProcessKind.BROKER:
        return True
    return not spec.is_demo and spec.kind in (ProcessKind.WORKER, ProcessKind.BEAT)


def uses_local_broker(entry: ManagedProcess, entries: list[ManagedProcess]) -> bool:
    """Whether ``entry``'s broker is a broker this supervisor runs on this machine."""
    if entry.uses_local_broker:
        return True
    if not entry.broker_url:
        return False
    try:
        parts = urlsplit(entry.broker_url)
        port = parts.port
    except ValueError:
        return False
    if parts.hostname not in _LOOPBACK_HOSTS:
        return False
    return any(
        other.spec.kind is ProcessKind.BROKER
        and other.state.is_active
        and other.spec.broker_port == port
        for other in entries
    )


def let_go(entry: ManagedProcess, registry: DetachedRegistry, local_broker: bool) -> bool:
    """Leave ``entry``'s relayed run running after the app quits; False if it cannot be.

    The registry is written before the mark: a process the keeper keeps is always one the
    next start can find.
    """
    process = entry.process
    if not isinstance(process, GuiProcess) or process.relay is None:
        return False
    if process.detached:
        return True
    info = process.run_info()
    if info is None:
        log.warning("%s cannot be left running: its keeper has not started it yet", entry.name)
        return False
    record = DetachedRecord(
        name=entry.name,
        spec=spec_to_dict(entry.spec),
        run_dir=process.relay.run_dir,
        run=info,
        uses_local_broker=local_broker,
        detached_at=now_text(),
    )
    try:
        registry.put(record)
        mark_detached(process.relay.run_dir)
    except OSError as exc:
        log.warning("%s cannot be left running: %s", entry.name, exc)
        return False
    process.detached = True
    entry.uses_local_broker = local_broker
    if entry.spec.kind is ProcessKind.BROKER and entry.spec.broker_port is not None:
        # The local broker service reuses a kept broker on the next start.
        try:
            write_kept_record(entry.spec.broker_port, default_data_dir(), pid=info.target_pid)
        except (OSError, psutil.Error) as exc:
            log.warning("the kept broker could not be recorded: %s", exc)
    note = translate(
        "LeaveRunning", "left running (pid {0}); Celery Desk picks it up again when it starts"
    )
    process.add_note(note.format(info.target_pid))
    return True


def leave_running(
    entries: dict[str, ManagedProcess], names: list[str], registry: DetachedRegistry
) -> list[str]:
    """Let the active ``names`` among ``entries`` go; returns those that will be left."""
    left = []
    for name in names:
        entry = entries.get(name)
        if entry is None or not entry.state.is_active:
            continue
        if entry.adopted:
            entry.keep_on_quit = True
            left.append(name)
        elif let_go(entry, registry, uses_local_broker(entry, list(entries.values()))):
            left.append(name)
    return left


def keep_local_broker_if_needed(entries: list[ManagedProcess], registry: DetachedRegistry) -> None:
    """A process that survives the quit on the app's local broker keeps the broker;
    otherwise a broker adopted from an earlier session stops with the app."""
    needed = any(
        entry.survives_quit and entry.uses_local_broker and entry.state.is_active
        for entry in entries
        if entry.spec.kind is not ProcessKind.BROKER
    )
    for entry in entries:
        if entry.spec.kind is not ProcessKind.BROKER or not entry.state.is_active:
            continue
        if entry.adopted:
            entry.keep_on_quit = needed
        elif needed:
            let_go(entry, registry, local_broker=False)


def adopt(registry: DetachedRegistry) -> list[tuple[ProcessSpec, DetachedRecord]]:
    """The registry's records with the preset each names; records that cannot be read are
    dropped (with their run directory)."""
    found: list[tuple[ProcessSpec, DetachedRecord]] = []
    dropped = False
    records = registry.load()
    for record in records:
        try:
            spec = spec_from_dict(record.spec)
        except ValueError as exc:
            log.warning("forgetting left-running record %s: %s", record.name, exc)
            remove_run_dir(record.run_dir)
            dropped = True
            continue
        if spec.name != record.name or any(s.name == spec.name for s, _ in found):
            dropped = True
            continue
        found.append((spec, record))
    if dropped:
        registry.save([record for _spec, record in found])
    return found


def forget(process: AdoptedProcess, kind: ProcessKind, registry: DetachedRegistry) -> None:
    """An adopted process ended: its record, run directory and kept-broker record go."""
    record = process.record
    try:
        registry.drop(record.name, record.run_dir)
    except OSError as exc:
        log.warning("cannot update %s: %s", registry.path, exc)
    remove_run_dir(record.run_dir)
    if kind is ProcessKind.BROKER:
        remove_kept_record(default_data_dir(), pid=record.run.target_pid)
