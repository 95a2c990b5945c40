"""Alert rules evaluated on the monitor's data, Qt-free (issue #14).

Rules (:mod:`.rules`) are checked against the event store, the queue snapshot, the beat's
status and the broker connection (:mod:`.inputs`, :mod:`.conditions`) by a pure step
function (:mod:`.engine`): hold time, cooldown, minimum volume, severity, mute and snooze.
What fires is recorded (:mod:`.history`) and told in few notifications (:mod:`.grouping`),
on the desktop and through chat webhooks (:mod:`.webhooks`, :mod:`.delivery`).
"""
