"""The guided switch of a profile's beat to the schedule file, offscreen, with a real beat:
the banner that says the switch waits for beat goes as soon as beat applied the revision."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from celery_desk_beat.schedule_file import save_schedule_file
from desktop.core.processes.presets import FILE_SCHEDULER, PresetStore
from desktop.core.processes.spec import ProcessKind, ProcessSpec
from desktop.ui.background import BackgroundRunner
from desktop.ui.processes.supervisor import Supervisor
from desktop.ui.schedules.beat_switch import BeatSwitch
from desktop.ui.schedules.schedules_page import SchedulesPage
from tests.support.beat_procs import interval_entry
from tests.support.redis_server import RedisServer

PROFILE = "Shop"
BEAT = "Shop beat"


@pytest.fixture
def supervisor(qapp: object) -> Iterator[Supervisor]:
    processes = Supervisor()
    yield processes
    processes.kill_all_now(timeout=5)


def _click(box: QMessageBox, text: str) -> None:
    for button in box.buttons():
        if button.text() == text:
            button.click()
            return
    raise AssertionError(f"no button {text!r} in {[b.text() for b in box.buttons()]}")


def _log(supervisor: Supervisor) -> str:
    entry = supervisor.get(BEAT)
    return "\n".join(line.text for line in entry.buffer.lines()) if entry else "no beat"


def test_the_switch_banner_goes_once_beat_applied_the_revision(
    qtbot: QtBot,
    runner: BackgroundRunner,
    redis_server: RedisServer,
    supervisor: Supervisor,
    tmp_path: Path,
) -> None:
    path = tmp_path / "schedules.json"
    save_schedule_file(path, {"entries": {"slow": interval_entry(3600, "x")}}, None)
    presets = PresetStore(tmp_path / "presets.json")
    # the demo app's beat on its own scheduler, as a project's beat starts out
    own = ProcessSpec(
        name=BEAT,
        kind=ProcessKind.BEAT,
        schedule_path=str(tmp_path / "celerybeat-schedule"),
        profile=PROFILE,
    )
    presets.upsert(own)
    url = redis_server.url
    entry = supervisor.start(own, url)
    qtbot.waitUntil(entry.is_running, timeout=30_000)

    switch = BeatSwitch(supervisor, presets, PROFILE, lambda: url)
    page = SchedulesPage(
        runner, lambda: url, path, beat_switch=switch, default_timezone="Europe/Berlin"
    )
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    assert page.switch_flow.button.isVisible()
    page.switch_flow.button.click()
    box = page.switch_flow.question
    assert box is not None
    _click(box, "Save and switch")  # nothing in code to copy: the demo app has no project
    assert page.banner.message_text() == (
        f"Restarting “{BEAT}” on the file; waiting for it to apply revision 1"
    )
    switched = presets.get(BEAT)
    assert switched is not None and switched.scheduler == FILE_SCHEDULER

    verdict = page.beat_status.verdict_text
    try:
        qtbot.waitUntil(lambda: "Beat applied revision 1 (your save)" in verdict(), timeout=60_000)
    except Exception as exc:
        raise AssertionError(f"verdict: {verdict()!r}\n{_log(supervisor)[-3000:]}") from exc
    # the very render that turned the status green took the stale banner down
    assert page.banner.message_text() == "" and page.banner.isHidden()
    assert not page.switch_flow.button.isVisible()
    page.shutdown()
