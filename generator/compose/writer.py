"""A composed session as a script: a header comment that says how it was made (and the command
that makes it again), what happens, what was left out and why; then every segment, with each
pose's words written out so they can be edited, and a comment saying what the pose asks."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass

from generator.care.breathing import get_pattern
from generator.care.forms import address_of, in_address
from generator.care.poses import LYING, PoseInfo
from generator.compose.rules import Choices, focus_rules, leaving, place_rules, rules
from generator.compose.words import PoseWords
from generator.script.text import format_duration, written_duration
from generator.script.voices import voice_yaml

WIDTH = 99
TEXT_INDENT = " " * 6


@dataclass(frozen=True)
class BreathBlock:
    pattern: str
    rounds: int | None  # None: the pattern's own (natural breath has none)


@dataclass(frozen=True)
class Draft:
    """Everything a composed script says, before it is written out."""

    choices: Choices
    title: str
    bed: str
    arrival: str
    breath: BreathBlock | None  # None: --breath none
    second_breath: BreathBlock | None
    shapes: tuple[PoseInfo, ...]
    rest: PoseInfo
    words: tuple[PoseWords, ...]  # one per shape, then the rest's
    holds: tuple[float, ...]  # seconds (per side), one per shape, then the rest's
    left_out: tuple[tuple[PoseInfo, tuple[str, ...]], ...] = ()

    def with_holds(self, holds: tuple[float, ...]) -> Draft:
        return Draft(self.choices, self.title, self.bed, self.arrival, self.breath,
                     self.second_breath, self.shapes, self.rest, self.words, holds,
                     self.left_out)  # fmt: skip


def command(choices: Choices) -> str:
    """The command that writes this script again."""
    parts = [
        "holdspace compose",
        f"--length {written_duration(choices.length_s)}",
        f"--position {choices.place}",
        f"--focus {choices.focus}",
    ]
    if choices.avoid:
        parts.append(f"--avoid {','.join(choices.avoid)}")
    if choices.cautions:
        parts.append(f"--caution {','.join(choices.cautions)}")
    if choices.breath:
        parts.append(f"--breath {choices.breath}")
    if choices.voice:
        parts.append(f"--voice {choices.voice}")
    parts.append(f"--language {choices.language_tag}")
    if choices.address:
        parts.append(f"--address {choices.address}")
    parts.append(f"--seed {choices.seed}")
    return " ".join(parts)


def left_out_line(draft: Draft) -> str:
    """What --avoid and --caution left out and why, or "" when they left out nothing (said for
    --avoid alone: "--avoid knees left nothing out here")."""
    if not draft.left_out:
        avoid = draft.choices.avoid
        return f"--avoid {','.join(avoid)} left nothing out here" if avoid else ""
    items = [_left_out_item(draft.choices, p, why) for p, why in draft.left_out]
    line = f"left out for {leaving(draft.choices)}: {'; '.join(items)}"
    template = "kept {name} (tagged {tags}, not {avoid}; --avoid {more} leaves it out too)"
    return "; ".join([line, *(kept_line(draft, p, n, template) for p, n in kept_despite(draft))])


def _left_out_item(choices: Choices, pose: PoseInfo, why: tuple[str, ...]) -> str:
    """A shape left out, with the --avoid items (or the caution) that left it out when --avoid
    was given: "Pigeon (knees)"; for --caution alone, its name is enough."""
    name = pose.title(choices.language)
    return f"{name} ({', '.join(why)})" if choices.avoid else name


def kept_despite(draft: Draft) -> list[tuple[PoseInfo, tuple[str, ...]]]:
    """Shapes kept that carry a tag sharing a word with an avoided one (``--avoid knees`` keeps
    "seated wide knees", tagged ``wide_knees``), with those tags: said, with how to leave them
    out too, so a pose named for the thing avoided is not a surprise."""
    avoid = set(draft.choices.avoid)
    kept = []
    for pose in (*draft.shapes, draft.rest):
        near = tuple(t for t in pose.asks if t not in avoid and set(t.split("_")) & avoid)
        if near:
            kept.append((pose, near))
    return kept


def kept_line(draft: Draft, pose: PoseInfo, near: tuple[str, ...], template: str) -> str:
    """The note for one kept pose: the avoided tags its own tags resemble (not every one
    avoided), and the --avoid that leaves it out too."""
    avoid = draft.choices.avoid
    words = {w for tag in near for w in tag.split("_")}
    like = [a for a in avoid if a in words]
    return template.format(
        name=pose.title(draft.choices.language),
        tags=", ".join(near),
        avoid=", ".join(like),
        more=",".join((*avoid, *near)),
    )


def _comment(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=f"{indent}# ",
                         subsequent_indent=f"{indent}#   ", break_long_words=False,
                         break_on_hyphens=False)  # fmt: skip


def _text(key: str, text: str, indent: str = "    ", *, address: str | None = None) -> list[str]:
    """A spoken value, folded; in *vos* for ``language: es-AR``, in *usted* for ``--address
    usted`` (the words become the author's, so the planner says them as written: they are put in
    the listener's form here, as built-in ones are there)."""
    lines = textwrap.wrap(in_address(text, address), WIDTH - len(TEXT_INDENT), break_long_words=False,
                          break_on_hyphens=False)  # fmt: skip
    return [f"{indent}{key}: >-", *(TEXT_INDENT + line for line in lines)]


def _address(choices: Choices) -> str | None:
    return address_of(choices.language_tag, choices.address)


def _words(draft: Draft) -> dict:
    return rules()["comments"][draft.choices.language]


def _outline(draft: Draft) -> str:
    lang, w = draft.choices.language, _words(draft)
    items = [w["arriving"]]
    if draft.breath:
        items.append(w["breathing"].format(pattern=_breath_name(draft.breath.pattern, lang)))
    for pose in draft.shapes:
        name = _lower(pose.title(lang))
        items.append(w["each_side"].format(name=name) if pose.has_sides else name)
    if draft.second_breath:
        items.append(w["again"].format(pattern=_breath_name(draft.second_breath.pattern, lang)))
    items.append(w["rest"].format(name=_lower(draft.rest.title(lang))))
    return ", ".join(items) + ", " + w["close"]


def _breath_name(pattern_id: str, lang: str) -> str:
    from generator.care.breathing import get_pattern

    pattern = get_pattern(pattern_id)
    return pattern.name(lang) if pattern else pattern_id.replace("_", " ")


def _lower(title: str) -> str:
    """A pose title inside a sentence: "child's pose", "reclined figure four"."""
    return title[:1].lower() + title[1:]


def _about(seconds: float, w: dict) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return w["minutes"].format(n=minutes) if not rest else format_duration(seconds)


def header(draft: Draft) -> list[str]:
    """The comment lines before the script: title, the command, what happens, what was left
    out, how it is put together, how to edit it; in the script's language."""
    c, w = draft.choices, _words(draft)
    lines = [f"# {draft.title}", *_comment(w["made"]), f"#   {command(c)}"]
    lines += _comment(w["what"].format(length=_about(c.length_s, w), outline=_outline(draft)))
    if draft.left_out:
        items = "; ".join(_left_out_item(c, p, why) for p, why in draft.left_out)
        lines += _comment(w["left_out"].format(avoid=leaving(c), items=items))
    elif c.avoid:
        lines += _comment(w["nothing_left_out"].format(avoid=",".join(c.avoid)))
    for pose, near in kept_despite(draft):
        lines += _comment(kept_line(draft, pose, near, w["kept"]))
    if c.cautions:
        lines += _comment(w["cautions"].format(cautions=",".join(c.cautions)))
    how = w["how"] if draft.breath else w["how_no_breath"]  # --breath none: no breathing block
    return [*lines, *_comment(how), *_comment(w["edit"])]


def _breath(block: BreathBlock, w: dict) -> list[str]:
    pattern = get_pattern(block.pattern)
    if pattern is not None and pattern.paced:
        note = w["paced"].format(inhale=f"{pattern.inhale:g}", exhale=f"{pattern.exhale:g}")
        if pattern.has_holds:
            hold = f"{max(pattern.hold_in, pattern.hold_out):g}"
            note = note.replace(",", w["holds"].format(hold=hold) + ",", 1)
    else:
        note = w["natural"]
    out = [*_comment(note, "  "), f"  - breath: {block.pattern}"]
    if block.rounds is not None:
        out.append(f"    rounds: {block.rounds}")
    return out


def _pose(draft: Draft, i: int) -> list[str]:
    pose = draft.rest if i == len(draft.shapes) else draft.shapes[i]
    words, hold = draft.words[i], draft.holds[i]
    lang, w = draft.choices.language, _words(draft)
    about = w["pose"].format(
        title=pose.title(lang),
        intensity=w["the_rest"] if pose.rest else w["intensity"][pose.intensity],
        asks=", ".join(pose.asks) or w["nothing"],
        shortest=written_duration(pose.hold_min),
        longest=written_duration(pose.hold_max),
    ) + (w["a_side"] if pose.has_sides else "")  # fmt: skip
    if i and draft.shapes[i - 1].intensity == "deep":
        about += w["counter"].format(name=_lower(draft.shapes[i - 1].title(lang)))
    out = [*_comment(about, "  "), f"  - pose: {pose.id}"]
    if pose.has_sides:
        out += ["    sides: both", f"    hold: {written_duration(hold):<8}# {w['per_side']}"]
    else:
        out.append(f"    hold: {written_duration(hold)}")
    address = _address(draft.choices)
    out += _text("cue", words.cue, address=address)
    if words.switch:
        out += _text("switch", words.switch, address=address)
    if i == len(draft.shapes) and draft.choices.place == "bed" and pose.position in LYING:
        out += _comment(w["bed_exit"], "    ")  # the planner's rule: poses._falls_asleep_here
    else:
        out += _text("exit", words.exit, address=address)
    return out


def _care_settings(c: Choices) -> str:
    """The place's and the focus's care settings (bed, rest: sparser words), the focus's first."""
    settings = {
        **(place_rules(c.place).get("care") or {}),
        **(focus_rules(c.focus).get("care") or {}),
    }
    return "".join(f", {k}: {v}" for k, v in settings.items())


def _cautions(cautions: tuple[str, ...]) -> str:
    return f", cautions: [{', '.join(cautions)}]" if cautions else ""


def script_text(draft: Draft) -> str:
    """The whole script, ending in a newline."""
    c = draft.choices
    place = place_rules(c.place)
    ambient = {"bed": draft.bed, **place.get("ambient", {})}
    ambient_text = ", ".join(f"{k}: {v}" for k, v in ambient.items())
    lines = [
        *header(draft),
        "holdspace: 1",
        f"title: {json.dumps(draft.title, ensure_ascii=False)}",
        f"language: {c.language_tag}",
        *([f"address: {c.address}"] if c.address else []),
        f"voice: {voice_yaml(c.voice) if c.voice else '{engine: auto}'}",
        *(
            [f"loudness: {place['loudness']:<7}# {_words(draft)['loudness']}"]
            if "loudness" in place
            else []
        ),
        f"ambient: {{{ambient_text}}}",
        f"care: {{place: {c.place}{_care_settings(c)}{_cautions(c.cautions)}}}",
        f"length: {written_duration(c.length_s):<8}# {_words(draft)['length']}",
        "segments:",
        *_text("speak", draft.arrival, "  - ", address=_address(c)),
        *(["", *_breath(draft.breath, _words(draft))] if draft.breath else []),
    ]
    for i in range(len(draft.shapes)):
        lines += ["", *_pose(draft, i)]
    if draft.second_breath:
        lines += ["", *_breath(draft.second_breath, _words(draft))]
    lines += ["", *_pose(draft, len(draft.shapes))]
    return "\n".join(lines) + "\n"
