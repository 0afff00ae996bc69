"""Test helpers: tracks that look exactly like holdspace output, made in a fraction of a second.

A synthetic track is a CBR MP3 from ffmpeg (a sine, 64 kb/s mono) with the tags holdspace writes
(title, artist, album, genre, the "Made with holdspace" comment, transcript, cover, chapters) and
its four sidecars. A long track is one encoded minute repeated: CBR frames join cleanly, so an
hour takes no longer to make than a minute.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TIT2, TPE1, USLT, CTOCFlags
from PIL import Image

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
NOTE = (
    "A gentle, voice-guided practice in trauma-sensitive language. You can pause or stop at any "
    "time."
)


def need(available: bool, what: str, fix: str = "scripts/setup.sh installs it") -> None:
    """Skip without ``what`` on a developer machine; under CI=true its absence is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but not installed ({fix})")
    pytest.skip(f"{what} not installed")


def need_tool(name: str) -> None:
    need(shutil.which(name) is not None, name)


def vtt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


_ENCODED: dict[tuple[float, int], bytes] = {}


def encode(path: Path, seconds: float, frequency: int = 330) -> None:
    """A CBR 64 kb/s mono MP3 of a quiet sine; ``seconds`` over 60 repeats one encoded minute.
    Each (length, pitch) is encoded once per test session (tags make every track unique)."""
    need_tool("ffmpeg")
    chunk = min(seconds, 60.0)
    key = (chunk, frequency)
    if key not in _ENCODED:
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
             f"sine=frequency={frequency}:sample_rate=22050:duration={chunk}", "-af",
             "volume=0.2", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "64k", "-write_xing", "0",
             "-f", "mp3", str(path)],
            check=True, timeout=60,
        )  # fmt: skip
        _ENCODED[key] = path.read_bytes()
    one = _ENCODED[key]
    with open(path, "wb") as f:
        for _ in range(max(1, round(seconds / chunk))):
            f.write(one)


def cover_png(colour: tuple[int, int, int] = (120, 150, 140), side: int = 1400) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (side, side), colour).save(buffer, "PNG")
    return buffer.getvalue()


def make_track(
    folder: Path,
    name: str,
    title: str,
    seconds: float,
    *,
    chapters: list[tuple[str, float]] | None = None,
    frequency: int = 330,
    artist: str | None = "A. Teacher",
    comment: str | None = None,
    sidecars: tuple[str, ...] = (".vtt", ".chapters.json", ".lrc", ".cue.json"),
) -> Path:
    """A track that reads like holdspace's: tags, chapters, transcript and sidecars."""
    mp3 = folder / f"{name}.mp3"
    encode(mp3, seconds, frequency)
    chapters = chapters or [("Opening", 0.0), ("Resting", seconds / 2)]
    lines = [(t, f"Line {i + 1} of {title}.") for i, t in enumerate(range(2, int(seconds) - 2, 6))]
    tags = ID3()
    tags.add(TIT2(encoding=3, text=title))
    if artist:
        tags.add(TPE1(encoding=3, text=artist))
    tags.add(TALB(encoding=3, text="holdspace"))
    tags.add(TCON(encoding=3, text="Meditation"))
    text = comment if comment is not None else f"{NOTE} Made with holdspace. Voice: test voice."
    tags.add(COMM(encoding=3, lang="eng", desc="", text=text))
    tags.add(USLT(encoding=3, lang="eng", desc="transcript", text="\n".join(w for _, w in lines)))
    tags.add(APIC(encoding=3, mime="image/png", type=3, desc="Cover", data=cover_png()))
    ids = [f"chp{i:03d}" for i in range(len(chapters))]
    ends = [c[1] for c in chapters[1:]] + [seconds]
    for cid, (ctitle, start), end in zip(ids, chapters, ends, strict=True):
        tags.add(
            CHAP(element_id=cid, start_time=round(start * 1000), end_time=round(end * 1000),
                 sub_frames=[TIT2(encoding=3, text=ctitle)])
        )  # fmt: skip
    tags.add(
        CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
             child_element_ids=ids, sub_frames=[TIT2(encoding=3, text=title)])
    )  # fmt: skip
    tags.save(str(mp3), v2_version=3, padding=lambda info: 0)
    texts = {
        ".vtt": "WEBVTT\n\n"
        + "".join(f"{vtt_time(t)} --> {vtt_time(t + 3)}\n{w}\n\n" for t, w in lines),
        ".chapters.json": json.dumps(
            {
                "version": "1.2.0",
                "title": title,
                "chapters": [
                    {"startTime": s, "endTime": e, "title": c}
                    for (c, s), e in zip(chapters, ends, strict=True)
                ],
            },
            indent=1,
        ),  # fmt: skip
        ".lrc": f"[ti:{title}]\n" + "".join(f"[00:{t:02d}.00]{w}\n" for t, w in lines[:5]),
        ".cue.json": json.dumps({"title": title, "duration_s": seconds, "events": []}),
    }
    for suffix in sidecars:
        (folder / f"{name}{suffix}").write_text(texts[suffix], encoding="utf-8")
    return mp3


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder (hidden ones too) by name, with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
