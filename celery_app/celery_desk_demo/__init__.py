"""The demo Celery app shipped with Celery Desk: ``celery -A celery_desk_demo worker -l info``.

Importing the package builds nothing: the app lives in :mod:`celery_desk_demo.celery` and the
tasks in :mod:`celery_desk_demo.tasks`, both loaded by Celery when it starts the app.
"""
