"""A user's own Celery project: where it lives, how to run code in it, what it declares."""
