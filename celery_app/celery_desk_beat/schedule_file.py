"""The schedule file: a JSON mirror of Celery's ``beat_schedule`` that beat reloads live.

Parsing validates the whole file and rejects it whole, with one :class:`ScheduleError`
(entry, field, message, and line/column for bad JSON) per problem. Writing is atomic and
refuses to overwrite a revision the writer did not read. The format is described in
docs/schedule-file.md.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from copy import deepcopy
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from celery_desk_beat.atomic_file import (
    NotReadableError,
    atomic_write_bytes,
    disk_state,
    read_regular_file,
    writers_lock,
)
from celery_desk_beat.i18n import translate
from celery_desk_beat.safe_text import brief, shown
from celery_desk_beat.schedule_entries import normalize_schedule
from celery_desk_beat.schedule_validation import (
    ENTRY_FIELDS,
    ScheduleError,
    validate_schedule_data,
)

FORMAT_VERSION = 1

__all__ = [
    "FORMAT_VERSION",
    "EntrySpec",
    "RevisionConflictError",
    "ScheduleDocument",
    "ScheduleError",
    "ScheduleFileError",
    "anchor_hash",
    "dump_schedule",
    "entry_hash",
    "load_schedule_file",
    "parse_schedule_data",
    "parse_schedule_text",
    "read_disk_revision",
    "read_schedule_bytes",
    "save_schedule_file",
]


class ScheduleFileError(ValueError):
    """A schedule file (or document) that cannot be used; ``error`` says where and why."""

    def __init__(self, error: ScheduleError, errors: list[ScheduleError] | None = None) -> None:
        super().__init__(error.one_line())
        self.error = error
        self.errors = errors or [error]


class RevisionConflictError(RuntimeError):
    """The file on disk is not the revision the writer read: someone else changed it."""

    def __init__(self, path: Path, expected: int | None, found: int | None, detail: str) -> None:
        super().__init__(
            translate(
                "ScheduleFile",
                "schedule file {0} changed since it was read ({1}); reload it before saving",
            ).format(path, detail)
        )
        self.path = path
        self.expected = expected
        self.found = found


@dataclass(frozen=True)
class EntrySpec:
    """One validated entry; ``schedule`` is in canonical form (see schedule_entries)."""

    name: str
    task: str
    schedule: dict[str, Any]
    args: list[Any] = field(default_factory=list)
    kwargs: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    enabled: bool = True
    description: str = ""
    id: str | None = None

    @property
    def entry_id(self) -> str:
        """The stable key of the entry's run state: ``id``, else the entry's name."""
        return self.id if self.id is not None else self.name

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {} if self.id is None else {"id": self.id}
        data.update(
            task=self.task,
            schedule=dict(self.schedule),
            args=list(self.args),
            kwargs=dict(self.kwargs),
            options=dict(self.options),
            enabled=self.enabled,
        )
        if self.description:
            data["description"] = self.description
        return data


@dataclass(frozen=True)
class ScheduleDocument:
    """A whole, valid schedule file. ``digest`` is the SHA-256 of the bytes it came from."""

    entries: dict[str, EntrySpec] = field(default_factory=dict)
    timezone: str | None = None
    revision: int = 0
    version: int = FORMAT_VERSION
    digest: str = field(default="", compare=False)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"version": self.version, "revision": self.revision}
        if self.timezone is not None:
            data["timezone"] = self.timezone
        data["entries"] = {name: entry.to_data() for name, entry in self.entries.items()}
        return data


def _canonical(payload: object) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _digest(payload: object) -> str:
    return hashlib.sha256(_canonical(payload).encode("utf-8")).hexdigest()[:32]


def entry_hash(entry: EntrySpec, timezone: str) -> str:
    """Everything that changes what or when an entry sends; beat rebuilds when it moves.

    Celery's own ``schedules_equal`` ignores a crontab's tz and an interval's ``relative``;
    this hash does not. The description is left out: it changes nothing that runs.
    """
    return _digest(
        {
            "id": entry.entry_id,
            "task": entry.task,
            "schedule": entry.schedule,
            "args": entry.args,
            "kwargs": entry.kwargs,
            "options": entry.options,
            "enabled": entry.enabled,
            "timezone": timezone if entry.schedule["type"] == "crontab" else None,
        }
    )


def anchor_hash(entry: EntrySpec, timezone: str) -> str:
    """What decides *when* an entry runs; a change re-anchors its next run (no catch-up)."""
    zone = timezone if entry.schedule["type"] == "crontab" else None
    return _digest({"schedule": entry.schedule, "timezone": zone, "enabled": entry.enabled})


class _DuplicateKeyError(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(translate("ScheduleFile", "{0} is not a JSON number").format(name))


def _decode_json(raw: bytes, source: str | None) -> Any:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = translate("ScheduleFile", "not UTF-8 text (byte {0})").format(exc.start)
        raise ScheduleFileError(ScheduleError(message, source=source)) from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        message = translate("ScheduleFile", "invalid JSON: {0}").format(exc.msg)
        error = ScheduleError(message, line=exc.lineno, column=exc.colno, source=source)
        raise ScheduleFileError(error) from None
    except _DuplicateKeyError as exc:
        message = translate(
            "ScheduleFile", "duplicate key {0}: each name may appear once per object"
        ).format(shown(exc.args[0]))
        raise ScheduleFileError(ScheduleError(message, source=source)) from None
    except ValueError as exc:  # NaN, or a number of more than 4,300 digits (Python 3.11+)
        message = translate("ScheduleFile", "invalid JSON: {0}").format(brief(str(exc)))
        raise ScheduleFileError(ScheduleError(message, source=source)) from None
    except RecursionError:
        message = translate(
            "ScheduleFile", "invalid JSON: arrays or objects nested too deeply to read"
        )
        raise ScheduleFileError(ScheduleError(message, source=source)) from None


def parse_schedule_data(
    data: object, source: str | None = None, digest: str = ""
) -> ScheduleDocument:
    """A :class:`ScheduleDocument` from decoded JSON, or :class:`ScheduleFileError`."""
    errors = validate_schedule_data(data)
    if errors:
        located = [replace(error, source=source) for error in errors]
        raise ScheduleFileError(located[0], located)
    assert isinstance(data, Mapping)
    entries = {}
    for name, raw in data["entries"].items():
        values = {key: raw[key] for key in ENTRY_FIELDS if key in raw}
        values["schedule"] = normalize_schedule(raw["schedule"])
        entries[name] = EntrySpec(name=name, **values)
    return ScheduleDocument(
        entries=entries,
        timezone=data.get("timezone"),
        revision=int(data.get("revision", 0)),
        version=int(data.get("version", FORMAT_VERSION)),
        digest=digest,
    )


def parse_schedule_text(text: str | bytes, source: str | None = None) -> ScheduleDocument:
    """Parse and validate the text of a schedule file."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    digest = hashlib.sha256(raw).hexdigest()
    return parse_schedule_data(_decode_json(raw, source), source=source, digest=digest)


