"""A pose in time: coming up, the entry cue, which side first, each side's exact hold with its
check-ins, the switch between sides, and the way out. Author text always wins."""

from __future__ import annotations

import re

from generator.care.phrases import mentions_rolling
from generator.care.poses import LYING, PoseInfo, closest_poses, get_pose, name_in
from generator.plan import roles
from generator.plan.builder import Builder
from generator.plan.holds import fill_hold
from generator.script.model import Pose

SIDE_ORDER = {"both": ("left", "right"), "left": ("left",), "right": ("right",)}
_SIDE_WORDS = {"left": ("left", "izquierd"), "right": ("right", "derech")}
_LEAD_GLUE = {"hacia", "sobre", "entre", "toward", "towards", "other", "otra", "otro"}
_LIMB = re.compile(
    r"\b(?:foot|feet|knees?|ankles?|legs?|hips?|arms?|hands?|shin|thigh|pies?|rodillas?|tobillos?"
    r"|piernas?|caderas?|brazos?|manos?|espinilla|muslo)\b"
)


def pose_info(b: Builder, seg: Pose) -> PoseInfo:
    """The library's pose for ``seg``, or an error at its line with the nearest names."""
    info = get_pose(seg.pose)
    if info is None:
        # the nearest names as the author writes them ("mariposa", not "butterfly"), one a pose
        lang = b.wording.language
        near_poses = dict.fromkeys(get_pose(name) for name in closest_poses(seg.pose, 6))
        near = [name_in(pose, seg.pose, lang) for pose in near_poses if pose][:3]
        hint = f"did you mean {', '.join(repr(n) for n in near)}? " if near else ""
        raise b.fail(f"unknown pose {seg.pose!r}; {hint}`holdspace poses` lists them", seg.line)
    return info


def sides_of(seg: Pose, info: PoseInfo) -> str:
    """none, left, right or both: as written, else the pose's own."""
    return seg.sides or ("both" if info.has_sides else "none")


# the shortest a practice's last rest is fitted to: where the body settles before the closing (a
# chair rest written as 90 s became 10 s in a script fitted to 8 minutes)
LAST_REST_S = 60.0


def hold_length(b: Builder, seg: Pose, info: PoseInfo, last_rest: bool = False) -> int:
    """The hold per side: the author's or the pose's default, scaled when fitting to a length,
    within the pose's range (``last_rest``: the practice's last pose, a rest, keeps a minute)."""
    base = seg.hold if seg.hold is not None else info.hold_default
    shortest = max(info.hold_min, LAST_REST_S) if last_rest else info.hold_min
    lo, hi = min(shortest, base), max(info.hold_max, base)
    return b.samples(min(hi, max(lo, base * b.hold_scale)))


