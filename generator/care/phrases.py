"""Built-in spoken text (check-ins, opening, closing, sides, chapters) in English and Spanish.

The words live in ``generator/data/phrases.<lang>.yaml``; this module picks and assembles them.
Which check-ins are said is chosen in ``generator.plan.checkins``.
"""

from __future__ import annotations

import re

from generator.care.data import LANGUAGES, normalize_lang, phrase_data
from generator.care.forms import TABLES, address_of, in_address
from generator.care.greetings import greeted, greeting
from generator.care.numbers import duration_words, round_minutes

ABOUT_AFTER_S = 20.0  # a spoken length more than this far from the real one gets "about"


# --- check-ins ---------------------------------------------------------------------------------


def check_in_pool(lang: str) -> list[tuple[str, str]]:
    """Every base check-in line as (kind, text), kind being exit, notice or move (without the
    exit tails that ``generator.plan.checkins`` adds)."""
    pools = phrase_data(lang)["check_ins"]
    return [(kind, text) for kind in ("exit", "notice", "move") for text in pools[kind]]


def exit_tails(lang: str) -> list[str]:
    """Short "you can come out" lines appended to notice/move check-ins."""
    return list(phrase_data(lang)["exit_tails"])


def rest_ways_out(lang: str) -> tuple[list[str], list[str], list[str]]:
    """A rest's own ways out (a rest has no shape to come out of): lines said instead of an exit
    line, tails after a noticing line, and tails after a moving line (which already offers to
    move: only stopping is added)."""
    data = phrase_data(lang)
    tails = data["rest_tails"]
    return list(data["rest_exits"]), [*tails["move"], *tails["stop"]], list(tails["stop"])


def about_shape(text: str, lang: str) -> bool:
    """Does this check-in speak of a shape ("leave the shape", "ease off")? Odd words while
    resting."""
    lower = text.lower()
    return any(re.search(rf"\b{re.escape(w)}\b", lower) for w in phrase_data(lang)["shape_words"])


# --- small words -------------------------------------------------------------------------------


def other_side(lang: str, template: str) -> str:
    """A switch template with its named side ("the {side} side") made "the other side"."""
    return _swapped(lang, "other_side", template)


def unnamed_side(lang: str, text: str) -> str:
    """A built-in cue's "that side" (of the side just named) as "one side", for a sided shape
    done once without sides, where no side was named."""
    return _swapped(lang, "unnamed_side", text)


def named_limb(lang: str, text: str, lead: str) -> str:
    """A sided cue's "one knee" as "that knee" when the side's own words just named the knee
    ("We'll begin with the left side: your left knee forward. … bring that knee forward"); a
    limb the side's words did not name stays "one"."""
    said = lead.casefold()
    for one, that in phrase_data(lang).get("named_limb", {}).items():
        if re.search(rf"\b{one.split()[-1]}\b", said):
            text = re.sub(rf"\b{one}\b", that, text)
            text = re.sub(rf"\b{one.capitalize()}\b", that.capitalize(), text)
    return text


def _swapped(lang: str, table: str, text: str) -> str:
    """``text`` with each key of the phrase data's ``table`` replaced by its value."""
    for phrase, instead in phrase_data(lang)[table].items():
        text = text.replace(phrase, instead)
    return text


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


def comment_note(
    lang: str, poses: bool = True, breath: bool = True, address: str | None = None
) -> str:
    """One-paragraph content note for the MP3 comment tag; without ``poses`` (a breathing or
    grounding track) it speaks of the body and the breath, not of hip shapes; with poses and no
    breathing block, of hip shapes only."""
    key = (
        "comment_note_no_poses"
        if not poses
        else "comment_note"
        if breath
        else "comment_note_no_breath"
    )
    note = phrase_data(lang)[key]
    return in_address(note, address_of(lang, address))


def comment_notes() -> tuple[str, ...]:
    """Every content note a comment may hold, in every language (a page sets it apart)."""
    keys = ("comment_note", "comment_note_no_breath", "comment_note_no_poses")
    notes = [phrase_data(lang)[key] for lang in LANGUAGES for key in keys]
    notes += [n for lang in LANGUAGES for n in phrase_data(lang)["comment_notes_earlier"]]
    turned = [in_address(n, a) for a in TABLES for n in notes]  # es-AR's in vos, and in usted
    return (*notes, *dict.fromkeys(n for n in turned if n not in notes))


