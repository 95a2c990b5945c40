"""The profile's beat and its schedule file: does the beat run the file, and the switch.

A project's beat starts out on the project's own scheduler (its code-defined schedules).
Switching it to the file is one guided action on the Schedules page: the page offers to copy
the code-defined entries first (the file scheduler does not run them), saves the file, and
then this object points the beat preset at the file scheduler and (re)starts it. The beat
status then says which revision the beat applied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from desktop.core.processes.presets import FILE_SCHEDULER, PresetStore
from desktop.core.processes.spec import ProcessKind, ProcessSpec, SpecError
from desktop.ui.processes.supervisor import Supervisor


class BeatSwitch:
    """What the Schedules page of ``profile`` needs to know and do about its beat."""

    def __init__(
        self,
        supervisor: Supervisor,
        presets: PresetStore,
        profile: str,
        broker_url: Callable[[], str | None],
    ) -> None:
        self._supervisor = supervisor
        self._presets = presets
        self.profile = profile
        self._broker_url = broker_url

    def beat(self) -> ProcessSpec | None:
        """The profile's beat preset (the first, when there are several)."""
        return next(
            (
                spec
                for spec in self._presets.presets()
                if spec.profile == self.profile and spec.kind is ProcessKind.BEAT
            ),
            None,
        )

    def runs(self, path: Path) -> bool:
        """The beat preset runs the file scheduler on ``path``."""
        beat = self.beat()
        return (
            beat is not None
            and beat.scheduler == FILE_SCHEDULER
            and beat.schedule_path is not None
            and Path(beat.schedule_path).expanduser() == path.expanduser()
        )

    def is_running(self) -> bool:
        beat = self.beat()
        entry = self._supervisor.get(beat.name) if beat is not None else None
        return entry is not None and entry.is_running()

    def how_to_start(self, path: Path) -> str:
        """What to do for a beat to run ``path``, said when none runs it."""
        beat = self.beat()
        if beat is None:
            return QCoreApplication.translate(
                "BeatSwitch",
                "this profile has no beat preset; run beat with -S file -s {0} "
                "(docs/beat-on-a-server.md)",
            ).format(path)
        if self.runs(path):
            if self.is_running():
                return QCoreApplication.translate("BeatSwitch", "“{0}” is starting").format(
                    beat.name
                )
            return QCoreApplication.translate("BeatSwitch", "start “{0}” under Processes").format(
                beat.name
            )
        return QCoreApplication.translate(
            "BeatSwitch", "“{0}” runs the project's own schedule: Switch the beat to this file"
        ).format(beat.name)

    def switch(self, path: Path) -> str:
        """Point the beat preset at the file scheduler on ``path`` and (re)start it.

        Returns what happened, for a banner; raises ValueError with the reason when it
        cannot (no beat preset, the presets file changed elsewhere, a spec that cannot run).
        """
        beat = self.beat()
        if beat is None:
            raise ValueError(
                QCoreApplication.translate("BeatSwitch", "this profile has no beat preset")
            )
        switched = replace(beat, scheduler=FILE_SCHEDULER, schedule_path=str(path))
        self._presets.upsert(switched, beat.name)
        url = self._broker_url()
        if url is None:
            return QCoreApplication.translate(
                "BeatSwitch", "“{0}” now runs the file; connect and start it"
            ).format(beat.name)
        entry = self._supervisor.get(beat.name)
        try:
            if entry is not None and entry.is_running():
                self._supervisor.restart(beat.name, switched, url)
                return QCoreApplication.translate(
                    "BeatSwitch", "Restarting “{0}” on the file"
                ).format(beat.name)
            self._supervisor.start(switched, url)
        except (SpecError, RuntimeError) as exc:
            raise ValueError(str(exc)) from exc
        return QCoreApplication.translate("BeatSwitch", "Started “{0}” on the file").format(
            beat.name
        )
