"""The gates of the rules' patterns, kept between runs: an optimisation that never fails a lint.

Reading every pattern's gate (``generator.lint.patterns``) costs about 0.07 s, a seventh of a
lint of a 40-minute script, and gives the same answer for the same pattern every time. So the
gates read are kept in one file beside the encoder's verdicts: ``lint-gates.json`` in
$HOLDSPACE_CACHE_DIR, else ${XDG_CACHE_HOME:-~/.cache}/holdspace/, holding ``{"reader": <sha256
of patterns.py>, "gates": {<pattern>: <gate>}}``, a gate as nested lists (a clause is a phrase
or a list of gates; null: no gate). A file made by another reader, or unreadable, is read as
empty; one that cannot be written is not kept. It is written whole beside its place and then
renamed over it, once, as the process ends, so no reader ever sees half of one.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.lint.encoder import cache_path

log = logging.getLogger(__name__)

MOST = 20_000  # gates kept; past this (rules rewritten many times over) the file starts afresh
_fresh: dict[str, Any] = {}  # gates read in this process, not yet in the file


def path() -> Path:
    return cache_path().with_name("lint-gates.json")


@functools.cache
def _reader() -> str:
    return hashlib.sha256(Path(__file__).with_name("patterns.py").read_bytes()).hexdigest()


@functools.cache
def _kept() -> dict[str, Any]:
    try:
        data = json.loads(path().read_text(encoding="utf-8"))
        if data.get("reader") == _reader() and isinstance(data.get("gates"), dict):
            return data["gates"]
    except (OSError, ValueError, AttributeError):
        pass
    return {}


def kept_gate(pattern: str, read: Callable[[str], Any]) -> Any:
    """``pattern``'s gate from the file, else ``read`` from the pattern (and kept at exit)."""
    kept = _kept()
    if pattern in kept:
        return _as_tuples(kept[pattern])
    if pattern in _fresh:  # the same pattern in two rules: read once
        return _fresh[pattern]
    found = read(pattern)
    if not _fresh:
        atexit.register(_save)
    _fresh[pattern] = found
    return found


def _as_tuples(gate: Any) -> Any:
    """A gate as JSON keeps it (lists) read back as ``patterns.Gate`` (tuples)."""
    if gate is None:
        return None
    return tuple(c if isinstance(c, str) else tuple(_as_tuples(g) for g in c) for c in gate)


def _save() -> None:
    gates = {**_kept(), **_fresh} if len(_kept()) + len(_fresh) <= MOST else dict(_fresh)
    target = path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".lint-gates-", dir=target.parent)
        with contextlib.ExitStack() as cleanup:
            cleanup.callback(lambda: Path(temporary).unlink(missing_ok=True))
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"reader": _reader(), "gates": gates}, out, separators=(",", ":"))
            os.replace(temporary, target)
    except OSError as exc:
        log.debug("lint gates not kept (%s)", exc)
    _fresh.clear()
