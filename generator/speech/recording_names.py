"""Which file holds the recording of a line: a name made from the line's own words, so it stays
the same however the script is reordered, and the audio files a folder holds under such names.

A line's file is ``<slug of its first words>-<6 hex digits of the sha256 of its text>`` (the
text with its spacing collapsed, as it is spoken), with any of ``AUDIO_EXTENSIONS``:
``welcome-to-this-practice-3fa2c1.wav``. Changing a line's words changes its name (the old
recording no longer fits it); moving it does not. No numpy here: ``holdspace record`` lists a
folder without loading any audio library.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

from generator.errors import InputError
from generator.speech.engine import check_text

AUDIO_EXTENSIONS = (".wav", ".flac", ".mp3", ".ogg", ".m4a")
LINES_CSV = "lines.csv"
SHEET_TXT = "sheet.txt"
SLUG_WORDS = 5
SLUG_CHARS = 32
HASH_CHARS = 6


def spoken(text: str) -> str:
    """The text as it is spoken and cached: spacing collapsed."""
    return check_text(text)


def line_stem(text: str) -> str:
    """The file name (without extension) of the recording of ``text``."""
    said = spoken(text)
    digest = hashlib.sha256(said.encode("utf-8")).hexdigest()[:HASH_CHARS]
    ascii_text = unicodedata.normalize("NFKD", said).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)[:SLUG_WORDS]
    slug = "-".join(words)[:SLUG_CHARS].strip("-")
    return f"{slug or 'line'}-{digest}"


def shown(path: Path) -> str:
    """``path`` as a message shows it: relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def check_folder(folder: Path, file: str | None = None, line: int | None = None) -> None:
    """InputError unless ``folder`` is a folder holdspace can list."""
    if not folder.exists():
        how = f"holdspace record {file}" if file else f"holdspace record SCRIPT -o {shown(folder)}"
        raise InputError(
            f"the recordings folder {shown(folder)} does not exist; {how} makes it, with the "
            "list of lines to record",
            file,
            line,
        )
    if not folder.is_dir():
        raise InputError(
            f"the recordings folder {shown(folder)} is a file, not a folder", file, line
        )
    if not os.access(folder, os.R_OK | os.X_OK):
        raise InputError(
            f"the recordings folder {shown(folder)} cannot be read (permission denied)", file, line
        )


def audio_files(folder: Path) -> dict[str, list[Path]]:
    """Every audio file in ``folder`` (not below it) by its stem, lower case, in name order."""
    found: dict[str, list[Path]] = {}
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise InputError(
            f"cannot list the recordings folder {shown(folder)}: {exc.strerror}"
        ) from None
    for entry in entries:
        stem, ext = os.path.splitext(entry.name)
        if ext.lower() in AUDIO_EXTENSIONS and not entry.name.startswith("."):
            found.setdefault(stem.lower(), []).append(Path(entry.path))
    return found


def recording_of(files: dict[str, list[Path]], stem: str) -> Path | None:
    """The one recording of the line named ``stem``; None if there is none. Two files for one
    line (``a.wav`` and ``a.m4a``) are refused: which one was meant?"""
    paths = files.get(stem, [])
    if len(paths) > 1:
        names = " and ".join(p.name for p in paths)
        raise InputError(
            f"{shown(paths[0].parent)}: {names} are recordings of the same line; keep one"
        )
    return paths[0] if paths else None
