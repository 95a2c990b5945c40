"""``celery_desk_beat`` runs inside users' projects: importing it must do nothing there.

Importing any of its modules builds no Celery app and reads no environment variable (a
user's beat reads its settings when it starts, not when our module is imported), and the
file scheduler's modules import each other without a cycle.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import grimp

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "celery_app" / "celery_desk_beat"

# Run in a fresh interpreter: Celery, kombu and redis are imported first (what they read is
# their business), then every module of the package with os.environ watched.
_PROBE = """
import importlib, json, os, pkgutil, sys
import celery, celery._state, celery.beat, celery.schedules, kombu, redis

class Watched(dict):
    reads = []
    def __getitem__(self, key):
        self.reads.append(key)
        return super().__getitem__(key)
    def get(self, key, default=None):
        self.reads.append(key)
        return super().get(key, default)
    def __contains__(self, key):
        self.reads.append(key)
        return super().__contains__(key)

apps_before = len(celery._state._apps)
os.environ = Watched(os.environ)
import celery_desk_beat
names = sorted(m.name for m in pkgutil.iter_modules(celery_desk_beat.__path__))
for name in names:
    importlib.import_module(f"celery_desk_beat.{name}")
print(json.dumps({"modules": names, "env": os.environ.reads,
                  "apps": len(celery._state._apps) - apps_before,
                  "current_app_set": celery._state.default_app is not None}))
"""


def test_importing_any_module_builds_no_app_and_reads_no_environment() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PYTHONPATH": f"{REPO / 'celery_app'}", "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"scheduler", "beat_status", "schedule_file"} <= set(found["modules"])
    assert found["env"] == [], f"read at import: {found['env']}"
    assert found["apps"] == 0 and not found["current_app_set"]


def test_the_status_tracker_does_not_import_the_scheduler_back() -> None:
    graph = grimp.build_graph("celery_desk_beat")
    owned = {f"celery_desk_beat.{path.stem}" for path in PACKAGE.glob("*.py")} - {
        "celery_desk_beat.__init__",
        "celery_desk_beat.project_info",  # the lead's modules: not checked here
        "celery_desk_beat.code_schedules",
    }
    assert "celery_desk_beat.beat_status" in owned
    cycles = [
        (module, imported)
        for module in sorted(owned & set(graph.modules))
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if graph.chain_exists(importer=imported, imported=module)
    ]
    assert cycles == []
