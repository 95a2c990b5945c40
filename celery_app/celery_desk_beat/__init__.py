"""celery-desk-beat: Celery Desk's file scheduler and project helper, run in a user's project.

Importing the package (or the scheduler) builds no Celery app and reads no environment.
"""

__version__ = "0.1.0"
