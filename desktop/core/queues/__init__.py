"""Redis queue inspection: depths per priority level, in-flight messages, peek, purge.

Modules: ``broker`` (the live kombu channel's key layout), ``inspect`` (QueueInspector and
its snapshots), ``discovery`` (queue names and in-flight routing), ``ages`` (the oldest
message's age), ``messages`` (peek, purge, delete, find), ``envelope`` (message decoding),
``results`` (typed outcomes).
"""
