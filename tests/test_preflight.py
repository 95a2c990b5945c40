"""The system check before Qt starts: missing xcb libraries found as the loader would miss them,
the install command of the distribution named, a distinct exit status, a CJK font warning."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from desktop.core import elf_deps, system_packages
from desktop.core.preflight import (
    EXIT_MISSING_LIBRARIES,
    LOADED_AT_RUN_TIME,
    check_before_qt,
    missing_xcb_libraries,
    uses_xcb,
    xcb_plugin_path,
)
from tests.support.fake_elf import AARCH64, write_elf

OS_RELEASES = {
    "debian": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
    "ubuntu": 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="Ubuntu 24.04.1 LTS"\n',
    "fedora": 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=41\n',
    "manjaro": 'NAME="Manjaro Linux"\nID="manjaro"\nID_LIKE="arch"\n',
    "alpine": 'NAME="Alpine Linux"\nID=alpine\nPRETTY_NAME="Alpine Linux v3.20"\n',
}


def os_release(tmp_path: Path, name: str) -> dict[str, str]:
    path = tmp_path / f"os-release-{name}"
    path.write_text(OS_RELEASES[name])
    return system_packages.read_os_release([tmp_path / "absent", path])


@pytest.fixture
def fake_qt(tmp_path: Path) -> Path:
    """A plugin like libqxcb.so: Qt's own library beside it (RUNPATH), system libraries below
    that, one of them (keysyms) needed only through Qt's library."""
    qt = tmp_path / "PySide6" / "Qt"
    write_elf(qt / "lib" / "libQt6XcbQpa.so.6", ["libxcb-keysyms.so.1", "libxcb.so.1", "libc.so.6"])
    return write_elf(
        qt / "plugins" / "platforms" / "libqxcb.so",
        ["libQt6XcbQpa.so.6", "libxcb-icccm.so.4", "libxcb.so.1", "libc.so.6"],
        runpath="$ORIGIN/../../lib",
    )


@pytest.fixture
def system_dir(tmp_path: Path) -> Path:
    """A library directory with libc and libxcb, and none of the xcb utility libraries."""
    lib = tmp_path / "system-lib"
    write_elf(lib / "libc.so.6")
    write_elf(lib / "libxcb.so.1", ["libc.so.6"])
    return lib


def test_missing_libraries_are_found_through_what_the_plugin_needs(
    fake_qt: Path, system_dir: Path
) -> None:
    missing = missing_xcb_libraries(fake_qt, env={}, system_dirs=[str(system_dir)])
    assert missing == ["libxcb-icccm.so.4", "libxcb-cursor.so.0", "libxcb-keysyms.so.1"]


def test_ld_library_path_and_the_runpath_are_searched(
    fake_qt: Path, system_dir: Path, tmp_path: Path
) -> None:
    extra = tmp_path / "extra-lib"
    write_elf(extra / "libxcb-icccm.so.4")
    write_elf(extra / "libxcb-cursor.so.0")
    write_elf(extra / "libxcb-keysyms.so.1")
    env = {"LD_LIBRARY_PATH": f"/nonexistent:{extra}"}
    assert missing_xcb_libraries(fake_qt, env=env, system_dirs=[str(system_dir)]) == []
    # Qt's own library is found only through the plugin's $ORIGIN-relative RUNPATH.
    (fake_qt.parents[2] / "lib" / "libQt6XcbQpa.so.6").unlink()
    missing = missing_xcb_libraries(fake_qt, env=env, system_dirs=[str(system_dir)])
    assert missing == ["libQt6XcbQpa.so.6"]


def test_a_library_built_for_another_machine_does_not_count(
    fake_qt: Path, system_dir: Path
) -> None:
    write_elf(system_dir / "libxcb-icccm.so.4", machine=AARCH64)
    (system_dir / "libxcb-cursor.so.0").write_text("not an ELF file")
    missing = missing_xcb_libraries(fake_qt, env={}, system_dirs=[str(system_dir)])
    assert "libxcb-icccm.so.4" in missing
    assert "libxcb-cursor.so.0" in missing


def test_ld_so_conf_includes_are_followed(tmp_path: Path) -> None:
    conf_d = tmp_path / "ld.so.conf.d"
    conf_d.mkdir()
    (conf_d / "b.conf").write_text("/opt/b\n")
    (conf_d / "a.conf").write_text("# multiarch\n/usr/lib/x86_64-linux-gnu\n/opt/a # local\n")
    conf = tmp_path / "ld.so.conf"
    conf.write_text(f"include {conf_d}/*.conf\n/usr/local/lib\ninclude ld.so.conf\n")
    dirs = elf_deps.ld_so_conf_dirs(conf)
    assert dirs == ["/usr/lib/x86_64-linux-gnu", "/opt/a", "/opt/b", "/usr/local/lib"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_the_real_plugin_against_a_library_dir_lacking_one_library(tmp_path: Path) -> None:
    plugin = xcb_plugin_path()
    assert plugin is not None, "PySide6 ships libqxcb.so on Linux"
    found = elf_deps.resolved_libraries(plugin, also_needed=LOADED_AT_RUN_TIME, env={})
    qt_dir = plugin.parents[2]
    system = {name: path for name, path in found.items() if path and qt_dir not in path.parents}
    assert "libc.so.6" in system
    removed = next(
        name
        for name in ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb.so.1", "libX11.so.6")
        if name in system
    )
    links = tmp_path / "links"
    links.mkdir()
    for name, path in system.items():
        if name != removed:
            (links / name).symlink_to(path)
    already_missing = {name for name, path in found.items() if path is None}
    missing = missing_xcb_libraries(plugin, env={}, system_dirs=[str(links)])
    assert set(missing) == already_missing | {removed}


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("debian", "sudo apt-get install libxcb-icccm4 libxcb-cursor0 libxcb-keysyms1"),
        ("ubuntu", "sudo apt-get install libxcb-icccm4 libxcb-cursor0 libxcb-keysyms1"),
        ("fedora", "sudo dnf install xcb-util-wm xcb-util-cursor xcb-util-keysyms"),
        ("manjaro", "sudo pacman -S --needed xcb-util-wm xcb-util-cursor xcb-util-keysyms"),
    ],
)
def test_the_exit_names_the_install_command_of_the_distribution(
    name: str, command: str, fake_qt: Path, system_dir: Path, tmp_path: Path
) -> None:
    out = io.StringIO()
    status = check_before_qt(
        env={"DISPLAY": ":0", "PATH": str(tmp_path / "no-bin")},
        platform="linux",
        plugin=fake_qt,
        system_dirs=[str(system_dir)],
        os_release=os_release(tmp_path, name),
        out=out,
    )
    assert status == EXIT_MISSING_LIBRARIES == 78
    assert f"\n    {command}\n" in out.getvalue()
    assert "libxcb-icccm.so.4, libxcb-cursor.so.0, libxcb-keysyms.so.1" in out.getvalue()


