"""Choices → a complete script that keeps every sequencing and care rule and fits the length.

The shapes are chosen and ordered by ``generator.compose.sequence``; then the composer sizes the
session: it plans the draft with sentence lengths guessed from the words (``plan --estimate``'s
measure), and adds or drops a shape until stretching or shrinking the holds by a modest factor
reaches the length. The script keeps ``length:``, so ``plan`` and ``render`` fit the holds exactly
(±5 s) with the voice's real sentence lengths."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace

from generator.care.breathing import get_pattern
from generator.care.poses import PoseInfo
from generator.compose.rules import (
    NO_BREATH,
    Choices,
    Pool,
    checked,
    focus_rules,
    leaving,
    pool,
    rules,
)
from generator.compose.sequence import arrange
from generator.compose.words import Picker, arrival, title
from generator.compose.writer import BreathBlock, Draft, left_out_line, script_text
from generator.errors import InputError, LengthOutOfReach
from generator.plan.estimate import estimated_plan
from generator.script.load import load_text
from generator.script.text import format_duration, written_duration

SIZING_ROUNDS = 8  # drafts tried while sizing a session
SPEECH_MARGIN = 0.15  # how far a voice's sentence lengths may be from the guessed ones
SHORT_S = 900.0  # shorter sessions breathe the fewest rounds, and their rest may be shorter
SHAPE_SPEECH_S = 40.0  # a shape's words (coming up, cue, safety note, exit), roughly
SIDE_SPEECH_S = 15.0  # and the switch between sides
FIXED_SPEECH_S = 200.0  # the opening, the arrival and the closing, roughly
NO_SHAPE_SEARCH_S = 900.0  # how much longer a session is tried, to say where a shape fits


@dataclass(frozen=True)
class Composed:
    """A composed script, its title, what it is made of, and what to tell the person."""

    text: str
    title: str
    draft: Draft
    notes: tuple[str, ...] = ()


def _rng(choices: Choices, name: str) -> random.Random:
    return random.Random(f"{choices.seed}:{name}")


def _block(
    spec: dict, rng: random.Random, asked: str | None = None, short: bool = False
) -> BreathBlock:
    """A breathing block: the pattern asked for, or one of ``spec`` (pattern -> [fewest, most]
    rounds) with its rounds, chosen by ``rng`` (the fewest in a ``short`` session)."""
    names = list(spec)
    name = asked or names[rng.randrange(len(names))]
    pattern = get_pattern(name)
    if pattern is None or not pattern.paced:
        return BreathBlock(name, None)
    if asked is not None:
        return BreathBlock(name, pattern.rounds_default)
    lo, hi = spec[name]
    rounds = rng.randint(int(lo), int(hi))
    return BreathBlock(name, int(lo) if short else rounds)


def _block_s(block: BreathBlock | None) -> float:
    if block is None:
        return 0.0
    pattern = get_pattern(block.pattern)
    return 60.0 + 20.0 if pattern is None or not pattern.paced else pattern.seconds(block.rounds)


def _per_side(pose: PoseInfo) -> int:
    return 2 if pose.has_sides else 1


def _first_count(p: Pool, c: Choices, room: float) -> int:
    """A first guess at how many shapes fill ``room`` seconds."""
    if not p.shapes:
        return 0
    scale = float(focus_rules(c.focus)["hold_scale"])
    each = sum(
        pose.hold_default * scale * _per_side(pose) + SHAPE_SPEECH_S
        + SIDE_SPEECH_S * (_per_side(pose) - 1)
        for pose in p.shapes
    ) / len(p.shapes)  # fmt: skip
    return max(1, min(len(p.shapes), round(room / each)))


def _shapes(p: Pool, c: Choices, count: int, room: float) -> list[PoseInfo]:
    """``count`` shapes in order, or as many as the rules allow (fewer when none fit); each
    has about ``room / count`` seconds."""
    for n in range(min(count, len(p.shapes)), -1, -1):
        rng = _rng(c, f"sequence:{n}")
        found = arrange(p.shapes, p.rest, n, c.focus, rng, room / max(n, 1))
        if found is not None:
            return found
    return []


def _draft(
    c: Choices, p: Pool, shapes: list[PoseInfo],
    blocks: tuple[BreathBlock | None, BreathBlock | None],
    rest_s: float,
) -> Draft:  # fmt: skip
    # "…or rest in child's pose" is not said where --avoid or --caution left child's pose out
    unnamed = tuple(pose.title(c.language).lower() for pose, _ in p.left_out)
    picker = Picker(c.language, c.place, _rng(c, "words"), unnamed=unnamed, cautions=c.cautions)
    words = tuple(picker.pose_words(pose) for pose in (*shapes, p.rest))
    scale = float(focus_rules(c.focus)["hold_scale"])
    holds = tuple(_clamp(pose, pose.hold_default * scale) for pose in shapes)
    holds += (_clamp(p.rest, max(rest_s, *holds, 0.0)),)  # the rest is the longest hold
    beds = rules()["places"][c.place]["beds"]
    return Draft(
        choices=c,
        title=title(c, shapes, _rng(c, "title")),
        bed=beds[_rng(c, "bed").randrange(len(beds))],
        arrival=arrival(c, _rng(c, "arrival")),
        breath=blocks[0],
        second_breath=blocks[1],
        shapes=tuple(shapes),
        rest=p.rest,
        words=words,
        holds=holds,
        left_out=p.left_out,
    )


def _clamp(pose: PoseInfo, seconds: float) -> float:
    """``seconds`` to the nearest 5, within the pose's range."""
    return min(pose.hold_max, max(pose.hold_min, 5.0 * round(seconds / 5.0)))


