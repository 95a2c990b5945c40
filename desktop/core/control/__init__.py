"""Remote control of tasks and workers: actions, original arguments, read-only gate, audit.

Modules: ``actions`` (broadcasts and sends, ``control_app``), ``results`` (typed replies),
``validation`` (checks of typed-in arguments and options), ``originals`` (full arguments
for a retry), ``guard`` (read-only enforcement, destructive flags) and ``audit`` (the local
audit log). Nothing is imported here, so ``desktop.core.queues`` and this package can use
each other's modules without an import cycle.
"""
