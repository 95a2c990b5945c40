"""Whether a revoke outlives a worker restart, as the revoke confirmation says it."""

from __future__ import annotations

from desktop.core.processes.revoke_persistence import (
    revoke_survival,
    started_with_state,
    worker_hostname,
)
from desktop.core.processes.spec import ProcessKind, ProcessSpec


def test_the_node_name_a_preset_announces() -> None:
    spec = ProcessSpec(name="Shop worker", kind=ProcessKind.WORKER)
    assert worker_hostname(spec, "vm.example.org") == "Shop-worker@vm.example.org"
    named = ProcessSpec(name="w", extra_args=["-n", "mail@%n"])
    assert worker_hostname(named, "vm.example.org") == "mail@vm"
    long_form = ProcessSpec(name="w", extra_args=["--hostname=x@%h.%d"])
    assert worker_hostname(long_form, "vm.example.org") == "x@vm.example.org.example.org"


def test_workers_started_here_keep_revokes_others_are_not_promised() -> None:
    here = [
        ProcessSpec(name="Shop worker", kind=ProcessKind.WORKER),
        ProcessSpec(name="Shop beat", kind=ProcessKind.BEAT),
    ]
    started = started_with_state(here, "vm")
    assert started == {"Shop-worker@vm": True}
    survival = revoke_survival(["Shop-worker@vm", "celery@server1"], started)
    assert survival.kept == ("Shop-worker@vm",)
    assert survival.unknown == ("celery@server1",)
    nobody = revoke_survival([], started)
    assert nobody.kept == () and nobody.unknown == ()
