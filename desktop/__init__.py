"""Celery Desk: a desktop app that runs, monitors and schedules Celery."""
