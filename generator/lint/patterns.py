"""Rule patterns compiled only when a text could match them.

Compiling the rules' regexes costs more than running them, and most texts match few. So each
pattern keeps the literal words any match must start with ("push", "force", "never"… read off the
pattern itself: ``\\b(?:push|force)\\s+…`` starts with "push" or "force"), and is compiled and run
only on a text that contains one of them. A pattern whose start cannot be read that way (a
character class, an optional group) is always run. A second gate, read when the first lets a text
through, asks for the words outside any group that a match must hold wherever they stand
(``\\byou\\s+(?:must|should)\\s+stay\\b`` needs "stay"): long texts hold the usual first words
("you", "the") and would compile nearly every pattern. The gates only ever skip a pattern that
could not match, so results are the same as running every pattern (tests/lint check this on the
corpus).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

_META = frozenset("\\()[]{}?*+.|^$")


# a regex read in pieces: an escape, a character class, a bracket or bar, or a run of the rest
_PIECE = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|[()|]|[^\\\[()|]+", re.DOTALL)


def _walk(s: str, start: int = 0) -> Iterator[tuple[re.Match[str], int]]:
    """Each piece of ``s`` from ``start`` with the depth of groups it stands in (a bracket
    counts as inside the group it opens or closes)."""
    depth = 0
    for m in _PIECE.finditer(s, start):
        piece = m.group()
        if piece == "(":
            depth += 1
            yield m, depth
        elif piece == ")":
            yield m, depth
            depth -= 1
        else:
            yield m, depth


def _group_end(s: str, i: int) -> int | None:
    """The index just past the ``)`` that closes the group opening at ``s[i]``."""
    for m, depth in _walk(s, i):
        if depth == 1 and m.group() == ")":
            return m.end()
    return None


@functools.lru_cache(maxsize=4096)
def _alternatives(s: str) -> tuple[str, ...]:
    """``s`` split at its top-level ``|``."""
    if "|" not in s:
        return (s,)
    out, start = [], 0
    for m, depth in _walk(s):
        if depth == 0 and m.group() == "|":
            out.append(s[start : m.start()])
            start = m.end()
    out.append(s[start:])
    return tuple(out)


def _start(s: str) -> tuple[str, ...] | None:
    """Literal prefixes one of which every match of ``s`` (one alternative) starts with."""
    i = 0
    while True:
        if s.startswith("\\b", i):
            i += 2
        elif s.startswith(("(?<!", "(?<="), i):
            end = _group_end(s, i)
            if end is None:
                return None
            i = end
        else:
            break
    if s.startswith(("(?:", "(?P<"), i):
        end = _group_end(s, i)
        if end is None or (end < len(s) and s[end] in "?*{"):
            return None
        inner = s[i + 3 : end - 1] if s.startswith("(?:", i) else s[s.index(">", i) + 1 : end - 1]
        alts = _alternatives(inner)
        literal = [_literal(a) for a in alts] if alts else [None]
        if all(literal) and len(literal) <= 60:  # "(?:a|an)\s+option" → "a option", "an option"
            found: list[str] = []
            for word in literal:
                found += _then(word, s, end)
            return tuple(found)
        return prefixes(inner)
    j = i
    while j < len(s) and s[j] not in _META:
        j += 1
    word = s[i:j]
    if j < len(s) and s[j] in "?*{":
        return (word[:-1],) if word[:-1].strip() else None
    if not word.strip():
        return None
    return _then(word, s, j)


def _literal(alt: str) -> str | None:
    """``alt`` as plain words if it is only letters and ``\\s+`` ("do\\s+not" → "do not")."""
    words = alt.split("\\s+")
    if all(w and not any(c in _META for c in w) for w in words):
        return " ".join(words)
    return None


def _then(word: str, s: str, j: int) -> tuple[str, ...]:
    """``word`` extended by the next word when a plain ``\\s+`` and a literal or a required
    group of literals follow ("no" + "\\s+(?:moving|talking)" → "no moving", "no talking")."""
    if not s.startswith("\\s+", j):
        return (word,)
    k = j + 3
    if s.startswith("(?:", k):
        end = _group_end(s, k)
        if end is None or (end < len(s) and s[end] in "?*{"):
            return (word,)
        nxt = prefixes(s[k + 3 : end - 1])
        if not nxt or len(nxt) > 60:
            return (word,)
        return tuple(f"{word} {n}" for n in nxt)
    m = k
    while m < len(s) and s[m] not in _META:
        m += 1
    nxt = s[k:m]
    if m < len(s) and s[m] in "?*{":
        nxt = nxt[:-1]
    return (f"{word} {nxt}",) if nxt.strip() else (word,)


def prefixes(pattern: str) -> tuple[str, ...] | None:
    """Literal prefixes one of which every match of ``pattern`` starts with, or None."""
    alts = _alternatives(pattern)
    if alts is None:
        return None
    found: list[str] = []
    for alt in alts:
        start = _start(alt)
        if not start:
            return None
        found += start
    return tuple(sorted(set(found)))


_WORD = re.compile(r"[a-z0-9']+")
_COUNTED = re.compile(r"\{[\d,]*\}")  # a {m,n} quantifier: its digits are not words


def required(pattern: str) -> tuple[tuple[str, ...], ...]:
    """For each top-level alternative of ``pattern``, the words (3 letters or more) that stand
    outside every group, unquantified: any match of that alternative holds them all."""
    out = []
    for alt in _alternatives(pattern):
        words: list[str] = []
        for m, depth in _walk(alt):
            piece = m.group()
            if depth == 0 and piece[0] not in "\\[":
                run = _COUNTED.sub("{", piece)
                for w in _WORD.finditer(run):
                    word = w.group()
                    if w.end() < len(run) and run[w.end()] in "?*{":
                        word = word[:-1]  # "stay?" needs only "sta"
                    if len(word) >= 3:
                        words.append(word)
        out.append(tuple(words))
    return tuple(out)


def _holds_a_group(groups: tuple[tuple[str, ...], ...], text: str) -> bool:
    """Does ``text`` hold every word of at least one of ``groups``?"""
    for words in groups:
        for w in words:
            if w not in text:
                break
        else:
            return True
    return False


class LazyPattern:
    """A regex compiled on first use, and used only on texts holding one of its prefixes and
    the words it requires."""

    __slots__ = ("source", "gate", "_words", "_phrases", "_regex", "_required")

    def __init__(self, source: str) -> None:
        self.source = source
        found = prefixes(source)
        self.gate = found
        # one-word prefixes, and the words of longer ones (all must be in a text that matches)
        self._words = tuple(p for p in found or () if " " not in p)
        self._phrases = tuple(tuple(p.split()) for p in found or () if " " in p)
        self._regex: re.Pattern[str] | None = None
        self._required: tuple[tuple[str, ...], ...] | None = None  # read on first need

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.source)
        return self._regex

    @property
    def groupindex(self):  # noqa: ANN201 - mirrors re.Pattern
        return self.regex.groupindex

    @property
    def pattern(self) -> str:
        return self.source

    def could_match(self, text: str) -> bool:
        """Could ``text`` hold a match? False only when it holds none of the words a match
        must start with, or lacks a word each alternative requires. (Plain loops: this runs
        for every pattern on every text, and generator expressions cost more here.)"""
        if self.gate is not None and not self._starts(text):
            return False
        if self._required is None:
            self._required = required(self.source)
        return _holds_a_group(self._required, text)

    def _starts(self, text: str) -> bool:
        for w in self._words:
            if w in text:
                return True
        return _holds_a_group(self._phrases, text)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        if not self.could_match(text):
            return None
        return self.regex.search(text, pos, len(text) if endpos is None else endpos)

    def match(self, text: str) -> re.Match[str] | None:
        if not self.could_match(text):
            return None
        return self.regex.match(text)

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[re.Match[str]]:
        if not self.could_match(text):
            return iter(())
        return self.regex.finditer(text, pos, len(text) if endpos is None else endpos)
