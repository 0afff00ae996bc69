"""A batch on this machine: every job checked and its speech made here, in this process (so each
sentence is synthesized once: Piper does not repeat itself exactly between fresh syntheses, and
two workers must never both synthesize one sentence), then the tracks rendered in worker
processes that only read the speech cache. Ctrl-C stops the renders under way cleanly."""

from __future__ import annotations

import multiprocessing
import signal
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


def _worker_started() -> None:
    """In each worker: Ctrl-C or SIGTERM stops the render under way (which removes its temp
    files and stops ffmpeg) and every later one, and never kills an idle worker mid-queue."""
    signal.signal(signal.SIGTERM, _worker_signal)
    signal.signal(signal.SIGINT, _worker_signal)


def _worker_signal(signum: int, frame: Any) -> None:
    global _stopping
    _stopping = True
    if _running:
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)  # idle: just leave (SystemExit releases the queue's lock)


def _render_in_worker(job: Job, fmt: object) -> Outcome:
    """In a worker process: render one job, unless a stop signal came first."""
    global _running
    if _stopping:
        return Outcome(job, False, "interrupted")
    _running = True
    try:
        return render_job(job, fmt)
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
    pool = ProcessPoolExecutor(max_workers=max(1, workers), initializer=_worker_started)
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
            for process in multiprocessing.active_children():  # the pool's workers
                process.terminate()  # their handler stops the render under way, cleanly
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
