"""The built wheel is complete: installed on its own, the app finds its icons and data files.

The wheel is built from a copy of the sources and installed with ``--no-deps`` into a fresh
virtualenv, with no editable install anywhere on its path. Its dependencies come from this
virtualenv's site-packages through a ``.pth`` line; ``.pth`` files inside a directory added
that way are not processed, so the editable finder of the dev install stays inactive.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "desktop", "celery_app", "resources")

# Builds the real main window offscreen and reports what it shows and where it came from.
PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
import desktop
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.resources import resource
ctx = AppContext.create()
window = MainWindow(ctx)
icons = [window.windowIcon()] + [window.nav.item(i).icon() for i in range(window.nav.count())]
print(json.dumps({
    "desktop": desktop.__file__,
    "icons": len(icons),
    "null_icons": sum(icon.isNull() or icon.pixmap(32, 32).isNull() for icon in icons),
    "desktop_entry": resource("celery-desk.desktop").is_file(),
}))
ctx.supervisor.kill_all_now()
ctx.runner.shutdown()
"""


def _run(
    *command: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, f"{command[:4]} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _build_wheel(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in SOURCES:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, symlinks=True, ignore=ignore)
        else:
            shutil.copy2(origin, source / name)
    wheels = tmp_path / "wheels"
    pip = (sys.executable, "-m", "pip")
    _run(
        *pip,
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        str(wheels),
        str(source),
    )
    (wheel,) = wheels.glob("celery_desk-*.whl")
    return wheel


@pytest.mark.slow
def test_wheel_installed_alone_shows_the_window_with_its_icons(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    pip = (sys.executable, "-m", "pip", "--python", str(python))
    _run(*pip, "install", "--quiet", "--no-deps", "--no-index", str(wheel))
    purelib = _run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    dependencies = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib.stdout.strip(), "dev_dependencies.pth").write_text("\n".join(dependencies) + "\n")

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    # -P and a working directory outside the checkout: nothing but the wheel provides desktop.
    result = _run(str(python), "-P", "-c", PROBE, cwd=tmp_path, env=env)
    report = json.loads(result.stdout.strip().splitlines()[-1])

    assert Path(report["desktop"]).is_relative_to(env_dir), report
    assert report["icons"] >= 7, report  # the window's own and one per page
    assert report["null_icons"] == 0, report
    assert report["desktop_entry"], report