def _estimate(draft: Draft) -> float:
    """The draft's length as written (holds unscaled), with guessed sentence lengths."""
    session = replace(load_text(script_text(draft), "<composed>"), length=None)
    plan = estimated_plan(session)
    return plan.duration / plan.sample_rate


def _hold_total(draft: Draft) -> float:
    poses = (*draft.shapes, draft.rest)
    return sum(h * _per_side(pose) for pose, h in zip(poses, draft.holds, strict=True))


def _rest_min(c: Choices) -> float:
    return float(rules()["rest_min_s"]["short" if c.length_s < SHORT_S else "long"])


def _scaled(draft: Draft, scale: float) -> Draft:
    """Every hold stretched by ``scale``; the rest stays long, and the longest."""
    poses = (*draft.shapes, draft.rest)
    holds = [_clamp(pose, h * scale) for pose, h in zip(poses, draft.holds, strict=True)]
    holds[-1] = _clamp(draft.rest, max(holds[-1], _rest_min(draft.choices), *holds[:-1]))
    return draft.with_holds(tuple(holds))


def compose(choices: Choices) -> Composed:
    """The script for ``choices``: the same choices always give the same text."""
    return _compose(choices, refuse_empty=True)


def _compose(choices: Choices, refuse_empty: bool) -> Composed:
    c = checked(choices)
    p = pool(c)
    fr = focus_rules(c.focus)
    short = c.length_s < SHORT_S
    breathing = c.breath != NO_BREATH[0]
    first = _block(fr["breath"], _rng(c, "breath"), c.breath, short) if breathing else None
    second = None
    if fr["second_breath"] and breathing:
        second = _block(fr["second_breath"], _rng(c, "breath2"), None, short)
    rest_s = _clamp(p.rest, max(_rest_min(c), fr["rest_share"] * c.length_s))
    draft, scale, safe = _size(c, p, first, second, rest_s)
    final = _scaled(draft, scale)
    text = script_text(final)
    if not safe:
        _check_reach(text, c, len(final.shapes), len(p.shapes))
    if refuse_empty and not final.shapes and c.focus == "hips":  # breath or rest alone is
        raise InputError(_no_shape(c, bool(p.shapes)))  # still a session
    notes = [line] if (line := left_out_line(final)) else []
    if len(final.shapes) < int(rules()["min_shapes"]):
        fit = f"only {len(final.shapes)} shape fits" if final.shapes else "no shape fits"
        notes.append(
            f"{fit} in {written_duration(c.length_s)} here (the opening, breathing, the long rest and "
            "the closing take the rest of the time); a longer --length has room for more"
        )
    return Composed(text=text, title=final.title, draft=final, notes=tuple(notes))


def _size(
    c: Choices, p: Pool, first: BreathBlock | None, second: BreathBlock | None, rest_s: float
) -> tuple[Draft, float, bool]:
    """The draft that comes nearest to the length with its holds stretched by a modest factor:
    shapes are added or dropped (and, with none left to add, a second breathing block added)
    until one does. Returns it, the factor, and whether it is safely within reach."""
    lo, hi = (float(rules()["hold_scale"][k]) for k in ("min", "max"))
    room = c.length_s - FIXED_SPEECH_S - rest_s - _block_s(first) - _block_s(second)
    count = _first_count(p, c, room)
    tried: dict[tuple[int, bool], tuple[Draft, float, tuple[bool, bool]]] = {}
    for _ in range(SIZING_ROUNDS):
        shapes = _shapes(p, c, count, room)
        draft = _draft(c, p, shapes, (first, second), rest_s)
        scale, (safe, reachable) = _scale_needed(draft, _estimate(draft))
        tried[(len(shapes), second is not None)] = (draft, scale, (safe, reachable))
        if lo <= scale <= hi and safe:
            if len(shapes) >= _fewest(p) or (count + 1, second is not None) in tried:
                break
            count += 1  # too few shapes: try one more, its holds shorter
            continue
        longer = scale > hi or (not safe and scale >= 1)  # more to fill, or less
        if longer and len(shapes) == count and count < len(p.shapes):
            count += 1
        elif longer and second is None and first is not None:  # no shape left: breathe longer
            second = _block(rules()["focus"]["breath"]["second_breath"], _rng(c, "breath2"))
        elif not longer and shapes:
            count = len(shapes) - 1
        else:
            break
        if (min(count, len(p.shapes)), second is not None) in tried:
            break
    # safely within reach first; then within reach, with shapes rather than without; then with
    # enough shapes, their holds shorter, over one shape and a long rest (a nine-minute chair
    # session had one shape and its rest stretched to 2:42): each pose's own shortest hold
    # is still kept
    draft, scale, (safe, _) = min(
        tried.values(),
        key=lambda t: (
            not t[2][1], not t[0].shapes, not t[2][0], len(t[0].shapes) < _fewest(p),
            _miss(t[1], lo, hi), -len(t[0].shapes),
        ),
    )  # fmt: skip
    return draft, scale, safe