def test_an_unknown_distribution_gets_the_library_names(
    fake_qt: Path, system_dir: Path, tmp_path: Path
) -> None:
    out = io.StringIO()
    status = check_before_qt(
        env={"PATH": str(tmp_path / "no-bin")},
        platform="linux",
        plugin=fake_qt,
        system_dirs=[str(system_dir)],
        os_release=os_release(tmp_path, "alpine"),
        out=out,
    )
    assert status == EXIT_MISSING_LIBRARIES
    assert "sudo" not in out.getvalue()
    assert "Install the packages of Alpine Linux v3.20 that provide: libxcb-icccm.so.4" in (
        out.getvalue()
    )


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb;offscreen"}, "linux", True),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "minimal"}, "linux", False),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),
        ({"XDG_SESSION_TYPE": "wayland"}, "linux", False),
        ({"XDG_SESSION_TYPE": "x11"}, "linux", True),
        ({}, "darwin", False),
    ],
)
def test_only_an_xcb_start_is_checked(env: dict[str, str], platform: str, expected: bool) -> None:
    assert uses_xcb(env, platform) is expected


def test_offscreen_and_macos_skip_the_library_check(
    fake_qt: Path, system_dir: Path, tmp_path: Path
) -> None:
    release = os_release(tmp_path, "debian")
    for asked, platform in (({"QT_QPA_PLATFORM": "offscreen"}, "linux"), ({}, "darwin")):
        out = io.StringIO()
        status = check_before_qt(
            env={**asked, "PATH": str(tmp_path / "no-bin")},
            platform=platform,
            plugin=fake_qt,
            system_dirs=[str(system_dir)],
            os_release=release,
            out=out,
        )
        assert status is None
        assert out.getvalue() == ""


def _fake_fc_list(bin_dir: Path, families: str) -> None:
    bin_dir.mkdir()
    script = bin_dir / "fc-list"
    script.write_text(f"#!/bin/sh\nprintf '%s' '{families}'\n")
    script.chmod(0o755)


@pytest.mark.parametrize(
    ("name", "package_command"),
    [
        ("debian", "sudo apt-get install fonts-noto-cjk"),
        ("fedora", "sudo dnf install google-noto-sans-cjk-fonts"),
        ("manjaro", "sudo pacman -S --needed noto-fonts-cjk"),
    ],
)
def test_no_cjk_font_warns_and_goes_on(
    name: str, package_command: str, fake_qt: Path, tmp_path: Path
) -> None:
    _fake_fc_list(tmp_path / "bin", "")
    out = io.StringIO()
    status = check_before_qt(
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": str(tmp_path / "bin")},
        platform="linux",
        plugin=fake_qt,
        os_release=os_release(tmp_path, name),
        out=out,
    )
    assert status is None
    assert out.getvalue().startswith("warning: no font for Chinese text")
    assert package_command in out.getvalue()


def test_a_cjk_font_means_no_warning(fake_qt: Path, tmp_path: Path) -> None:
    _fake_fc_list(tmp_path / "bin", "Noto Sans CJK SC\n")
    out = io.StringIO()
    status = check_before_qt(
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": str(tmp_path / "bin")},
        platform="linux",
        plugin=fake_qt,
        os_release=os_release(tmp_path, "debian"),
        out=out,
    )
    assert status is None
    assert out.getvalue() == ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_the_app_exits_before_qt_starts_when_libraries_are_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.ui.app import run_app

    empty = tmp_path / "empty-lib"
    empty.mkdir()
    monkeypatch.setattr(elf_deps, "system_library_dirs", lambda: [str(empty)])
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.delenv("LD_LIBRARY_PATH", raising=False)
    assert run_app(["--page", "tasks"]) == EXIT_MISSING_LIBRARIES
    message = capsys.readouterr().err
    assert "cannot open its window" in message
    assert "libc.so.6" in message


def test_the_app_module_loads_no_qt_before_the_preflight() -> None:
    """QtGui itself needs libGL, fontconfig...: importing it before the check would crash
    where the check should have spoken. The app's entry module must load no Qt at import."""
    import subprocess

    code = (
        "import sys, desktop.cli, desktop.ui.app; "
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
