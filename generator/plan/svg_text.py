"""Text in the timeline SVG: escaping for XML, a width guess in a sans-serif font, and cutting a
label to fit its band with "…"."""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

NARROW = frozenset(" .,;:'!|()[]ijlftrI")


def clean(text: str) -> str:
    """Text that XML 1.0 can hold, on one line: control characters, lone surrogates and
    non-characters become U+FFFD (escaping cannot make those legal)."""
    out = []
    for ch in text:
        o = ord(ch)
        if ch in "\t\n\r":
            out.append(" ")
        elif o < 0x20 or 0xD800 <= o <= 0xDFFF or o in (0xFFFE, 0xFFFF) or 0x7F <= o <= 0x9F:
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def text(text: str) -> str:
    """Escaped element content."""
    return escape(text)


def attr(text: str) -> str:
    """Escaped attribute value (for double quotes)."""
    return escape(text, {'"': "&quot;"})


def charwidth(ch: str, size: float) -> float:
    """A generous guess at one character's width in a sans-serif font (DejaVu Sans is among the
    widest): wide (CJK, emoji) is 1 em, combining marks none, capitals more than lower case."""
    if unicodedata.combining(ch) or ch in "\u200d\ufe0f\ufe0e":
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return size
    if ch in NARROW:
        return 0.34 * size
    if ch in "MWmw@%":
        return 1.0 * size
    if ch.isupper() or ch.isdigit() or ch == "&":
        return 0.78 * size
    return 0.62 * size


def width(text: str, size: float) -> float:
    return sum(charwidth(ch, size) for ch in text)


def fit_title(text: str, size: float, room: float) -> str:
    """A chapter title cut to ``room`` px, keeping what tells chapters apart: in "Reclined figure
    four, left side" the pose name is shortened ("Reclined fig…, left side"), not the side."""
    head, sep, tail = text.rpartition(", ")
    if not sep or width(text, size) <= room:
        return fit(text, size, room)
    suffix = sep + tail
    short = fit(head, size, room - width(suffix, size))
    return short + suffix if short else fit(text, size, room)


def fit(text: str, size: float, room: float) -> str:
    """``text`` if it fits in ``room`` px, else its longest start that fits with "…", else ""."""
    if room <= 0:
        return ""
    if width(text, size) <= room:
        return text
    ellipsis = charwidth("…", size) + 0.2 * size
    used, cut = 0.0, 0
    for i, ch in enumerate(text):
        used += charwidth(ch, size)
        if used + ellipsis > room:
            break
        cut = i + 1
    # never split a base character from its marks, or an emoji sequence
    while cut and cut < len(text) and charwidth(text[cut], size) == 0.0:
        cut -= 1
    while cut and text[cut - 1] == "\u200d":
        cut -= 1
    head = text[:cut].rstrip(" ,;:·-–—")
    return f"{head}…" if head else ""


def n(value: float) -> str:
    """A coordinate: two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def s(samples: int, sample_rate: int) -> str:
    """Seconds as in the JSON plan (six decimals)."""
    return repr(round(samples / sample_rate, 6))
