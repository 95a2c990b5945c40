"""The live monitor: the event pump (:class:`~desktop.ui.monitor.hub.MonitorHub`) and the
views built on it (tasks, task detail, workers, dashboard)."""
