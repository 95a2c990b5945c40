"""Help > About: the version, where the documentation is, where the logs are.

The version comes from the installed package's metadata (the bundle copies it, build.spec).
The documentation is the README: the file itself in a source checkout (README.zh-CN.md in
Chinese), else the README the package metadata carries, shown in a window of its own.
"""

from __future__ import annotations

import html
import platform
from importlib import metadata
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core import paths
from desktop.ui.i18n import active_language

DISTRIBUTION = "celery-desk"
#: The source checkout's root, where README.md is (absent in a wheel or the bundle).
SOURCE_ROOT = Path(__file__).resolve().parents[2]
#: The link that opens the README kept in the package metadata (no file to point at).
METADATA_README = "readme:metadata"


def app_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "?"


def celery_version() -> str:
    try:
        return metadata.version("celery")
    except metadata.PackageNotFoundError:
        return "?"


def readme_file(language: str, root: Path = SOURCE_ROOT) -> Path | None:
    """The README in ``language`` (English when there is none in it), in a source checkout."""
    names = ["README.zh-CN.md"] if language == "zh_CN" else []
    for name in [*names, "README.md"]:
        if (root / name).is_file():
            return root / name
    return None


def metadata_readme() -> str:
    """The README as the package metadata holds it (pyproject's ``readme``), "" if none."""
    try:
        text = metadata.metadata(DISTRIBUTION).json.get("description", "")
    except metadata.PackageNotFoundError:
        return ""
    return text if isinstance(text, str) else ""


class AboutDialog(QDialog):
    """What the app is, its version and its neighbours' versions, with the docs and logs."""

    def __init__(self, parent: QWidget | None = None, root: Path = SOURCE_ROOT) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Celery Desk"))
        readme = readme_file(active_language(), root)
        self.docs_url = QUrl.fromLocalFile(str(readme)) if readme else QUrl(METADATA_README)
        self.log_url = QUrl.fromLocalFile(str(paths.log_dir()))
        docs_name = readme.name if readme else "README"
        lines = [
            f"<h3>Celery Desk {html.escape(app_version())}</h3>",
            "<p>"
            + html.escape(self.tr("Run, monitor and schedule Celery in one window."))
            + "</p>",
            "<p>"
            + self.tr("Documentation: {0}").format(
                f'<a href="{self.docs_url.toString()}">{html.escape(docs_name)}</a>'
            )
            + "<br>"
            + self.tr("Logs: {0}").format(
                f'<a href="{self.log_url.toString()}">{html.escape(str(paths.log_dir()))}</a>'
            )
            + "</p>",
            "<p>"
            + html.escape(
                self.tr("Python {0} · PySide6 {1} · Celery {2}").format(
                    platform.python_version(), pyside_version, celery_version()
                )
            )
            + "</p>",
        ]
        self.label = QLabel("".join(lines))
        self.label.setWordWrap(True)
        self.label.setOpenExternalLinks(False)
        self.label.linkActivated.connect(self._on_label_link_activated)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.label)
        column.addWidget(buttons)
        self.setMinimumWidth(520)
        self.readme_window: QDialog | None = None

    @Slot(str)
    def _on_label_link_activated(self, link: str) -> None:
        if link == METADATA_README:
            self.show_metadata_readme()
        else:
            QDesktopServices.openUrl(QUrl(link))

    def show_metadata_readme(self) -> None:
        window = QDialog(self)
        window.setWindowTitle("README")
        window.resize(820, 640)
        browser = QTextBrowser()
        browser.setOpenExternalLinks(True)
        text = metadata_readme()
        browser.setMarkdown(text or self.tr("This installation has no README."))
        column = QVBoxLayout(window)
        column.addWidget(browser)
        self.readme_window = window
        window.show()
