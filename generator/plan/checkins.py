"""Which check-ins are said, in what order: the one place check-ins are chosen.

Where they go inside a hold is decided by ``generator.plan.holds``. Built-in check-ins come from
``generator/data/phrases.<lang>.yaml`` (``generator.care.phrases.check_in_pool``); an author's own
``care: {check_ins: [...]}`` are used in turn instead. Choices use ``random.Random(seed)`` only, so
the same script and seed always say the same words.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass

from generator.care.phrases import check_in_pool, exit_tails

KINDS: tuple[str, ...] = ("exit", "notice", "move")
RECENT = 4  # a base check-in is not reused within this many picks


@dataclass(frozen=True)
class CheckIn:
    """One spoken check-in. ``kind`` is exit, notice or move; ``text`` always offers a way out."""

    kind: str
    text: str


def choose_check_ins(n: int, lang: str, seed: int) -> list[CheckIn]:
    """``n`` varied check-ins, each carrying an exit offer; the same seed gives the same list.

    Consecutive items never share a kind (so never the same text), and a base line is not reused
    within a few picks, so long holds hear different wording each time. Notice and move lines get
    a short "you can come out" tail, never the same tail twice in a row.
    """
    rng = random.Random(seed)
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
            tail = rng.choice([t for t in tails if t != previous_tail])
            previous_tail = tail
            text = f"{base} {tail}"
        chosen.append(CheckIn(kind, text))
        previous_kind = kind
    return chosen


class CheckIns:
    """The session's check-ins as one sequence: each hold takes the next ones, so wording never
    repeats back to back across holds either."""

    def __init__(self, language: str | None, seed: int, own: tuple[str, ...] = ()) -> None:
        self.language = language  # None: no built-in words (the author must write their own)
        self.seed = seed
        self.own = own
        self._chosen: list[str] = []
        self._next = 0

    @property
    def available(self) -> bool:
        return bool(self.own) or self.language is not None

    def peek(self, offset: int = 0) -> str:
        """The check-in ``offset`` places after the next one, without using it up."""
        i = self._next + offset
        if self.own:
            return self.own[i % len(self.own)]
        if self.language is None:
            raise ValueError("no built-in check-ins for this language")
        while i >= len(self._chosen):
            more = max(64, 2 * len(self._chosen))
            self._chosen = [c.text for c in choose_check_ins(more, self.language, self.seed)]
        return self._chosen[i]

    def use(self, n: int) -> None:
        self._next += n
