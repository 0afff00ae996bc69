"""Stopping a batch's local workers: a stop signal is never swallowed, and a worker that does not
leave in time is killed, so Ctrl-C can never hang (the pool's shutdown waits for every worker).
The whole stop, with real worker processes, is tested in tests/output/test_output_paths.py."""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.synchronize
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Stage, require_tool

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


def _deaf(ready: multiprocessing.synchronize.Event) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    ready.set()
    time.sleep(600)


def test_a_worker_that_ignores_the_stop_is_killed_after_the_grace_period(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(local, "STOP_GRACE_S", 0.2)
    ready = FORK.Event()
    worker = FORK.Process(target=_deaf, args=(ready,))
    worker.start()
    assert ready.wait(60)  # deaf now: the stop below cannot end it
    worker.terminate()
    local._reap([worker])
    assert not worker.is_alive()
    assert worker.exitcode == -signal.SIGKILL


def test_a_worker_another_thread_reaped_counts_as_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pool's own manager thread reaps workers that leave, at the same time as ``_reap``
    waits for them; a worker it reaped first must count as gone, never be killed (its pid may
    already belong to another process). Here the reaping is done before ``_reap`` even looks."""
    log = tmp_path / "notes.log"
    monkeypatch.setenv("HOLDSPACE_TEST_LOG", str(log))
    worker = FORK.Process(target=os._exit, args=(130,))
    worker.start()
    os.waitpid(worker.pid, 0)  # as the manager thread would: multiprocessing never sees the status
    local._reap([worker])
    assert not log.exists(), log.read_text()


SCRIPT = """\
holdspace: 1
title: {title}
voice: {{engine: espeak-ng, rate: 170}}
care: {{opening: false, closing: false}}
pacing: {{lead_in: 1, tail: 2}}
segments:
  - speak: "Welcome. You can stop at any time."
  - pause: {pause}
  - speak: "Thank you."
"""


def test_ctrl_c_in_a_real_batch_stops_its_workers_without_killing_them(tmp_path: Path) -> None:
    """Ctrl-C in the terminal (the whole process group) once the first track is written: one
    line, exit 130, the finished track kept, the long one under way gone with its temp files,
    and every worker left by itself (none had to be killed after the grace period)."""
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    (tmp_path / "short.yaml").write_text(SCRIPT.format(title="Short", pause="5s"))
    # an hour of track: still rendering when the five-second one is written, however busy the
    # machine (the two start together, and this one is hundreds of times the work)
    (tmp_path / "long.yaml").write_text(SCRIPT.format(title="Long", pause="60m"))
    log = tmp_path / "notes.log"
    stage = Stage("batch-track", tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "batch", "short.yaml", "long.yaml", "-o", "out",
         "-j", "2", "-q"],
        cwd=tmp_path, env={**os.environ, **stage.env, "HOLDSPACE_TEST_LOG": str(log)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    stage.wait(proc)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the command and its workers
    stage.release()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 130, err
    assert len(err.strip().splitlines()) == 1 and "interrupted" in err, err
    assert "Traceback" not in out + err
    made = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert "short.mp3" in made and "long.mp3" not in made, made
    assert not [n for n in made if n.startswith(".")], "temp files left"
    assert "killed" not in (log.read_text() if log.exists() else ""), "a worker had to be killed"


class _FreedWhere:
    """Garbage that records the process it is freed in (as a released voice, in a cycle)."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.me = self  # a cycle: freed only by the cycle collector

    def __del__(self) -> None:
        with open(self.log, "a") as f:
            f.write(f"{os.getpid()}\n")


def _collect_here() -> int:
    import gc

    gc.collect()
    return os.getpid()


def test_garbage_of_the_main_process_is_freed_there_not_in_a_worker(tmp_path: Path) -> None:
    """The main process speaks every sentence first, with a neural voice (onnxruntime, and its
    threads), and lets it go; left in a cycle, a forked worker held a copy whose threads did not
    exist, and freeing it there hung in pthread_cond_destroy: a tester's cold-cache batch of four
    stopped after two. The pool is forked once the main process's garbage is collected."""
    import gc

    log = tmp_path / "freed"
    gc.disable()  # nothing collects the cycle by chance before the pool starts
    try:
        _FreedWhere(log)
        pool = local.start_pool(1)
        worker = pool.submit(_collect_here).result(timeout=120)
        pool.shutdown()
    finally:
        gc.enable()
    assert log.read_text().split() == [str(os.getpid())], (worker, log.read_text())
