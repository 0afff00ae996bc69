"""Test-only hooks: hold a command at a named stage until a test lets it go.

With ``HOLDSPACE_TEST_STAGE=STAGE:FIFO`` in the environment, the first time the program reaches
``stage(STAGE)`` it opens the named pipe FIFO for reading, which blocks until the test opens it
for writing, and then waits until the test closes it. While it waits, the test knows exactly
where the program is, and can send it a signal: interrupt tests reach their moment this way
instead of racing the program. Without the variable (always, outside tests) a stage costs one
dictionary lookup.

Stages: ``startup`` (the command line, before anything is imported), ``speech`` (a render's first
clip is spoken, more are queued), ``encode`` (the first block is with ffmpeg and the temp files
exist), ``commit`` (every temp file is complete, none renamed yet), ``batch-track`` (a batch has
written its first track).
"""

from __future__ import annotations

import os

ENV = "HOLDSPACE_TEST_STAGE"


def stage(name: str) -> None:
    """Hold here if a test asked to (see the module docstring); otherwise return at once."""
    spec = os.environ.get(ENV)
    if not spec:
        return
    wanted, _, fifo = spec.partition(":")
    if wanted != name or not fifo:
        return
    del os.environ[ENV]  # once: later stages of the same name run on (and children never hold)
    with open(fifo, "rb") as pipe:  # blocks until the test opens it for writing
        pipe.read()  # returns when the test closes it
