"""The Django project of :func:`~tests.support.projects.write_django_project` with the jobs a
shop runs at night: charging cards, mailing digests, making thumbnails, pulling orders from a
marketplace, exporting reports. Each sometimes fails with the exception the real thing raises
(a declined card, a dropped SMTP connection, a database that refuses connections, an image
that is not one, a 502 from the marketplace); the network part is stubbed, so which calls
fail follows from their arguments (:func:`job_plan` picks them like a busy night does).

Tasks are named by Celery from their modules (``billing.tasks.charge_card``); the gateway and
the marketplace time out once, are retried after a few seconds, and fail for good when the
retry times out too. Results are extended (``CELERY_RESULT_EXTENDED``), as a project that
wants its results to say what ran sets them, and the web side sends ``task-sent`` events.
"""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.support.projects import write_django_project

REPORTS_QUEUE = "reports"
APPS = ("billing", "emails", "images", "reports", "sync")

_FILES = {
    "billing/gateway.py": """
        import random
        import time


        class CardDeclined(Exception):
            pass


        class GatewayTimeout(Exception):
            pass


        def _post(path, payload):
            time.sleep(random.uniform(0.15, 0.9))
            number = int(payload["customer"].split("_")[1])
            if number % 11 == 7:
                raise CardDeclined("insufficient_funds")
            if number % 17 == 4:
                raise GatewayTimeout("read timed out after 30 s")
            return {"id": f"ch_{number * 7919:08x}", "status": "succeeded"}


        def charge(customer, amount, currency):
            reply = _post("/v1/charges", {"customer": customer, "amount": amount,
                                          "currency": currency})
            return reply["id"]
    """,
    "billing/tasks.py": """
        from celery import shared_task

        from billing.gateway import GatewayTimeout, charge


        @shared_task(autoretry_for=(GatewayTimeout,), max_retries=1, default_retry_delay=4)
        def charge_card(customer, amount, currency="eur"):
            return charge(customer, amount, currency)
    """,
    "emails/tasks.py": """
        import random
        import smtplib
        import time

        from celery import shared_task


        def _deliver(user_id, locale):
            time.sleep(random.uniform(0.05, 0.4))
            if user_id % 13 == 11:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


        @shared_task
        def send_digest(user_id, locale="en"):
            _deliver(user_id, locale)
            return True
    """,
    "images/imaging.py": """
        import random
        import time


        class UnidentifiedImageError(OSError):
            pass


        def open_image(path):
            time.sleep(random.uniform(0.05, 0.5))
            if int(path.split("/")[1].split(".")[0]) % 10 == 6:
                raise UnidentifiedImageError(f"cannot identify image file {path!r}")
            return path
    """,
    "images/tasks.py": """
        from celery import shared_task

        from images.imaging import open_image


        @shared_task
        def make_thumbnail(path, size=256):
            open_image(path)
            return path.replace("uploads/", "thumbs/")
    """,
    "reports/tasks.py": """
        import random
        import time

        from celery import shared_task
        from django.db import OperationalError


        def _rows(report, day):
            time.sleep(random.uniform(1.0, 2.5))
            if int(day[-2:]) % 6 == 4:
                raise OperationalError(
                    "could not connect to server: Connection refused\\n"
                    '\\tIs the server running on host "replica-2" and accepting TCP/IP '
                    "connections on port 5432?"
                )
            return random.randint(800, 4000)


        @shared_task
        def nightly_export(report, day, format="csv"):
            rows = _rows(report, day)
            return f"s3://reports/{report}-{day}.{format} ({rows} rows)"
    """,
    "sync/marketplace.py": """
        import random
        import time


        class UpstreamError(Exception):
            pass


        def fetch_orders(shop, since):
            time.sleep(random.uniform(0.2, 1.2))
            if int(since[-2:]) % 5 == 3:
                raise UpstreamError(
                    f"502 Server Error: Bad Gateway for url: https://{shop}.example.com/orders"
                )
            return random.randint(0, 40)
    """,
    "sync/tasks.py": """
        from celery import shared_task

        from sync.marketplace import UpstreamError, fetch_orders


        @shared_task(autoretry_for=(UpstreamError,), max_retries=1, default_retry_delay=4)
        def pull_orders(shop, since):
            return {"orders": fetch_orders(shop, since)}
    """,
}

_SETTINGS = """

# The shop's night jobs (tests/support/busy_shop.py)
INSTALLED_APPS += ["billing", "emails", "images", "reports", "sync"]
CELERY_RESULT_EXTENDED = True
CELERY_TASK_SEND_SENT_EVENT = True
"""


def write_busy_shop(root: Path) -> Path:
    """The Django project under ``root`` with the night jobs added."""
    write_django_project(root)
    for name, text in _FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / "__init__.py").touch()
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    with (root / "proj" / "settings.py").open("a", encoding="utf-8") as settings:
        settings.write(_SETTINGS)
    return root


@dataclass(frozen=True)
class Job:
    """One task to send: what the web side or a schedule would ask for."""

    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    queue: str = "celery"


def job_plan(rnd: random.Random, count: int, today: date) -> list[Job]:
    """``count`` jobs in a busy night's proportions; about one in eight fails."""
    jobs: list[Job] = []
    for _ in range(count):
        pick = rnd.random()
        if pick < 0.3:
            customer = f"cus_{rnd.randint(100, 999):05d}"
            amount = rnd.choice((900, 1900, 4900, 12900))
            jobs.append(Job("billing.tasks.charge_card", (customer, amount), {"currency": "eur"}))
        elif pick < 0.55:
            jobs.append(Job("emails.tasks.send_digest", (rnd.randint(1000, 9999),),
                            {"locale": rnd.choice(("en", "en", "de", "zh"))}))  # fmt: skip
        elif pick < 0.75:
            path = f"uploads/{rnd.randint(10000, 99999)}.jpg"
            jobs.append(Job("images.tasks.make_thumbnail", (path,), {"size": 256}))
        elif pick < 0.9:
            since = f"{today}T0{rnd.randint(0, 5)}:{rnd.randint(0, 59):02d}"
            shop = rnd.choice(("acme", "northwind", "globex"))
            jobs.append(Job("sync.tasks.pull_orders", (shop,), {"since": since}))
        else:
            report = rnd.choice(("sales", "refunds", "inventory"))
            day = str(today - timedelta(days=rnd.randint(1, 12)))
            jobs.append(Job("reports.tasks.nightly_export", (report, day), {"format": "csv"},
                            REPORTS_QUEUE))  # fmt: skip
    return jobs


def nightly_sync(today: date) -> list[Job]:
    """The marketplaces' sync a schedule sends at night, one job per shop, each from where
    its last sync stopped (globex's marketplace answers that one with a 502, twice)."""
    return [
        Job("sync.tasks.pull_orders", (shop,), {"since": f"{today}T00:{minute:02d}"})
        for shop, minute in (("acme", 0), ("northwind", 10), ("globex", 23))
    ]
