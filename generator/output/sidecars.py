"""Sidecar files beside an MP3: LRC lyrics, WebVTT captions and chapters, Podcasting 2.0 JSON
chapters, and the plan as JSON (``.cue.json``).

Players that ignore ID3 chapters or USLT (desktop VLC, most web players, many lyric apps) read one
of these instead. Every time is computed from the plan's sample counts with integer arithmetic, so
a sidecar never drifts from the audio: LRC rounds to 10 ms, WebVTT to 1 ms, JSON keeps the same
floats as ``holdspace plan --json``. Pure text builders plus one writer; no other I/O.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from generator.output.captions import caption_cues
from generator.output.files import atomic_write_text
from generator.plan.types import Line, Plan

SIDECAR_LABELS: dict[str, str] = {
    "lrc": "the lyrics",
    "vtt": "the captions",
    "chapters_vtt": "the chapter captions",
    "chapters": "the chapters",
    "cue": "the plan",
}
KINDS: tuple[str, ...] = ("lrc", "vtt", "chapters_vtt", "chapters", "cue")
DEFAULT_KINDS: tuple[str, ...] = ("lrc", "vtt", "chapters", "cue")
SUFFIXES: dict[str, str] = {
    "lrc": ".lrc",
    "vtt": ".vtt",
    "chapters_vtt": ".chapters.vtt",
    "chapters": ".chapters.json",
    "cue": ".cue.json",
}
PODCAST_CHAPTERS_VERSION = "1.2.0"


def sidecar_path(mp3_path: Path, kind: str) -> Path:
    """``talk.mp3`` → ``talk.lrc``, ``talk.vtt``, ``talk.chapters.json``, ``talk.cue.json``, …"""
    if kind not in SUFFIXES:
        raise ValueError(f"unknown sidecar kind {kind!r}; known: {', '.join(KINDS)}")
    mp3_path = Path(mp3_path)
    return mp3_path.with_name(mp3_path.stem + SUFFIXES[kind])


def write_sidecars(
    mp3_path: Path,
    plan: Plan,
    *,
    artist: str | None,
    kinds: Iterable[str] = DEFAULT_KINDS,
) -> list[Path]:
    """Write the sidecars named by ``kinds`` beside ``mp3_path``; returns their paths in order.

    Unknown kinds raise ValueError before anything is written.
    """
    wanted = list(dict.fromkeys(kinds))
    paths = [sidecar_path(mp3_path, kind) for kind in wanted]  # validates every kind first
    for path, text in zip(paths, sidecar_texts(plan, artist=artist, kinds=wanted), strict=True):
        atomic_write_text(path, text)
    return paths


def sidecar_texts(
    plan: Plan, *, artist: str | None, kinds: Iterable[str] = DEFAULT_KINDS
) -> list[str]:
    """The text of each sidecar in ``kinds``, in order: a render writes them to temp files and
    renames them together with the MP3, so a failure never leaves old and new files mixed."""
    builders = {
        "lrc": lambda: lrc_text(plan, plan.title, artist),
        "vtt": lambda: vtt_text(plan),
        "chapters_vtt": lambda: chapters_vtt_text(plan),
        "chapters": lambda: chapters_json(plan),
        "cue": lambda: cue_json(plan),
    }
    wanted = list(kinds)
    for kind in wanted:
        if kind not in builders:
            raise ValueError(f"unknown sidecar kind {kind!r}; known: {', '.join(KINDS)}")
    return [builders[kind]() for kind in wanted]


# -- time formats ---------------------------------------------------------------------------------
def _units(samples: int, sample_rate: int, per_second: int) -> int:
    """``samples`` in 1/``per_second`` s, rounded half up, exactly (no float error)."""
    return (samples * per_second + sample_rate // 2) // sample_rate


def lrc_time(samples: int, sample_rate: int) -> str:
    """``mm:ss.xx`` (minutes may exceed 59: ``75:03.25``), to the nearest 10 ms."""
    cs = _units(samples, sample_rate, 100)
    m, rest = divmod(cs, 6000)
    s, c = divmod(rest, 100)
    return f"{m:02d}:{s:02d}.{c:02d}"


def _ms_stamp(ms: int) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def _seconds(samples: int, sample_rate: int) -> float:
    return round(samples / sample_rate, 6)  # the same floats as Plan.to_json


def _one_line(text: str | None) -> str:
    """Whitespace (newlines included) collapsed to single spaces: both formats are line-based."""
    return " ".join((text or "").split())


def _speech(plan: Plan) -> list[Line]:
    """Whole sentences: a sentence said clause by clause is still one lyric line and one cue."""
    return plan.lines()


# -- builders -------------------------------------------------------------------------------------
def lrc_text(plan: Plan, title: str, artist: str | None) -> str:
    """LRC lyrics: ``[ti:]``, ``[ar:]`` (when known), ``[length:]``, then one timed line per
    sentence the voice speaks."""
    sr = plan.sample_rate
    total_s = _units(plan.duration, sr, 1)
    lines = [f"[ti:{_one_line(title)}]"]
    if artist and artist.strip():
        lines.append(f"[ar:{_one_line(artist)}]")
    lines.append(f"[length:{total_s // 60:02d}:{total_s % 60:02d}]")
    lines.append("[re:holdspace]")
    lines += [f"[{lrc_time(e.start, sr)}]{_one_line(e.text)}" for e in _speech(plan)]
    return "\n".join(lines) + "\n"


def _vtt_escape(text: str) -> str:
    """Cue text is markup: escape ``&``, ``<`` and ``>`` (which also defuses a literal ``-->``)."""
    return _one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _vtt_cues(spans: Iterable[tuple[int, int, str | tuple[str, ...]]], sr: int) -> str:
    blocks = ["WEBVTT\n"]
    for start, end, text in spans:
        a = _units(start, sr, 1000)
        b = max(_units(end, sr, 1000), a + 1)  # a cue must end after it starts
        lines = (text,) if isinstance(text, str) else text
        payload = "\n".join(_vtt_escape(line) for line in lines)
        blocks.append(f"{_ms_stamp(a)} --> {_ms_stamp(b)}\n{payload}\n")
    return "\n".join(blocks)


def vtt_text(plan: Plan) -> str:
    """WebVTT captions a person can read: at most two lines of 42 characters and about 7 s a
    cue, a long sentence cut at its clauses (``generator.output.captions``)."""
    cues = caption_cues(plan)
    return _vtt_cues(((c.start, c.end, c.lines) for c in cues), plan.sample_rate)


def chapters_vtt_text(plan: Plan) -> str:
    """WebVTT chapters (for ``<track kind="chapters">``): one cue per chapter."""
    return _vtt_cues(((c.start, c.end, c.title) for c in plan.chapters), plan.sample_rate)


def chapters_json(plan: Plan) -> str:
    """Podcasting 2.0 JSON chapters (``application/json+chapters``), times in seconds."""
    sr = plan.sample_rate
    data = {
        "version": PODCAST_CHAPTERS_VERSION,
        "title": plan.title,
        "chapters": [
            {
                "startTime": _seconds(c.start, sr),
                "endTime": _seconds(c.end, sr),
                "title": c.title,
            }
            for c in plan.chapters
        ],
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def cue_json(plan: Plan) -> str:
    """The whole timeline, exactly what ``holdspace plan --json`` prints."""
    return json.dumps(plan.to_json(), indent=1, ensure_ascii=False) + "\n"
