"""Users' Celery projects written into a directory, as tests need them.

- :func:`write_django_project`: Celery's "First steps with Django" layout with exactly six
  code-defined periodic tasks (four in ``CELERY_BEAT_SCHEDULE``, two ``add_periodic_task``
  calls in an ``on_after_configure`` handler), ``CELERY_TIMEZONE = 'Asia/Shanghai'``.
- :func:`write_plain_project`: its app in ``celery_app.py`` (a very common name), tasks in
  ``tasks.py``, and a ``desktop/`` package of its own that must never be imported by us.
- :func:`write_decimal_project`: a code schedule whose argument JSON cannot hold.
- :func:`write_failing_project`: a module that raises while it is imported.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

#: The result backend the Django project sets itself (redacted in what the helper reports),
#: unless ``PROJ_RESULT_BACKEND`` says otherwise.
DJANGO_BACKEND = "redis://:fixture-backend-pw@127.0.0.1:9/1"
DJANGO_TASKS = ("shop.tasks.cleanup", "shop.tasks.lights", "shop.tasks.ping", "shop.tasks.report")
PLAIN_TASKS = ("tasks.add", "tasks.ping")


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


def write_django_project(root: Path) -> Path:
    """``proj`` (settings, celery app) and the app ``shop`` (its tasks) under ``root``."""
    return _write(
        root,
        {
            "manage.py": """
                import os
                import sys

                if __name__ == "__main__":
                    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
                    from django.core.management import execute_from_command_line

                    execute_from_command_line(sys.argv)
            """,
            "proj/__init__.py": """
                # As Celery's guide has it: the app is loaded whenever Django starts.
                from .celery import app as celery_app

                __all__ = ("celery_app",)
            """,
            "proj/settings.py": f"""
                import os
                from datetime import timedelta
                from pathlib import Path

                from celery.schedules import crontab, solar

                BASE_DIR = Path(__file__).resolve().parent.parent
                SECRET_KEY = "fixture-only-not-a-secret"
                DEBUG = False
                ALLOWED_HOSTS = []
                INSTALLED_APPS = ["django.contrib.contenttypes", "shop"]
                DATABASES = {{
                    "default": {{
                        "ENGINE": "django.db.backends.sqlite3",
                        "NAME": BASE_DIR / "db.sqlite3",
                    }}
                }}
                USE_TZ = True
                TIME_ZONE = "UTC"

                CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:9/0")
                # Beat subscribes to a task's result when it sends one: a test that runs
                # beat points this at its own redis-server.
                CELERY_RESULT_BACKEND = os.environ.get("PROJ_RESULT_BACKEND", {DJANGO_BACKEND!r})
                CELERY_TIMEZONE = "Asia/Shanghai"
                CELERY_TASK_TRACK_STARTED = True
                CELERY_BEAT_SCHEDULE = {{
                    "cleanup every 30 s": {{
                        "task": "shop.tasks.cleanup",
                        "schedule": 30.0,
                        "args": (16, "old"),
                    }},
                    "long sync": {{
                        "task": "shop.tasks.ping",
                        "schedule": timedelta(hours=1, minutes=15, seconds=40),
                        "kwargs": {{"full": True}},
                    }},
                    "monday report": {{
                        "task": "shop.tasks.report",
                        "schedule": crontab(hour=7, minute=30, day_of_week=1),
                        "options": {{"queue": "reports", "expires": 600}},
                    }},
                    "lights at sunset": {{
                        "task": "shop.tasks.lights",
                        "schedule": solar("sunset", 31.23, 121.47),
                        "options": {{"soft_time_limit": 20}},
                    }},
                }}
            """,
            "proj/celery.py": """
                import os

                from celery import Celery
                from celery.schedules import crontab

                os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")

                app = Celery("proj")
                app.config_from_object("django.conf:settings", namespace="CELERY")
                app.autodiscover_tasks()


                @app.on_after_configure.connect
                def setup_periodic_tasks(sender, **kwargs):
                    sender.add_periodic_task(
                        45.0, sender.signature("shop.tasks.ping", args=("code",)), name="ping"
                    )
                    sender.add_periodic_task(
                        crontab(minute="*/15", hour="9-17", day_of_week="mon-fri"),
                        sender.signature("shop.tasks.report", kwargs={"kind": "office"}),
                        name="office hours report",
                    )
            """,
            "shop/__init__.py": "",
            "shop/apps.py": """
                from django.apps import AppConfig


                class ShopConfig(AppConfig):
                    name = "shop"
            """,
            "shop/tasks.py": """
                from celery import shared_task


                @shared_task
                def cleanup(count, what):
                    return f"cleaned {count} {what}"


                @shared_task
                def ping(*args, **kwargs):
                    return "pong"


                @shared_task
                def report(kind="weekly"):
                    return kind


                @shared_task
                def lights():
                    return "on"
            """,
        },
    )


def write_plain_project(root: Path) -> Path:
    """An app in ``celery_app.py``, tasks in ``tasks.py``, and a ``desktop/`` package that
    fails loudly if anything imports it (it would mean ours was shadowed)."""
    return _write(
        root,
        {
            "celery_app.py": """
                from celery import Celery

                app = Celery("plain", include=["tasks"])
                app.conf.worker_send_task_events = True
            """,
            "tasks.py": """
                from celery_app import app


                @app.task(name="tasks.add")
                def add(x, y):
                    return x + y


                @app.task(name="tasks.ping")
                def ping(*args):
                    return "pong"
            """,
            "desktop/__init__.py": """
                raise ImportError("the project's own 'desktop' package was imported")
            """,
            "desktop/cli.py": "",
        },
    )


def write_decimal_project(root: Path) -> Path:
    """``money``: one entry with a ``Decimal`` argument, one that converts."""
    return _write(
        root,
        {
            "money.py": """
                from decimal import Decimal

                from celery import Celery

                app = Celery("money")
                app.conf.beat_schedule = {
                    "charge": {
                        "task": "money.charge",
                        "schedule": 60.0,
                        "args": (Decimal("1.50"),),
                    },
                    "audit": {"task": "money.audit", "schedule": 120, "args": [1, [2, 3]]},
                }


                @app.task(name="money.charge")
                def charge(amount):
                    return str(amount)
            """,
        },
    )


def write_failing_project(root: Path) -> Path:
    """``broken``: says something on stderr, then raises from a function while importing."""
    return _write(
        root,
        {
            "broken.py": """
                import sys

                from celery import Celery

                app = Celery("broken")
                print("broken: loading settings", file=sys.stderr)


                def load_settings():
                    raise RuntimeError("boom: DATABASE_URL is not set")


                load_settings()
            """,
        },
    )
