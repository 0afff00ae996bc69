"""Choosing and ordering the shapes of a composed session: a seeded, weighted search that keeps
every sequencing rule (docs/compose.md):

- the first shape is gentle, and no shape is more than one step deeper than the deepest so far;
- a deep shape is followed by one of its counters (gentle shapes), so no two deep shapes meet;
- no pose twice;
- the body's level (kneeling, seated, lying) may rise only into the first ``rise_by`` shapes,
  and after that only falls, through the long rest;
- the shape before the long rest is gentle.

Which of the allowed shapes comes next is weighted by the focus (its intensities and favourite
shapes), by the last shape's neighbours, and by staying at the same level."""

from __future__ import annotations

import random
from collections.abc import Sequence

from generator.care.poses import PoseInfo
from generator.compose.rules import focus_rules, level, rules

MAX_STEPS = 5000  # search steps before a count is given up as impossible
OVER_BUDGET = 0.2  # how much less often a shape too long for its share of the time is picked


def comes_down(levels: Sequence[int]) -> bool:
    """Whether ``levels`` (the shapes', then the rest's) rise only into the first ``rise_by``
    shapes, and never after: no up-down-up."""
    rise_by = int(rules()["rise_by"])
    return all(b <= a for a, b in zip(levels[rise_by - 1 :], levels[rise_by:], strict=False))


def allowed(seq: Sequence[PoseInfo], pose: PoseInfo, count: int, rest: PoseInfo) -> bool:
    """Whether ``pose`` may follow ``seq`` in a session of ``count`` shapes ending in ``rest``."""
    if any(p.id == pose.id for p in seq):
        return False
    if not seq:
        if pose.depth != 0:
            return False
    else:
        last = seq[-1]
        if pose.depth > max(p.depth for p in seq) + 1:
            return False
        if last.intensity == "deep" and pose.id not in last.counters:
            return False
    levels = [level(p) for p in (*seq, pose)]
    if len(seq) + 1 == count:
        if pose.depth != 0:
            return False
        levels.append(level(rest))
    return comes_down(levels)


def arrange(
    shapes: Sequence[PoseInfo], rest: PoseInfo, count: int, focus: str, rng: random.Random,
    budget: float = float("inf"),
) -> list[PoseInfo] | None:  # fmt: skip
    """``count`` shapes in an order that keeps every rule, or None when there is none (or none
    was found within MAX_STEPS). Shapes whose shortest hold (both sides) is over ``budget``
    seconds are picked less often."""
    fr = focus_rules(focus)
    prefer = rules()["prefer"]
    favour = set(fr.get("favour") or ())
    steps = 0

    def weight(pose: PoseInfo, last: PoseInfo | None) -> float:
        w = float(fr["weights"][pose.intensity]) * (1.5 if pose.id in favour else 1.0)
        if pose.hold_min * (2 if pose.has_sides else 1) > budget:
            w *= OVER_BUDGET
        if last is None:
            w *= float(prefer["start_high"]) ** level(pose)
        else:
            if pose.id in last.neighbours or last.id in pose.neighbours:
                w *= float(prefer["neighbour"])
            if level(pose) == level(last):
                w *= float(prefer["same_level"])
            elif level(pose) > level(last):
                w *= float(prefer["rise"])
        return w

    def search(seq: list[PoseInfo]) -> list[PoseInfo] | None:
        nonlocal steps
        steps += 1
        if len(seq) == count:
            return seq
        if steps > MAX_STEPS:
            return None
        last = seq[-1] if seq else None
        keyed = []
        for i, pose in enumerate(shapes):
            w = weight(pose, last)
            if w > 0 and allowed(seq, pose, count, rest):
                keyed.append((rng.random() ** (1.0 / w), -i, pose))  # a weighted shuffle
        for _key, _i, pose in sorted(keyed, key=lambda k: (k[0], k[1]), reverse=True):
            found = search([*seq, pose])
            if found is not None:
                return found
        return None

    if count <= 0:
        return []
    return search([])
