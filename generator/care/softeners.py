"""Softeners: the hedges that make a cue an invitation ("if you like", "you might", "si te
apetece"). One now and then keeps a cue a choice; the same one twice in a row, or one in every
sentence, stops sounding like a choice and starts sounding like a tic. The planner keeps the same
softener out of consecutive sentences, and once more than ``SOFT_SHARE`` of the sentences heard
so far carried one, its built-in words choose variants without one (``generator.plan``): how
often a track hedges is bounded by the planner, not left to the seed. The lists are data, in
``generator/data/phrases.<lang>.yaml`` (``softeners``).
"""

from __future__ import annotations

import functools
import re

from generator.care.data import load_yaml, normalize_lang
from generator.care.forms import TABLES, in_address

NONE: frozenset[str] = frozenset()
SOFT_SHARE = 0.25  # past this share of sentences with a softener, built-in words avoid them all
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+")
_MARKER = re.compile(r"\[\s*pause[^\]]*\]", re.I)


@functools.cache
def _patterns(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each softener and what finds it: in Spanish, its *vos* and *usted* forms too ("si te
    apetece" is heard as "si tenés ganas" in Buenos Aires, "si lo desea" in *usted*, "si lo
    deseas" in Mexico City, ``generator.care.forms``)."""
    words = load_yaml(f"phrases.{lang}.yaml")["softeners"]

    def said(w: str) -> str:
        other = [*(in_address(w, a) for a in TABLES), in_address(w, "tú", language="es-419")]
        forms = dict.fromkeys([w, *other] if lang == "es" else [w])
        return "|".join(re.escape(f.replace("’", "'")) for f in forms)

    return tuple((w, re.compile(r"(?<!\w)(?:" + said(w) + r")(?!\w)", re.I)) for w in words)


def every_softener(lang: str) -> frozenset[str]:
    """All of a language's softeners (none for a language without built-in words)."""
    try:
        return frozenset(word for word, _ in _patterns(normalize_lang(lang)))
    except ValueError:
        return NONE


@functools.lru_cache(maxsize=8192)  # the planner asks about the same few hundred lines often
def softeners_in(text: str, lang: str) -> frozenset[str]:
    """Every softener in ``text`` (any language without built-in words has none)."""
    try:
        code = normalize_lang(lang)
    except ValueError:
        return NONE
    plain = text.replace("’", "'")
    return frozenset(word for word, pattern in _patterns(code) if pattern.search(plain))


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (pause markers end one), for the first and last of them."""
    out: list[str] = []
    for part in _MARKER.split(text):
        out += [s.strip() for s in _SENTENCE_END.split(part.strip()) if s.strip()]
    return out


def first_softeners(text: str, lang: str) -> frozenset[str]:
    """The softeners of the first sentence of ``text``: what the sentence before it must avoid."""
    parts = sentences(text)
    return softeners_in(parts[0], lang) if parts else NONE


def last_softeners(text: str, lang: str) -> frozenset[str]:
    """The softeners of the last sentence of ``text``: what the sentence after it must avoid."""
    parts = sentences(text)
    return softeners_in(parts[-1], lang) if parts else NONE


def repeats(text: str, lang: str) -> list[tuple[str, str, frozenset[str]]]:
    """Consecutive sentences inside ``text`` that share a softener: (first, second, shared)."""
    parts = sentences(text)
    out = []
    for a, b in zip(parts, parts[1:], strict=False):
        shared = softeners_in(a, lang) & softeners_in(b, lang)
        if shared:
            out.append((a, b, shared))
    return out
