"""Whether a revoke survives a worker restart, worker by worker.

Celery keeps revoked task ids in each worker's memory; only a worker started with a state
file (``--statedb``, or the ``worker_state_db`` setting) still refuses them after a restart.
The app starts its own workers with one (:func:`desktop.core.processes.spec.statedb_path`);
of workers started elsewhere it cannot know, and says so instead of promising.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from desktop.core.processes.spec import ProcessKind, ProcessSpec, node_name, statedb_path

_HOSTNAME_OPTIONS = ("-n", "--hostname")


@dataclass(frozen=True)
class RevokeSurvival:
    """Of the online workers: those that keep revokes across a restart, and the unknown."""

    kept: tuple[str, ...]
    unknown: tuple[str, ...]


def worker_hostname(spec: ProcessSpec, host: str | None = None) -> str:
    """The node name a worker of ``spec`` announces (``%h``/``%n``/``%d`` expanded)."""
    template = node_name(spec)
    args = spec.extra_args
    for index, token in enumerate(args):
        if token in _HOSTNAME_OPTIONS and index + 1 < len(args):
            template = args[index + 1]
        elif token.startswith("--hostname="):
            template = token.partition("=")[2]
    full = host if host is not None else socket.gethostname()
    short, _, domain = full.partition(".")
    return template.replace("%h", full).replace("%n", short).replace("%d", domain)


def started_with_state(
    running: Iterable[ProcessSpec], host: str | None = None
) -> Mapping[str, bool]:
    """Node name -> keeps revokes across a restart, for the workers the app runs."""
    return {
        worker_hostname(spec, host): statedb_path(spec) is not None
        for spec in running
        if spec.kind is ProcessKind.WORKER
    }


def revoke_survival(online: Iterable[str], started_here: Mapping[str, bool]) -> RevokeSurvival:
    kept = sorted(name for name in online if started_here.get(name))
    unknown = sorted(name for name in online if not started_here.get(name))
    return RevokeSurvival(tuple(kept), tuple(unknown))
