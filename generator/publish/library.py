"""Finished tracks, read back from disk: an MP3 that holdspace rendered plus its sidecars.

Publishing promises chapters and a transcript for every track, so a file that is not a holdspace
MP3 (no title, no "Made with holdspace" comment) or whose ``.vtt`` / ``.chapters.json`` is missing
is refused with one line saying how to fix it, rather than published half-described.

Library order: the INPUTs in the order given; inside a folder, the order of its ``playlist.m3u8``
(what ``holdspace batch`` writes), then any MP3 the playlist does not list, by name in natural
order (``x-9m`` before ``x-10m``). Folders are not searched recursively.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from mutagen import MutagenError
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from generator.care.phrases import made_with_marks
from generator.errors import InputError
from generator.output.tags import ADDRESS, LISTENER

PLAYLIST = "playlist.m3u8"
MARKS = made_with_marks()  # "Made with holdspace", "Hecho con holdspace": the comment's last words
REQUIRED = {".vtt": "captions", ".chapters.json": "chapters"}
OPTIONAL = (".lrc", ".cue.json")
ISO639_1 = {
    "eng": "en",
    "spa": "es",
    "fra": "fr",
    "deu": "de",
    "ita": "it",
    "por": "pt",
    "nld": "nl",
}


@dataclass(frozen=True)
class Chapter:
    """One chapter, from the Podcasting 2.0 ``.chapters.json`` beside the MP3."""

    title: str
    start_s: float


@dataclass(frozen=True)
class Cover:
    """The track's ``APIC`` picture as stored, so the site serves the very bytes the tags hold."""

    data: bytes
    mime: str

    @property
    def suffix(self) -> str:
        return ".jpg" if self.mime in ("image/jpeg", "image/jpg") else ".png"


@dataclass(frozen=True)
class Track:
    """A finished track: what the feed and the page say about it, and the files to copy."""

    source: Path
    name: str  # file stem, shared by the MP3 and its sidecars in SITE
    title: str
    artist: str | None
    album: str | None
    language: str | None  # ISO 639-1 where known ("en"), else as tagged
    note: str  # the content note: the comment before "Made with holdspace"
    duration_s: float
    size: int
    sha256: str
    cover: Cover | None
    chapters: tuple[Chapter, ...]
    sidecars: tuple[tuple[str, Path], ...]  # (suffix, source path), in a fixed order
    listener: str | None = None  # the person it was made for (a manifest row's name)
    address: str | None = None  # its script's ``address:`` (usted): the page speaks the same

    @property
    def anchor(self) -> str:
        """The track's id in the page; the feed links to ``SITE/#anchor``."""
        return "-".join(self.name.split()) or "track"


def natural_key(name: str) -> tuple[object, ...]:
    """Sort key that puts ``x-9m`` before ``x-10m``; the name itself breaks ties."""
    parts = re.split(r"(\d+)", name)
    return (tuple((i % 2, int(p) if i % 2 else p.casefold()) for i, p in enumerate(parts)), name)


def collect(inputs: list[Path]) -> list[Track]:
    """Every track named by ``inputs`` (MP3s or folders of them), once each, in library order."""
    if not inputs:
        raise InputError("name at least one holdspace MP3 or folder of them to publish")
    paths: list[Path] = []
    for given in inputs:
        paths += _expand(Path(given))
    seen: dict[Path, None] = {}
    for path in paths:
        seen.setdefault(path.resolve(), None)
    tracks = _told_apart([read_track(path) for path in seen])
    _refuse_clashes(tracks)
    return distinct_titles(tracks)


def _told_apart(tracks: list[Track]) -> list[Track]:
    """Tracks of one file name from different folders named by their folder too in the site
    (SITE is one flat folder): a manifest batch's ``ana/monday.mp3`` and ``ben/monday.mp3``
    become ``ana-monday.mp3`` and ``ben-monday.mp3``. A tester could not publish the layout the
    docs show: it was refused as a clash of names before the listeners' privacy was asked."""
    shared = Counter(t.name.casefold() for t in tracks)
    folders: dict[str, set[Path]] = {}
    for t in tracks:
        folders.setdefault(t.name.casefold(), set()).add(t.source.parent)
    return [
        replace(t, name=f"{t.source.parent.name}-{t.name}")
        if shared[t.name.casefold()] > 1 and len(folders[t.name.casefold()]) > 1
        else t
        for t in tracks
    ]


def distinct_titles(tracks: list[Track]) -> list[Track]:
    """Tracks sharing a title (one script rendered at several lengths) told apart in the feed and
    on the page by their length, "Bedtime Hips (20 min)", as the batch playlist names them; by
    file name as well when even that is shared. The MP3s keep their own tags."""
    shared = Counter(t.title for t in tracks)
    out = [
        replace(t, title=f"{t.title} ({max(1, round(t.duration_s / 60))} min)")
        if shared[t.title] > 1
        else t
        for t in tracks
    ]
    still = Counter(t.title for t in out)
    return [replace(t, title=f"{t.title} ({t.name})") if still[t.title] > 1 else t for t in out]


def _expand(given: Path) -> list[Path]:
    if given.is_dir():
        return folder_order(given)
    if not given.exists():
        from generator.care.data import near_path

        raise InputError(f"{given}: no such file or folder; {near_path(given)}check the path")
    if given.suffix.lower() != ".mp3":
        raise InputError(f"{given} is not an MP3: publish takes holdspace MP3s or folders of them")
    return [given]


