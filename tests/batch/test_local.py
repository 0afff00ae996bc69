"""Stopping a batch's local workers: a stop signal is never swallowed, and a worker that does not
leave in time is killed, so Ctrl-C can never hang (the pool's shutdown waits for every worker).
The whole stop, with real worker processes, is tested in tests/output/test_output_paths.py."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time

import pytest

from generator.batch import local

FORK = multiprocessing.get_context("fork")


def _catch_everything_like_the_pool() -> None:
    """What a pool worker does around a job: every exception becomes the job's result and the
    worker goes on waiting for work. A stop signal that only raised would be swallowed here."""
    local._worker_started()
    try:
        os.kill(os.getpid(), signal.SIGTERM)  # idle: no render under way
        time.sleep(5)
    except BaseException:
        pass
    os._exit(0)  # reached only if the signal was swallowed


def test_a_stop_signal_in_an_idle_worker_ends_it_even_inside_a_catch_all() -> None:
    worker = FORK.Process(target=_catch_everything_like_the_pool)
    worker.start()
    worker.join(60)
    assert worker.exitcode == 128 + signal.SIGTERM


def _stopped_mid_render() -> None:
    """A render under way: the stop signal interrupts it (its own finally blocks clean up), and
    the worker leaves instead of waiting for more work."""
    local._worker_started()

    def render(job: object, fmt: object) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)

    local.render_job = render
    with contextlib.suppress(BaseException):  # as the pool's worker loop would
        local._render_in_worker(None, None)  # type: ignore[arg-type]
    os._exit(0)  # reached only if the worker went on after the stop


def test_a_stop_signal_mid_render_ends_the_worker_after_its_cleanup() -> None:
    worker = FORK.Process(target=_stopped_mid_render)
    worker.start()
    worker.join(60)
    assert worker.exitcode == 130


def _deaf() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(600)


def test_a_worker_that_ignores_the_stop_is_killed_after_the_grace_period(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(local, "STOP_GRACE_S", 0.2)
    worker = FORK.Process(target=_deaf)
    worker.start()
    worker.terminate()
    local._reap([worker])
    assert not worker.is_alive()
    assert worker.exitcode == -signal.SIGKILL
