"""The sequencing and care rules of a composed session (docs/compose.md), checked from what a
listener gets, the plan, and from the pose library's data, never from the composer's own
workings: which poses the plan holds, in what order, on which sides, for how long, and what is
said around them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.care.poses import LYING, PoseInfo, get_pose
from generator.care.softeners import softeners_in
from generator.lint.rules import has_exit_offer
from generator.plan.roles import is_pose_hold
from generator.plan.types import Event, Plan
from generator.script.model import Breath, Pose, Session, Speak

# how high the body is in each pose position (docs/compose.md)
LEVEL = {"kneeling": 2, "seated": 1, "chair": 1, "back": 0, "side": 0, "belly": 0}
SAFE_BREATH = {"extended_exhale", "coherent", "natural"}
DEPTH = {"gentle": 0, "moderate": 1, "deep": 2}
LONG_REST_S = 90.0
QUIET_MAX_S = 90.0


@dataclass
class Held:
    pose: PoseInfo
    holds: list[Event]

    @property
    def sides(self) -> list[str]:
        return [e.role for e in self.holds]

    def seconds(self, sample_rate: int) -> float:
        return (self.holds[0].end - self.holds[0].start) / sample_rate


def held_poses(session: Session, plan: Plan) -> list[Held]:
    """The poses in the order the plan holds them, each with its hold events."""
    by_line = {seg.line: seg for seg in session.segments if isinstance(seg, Pose)}
    out: list[Held] = []
    for e in plan.events:
        if e.kind != "hold" or not is_pose_hold(e.role):
            continue
        if out and out[-1].holds[0].line == e.line:
            out[-1].holds.append(e)
        else:
            out.append(Held(get_pose(by_line[e.line].pose), [e]))
    return out


# lying on the back in words, for a session that --avoid lying_on_back
# "sit or lie down" said to someone 28 weeks pregnant: lying, for them, is on the side
ANY_WAY_BUT_BACK = re.compile(r"on your side|de lado", re.IGNORECASE)
ON_BACK = re.compile(
    r"on (?:your|the) back|boca arriba|\b(?:lying|lie) down with (?:your )?knees bent|"
    r"(?:tumbarte|recostarte) con las rodillas dobladas",
    re.IGNORECASE,
)


def sequencing_problems(
    session: Session, plan: Plan, place: str, avoid: tuple[str, ...]
) -> list[str]:
    """Every broken sequencing rule, in words (an empty list: all kept)."""
    problems: list[str] = []
    sr = plan.sample_rate
    held = held_poses(session, plan)
    poses = [h.pose for h in held]
    ids = [p.id for p in poses]
    speech = plan.speech()
    # arrival and breath first
    roles = [e.role for e in speech if e.role != "opening"]
    if not roles or roles[0] != "speak":
        problems.append(f"the first words after the opening are {roles[:1]}, not the arrival")
    breath_starts = [e.start for e in plan.events if e.role in ("inhale", "natural")]
    cues = [e.start for e in speech if e.role == "cue"]
    if not breath_starts or (cues and breath_starts[0] > cues[0]):
        problems.append("no breathing before the first pose")
    # the long rest, then the grounding close
    if not poses or not poses[-1].rest:
        problems.append(f"the last pose is {ids[-1:]}, not a rest")
    else:
        rest_s = held[-1].seconds(sr)
        longest = max((h.seconds(sr) for h in held[:-1]), default=0.0)
        if rest_s < LONG_REST_S or rest_s < longest:
            problems.append(f"the rest lasts {rest_s:.0f} s (longest hold {longest:.0f} s)")
    if not speech or speech[-1].role != "closing":
        problems.append("the session does not end with the closing")
    shapes = poses[:-1]
    # no pose twice; every pose can be done where the practice happens; --avoid obeyed
    if len(set(ids)) != len(ids):
        problems.append(f"a pose twice: {ids}")
    problems += [f"{p.id} cannot be done in {place}" for p in poses if place not in p.places]
    problems += [
        f"{p.id} asks {sorted(set(p.asks) & set(avoid))}, avoided"
        for p in poses
        if set(p.asks) & set(avoid) or p.id in avoid
    ]
    if "lying_on_back" in avoid and ON_BACK.search(arrival(session)):
        problems.append(f"the arrival asks to lie on the back: {arrival(session)!r}")
    if (
        "lying_on_back" in avoid
        and not ANY_WAY_BUT_BACK.search(arrival(session))
        and place != "chair"
    ):
        problems.append(f"the arrival does not steer off the back: {arrival(session)!r}")
    # both sides of every one-sided shape, left then right
    for h in held:
        want = ["hold:left", "hold:right"] if h.pose.has_sides else ["hold"]
        if h.sides != want:
            problems.append(f"{h.pose.id} is held {h.sides}")
    # gentle before deeper; a counter after a deep one; never two deep shapes in a row
    depths = [DEPTH[p.intensity] for p in shapes]
    if depths and depths[0] != 0:
        problems.append(f"the first shape, {shapes[0].id}, is not gentle")
    for i in range(1, len(depths)):
        if depths[i] > max(depths[:i]) + 1:
            problems.append(f"{shapes[i].id} comes before anything a step less deep")
    for a, b in zip(shapes, [*shapes[1:], poses[-1]], strict=False):
        if a.intensity == "deep" and b.id not in a.counters:
            problems.append(f"{b.id} follows the deep {a.id}, not one of its counters")
    if shapes and shapes[-1].intensity != "gentle":
        problems.append(f"the shape before the rest, {shapes[-1].id}, is not gentle")
    # the body comes up only into the second shape, and after that only down (no up-down-up)
    levels = [LEVEL[p.position] for p in poses]
    if any(b > a for a, b in zip(levels[1:], levels[2:], strict=False)):
        problems.append(f"up later on: {list(zip(ids, levels, strict=True))}")
    # breathing from the safe set, and no breath holds
    for seg in session.segments:
        if isinstance(seg, Breath) and seg.pattern not in SAFE_BREATH:
            problems.append(f"breathing pattern {seg.pattern}")
    if any(e.role in ("hold_in", "hold_out") for e in plan.events):
        problems.append("a breath hold")
    return problems


def care_problems(session: Session, plan: Plan) -> list[str]:
    """The care rules every session keeps (tests/plan/test_care_rules.py), on this plan."""
    problems: list[str] = []
    sr = plan.sample_rate
    lang = session.language
    speech = plan.speech()
    for e in plan.events:
        if e.kind == "hold" and is_pose_hold(e.role) and e.end - e.start >= 60 * sr:
            words = " ".join(
                s.text or "" for s in speech if s.role == "check_in" and e.start <= s.start < e.end
            )
            if not has_exit_offer(words, lang):
                problems.append(f"a {(e.end - e.start) / sr:.0f} s hold offers no way out")
    marked = [(e.start, e.end) for e in plan.events if e.role == "silence"]
    sounds = sorted((e.start, e.end) for e in plan.events if e.kind in ("speech", "tone"))
    heard = 0
    for start, end in [*sounds, (plan.duration, plan.duration)]:
        quiet = any(a <= heard and start <= b for a, b in marked)
        if start - heard > QUIET_MAX_S * sr and not quiet:
            problems.append(f"{(start - heard) / sr:.0f} s of quiet at {heard / sr:.0f} s")
        heard = max(heard, end)
    lines = [line.text for line in plan.lines()]
    for a, b in zip(lines, lines[1:], strict=False):
        shared = softeners_in(a, lang) & softeners_in(b, lang)
        if shared:
            problems.append(f"{sorted(shared)} twice in a row: {a!r} / {b!r}")
    said = [line.text for line in plan.lines() if line.role != "breath"]
    soft = [t for t in said if softeners_in(t, lang)]
    if len(soft) > len(said) / 3:
        problems.append(f"{len(soft)} of {len(said)} sentences carry a softener")
    poses = [s for s in session.segments if isinstance(s, Pose)]
    if session.care.place == "bed" and poses and get_pose(poses[-1].pose).position in LYING:
        # the listener may be asleep: the closing offers staying or waking, nothing before it
        woken = [e.text for e in speech if e.line == poses[-1].line and e.role == "exit"]
        if woken:
            problems.append(f"the last rest in bed ends asking to move: {woken}")
    return problems


def invitations(session: Session) -> list[str]:
    """The first words of every pose cue, as written: how each shape is offered."""
    return [
        " ".join(seg.cue.split()[:2]).lower()
        for seg in session.segments
        if isinstance(seg, Pose) and seg.cue
    ]


def arrival(session: Session) -> str:
    first = session.segments[0]
    return first.text if isinstance(first, Speak) else ""