def genre(lang: str) -> str:
    """The ID3 genre a track gets unless its script names one, in the track's language."""
    return phrase_data(lang)["genre"]


def made_with(lang: str, voice: str) -> str:
    """The comment tag's last words, in the track's language: what made it, and with which voice."""
    return phrase_data(lang)["made_with"].format(voice=voice)


def made_with_marks() -> tuple[str, ...]:
    """What every language's ``made_with`` starts with ("Made with holdspace", "Hecho con
    holdspace"): how publish knows a track holdspace made, and where its content note ends."""
    return tuple(made_with(lang, "").split("holdspace")[0] + "holdspace" for lang in LANGUAGES)


def for_listener(lang: str, name: str) -> str:
    """The album of the tracks a manifest makes for a named listener ("For Ana")."""
    return phrase_data(lang)["for_listener"].format(name=name.strip())


def coming_up(lang: str, label: str) -> str:
    """A transition line naming what comes next, so nothing arrives unannounced."""
    return phrase_data(lang)["coming_up"].format(label=label)


def side_chapter(lang: str, title: str, side: str) -> str:
    """A chapter title for one side of a pose: "Pigeon, left side", "Paloma, lado izquierdo"."""
    return phrase_data(lang)["side_chapter"].format(title=title, side=side_name(lang, side))


def roll_note(lang: str, again: bool = False) -> str:
    """Said after a shape on the back: roll onto one side before sitting up (``again``: the
    shorter reminder for the second time and after)."""
    return phrase_data(lang)["roll_again" if again else "roll"]


def lie_down_note(lang: str) -> str:
    """Said in bed before a shape on the back that follows one sitting or kneeling: lower onto
    one side first, then roll over."""
    return phrase_data(lang)["lie_down"]


def mentions_rolling(text: str, lang: str) -> bool:
    """Whether ``text`` already says to roll onto one side (then the roll note is not needed)."""
    plain = text.lower().replace("’", "'")
    return any(words in plain for words in phrase_data(lang)["roll_mentions"])


PLACES: tuple[str, ...] = ("floor", "chair", "bed")
PROPS: tuple[str, ...] = ("chair", "cushion", "blanket", "wall", "block")  # in the order named


def props_line(lang: str, props: list[str] | tuple[str, ...], place: str = "floor") -> str | None:
    """The opening's line naming the props the poses use (``generator/data/poses.yaml``), as
    they are called where the practice happens ("It can help to have a cushion or pillow and a
    folded blanket nearby."); None when there is none to name."""
    data = phrase_data(lang)
    names = data["props"][place]
    if place == "chair" and "chair" in props:  # sat on, not kept nearby
        others = [names[p] for p in PROPS if p in props and p in names and p != "chair"]
        key = "props_chair" if others else "props_chair_alone"
        return data["opening"][key].format(chair=names["chair"], items=_join(lang, others))
    items = [names[p] for p in PROPS if p in props and p in names]
    if not items:
        return None
    return data["opening"]["props"].format(items=_join(lang, items))


def mentions_prop(text: str, prop: str, lang: str) -> bool:
    """Whether ``text`` already names ``prop`` (a cushion, a wall…); False in a language without
    built-in words."""
    try:
        words = phrase_data(lang)["prop_words"][prop]
    except ValueError:
        return False
    plain = text.lower()
    return any(word in plain for word in words)


def caution_intros(lang: str, cautions: list[str] | tuple[str, ...]) -> list[str]:
    """What the opening says of each condition a script switched pose notes on for."""
    texts = phrase_data(lang)["cautions"]
    return [texts[c] for c in cautions]


