"""A stop asked of a command-line night is remembered whatever handler Dagster has installed."""

import os
import signal
import time

import dagster as dg
import pytest
from dagster._utils.interrupts import capture_interrupts

from resources.stop_request import raise_if_stop_requested, stop_requested, watching_for_stop


def _until(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_a_sigterm_captured_between_steps_fails_the_next_step_as_interrupted():
    with watching_for_stop():
        with capture_interrupts():  # what Dagster holds between a run's steps
            os.kill(os.getpid(), signal.SIGTERM)
            assert _until(stop_requested)
        with pytest.raises(dg.DagsterExecutionInterruptedError):
            raise_if_stop_requested()


def test_no_stop_is_remembered_without_a_signal_or_after_the_watch_ends():
    with watching_for_stop():
        raise_if_stop_requested()
        with capture_interrupts():
            os.kill(os.getpid(), signal.SIGINT)
            assert _until(stop_requested)
    assert not stop_requested()
    raise_if_stop_requested()


def test_other_signals_are_not_a_stop():
    previous = signal.signal(signal.SIGUSR1, lambda *_: None)
    try:
        with watching_for_stop():
            os.kill(os.getpid(), signal.SIGUSR1)
            time.sleep(0.2)
            assert not stop_requested()
    finally:
        signal.signal(signal.SIGUSR1, previous)