def pose(
    b: Builder,
    seg: Pose,
    info: PoseInfo,
    occurrence: int,
    after: PoseInfo | None = None,
    before: PoseInfo | None = None,
) -> None:
    """``seg`` in time; ``after`` is the next pose (None: none follows), for the roll note;
    ``before`` the one before it, for the note on lying down in bed."""
    sides_key = sides_of(seg, info)
    if sides_key != "none" and not info.has_sides:
        raise b.fail(
            f"{info.id} is done once, without sides; remove sides: or use sides: none", seg.line
        )
    sides = SIDE_ORDER.get(sides_key, (None,))
    needs_words = seg.cue is None or seg.exit is None or (len(sides) > 1 and seg.switch is None)
    switch = seg.switch if len(sides) > 1 else ""
    missing = [
        k + ":" for k, v in (("cue", seg.cue), ("switch", switch), ("exit", seg.exit)) if v is None
    ]
    fix = f"write {info.id}'s own {' and '.join(missing)}"
    w = b.words(seg.line, "pose", fix) if needs_words else b.wording
    hold = hold_length(b, seg, info, last_rest=after is None and info.rest)
    care = b.session.care
    for i, side in enumerate(sides):
        if b.auto_chapters:
            b.chapter(w.pose_chapter(info, side))
        if i == 0:
            if b.wording.known:
                b.say(b.wording.coming_up(info), seg.line, roles.CUE)
            if not (seg.cue and mentions_rolling(seg.cue, b.wording.language)):
                if _in_bed(b) and info.on_back and before and before.position not in LYING:
                    b.say(b.wording.lie_down_note(), seg.line, roles.CAUTION)
                elif _in_bed(b) and before is None and info.position not in LYING:
                    # the first shape sits up, and the listener may be lying in bed
                    b.say(b.wording.roll_note(), seg.line, roles.CAUTION)
            # the side before the words that move the body, so nobody has picked one already
            if side and b.wording.known and not (seg.cue and _names_side(seg.cue, side)):
                b.say(b.wording.side_intro(info, side, only=len(sides) == 1), seg.line, roles.CUE)
            cue = seg.cue or w.pose_entry(
                info, occurrence, b.recent_softeners(), named_side=side is not None,
                conditions=care.cautions,
            )  # fmt: skip
            b.say(cue, seg.line, roles.CUE)
            if b.wording.known:  # the caution follows the author's cue too, unless switched off
                caution = seg.safety_note and (seg.cue is None or care.safety_notes)
                for note in b.wording.pose_notes(info, caution, care.cautions):
                    b.say(note, seg.line, roles.CAUTION)
        else:
            if b.session.bells.sides:
                b.bell(seg.line)
            lead = info.lead(b.wording.language, side) if b.wording.known else ""
            # the built-in switch says "the other side" when the side's own words follow
            avoid = b.recent_softeners()
            switch = seg.switch or w.pose_switch(info, side, occurrence, avoid, other=bool(lead))
            b.say(switch, seg.line, roles.SWITCH)
            if b.wording.known and not (seg.switch and _in_body_words(seg.switch, side, lead)):
                b.say(b.wording.side_lead(info, side), seg.line, roles.SWITCH)
        event = b.timed(roles.HOLD, hold, seg.line, roles.hold_role(side))
        then = seg.switch if i < len(sides) - 1 else seg.exit
        fill_hold(b, event, seg.line, words=True, then=then, resting=info.rest)
    asleep = _falls_asleep_here(b, info, after)
    if seg.exit is None and asleep:
        return  # the bed closing offers staying or waking; "move, sit up" would wake them first
    exit_text = seg.exit or w.pose_exit(info, occurrence, b.recent_softeners())
    b.say(exit_text, seg.line, roles.EXIT)
    if (
        info.on_back
        and not asleep
        and not (after and after.position in LYING)  # nobody sits up between two lying shapes
        and care.safety_notes
        and b.wording.known
        and not mentions_rolling(exit_text, b.wording.language)
    ):
        said = {e.text for e in b.events if e.role == roles.CAUTION and not e.continues}
        first = b.pieces(b.wording.roll_note())[0].text  # the note's first clause, as heard
        b.say(b.wording.roll_note(again=first in said), seg.line, roles.CAUTION)


def _falls_asleep_here(b: Builder, info: PoseInfo, after: PoseInfo | None) -> bool:
    """The last shape of a practice in bed, lying down: the listener may be asleep, so no
    built-in words ask them to move or sit up. The built-in closing offers both staying and
    waking (rolling to one side in the waking choice); an author's own closing, or none, is
    theirs to word (a tester's "Goodnight." was followed by a note about sitting up)."""
    care = b.session.care
    return care.place == "bed" and after is None and info.position in LYING


def _in_bed(b: Builder) -> bool:
    """A practice in bed with built-in safety notes: between lying and sitting on a soft
    mattress, one side first is the kinder way (a tester of 67 with a stiff hip went from lying
    in bed to seated circles, then to "lie on your back", with no word on how)."""
    care = b.session.care
    return care.place == "bed" and care.safety_notes and b.wording.known


def _names_side(text: str, side: str) -> bool:
    return any(word in text.lower() for word in _SIDE_WORDS[side])


def _in_body_words(text: str, side: str, lead: str) -> bool:
    """Does ``text`` say the side in the body's words ("right foot forward", or the pose's own
    lead's words: "turn toward the right" for a twist led by "turning to your right"), not only
    "the right side"?"""
    if not _names_side(text, side):
        return False
    words = text.lower()
    if _LIMB.search(words):
        return True
    said = {w[:4] for w in re.findall(r"\w+", words)}
    sides = tuple(name for names in _SIDE_WORDS.values() for name in names)
    own = {
        w[:4]
        for w in re.findall(r"\w+", lead.lower())
        if len(w) >= 5 and not w.startswith(sides) and w not in _LEAD_GLUE
    }
    return bool(own & said)
