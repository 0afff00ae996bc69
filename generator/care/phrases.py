"""Built-in spoken text (check-ins, opening, closing, sides, chapters) in English and Spanish.

The words live in ``generator/data/phrases.<lang>.yaml``; this module picks and assembles them.
Which check-ins are said is chosen in ``generator.plan.checkins``.
"""

from __future__ import annotations

import re
from typing import Any

from generator.care.data import load_yaml, normalize_lang
from generator.care.numbers import duration_words, round_minutes


def phrase_data(lang: str) -> dict[str, Any]:
    return load_yaml(f"phrases.{normalize_lang(lang)}.yaml")


# --- check-ins ---------------------------------------------------------------------------------


def check_in_pool(lang: str) -> list[tuple[str, str]]:
    """Every base check-in line as (kind, text), kind being exit, notice or move (without the
    exit tails that ``generator.plan.checkins`` adds)."""
    pools = phrase_data(lang)["check_ins"]
    return [(kind, text) for kind in ("exit", "notice", "move") for text in pools[kind]]


def exit_tails(lang: str) -> list[str]:
    """Short "you can come out" lines appended to notice/move check-ins."""
    return list(phrase_data(lang)["exit_tails"])


# --- small words -------------------------------------------------------------------------------


def side_name(lang: str, side: str) -> str:
    """Spoken name of "left"/"right" (Spanish: izquierdo/derecho, as in "el lado izquierdo")."""
    sides = phrase_data(lang)["sides"]
    if side not in sides:
        raise ValueError(f"side must be 'left' or 'right', not {side!r}")
    return sides[side]


def chapter_title(lang: str, key: str) -> str:
    """Chapter title for "opening", "closing", "breathing" or "rest"."""
    chapters = phrase_data(lang)["chapters"]
    if key.lower() not in chapters:
        raise ValueError(f"no built-in chapter title {key!r}; known: {', '.join(chapters)}")
    return chapters[key.lower()]


def comment_note(lang: str, poses: bool = True) -> str:
    """One-paragraph content note for the MP3 comment tag; without ``poses`` (a breathing or
    grounding track) it speaks of the body and the breath, not of hip shapes."""
    return phrase_data(lang)["comment_note" if poses else "comment_note_no_poses"]


def coming_up(lang: str, label: str) -> str:
    """A transition line naming what comes next, so nothing arrives unannounced."""
    return phrase_data(lang)["coming_up"].format(label=label)


def _join(lang: str, items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    word = phrase_data(lang)["opening"]["and"]
    last = items[-1]
    if lang == "es" and re.match(r"h?[ií](?![aeé])", last.lower()):
        word = "e"  # "y" becomes "e" before an /i/ sound: "postura e inclinación"
    if lang == "en" and len(items) > 2:
        return f"{', '.join(items[:-1])}, {word} {last}"
    return f"{', '.join(items[:-1])} {word} {last}"


# --- opening and closing -----------------------------------------------------------------------


def opening_text(
    lang: str, duration_s: float, outline: list[str], *, chair: bool = False, poses: bool = True
) -> list[str]:
    """The opening content note as sentences, with what will happen and for how long; without
    ``poses`` (breathing or grounding only) it speaks of the body and the breath, not of shapes.

    ``outline`` items are spoken as given (``generator.plan.wording`` names them); the duration is spoken in words,
    with "about" when rounding moved it noticeably.
    """
    text = phrase_data(lang)["opening"]
    lang = normalize_lang(lang)
    spoken = duration_words(lang, duration_s)
    rounded = round_minutes(duration_s) * 60
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
    text = phrase_data(lang)["closing"]
    sentences = [*text["grounding"], *text["care"]]
    if resource and resource.strip():
        sentences.append(resource.strip())
    return [*sentences, *text["end"]]


def all_texts(lang: str) -> list[str]:
    """Every fixed sentence in this module's data for ``lang`` (the lint tests walk these)."""
    data = phrase_data(lang)
    texts: list[str] = [text for _kind, text in check_in_pool(lang)] + exit_tails(lang)
    texts += opening_text(lang, 1200, ["a", "b"]) + opening_text(lang, 600, [], chair=True)
    texts += opening_text(lang, 300, [], poses=False)
    texts += closing_text(lang, None) + [comment_note(lang), comment_note(lang, poses=False)]
    texts += [coming_up(lang, "x")]
    texts += list(data["chapters"].values())
    return texts
