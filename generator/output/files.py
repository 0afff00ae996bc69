"""The one atomic writer: every file holdspace writes goes to a hidden temp file beside its target
and is renamed over it only when complete, so a reader (or a sync to a phone) never sees half a
file and a failure leaves the old one as it was.

Temp files are created with mode 0o666 minus the umask, like any ordinary file (mkstemp's 0600
would hide a track from other users and apps), and their names stay legal even when the target's
own name is as long as the filesystem allows.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

TEMP_EXTRA = len("..") + 8 + len(".tmp")  # ".{name}.XXXXXXXX.tmp" is this much longer than name


def name_max(folder: Path) -> int:
    """The longest file name (in bytes) the filesystem of ``folder`` allows; 255 if unknown."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def temp_stem(path: Path) -> str:
    """``path``'s name, cut so that a hidden temp name built from it (``.{stem}.XXXXXXXX.tmp``)
    is still a legal name: a final name that fits must never fail because of its temp name."""
    raw = os.fsencode(path.name)
    room = max(name_max(path.parent) - TEMP_EXTRA, 1)
    return raw[:room].decode("utf-8", "ignore") if len(raw) > room else path.name


def probe_writable(folder: Path) -> None:
    """Create and remove a temp file in ``folder`` (OSError when that fails): os.access says yes
    to root even where nothing can be written (/proc, read-only mounts)."""
    fd, probe = tempfile.mkstemp(prefix=".holdspace-", suffix=".tmp", dir=folder)
    os.close(fd)
    os.unlink(probe)


def remove_temp_files(target: Path) -> None:
    """Remove the hidden temp files beside ``target`` that a killed process left (a process that
    ends in any other way removes its own). Only for a target no process is writing now."""
    prefix, n = f".{temp_stem(target)}.", len(".XXXXXXXX.tmp") - 1
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        if name.startswith(prefix) and name.endswith(".tmp") and len(name) == len(prefix) + n:
            with suppress(OSError):
                os.unlink(target.parent / name)


def temp_beside(target: Path) -> Path:
    """An empty hidden temp file in ``target``'s folder, readable like any new file."""
    fd, name = tempfile.mkstemp(prefix=f".{temp_stem(target)}.", suffix=".tmp", dir=target.parent)
    with suppress(OSError):
        os.fchmod(fd, 0o666 & ~_umask())
    os.close(fd)
    return Path(name)


@contextmanager
def atomic_files(targets: tuple[Path, ...]) -> Iterator[list[Path]]:
    """A hidden temp file beside each of ``targets`` to write; all are renamed over their targets
    only when the block succeeds, one right after another, so a failure leaves every earlier file
    as it was and never a mix of old and new."""
    temps: list[Path] = []
    try:
        for target in targets:
            temps.append(temp_beside(target))
        yield temps
        for tmp in temps:
            _sync(tmp)
        _commit(list(zip(temps, targets, strict=True)))
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    with atomic_files((Path(path),)) as (tmp,):
        tmp.write_bytes(text.encode("utf-8"))


def _sync(path: Path) -> None:
    """Flush a finished temp file to disk before it replaces anything."""
    with suppress(OSError), open(path, "rb+") as f:
        os.fsync(f.fileno())


def _commit(pairs: list[tuple[Path, Path]]) -> None:
    """Rename every complete temp file over its target. An interrupt here finishes the renames:
    every file is complete, and a set of old and new files would be worse than a finished one."""
    try:
        for tmp, target in pairs:
            os.replace(tmp, target)
    except KeyboardInterrupt:
        for tmp, target in pairs:
            if tmp.exists():
                os.replace(tmp, target)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
