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
