"""The bundle's library pruning and symbol reading (bundling/elf.py), on PySide6's Qt."""

from __future__ import annotations

import sys
from pathlib import Path

import PySide6
import pytest

from bundling.elf import reachable_libraries, read_symbol

PACKAGE = Path(PySide6.__file__).parent
QT_LIB = PACKAGE / "Qt" / "lib"
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="ELF is Linux's format")


def test_a_root_that_is_not_elf_needs_nothing(tmp_path: Path) -> None:
    script = tmp_path / "tool"
    script.write_text("#!/bin/sh\n")
    libraries = {path.name: path for path in QT_LIB.glob("lib*.so.*")}
    assert reachable_libraries([script], libraries) == set()


def test_reachable_libraries_follow_needed_transitively() -> None:
    libraries = {path.name: path for path in QT_LIB.glob("lib*.so.*")}
    widgets_module = next(PACKAGE.glob("QtWidgets.*.so"))
    reached = reachable_libraries([widgets_module], libraries)
    # QtWidgets -> QtGui -> QtDBus, and QtCore -> ICU: none of those is named by the module.
    assert {"libQt6Widgets.so.6", "libQt6Gui.so.6", "libQt6DBus.so.6"} <= reached
    assert any(name.startswith("libicudata.so.") for name in reached)
    # Only plugins need these, and no plugin is a root here.
    assert "libQt6Network.so.6" not in reached
    assert "libQt6XcbQpa.so.6" not in reached


def test_read_symbol_refuses_a_symbol_the_library_lacks() -> None:
    with pytest.raises(ValueError, match="exports no symbol"):
        read_symbol(QT_LIB / "libQt6Core.so.6", "no_such_symbol_anywhere")
