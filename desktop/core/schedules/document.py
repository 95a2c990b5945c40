"""The schedule file as an editable document: entries, undo/redo, dirty flag, safe saving.

Every edit replaces the whole (small) state with a new immutable snapshot and pushes the
old one on the undo stack, so undo and redo are exact and cheap to reason about. The
document remembers the revision (and the bytes' digest) it read; saving goes through
:func:`celery_desk_beat.schedule_file.save_schedule_file`, which refuses to overwrite a file
someone else changed since (``RevisionConflictError``): the caller offers a reload.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from celery_desk_beat.schedule_file import (
    EntrySpec,
    ScheduleDocument,
    ScheduleFileError,
    load_schedule_file,
    read_disk_revision,
    save_schedule_file,
)
from desktop.core.i18n import translate

__all__ = ["EditableSchedule", "SaveRequest", "Snapshot", "copy_label"]

UNDO_LIMIT = 200


@dataclass(frozen=True)
class Snapshot:
    """The editable state: entries in file order, and the file's timezone (None: the app's)."""

    entries: tuple[EntrySpec, ...] = ()
    timezone: str | None = None


@dataclass(frozen=True)
class _Step:
    label: str
    before: Snapshot
    after: Snapshot


class EditableSchedule:
    """One schedule file being edited. Nothing here touches Qt; nothing is written until
    :meth:`save`.

    ``revision`` is the revision read from disk (None: there was no file), ``load_error``
    why the file on disk could not be read (the document is then empty and read-only until
    a reload succeeds).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.revision: int | None = None
        self.digest: str | None = None
        self.load_error: ScheduleFileError | None = None
        self._state = Snapshot()
        self._saved = Snapshot()
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []

    # -- reading ----------------------------------------------------------------------------

    def load(self) -> None:
        """(Re)read the file, dropping unsaved edits and the undo history."""
        self._undo.clear()
        self._redo.clear()
        self.load_error = None
        try:
            document = load_schedule_file(self.path)
        except ScheduleFileError as exc:
            self._state = self._saved = Snapshot()
            self.digest = None
            if self.path.exists():
                self.load_error = exc
                self.revision = _declared_revision(self.path)
            else:
                self.revision = None  # no file yet: the first save creates it
            return
        self._adopt(document)

    def _adopt(self, document: ScheduleDocument) -> None:
        self.revision = document.revision
        self.digest = document.digest
        self._state = self._saved = Snapshot(tuple(document.entries.values()), document.timezone)

    @property
    def entries(self) -> tuple[EntrySpec, ...]:
        return self._state.entries

    @property
    def timezone(self) -> str | None:
        return self._state.timezone

    @property
    def snapshot(self) -> Snapshot:
        return self._state

    def names(self) -> list[str]:
        return [entry.name for entry in self._state.entries]

    def entry(self, name: str) -> EntrySpec | None:
        return next((entry for entry in self._state.entries if entry.name == name), None)

    @property
    def dirty(self) -> bool:
        """True when the document differs from what is on disk (undoing back clears it)."""
        return self._state != self._saved

    @property
    def read_only(self) -> bool:
        return self.load_error is not None

    def to_document(self) -> ScheduleDocument:
        entries = {entry.name: entry for entry in self._state.entries}
        return ScheduleDocument(entries, self._state.timezone, self.revision or 0)

    # -- editing ----------------------------------------------------------------------------

    def _apply(self, label: str, state: Snapshot) -> None:
        if self.read_only:
            raise PermissionError(
                translate(
                    "ScheduleDocument", "the schedule file cannot be read ({0}); fix it or reload"
                ).format(self.load_error)
            )
        if state == self._state:
            return
        self._undo.append(_Step(label, self._state, state))
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()
        self._state = state

    def _with_entries(self, entries: list[EntrySpec]) -> Snapshot:
        return replace(self._state, entries=tuple(entries))

    def unique_name(self, base: str) -> str:
        """``base``, or ``base 2``, ``base 3``... whichever no entry has as name or id."""
        entries = self._state.entries
        return _unique(base, {e.name for e in entries} | {e.entry_id for e in entries})

    def _check_unique(self, entry: EntrySpec, replacing: str | None = None) -> None:
        for other in self._state.entries:
            if other.name == replacing:
                continue
            if other.name == entry.name:
                raise ValueError(
                    translate("ScheduleDocument", "an entry named “{0}” already exists").format(
                        entry.name
                    )
                )
            if other.entry_id == entry.entry_id:
                raise ValueError(
                    translate("ScheduleDocument", "id “{0}” is already used by entry “{1}”").format(
                        entry.entry_id, other.name
                    )
                )

    def add(self, entry: EntrySpec, index: int | None = None) -> None:
        """Add ``entry`` (at ``index``, default the end); ValueError on a taken name or id."""
        self._check_unique(entry)
        entries = list(self._state.entries)
        entries.insert(len(entries) if index is None else index, entry)
        label = translate("ScheduleDocument", "Add “{0}”").format(entry.name)
        self._apply(label, self._with_entries(entries))

    def add_many(self, entries: list[EntrySpec], label: str) -> list[str]:
        """Add ``entries`` at the end as one undoable step, renaming any whose name is taken
        (``x`` becomes ``x 2``) and dropping ids already in use; the names they got."""
        state = list(self._state.entries)
        taken = {e.name for e in state} | {e.entry_id for e in state}
        added = []
        for entry in entries:
            keep_id = entry.id is not None and entry.id not in taken
            name = _unique(entry.name, taken)
            copy = replace(entry, name=name, id=entry.id if keep_id else None)
            taken |= {copy.name, copy.entry_id}
            state.append(copy)
            added.append(name)
        self._apply(label, self._with_entries(state))
        return added

    def replace_entry(self, name: str, entry: EntrySpec) -> None:
        """Replace the entry called ``name`` by ``entry`` (which may be renamed)."""
        entries = list(self._state.entries)
        index = self._index(name)
        self._check_unique(entry, replacing=name)
        entries[index] = entry
        label = translate("ScheduleDocument", "Edit “{0}”").format(entry.name)
        self._apply(label, self._with_entries(entries))

    def duplicate(self, name: str) -> str:
        """Copy the entry below itself as ``<name> copy``; the copy gets no ``id`` of its own
        (ids are unique) and starts disabled, so it never doubles the original's runs."""
        source = self._state.entries[self._index(name)]
        copy = replace(source, name=self.unique_name(f"{name} copy"), id=None, enabled=False)
        entries = list(self._state.entries)
        entries.insert(self._index(name) + 1, copy)
        label = translate("ScheduleDocument", "Duplicate “{0}”").format(name)
        self._apply(label, self._with_entries(entries))
        return copy.name

    def delete(self, names: list[str]) -> None:
        gone = set(names)
        entries = [entry for entry in self._state.entries if entry.name not in gone]
        label = (
            translate("ScheduleDocument", "Delete “{0}”").format(names[0])
            if len(names) == 1
            else translate("ScheduleDocument", "Delete %n entries", None, len(names))
        )
        self._apply(label, self._with_entries(entries))

    def set_enabled(self, names: list[str], enabled: bool) -> None:
        chosen = set(names)
        entries = [
            replace(entry, enabled=enabled) if entry.name in chosen else entry
            for entry in self._state.entries
        ]
        self._apply(_enable_label(names, enabled), self._with_entries(entries))

    def set_timezone(self, timezone: str | None) -> None:
        label = translate("ScheduleDocument", "Change the time zone")
        self._apply(label, replace(self._state, timezone=timezone or None))

    def _index(self, name: str) -> int:
        for index, entry in enumerate(self._state.entries):
            if entry.name == name:
                return index
        raise KeyError(translate("ScheduleDocument", "no entry named “{0}”").format(name))

    # -- undo -------------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_text(self) -> str:
        return self._undo[-1].label if self._undo else ""

    @property
    def redo_text(self) -> str:
        return self._redo[-1].label if self._redo else ""

    def undo(self) -> str | None:
        """Undo the last edit; its label, or None when there was nothing to undo."""
        if not self._undo:
            return None
        step = self._undo.pop()
        self._redo.append(step)
        self._state = step.before
        return step.label

    def redo(self) -> str | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        self._undo.append(step)
        self._state = step.after
        return step.label

    # -- saving -----------------------------------------------------------------------------

    def save_request(self, force: bool = False) -> SaveRequest:
        """What a save would write, detached from this object so it can run on another
        thread; hand its result to :meth:`mark_saved` on the owning thread."""
        if self.read_only and not force:
            raise PermissionError(
                translate("ScheduleDocument", "the schedule file cannot be read ({0})").format(
                    self.load_error
                )
            )
        # the plain data, so save_schedule_file validates it whole as beat will
        data = self.to_document().to_data()
        return SaveRequest(self.path, data, self.revision, self.digest, self._state, force)

    def mark_saved(self, request: SaveRequest, saved: ScheduleDocument) -> None:
        """Adopt a finished save: the new revision, and the edits it wrote count as saved
        (edits made while it ran stay unsaved)."""
        self.load_error = None
        self.revision = saved.revision
        self.digest = saved.digest
        self._saved = request.snapshot

    def save(self, force: bool = False) -> ScheduleDocument:
        """Write the document as the next revision, here and now; returns what was written.

        Raises ``RevisionConflictError`` when the file changed since it was read (``force``
        overwrites anyway) and ``ScheduleFileError`` when the document is not valid.
        """
        request = self.save_request(force)
        saved = request.run()
        self.mark_saved(request, saved)
        return saved


