"""Built-in spoken text (check-ins, opening, closing, sides, chapters) in English and Spanish.

The words live in ``generator/data/phrases.<lang>.yaml``; this module picks and assembles them.
Check-ins are chosen with ``random.Random(seed)`` only, so a script renders the same every time.
"""

from __future__ import annotations

import random
import re
from collections import deque
from dataclasses import dataclass
from typing import Any

from generator.care.data import load_yaml, normalize_lang

KINDS: tuple[str, ...] = ("exit", "notice", "move")
_RECENT = 4  # a base check-in is not reused within this many picks


@dataclass(frozen=True)
class CheckIn:
    """One spoken check-in. ``kind`` is exit, notice or move; ``text`` always offers a way out."""

    kind: str
    text: str


def _phrases(lang: str) -> dict[str, Any]:
    return load_yaml(f"phrases.{normalize_lang(lang)}.yaml")


# --- check-ins ---------------------------------------------------------------------------------


def check_in_pool(lang: str) -> list[CheckIn]:
    """Every base check-in line (without the exit tails that ``choose_check_ins`` adds)."""
    pools = _phrases(lang)["check_ins"]
    return [CheckIn(kind, text) for kind in KINDS for text in pools[kind]]


def exit_tails(lang: str) -> list[str]:
    """Short "you can come out" lines appended to notice/move check-ins."""
    return list(_phrases(lang)["exit_tails"])


def choose_check_ins(n: int, lang: str, seed: int) -> list[CheckIn]:
    """``n`` varied check-ins, each carrying an exit offer; the same seed gives the same list.

    Consecutive items never share a kind (so never the same text), and a base line is not reused
    within a few picks, so long holds hear different wording each time.
    """
    rng = random.Random(seed)
    by_kind = {kind: [c for c in check_in_pool(lang) if c.kind == kind] for kind in KINDS}
    tails = exit_tails(lang)
    recent: deque[str] = deque(maxlen=_RECENT)
    previous_kind: str | None = None
    previous_tail: str | None = None
    chosen: list[CheckIn] = []
    for _ in range(n):
        kind = rng.choice([k for k in KINDS if k != previous_kind])
        base = rng.choice([c for c in by_kind[kind] if c.text not in recent])
        recent.append(base.text)
        text = base.text
        if kind != "exit":
            tail = rng.choice([t for t in tails if t != previous_tail])
            previous_tail = tail
            text = f"{base.text} {tail}"
        chosen.append(CheckIn(kind, text))
        previous_kind = kind
    return chosen


# --- small words -------------------------------------------------------------------------------


def side_name(lang: str, side: str) -> str:
    """Spoken name of "left"/"right" (Spanish: izquierdo/derecho, as in "el lado izquierdo")."""
    sides = _phrases(lang)["sides"]
    if side not in sides:
        raise ValueError(f"side must be 'left' or 'right', not {side!r}")
    return sides[side]


def chapter_title(lang: str, key: str) -> str:
    """Chapter title for "opening", "closing", "breathing" or "rest"."""
    chapters = _phrases(lang)["chapters"]
    if key.lower() not in chapters:
        raise ValueError(f"no built-in chapter title {key!r}; known: {', '.join(chapters)}")
    return chapters[key.lower()]


def comment_note(lang: str, poses: bool = True) -> str:
    """One-paragraph content note for the MP3 comment tag; without ``poses`` (a breathing or
    grounding track) it speaks of the body and the breath, not of hip shapes."""
    return _phrases(lang)["comment_note" if poses else "comment_note_no_poses"]


def coming_up(lang: str, label: str) -> str:
    """A transition line naming what comes next, so nothing arrives unannounced."""
    return _phrases(lang)["coming_up"].format(label=label)


_EN_ONES = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_EN_TENS = ("_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ES_ONES = (
    "cero",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciséis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
    "veinte",
    "veintiuno",
    "veintidós",
    "veintitrés",
    "veinticuatro",
    "veinticinco",
    "veintiséis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
)
_ES_TENS = (
    "_",
    "_",
    "_",
    "treinta",
    "cuarenta",
    "cincuenta",
    "sesenta",
    "setenta",
    "ochenta",
    "noventa",
)


def _int_words(lang: str, n: int, feminine: bool, before_noun: bool) -> str:
    if n >= 100 or n < 0:
        return str(n)
    if lang == "en":
        if n < 20:
            return _EN_ONES[n]
        tens, ones = divmod(n, 10)
        return _EN_TENS[tens] + (f"-{_EN_ONES[ones]}" if ones else "")
    if n < 30:
        word = _ES_ONES[n]
    else:
        tens, ones = divmod(n, 10)
        word = _ES_TENS[tens] + (f" y {_ES_ONES[ones]}" if ones else "")
    if word.endswith("uno"):
        if feminine:
            word = word[:-3] + "una"
        elif before_noun:
            word = word[:-3] + ("ún" if word != "uno" and not word.endswith(" uno") else "un")
    return word


