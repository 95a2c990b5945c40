"""Process presets saved as JSON in the config directory.

The file holds no secrets (broker URLs come from the connection at launch). Writes are
atomic, and a ``revision`` counter refuses to overwrite changes made by another window or
a hand edit since this store last read the file (docs/facts.md: lost updates).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from dataclasses import asdict, fields, replace
from pathlib import Path
from typing import Any

from desktop.core import paths
from desktop.core.i18n import translate
from desktop.core.processes.spec import ProcessKind, ProcessSpec
from desktop.core.profiles import DEMO_PROFILE_NAME
from desktop.core.project.config import ProjectConfig

log = logging.getLogger("celery_desk.processes.presets")

FILE_NAME = "process_presets.json"
FORMAT_VERSION = 1
DEMO_WORKER = "Demo worker"
DEMO_BEAT = "Demo beat"
LOCAL_BROKER = "Local broker"
#: The demo beat runs the schedule file the Schedules view edits.
FILE_SCHEDULER = "celery_desk_beat.scheduler:FileScheduler"
SCHEDULE_FILE_NAME = "schedules.json"


class PresetConflictError(RuntimeError):
    """The file changed on disk since it was read; reload before saving."""


def default_schedule_file() -> Path:
    """The schedule file of the default "Demo beat" preset."""
    return paths.data_dir() / SCHEDULE_FILE_NAME


def default_presets() -> list[ProcessSpec]:
    return [
        ProcessSpec(
            name=DEMO_WORKER, kind=ProcessKind.WORKER, concurrency=2, profile=DEMO_PROFILE_NAME
        ),
        ProcessSpec(
            name=DEMO_BEAT,
            kind=ProcessKind.BEAT,
            scheduler=FILE_SCHEDULER,
            schedule_path=str(default_schedule_file()),
            profile=DEMO_PROFILE_NAME,
        ),
        ProcessSpec(name=LOCAL_BROKER, kind=ProcessKind.BROKER),
    ]


def project_presets(profile: str, project: ProjectConfig) -> list[ProcessSpec]:
    """A new project profile's worker and beat, as ``celery -A <module> worker|beat`` would
    run them in the project's directory with its interpreter.

    The beat keeps the project's own scheduler until the user switches it to the schedule
    file (the Schedules page's guided switch), so code-defined entries keep running meanwhile.
    """
    return [
        _with_project(
            ProcessSpec(name=f"{profile} {kind.value}", kind=kind, use_connected_broker=True),
            project,
            profile,
        )
        for kind in (ProcessKind.WORKER, ProcessKind.BEAT)
    ]


def spec_to_dict(spec: ProcessSpec) -> dict[str, Any]:
    data = asdict(spec)
    data["kind"] = spec.kind.value
    return data


def spec_from_dict(data: object) -> ProcessSpec:
    """A spec from its JSON form; raises ValueError naming the first bad field."""
    if not isinstance(data, dict):
        raise ValueError(translate("PresetStore", "a preset must be a JSON object"))
    known = {f.name for f in fields(ProcessSpec)}
    values = {k: v for k, v in data.items() if k in known}
    name = values.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(translate("PresetStore", "a preset needs a non-empty 'name'"))
    try:
        values["kind"] = ProcessKind(values.get("kind", ProcessKind.WORKER.value))
    except ValueError:
        problem = translate("PresetStore", "preset {0}: unknown kind {1}")
        raise ValueError(problem.format(repr(name), repr(values.get("kind")))) from None
    _check_types(name, values)
    spec = ProcessSpec(**values)
    if "profile" not in data and spec.is_demo and spec.kind is not ProcessKind.BROKER:
        # Saved before presets belonged to profiles: the demo's own go to the demo profile.
        spec.profile = DEMO_PROFILE_NAME
    return spec


_STR_OR_NONE = ("workdir", "python", "pool", "schedule_path", "scheduler")
_STR = ("app_module", "loglevel", "profile")
_INT_OR_NONE = ("concurrency", "broker_port")


def _check_types(name: str, values: dict[str, Any]) -> None:
    def bad(key: str, expected: str) -> ValueError:
        problem = translate("PresetStore", "preset {0}: {1} must be {2}")
        return ValueError(problem.format(repr(name), repr(key), expected))

    for key in _STR_OR_NONE:
        if not isinstance(values.get(key), str | None):
            raise bad(key, translate("PresetStore", "a string or null"))
    for key in _INT_OR_NONE:
        value = values.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise bad(key, translate("PresetStore", "an integer or null"))
    for key in _STR:
        if key in values and not isinstance(values[key], str):
            raise bad(key, translate("PresetStore", "a string"))
    for key in ("queues", "extra_args"):
        value = values.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad(key, translate("PresetStore", "a list of strings"))
    env = values.get("env", {})
    if not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values()):
        raise bad("env", translate("PresetStore", "an object of strings"))
    for key in ("auto_restart", "use_connected_broker", "use_connected_backend"):
        if not isinstance(values.get(key, False), bool):
            raise bad(key, translate("PresetStore", "true or false"))


class PresetStore:
    """Loads, edits and atomically saves the presets; never raises on a bad file.

    ``messages`` holds what went wrong while loading (a bad file is moved aside and the
    defaults used; a bad entry is skipped and the original file copied aside).
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else paths.config_dir() / FILE_NAME
        self.messages: list[str] = []
        self._presets: list[ProcessSpec] = []
        self._revision = 0
        self.load()

    def load(self) -> None:
        self.messages = []
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self._presets, self._revision = default_presets(), 0
            return
        except OSError as exc:
            problem = translate("PresetStore", "cannot read {0}: {1}")
            self._use_defaults(problem.format(self.path, exc.strerror))
            return
        try:
            document = json.loads(raw)
            if not isinstance(document, dict) or not isinstance(document.get("presets"), list):
                raise ValueError(
                    translate("PresetStore", "expected an object with a 'presets' list")
                )
            revision = document.get("revision", 0)
            if not isinstance(revision, int):
                raise ValueError(translate("PresetStore", "'revision' must be an integer"))
        except ValueError as exc:
            aside = self._move_aside(raw)
            problem = translate("PresetStore", "{0} is not valid ({1}); kept as {2}")
            self._use_defaults(problem.format(self.path.name, exc, aside.name))
            return
        self._revision = revision
        self._presets = []
        skipped: list[str] = []
        for index, entry in enumerate(document["presets"], start=1):
            try:
                spec = spec_from_dict(entry)
            except ValueError as exc:
                skipped.append(
                    translate("PresetStore", "preset #{0} skipped: {1}").format(index, exc)
                )
                continue
            if self.get(spec.name) is None:
                self._presets.append(spec)
            else:
                problem = translate("PresetStore", "preset #{0} skipped: duplicate name {1}")
                skipped.append(problem.format(index, repr(spec.name)))
        if skipped:
            aside = self._move_aside(raw, keep=True)
            self.messages.extend(skipped)
            copied = translate("PresetStore", "the original file was copied to {0}")
            self.messages.append(copied.format(aside.name))
        for message in self.messages:
            log.warning("%s", message)

    def _use_defaults(self, message: str) -> None:
        self._presets, self._revision = default_presets(), 0
        self.messages.append(
            translate("PresetStore", "{0}; using the default presets").format(message)
        )
        log.warning("%s", self.messages[-1])

    def _move_aside(self, raw: str, keep: bool = False) -> Path:
        aside = self.path.with_name(f"{self.path.name}.bad-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            aside.write_text(raw, encoding="utf-8")
            if not keep:
                self.path.unlink()
        except OSError as exc:
            log.warning("cannot keep %s aside: %s", self.path, exc)
        return aside

    # -- reading -------------------------------------------------------------------------

    def presets(self) -> list[ProcessSpec]:
        return list(self._presets)

    def names(self) -> list[str]:
        return [spec.name for spec in self._presets]

    def get(self, name: str) -> ProcessSpec | None:
        return next((spec for spec in self._presets if spec.name == name), None)

    def for_profile(self, profile: str) -> list[ProcessSpec]:
        """The presets shown under ``profile``: its own, and those of every profile."""
        return [spec for spec in self._presets if spec.profile in ("", profile)]

    def sync_project(self, profile: str, project: ProjectConfig | None) -> list[str]:
        """Give ``profile``'s worker and beat presets its project; create them when it has
        none yet. Returns the names created or changed (saved), so the caller can say so.

        A preset's own options (queues, concurrency, scheduler...) are kept; only where and
        how it runs follows the project. Removing the project leaves the presets alone.
        """
        if project is None:
            return []
        own = [
            spec
            for spec in self._presets
            if spec.profile == profile and spec.kind in (ProcessKind.WORKER, ProcessKind.BEAT)
        ]
        edited = list(self._presets)
        changed: list[str] = []
        if not own:
            for spec in project_presets(profile, project):
                if self.get(spec.name) is None:
                    edited.append(spec)
                    changed.append(spec.name)
        for spec in own:
            updated = _with_project(spec, project)
            if updated != spec:
                edited[edited.index(spec)] = updated
                changed.append(spec.name)
        if changed:
            self._save_as(edited)
        return changed

    # -- editing (each edit saves) -------------------------------------------------------

    def upsert(self, spec: ProcessSpec, old_name: str | None = None) -> None:
        """Add ``spec``, or replace the preset called ``old_name`` (or ``spec.name``)."""
        target = old_name if old_name is not None else spec.name
        if spec.name != target and self.get(spec.name) is not None:
            problem = translate("PresetStore", "a preset named {0} already exists")
            raise ValueError(problem.format(repr(spec.name)))
        edited = list(self._presets)
        for index, existing in enumerate(edited):
            if existing.name == target:
                edited[index] = spec
                break
        else:
            edited.append(spec)
        self._save_as(edited)

    def delete(self, name: str) -> ProcessSpec | None:
        spec = self.get(name)
        if spec is not None:
            self._save_as([p for p in self._presets if p is not spec])
        return spec

    def _save_as(self, presets: list[ProcessSpec]) -> None:
        """Adopt ``presets`` only once they are on disk: a refused save changes nothing."""
        previous, self._presets = self._presets, presets
        try:
            self.save()
        except BaseException:
            self._presets = previous
            raise

    def save(self) -> None:
        """Write atomically; raises PresetConflictError when the file changed since read."""
        on_disk = self._disk_revision()
        if on_disk is not None and on_disk != self._revision:
            problem = translate(
                "PresetStore",
                "{0} was changed elsewhere (revision {1}, read {2}); reload the presets "
                "before saving",
            )
            raise PresetConflictError(problem.format(self.path.name, on_disk, self._revision))
        document = {
            "version": FORMAT_VERSION,
            "revision": self._revision + 1,
            "presets": [spec_to_dict(spec) for spec in self._presets],
        }
        _atomic_write(self.path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        self._revision += 1

    def _disk_revision(self) -> int | None:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        revision = document.get("revision") if isinstance(document, dict) else None
        return revision if isinstance(revision, int) else None


def _atomic_write(path: Path, text: str) -> None:
    """Temp file in the same directory, fsync, replace, fsync the directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return  # some platforms cannot open a directory; the replace is still atomic
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _with_project(spec: ProcessSpec, project: ProjectConfig, profile: str = "") -> ProcessSpec:
    return replace(
        spec,
        profile=profile or spec.profile,
        app_module=project.app_module,
        workdir=project.workdir or None,
        python=project.python or None,
        env={**spec.env, **project.env},
    )