@dataclass(frozen=True)
class SaveRequest:
    """One save, ready to run anywhere: :meth:`run` writes the file or raises."""

    path: Path
    document: dict[str, Any]
    expected_revision: int | None
    expected_digest: str | None
    snapshot: Snapshot
    force: bool = False

    def run(self) -> ScheduleDocument:
        return save_schedule_file(
            self.path,
            self.document,
            self.expected_revision,
            expected_digest=self.expected_digest,
            force=self.force,
        )


def copy_label(count: int) -> str:
    """The undo label of copying ``count`` code-defined entries into the file."""
    if count == 1:
        return translate("ScheduleDocument", "Copy a code-defined entry")
    return translate("ScheduleDocument", "Copy %n code-defined entries", None, count)


def _enable_label(names: list[str], enabled: bool) -> str:
    if len(names) == 1:
        if enabled:
            return translate("ScheduleDocument", "Enable “{0}”").format(names[0])
        return translate("ScheduleDocument", "Disable “{0}”").format(names[0])
    if enabled:
        return translate("ScheduleDocument", "Enable %n entries", None, len(names))
    return translate("ScheduleDocument", "Disable %n entries", None, len(names))


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    number = 2
    while f"{base} {number}" in taken:
        number += 1
    return f"{base} {number}"


def _declared_revision(path: Path) -> int | None:
    try:
        return read_disk_revision(path)
    except OSError:
        return None
