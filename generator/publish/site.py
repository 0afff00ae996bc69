"""Assembling SITE: every file is written into a hidden folder beside it, which then takes SITE's
place in one step, so a failure (or Ctrl-C) leaves the old site exactly as it was and a reader
never sees half a site.

SITE is replaced whole, so publish refuses a folder it did not make (no marker file), a folder
that holds or is an input, and an output inside an input folder.
"""

from __future__ import annotations

import ctypes
import errno
import glob
import json
import logging
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import HoldspaceError, InputError
from generator.interrupts import signals_ignored
from generator.publish import page
from generator.publish.feed import FEED, Channel, cover_name, feed_xml
from generator.publish.library import Track

MARKER = ".holdspace-site.json"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Picture:
    """The channel picture: its bytes and the name it gets in SITE."""

    data: bytes
    name: str


def check_output(site: Path, inputs: list[Path]) -> Path:
    """SITE, resolved, once it is safe to replace; InputError (one line, with the fix) if not."""
    target = Path(os.path.abspath(site)).resolve()
    if not target.parent.is_dir():
        raise InputError(f"-o {site}: the folder {target.parent} does not exist")
    for given in inputs:
        real = Path(os.path.abspath(given)).resolve()
        if real == target:
            raise InputError(
                f"-o {site} is the input {given}: publish never writes into its inputs; "
                f"name a new folder, such as {target.name}-site"
            )
        if real.is_dir() and real in target.parents:
            raise InputError(
                f"-o {site} is inside the input folder {given}: publish never writes into an "
                f"input folder; name a folder beside it, such as {real.name}-site"
            )
        if target in real.parents:
            raise InputError(
                f"{given} is inside -o {site}, which publish replaces whole: publish from the "
                f"folder the tracks were rendered to"
            )
    if target.exists() and not target.is_dir():
        raise InputError(f"-o {site} is a file: name a folder for the site (it is created)")
    if target.is_dir() and not (target / MARKER).is_file() and any(target.iterdir()):
        raise InputError(
            f"-o {site} is a folder holdspace publish did not make ({MARKER} is missing): "
            f"publish replaces the site whole, so name a new or empty folder"
        )
    return target


def check_sources(site: Path, tracks: list[Track]) -> None:
    """A playlist may point anywhere: no track or sidecar may come from inside SITE."""
    for track in tracks:
        for path in (track.source, *(p for _, p in track.sidecars)):
            if site in Path(os.path.abspath(path)).resolve().parents:
                raise InputError(
                    f"{path} is inside -o {site}, which publish replaces whole: publish from "
                    f"the folder the tracks were rendered to"
                )


def publish(site: Path, tracks: list[Track], channel: Channel, picture: Picture) -> list[str]:
    """Write the whole site beside ``site`` and swap it in; returns the file names written."""
    clear_leftovers(site)
    try:
        temp = Path(
            tempfile.mkdtemp(prefix=f".{site.name}.publish-", suffix=".tmp", dir=site.parent)
        )
    except OSError as exc:
        raise HoldspaceError(f"cannot write beside {site}: {exc.strerror or exc}") from exc
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o777 & ~umask)  # mkdtemp makes it private; a site is for reading
        names = write_site(temp, tracks, channel, picture)
        # from here the new site is whole: swapping it in and clearing the old one away are
        # finished even if Ctrl-C comes (the old site must not be left beside it, 65 MB of it)
        with signals_ignored():
            swap(temp, site)
            shutil.rmtree(temp, ignore_errors=True)
        return names
    except OSError as exc:
        raise HoldspaceError(
            f"could not write the site {site} ({exc.strerror or exc}); the old site is untouched"
        ) from exc
    finally:
        with signals_ignored():
            shutil.rmtree(temp, ignore_errors=True)


def clear_leftovers(site: Path) -> None:
    """Folders an earlier publish of ``site`` left beside it (a power cut, a kill -9): by their
    name, ``.SITE.publish-*.tmp``, only publish makes them."""
    for stale in site.parent.glob(f".{glob.escape(site.name)}.publish-*.tmp*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


def write_site(folder: Path, tracks: list[Track], channel: Channel, picture: Picture) -> list[str]:
    """Every file of the site into ``folder`` (empty); returns their names, in writing order."""
    names: list[str] = []

    def put(name: str, data: bytes | str) -> None:
        blob = data.encode("utf-8") if isinstance(data, str) else data
        (folder / name).write_bytes(blob)
        names.append(name)

    for track in tracks:
        for suffix, source in track.sidecars:
            shutil.copyfile(source, folder / (track.name + suffix))
            names.append(track.name + suffix)
        shutil.copyfile(track.source, folder / f"{track.name}.mp3")
        if os.path.getsize(folder / f"{track.name}.mp3") != track.size:
            raise HoldspaceError(f"{track.source} changed while it was published: publish again")
        names.append(f"{track.name}.mp3")
        if track.cover:
            put(cover_name(track, channel), track.cover.data)
        log.debug("copied %s", track.source)
    put(picture.name, picture.data)
    shell: dict[str, bytes] = {}
    for name, data in page.icons(picture.data).items():
        shell[name] = data
    shell["index.html"] = page.index_html(channel, tracks).encode("utf-8")
    shell["manifest.webmanifest"] = page.manifest(channel).encode("utf-8")
    for name in page.STATIC:
        shell[name] = page.asset(name).encode("utf-8")
    for name, data in shell.items():
        put(name, data)
    put("sw.js", page.service_worker(shell))
    if channel.base_url:
        put(FEED, feed_xml(channel, tracks))
    put("playlist.m3u8", playlist(tracks))
    put(MARKER, marker(channel, tracks))
    return names


def playlist(tracks: list[Track]) -> str:
    """An extended M3U of the site's tracks in library order (VLC and desktop players read it)."""
    lines = ["#EXTM3U"]
    for t in tracks:
        lines += [f"#EXTINF:{round(t.duration_s)},{t.title}", f"{t.name}.mp3"]
    return "\n".join(lines) + "\n"


def marker(channel: Channel, tracks: list[Track]) -> str:
    """The marker that says "holdspace publish made this folder" (and where its feed points)."""
    data = {
        "made_by": "holdspace publish",
        "format": 1,
        "base_url": channel.base_url,
        "feed": FEED if channel.base_url else None,
        "tracks": [t.name for t in tracks],
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def read_marker(site: Path) -> dict[str, object] | None:
    """The marker of a published site, or None when ``site`` was not made by publish."""
    try:
        data = json.loads((site / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("made_by") == "holdspace publish" else None


def swap(new: Path, site: Path) -> None:
    """Put the folder ``new`` in place of ``site``; the old site ends up in ``new`` (then removed
    by the caller). Linux swaps both names in one step; elsewhere two renames, undone on failure."""
    if not site.exists():
        os.rename(new, site)
        return
    if _exchange(new, site):
        return
    old = new.with_name(new.name + ".old")
    os.rename(site, old)
    try:
        os.rename(new, site)
    except OSError:
        os.rename(old, site)
        raise
    os.rename(old, new)


def _exchange(a: Path, b: Path) -> bool:
    """``renameat2(RENAME_EXCHANGE)``: True when done, False where the system cannot do it."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))
