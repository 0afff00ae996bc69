"""Session → timeline. Pure: no I/O. Speech lengths come from a ``measure`` callback.

Times are integer sample counts at ``sample_rate``, so holds and breath rounds are exact to the
sample; ``*_s`` fields in the JSON are those counts divided by the rate.

Timing rules (the contract the README documents):
- speech never overlaps speech; consecutive sentences are ``pacing.sentence_gap`` apart, and the
  clauses of a sentence (``generator.script.text.split_clauses``) ``pacing.clause_gap`` apart;
- a pause lasts exactly its length and starts where the previous speech ends;
- a pose hold runs from the end of the entry (or switch) cue to the start of the next cue;
  check-ins and soft chimes happen inside it and never change its length;
- a breath round lasts exactly inhale + hold_in + exhale + hold_out, each phase's cue at its start;
- a bell is a tone event; what follows starts when it has rung out.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.script import text as textrules
from generator.errors import InputError, LengthOutOfReach
from generator.script.model import Bell, Breath, Chapter, Pause, Pose, Session, Speak
from generator.plan.wording import Wording

DEFAULT_SAMPLE_RATE = 44100
MAX_TOTAL_S = 4 * 3600.0
FIT_TOLERANCE_S = 5.0
KINDS = ("speech", "pause", "hold", "tone")
CHIME = 0  # tone "strikes" value of the soft chime that fills long silences


@dataclass(frozen=True)
class Event:
    kind: str  # one of KINDS
    start: int  # samples
    end: int
    line: int  # script line that caused it (0: built-in)
    text: str | None = None
    role: str = ""  # what it is for: cue, check_in, switch, exit, inhale, exhale, marker, bell, …
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
class Piece:
    """One step of laying out text: a clause and the gap after it, or a pause marker (no text)."""

    text: str | None
    pause: int = 0  # samples of a pause marker
    # samples of silence before the next clause: clause_gap inside a sentence, else sentence_gap
    gap_after: int = 0
    continues: bool = False  # not the first clause of its sentence


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
            if e.kind == "tone":
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


Measure = Callable[[str], int]


@dataclass
class Builder:
    """Lays events out in time; the practice rules in ``generator.plan.practice`` drive it."""

    session: Session
    measure: Measure
    tone_length: Callable[[int], int]
    sample_rate: int
    wording: Wording
    auto_chapters: bool
    hold_scale: float = 1.0
    rounds_mode: str = "as-written"  # or "fewest" / "most" when fitting to a length
    cursor: int = 0
    pending_gap: int = 0
    pending_chapter: str | None = None
    events: list[Event] = field(default_factory=list)
    marks: list[tuple[str, int]] = field(default_factory=list)

    def samples(self, seconds: float) -> int:
        return round(seconds * self.sample_rate)

    def fail(self, message: str, line: int) -> InputError:
        return InputError(message, self.session.path, line)

    def _open_chapter(self, at: int) -> None:
        if self.pending_chapter is not None:
            self.marks.append((self.pending_chapter, at))
            self.pending_chapter = None

    def chapter(self, title: str) -> None:
        self.pending_chapter = title

    def pieces(self, text: str) -> list[Piece]:
        """What ``text`` becomes in time: its sentences cut into clauses (unless ``clause_gap`` is
        0), each with the gap that follows it, and its pause markers."""
        pacing = self.session.pacing
        out: list[Piece] = []
        for piece in textrules.split_speech(text):
            if isinstance(piece, textrules.Gap):
                out.append(Piece(None, pause=self.samples(piece.seconds)))
                continue
            clauses = textrules.split_clauses(piece.text) if pacing.clause_gap > 0 else []
            clauses = clauses or [piece.text]
            for i, clause in enumerate(clauses):
                last = i == len(clauses) - 1
                gap = pacing.sentence_gap if last else pacing.clause_gap
                out.append(Piece(clause, gap_after=self.samples(gap), continues=i > 0))
        return out

    def say(self, text: str, line: int, role: str) -> None:
        """Speak ``text`` clause by clause; the cursor ends where the last word ends."""
        for piece in self.pieces(text):
            if piece.text is None:
                self.timed("pause", piece.pause, line, "marker")
                continue
            start = self.cursor + self.pending_gap
            self._open_chapter(start)
            length = self.measure(piece.text)
            self.events.append(
                Event(
                    "speech",
                    start,
                    start + length,
                    line,
                    piece.text,
                    role,
                    continues=piece.continues,
                )
            )
            self.cursor = start + length
            self.pending_gap = piece.gap_after
            self.check_limit(line)

    def spoken_length(self, text: str) -> int:
        """How long ``say_at`` takes for ``text``: its clauses, gaps and pause markers."""
        total = gap = 0
        for piece in self.pieces(text):
            if piece.text is None:
                total, gap = total + piece.pause, 0
                continue
            total += gap + self.measure(piece.text)
            gap = piece.gap_after
        return total

    def say_at(self, at: int, text: str, line: int, role: str) -> int:
        """Speak ``text`` from ``at`` inside a span (the cursor does not move); returns the end."""
        pos = at
        gap = 0
        for piece in self.pieces(text):
            if piece.text is None:
                pos, gap = pos + piece.pause, 0
                continue
            pos += gap
            length = self.measure(piece.text)
            self.events.append(
                Event(
                    "speech", pos, pos + length, line, piece.text, role, continues=piece.continues
                )
            )
            pos += length
            gap = piece.gap_after
        return pos

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

    def check_limit(self, line: int, extra: int = 0) -> None:
        if self.cursor + extra > self.samples(MAX_TOTAL_S):
            raise self.fail(
                f"the session would last over {MAX_TOTAL_S / 3600:g} hours by this item; shorten it",
                line,
            )


def plan_session(
    session: Session,
    measure: Measure,
    *,
    tone_length: Callable[[int], int] | None = None,
    sample_rate: int = DEFAULT_SAMPLE_RATE,
    seed: int | None = None,
    length: float | None = None,
) -> Plan:
    """Lay out every event of ``session`` in time; ``measure(text)`` gives a clause's samples.

    ``length`` (or the script's ``length:``) fits the session to that many seconds by scaling
    holds within each pose's range (and breath rounds within bounds).
    """
    from generator.plan.practice import build

    seed = session_seed(session) if seed is None else seed
    tones = tone_length or (lambda strikes: round((6.0 + 4.0 * max(strikes - 1, 0)) * sample_rate))

    def run(scale: float = 1.0, rounds: str = "as-written", opening_s: float | None = None) -> Plan:
        b = Builder(
            session=session,
            measure=measure,
            tone_length=tones,
            sample_rate=sample_rate,
            wording=Wording(session.language, seed, session.care.check_ins),
            auto_chapters=not any(isinstance(s, Chapter) for s in session.segments),
            hold_scale=scale,
            rounds_mode=rounds,
        )
        build(b, opening_s)
        b.check_limit(b.events[-1].line if b.events else 1, b.samples(session.pacing.tail))
        duration = b.cursor + b.samples(session.pacing.tail)
        return Plan(
            title=session.title,
            sample_rate=sample_rate,
            duration=duration,
            events=tuple(b.events),
            chapters=_chapters(b.marks, duration),
            seed=seed,
        )

    target = length if length is not None else session.length
    if target is None:
        plan = run()
        for _ in range(4):  # the opening says the real length, which its own words change
            again = run(opening_s=plan.duration / sample_rate)
            if again.duration == plan.duration:
                break
            plan = again
        return again
    return _fit(run, target, session, from_option=length is not None)


def far_out_of_reach(exc: LengthOutOfReach) -> bool:
    """Whether a length judged on sentence lengths guessed from word counts is out of reach by
    more than the guesses can be wrong (a voice's real lengths are within about 20 %)."""
    return abs(exc.nearest_s - exc.target_s) > 0.35 * exc.nearest_s


def _fit(run: Callable[..., Plan], target: float, session: Session, from_option: bool) -> Plan:
    def seconds(p: Plan) -> float:
        return p.duration / p.sample_rate

    rounds = "as-written"
    shortest, longest = run(1e-6, rounds, target), run(1e6, rounds, target)
    if target < seconds(shortest) - FIT_TOLERANCE_S:
        rounds = "fewest"
        shortest, longest = run(1e-6, rounds, target), run(1e6, rounds, target)
    elif target > seconds(longest) + FIT_TOLERANCE_S:
        rounds = "most"
        shortest, longest = run(1e-6, rounds, target), run(1e6, rounds, target)
    nearest = None
    if target < seconds(shortest) - FIT_TOLERANCE_S:
        nearest, why = seconds(shortest), "every hold at its shortest"
    elif target > seconds(longest) + FIT_TOLERANCE_S:
        nearest, why = seconds(longest), "every hold at its longest"
    if nearest is not None:
        want, can = textrules.format_duration(target), textrules.format_duration(nearest)
        message = f"the nearest this script can be is {can} ({why}); " + (
            "add or remove poses, or choose a length near that"
            if nearest > target
            else "add poses or pauses, or choose a length near that"
        )
        reach = {"target_s": target, "nearest_s": nearest}
        if from_option:
            raise LengthOutOfReach(f"--length {want} is out of reach: {message}", **reach)
        raise LengthOutOfReach(
            f"cannot fit {want}: {message}", session.path, session.length_line or 1, **reach
        )
    lo, hi = 1e-6, 1e6
    plan = shortest
    for _ in range(80):
        mid = (lo * hi) ** 0.5
        plan = run(mid, rounds, target)
        if abs(seconds(plan) - target) <= 0.5:
            break
        if seconds(plan) < target:
            lo = mid
        else:
            hi = mid
    return plan


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
    return zlib.crc32(repr((session.title, session.segments)).encode("utf-8"))


__all__ = ["Bell", "Breath", "Pause", "Pose", "Speak", "Plan", "Event", "Line", "plan_session"]