def _fewest(p: Pool) -> int:
    """The fewest shapes a session should have (fewer only where no more fit, or exist)."""
    return min(int(rules()["min_shapes"]), len(p.shapes))


def _scale_needed(draft: Draft, seconds: float) -> tuple[float, tuple[bool, bool]]:
    """How much every hold must be stretched for the draft (``seconds`` long as written) to last
    the length; and whether the poses' ranges can absorb that even with a voice that speaks
    SPEECH_MARGIN slower or faster than guessed, and with a voice exactly as guessed."""
    poses = (*draft.shapes, draft.rest)
    total = _hold_total(draft)
    speech = max(seconds - total, 0.0)
    scale = 1.0 + (draft.choices.length_s - seconds) / max(total, 1.0)
    shortest = sum(p.hold_min * _per_side(p) for p in poses)
    longest = sum(p.hold_max * _per_side(p) for p in poses)
    length = draft.choices.length_s

    def within(margin: float) -> bool:
        return length - speech * (1 + margin) >= shortest and (
            length - speech * (1 - margin) <= longest
        )

    return scale, (within(SPEECH_MARGIN), within(0.0))


def _miss(scale: float, lo: float, hi: float) -> float:
    """How far ``scale`` is outside [lo, hi] (0 inside), in ratio terms."""
    if scale <= 0:
        return math.inf
    return max(0.0, math.log(lo / scale), math.log(scale / hi))


def _no_shape(c: Choices, any_shape: bool) -> str:
    """Why a length leaves no room for a single shape, and the shortest that has room (found by
    composing longer, half a minute at a time): with ``--focus hips`` (the default), a session
    of breathing and rest alone is not what was asked for."""
    head = f"--length {written_duration(c.length_s)} leaves no room for a shape with these choices"
    longer = c.length_s
    while any_shape and longer < c.length_s + NO_SHAPE_SEARCH_S:
        longer += 30.0
        try:
            if _compose(replace(c, length_s=longer), refuse_empty=False).draft.shapes:
                return (
                    f"{head} (the opening, arriving and breathing, the long rest and the closing "
                    f"take it all); the shortest with one is about {written_duration(longer)}"
                )
        except InputError:
            continue
    return (
        f"{leaving(c)} leaves no shape for --position {c.place} (each carries an avoided tag or "
        "name); avoid less, or choose --focus breath or rest"
    )


def _check_reach(text: str, c: Choices, shapes: int, available: int) -> None:
    """Refuse a length the composed script cannot be fitted to, saying what can be."""
    try:
        estimated_plan(load_text(text, "<composed>"))
    except LengthOutOfReach as exc:
        near = format_duration(exc.nearest_s)
        if exc.nearest_s > exc.target_s:
            why = (
                f"the shortest session for --position {c.place} is about {near} (the opening, "
                "arriving and breathing, the rest and the closing take that long)"
            )
        else:
            held = {1: "its one shape", 2: "both shapes"}.get(shapes, f"all {shapes} shapes")
            options = [o for o, on in (("--avoid", c.avoid), ("--caution", c.cautions)) if on]
            if options and available == shapes:
                held += f" that {' and '.join(options)} {'leave' if len(options) > 1 else 'leaves'}"
            why = f"the longest is about {near}, with {held} held as long as possible"
        raise InputError(
            f"--length {written_duration(c.length_s)} is out of reach for these choices: {why}; "
            "choose a length near that"
        ) from None


def compose_many(choices: Choices, count: int) -> list[Composed]:
    """``count`` sessions from seeds ``choices.seed``, ``+1``, …, with distinct titles."""
    out: list[Composed] = []
    titles: set[str] = set()
    for k in range(count):
        made = compose(replace(choices, seed=choices.seed + k))
        name, n = made.title, 2
        while name.casefold() in titles:
            name, n = f"{made.title} ({n})", n + 1
        if name != made.title:
            draft = replace(made.draft, title=name)
            made = Composed(script_text(draft), name, draft, made.notes)
        titles.add(name.casefold())
        out.append(made)
    return out
