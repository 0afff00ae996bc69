"""Session → timeline. Pure: no I/O. Speech lengths come from a ``measure`` callback.

Times are integer sample counts at ``sample_rate``, so holds and breath rounds are exact to the
sample; ``*_s`` fields in the JSON are those counts divided by the rate.

Timing rules (the contract the README documents):
- speech never overlaps speech; consecutive sentences are ``pacing.sentence_gap`` apart;
- a pause lasts exactly its length and starts where the previous speech ends;
- a pose hold runs from the end of the entry (or switch) cue to the start of the next cue;
- a breath round lasts exactly inhale + hold_in + exhale + hold_out, each phase's cue at its start;
- a bell is a tone event; what follows starts when it has rung out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator import text as textrules
from generator.errors import InputError
from generator.model import Bell, Breath, Chapter, Pause, Pose, Session, Speak
from generator.wording import Wording

DEFAULT_SAMPLE_RATE = 44100
MAX_TOTAL_S = 4 * 3600.0
KINDS = ("speech", "pause", "hold", "tone")


@dataclass(frozen=True)
class Event:
    kind: str  # one of KINDS
    start: int  # samples
    end: int
    line: int  # script line that caused it (0: built-in)
    text: str | None = None
    role: str = ""  # what it is for: cue, check_in, switch, exit, inhale, exhale, marker, bell, …
    strikes: int = 0  # tones: how many bell strikes


@dataclass(frozen=True)
class ChapterMark:
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Plan:
    title: str
    sample_rate: int
    duration: int  # samples
    events: tuple[Event, ...]
    chapters: tuple[ChapterMark, ...]
    seed: int

    def speech(self) -> list[Event]:
        return [e for e in self.events if e.kind == "speech"]

    def to_json(self) -> dict[str, Any]:
        sr = self.sample_rate

        def s(n: int) -> float:
            return round(n / sr, 6)

        events = []
        for e in self.events:
            item: dict[str, Any] = {"kind": e.kind, "start_s": s(e.start), "end_s": s(e.end)}
            if e.text is not None:
                item["text"] = e.text
            item.update({"role": e.role, "line": e.line, "start": e.start, "end": e.end})
            if e.strikes:
                item["strikes"] = e.strikes
            events.append(item)
        return {
            "title": self.title,
            "duration_s": s(self.duration),
            "duration_samples": self.duration,
            "sample_rate": sr,
            "seed": self.seed,
            "events": events,
            "chapters": [
                {"title": c.title, "start_s": s(c.start), "end_s": s(c.end)} for c in self.chapters
            ],
        }


Measure = Callable[[str], int]


@dataclass
class _Builder:
    session: Session
    measure: Measure
    tone_length: Callable[[int], int]
    sample_rate: int
    wording: Wording
    auto_chapters: bool
    cursor: int = 0
    pending_gap: int = 0
    pending_chapter: str | None = None
    events: list[Event] = field(default_factory=list)
    marks: list[tuple[str, int]] = field(default_factory=list)

    def samples(self, seconds: float) -> int:
        return round(seconds * self.sample_rate)

    def _open_chapter(self, at: int) -> None:
        if self.pending_chapter is not None:
            self.marks.append((self.pending_chapter, at))
            self.pending_chapter = None

    def chapter(self, title: str) -> None:
        self.pending_chapter = title

    def say(self, text: str, line: int, role: str) -> None:
        """Speak ``text`` sentence by sentence; the cursor ends where the last word ends."""
        for piece in textrules.split_speech(text):
            if isinstance(piece, textrules.Gap):
                self.timed("pause", self.samples(piece.seconds), line, "marker")
                continue
            start = self.cursor + self.pending_gap
            self._open_chapter(start)
            length = self.measure(piece.text)
            self.events.append(Event("speech", start, start + length, line, piece.text, role))
            self.cursor = start + length
            self.pending_gap = self.samples(self.session.pacing.sentence_gap)

    def timed(self, kind: str, length: int, line: int, role: str, **extra: Any) -> Event:
        """A span that starts right where the previous speech ended and lasts exactly ``length``."""
        start = self.cursor
        self._open_chapter(start)
        event = Event(kind, start, start + length, line, role=role, **extra)
        self.events.append(event)
        self.cursor = start + length
        self.pending_gap = 0
        self.check_limit(line)
        return event

    def check_limit(self, line: int) -> None:
        if self.cursor > self.samples(MAX_TOTAL_S):
            raise InputError(
                f"the session would last over {MAX_TOTAL_S / 3600:g} hours by this item; shorten it",
                self.session.path,
                line,
            )


def plan_session(
    session: Session,
    measure: Measure,
    *,
    tone_length: Callable[[int], int] | None = None,
    sample_rate: int = DEFAULT_SAMPLE_RATE,
    seed: int | None = None,
    wording: Wording | None = None,
) -> Plan:
    """Lay out every event of ``session`` in time; ``measure(text)`` gives a sentence's samples."""
    seed = session_seed(session) if seed is None else seed
    wording = wording or Wording(session.language, seed)
    b = _Builder(
        session=session,
        measure=measure,
        tone_length=tone_length
        or (lambda strikes: round((6.0 + 4.0 * (strikes - 1)) * sample_rate)),
        sample_rate=sample_rate,
        wording=wording,
        auto_chapters=not any(isinstance(s, Chapter) for s in session.segments),
    )
    b.cursor = b.samples(session.pacing.lead_in)
    b.pending_chapter = wording.chapter_title("opening")
    last_pose = max((i for i, s in enumerate(session.segments) if isinstance(s, Pose)), default=-1)
    for i, seg in enumerate(session.segments):
        if b.auto_chapters and i == last_pose + 1 and last_pose >= 0:
            b.chapter(wording.chapter_title("closing"))
        if isinstance(seg, Speak):
            b.say(seg.text, seg.line, "speak")
        elif isinstance(seg, Pause):
            b.timed("pause", b.samples(seg.seconds), seg.line, "silence" if seg.silent else "pause")
        elif isinstance(seg, Chapter):
            b.chapter(seg.title)
        elif isinstance(seg, Bell):
            b.timed("tone", b.tone_length(seg.strikes), seg.line, "bell", strikes=seg.strikes)
        elif isinstance(seg, Pose):
            _pose(b, seg)
        elif isinstance(seg, Breath):
            _breath(b, seg)
    b._open_chapter(b.cursor)
    duration = b.cursor + b.samples(session.pacing.tail)
    return Plan(
        title=session.title,
        sample_rate=sample_rate,
        duration=duration,
        events=tuple(b.events),
        chapters=_chapters(b.marks, duration),
        seed=seed,
    )


