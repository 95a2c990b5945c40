"""The distribution the app runs on, and which of its packages provides a missing library.

Only what the Qt xcb platform plugin and the fonts need: a soname -> package table for the
families the README's quick start covers (Debian/Ubuntu, Fedora, Arch), read from
``/etc/os-release``.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Mapping
from pathlib import Path

OS_RELEASE_FILES = (Path("/etc/os-release"), Path("/usr/lib/os-release"))
DEBIAN, FEDORA, ARCH = "debian", "fedora", "arch"
# ID or ID_LIKE values -> the family whose package names apply.
FAMILIES = {
    "debian": DEBIAN,
    "ubuntu": DEBIAN,
    "linuxmint": DEBIAN,
    "pop": DEBIAN,
    "fedora": FEDORA,
    "rhel": FEDORA,
    "centos": FEDORA,
    "rocky": FEDORA,
    "almalinux": FEDORA,
    "arch": ARCH,
    "manjaro": ARCH,
    "endeavouros": ARCH,
}
INSTALL_COMMANDS = {
    DEBIAN: "sudo apt-get install",
    FEDORA: "sudo dnf install",
    ARCH: "sudo pacman -S --needed",
}

# soname: (Debian/Ubuntu, Fedora, Arch)
LIBRARY_PACKAGES: dict[str, tuple[str, str, str]] = {
    "libxcb.so.1": ("libxcb1", "libxcb", "libxcb"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb", "libxcb"),
    "libxcb-render-util.so.0": (
        "libxcb-render-util0",
        "xcb-util-renderutil",
        "xcb-util-renderutil",
    ),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb", "libxcb"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util", "xcb-util"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11", "libxkbcommon-x11"),
    "libX11.so.6": ("libx11-6", "libX11", "libx11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb", "libx11"),
    "libGL.so.1": ("libgl1", "libglvnd-glx", "libglvnd"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx", "libglvnd"),
    "libGLdispatch.so.0": ("libglvnd0", "libglvnd", "libglvnd"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl", "libglvnd"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl", "libglvnd"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype", "freetype2"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs", "dbus"),
}
CJK_FONT_PACKAGES = ("fonts-noto-cjk", "google-noto-sans-cjk-fonts", "noto-fonts-cjk")
_COLUMN = {DEBIAN: 0, FEDORA: 1, ARCH: 2}


def read_os_release(paths: Iterable[Path] = OS_RELEASE_FILES) -> dict[str, str]:
    """The first readable os-release file as a dict (values unquoted); empty when none is."""
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        fields: dict[str, str] = {}
        for line in text.splitlines():
            key, sep, value = line.partition("=")
            if sep and key.strip() and not key.lstrip().startswith("#"):
                parts = shlex.split(value, comments=False) if value.strip() else [""]
                fields[key.strip()] = parts[0] if parts else ""
        return fields
    return {}


def family(os_release: Mapping[str, str]) -> str | None:
    """debian, fedora or arch for the distribution or the one it is like; None otherwise."""
    names = [os_release.get("ID", ""), *os_release.get("ID_LIKE", "").split()]
    for name in names:
        if name.lower() in FAMILIES:
            return FAMILIES[name.lower()]
    return None


def packages_for(sonames: Iterable[str], distro: str | None) -> tuple[list[str], list[str]]:
    """The distribution's packages providing ``sonames``, and the sonames it has no name for."""
    packages: list[str] = []
    unknown: list[str] = []
    for soname in sonames:
        row = LIBRARY_PACKAGES.get(soname)
        if row is None or distro is None:
            unknown.append(soname)
        elif row[_COLUMN[distro]] not in packages:
            packages.append(row[_COLUMN[distro]])
    return packages, unknown


def install_command(packages: Iterable[str], distro: str | None) -> str | None:
    names = list(packages)
    if distro is None or not names:
        return None
    return f"{INSTALL_COMMANDS[distro]} {' '.join(names)}"


def cjk_font_package(distro: str | None) -> str | None:
    return None if distro is None else CJK_FONT_PACKAGES[_COLUMN[distro]]
