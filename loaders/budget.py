"""A CPU-time budget per document: one page must not stall a whole ingest.

Linear-time parsing and the link and nesting caps bound what a page can cost, but
not everything a third-party parser does with a hostile page is known in advance. The
budget is the backstop: a document that uses more than ``seconds`` of CPU is stopped,
reported with ``over_budget``, and the batch goes on.

It is a profiling timer (``ITIMER_PROF``: CPU time of the process, not wall time, so a
busy machine does not fail documents) whose signal raises :class:`OverBudget` in the
main thread, where ingest runs a document (the worker processes' main thread, or the
CLI's). ``OverBudget`` derives from BaseException so that a library's ``except
Exception`` cannot swallow it, and the timer re-fires every quarter second until the
document gives up, in case something swallows it anyway. C code (one lxml call) is
interrupted only when it returns to Python.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["DEFAULT_CPU_SECONDS", "OverBudget", "can_enforce", "cpu_budget"]

#: CPU seconds one document may take, parsing to reuse fingerprints. An ordinary page
#: takes 30 ms; the 20 MB page of 1M links, capped, about 9 s.
DEFAULT_CPU_SECONDS = 30.0
_REFIRE = 0.25


class OverBudget(BaseException):
    """The document used up its CPU budget."""


def can_enforce() -> bool:
    """Return True where the budget's signal can be received (the main thread)."""
    return threading.current_thread() is threading.main_thread()


@contextmanager
def cpu_budget(seconds: float | None) -> Iterator[None]:
    """Raise OverBudget in the block once it has used ``seconds`` of CPU (None: no limit).

    Must run in the main thread (see :func:`can_enforce`); elsewhere it raises
    RuntimeError rather than pretend to limit anything.
    """
    if seconds is None:
        yield
        return
    if not can_enforce():
        raise RuntimeError("a CPU budget can only be enforced in the main thread")
    armed = True

    def expire(_signum: int, _frame: FrameType | None) -> None:
        if armed:
            raise OverBudget

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds, _REFIRE)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
