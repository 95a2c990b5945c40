"""Checks made before Qt starts: the system libraries of the xcb platform plugin, a CJK font.

Without one of the libraries ``libqxcb.so`` links against, Qt aborts with a message that
names ``xcb-cursor0`` whatever is actually missing (docs/facts.md: the xcb platform plugin).
This reads the plugin's dependencies itself and, when any is missing, says which ones and
the exact command that installs them on this distribution, then the app exits with
``EXIT_MISSING_LIBRARIES``. A missing CJK font only warns: the app works, Chinese text shows
as boxes.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from desktop.core import system_packages
from desktop.core.elf_deps import missing_libraries

#: The app's exit status when the system lacks libraries Qt needs (sysexits' EX_CONFIG).
EXIT_MISSING_LIBRARIES = 78
#: Loaded by Qt at run time, so not always among the plugin's DT_NEEDED entries.
LOADED_AT_RUN_TIME = ("libxcb-cursor.so.0",)
XCB_PLUGIN = Path("Qt", "plugins", "platforms", "libqxcb.so")


def uses_xcb(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will pick its xcb plugin: Linux, and neither another plugin nor Wayland asked."""
    if not platform.startswith("linux"):
        return False
    requested = env.get("QT_QPA_PLATFORM", "").strip()
    if requested:
        # "xcb", "xcb:option", or a ";" list tried in order: the first one is what matters.
        return requested.split(";")[0].split(":")[0].strip() == "xcb"
    # Qt 6 prefers Wayland in a Wayland session and falls back to xcb only if that fails.
    return env.get("XDG_SESSION_TYPE", "").lower() != "wayland"


def xcb_plugin_path() -> Path | None:
    """libqxcb.so of the PySide6 this process would import, found without importing Qt."""
    bundle = getattr(sys, "_MEIPASS", None)
    roots = [Path(bundle) / "PySide6"] if bundle else []
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.origin:
        roots.append(Path(spec.origin).parent)
    return next((root / XCB_PLUGIN for root in roots if (root / XCB_PLUGIN).is_file()), None)


def missing_xcb_libraries(
    plugin: Path,
    env: Mapping[str, str] | None = None,
    system_dirs: Sequence[str] | None = None,
) -> list[str]:
    return missing_libraries(
        plugin, also_needed=LOADED_AT_RUN_TIME, env=env, system_dirs=system_dirs
    )


def missing_libraries_message(missing: Sequence[str], os_release: Mapping[str, str]) -> str:
    distro = system_packages.family(os_release)
    packages, unknown = system_packages.packages_for(missing, distro)
    lines = [
        "Celery Desk cannot open its window: the Qt xcb platform plugin needs system "
        f"libraries this machine lacks: {', '.join(missing)}."
    ]
    command = system_packages.install_command(packages, distro)
    if command:
        lines.append(f"Install them with:\n    {command}")
    if unknown:
        where = os_release.get("PRETTY_NAME") or "this system"
        lines.append(f"Install the packages of {where} that provide: {', '.join(unknown)}.")
    lines.append(
        "(Without a window, e.g. for --screenshot or --smoke-test, QT_QPA_PLATFORM=offscreen "
        "needs none of them.)"
    )
    return "\n".join(lines)


def has_cjk_font(env: Mapping[str, str] | None = None) -> bool | None:
    """Whether fontconfig knows a font for Chinese; None when there is no fc-list to ask."""
    fc_list = shutil.which("fc-list", path=None if env is None else env.get("PATH"))
    if fc_list is None:
        return None
    try:
        result = subprocess.run(
            [fc_list, ":lang=zh", "family"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
            env=None if env is None else dict(env),
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return bool(result.stdout.strip()) if result.returncode == 0 else None


def cjk_font_warning(os_release: Mapping[str, str]) -> str:
    distro = system_packages.family(os_release)
    package = system_packages.cjk_font_package(distro)
    command = None if package is None else system_packages.install_command([package], distro)
    how = f"install one: {command}" if command else "install a CJK font such as Noto Sans CJK"
    return f"warning: no font for Chinese text is installed, so it shows as boxes; {how}"


def check_before_qt(
    *,
    env: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    plugin: Path | None = None,
    system_dirs: Sequence[str] | None = None,
    os_release: Mapping[str, str] | None = None,
    out: TextIO | None = None,
) -> int | None:
    """Run the checks; the exit status to end with when Qt cannot start, else None.

    Every argument defaults to this machine; tests point them at prepared files instead.
    """
    environ = os.environ if env is None else env
    stream = sys.stderr if out is None else out
    if not platform.startswith("linux"):
        return None  # macOS ships what Qt needs, fonts included
    release = system_packages.read_os_release() if os_release is None else os_release
    if uses_xcb(environ, platform):
        found = plugin if plugin is not None else xcb_plugin_path()
        missing = [] if found is None else missing_xcb_libraries(found, environ, system_dirs)
        if missing:
            # Printed, not logged: logging is configured later, and this is for the terminal.
            print(missing_libraries_message(missing, release), file=stream)
            return EXIT_MISSING_LIBRARIES
    if has_cjk_font(environ) is False:
        print(cjk_font_warning(release), file=stream)
    return None
