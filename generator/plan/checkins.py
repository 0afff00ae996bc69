"""Which check-ins are said, in what order: the one place check-ins are chosen.

Where they go inside a hold is decided by ``generator.plan.holds``. Built-in check-ins come from
``generator/data/phrases.<lang>.yaml`` (``generator.care.phrases.check_in_pool``); an author's own
``care: {check_ins: [...]}`` are used in turn instead. Choices use ``random.Random(seed)`` only, so
the same script and seed always say the same words.
"""

from __future__ import annotations

import random
import re
from collections import deque
from dataclasses import dataclass

from generator.care.phrases import about_shape, check_in_pool, exit_tails, rest_ways_out
from generator.care.softeners import first_softeners, last_softeners, sentences, softeners_in

KINDS: tuple[str, ...] = ("exit", "notice", "move")
RECENT = 4  # a base check-in is not reused within this many picks


@dataclass(frozen=True)
class CheckIn:
    """One spoken check-in. ``kind`` is exit, notice or move; ``text`` always offers a way out;
    ``base`` is the line without its exit tail (a notice or move line said where a way out was
    offered a moment ago; for an exit line, the whole line). ``rest`` is what is said instead
    while resting, where there is no shape to come out of: a rest's own way out in place of an
    exit line, or after a notice or move line."""

    kind: str
    text: str
    base: str = ""
    rest: str = ""

    def line(self, resting: bool = False) -> str:
        return self.rest if resting and self.rest else self.text

    def said(self, offer: bool, resting: bool = False) -> str:
        return self.line(resting) if offer or not self.base else self.base


def choose_check_ins(n: int, lang: str, seed: int) -> list[CheckIn]:
    """``n`` varied check-ins, each carrying an exit offer; the same seed gives the same list.

    Consecutive items never share a kind (so never the same text), and a base line is not reused
    within a few picks, so long holds hear different wording each time. Notice and move lines get
    a short "you can come out" tail, never the same tail twice in a row, and never one sharing a
    softener with the line it follows. Each also gets its resting form, drawn from a second
    seeded order so the shapes' words stay as they were.
    """
    rng = random.Random(seed)
    rest_rng = random.Random(f"rest {seed}")
    rest_exits, rest_tails, after_moving = rest_ways_out(lang)
    said_resting: deque[str] = deque(maxlen=2)  # the last ways out said resting: not again yet
    pool = check_in_pool(lang)
    by_kind = {kind: [text for k, text in pool if k == kind] for kind in KINDS}
    tails = exit_tails(lang)
    recent: deque[str] = deque(maxlen=RECENT)
    previous_kind: str | None = None
    previous_tail: str | None = None
    chosen: list[CheckIn] = []
    for _ in range(n):
        kind = rng.choice([k for k in KINDS if k != previous_kind])
        base = rng.choice([t for t in by_kind[kind] if t not in recent])
        recent.append(base)
        text = base
        if kind != "exit":
            soft = softeners_in(base, lang)
            fitting = [
                t for t in tails
                if t != previous_tail and not softeners_in(t, lang) & soft and not _echoes(base, t)
            ]  # fmt: skip
            tail = rng.choice(fitting or [t for t in tails if t != previous_tail])
            previous_tail = tail
            text = f"{base} {tail}"
        if kind == "exit":
            rest = rest_rng.choice(_fresh(rest_exits, said_resting))
        else:
            pool = after_moving if kind == "move" else rest_tails
            soft = softeners_in(base, lang)
            fresh = _fresh(pool, said_resting)
            fitting = [
                t for t in fresh if not softeners_in(t, lang) & soft and not _echoes(base, t)
            ]
            rest = f"{base} {rest_rng.choice(fitting or fresh)}"
        said_resting.append(sentences(rest)[-1])
        chosen.append(CheckIn(kind, text, base, rest))
        previous_kind = kind
    return chosen


def _echoes(base: str, tail: str) -> bool:
    """Whether ``tail`` ends as ``base`` does ("Puedes moverte o recolocarte cuando lo necesites.
    Puedes hacer una pausa o parar cuando lo necesites."): two lines back to back with the same
    last words sound like a loop."""
    last = [re.findall(r"[^\W\d_]+", text.lower())[-2:] for text in (base, tail)]
    return len(last[0]) == 2 and last[0] == last[1]


def _fresh(options: list[str], said: deque[str]) -> list[str]:
    """``options`` not said in the last two check-ins (a rest of three minutes heard "You can
    stop at any point." twice, 90 s apart), or at least not in the last one."""
    return [t for t in options if t not in said] or [t for t in options if t != said[-1]]


