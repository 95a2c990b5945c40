"""``python -m desktop``: the same entry point as the ``celery-desk`` console script."""

from desktop.cli import main

raise SystemExit(main())
