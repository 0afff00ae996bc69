"""Readable captions: WebVTT cues of at most two lines of 42 characters, shown for at most about
7 seconds, the usual limits for captions a person can read while listening.

A long sentence is cut where the voice already pauses: at the plan's clause boundaries, whose
times are exact. A single clause too long for one cue is cut between words, its times shared out
by the characters on each side (the voice's words are not timed one by one). A word is never cut.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.plan.types import Event, Plan

LINE_CHARS = 42
MAX_LINES = 2
MAX_CUE_S = 7.0


@dataclass(frozen=True)
class Cue:
    start: int  # samples
    end: int
    lines: tuple[str, ...]


def wrap(text: str, width: int = LINE_CHARS) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words (a word longer
    than a line gets a line of its own); text that takes two lines is broken where they come
    out most even, so no word is left hanging alone on the second ("…is welcome, / okay.")."""
    lines: list[str] = []
    words = text.split()
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) == 2:
        splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
        fitting = [pair for pair in splits if max(map(len, pair)) <= width]
        if fitting:
            return list(min(fitting, key=lambda pair: (max(map(len, pair)), -len(pair[0]))))
    return lines


def fits(text: str, seconds: float) -> bool:
    return len(wrap(text)) <= MAX_LINES and seconds <= MAX_CUE_S


def caption_cues(plan: Plan) -> list[Cue]:
    """The cues of ``plan``'s speech (breath cue words included, as the voice says them)."""
    sr = plan.sample_rate
    cues: list[Cue] = []
    for sentence in _sentences(plan):
        run: list[Event] = []
        for clause in sentence:
            candidate = [*run, clause]
            if run and not fits(_text(candidate), (clause.end - run[0].start) / sr):
                cues += _cut(run, sr)
                run = [clause]
            else:
                run = candidate
        cues += _cut(run, sr)
    return cues


def _sentences(plan: Plan) -> Iterator[list[Event]]:
    """Speech events grouped by sentence (a clause that ``continues`` joins the one before)."""
    current: list[Event] = []
    for e in sorted(plan.speech(), key=lambda e: (e.start, e.end)):
        if current and not e.continues:
            yield current
            current = []
        current.append(e)
    if current:
        yield current


def _text(events: list[Event]) -> str:
    return " ".join(" ".join((e.text or "").split()) for e in events)


def _cut(run: list[Event], sr: int) -> list[Cue]:
    """One cue for ``run`` (clauses of one sentence) if it fits; a lone clause that does not is
    cut between words."""
    if not run:
        return []
    text = _text(run)
    start, end = run[0].start, run[-1].end
    if fits(text, (end - start) / sr) or len(run) > 1:
        return [Cue(start, end, tuple(wrap(text)))]
    return _cut_words(text, start, end, sr)


def _cut_words(text: str, start: int, end: int, sr: int) -> list[Cue]:
    """A clause too long for one cue, in as few cues as fit, each as even as the words allow;
    times shared out in proportion to the characters."""
    words = text.split()
    if len(words) < 4 and len(wrap(text)) <= MAX_LINES:
        return [Cue(start, end, tuple(wrap(text)))]  # a few words said slowly: one cue, longer
    pieces = 2
    while True:
        groups = _even_groups(words, pieces)
        total = sum(len(" ".join(g)) for g in groups) or 1
        seconds = (end - start) / sr
        if all(fits(" ".join(g), seconds * len(" ".join(g)) / total) for g in groups) or (
            pieces >= len(words)
        ):
            break
        if pieces > 2 and min(map(len, _even_groups(words, pieces + 1))) < 2:
            break  # a slow clause is shown a little longer rather than one word at a time
        pieces += 1
    cues, at, done = [], start, 0
    for g in groups:
        done += len(" ".join(g))
        stop = end if done >= total else start + round((end - start) * done / total)
        cues.append(Cue(at, stop, tuple(wrap(" ".join(g)))))
        at = stop
    return cues


def _even_groups(words: list[str], pieces: int) -> list[list[str]]:
    """``words`` in ``pieces`` consecutive groups of about equal length in characters."""
    total = sum(len(w) + 1 for w in words)
    groups: list[list[str]] = [[] for _ in range(pieces)]
    done = 0
    for w in words:
        k = min(pieces - 1, int(done * pieces / total))
        groups[k].append(w)
        done += len(w) + 1
    return [g for g in groups if g]
