"""A batch on this machine: every job checked and its speech made here, in this process (so each
sentence is synthesized once: Piper does not repeat itself exactly between fresh syntheses, and
two workers must never both synthesize one sentence), then the tracks rendered in worker
processes that only read the speech cache. Ctrl-C stops the renders under way cleanly.

A stopped worker leaves at once (``os._exit``) instead of going back to the pool: the pool's own
shutdown waits for every worker, and one that took the stop signal at the wrong moment (idle,
or while it handed a result back) used to swallow it and then wait forever for a queue lock
that a stopped sibling still held, so Ctrl-C hung. The main process also gives the workers a
grace period and kills any still there, so a stop can never hang."""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from generator import hooks
from generator.batch.jobs import Job, Outcome
from generator.batch.work import prepare, render_job
from generator.errors import BatchInterrupted
from generator.interrupts import signals_ignored

_stopping = False  # in a worker: a stop signal came; start nothing more
_running = False  # in a worker: a render is under way (a stop signal interrupts it)
STOP_GRACE_S = 30.0  # a stopped render removes its temp files and ends ffmpeg well within this


def _worker_started() -> None:
    """In each worker: Ctrl-C or SIGTERM stops the render under way (which removes its temp
    files and stops ffmpeg) and every later one, and never kills an idle worker mid-queue."""
    signal.signal(signal.SIGTERM, _worker_signal)
    signal.signal(signal.SIGINT, _worker_signal)


def _worker_signal(signum: int, frame: Any) -> None:
    global _stopping
    if _stopping:
        return  # a second signal (Ctrl-C, then the main process's stop): let the cleanup finish
    _stopping = True
    if _running:
        raise KeyboardInterrupt  # the render stops, removing its temp files and ending ffmpeg
    os._exit(128 + signum)  # idle: leave now; the main process is stopping every worker


def _render_in_worker(job: Job, fmt: object) -> Outcome:
    """In a worker process: render one job; stopped, the worker leaves once it has cleaned up."""
    global _running
    if _stopping:
        os._exit(130)
    _running = True
    try:
        return render_job(job, fmt)
    except KeyboardInterrupt:  # only a stop signal raises it here
        os._exit(130)
    finally:
        _running = False


def run(
    jobs: list[Job],
    fmt: object,
    workers: int,
    on_done: Callable[[str, int, int], None] | None = None,
) -> list[Outcome]:
    """Prepare every job here (speech once), then render them in worker processes. Interrupted,
    it stops the renders under way and raises ``Interrupted`` with the tracks already written."""
    outcomes: dict[Job, Outcome] = {}
    ready = []
    try:
        for job in jobs:
            problem = prepare(job)
            if problem:
                outcomes[job] = problem
            else:
                ready.append(job)
            if on_done:
                on_done("speech", len(outcomes) + len(ready), len(jobs))
    except KeyboardInterrupt:  # still speaking: no track was written yet
        raise BatchInterrupted([]) from None
    pool = start_pool(workers)
    futures: dict[Job, Future[Outcome]] = {}
    try:
        futures = {job: pool.submit(_render_in_worker, job, fmt) for job in ready}
        for i, (job, future) in enumerate(futures.items()):
            outcomes[job] = future.result()
            hooks.stage("batch-track")
            if on_done:
                on_done("render", i + 1, len(futures))
    except KeyboardInterrupt:
        with signals_ignored():
            for future in futures.values():
                future.cancel()
            workers = multiprocessing.active_children()  # the pool's workers
            for process in workers:
                process.terminate()  # their handler stops the render under way, cleanly
            _reap(workers)
            pool.shutdown(wait=True, cancel_futures=True)
        finished = [
            f.result()
            for f in futures.values()
            if f.done() and not f.cancelled() and not f.exception()
        ]
        raise BatchInterrupted([o for o in finished if o.ok]) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [outcomes[j] for j in jobs]


def start_pool(workers: int) -> ProcessPoolExecutor:
    """The worker pool, forked from this process once its garbage is collected: this process has
    spoken every sentence, and a voice it let go (``release``: onnxruntime, with its threads)
    may still wait in a reference cycle. Forked, a worker held a copy whose threads did not
    exist, and freeing it there waited forever in pthread_cond_destroy (a tester's cold-cache
    batch hung after two of four tracks). Collected here, it is freed where its threads are."""
    gc.collect()
    return ProcessPoolExecutor(max_workers=max(1, workers), initializer=_worker_started)


def _reap(workers: list[multiprocessing.process.BaseProcess]) -> None:
    """Wait for the stopped workers to leave; kill any still there after the grace period.

    A worker has left when its sentinel (a pipe only it held) closes. ``is_alive()`` cannot
    tell: the pool's manager thread reaps workers at the same time, and a worker it reaped
    first looks alive to this thread (waitpid says "no such child"), so it was killed by pid."""
    deadline = time.monotonic() + STOP_GRACE_S
    waiting = {process.sentinel: process for process in workers}
    while waiting and (left := deadline - time.monotonic()) > 0:
        for sentinel in multiprocessing.connection.wait(list(waiting), left):
            waiting.pop(sentinel)
    for process in waiting.values():
        hooks.note("killed", str(process.pid))  # a test can tell a stop that needed this
        process.kill()
        process.join()