def read_schedule_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the file at ``path``, never blocking (a named pipe is refused, not opened
    for a writer to come); anything but a readable regular file is a :class:`ScheduleFileError`."""
    source = str(path)
    try:
        return read_regular_file(Path(path))
    except FileNotFoundError:
        message = translate("ScheduleFile", "the file does not exist")
        raise ScheduleFileError(ScheduleError(message, source=source)) from None
    except NotReadableError as exc:
        raise ScheduleFileError(ScheduleError(exc.reason, source=source)) from None
    except OSError as exc:
        message = translate("ScheduleFile", "cannot be read: {0}").format(exc.strerror or exc)
        raise ScheduleFileError(ScheduleError(message, source=source)) from None


def load_schedule_file(path: str | os.PathLike[str]) -> ScheduleDocument:
    """Read and validate ``path``; a missing or unreadable file is a :class:`ScheduleFileError`."""
    return parse_schedule_text(read_schedule_bytes(path), source=str(path))


def dump_schedule(doc: ScheduleDocument) -> str:
    """The file text for ``doc``: one line per entry field, entries in order, a final newline.

    Values stay on one line each (``"args": [1, 2]``) so hand edits and diffs read well.
    """

    def inline(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    data = doc.to_data()
    head = [f"  {inline(key)}: {inline(value)}" for key, value in data.items() if key != "entries"]
    blocks = []
    for name, entry in data["entries"].items():
        fields = ",\n".join(f"      {inline(key)}: {inline(value)}" for key, value in entry.items())
        blocks.append(f"    {inline(name)}: {{\n{fields}\n    }}")
    entries = "{\n" + ",\n".join(blocks) + "\n  }" if blocks else "{}"
    return "{\n" + ",\n".join([*head, f'  "entries": {entries}']) + "\n}\n"


def read_disk_revision(path: str | os.PathLike[str]) -> int | None:
    """The revision the file at ``path`` declares, even if it is otherwise invalid."""
    return disk_state(Path(path))[1]


def save_schedule_file(
    path: str | os.PathLike[str],
    doc: ScheduleDocument | Mapping[str, Any],
    expected_revision: int | None,
    *,
    expected_digest: str | None = None,
    force: bool = False,
) -> ScheduleDocument:
    """Write ``doc`` atomically as the next revision of ``path`` and return what was written.

    ``expected_revision`` is the revision the caller read (None: it expects no file).
    :class:`RevisionConflictError` when the file on disk holds another revision, or, with
    ``expected_digest`` (the ``digest`` of the document read), other bytes: a hand edit
    that kept the revision. ``force`` overwrites whatever is there. An invalid ``doc``
    raises :class:`ScheduleFileError` and writes nothing.
    """
    target = Path(path)
    # A copy, so the caller's later changes to its dicts cannot reach the saved document.
    document = doc if isinstance(doc, ScheduleDocument) else parse_schedule_data(deepcopy(doc))
    # A new profile's first save creates its file, and the folder it goes in.
    target.parent.mkdir(parents=True, exist_ok=True)
    with writers_lock(target):
        exists, found, digest = disk_state(target)
        if not force:
            if not exists and expected_revision is not None:
                detail = translate("ScheduleFile", "it was deleted")
                raise RevisionConflictError(target, expected_revision, None, detail)
            if exists and (expected_revision is None or found != expected_revision):
                if found is None:
                    text = translate("ScheduleFile", "its revision is unreadable, expected {0}")
                    detail = text.format(expected_revision)
                else:
                    text = translate("ScheduleFile", "revision on disk {0}, expected {1}")
                    detail = text.format(found, expected_revision)
                raise RevisionConflictError(target, expected_revision, found, detail)
            if exists and expected_digest is not None and expected_digest != digest:
                detail = translate("ScheduleFile", "revision {0} was edited in place").format(found)
                raise RevisionConflictError(target, expected_revision, found, detail)
        revision = max(found or 0, expected_revision or 0) + 1
        saved = replace(document, revision=revision)
        payload = dump_schedule(saved).encode("utf-8")
        atomic_write_bytes(target, payload)
    return replace(saved, digest=hashlib.sha256(payload).hexdigest())
