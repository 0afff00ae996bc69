"""The plan's data: events at exact sample positions, chapters, and the JSON tools read.

Times are integer sample counts at ``sample_rate``, so holds and breath rounds are exact to the
sample; ``*_s`` fields in the JSON are those counts divided by the rate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.plan import roles

Measure = Callable[[str], int]  # a clause's length in samples


@dataclass(frozen=True)
class Event:
    kind: str  # one of roles.KINDS
    start: int  # samples
    end: int
    line: int  # script line that caused it (0: built-in)
    text: str | None = None
    role: str = ""  # what it is for: see generator.plan.roles
    strikes: int = 0  # tones: bell strikes (0: a soft chime)
    # speech: this clause goes on with the previous speech event's sentence (a clause gap apart)
    continues: bool = False


@dataclass(frozen=True)
class Line:
    """A sentence as the author wrote it, its clauses joined: what transcripts and captions show."""

    start: int
    end: int
    text: str
    line: int
    role: str


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
    summary: str = ""  # what the track holds, for its description (not in the JSON)

    def speech(self) -> list[Event]:
        return [e for e in self.events if e.kind == roles.SPEECH]

    def lines(self) -> list[Line]:
        """The spoken sentences in time order, each clause joined back to its sentence: clauses
        are synthesized and timed one by one, but a transcript shows what the author wrote."""
        out: list[Line] = []
        for e in sorted(self.speech(), key=lambda e: (e.start, e.end)):
            if e.continues and out:
                prev = out[-1]
                out[-1] = Line(prev.start, e.end, f"{prev.text} {e.text}", prev.line, prev.role)
            else:
                out.append(Line(e.start, e.end, e.text or "", e.line, e.role))
        return out

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
            if e.kind == roles.TONE:
                item["strikes"] = e.strikes
            if e.continues:
                item["continues"] = True
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
