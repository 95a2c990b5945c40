"""What the app needs to know to run code in a user's Celery project.

A project is a directory, an interpreter (or a virtualenv) and the ``-A`` module, plus the
environment it expects (``DJANGO_SETTINGS_MODULE``...). Everything that reads the project's
code (its code-defined schedules, registered tasks, time zone) runs in the project's own
interpreter and directory, never in the app's, so the app never needs the project's
dependencies and the project never needs the app's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The ``-A`` module of the demo app that ships with Celery Desk.
DEMO_APP_MODULE = "celery_desk_demo"


@dataclass(frozen=True)
class ProjectConfig:
    """A user's Celery project. ``python`` empty means the app's own interpreter (the demo).

    ``schedule_path`` empty means the profile's default schedule file in the app's data dir.
    ``env`` holds no secrets (it is saved in plain text; validation refuses passwords).
    """

    app_module: str
    workdir: str = ""
    python: str = ""
    env: dict[str, str] = field(default_factory=dict)
    schedule_path: str = ""

    @property
    def is_demo(self) -> bool:
        """The bundled demo app, run by Celery Desk's own interpreter."""
        return self.app_module == DEMO_APP_MODULE and not self.python and not self.workdir

    def to_dict(self) -> dict[str, Any]:
        return {
            "app_module": self.app_module,
            "workdir": self.workdir,
            "python": self.python,
            "env": dict(self.env),
            "schedule_path": self.schedule_path,
        }

    @classmethod
    def from_dict(cls, data: object) -> ProjectConfig | None:
        """The project saved as ``data``; None when it is not one (a hand edit gone wrong)."""
        if not isinstance(data, dict):
            return None
        app_module = data.get("app_module")
        if not isinstance(app_module, str) or not app_module.strip():
            return None
        env = data.get("env")
        clean_env = (
            {str(k): v for k, v in env.items() if isinstance(v, str)}
            if isinstance(env, dict)
            else {}
        )

        def text(key: str) -> str:
            value = data.get(key)
            return value if isinstance(value, str) else ""

        return cls(
            app_module=app_module.strip(),
            workdir=text("workdir"),
            python=text("python"),
            env=clean_env,
            schedule_path=text("schedule_path"),
        )


DEMO_PROJECT = ProjectConfig(app_module=DEMO_APP_MODULE)
