"""No import cycles among the project's modules.

A cycle makes import order matter (a half-initialised module, an ImportError that depends on
which module was imported first) and makes two modules one design unit in disguise. The check
is over grimp's graph of every import statement, including those under ``if TYPE_CHECKING:``
and those inside functions: hiding an import does not remove the dependency.
"""

from __future__ import annotations

import textwrap
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import pairwise
from pathlib import Path

import grimp
import pytest

PACKAGES = ("desktop", "celery_desk_beat", "celery_desk_demo")

#: Cycles known and owned elsewhere, each a set of modules. Empty: none today.
KNOWN_CYCLES: frozenset[frozenset[str]] = frozenset()


def build_graph(*packages: str) -> grimp.ImportGraph:
    # No cache_dir: a test must not write a cache into the working tree.
    return grimp.build_graph(*packages, exclude_type_checking_imports=False, cache_dir=None)


def cyclic_groups(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (or a module importing
    itself), each sorted, found with Tarjan's algorithm (iterative: the graph is deep)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, _targets(graph, root))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, _targets(graph, target)))
                elif target in on_stack:
                    low[module] = min(low[module], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                group: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1 or module in graph.find_modules_directly_imported_by(module):
                    groups.append(sorted(group))
    return sorted(groups)


def _targets(graph: grimp.ImportGraph, module: str) -> Iterator[str]:
    return iter(sorted(graph.find_modules_directly_imported_by(module)))


def shortest_cycle(graph: grimp.ImportGraph, group: Iterable[str]) -> list[str]:
    """One shortest cycle through the group's first module: ``[a, b, ..., a]``."""
    members = set(group)
    start = min(members)
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        module = queue.popleft()
        for target in sorted(graph.find_modules_directly_imported_by(module) & members):
            if target == start:
                path = [module]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [start, *reversed(path[:-1]), start]
            if target not in came_from:
                came_from[target] = module
                queue.append(target)
    raise AssertionError(f"{start} is in no cycle of {sorted(members)}")


def describe_cycle(graph: grimp.ImportGraph, cycle: list[str]) -> str:
    """``a -> b -> a`` with where each import is, e.g. ``a:12 import b``."""
    lines = [" -> ".join(cycle)]
    for importer, imported in pairwise(cycle):
        for detail in graph.get_import_details(importer=importer, imported=imported):
            lines.append(
                f"    {importer}:{detail['line_number']}  {detail['line_contents'].strip()}"
            )
    return "\n".join(lines)


def cycle_report(graph: grimp.ImportGraph, groups: list[list[str]]) -> str:
    """Each group's shortest cycle, and the whole group when it is larger than that cycle."""
    parts = []
    for group in groups:
        cycle = shortest_cycle(graph, group)
        text = describe_cycle(graph, cycle)
        if len(group) > len(set(cycle)):
            text += "\n    (one cycle among " + ", ".join(group) + ")"
        parts.append(text)
    return "\n\n".join(parts)


# -- the project --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project_graph() -> grimp.ImportGraph:
    return build_graph(*PACKAGES)


def test_the_project_has_no_import_cycles(project_graph: grimp.ImportGraph) -> None:
    groups = [g for g in cyclic_groups(project_graph) if frozenset(g) not in KNOWN_CYCLES]
    assert not groups, "import cycles (break them by design):\n\n" + cycle_report(
        project_graph, groups
    )


def test_each_known_cycle_is_still_there(project_graph: grimp.ImportGraph) -> None:
    # An exception outliving its cycle would let that cycle come back unnoticed.
    current = {frozenset(group) for group in cyclic_groups(project_graph)}
    gone = [sorted(known) for known in KNOWN_CYCLES if known not in current]
    assert not gone, f"no longer a cycle, remove from KNOWN_CYCLES: {gone}"


# -- the check itself ---------------------------------------------------------------------------


@pytest.fixture
def cyclic_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A package with a cycle through a TYPE_CHECKING import and one through a function."""
    root = tmp_path / "cyclepkg"
    root.mkdir()
    files = {
        "__init__.py": "",
        "a.py": "from cyclepkg import b\n",
        "b.py": """
            from typing import TYPE_CHECKING

            if TYPE_CHECKING:
                from cyclepkg.a import Thing
        """,
        "c.py": """
            def later():
                from cyclepkg import d
        """,
        "d.py": "import cyclepkg.e\n",
        "e.py": "from cyclepkg import c\n",
        "f.py": "from cyclepkg import a\n",
    }
    for name, text in files.items():
        (root / name).write_text(textwrap.dedent(text))
    monkeypatch.syspath_prepend(str(tmp_path))
    return "cyclepkg"


def test_the_check_finds_and_names_hidden_cycles(cyclic_package: str) -> None:
    graph = build_graph(cyclic_package)
    groups = cyclic_groups(graph)
    assert groups == [
        ["cyclepkg.a", "cyclepkg.b"],
        ["cyclepkg.c", "cyclepkg.d", "cyclepkg.e"],
    ]
    report = cycle_report(graph, groups)
    assert "cyclepkg.a -> cyclepkg.b -> cyclepkg.a" in report
    assert "cyclepkg.c -> cyclepkg.d -> cyclepkg.e -> cyclepkg.c" in report
    assert "cyclepkg.b:5  from cyclepkg.a import Thing" in report
    assert "cyclepkg.f" not in report  # imports into a cycle, is not part of one
