"""An author's own closing, and what holdspace adds to it: the care note's first sentence
(unless the closing says it in its own words) and their resource line, before the thanks or
goodbye it ends with, as the built-in closing says its care note before its thanks."""

from __future__ import annotations

import re

from generator.care.data import LANGUAGES
from generator.care.phrases import phrase_data
from generator.script.text import split_sentences


def care_note(lang: str, closing: str) -> str:
    """The care note's first sentence ("This practice is not a replacement for care.") for an
    author's own ``closing``, unless it says so in its own words: with an own closing it went
    unsaid, with nothing to say so (a tester's track lost it)."""
    if lang not in LANGUAGES:
        return ""
    text = phrase_data(lang)["closing"]
    if any(re.search(p, closing, re.IGNORECASE) for p in text["care_said"]):
        return ""
    return text["care"][0]


def with_added(lang: str, closing: str, added: str) -> str:
    """An author's own closing with what holdspace ``added`` (the care note, their resource
    line): before the sentences of thanks or goodbye it ends with, if any ("… call 024. Thank
    you for practising."), as the built-in closing says its care note before its thanks; else
    after it."""
    if not added:
        return closing
    sentences = split_sentences(closing)
    farewell = phrase_data(lang)["closing"].get("farewell", []) if lang in LANGUAGES else []
    said = [re.compile(p, re.IGNORECASE) for p in farewell]
    tail = len(sentences)
    while tail > 0 and any(p.search(sentences[tail - 1]) for p in said):
        tail -= 1
    if tail == len(sentences):
        return f"{closing} {added}".strip()
    return " ".join([*sentences[:tail], added, *sentences[tail:]])