def _pose(b: _Builder, seg: Pose) -> None:
    w = b.wording
    sides = {"both": ("left", "right"), "left": ("left",), "right": ("right",)}.get(
        seg.sides or "none", (None,)
    )
    hold = b.samples(seg.hold if seg.hold is not None else 60.0)
    for i, side in enumerate(sides):
        if b.auto_chapters:
            b.chapter(w.pose_chapter(seg.pose, side))
        if i == 0:
            b.say(seg.cue or w.pose_entry(seg.pose), seg.line, "cue")
            if side:
                b.say(w.side_intro(side), seg.line, "cue")
        else:
            b.say(seg.switch or w.pose_switch(seg.pose, side), seg.line, "switch")
        b.timed("hold", hold, seg.line, f"hold:{side}" if side else "hold")
    b.say(seg.exit or w.pose_exit(seg.pose), seg.line, "exit")


def _breath(b: _Builder, seg: Breath) -> None:
    w = b.wording
    inhale = b.samples(seg.inhale or 4.0)
    exhale = b.samples(seg.exhale or 6.0)
    phases = [
        ("inhale", inhale),
        ("hold_in", b.samples(seg.hold_in)),
        ("exhale", exhale),
        ("hold_out", b.samples(seg.hold_out)),
    ]
    for rnd in range(seg.rounds or 6):
        for phase, length in phases:
            if length <= 0:
                continue
            event = b.timed("hold", length, seg.line, phase)
            cue = w.breath_cue(phase, rnd)
            if cue and b.measure(cue) <= length - b.samples(0.1):
                b.events.append(
                    Event(
                        "speech", event.start, event.start + b.measure(cue), seg.line, cue, "breath"
                    )
                )


def _chapters(marks: list[tuple[str, int]], duration: int) -> tuple[ChapterMark, ...]:
    merged: list[tuple[str, int]] = []
    for title, start in marks:
        if merged and merged[-1][1] == start:
            merged[-1] = (title, start)  # a later chapter at the same moment wins
        else:
            merged.append((title, start))
    if not merged:
        return ()
    merged[0] = (merged[0][0], 0)
    ends = [start for _, start in merged[1:]] + [duration]
    return tuple(ChapterMark(t, s, e) for (t, s), e in zip(merged, ends, strict=True) if e > s)


def session_seed(session: Session) -> int:
    """A seed derived from the script, so the same script always gets the same wording."""
    import zlib

    return zlib.crc32(repr((session.title, session.segments)).encode("utf-8"))
