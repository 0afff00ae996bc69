"""Hand memory Python has freed back to the system.

glibc keeps freed memory in its arenas (one per thread that allocated), so a render's peak while
it speaks, with a neural model or several threads preparing clips, would otherwise stay in its
RSS through the whole mix. ``malloc_trim`` returns it; elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import functools
import gc
from typing import Any

M_TRIM_THRESHOLD = -1  # mallopt parameters, from glibc's malloc.h
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 * 1024 * 1024  # glibc's own ceiling for its sliding threshold (64-bit)
TRIM_THRESHOLD = 2 * MMAP_THRESHOLD


def allocate_as_usual() -> None:
    """Undo a ``MALLOC_TRIM_THRESHOLD_`` set in the environment (Dask's nanny sets 65536 for
    every worker it starts): any such setting freezes glibc's mmap threshold at 128 KB, so each
    of the mixer's half-megabyte blocks is a fresh mmap and a page fault per 4 KB, which made
    renders on a Dask worker ~35 % slower than the same renders here. Fixed thresholds at
    glibc's usual ceilings give back ordinary allocation; ``trim`` still returns memory."""
    libc = _libc()
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)


def trim() -> None:
    gc.collect()
    release = getattr(_libc(), "malloc_trim", None)
    if release is not None:
        release(0)


@functools.cache
def _libc() -> Any:
    try:
        return ctypes.CDLL(None)
    except OSError:
        return None
