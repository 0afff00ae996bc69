"""ID3v2.3 tags with mutagen: title, artist, album, genre, comment, transcript, chapters.

Chapters are CHAP frames plus one ordered, top-level CTOC (without it several players list the
chapters but cannot jump). No dates or times are written unless given, so renders repeat.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mutagen.id3 import (
    APIC,
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TCON,
    TIT2,
    TPE1,
    TSSE,
    TXXX,
    TYER,
    USLT,
    CTOCFlags,
    PictureType,
)

from generator.errors import EncodeError
from generator.script.voices import base_language

# room left in the tag, always the same (renders stay byte-identical): a player or tagger that
# edits a tag later (a rating, a corrected title) rewrites the tag in place, not the whole file
ID3_PADDING = 2048
LISTENER = "holdspace listener"  # TXXX description: the person a track was made for
ADDRESS = "holdspace address"  # TXXX description: a script's address (usted): the page follows it


@dataclass(frozen=True)
class Chapter:
    title: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class TrackTags:
    title: str
    artist: str | None = None
    album: str = "holdspace"
    genre: str = "Meditation"
    comment: str | None = None
    transcript: str | None = None
    language: str = "eng"  # ISO 639-2 for COMM/USLT
    encoder: str | None = None
    year: int | None = None
    cover: tuple[bytes, str] | None = None  # image bytes and MIME type
    chapters: tuple[Chapter, ...] = field(default_factory=tuple)
    listener: str | None = None  # made for this person (a manifest's name): TXXX "listener"
    address: str | None = None  # the script's ``address:`` (tú, vos, usted), where it says one


def write_tags(path: Path, tags: TrackTags) -> None:
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    if tags.artist:
        id3.add(TPE1(encoding=3, text=tags.artist))
    id3.add(TALB(encoding=3, text=tags.album))
    id3.add(TCON(encoding=3, text=tags.genre))
    if tags.comment:
        id3.add(COMM(encoding=3, lang=tags.language, desc="", text=tags.comment))
    if tags.transcript:
        id3.add(USLT(encoding=3, lang=tags.language, desc="transcript", text=tags.transcript))
    if tags.encoder:
        id3.add(TSSE(encoding=3, text=tags.encoder))
    if tags.year:
        id3.add(TYER(encoding=3, text=str(tags.year)))
    if tags.listener:
        id3.add(TXXX(encoding=3, desc=LISTENER, text=tags.listener))
    if tags.address:
        id3.add(TXXX(encoding=3, desc=ADDRESS, text=tags.address))
    if tags.cover:
        data, mime = tags.cover
        id3.add(APIC(encoding=3, mime=mime, type=PictureType.COVER_FRONT, desc="Cover", data=data))
    ids = chapter_ids([ch.title for ch in tags.chapters])
    for element_id, ch in zip(ids, tags.chapters, strict=True):
        id3.add(
            CHAP(
                element_id=element_id,
                start_time=ch.start_ms,
                end_time=ch.end_ms,
                sub_frames=[TIT2(encoding=3, text=ch.title)],
            )
        )
    if ids:
        id3.add(
            CTOC(
                element_id="toc",
                flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                child_element_ids=ids,
                sub_frames=[TIT2(encoding=3, text=tags.title)],
            )
        )
    try:
        id3.save(str(path), v2_version=3, padding=lambda info: ID3_PADDING)
    except Exception as exc:  # mutagen raises several types; all mean the same to a user
        raise EncodeError(f"could not write tags to {path}: {exc}") from exc


def chapter_ids(titles: list[str]) -> list[str]:
    """Element ids that make mutagen write the CHAP frames in time order.

    mutagen orders frames by encoded size, then by id; ffmpeg and some players read chapters in
    frame order. Padding each id so every CHAP frame has the same size leaves the id order
    (chp000, chp001, …) in charge. The ids are never shown to listeners.
    """
    sizes = [len(t.encode("utf-16-le")) for t in titles]  # v2.3 stores titles as UTF-16
    longest = max(sizes, default=0)
    return [f"chp{i:03d}" + "-" * (longest - size) for i, size in enumerate(sizes)]


ISO639_2 = {
    "en": "eng",
    "es": "spa",
    "fr": "fra",
    "de": "deu",
    "it": "ita",
    "pt": "por",
    "nl": "nld",
}


def id3_language(language: str) -> str:
    return ISO639_2.get(base_language(language), "eng")