def folder_order(folder: Path) -> list[Path]:
    """The MP3s of ``folder``: playlist order first, then the rest by name (natural order)."""
    mp3s = {
        p.name: p
        for p in folder.iterdir()
        if p.suffix.lower() == ".mp3" and not p.name.startswith(".") and p.is_file()
    }
    ordered: list[Path] = []
    playlist = folder / PLAYLIST
    if playlist.is_file():
        for line, entry in _playlist_entries(playlist):
            target = (folder / entry).resolve()
            if not target.is_file():
                raise InputError(
                    f"{playlist} lists {entry}, which is missing: run holdspace batch again "
                    f"or remove that line",
                    playlist,
                    line,
                )
            ordered.append(folder / entry)
    listed = {p.resolve() for p in ordered}
    # by name without ".mp3": "calm" before "calm2" (with it, "calm" + "2" sorted before "calm.mp3")
    by_name = sorted(mp3s, key=lambda n: (natural_key(mp3s[n].stem), n))
    ordered += [mp3s[n] for n in by_name if mp3s[n].resolve() not in listed]
    if not ordered:
        raise InputError(
            f"{folder}: no MP3s in this folder (holdspace batch -o {folder} makes some)"
        )
    return ordered


def _playlist_entries(playlist: Path) -> list[tuple[int, str]]:
    """(line number, entry) for each track the playlist lists."""
    try:
        text = playlist.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read {playlist}: {exc.strerror or exc}") from exc
    return [
        (n, line.strip())
        for n, line in enumerate(text.splitlines(), 1)
        if line.strip() and line.strip()[0] != "#"
    ]


def read_track(path: Path) -> Track:
    """Tags, length and sidecars of one holdspace MP3; one-line InputError when it is not one."""
    try:
        audio = MP3(path)
        tags = ID3(path)
    except (MutagenError, OSError) as exc:
        raise InputError(
            f"{path} is not a readable MP3 ({_why(exc)}): publish takes tracks from "
            f"holdspace render or batch"
        ) from exc
    title = _text(tags, "TIT2")
    comment = _comment(tags)
    if not title or not comment:
        raise InputError(
            f"{path} was not made by holdspace (no title or no '{MARKS[0]}' comment): publish takes "
            f"tracks from holdspace render or batch"
        )
    sidecars = []
    for suffix, what in REQUIRED.items():
        side = path.with_name(path.stem + suffix)
        if not side.is_file():
            raise InputError(
                f"{path}: its {what}, {side.name}, is missing beside it: render it again with "
                f"sidecars (the default), or copy them next to it"
            )
        sidecars.append((suffix, side))
    sidecars += [
        (suffix, side)
        for suffix in OPTIONAL
        if (side := path.with_name(path.stem + suffix)).is_file()
    ]
    pictures = tags.getall("APIC")
    cover = Cover(pictures[0].data, pictures[0].mime.lower()) if pictures else None
    return Track(
        source=path,
        name=path.stem,
        title=title,
        artist=_text(tags, "TPE1") or None,
        album=_text(tags, "TALB") or None,
        language=_language(tags),
        note=_note(comment),
        duration_s=float(audio.info.length),
        size=os.path.getsize(path),
        sha256=file_sha256(path),
        cover=cover,
        chapters=read_chapters(dict(sidecars)[".chapters.json"]),
        sidecars=tuple(sidecars),
        listener=_own(tags, LISTENER),
        address=_own(tags, ADDRESS),
    )


def _own(tags: ID3, desc: str) -> str | None:
    """The text of holdspace's own TXXX frame ``desc``, if the track has one."""
    frames = tags.getall(f"TXXX:{desc}")
    return str(frames[0].text[0]).strip() or None if frames and frames[0].text else None


def read_chapters(path: Path) -> tuple[Chapter, ...]:
    """Chapters from a Podcasting 2.0 JSON chapters file (``startTime`` in seconds, ``title``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        chapters = tuple(Chapter(str(c["title"]), float(c["startTime"])) for c in data["chapters"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"{path} is not a Podcasting 2.0 chapters file ({_why(exc)}): render the track again"
        ) from exc
    return tuple(sorted(chapters, key=lambda c: c.start_s))


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in blocks (a long track is tens of MB)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _refuse_clashes(tracks: list[Track]) -> None:
    """SITE is one flat folder and apps tell episodes apart by content: both must be unique."""
    names: dict[str, Track] = {}
    sums: dict[str, Track] = {}
    for t in tracks:
        other = names.get(t.name.casefold())
        if other:  # told apart by folder already (``_told_apart``): the rest is to rename
            raise InputError(
                f"{other.source} and {t.source} would both be {t.name}.mp3 in the site: "
                "rename one of them"
            )
        twin = sums.get(t.sha256)
        if twin:
            raise InputError(
                f"{twin.source} and {t.source} are the same recording: publish one of them"
            )
        names[t.name.casefold()] = t
        sums[t.sha256] = t


def _text(tags: ID3, frame: str) -> str:
    found = tags.getall(frame)
    return " ".join(str(found[0].text[0]).split()) if found and found[0].text else ""


def _comment(tags: ID3) -> str:
    for frame in tags.getall("COMM"):
        text = " ".join(str(t) for t in frame.text)
        if any(mark in text for mark in MARKS):
            return " ".join(text.split())
    return ""


def _note(comment: str) -> str:
    """The content note: the comment before its "Made with holdspace" words (in any language)."""
    return min((comment.split(mark, 1)[0] for mark in MARKS), key=len).strip()


def _language(tags: ID3) -> str | None:
    code = _text(tags, "TLAN")
    if not code:
        comments = tags.getall("COMM")
        code = comments[0].lang if comments else ""
    code = code.strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}", code) or code == "xxx":
        return None
    return ISO639_1.get(code, code)


def _why(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc).strip() or type(exc).__name__
