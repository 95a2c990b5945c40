"""Holding the event source thread back while the GUI thread does heavy Qt work.

PySide releases the GIL around every call into Qt and takes it back for every call into
Python. While the source thread decodes, each ``data()`` call of a painting table waits for
the GIL: a 15 ms paint became 250-400 ms. A :class:`GatedDecoder` makes the source wait
before its next message while the gate is closed, for at most ``MAX_HOLD_S`` at a time, so
the source is never starved for long.
"""

from __future__ import annotations

import threading
from typing import Any

from desktop.core.events import EventDecoder

MAX_HOLD_S = 0.05


class GatedDecoder(EventDecoder):
    """An :class:`EventDecoder` that first waits, briefly, while the GUI thread is busy."""

    __slots__ = ("_gate",)

    def __init__(self, gate: threading.Event) -> None:
        super().__init__()
        self._gate = gate

    def decode(self, data: bytes | str, local_received: float) -> list[dict[str, Any]]:
        if not self._gate.is_set():
            self._gate.wait(MAX_HOLD_S)
        return super().decode(data, local_received)

    def decode_body(self, body: object, local_received: float) -> list[dict[str, Any]]:
        if not self._gate.is_set():
            self._gate.wait(MAX_HOLD_S)
        return super().decode_body(body, local_received)
