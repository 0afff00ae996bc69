"""Where a risky phrase stands in its text: the sentence and phrase around it, whether a negation
reaches it, and whether it sits inside a quotation (or reported words: "you may have heard that
…") that the text then corrects.

Everything works on a *folded* copy of the text: lower case, accents off, curly apostrophes
straight, one character for one character, so an offset in the folded text is an offset in the
author's text. Rules are written against the folded text ("relajate" matches "Relájate").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from generator.lint import spanish_forms
from generator.lint.spellings import RESPELLINGS

_APOSTROPHES = "\u2019\u2018\u02bc\u00b4`"
# a sentence ends at . ! ? ; … or a line break (not inside a number: "1.5")
SENTENCE_BREAK = re.compile(r"(?<!\d)[.!?;…](?!\d)|\n|\b(?:but|pero|sino)\b")
_FULL_STOP = re.compile(r"(?<!\d)[.!?;…](?!\d)|\n")
_REPORT_END = re.compile(r"[,:—–()]")
PHRASE_BREAK = re.compile(r"[,:—–()\"«»“”]|\s-\s")
WORD = re.compile(r"[\w']+")
_QUOTE_PAIRS = {'"': '"', "“": "”", "«": "»", "„": "“"}


@functools.cache
def _fold_char(ch: str) -> str:
    if ch in _APOSTROPHES:
        return "'"
    low = ch.lower()
    if len(low) != 1:
        low = ch
    if ord(low) < 128:
        return low
    base = unicodedata.normalize("NFD", low)[0]
    return base if ord(base) < 128 and base.isalpha() else low


def fold(text: str) -> str:
    """Lower case, accents off, straight apostrophes; same length as ``text``."""
    return "".join(map(_fold_char, text))


# what a listener hears as one gap: a run of spaces or line breaks, or a [pause 3s] marker
_GAP = re.compile(r"\s*\[\s*pause\b[^\]]*\]\s*|\s+", re.IGNORECASE)


def spoken(text: str, lang: str = "en") -> tuple[str, list[int]]:
    """``text`` as it is heard: pause markers and runs of spaces as one space, none at either
    end ("Welcome.  [pause 2s] Relax." → "Welcome. Relax."), so a sentence after a pause or
    two spaces starts a sentence; words spelt as a voice says them read as the word they are
    (``RESPELLINGS``); and for each character (plus one past the end) its offset in ``text``."""
    out: list[str] = []
    where: list[int] = []
    pos = 0
    for gap in _GAP.finditer(text):
        out.append(text[pos : gap.start()])
        where += range(pos, gap.start())
        if gap.start() > 0 and gap.end() < len(text):
            out.append(" ")
            where.append(gap.start())
        pos = gap.end()
    out.append(text[pos:])
    where += range(pos, len(text))
    where.append(len(text))
    return _respelled("".join(out), where, lang)


_YORKSHIRE_THE = re.compile(r"(?<![\w'])t'(?=[a-z])")  # "t'muck" → "the muck"
_DROPPED_G = re.compile(r"(?<![\w'])([a-z]{2,}in)(?=')(?!'\w)")  # "stingin'" → "stinging'"
# "sentao" → "sentado" (not the plural: "relajaos" is an order to vosotros)
_CLIPPED_ES = re.compile(r"(?<![\w'])([a-z]{3,}[^aeiou\W])ao(?![\w'])")


@functools.cache
def _respell_table(lang: str) -> tuple[dict[str, str], re.Pattern[str]]:
    table = {fold(k): v for k, v in {**RESPELLINGS["any"], **RESPELLINGS.get(lang, {})}.items()}
    alternatives = "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True))
    return table, re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w']|'\w)")


def _respelled(heard: str, where: list[int], lang: str) -> tuple[str, list[int]]:
    lang = lang.split("-")[0]
    folded = fold(heard)
    table, words = _respell_table(lang)
    changes = [(m.start(), m.end(), table[m.group(0)]) for m in words.finditer(folded)]
    if lang == "en":
        changes += [(m.end(1), m.end(1), "g") for m in _DROPPED_G.finditer(folded)]
        changes += [(m.start(), m.end(), "the ") for m in _YORKSHIRE_THE.finditer(folded)]
    if lang == "es":
        changes += [(m.start(), m.end(), m.group(1) + "ado") for m in _CLIPPED_ES.finditer(folded)]
        changes += spanish_forms.respellings(folded)  # "Relájese", "Cerrad": "relájate", "cierra"
    if not changes:
        return heard, where
    out: list[str] = []
    moved: list[int] = []
    pos = 0
    for start, end, word in sorted(changes):
        if start < pos:
            continue
        out.append(heard[pos:start])
        moved += where[pos:start]
        if heard[start : start + 1].isupper():
            word = word[0].upper() + word[1:]
        out.append(word)
        moved += _span(where, start, end, len(word))
        pos = end
    out.append(heard[pos:])
    moved += where[pos:]
    return "".join(out), moved


def _span(where: list[int], start: int, end: int, length: int) -> list[int]:
    """Offsets for ``length`` characters said in place of ``heard[start:end]``: its last
    character ends where the author's word ends, so a finding quotes the whole word."""
    if end == start:  # an insertion: where the next character is
        return [where[start]] * length
    if length >= end - start:
        return [where[start]] * (length - (end - start)) + where[start:end]
    return where[start : start + length - 1] + [where[end - 1]]


