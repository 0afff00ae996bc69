"""The Builder lays events out in time; the practice rules (``generator.plan.practice``,
``poses``, ``breathing``, ``holds``) drive it.

Timing rules (the contract the docs describe):
- speech never overlaps speech; consecutive sentences are ``pacing.sentence_gap`` apart, and the
  clauses of a sentence (``generator.script.text.split_clauses``) ``pacing.clause_gap`` apart;
- a pause lasts exactly its length and starts where the previous speech ends;
- a pose hold runs from the end of the entry (or switch) cue to the start of the next cue;
  check-ins and soft chimes happen inside it and never change its length;
- a breath round lasts exactly inhale + hold_in + exhale + hold_out, each phase's cue at its start;
- a bell is a tone event; what follows starts when it has rung out.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.care.forms import address_of, in_address, table_of
from generator.care.softeners import SOFT_SHARE, every_softener, softeners_in
from generator.errors import InputError
from generator.plan import repeats, roles
from generator.plan.checkins import CheckIns
from generator.plan.types import Event, Measure
from generator.plan.wording import Wording
from generator.script import text as textrules
from generator.script.format import MAX_TOTAL_S
from generator.script.model import Session

_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])(\s+)")


def own_sentences(session: Session) -> frozenset[str]:
    """Every sentence the author wrote anywhere in ``session`` (spoken text, cues, care lines,
    titles), whole and cut at sentence ends as ``Builder.local`` cuts."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.add(value)
            found.update(_SENTENCE_BREAK.split(value))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))
        elif isinstance(value, (tuple, list, frozenset, set)):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(session)
    return frozenset(found)


@dataclass(frozen=True)
class Piece:
    """One step of laying out text: a clause and the gap after it, or a pause marker (no text)."""

    text: str | None
    pause: int = 0  # samples of a pause marker
    # samples of silence before the next clause: clause_gap inside a sentence, else sentence_gap
    gap_after: int = 0
    continues: bool = False  # not the first clause of its sentence


# what to write instead of the built-in words, where a script's language has none
_OWN_WORDS = {
    "breathing": 'write the breaths as your own lines instead: - speak: "…" with [pause 4s] '
    "between them",
    "check-in": 'write care: {check_ins: ["…", "…"]}, lines said during the holds',
    "opening": 'write care: {opening: "…"}, or opening: false',
    "closing": 'write care: {closing: "…"}, or closing: false',
    "pose": "write this pose's cue:, exit: and, for a pose with sides, switch:",
}


