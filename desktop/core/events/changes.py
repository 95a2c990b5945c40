"""Merging ChangeSets, for views that are told about several store batches at once."""

from __future__ import annotations

from desktop.core.events.store import ChangeSet


def merge_changes(first: ChangeSet, second: ChangeSet) -> ChangeSet:
    """One ChangeSet saying what ``first`` then ``second`` changed, for views that saw neither.

    A task inserted and then removed disappears; one removed and then created again (a late
    event after its eviction) stays in both lists, so a view drops the old row first.
    """
    inserted = dict.fromkeys(first.inserted)
    updated = dict.fromkeys(first.updated)
    removed = dict.fromkeys(first.removed)
    for uuid in second.removed:
        if uuid in inserted:
            del inserted[uuid]
        else:
            updated.pop(uuid, None)
            removed[uuid] = None
    inserted.update(dict.fromkeys(second.inserted))
    updated.update((uuid, None) for uuid in second.updated if uuid not in inserted)
    changed = dict.fromkeys(first.workers_changed)
    gone = dict.fromkeys(first.workers_removed)
    for hostname in second.workers_removed:
        changed.pop(hostname, None)
        gone[hostname] = None
    changed.update(dict.fromkeys(second.workers_changed))
    return ChangeSet(
        inserted=list(inserted),
        updated=list(updated),
        removed=list(removed),
        workers_changed=list(changed),
        workers_removed=list(gone),
        events=first.events + second.events,
    )
