"""Screenshot for docs/: the Tasks view showing last night's failures after a restart.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.shots.tasks_history docs/
    LANGUAGE=zh_CN QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.shots.tasks_history docs/zh/

The journal is written with the core's own writer, as the journal process writes it: the
evening heard live while the app was open, the night caught up from the recorder when the
app opened again (with the quarter of an hour the recorder itself was restarting, a gap), and
this morning live. Tasks have real-looking names, arguments, results and tracebacks, spread
over the night; about one in twelve fails. The window opens on its own, not connected yet:
what the user sees first after a restart.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

SHOT = "tasks-history.png"
WORKERS = ("celery@web-1", "celery@web-2", "celery@batch-1")
#: (name, args, kwargs, result, the exceptions it fails with), as ``str.format`` templates
TASKS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("billing.charge_card", "('cus_{n:05d}', 4900)", "{{'currency': 'eur'}}", "'ch_{n:08x}'",
     ("CardDeclined('insufficient_funds')", "StripeTimeout('read timed out after 30 s')")),
    ("emails.send_digest", "({n},)", "{{'locale': 'en'}}", "True",
     ("SMTPServerDisconnected('Connection unexpectedly closed')",)),
    ("reports.nightly_export", "('sales', '2024-05-{d:02d}')", "{{'format': 'csv'}}",
     "'s3://reports/sales-{n}.csv'",
     ("OperationalError('could not connect to server: Connection refused')",)),
    ("images.make_thumbnail", "('uploads/{n}.jpg',)", "{{'size': 256}}", "'thumbs/{n}.jpg'",
     ("UnidentifiedImageError(\"cannot identify image file 'uploads/{n}.jpg'\")",)),
    ("sync.pull_orders", "('shopify',)", "{{'since': '2024-05-{d:02d}T00:00'}}",
     "{{'orders': {k}}}",
     ("HTTPError('502 Server Error: Bad Gateway')",)),
)  # fmt: skip
FAIL_EVERY = 12


def last_night(now: float) -> tuple[float, float]:
    """22:00 to 06:30 (local) of the last night that is over by now."""
    today = datetime.fromtimestamp(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if now < (today + timedelta(hours=7)).timestamp():  # tonight is not over: the one before
        today -= timedelta(days=1)
    start = today - timedelta(hours=2)
    return start.timestamp(), (today + timedelta(hours=6, minutes=30)).timestamp()


def traceback_of(name: str, exception: str) -> str:
    module, func = name.rsplit(".", 1)
    kind = exception.split("(", 1)[0]
    return (
        "Traceback (most recent call last):\n"
        '  File "/srv/app/.venv/lib/python3.12/site-packages/celery/app/trace.py", line 453, '
        "in trace_task\n    R = retval = fun(*args, **kwargs)\n"
        f'  File "/srv/app/{module}/tasks.py", line 87, in {func}\n'
        f"    return client.{func}(*args, **kwargs)\n"
        f"{kind}: {exception[len(kind) + 1 : -1]}\n"
    )


def lifecycle(n: int, at: float, rnd: random.Random) -> list[dict[str, Any]]:
    from tests.support.synthetic_events import event

    name, args, kwargs, result, failures = TASKS[n % len(TASKS)]
    fields = {"n": n, "d": 1 + n % 28, "k": n % 40}
    uuid = f"{rnd.getrandbits(128):032x}"
    uuid = f"{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:]}"
    worker = "celery@batch-1" if name.startswith("reports") else WORKERS[n % 2]
    runtime = round(rnd.uniform(0.05, 4.0) * (20 if name.startswith("reports") else 1), 3)
    sent = {
        "uuid": uuid, "name": name, "args": args.format(**fields),
        "kwargs": kwargs.format(**fields), "retries": 0, "root_id": uuid, "parent_id": None,
    }  # fmt: skip
    events = [
        event(
            "task-sent",
            at,
            hostname="gen@web-1",
            queue="celery",
            routing_key="celery",
            exchange="",
            **sent,
        ),
        event("task-received", at + 0.02, hostname=worker, **sent),
        event("task-started", at + 0.05, hostname=worker, uuid=uuid),
    ]
    end = at + 0.05 + runtime
    if n % FAIL_EVERY == 7:
        exception = rnd.choice(failures).format(**fields)
        if "Timeout" in exception or "HTTPError" in exception:  # retried once before failing
            events.append(
                event("task-retried", end, hostname=worker, uuid=uuid, exception=exception)
            )
            events += [
                event("task-received", end + 60, hostname=worker, **sent),
                event("task-started", end + 60.03, hostname=worker, uuid=uuid),
            ]
            end += 60.03 + runtime
        events.append(
            event(
                "task-failed",
                end,
                hostname=worker,
                uuid=uuid,
                exception=exception,
                traceback=traceback_of(name, exception),
            )
        )
    else:
        events.append(
            event(
                "task-succeeded",
                end,
                hostname=worker,
                uuid=uuid,
                result=result.format(**fields),
                runtime=runtime,
            )
        )
    return events


def write_journal(path: Path, now: float) -> None:
    from desktop.core.history import CoverageKind
    from desktop.core.history.schema import ORIGIN_RECORDER
    from desktop.core.history.writer import JournalWriter

    rnd = random.Random(13)
    night_start, _night_end = last_night(now)
    closed_at = night_start + 1.25 * 3600  # the app was closed at 23:15
    gap = (night_start + 5.2 * 3600, night_start + 5.45 * 3600)  # the recorder restarting
    reopened = now - 600
    writer = JournalWriter(path, clock=lambda: closed_at)
    opened = now - 26 * 3600  # the app was open all day yesterday
    writer.connected(opened)
    n, at = 0, opened
    evening: list[list[dict[str, Any]]] = []
    night: list[list[dict[str, Any]]] = []
    while at < now - 660:
        if not gap[0] <= at <= gap[1]:
            (evening if at < closed_at else night).append(lifecycle(n, at, rnd))
            n += 1
        at += rnd.uniform(40, 160)
    for events in evening:
        writer.live(events)
    writer.disconnected(closed_at)
    writer.add_coverage(CoverageKind.RECORDER, closed_at, gap[0])
    writer.add_coverage(CoverageKind.RECORDER, gap[1], reopened)
    writer.replayed([e for events in night for e in events], ORIGIN_RECORDER)
    writer.connected(reopened)
    writer.close(now)


def settle(app: QApplication, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)


def main(out_dir: Path) -> int:
    scratch = Path(tempfile.mkdtemp(prefix="celery-desk-history-shot-"))
    os.environ["CELERY_DESK_HOME"] = str(scratch / "home")
    from desktop.core.history import journal_path
    from desktop.core.profiles import DEMO_PROFILE
    from desktop.ui.context import AppContext
    from desktop.ui.i18n import install_language
    from desktop.ui.main_window import MainWindow
    from desktop.ui.qt_application import create_qapplication
    from desktop.ui.screenshot import SHOT_SIZE

    path = journal_path(DEMO_PROFILE.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_journal(path, time.time())
    app = create_qapplication()
    install_language()  # LANGUAGE=zh_CN for the Chinese shot
    ctx = AppContext.create()
    window = MainWindow(ctx)
    window.resize(SHOT_SIZE)
    window.show()
    page = window.tasks_page
    window.nav.setCurrentRow(window.pages.indexOf(page))
    settle(app, 1.0)
    if not page.history.active:
        raise SystemExit("the Tasks view did not open on the journal")
    page.filters.set_states({"FAILURE"})
    settle(app, 1.0)
    night_start, night_end = last_night(time.time())
    rows = page.rows
    row = next(
        r
        for r in range(rows.rowCount())
        if (t := rows.record_at(r))
        and t.retried
        and night_start + 2 * 3600 < (t.sent or 0) < night_end
    )
    page.history.table.selectRow(row)
    settle(app, 1.0)
    out_dir.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out_dir / SHOT))
    ctx.journal.stop()
    ctx.runner.shutdown()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")))
