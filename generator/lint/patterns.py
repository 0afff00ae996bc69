"""Rule patterns compiled only when a text could match them.

Compiling the rules' regexes costs more than running them, and most texts match few. So each
pattern keeps a *gate* read off the pattern itself: the phrases every match must hold, and the
choices between them. ``\\bkeep\\s+(?:your\\s+)?eyes\\s+(?:closed|shut)`` needs "keep", "eyes"
and one of "closed" or "shut"; ``\\byou\\s+must\\s+stay`` needs the phrase "you must stay"
(words joined by ``\\s+`` are looked for as one phrase, in the text with each run of white space
read as one space). A pattern is compiled and run only on a text that passes its gate.

A gate never skips a pattern that could match: what stands in an optional group, a character
class, a lookaround or under a repeat is not asked for, nor words shorter than three letters
(they are in nearly every text), so results are those of running every pattern (tests/lint check
this on every corpus line). This is the prefilter of code search tools (RE2's FilteredRE2), read
from the small dialect our patterns are written in.

A gate is a tuple of clauses that must all hold; a clause is a phrase, or a tuple of gates one of
which must hold. A pattern with no gate (None) is always run.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any, Union

from generator.lint.gatefile import kept_gate

Gate = tuple[Union[str, "tuple[Gate, ...]"], ...]

# a regex read in pieces: an escape, a character class, a bracket or bar, or a run of the rest
_PIECE = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|[()|]|[^\\\[()|]+", re.DOTALL)
# what a group is, from its first piece: (?:…), (?P<name>…), a lookaround, flags, a reference
_KIND = re.compile(r"\?(?::|P<\w+>|=|!|<=|<!|P=\w+|[aiLmsux-]+:?)?")
_REPEAT = re.compile(r"(?:[?*+]|\{\d*(?:,\d*)?\})\??")
_OPTIONAL = ("?", "*", "{0", "{,")
_PHRASE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789' ")
_PLAIN = re.compile(r"[a-z0-9' ]+")
_REPEAT_START = frozenset("?*+{")
_SHORTEST = 3  # letters: shorter phrases ("a", "no") are in nearly every text and help nothing


def gate(pattern: str) -> Gate | None:
    """What every match of ``pattern`` holds, or None when nothing can be said."""
    return _Reader([m.group() for m in _PIECE.finditer(pattern)]).alternatives()


class _Reader:
    """Reads a pattern's pieces left to right, one group level per ``alternatives`` call."""

    def __init__(self, pieces: list[str]) -> None:
        self.pieces = pieces
        self.i = 0

    def repeat(self) -> str:
        """The repeat that follows the piece just read ("+", "?", "{0,3}"), taken off its run."""
        if self.i + 1 >= len(self.pieces):
            return ""
        run = self.pieces[self.i + 1]
        m = _REPEAT.match(run) if run[0] not in "\\[()|" else None
        if m is None:
            return ""
        rest = run[m.end() :]
        self.pieces[self.i + 1 : self.i + 2] = [rest] if rest else []
        return m.group()

    def alternatives(self) -> Gate | None:
        """The gate from here to the ``)`` that closes this level (``self.i`` stops on it)."""
        options: list[list[str | tuple[Gate, ...]]] = [[]]
        phrase: list[str] = []

        def end_phrase() -> None:
            words = " ".join("".join(phrase).split())  # as the text is read: one space
            if len(words.replace(" ", "")) >= _SHORTEST:
                options[-1].append(words)
            phrase.clear()

        while self.i < len(self.pieces):
            piece = self.pieces[self.i]
            if piece == ")":
                break
            if piece == "|":
                end_phrase()
                options.append([])
            elif piece == "(":
                end_phrase()
                self.i += 1
                head = _KIND.match(self.pieces[self.i]) if self.i < len(self.pieces) else None
                kind = head.group() if head else ""
                if kind:
                    rest = self.pieces[self.i][len(kind) :]
                    self.pieces[self.i : self.i + 1] = [rest] if rest else []
                inner = self.alternatives()
                optional = self.repeat().startswith(_OPTIONAL)
                plain = kind in ("", "?:") or kind.startswith("?P<")  # not a lookaround
                if inner is not None and plain and not optional:
                    options[-1].extend(inner)
            elif piece == "\\s" and phrase:
                if self.repeat() in ("", "+", "+?"):  # one run of white space: one space
                    phrase.append(" ")
                else:
                    end_phrase()
            elif piece == "\\b":
                pass  # a word boundary takes no room: the phrase goes on
            elif piece[0] in "\\[":
                end_phrase()  # any of several characters
                self.repeat()
            else:
                self._read_run(piece, phrase, end_phrase)
            self.i += 1
        end_phrase()
        if any(not words for words in options):
            return None  # an alternative that needs nothing: neither does the whole
        gates = tuple(tuple(sorted(words, key=_rarest_first)) for words in options)
        return gates[0] if len(gates) == 1 else (gates,)

    def _read_run(self, run: str, phrase: list[str], end_phrase: Callable[[], None]) -> None:
        """Literal characters join the phrase; one under a repeat, or any other, ends it."""
        if _PLAIN.fullmatch(run):  # the usual run: words and spaces
            phrase.append(run)
            return
        k = 0
        while k < len(run):
            if run[k] in _REPEAT_START and (m := _REPEAT.match(run, k)):
                end_phrase()  # it repeats what stands before it, which was left out
                k = m.end()
                continue
            c = run[k]
            repeated = k + 1 < len(run) and run[k + 1] in _REPEAT_START
            if c in _PHRASE_CHARS and not repeated:
                phrase.append(c)
            else:
                end_phrase()
            k += 1


def _rarest_first(clause: str | tuple[Gate, ...]) -> tuple[int, int]:
    """Phrases before choices, longer ones (rarer, so a text fails sooner) first."""
    return (0, -len(clause)) if isinstance(clause, str) else (1, 0)


def _holds(gate: Gate, text: str) -> bool:
    """Does ``text`` hold every clause of ``gate``? (Plain loops, a choice of single phrases
    read in place: this runs for every pattern on every text.)"""
    for clause in gate:
        if clause.__class__ is str:
            if clause not in text:
                return False
            continue
        for option in clause:
            if len(option) == 1 and option[0].__class__ is str:
                if option[0] in text:
                    break
            elif _holds(option, text):
                break
        else:
            return False
    return True


@functools.lru_cache(maxsize=16)
def _spaced(text: str) -> str:
    """``text`` with each run of white space as one space, as gates read it."""
    return " ".join(text.split())


_UNREAD: Any = object()  # a gate not yet read off its pattern (None is "no gate")


class LazyPattern:
    """A regex compiled on first use, and used only on texts that pass its gate."""

    __slots__ = ("source", "_gate", "_regex")

    def __init__(self, source: str) -> None:
        self.source = source
        self._gate: Any = _UNREAD
        self._regex: re.Pattern[str] | None = None

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
        """Could ``text`` hold a match? False only when it lacks what every match holds."""
        if self._gate is _UNREAD:
            self._gate = kept_gate(self.source, gate)
        return self._gate is None or _holds(self._gate, _spaced(text))

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