def number_words(lang: str, value: float, feminine: bool = False) -> str:
    """A count spoken as words, to the nearest half: 4 -> "four", 5.5 -> "five and a half"."""
    lang = normalize_lang(lang)
    halves = round(value * 2)
    whole, half = divmod(halves, 2)
    word = _int_words(lang, whole, feminine, before_noun=False)
    if not half:
        return word
    if whole == 0:
        return "half" if lang == "en" else ("media" if feminine else "medio")
    return f"{word} and a half" if lang == "en" else f"{word} y {'media' if feminine else 'medio'}"


def _round_minutes(seconds: float) -> int:
    """Minutes rounded to what a person would say: 7, 13, 20, 25, 75 (quarter hours past an hour)."""
    minutes = seconds / 60.0
    if minutes < 1.5:
        return 1
    if minutes < 20:
        return round(minutes)
    if minutes < 57.5:
        return 5 * round(minutes / 5)
    return 15 * round(minutes / 15)


def duration_words(lang: str, seconds: float) -> str:
    """A duration as a natural spoken phrase: "twenty minutes", "an hour and a half"."""
    lang = normalize_lang(lang)
    minutes = _round_minutes(seconds)
    if minutes < 60:
        if lang == "en":
            return (
                "a minute" if minutes == 1 else f"{_int_words('en', minutes, False, True)} minutes"
            )
        word = _int_words("es", minutes, False, before_noun=True)
        return f"{word} minuto" if minutes == 1 else f"{word} minutos"
    hours, rest = divmod(minutes, 60)
    if lang == "en":
        base = "an hour" if hours == 1 else f"{_int_words('en', hours, False, True)} hours"
        if rest == 30:
            return "an hour and a half" if hours == 1 else f"{base[:-6]} and a half hours"
        return base if rest == 0 else f"{base} and {_int_words('en', rest, False, True)} minutes"
    base = "una hora" if hours == 1 else f"{_int_words('es', hours, True, True)} horas"
    extra = {0: "", 15: " y cuarto", 30: " y media", 45: " y cuarenta y cinco minutos"}[rest]
    return base + extra


def _join(lang: str, items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    word = _phrases(lang)["opening"]["and"]
    last = items[-1]
    if lang == "es" and re.match(r"h?[ií](?![aeé])", last.lower()):
        word = "e"  # "y" becomes "e" before an /i/ sound: "postura e inclinación"
    if lang == "en" and len(items) > 2:
        return f"{', '.join(items[:-1])}, {word} {last}"
    return f"{', '.join(items[:-1])} {word} {last}"


# --- opening and closing -----------------------------------------------------------------------


def outline_item(lang: str, name: str, both_sides: bool = False) -> str:
    """How a pose is named in the opening outline: its title, or ``name`` itself if unknown."""
    from generator.care.poses import get_pose

    pose = get_pose(name)
    label = name
    if pose is not None:
        title = pose.title(lang)
        label = title[:1].lower() + title[1:]
    return _phrases(lang)["opening"]["each_side"].format(name=label) if both_sides else label


def opening_text(
    lang: str, duration_s: float, outline: list[str], *, chair: bool = False, poses: bool = True
) -> list[str]:
    """The opening content note as sentences, with what will happen and for how long; without
    ``poses`` (breathing or grounding only) it speaks of the body and the breath, not of shapes.

    ``outline`` items are spoken as given (see ``outline_item``); the duration is spoken in words,
    with "about" when rounding moved it noticeably.
    """
    text = _phrases(lang)["opening"]
    lang = normalize_lang(lang)
    spoken = duration_words(lang, duration_s)
    rounded = _round_minutes(duration_s) * 60
    if abs(rounded - duration_s) > max(20.0, 0.05 * duration_s):
        spoken = text["about"].format(duration=spoken)
    if outline:
        summary = text["outline"].format(duration=spoken, items=_join(lang, list(outline)))
    else:
        summary = text["duration_only"].format(duration=spoken)
    if not poses:  # the first two body lines speak of shapes; the eyes and anchors lines stay
        return [text["welcome_no_poses"], *text["first_no_poses"], *text["body"][2:], summary,
                *text["after_no_poses"]]  # fmt: skip
    welcome = text["welcome_chair"] if chair else text["welcome"]
    return [welcome, *text["body"], summary, *text["after"]]


def closing_text(lang: str, resource: str | None) -> list[str]:
    """Grounding back into the room, then the care note, then the author's resource line if any."""
    text = _phrases(lang)["closing"]
    sentences = [*text["grounding"], *text["care"]]
    if resource and resource.strip():
        sentences.append(resource.strip())
    return [*sentences, *text["end"]]


def all_texts(lang: str) -> list[str]:
    """Every fixed sentence in this module's data for ``lang`` (the lint tests walk these)."""
    data = _phrases(lang)
    texts: list[str] = [c.text for c in check_in_pool(lang)] + exit_tails(lang)
    texts += opening_text(lang, 1200, ["a", "b"]) + opening_text(lang, 600, [], chair=True)
    texts += opening_text(lang, 300, [], poses=False)
    texts += closing_text(lang, None) + [comment_note(lang), comment_note(lang, poses=False)]
    texts += [coming_up(lang, "x")]
    texts += list(data["chapters"].values())
    return texts
