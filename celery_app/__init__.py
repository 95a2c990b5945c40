"""The demo Celery app shipped with Celery Desk: ``celery -A celery_app worker -l info``."""

from __future__ import annotations

from celery_app import tasks  # registers the demo tasks on ``app``
from celery_app.app import app, create_app

celery = app

__all__ = ["app", "celery", "create_app", "tasks"]
