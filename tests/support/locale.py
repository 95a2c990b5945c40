"""Numbers in a known locale: the app formats them as the default QLocale does."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QLocale


@contextmanager
def default_locale(name: str) -> Iterator[QLocale]:
    """Make ``name`` (``en_US``, ``zh_CN``, ``de_DE``) the default QLocale for a while."""
    before = QLocale()
    locale = QLocale(name)
    QLocale.setDefault(locale)
    try:
        yield locale
    finally:
        QLocale.setDefault(before)
