"""What the care linter's model sees in a text: hashed features, the same at training time
(``scripts/train_lint_model.py``) and when linting (``generator.lint.model``).

Three blocks, each scaled to unit length so that no block drowns the others:

- **words**: words, word pairs and word triples of the folded text (lower case, no accents), a
  word marked ``~`` when a negation reaches it in its phrase and ``q:`` inside a quotation; the
  word fields of ``generator/data/lint_lexicon.yaml`` ("crank" and "wrench" are both *force*), so a
  weight learned for one word carries over to its field; marks for whether the text softens,
  offers a way out, corrects or attributes a quotation, presses; and each word field crossed with
  those marks (*force* in a text that corrects a quotation is not *force* in one that presses).
- **pieces**: the four- and five-letter pieces of each word over five letters ("relajate" shares
  "rela" with "relajaos"), so unseen forms of a word still count. (Shorter pieces, and pieces of
  short words, mostly learned who wrote a line: cross-writer recall was 2-4 points lower with them.)
- **rules**: which phrase rules matched, and whether their context cleared them.

Counts are dampened (1 + log n). Pure Python: no numpy at lint time.
"""

from __future__ import annotations

import functools
import math
import re
import zlib

from generator.care.data import load_yaml
from generator.lint import scope
from generator.lint.engine import context

BITS = 18
BUCKETS = 1 << BITS
_TOKEN = re.compile(r"[\w']+|[,;:.!?()\"“”«»—–]")
_BREAK = frozenset(',;:.!?()"“”«»—–')
PIECE_MIN = 5  # words longer than this also count as their 4- and 5-letter pieces
_MARKS = ("soft", "exit", "corr", "attr", "endo", "press")


@functools.cache
def _lexicon(lang: str) -> tuple[dict[str, str], dict[str, tuple[tuple[str, str], ...]]]:
    """(whole word → field, first two letters → (prefix, field) pairs) for ``lang``."""
    exact: dict[str, str] = {}
    prefixes: dict[str, list[tuple[str, str]]] = {}
    for field, words in load_yaml("lint_lexicon.yaml")[lang].items():
        for word in words:
            word = scope.fold(str(word))
            if word.endswith("*"):
                prefixes.setdefault(word[:2], []).append((word[:-1], field))
            else:
                exact.setdefault(word, field)
    return exact, {k: tuple(v) for k, v in prefixes.items()}


@functools.cache
def _fields(word: str, lang: str) -> frozenset[str]:
    exact, prefixes = _lexicon(lang)
    found = {field for prefix, field in prefixes.get(word[:2], ()) if word.startswith(prefix)}
    found |= {field for prefix, field in prefixes.get(word[:1], ()) if word.startswith(prefix)}
    if word in exact:
        found.add(exact[word])
    return frozenset(found)


@functools.cache
def _pieces(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    n = len(padded)
    return tuple(f"c:{padded[i : i + k]}" for k in (4, 5) for i in range(n - k + 1))


def feature_names(
    text: str, lang: str, rule_marks: tuple[str, ...] = ()
) -> tuple[list[str], list[str], list[str]]:
    """The features of ``text`` as readable names, by block: (words, pieces, rules).
    ``rule_marks`` names what the phrase rules made of the text (``generator.lint.rules``)."""
    folded = scope.fold(scope.composed(text)[0])
    ctx = context(lang)
    quoted = scope.quotes(folded, ctx.reported)
    names: list[str] = []
    pieces: list[str] = []
    fields: set[str] = set()
    prev2, prev = "<s>", "<s>"
    negated_for = 0
    for m in _TOKEN.finditer(folded):
        tok = m.group()
        if tok in _BREAK:
            if tok in "?!":
                names.append(f"p:{tok}")
            prev2, prev, negated_for = prev, "<p>", 0
            continue
        if tok in ctx.negations or tok.endswith("n't"):
            negated_for = ctx.window
            names.append("neg")
        elif tok in ctx.boundaries:
            negated_for = 0
        mark = "~" if negated_for else ""
        negated_for = max(0, negated_for - 1)
        in_quote = quoted and scope.quote_at(quoted, m.start(), m.end()) is not None
        names += [f"w:{mark}{tok}", f"b:{prev}_{tok}", f"t:{prev2}_{prev}_{tok}"]
        if in_quote:
            names.append(f"q:{tok}")
        if len(tok) > PIECE_MIN:  # short words are whole-word features already
            pieces += _pieces(tok)
        for field in _fields(tok, lang):
            names.append(f"L:{mark}{'q' if in_quote else ''}{field}")
            names.append(f"L:{field}")
            fields.add(field)
        prev2, prev = prev, tok
    marks = [
        key
        for key, patterns in zip(
            _MARKS,
            (
                ctx.softeners,
                ctx.exit_offers,
                ctx.corrections,
                ctx.attributions,
                ctx.endorsements,
                ctx.pressure,
            ),
            strict=True,
        )
        if any(p.search(folded) for p in patterns)
    ]
    if quoted:
        marks.append("quote")
    if "neg" in names:
        marks.append("neg")
    names += [f"S:{key}" for key in marks]
    for field in sorted(fields):
        names += [f"X:{field}&{key}" for key in marks] or [f"X:{field}&plain"]
    return names, pieces, list(rule_marks) or ["R:none"]


def contested(
    text: str, lang: str, matched: list[tuple[int, int]] = (), negation: bool = True
) -> bool:
    """Does ``text``, outside the ``matched`` spans (the words a rule matched: a negation there is
    the risk, as in "don't move"), carry the context that makes risky-looking words safe where the
    phrase rules misread it: a negation (unless ``negation`` is False), a quotation or report the
    text does not endorse, a correction? Only there may the model overrule a rule (and on long
    sentences, where ordinary words sit in a context)."""
    for start, end in matched:
        text = text[:start] + " " * (end - start) + text[end:]
    folded = scope.fold(scope.composed(text)[0])
    ctx = context(lang)
    if any(p.search(folded) for p in ctx.corrections):
        return True
    endorsed = any(p.search(folded) for p in ctx.endorsements)  # "I always say …", "… she's right"
    if not endorsed and (
        scope.quotes(folded, ctx.reported) or any(p.search(folded) for p in ctx.attributions)
    ):
        return True
    unasked = _TAG.sub(" ", folded) if lang == "en" else folded
    return negation and any(
        tok in ctx.negations or tok.endswith("n't")
        for tok in (m.group() for m in _TOKEN.finditer(unasked))
    )


# a question that asks for agreement, not a negation: "aren't we clever today!", "lovely, isn't
# it?" (a rule's "good girl" was overruled as if the sentence denied something)
_TAG = re.compile(
    r"\b(?:aren't|isn't|don't|won't|didn't|haven't|wasn't|doesn't|weren't|hasn't|wouldn't)\s+"
    r"(?:we|you|they|it|that|he|she|i|ya)\b(?=(?:\s+[\w']+){0,3}\s*[?!])"
)


def bucket(name: str) -> int:
    return zlib.crc32(name.encode("utf-8")) & (BUCKETS - 1)


def _block(names: list[str], out: dict[int, float]) -> None:
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    values = {name: 1.0 + math.log(n) for name, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
    for name, v in values.items():
        h = bucket(name)
        out[h] = out.get(h, 0.0) + v / norm


def features(text: str, lang: str, rule_marks: tuple[str, ...] = ()) -> dict[int, float]:
    """Hashed feature → value: each block's dampened counts scaled to unit length."""
    out: dict[int, float] = {}
    for names in feature_names(text, lang, rule_marks):
        _block(names, out)
    return out
