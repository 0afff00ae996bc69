"""Test-only hooks: hold a command at a named stage until a test lets it go.

With ``HOLDSPACE_TEST_STAGE=STAGE:FIFO`` in the environment, the first time the program reaches
``stage(STAGE)`` it opens the named pipe FIFO for reading, which blocks until the test opens it
for writing, and then waits until the test closes it. While it waits, the test knows exactly
where the program is, and can send it a signal: interrupt tests reach their moment this way
instead of racing the program. Without the variable (always, outside tests) a stage costs one
dictionary lookup.

Stages: ``startup`` (the command line, before anything is imported), ``command-line`` (click
is about to read the command line; the signal handlers are holdspace's own), ``speech`` (a render's first
clip is spoken, more are queued), ``encode`` (the first block is with ffmpeg and the temp files
exist), ``commit`` (every temp file is complete, none renamed yet), ``batch-track`` (a batch has
written its first track).

Two more, for tests of work spread over processes: ``HOLDSPACE_TEST_KILL=STAGE:MARKER`` kills
the process (SIGKILL, as the out-of-memory killer would) the first time any process reaches the
stage, once across all of them (the first to create MARKER); ``HOLDSPACE_TEST_LOG=FILE`` appends a
line to FILE for each ``note()`` (``spoken KEY``: a sentence was synthesized; ``killed PID``: a
batch worker did not stop within its grace period), so a test can count what happened in every
worker.
"""

from __future__ import annotations

import os
import signal

ENV = "HOLDSPACE_TEST_STAGE"
KILL_ENV = "HOLDSPACE_TEST_KILL"
LOG_ENV = "HOLDSPACE_TEST_LOG"


def stage(name: str) -> None:
    """Hold here if a test asked to (see the module docstring); otherwise return at once."""
    kill = os.environ.get(KILL_ENV)
    if kill:
        _kill_once(name, kill)
    spec = os.environ.get(ENV)
    if not spec:
        return
    wanted, _, fifo = spec.partition(":")
    if wanted != name or not fifo:
        return
    del os.environ[ENV]  # once: later stages of the same name run on (and children never hold)
    with open(fifo, "rb") as pipe:  # blocks until the test opens it for writing
        pipe.read()  # returns when the test closes it


def _kill_once(name: str, spec: str) -> None:
    wanted, _, marker = spec.partition(":")
    if wanted != name or not marker:
        return
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except OSError:
        return  # another process was the one
    os.kill(os.getpid(), signal.SIGKILL)


def note(name: str, value: str) -> None:
    """Log ``name value`` for a test that asked (``HOLDSPACE_TEST_LOG``); otherwise nothing."""
    path = os.environ.get(LOG_ENV)
    if not path:
        return
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, f"{name} {value}\n".encode())  # one write: lines never interleave
    finally:
        os.close(fd)