def summary_text(
    lang: str,
    duration: str,
    outline: list[str],
    place: str,
    props: tuple[str, ...] = (),
    cautions: tuple[str, ...] = (),
) -> list[str]:
    """A track's description as sentences, in its opening's words: "This practice takes about
    15 minutes: child's pose, … and resting pose.", the props to have nearby, a line for each
    condition with notes. ``duration`` as written ("about 15 minutes")."""
    text = phrase_data(lang)["opening"]
    if outline:
        first = text["outline"].format(duration=duration, items=_join(lang, list(outline)))
    else:
        first = text["duration_only"].format(duration=duration)
    return [
        first,
        *[t for t in [props_line(lang, props, place)] if t],
        *caution_intros(lang, cautions),
    ]


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
    lang: str,
    duration_s: float,
    outline: list[str],
    *,
    chair: bool = False,
    poses: bool = True,
    place: str | None = None,
    props: list[str] | tuple[str, ...] = (),
    cautions: list[str] | tuple[str, ...] = (),
) -> list[str]:
    """The opening content note as sentences, with what will happen and for how long; without
    ``poses`` (breathing or grounding only) it speaks of the body and the breath, not of shapes.

    ``place`` (floor, chair or bed; ``chair=True`` means chair) picks the welcome and the anchors
    it offers; ``props`` are named as things to have nearby, ``cautions`` each get a line.
    ``outline`` items are spoken as given (``generator.plan.wording`` names them); the duration is
    spoken in words, with "about" whenever the rounded figure is more than 20 seconds off.
    """
    text = phrase_data(lang)["opening"]
    lang = normalize_lang(lang)
    place = place or ("chair" if chair else "floor")
    # as people round (to five minutes past twenty) when that is within a minute, else to the
    # minute; "about" whenever what is said is more than ABOUT_AFTER_S off
    rounded = round_minutes(duration_s) * 60
    to_minute = abs(rounded - duration_s) > 60
    if to_minute:
        rounded = max(60, round(duration_s / 60) * 60) if duration_s < 3570 else rounded
    spoken = duration_words(lang, duration_s, nearest_minute=to_minute)
    if abs(rounded - duration_s) > ABOUT_AFTER_S:
        spoken = text["about"].format(duration=spoken)
    if outline:
        summary = text["outline"].format(duration=spoken, items=_join(lang, list(outline)))
    else:
        summary = text["duration_only"].format(duration=spoken)
    extra = [t for t in [props_line(lang, props, place)] if t] + caution_intros(lang, cautions)
    anchors = text["anchors"][place]
    if not poses:  # the first two body lines speak of shapes; the eyes and anchors lines stay
        return [text["welcome_no_poses"], *text["first_no_poses"], text["body"][2], anchors,
                summary, *extra, *text["after_no_poses"]]  # fmt: skip
    welcome = text[{"floor": "welcome", "chair": "welcome_chair", "bed": "welcome_bed"}[place]]
    return [welcome, *text["body"], anchors, summary, *extra, *text["after"]]


def closing_grounding(lang: str, bed: bool = False) -> list[str]:
    """The closing's first part: grounding back into the room (in bed: staying asleep is as
    welcome as waking)."""
    return list(phrase_data(lang)["closing"]["grounding_bed" if bed else "grounding"])


def closing_text(lang: str, resource: str | None, bed: bool = False) -> list[str]:
    """The grounding (``closing_grounding``), then the care note, then the author's resource line
    if any, then (in bed) staying or waking, then the thanks. The author's line takes the place
    of the care note's general "reaching out to someone you trust … can help": two lines of help
    back to back were heard as heavy, and their own (a helpline, "bring it to our next session")
    is the one that helps."""
    text = phrase_data(lang)["closing"]
    care = list(text["care"])
    if resource and resource.strip():
        care = [*care[:1], resource.strip()]
    staying = list(text["bed_end"]) if bed else []  # in bed, after the care note (see the data)
    return [*closing_grounding(lang, bed), *care, *staying, *text["end"]]


def all_texts(lang: str) -> list[str]:
    """Every fixed sentence in this module's data for ``lang`` (the lint tests walk these)."""
    data = phrase_data(lang)
    texts: list[str] = [text for _kind, text in check_in_pool(lang)] + exit_tails(lang)
    texts += [text for lines in rest_ways_out(lang)[:2] for text in lines]
    texts += opening_text(lang, 1200, ["a", "b"]) + opening_text(lang, 600, [], chair=True)
    texts += opening_text(lang, 300, [], poses=False)
    texts += opening_text(
        lang, 2200, ["a"], place="bed", props=PROPS, cautions=list(data["cautions"])
    )
    texts += [props_line(lang, PROPS, place) or "" for place in PLACES]
    texts += [roll_note(lang), roll_note(lang, again=True), side_chapter(lang, "x", "left")]
    texts += closing_text(lang, None) + closing_text(lang, None, bed=True)
    texts += [comment_note(lang), comment_note(lang, poses=False), comment_note(lang, breath=False)]
    texts += [coming_up(lang, "x"), greeting(lang, "Ana")]
    texts += [greeted(lang, greeting(lang, "Ana"), data["welcome_joined"]["alone"])[0]]
    texts += list(data["chapters"].values())
    return texts
