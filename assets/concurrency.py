"""How many threads domain code may use, decided here and nowhere else.

Polars, DuckDB and the numba kernels release the GIL, so independent steps of one asset (sorting
the orders while SKUs are coded, building frames side by side, reading the next export while
this one is routed) run on other cores as threads. The budget is `worker_threads()`: the cores
this process may run on, or `OMS_WORKER_THREADS` when set (read at each call, so a test or an
operator can change it without reloading anything). A budget of 1 runs everything on the calling
thread, in order.

Work handed to a worker never starts more workers: a helper called on a worker thread runs its
tasks there, one after another, so threads never nest and a step never uses more than the budget.

Work that holds the GIL (rendering documents: a Python call per distinct text, per barcode) runs
in worker processes instead, `in_processes`, within `worker_processes()`: the usable cores or
`OMS_WORKER_PROCESSES`. Only a step that has the machine to itself should ask for more than one
(under the in-process executor); other executors already run steps side by side in processes.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
A = TypeVar("A")

THREADS_VARIABLE = "OMS_WORKER_THREADS"
"""Environment variable that overrides the thread budget (a positive integer)."""
PROCESSES_VARIABLE = "OMS_WORKER_PROCESSES"
"""Environment variable that overrides the process budget (a positive integer)."""
_state = threading.local()


def worker_threads() -> int:
    """The thread budget of one step: `OMS_WORKER_THREADS` if set, else the usable cores."""
    return _budget(THREADS_VARIABLE)


def worker_processes() -> int:
    """The process budget of one step: `OMS_WORKER_PROCESSES` if set, else the usable cores."""
    return _budget(PROCESSES_VARIABLE)


def _budget(variable: str) -> int:
    """The positive integer in the environment variable, else the cores this process may use."""
    configured = os.environ.get(variable, "").strip()
    if configured:
        budget = int(configured)
        if budget < 1:
            raise ValueError(f"{variable} must be at least 1, not {configured!r}")
        return budget
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _is_busy() -> bool:
    """True on a thread that already runs work side by side with others."""
    return getattr(_state, "busy", False)


def _mark_busy() -> None:
    _state.busy = True


@contextmanager
def _busy() -> Iterator[None]:
    was = _is_busy()
    _state.busy = True
    try:
        yield
    finally:
        _state.busy = was


def _spare_threads(wanted: int) -> int:
    """Worker threads to start for `wanted` background tasks: none on a thread that is already
    part of a side-by-side run, else what the budget leaves beside the calling thread."""
    if _is_busy():
        return 0
    return max(0, min(wanted, worker_threads() - 1))


def side_by_side(*tasks: Callable[[], T]) -> list[T]:
    """Run `tasks` at the same time within the budget and return their results in order.

    The first task runs on the calling thread, the others on workers (queued when there are more
    tasks than the budget allows); with no spare thread they all run here, in order. An exception
    in any task is raised here, after every task has finished.
    """
    spare = _spare_threads(len(tasks) - 1)
    if not spare:
        return [task() for task in tasks]
    with ThreadPoolExecutor(max_workers=spare, initializer=_mark_busy) as pool:
        others = [pool.submit(task) for task in tasks[1:]]
        try:
            with _busy():
                first = tasks[0]()
        finally:
            for other in others:
                other.exception()  # wait for them all before leaving or raising
        return [first, *(other.result() for other in others)]


def read_ahead(tasks: Iterable[Callable[[], T]]) -> Iterator[T]:
    """The results of `tasks` in order, each computed one ahead on a worker while the caller
    works on the one before; with no spare thread, each is computed when it is asked for.

    Until the iteration ends (or is closed) the caller's thread counts as busy: the worker is
    the one spare thread, so what the caller runs side by side meanwhile runs on its own thread.
    """
    pending = iter(tasks)
    if not _spare_threads(1):
        yield from (task() for task in pending)
        return
    with _busy(), ThreadPoolExecutor(max_workers=1, initializer=_mark_busy) as worker:
        first = next(pending, None)
        ahead: list[Future[T]] = [worker.submit(first)] if first is not None else []
        while ahead:
            following = next(pending, None)
            if following is not None:
                ahead.append(worker.submit(following))
            # popped, not kept: once the caller drops a result nothing here holds it
            yield ahead.pop(0).result()


def in_processes(function: Callable[[A], T], items: Sequence[A], processes: int) -> Iterator[T]:
    """`function` of each item, in order, computed in up to `processes` worker processes (at
    most two items ahead per worker, so results do not pile up); with one process or one item,
    each is computed here when it is asked for. function and items must pickle.
    """
    if processes <= 1 or len(items) <= 1:
        yield from map(function, items)
        return
    pool = _pool(processes)
    queue: deque[Future[T]] = deque()
    try:
        for item in items:
            if len(queue) >= 2 * processes:
                yield queue.popleft().result()
            queue.append(pool.submit(function, item))
        while queue:
            yield queue.popleft().result()
    except BrokenProcessPool:
        _pools.pop((os.getpid(), processes), None)  # a worker died: the next call starts anew
        raise
    finally:
        for future in queue:
            future.cancel()


_pools: dict[tuple[int, int], ProcessPoolExecutor] = {}
"""Pools by (the process that started them, workers): a forked copy of this process starts its
own."""


def _pool(processes: int) -> ProcessPoolExecutor:
    """Worker processes kept for the life of this process, so a run's render steps start them
    once: each starts a fresh interpreter and imports what it runs and the main module again
    (for a Dagster run process, seconds). Spawned, not forked: forking a process whose Polars or
    DuckDB threads are running can deadlock, and a fork server would be shared with Dagster's
    multi-process executor and hand its steps the environment of the day it started."""
    key = (os.getpid(), processes)
    if key not in _pools:
        context = multiprocessing.get_context("spawn")
        _pools[key] = ProcessPoolExecutor(max_workers=processes, mp_context=context)
    return _pools[key]
