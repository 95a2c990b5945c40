"""The Workers page shows last night's workers from the journal (issue #13).

A real journal written by :class:`JournalWriter`, read by the app's :class:`JournalService`
thread, shown by a real :class:`WorkersPage` offscreen beside live workers fed through a
real hub. Set ``CELERY_DESK_SCREENSHOTS=<dir>`` to save ``workers_journal.png`` there.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.history.writer import JournalWriter
from desktop.ui.background import BackgroundRunner
from desktop.ui.monitor import timefmt
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.monitor.journal_service import JournalService
from desktop.ui.monitor.worker_columns import RAW_ROLE, Column
from desktop.ui.monitor.workers_page import WorkersPage
from tests.support.synthetic_events import event
from tests.test_worker_model import worker_event

BATCH = "celery@batch-1"
WEB = "celery@web-1"


def at(text: str) -> float:
    """A moment of the night of 14 November 2023, UTC (the page is shown in UTC)."""
    return datetime.fromisoformat(f"{text}+00:00").astimezone(UTC).timestamp()


def beats(host: str, start: float, end: float, every: float = 60.0) -> list[dict[str, Any]]:
    count = int((end - start) / every) + 1
    return [
        event("worker-heartbeat", start + k * every, hostname=host, freq=every, active=0,
              processed=k, pid=4242, sw_ident="py-celery", sw_ver="5.5.3", loadavg=[0.5, 0.4, 0.3])
        for k in range(count)
    ]  # fmt: skip


def write_night(path: Path) -> None:
    """batch-1: up 22:01, said goodbye 23:40, up again 23:55, silent after 06:30; web-1 too."""
    writer = JournalWriter(path)
    writer.live([event("worker-online", at("2023-11-14 22:01"), hostname=BATCH, freq=60.0)])
    # a heartbeat a minute apart keeps the numbers small; the last one comes just before the
    # goodbye, as a real worker's (every 2 s) does
    last = event("worker-heartbeat", at("2023-11-14 23:39:58"), hostname=BATCH, freq=60.0)
    writer.live([*beats(BATCH, at("2023-11-14 22:01"), at("2023-11-14 23:39")), last])
    writer.live([event("worker-offline", at("2023-11-14 23:40"), hostname=BATCH)])
    writer.live([event("worker-online", at("2023-11-14 23:55"), hostname=BATCH, freq=60.0)])
    writer.live(beats(BATCH, at("2023-11-14 23:55"), at("2023-11-15 06:30")))
    writer.live(beats(WEB, at("2023-11-15 06:00"), at("2023-11-15 06:10")))
    writer.close()


@pytest.fixture(autouse=True)
def utc() -> Iterator[None]:
    zone = timefmt.formatter().zone
    timefmt.set_zone("UTC")
    yield
    timefmt.set_zone(zone)


@pytest.fixture
def journal(qapp: object, tmp_path: Path) -> Iterator[tuple[Path, JournalService]]:
    path = tmp_path / "journal.sqlite3"
    service = JournalService(lambda: path)
    yield path, service
    service.stop()
    assert service.wait_stopped()


def make_page(
    qtbot: QtBot, hub: MonitorHub, runner: BackgroundRunner, service: JournalService | None
) -> WorkersPage:
    page = WorkersPage(hub, runner, journal=service)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()  # shown: the page reads the journal
    return page


def cell(page: WorkersPage, host: str, column: Column, role: int = 0) -> Any:
    model = page.model
    return model.data(model.index(model.row_of(host), column), role)


def test_last_nights_workers_appear_greyed_with_their_periods(
    qtbot: QtBot,
    hub: MonitorHub,
    runner: BackgroundRunner,
    journal: tuple[Path, JournalService],
    qtmodeltester: Any,
) -> None:
    path, service = journal
    write_night(path)
    now = time.time()
    hub.feed([worker_event("heartbeat", WEB, now)])  # web-1 is up again; batch-1 is not
    page = make_page(qtbot, hub, runner, service)
    qtbot.waitUntil(lambda: page.model.row_of(BATCH) >= 0, timeout=5000)
    qtmodeltester.check(page.model)

    assert sorted(page.model.hostnames()) == [BATCH, WEB]  # web-1 once, live
    assert cell(page, WEB, Column.STATUS) == "online"
    assert cell(page, BATCH, Column.STATUS) == "not seen"
    assert cell(page, BATCH, Column.STATUS, RAW_ROLE) == -1
    assert cell(page, BATCH, Column.PID) == "4242"
    assert cell(page, BATCH, Column.VERSION) == "5.5.3"
    assert cell(page, BATCH, Column.HEARTBEAT).endswith(" d ago")
    tip = cell(page, BATCH, Column.STATUS, 3)  # ToolTipRole
    assert tip.startswith("Not seen since 2023-11-15 06:30:00.000 UTC+00:00 (no heartbeat)")
    assert page.summary.text() == "1 worker · 1 online · 1 more in the journal"

    assert page.select_worker(BATCH)
    detail = page.detail
    assert detail.past and not detail.loading
    assert detail.seen.text() == ("Seen: 2023-11-14 22:01 – 23:40, 23:55 – 2023-11-15 06:30")
    assert detail.status.text().startswith("Not seen since 2023-11-15 06:30")
    assert "known from the journal only" in detail.tab_for["stats"].message.text()
    assert page.selected_hostnames() == []  # nothing there to act on

    page.hide_offline.setChecked(True)
    assert page.proxy.rowCount() == 1
    page.hide_offline.setChecked(False)

    if shots := os.environ.get("CELERY_DESK_SCREENSHOTS"):
        page.detail.tabs.setCurrentIndex(0)
        page.grab().save(str(Path(shots) / "workers_journal.png"))

    # the live worker's detail says when the journal saw it too
    assert page.select_worker(WEB)
    assert detail.seen.text() == "Seen: 2023-11-15 06:00 – 06:10"
    assert not detail.past


def test_a_journal_written_meanwhile_and_a_worker_coming_back(
    qtbot: QtBot,
    hub: MonitorHub,
    runner: BackgroundRunner,
    journal: tuple[Path, JournalService],
    qtmodeltester: Any,
) -> None:
    path, service = journal
    write_night(path)
    page = make_page(qtbot, hub, runner, service)
    qtbot.waitUntil(lambda: len(page.model.hostnames()) == 2, timeout=5000)
    assert page.select_worker(BATCH) and page.detail.past

    # the journal process goes on writing: a new worker shows at the next read
    writer = JournalWriter(path)
    writer.live(beats("celery@batch-2", at("2023-11-15 07:00"), at("2023-11-15 07:05")))
    writer.close()
    page.journal.reload()
    qtbot.waitUntil(lambda: page.model.row_of("celery@batch-2") >= 0, timeout=5000)
    qtmodeltester.check(page.model)

    # batch-1 is heard again: its row turns live (the same row), its detail is asked for
    rows = len(page.model.hostnames())
    with qtbot.waitSignal(page.model.workers_added) as added:
        hub.feed([worker_event("heartbeat", BATCH, time.time())])
    assert added.args == [[BATCH]]
    assert len(page.model.hostnames()) == rows
    assert cell(page, BATCH, Column.STATUS) == "online"
    assert not page.model.is_past(BATCH) and not page.detail.past
    assert page.selected_hostnames() == [BATCH]
    assert page.detail.seen.text().startswith("Seen: 2023-11-14 22:01")

    # dropped from the store after a long silence, it falls back to what the journal knows
    page.set_remove_offline_after(1.0)
    hub.batch_applied.emit(hub.store.tick(now=time.time() + 3600))
    assert page.model.is_past(BATCH) and cell(page, BATCH, Column.STATUS) == "not seen"
    assert page.detail.past
    qtmodeltester.check(page.model)


def test_without_a_journal_only_live_workers_show(
    qtbot: QtBot, hub: MonitorHub, runner: BackgroundRunner, tmp_path: Path
) -> None:
    off = JournalService(lambda: None)  # history switched off
    missing = JournalService(lambda: tmp_path / "not-yet.sqlite3")  # no journal written yet
    try:
        hub.feed([worker_event("heartbeat", WEB, time.time())])
        for service in (off, missing, None):
            page = make_page(qtbot, hub, runner, service)
            page.journal.reload()
            qtbot.wait(200)  # the missing journal's read fails on the journal thread
            assert page.model.hostnames() == [WEB]
            assert page.summary.text() == "1 worker · 1 online"
            assert page.select_worker(WEB) and page.detail.seen.isHidden()
    finally:
        for service in (off, missing):
            service.stop()
            assert service.wait_stopped()


def test_another_profile_brings_its_own_journal(
    qtbot: QtBot, hub: MonitorHub, runner: BackgroundRunner, tmp_path: Path
) -> None:
    first, other = tmp_path / "first.sqlite3", tmp_path / "other.sqlite3"
    write_night(first)
    writer = JournalWriter(other)
    writer.live(beats("celery@other-1", at("2023-11-15 07:00"), at("2023-11-15 07:05")))
    writer.close()
    current = [first]
    service = JournalService(lambda: current[0])
    try:
        page = make_page(qtbot, hub, runner, service)
        qtbot.waitUntil(lambda: page.model.row_of(BATCH) >= 0, timeout=5000)
        current[0] = other  # the hub is rebuilt for another profile
        hub.store_reset.emit()
        qtbot.waitUntil(lambda: page.model.hostnames() == ["celery@other-1"], timeout=5000)
    finally:
        service.stop()
        assert service.wait_stopped()