@dataclass
class Builder:
    """A cursor over the timeline and the events laid so far."""

    session: Session
    measure: Measure
    tone_length: Callable[[int], int]
    sample_rate: int
    wording: Wording
    check_ins: CheckIns
    auto_chapters: bool
    hold_scale: float = 1.0
    rounds_scale: float = 1.0  # breathing rounds as written × this, within bounds (fitting)
    cursor: int = 0
    pending_gap: int = 0
    pending_chapter: str | None = None
    events: list[Event] = field(default_factory=list)
    marks: list[tuple[str, int]] = field(default_factory=list)
    # the latest sentence heard so far (its clauses joined), and where it started
    last_sentence: str = ""
    last_sentence_start: int = -1
    # sentences heard (breath cues aside) and how many carried a softener
    sentences_heard: int = 0
    soft_heard: int = 0
    _soft_now: bool = False
    # every sentence heard (breath cues aside): where it started and its words, for ``fresh``
    said: list[tuple[int, str]] = field(default_factory=list)
    # the length the opening spoke of (a fitted track's target): the written summary says the same
    opening_length_s: float | None = None
    # the author's own sentences, kept as written when built-in words are said in vos or usted
    own: frozenset[str] | None = None
    address: str | None = None  # how the built-in Spanish speaks (generator.care.forms)

    def __post_init__(self) -> None:
        self.address = address_of(self.session.language, self.session.address)
        if self.own is None and table_of(self.session.language, self.address):
            self.own = own_sentences(self.session)

    def local(self, text: str) -> str:
        """``text`` as this listener hears built-in words: in *vos* for a script in the Spanish
        of Argentina, Uruguay or Paraguay, in *usted* for one that says ``address: usted``, in
        Latin America's words for *tú* in ``es-MX`` or ``es-419`` (``generator.care.forms``). The author's own sentences in it are left as written."""
        if self.own is None:
            return text
        parts = _SENTENCE_BREAK.split(text)
        language = self.session.language
        return "".join(
            p if p in self.own or p.isspace() else in_address(p, self.address, False, language)
            for p in parts
        )

    def samples(self, seconds: float) -> int:
        return round(seconds * self.sample_rate)

    def fail(self, message: str, line: int) -> InputError:
        return InputError(message, self.session.path, line)

    def words(self, line: int, what: str, fix: str = "") -> Wording:
        """The built-in wording, or a clear error where the script's language has none: at the
        line to change (a pose's, a breath's; the care block's), saying what to write there."""
        if self.wording.known:
            return self.wording
        from generator.care.data import language_hint

        if hint := language_hint(self.session.language):  # "español": the code, not own words
            line = self.session.language_line or line or 1
            raise self.fail(f"language {self.session.language!r} is a name{hint}", line)
        raise self.fail(
            f"built-in {what} words exist in English and Spanish only, not "
            f"{self.session.language!r}; {fix or _OWN_WORDS.get(what, _OWN_WORDS['pose'])}",
            line or self.session.language_line or 1,
        )

    def open_chapter(self, at: int) -> None:
        """The chapter asked for by ``chapter()`` starts at ``at`` (the next sound)."""
        if self.pending_chapter is not None:
            self.marks.append((self.pending_chapter, at))
            self.pending_chapter = None

    def chapter(self, title: str) -> None:
        self.pending_chapter = self.local(title)

    def add(self, event: Event) -> None:
        """An event inside a span already laid out (a check-in, a chime, a breath cue): the
        cursor does not move."""
        self.events.append(event)
        self._heard(event)

    def _heard(self, event: Event) -> None:
        if event.kind != roles.SPEECH:
            return
        text = event.text or ""
        if event.role != roles.BREATH:
            if not event.continues:
                self.sentences_heard += 1
                self._soft_now = False
                self.said.append((event.start, text))
            elif self.said:
                self.said[-1] = (self.said[-1][0], f"{self.said[-1][1]} {text}")
            if not self._soft_now and softeners_in(text, self.session.language):
                self.soft_heard += 1
                self._soft_now = True
        if event.start < self.last_sentence_start:
            return
        self.last_sentence = f"{self.last_sentence} {text}" if event.continues else text
        self.last_sentence_start = event.start

    def sparing(self) -> bool:
        """True once more than ``SOFT_SHARE`` of the sentences heard carried a softener: built-in
        words said next choose variants without one."""
        return self.soft_heard > SOFT_SHARE * self.sentences_heard

    def recent_softeners(self) -> frozenset[str]:
        """What built-in words said next avoid: the softeners of the last sentence heard, or all
        of them while ``sparing``."""
        language = self.session.language
        if self.sparing():
            return every_softener(language)
        return softeners_in(self.last_sentence, language)

    def fresh(self, text: str) -> str:
        """Built-in ``text`` without the sentences (after its first) that echo one heard in the
        last few minutes (``generator.plan.repeats``)."""
        since = self.cursor - self.samples(repeats.WINDOW_S)
        recent = [sentence for start, sentence in self.said if start >= since]
        return repeats.without_echoes(self.local(text), recent, self.session.language)

    def pieces(self, text: str) -> list[Piece]:
        """What ``text`` becomes in time: its sentences cut into clauses (unless ``clause_gap`` is
        0), each with the gap that follows it, and its pause markers."""
        pacing = self.session.pacing
        out: list[Piece] = []
        for piece in textrules.split_speech(self.local(text)):
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
                self.timed(roles.PAUSE, piece.pause, line, roles.MARKER)
                continue
            start = self.cursor + self.pending_gap
            self.open_chapter(start)
            length = self.measure(piece.text)
            self.add(
                Event(
                    roles.SPEECH,
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
            self.add(
                Event(
                    roles.SPEECH,
                    pos,
                    pos + length,
                    line,
                    piece.text,
                    role,
                    continues=piece.continues,
                )  # fmt: skip
            )
            pos += length
            gap = piece.gap_after
        return pos

    def timed(self, kind: str, length: int, line: int, role: str, **extra: Any) -> Event:
        """A span that starts right where the previous speech ended and lasts exactly ``length``."""
        start = self.cursor
        self.open_chapter(start)
        event = Event(kind, start, start + length, line, role=role, **extra)
        self.events.append(event)
        self.cursor = start + length
        self.pending_gap = 0
        self.check_limit(line)
        return event

    def bell(self, line: int) -> None:
        """One of the bells the ``bells:`` setting asks for (start, end, before a side switch)."""
        strikes = self.session.bells.strikes
        self.timed(roles.TONE, self.tone_length(strikes), line, roles.BELL, strikes=strikes)

    def check_limit(self, line: int, extra: int = 0) -> None:
        if self.cursor + extra > self.samples(MAX_TOTAL_S):
            raise self.fail(
                f"the session would last over {MAX_TOTAL_S / 3600:g} hours by this item; shorten it",
                line,
            )
