"""A stop asked of a command-line night (SIGTERM, Ctrl-C), honoured at the next step for sure.

Dagster's in-process executor acts on an interrupt only while a step's own code runs: one that
arrives between steps is captured and can be dropped, and the night then runs to its end. So
`oms run` also watches for the signal itself (every signal Python handles is written to the
wakeup fd, whichever handler Dagster has installed at that moment) and remembers it; the stage IO
manager and the warehouse resource call `raise_if_stop_requested` where every step passes, and the
step fails as interrupted. Teardown never passes there, so the writer lock is always released.
"""

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg

_STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}
_requested = threading.Event()


def raise_if_stop_requested() -> None:
    """Fail the step that calls this as interrupted when a stop was asked of this process."""
    if _requested.is_set():
        raise dg.DagsterExecutionInterruptedError()


def stop_requested() -> bool:
    """Whether a stop was asked while `watching_for_stop` was active."""
    return _requested.is_set()


@contextmanager
def watching_for_stop() -> Iterator[None]:
    """Remember a SIGTERM or SIGINT delivered to this process while the block runs.

    Outside the main thread (where signals cannot be watched) this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    previous = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    watcher = threading.Thread(target=_watch, args=(read_end,), name="stop-watcher", daemon=True)
    _requested.clear()
    watcher.start()
    try:
        yield
    finally:
        signal.set_wakeup_fd(previous)
        os.close(write_end)  # ends the watcher's read
        watcher.join()
        os.close(read_end)
        _requested.clear()


def _watch(read_end: int) -> None:
    while received := os.read(read_end, 64):
        if any(number in _STOP_SIGNALS for number in received):
            _requested.set()
