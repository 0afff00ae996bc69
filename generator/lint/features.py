"""What the care linter's model sees in a text: hashed features, the same at training time
(``scripts/train_lint_model.py``) and when linting (``generator.lint.model``).

Words and word pairs of the folded text (lower case, no accents); four-letter pieces of words
("relajate" shares "rela" and "jate" with "relajaos"); the word fields of
``generator/data/lint_lexicon.yaml`` ("crank" and "wrench" are both *force*), so a weight learned
for one word carries over to its field; and marks for where a word stands: after a negation in its
phrase (``~``), inside a quotation (``q:``), and whether the text softens, offers a way out, or
corrects a quotation. Pure Python: no numpy at lint time.
"""

from __future__ import annotations

import functools
import re
import zlib

from generator.care.data import load_yaml
from generator.lint import scope
from generator.lint.engine import context

BUCKETS = 1 << 20
_TOKEN = re.compile(r"[\w']+|[,;:.!?()\"“”«»—–]")
_BREAK = frozenset(',;:.!?()"“”«»—–')


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


def feature_names(text: str, lang: str) -> list[str]:
    """The features of ``text`` as readable names (for training and for explaining a finding)."""
    folded = scope.fold(scope.composed(text)[0])
    ctx = context(lang)
    quoted = scope.quotes(folded, ctx.reported)
    names: list[str] = []
    prev = "<s>"
    negated_for = 0
    for m in _TOKEN.finditer(folded):
        tok = m.group()
        if tok in _BREAK:
            prev, negated_for = "<p>", 0
            continue
        if tok in ctx.negations or tok.endswith("n't"):
            negated_for = ctx.window
            names.append("neg")
        elif tok in ctx.boundaries:
            negated_for = 0
        mark = "~" if negated_for else ""
        negated_for = max(0, negated_for - 1)
        in_quote = scope.quote_at(quoted, m.start(), m.end()) is not None
        names += [f"w:{mark}{tok}", f"b:{prev}_{tok}"]
        if in_quote:
            names.append(f"q:{tok}")
        padded = f" {tok} "
        names += [f"c:{padded[i : i + 4]}" for i in range(len(padded) - 3)]
        for field in _fields(tok, lang):
            names.append(f"L:{mark}{'q' if in_quote else ''}{field}")
            names.append(f"L:{field}")
        prev = tok
    for key, patterns in (
        ("soft", ctx.softeners),
        ("exit", ctx.exit_offers),
        ("corr", ctx.corrections),
        ("attr", ctx.attributions),
        ("endo", ctx.endorsements),
        ("press", ctx.pressure),
    ):
        if any(p.search(folded) for p in patterns):
            names.append(f"S:{key}")
    if quoted:
        names.append("S:quote")
    return names


def bucket(name: str) -> int:
    return zlib.crc32(name.encode("utf-8")) & (BUCKETS - 1)


def features(text: str, lang: str) -> dict[int, float]:
    """Hashed feature → count, scaled to unit length."""
    counts: dict[int, float] = {}
    for name in feature_names(text, lang):
        h = bucket(name)
        counts[h] = counts.get(h, 0.0) + 1.0
    norm = sum(v * v for v in counts.values()) ** 0.5 or 1.0
    return {h: v / norm for h, v in counts.items()}
