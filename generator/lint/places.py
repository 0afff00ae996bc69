"""The ``pose-not-for-place`` rule: a script that says where it is practised (``care: {place:
chair}``, ``bed``) does not lead the listener into a shape that cannot be done there.

A teacher writing a chair session for a class with a wheelchair user wrote ``pose: figure
four``, the name she uses in class: it is the reclined figure four, and the track told the
class to lie back, then to roll onto one side before sitting up; ``pigeon`` to come onto hands
and knees. ``compose`` keeps to a place's shapes (each pose's ``places`` in
``generator/data/poses.yaml``); a script written by hand gets this rule, an error in a chair or
in bed (a listener there may not be able to get down to the floor) and a warning on the floor
(a chair shape needs a chair at hand). Its message names the place's nearest shape."""

from __future__ import annotations

import re

from generator.care.poses import PoseInfo, all_poses, get_pose
from generator.lint import catalog
from generator.script.model import Pose, Session

RULE = catalog.POSE_NOT_FOR_PLACE
_WHERE = {
    "en": {"chair": "on a chair", "bed": "in bed", "floor": "on the floor"},
    "es": {"chair": "en una silla", "bed": "en la cama", "floor": "en el suelo"},
}
_MESSAGE = {
    "en": "{pose} is not done {where}, and this script says care: {{place: {place}}}: {instead}"
    "or, if this listener can, say why on its line: # holdspace: allow pose-not-for-place "
    "because …",
    "es": "{pose} no se hace {where}, y este guion dice care: {{place: {place}}}: {instead}"
    "o, si esta persona puede hacerla, di por qué en su línea: # holdspace: allow "
    "pose-not-for-place because …",
}
_INSTEAD = {
    "en": ("try {names}, ", "holdspace compose --position {place} shows its shapes, "),
    "es": ("prueba {names}, ", "holdspace compose --position {place} muestra sus posturas, "),
}
# words of a pose's id that say how, not which shape ("reclined" figure four, "chair" twist)
_HOW = {"chair", "reclined", "seated", "supported", "supine", "side", "lying", "one", "low"}


def _shape_words(pose: PoseInfo) -> set[str]:
    return {w.rstrip("s") for w in re.split(r"_", pose.id)} - _HOW - {""}


def nearest(pose: PoseInfo, place: str) -> list[str]:
    """The shapes done in ``place`` nearest to ``pose``: its rest for a rest, else those that
    share a word of the shape (figure four, twist, butterfly, knee, lunge)."""
    there = [p for p in all_poses() if place in p.places]
    if pose.rest:
        return [p.id for p in there if p.rest]
    words = _shape_words(pose)
    return [p.id for p in there if _shape_words(p) & words]


def check(session: Session, lang: str, add) -> None:
    """Report (``add``, as ``lint_session``'s) every pose not done where the script says."""
    place = session.care.place
    if not place:
        return
    words = "es" if lang == "es" else "en"
    for seg in session.segments:
        info = get_pose(seg.pose) if isinstance(seg, Pose) else None
        if info is None or place in info.places:
            continue
        names = nearest(info, place)
        yes, no = _INSTEAD[words]
        instead = yes.format(names=", ".join(names)) if names else no.format(place=place)
        message = _MESSAGE[words].format(
            pose=info.title(words), where=_WHERE[words][place], place=place, instead=instead
        )
        add(
            seg.line, "warning" if place == "floor" else "error", RULE, seg.pose, message, seg.allow
        )