class CheckIns:
    """The session's check-ins as one sequence: each hold takes the next ones, so wording never
    repeats back to back across holds either.

    Built-in check-ins are drawn in the seeded order of ``choose_check_ins``, except that a line
    sharing a softener with the sentence before it, or with the author's words after the hold
    (``begin``), waits for a later turn: the listener never hears the same "if you like" twice in a
    row. Only the order of calls decides, so the same script and seed say the same words.
    """

    def __init__(
        self, language: str | None, seed: int, own: tuple[str, ...] = (), in_bed: bool = False
    ) -> None:
        self.language = language  # None: no built-in words (the author must write their own)
        self.seed = seed
        self.own = own
        # a practice in bed: every hold is near sleep, so no built-in line asks a question
        self.in_bed = in_bed
        self._queue: list[CheckIn] = []  # drawn from choose_check_ins, not yet said
        self._drawn = 0
        self._said: list[CheckIn] = []  # placed in order; [_next:] are placed but not yet used
        self._next = 0
        # the author's lines placed: (turn, as said), a turn being index + laps
        self._own_said: list[tuple[int, str]] = []
        self._before: frozenset[str] = frozenset()
        self._then: frozenset[str] = frozenset()
        self._resting = False
        self._sparing = False

    @property
    def available(self) -> bool:
        return bool(self.own) or self.language is not None

    def begin(
        self,
        before: frozenset[str] = frozenset(),
        then: frozenset[str] = frozenset(),
        resting: bool = False,
        sparing: bool = False,
    ) -> None:
        """A new hold: its check-ins follow a sentence with softeners ``before`` and come before
        words starting with softeners ``then``; lines looked at but not used go back in line.
        ``resting``: the listener lies in a rest pose, so no line speaks of a shape or asks a
        question (a question asks for an answer; near sleep it keeps a listener awake; in bed,
        ``in_bed``, no hold's line does).
        ``sparing``: the track has hedged often enough; lines without a softener come first."""
        self.retract()
        self._before, self._then, self._resting = before, then, resting
        self._sparing = sparing

    def retract(self) -> None:
        """Lines looked at but not used go back in line (the hold is being laid out again)."""
        self._queue[:0] = self._said[self._next :]
        del self._said[self._next :]
        del self._own_said[self._next :]

    def peek(self, offset: int = 0, offer: bool = True) -> str:
        """The check-in ``offset`` places after the next one, without using it up: with a way
        out (``offer``), or a noticing or moving line alone. Peek in order, with the same
        ``offer`` each time, or ``retract`` first."""
        i = self._next + offset
        if self.own:
            while i >= len(self._own_said):
                after = self._own_said[-1][0] + 1 if self._own_said else 0
                self._own_said.append(self._own(after, offer))
            return self._own_said[i][1]
        if self.language is None:
            raise ValueError("no built-in check-ins for this language")
        while i >= len(self._said):
            self._said.append(self._draw(offer))
        return self._said[i].said(offer, self._resting)

    def use(self, n: int) -> None:
        self._next += n

    def _own(self, after: int, offer: bool) -> tuple[int, str]:
        """The author's line said next, from turn ``after`` on, and its turn: in turn, except
        that while the listener rests (no shape to come out of) a line that speaks of a shape
        waits for one that doesn't, when there is one. Where a way out is owed (``offer``) and
        the line offers none, a short one of the built-in ways out follows it (a rest's own
        while resting), so every line of theirs is heard and every hold still offers a way out."""
        n = len(self.own)
        if self.language is None:  # no word lists to tell an offer or a shape by
            return after, self.own[after % n]
        from generator.lint.engine import has_exit_offer  # the linter knows the offers' words

        lang = self.language
        turn = after
        if self._resting:
            turn = next(
                (t for t in range(after, after + n) if not about_shape(self.own[t % n], lang)),
                after,
            )
        line = self.own[turn % n]
        if not offer or has_exit_offer(line, lang):
            return turn, line
        tails = rest_ways_out(lang)[1] if self._resting else exit_tails(lang)
        soft = softeners_in(line, lang)
        fitting = [t for t in tails if not softeners_in(t, lang) & soft and not _echoes(line, t)]
        fitting = fitting or tails
        return turn, f"{line} {fitting[turn % len(fitting)]}"

    def _more(self) -> None:
        more = max(64, 2 * self._drawn)
        lang = self.language or "en"
        self._queue += choose_check_ins(self._drawn + more, lang, self.seed)[self._drawn :]
        self._drawn += more

    def _draw(self, offer: bool) -> CheckIn:
        lang = self.language or "en"
        if len(self._queue) < 2 * len(KINDS):
            self._more()
        previous = self._said[-1] if self._said else None
        in_this_hold = len(self._said) > self._next
        resting = self._resting
        said = previous.line(resting) if previous else ""
        before = last_softeners(said, lang) if in_this_hold and previous else self._before
        recent = {c.text for c in self._said[-RECENT:]}

        def fits(c: CheckIn, spare: bool) -> bool:
            line = c.line(resting)
            return (
                not (first_softeners(line, lang) & before)
                and not (last_softeners(line, lang) & self._then)
                and (previous is None or c.kind != previous.kind)
                and (offer or c.kind != "exit")
                and not (resting and about_shape(line, lang))
                and not ((resting or self.in_bed) and "?" in line)
                and c.text not in recent
                and (previous is None or sentences(line)[-1] != sentences(said)[-1])
                and not (spare and softeners_in(line, lang))
            )

        def first_fit(start: int) -> int | None:
            for spare in dict.fromkeys((self._sparing, False)):  # without a softener first
                k = next(
                    (k for k, c in enumerate(self._queue[start:], start) if fits(c, spare)), None
                )
                if k is not None:
                    return k
            return None

        k = first_fit(0)
        if k is None:  # nothing waiting fits here: look further down the seeded order once
            start = len(self._queue)
            self._more()
            k = first_fit(start) or 0
        return self._queue.pop(k)