def composed(text: str) -> tuple[str, list[int]]:
    """``text`` with combining accents joined to their letters (NFC), and for each character of
    the result (plus one past the end) its offset in ``text``."""
    if unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text) + 1))
    out: list[str] = []
    where: list[int] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]):
            piece = unicodedata.normalize("NFC", text[start:i])
            out.append(piece)
            where += [start] * len(piece)
            start = i
    where.append(len(text))
    return "".join(out), where


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]`` (it may hold a break itself: "Let go. Now.")."""
    left, right = 0, len(text)
    for brk in SENTENCE_BREAK.finditer(text):
        if brk.end() <= start:
            left = brk.end()
        elif brk.start() >= end:
            right = brk.start()
            break
    return left, right


def phrase_start(text: str, start: int, left: int) -> int:
    """Where the comma-separated phrase that ``start`` is in begins (at or after ``left``)."""
    at = left
    for brk in PHRASE_BREAK.finditer(text, left, start):
        at = brk.end()
    return at


def phrase_end(text: str, end: int, right: int) -> int:
    """Where the phrase that ``end`` is in ends (at or before ``right``)."""
    brk = PHRASE_BREAK.search(text, end, right)
    return brk.start() if brk else right


def negated(
    prefix: str, negations: frozenset[str], window: int, boundaries: frozenset[str] = frozenset()
) -> bool:
    """A negation word among the last ``window`` words of ``prefix``, after its last clause
    boundary word ("don't flinch *when* I touch you": the negation stops at "when")."""
    words = WORD.findall(prefix)
    for i in range(len(words) - 1, -1, -1):
        if words[i] in boundaries:
            words = words[i + 1 :]
            break
    for word in words[-window:]:
        if word in negations or ("n't" in negations and word.endswith("n't")):
            return True
    return False


@dataclass(frozen=True)
class Quote:
    """A quoted stretch (``start``–``end`` inclusive of the marks) or reported words."""

    start: int
    end: int


def quotes(folded: str, reported: tuple[re.Pattern[str], ...]) -> list[Quote]:
    """Quoted stretches ("…", “…”, «…») and reported words ("you may have heard that X", up to
    the end of the phrase; or, for a pattern with an ``after`` group, "X is an old saying", from
    the sentence's start) in ``folded``."""
    found: list[Quote] = []
    i = 0
    while i < len(folded):
        ch = folded[i]
        close = _QUOTE_PAIRS.get(ch)
        if close is not None:
            j = folded.find(close, i + 1)
            if j > i + 1:
                found.append(Quote(i, j + 1))
                i = j + 1
                continue
        i += 1
    for pattern in reported:
        for m in pattern.finditer(folded):
            if any(q.start <= m.start() < q.end for q in found):
                continue
            if "after" in pattern.groupindex:  # "No pain, no gain is an old saying …": before it
                left, _ = sentence_bounds(folded, m.start(), m.start())
                if m.start() > left:
                    found.append(Quote(left, m.start()))
                continue
            _, right = sentence_bounds(folded, m.end(), m.end())
            brk = _REPORT_END.search(folded, m.end(), right)
            found.append(Quote(m.end(), brk.start() if brk else right))
    return found


def quote_at(quoted: list[Quote], start: int, end: int) -> Quote | None:
    for q in quoted:
        if q.start <= start and end <= q.end:
            return q
    return None


def outside(folded: str, quote: Quote, left: int, right: int) -> str:
    """``folded[left:right]`` with the quotation blanked out (same length)."""
    start, end = max(quote.start, left), min(quote.end, right)
    if start >= end:
        return folded[left:right]
    return folded[left:start] + " " * (end - start) + folded[end:right]


def around_quote(folded: str, quote: Quote) -> tuple[int, int]:
    """The stretch a quotation is judged by: from its sentence's start to the end of the next two
    sentences ("You may have heard that "…"; that's a popular idea, but it isn't true")."""
    left, _ = sentence_bounds(folded, quote.start, quote.end)
    ends = [m.start() for m in _FULL_STOP.finditer(folded, quote.end)]
    return left, ends[2] if len(ends) > 2 else len(folded)
