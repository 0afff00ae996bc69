"""Ctrl-C and SIGTERM held off while a command finishes what cannot be half done: an interrupted
batch stopping its workers and writing its playlist, a publish swapping its new site in and
clearing the old one away. A second Ctrl-C (or ``timeout``, which signals the process and then
its group) must not cut that short."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator


@contextlib.contextmanager
def signals_ignored() -> Iterator[None]:
    """Ctrl-C and SIGTERM ignored inside the block; the handlers before it restored after."""
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
