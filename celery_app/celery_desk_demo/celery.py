"""The demo app itself, found by ``celery -A celery_desk_demo`` (Celery looks for a ``celery``
submodule of a package that has no ``app`` attribute), and made Celery's current app."""

from __future__ import annotations

from celery_desk_demo.factory import create_app

app = create_app(set_as_current=True)
celery = app

__all__ = ["app", "celery"]
