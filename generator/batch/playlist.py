"""The batch's playlist: an extended M3U (UTF-8) of the tracks made, relative to its folder."""

from __future__ import annotations

import os
from pathlib import Path

from generator.batch.jobs import Outcome
from generator.output.files import atomic_write_text


def _entry(o: Outcome, folder: Path) -> tuple[str, str]:
    """(file relative to the playlist's folder, its ``#EXTINF`` line)."""
    return os.path.relpath(o.job.output, folder), f"#EXTINF:{round(o.duration_s)},{o.title}"


def _write(path: Path, entries: dict[str, str]) -> None:
    lines = ["#EXTM3U"]
    for rel, info in entries.items():
        lines += [info, rel]
    atomic_write_text(path, "\n".join(lines) + "\n")


def write_playlist(path: Path, outcomes: list[Outcome]) -> None:
    """An extended M3U (UTF-8) of the tracks made, relative to the playlist's folder, each once."""
    entries: dict[str, str] = {}
    for o in outcomes:
        if o.ok:
            rel, info = _entry(o, path.parent)
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
    for o in finished:
        rel, line = _entry(o, path.parent)
        entries[rel] = line
    _write(path, {rel: i for rel, i in entries.items() if (path.parent / rel).is_file()})
