"""The batch's playlist: an extended M3U (UTF-8) of the tracks made, relative to its folder."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from generator.batch.jobs import Outcome, track_title
from generator.output.files import atomic_write_text


def _entry(o: Outcome, folder: Path, shared: set[str]) -> tuple[str, str]:
    """(file relative to the playlist's folder, its ``#EXTINF`` line): the track's title, with
    whom it was made for, or else its length, where another track has the same title ("Calm
    (Zoë)", "Calm (Sam)"; "One (2 min)", "One (3 min)"); a title of its own stands alone (a
    manifest's "For Margaret" needs no "(12 min)")."""
    name = o.job.row.name.strip() if o.job.row and o.job.row.name else ""
    title = o.title
    if title in shared:
        title = f"{title} ({name})" if name else track_title(title, o.job.length)
    return os.path.relpath(o.job.output, folder), f"#EXTINF:{round(o.duration_s)},{title}"


def _shared(outcomes: list[Outcome], also: tuple[str, ...] | list[str] = ()) -> set[str]:
    """The titles more than one track has (here, or among ``also``, the titles already listed)."""
    counts = Counter([o.title for o in outcomes if o.ok])
    return {
        t for t, n in counts.items() if n > 1 or any(a == t or a.startswith(f"{t} (") for a in also)
    }


def _write(path: Path, entries: dict[str, str]) -> None:
    lines = ["#EXTM3U"]
    for rel, info in entries.items():
        lines += [info, rel]
    atomic_write_text(path, "\n".join(lines) + "\n")


def write_playlist(path: Path, outcomes: list[Outcome]) -> None:
    """An extended M3U (UTF-8) of the tracks made, relative to the playlist's folder, each once."""
    entries: dict[str, str] = {}
    shared = _shared(outcomes)
    for o in outcomes:
        if o.ok:
            rel, info = _entry(o, path.parent, shared)
            entries[rel] = info
    _write(path, entries)


def update_playlist(path: Path, finished: list[Outcome]) -> None:
    """After an interrupt: the finished tracks' entries replace their old ones (or are added),
    the entries of tracks not reached stay (their files are untouched), and an entry whose file is
    gone is dropped, so the playlist describes exactly the tracks in the folder."""
    entries: dict[str, str] = {}
    try:
        old = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        old = []
    info = ""
    for line in old:
        if line.startswith("#EXTINF:"):
            info = line
        elif line.strip() and not line.startswith("#"):
            entries[line] = info or "#EXTINF:-1,"
            info = ""
    redone = {os.path.relpath(o.job.output, path.parent) for o in finished}
    kept = [i.split(",", 1)[-1] for rel, i in entries.items() if rel not in redone]
    shared = _shared(finished, kept)
    for o in finished:
        rel, line = _entry(o, path.parent, shared)
        entries[rel] = line
    _write(path, {rel: i for rel, i in entries.items() if (path.parent / rel).is_file()})
