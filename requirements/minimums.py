"""Print ``name==version`` for the lower bound pyproject.toml declares for each package named.

``make lock`` constrains requirements/min.txt with these, so ``make test-min`` tests the
declared minimums themselves: a bound raised or lowered in pyproject.toml is what gets tested.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
# "celery[redis,solar]>=5.5" -> ("celery", "5.5"); extras and other clauses are irrelevant here.
LOWER_BOUND = re.compile(r"^\s*([A-Za-z0-9._-]+)\s*(?:\[[^\]]*\])?\s*[^;]*?>=\s*([^,;\s]+)")


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lower_bounds(dependencies: list[str]) -> dict[str, str]:
    bounds: dict[str, str] = {}
    for requirement in dependencies:
        match = LOWER_BOUND.match(requirement)
        if match:
            bounds[normalized(match.group(1))] = match.group(2)
    return bounds


def main(names: list[str]) -> int:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    bounds = lower_bounds(project["dependencies"])
    missing = [name for name in names if normalized(name) not in bounds]
    if missing:
        print(f"no '>=' lower bound in pyproject.toml for: {', '.join(missing)}", file=sys.stderr)
        return 1
    for name in names:
        print(f"{normalized(name)}=={bounds[normalized(name)]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
