"""Ctrl+C during `shotkind analyze` or `shotkind export`: a clean stop and one line,
never a traceback.

A terminal's Ctrl+C reaches every process of the command. Analysis workers ignore it
(core.judgement.worker_guard), else each prints a traceback; the command decides how to stop.
Analyze lets the KeyboardInterrupt end its pool (the frames not started are cancelled,
the few under way finish) and writes no report: part of a shoot would pass for all of
it. Export finishes the file it is writing, writes the manifest of what it delivered,
and stops (`on_ctrl_c(cancel.set)`); a second Ctrl+C stops it at once.
"""

from __future__ import annotations

import signal
from contextlib import contextmanager
from typing import Callable, Iterator

INTERRUPTED = 130          # 128 + SIGINT: what a shell reports for Ctrl+C


@contextmanager
def on_ctrl_c(then: Callable[[], None]) -> Iterator[None]:
    """While inside, the first Ctrl+C calls `then` instead of raising KeyboardInterrupt;
    the second raises it."""
    asked = []

    def interrupted(_signal, _frame) -> None:
        if asked:
            raise KeyboardInterrupt
        asked.append(True)
        then()

    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
