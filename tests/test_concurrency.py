"""The thread and process budgets of assets/concurrency.py: one place decides, and threads never
nest."""

import os
import threading

import pytest

from assets.concurrency import (
    in_processes,
    read_ahead,
    side_by_side,
    worker_processes,
    worker_threads,
)


def test_the_budget_is_read_when_asked_so_a_test_or_operator_can_change_it(monkeypatch):
    monkeypatch.setenv("OMS_WORKER_THREADS", "3")
    assert worker_threads() == 3
    monkeypatch.setenv("OMS_WORKER_THREADS", "1")
    assert worker_threads() == 1
    monkeypatch.delenv("OMS_WORKER_THREADS")
    assert worker_threads() >= 1


def test_a_budget_below_one_thread_is_refused(monkeypatch):
    monkeypatch.setenv("OMS_WORKER_THREADS", "0")
    with pytest.raises(ValueError, match="at least 1"):
        worker_threads()


def test_side_by_side_returns_results_in_task_order(monkeypatch):
    monkeypatch.setenv("OMS_WORKER_THREADS", "2")
    assert side_by_side(lambda: "first", lambda: "second", lambda: "third") == [
        "first",
        "second",
        "third",
    ]


def test_a_budget_of_one_runs_every_task_on_the_calling_thread(monkeypatch):
    monkeypatch.setenv("OMS_WORKER_THREADS", "1")
    here = threading.get_ident()
    assert side_by_side(threading.get_ident, threading.get_ident) == [here, here]
    assert list(read_ahead([threading.get_ident])) == [here]


def test_work_on_a_worker_never_starts_more_workers(monkeypatch):
    monkeypatch.setenv("OMS_WORKER_THREADS", "8")

    def inner_threads() -> set[int]:
        return set(side_by_side(threading.get_ident, threading.get_ident, threading.get_ident))

    outer, inner = side_by_side(threading.get_ident, inner_threads)
    assert len(inner) == 1 and outer not in inner
    (ahead,) = list(read_ahead([inner_threads]))
    assert len(ahead) == 1


def test_while_reading_ahead_the_caller_runs_its_own_tasks_on_its_own_thread(monkeypatch):
    monkeypatch.setenv("OMS_WORKER_THREADS", "2")
    here = threading.get_ident()
    for _ in read_ahead([lambda: None, lambda: None]):
        assert side_by_side(threading.get_ident, threading.get_ident) == [here, here]
    assert len(set(side_by_side(threading.get_ident, threading.get_ident))) == 2


def test_a_failing_task_fails_the_call_after_the_others_finish(monkeypatch):
    monkeypatch.setenv("OMS_WORKER_THREADS", "2")
    finished = []

    def fail():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        side_by_side(fail, lambda: finished.append("other"))
    assert finished == ["other"]


def test_read_ahead_gives_each_result_in_order(monkeypatch):
    monkeypatch.setenv("OMS_WORKER_THREADS", "2")
    assert list(read_ahead(lambda n=n: n * n for n in range(5))) == [0, 1, 4, 9, 16]
    assert list(read_ahead([])) == []


def process_and_item(item: int) -> tuple[int, int]:
    return os.getpid(), item


def test_the_process_budget_is_its_own_variable(monkeypatch):
    monkeypatch.setenv("OMS_WORKER_PROCESSES", "3")
    monkeypatch.setenv("OMS_WORKER_THREADS", "1")
    assert worker_processes() == 3
    monkeypatch.setenv("OMS_WORKER_PROCESSES", "0")
    with pytest.raises(ValueError, match="at least 1"):
        worker_processes()


def test_in_processes_returns_results_in_item_order_from_other_processes():
    results = list(in_processes(process_and_item, list(range(9)), 2))

    assert [item for _, item in results] == list(range(9))
    assert os.getpid() not in {pid for pid, _ in results}


def test_a_budget_of_one_process_computes_every_item_here():
    assert list(in_processes(process_and_item, [1, 2], 1)) == [(os.getpid(), 1), (os.getpid(), 2)]
