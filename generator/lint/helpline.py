"""A helpline is an offer: the checks on the words a listener is given for getting in touch (a
manifest row's ``helpline``, a script's ``care: {resource: …}``), which the phrase rules, written
for a practice's cues, let go; and which language such a short text is written in."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.script.voices import base_language

# A helpline is an offer. Pressing the listener to get in touch ("Make sure you call me tomorrow
# and tell me how it went.") is not, and the cue rules, written for a practice's words, let it go.
PRESSURE = {
    "en": re.compile(
        r"\b(?:make\s+sure|be\s+sure\s+to|(?:don'?t|do\s+not)\s+forget|it'?s\s+important\s+"
        r"that\s+you|you\s+(?:must|have\s+to|need\s+to|should))\b|(?:^|[.!?;:]\s*)(?:call|text|"
        r"e-?mail|message|ring|phone|tell|write\s+to)\s+me\b",
        re.IGNORECASE,
    ),
    "es": re.compile(  # in tú, usted and vos ("asegúrese", "llámeme", "tenés que", "contame")
        r"\b(?:aseg[úu]r(?:ate|ese)|no\s+(?:te\s+|se\s+)?olvides?|es\s+importante\s+que|"
        r"tienes?\s+que|ten[ée]s\s+que|deb[ée]s|debe)\b"
        r"|(?:^|[.!?;:¡]\s*)(?:ll[áa]m[ae]me|escr[íi]b[ae]me|escribime|cu[ée]nt[ae]me|contame|"
        r"av[íi]s[ae]me|m[áa]nd[ae]me)\b",
        re.IGNORECASE,
    ),
}  # fmt: skip
OFFER = {
    "en": re.compile(r"\bif\s+you(?:'d)?\s+(?:like|want|wish|need)|\byou\s+can\b|\bwhenever\s+you", re.I),
    "es": re.compile(r"\bsi\s+(?:quieres?|querés|te\s+apetece|lo\s+desea|lo\s+necesit(?:as|a|ás))\b|\bpuedes\b|\bpodés\b|\bpuede\s+\w+(?:me|nos)\b|\bcuando\s+quiera", re.I),
}  # fmt: skip
REWRITE = {
    "en": 'a helpline is an offer: e.g. "if you\'d like, you can let me know how it went"',
    "es": 'una línea de ayuda es un ofrecimiento: p. ej. "si te apetece, puedes contarme cómo te fue"',
}


def pressure(text: str, language: str) -> tuple[str, str] | None:
    """(the pressing words, a rewrite) when ``text`` presses the listener to get in touch and
    offers nothing ("Make sure you call me tomorrow."); None when it is an offer."""
    for lang in dict.fromkeys([written_in(text) or base_language(language), *PRESSURE]):
        found = PRESSURE[lang].search(text) if lang in PRESSURE else None
        if found and not OFFER[lang].search(text):
            return found.group(0).lstrip(".!?;:¡ "), REWRITE[lang]
    return None


# a number to dial: five digits or more, in groups or not ("0113 496 0000", "+34 900 20 20 10")
_NUMBER = re.compile(r"\+?\d[\d \-.()]{3,}\d")


_SHORT = re.compile(r"(?<![\w.,])\d{3,4}(?![\w]|[.,]\d)")  # 988, 111, 024: a short line's number


def _phone_numbers(text: str, short: bool = False) -> Iterator[tuple[str, str]]:
    """Each phone number in ``text``: as written, and as its digits (``short``: three or four
    digits alone too, as 988 or 024 are, which in other words may be a year or a count)."""
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if len(digits) >= 5:
            yield m.group(), digits
    if short:
        yield from ((m.group(), m.group()) for m in _SHORT.finditer(_NUMBER.sub(" ", text)))


def numbers_in(text: str) -> set[str]:
    """The phone numbers in ``text``, as their digits ("0113 496 0000" → "01134960000")."""
    return {digits for _, digits in _phone_numbers(text)}


def repeated_number(own: str | None, helpline: str) -> str | None:
    """The number ``helpline`` gives that the script's own resource line ``own`` gives already
    (as written in the helpline), when every number in it does: said after the script's line,
    it is the same number twice in a row ("…ring me at the clinic on 0113 496 0000. If you'd
    like to talk, you can ring me on 0113 496 0000."; "…call or text 988" twice)."""
    mine = list(_phone_numbers(helpline, short=True))  # a helpline's short number is a number
    theirs = {digits for _, digits in _phone_numbers(own or "", short=True)}
    if not own or not mine or not {digits for _, digits in mine} <= theirs:
        return None
    return mine[0][0]


# a few short words each language uses in almost every sentence, to tell a helpline's language
_FUNCTION_WORDS = {
    "en": frozenset((
        "the", "you", "your", "and", "to", "if", "can", "call", "any", "is",
        "it", "of", "or", "on", "with", "we", "our", "in", "for", "are",
    )),
    "es": frozenset((
        "el", "la", "los", "las", "y", "de", "que", "si", "puedes", "llamar", "al",
        "en", "tu", "con", "para", "es", "o", "por", "lo", "del", "te", "usted", "su", "puede",
    )),
}  # fmt: skip


def written_in(text: str) -> str | None:
    """The language a short text is plainly written in (by its function words), or None when
    it does not say ("116 123", "Samaritans")."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    hits = {
        lang: sum(w in vocabulary for w in words) for lang, vocabulary in _FUNCTION_WORDS.items()
    }
    best = max(hits, key=lambda lang: hits[lang])
    others = max(n for lang, n in hits.items() if lang != best)
    return best if hits[best] >= 2 and hits[best] > 2 * others else None
