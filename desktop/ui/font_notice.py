"""Says once, at start, that Chinese needs a CJK font when none is installed.

Without one, Qt draws every Chinese character as an empty box. The preflight prints the same
advice on the terminal (desktop/core/preflight.py); a user who started the app from a
desktop launcher sees this strip above the pages instead, with the package to install.

Its texts are English in every language, on purpose: the strip shows only when no font can
draw Chinese, so a Chinese text there would be a row of boxes around the command.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QToolBar

from desktop.core import system_packages
from desktop.core.preflight import has_cjk_font


def cjk_font_advice(*languages: str, has_font: bool | None = None) -> str | None:
    """The notice when one of ``languages`` (the UI's, the system's) is Chinese; None when
    there is nothing to say (no Chinese, a font is installed, or fontconfig cannot be asked,
    as on macOS, which has fonts)."""
    if not any(language.startswith("zh") for language in languages):
        return None
    found = has_cjk_font() if has_font is None else has_font
    if found is not False:
        return None
    distro = system_packages.family(system_packages.read_os_release())
    package = system_packages.cjk_font_package(distro)
    command = None if package is None else system_packages.install_command([package], distro)
    how = (
        f"install one with: {command}" if command else "install a CJK font such as Noto Sans CJK SC"
    )
    return f"No font for Chinese text is installed, so Chinese shows as empty boxes; {how}"


def show_font_notice(window: QMainWindow, text: str) -> QToolBar:
    """A strip above the pages that stays until dismissed; it blocks nothing."""
    bar = QToolBar("Font notice", window)
    bar.setObjectName("font_notice")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.toggleViewAction().setVisible(False)  # not in the toolbar context menu
    label = QLabel(text)
    # One line across the window: a toolbar gives a wrapping label only its narrow size
    # hint, which stacked the sentence five lines high in a corner.
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    label.setToolTip(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    bar.addWidget(label)
    bar.addAction("Dismiss", bar.hide)
    bar.setStyleSheet("QToolBar#font_notice { background: #fff4ce; }")
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    bar.show()  # a child added to a window already shown stays hidden until told
    return bar
