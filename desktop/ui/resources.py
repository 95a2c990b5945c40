"""Files shipped with the app: icons, the ``.desktop`` file, translations.

They live in the top-level ``resources/``, which ``desktop/resources`` links to, and are package
data of ``desktop`` (pyproject.toml). They are found through ``importlib.resources``, so the
same lookup works in a source checkout, an installed wheel and a PyInstaller bundle (which
ships them at ``desktop/resources``).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from PySide6.QtGui import QIcon, QPixmap


def resource(*parts: str) -> Traversable:
    """A file or folder under resources/, e.g. ``resource("icons", "tasks.svg")``."""
    return files("desktop").joinpath("resources", *parts)


def translations_dir() -> Traversable:
    """Where compiled translations (``*.qm``) are shipped."""
    return resource("translations")


@cache
def icon(name: str) -> QIcon:
    """An icon from resources/icons by stem; an empty icon when missing (never an error)."""
    entry = resource("icons", f"{name}.svg")
    if not entry.is_file():
        return QIcon()
    if isinstance(entry, Path):
        return QIcon(str(entry))  # a real file: Qt renders the SVG at any size from it
    # Inside an archive (a zipped install) there is no path Qt could read.
    pixmap = QPixmap()
    pixmap.loadFromData(entry.read_bytes(), "SVG")
    return QIcon(pixmap)
