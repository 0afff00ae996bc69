"""Fitting a session to a length: every hold scaled within its pose's range (and breath rounds
within bounds) until the plan lasts the length asked for, within ``FIT_TOLERANCE_S``."""

from __future__ import annotations

from collections.abc import Callable

from generator.errors import LengthOutOfReach
from generator.plan.roles import SPEECH
from generator.plan.types import Plan
from generator.script.model import Breath, Pose, Session, VoiceSettings
from generator.script.text import format_duration
from generator.speech.rates import paced_as_measured

FIT_TOLERANCE_S = 5.0
# a sentence length guessed from its words is within about 20 % of a measured voice's real one;
# holds, pauses and chimes are exact, so only the speech in a plan can be out by that much. A voice
# of its own pace (recordings, another Piper voice) may be out by more: a share of the whole length
FAR_OUT_OF_REACH = 0.35
# a length a guess fits this near its edge (a share of the plan's speech, + FIT_TOLERANCE_S) may be
# out of reach with the voice: a tester's slower-voice row, guessed 18 s inside the shortest its
# script could be, was 14 s outside it (the guess 10 % short of the voice's speech)
NEAR_EDGE = 0.15
NOTICED_S = 2.5  # a hold fitted this much shorter or longer is said
OPENING_PASSES = 4  # the opening says the real length, which its own words change

Run = Callable[[float, float, float], Plan]  # (hold scale, rounds scale, length spoken of) → plan


def far_out_of_reach(exc: LengthOutOfReach, voice: VoiceSettings) -> bool:
    """Whether a length judged on sentence lengths guessed from word counts is out of reach by
    more than the guesses can be wrong: for a measured voice a share of the plan's speech, not of
    its holds (a chair session asked for 6:00 whose nearest is 8:44 was let through when the
    margin was a share of the whole length)."""
    if paced_as_measured(voice.engine, voice.name, voice.model):
        margin = FAR_OUT_OF_REACH * exc.spoken_s + FIT_TOLERANCE_S
    else:
        margin = FAR_OUT_OF_REACH * exc.nearest_s
    return abs(exc.nearest_s - exc.target_s) > margin


def near_edge(nearest_s: float, target_s: float, spoken_s: float, voice: VoiceSettings) -> bool:
    """Whether ``target_s``, which a plan guessed from words reaches, is near enough its edge
    (``nearest_s``, the shortest or longest the guess can be) that the voice may not reach it."""
    if paced_as_measured(voice.engine, voice.name, voice.model):
        return abs(nearest_s - target_s) <= NEAR_EDGE * spoken_s + FIT_TOLERANCE_S
    return abs(nearest_s - target_s) <= FAR_OUT_OF_REACH * nearest_s


def as_guess(exc: LengthOutOfReach, session: Session, from_option: bool) -> LengthOutOfReach:
    """``exc`` said as a guess from the words (its nearest length "about", to 10 s)."""
    return refusal(exc.target_s, exc.nearest_s, session, from_option, True, exc.spoken_s)


def spoken_seconds(plan: Plan) -> float:
    return sum(e.end - e.start for e in plan.events if e.kind == SPEECH) / plan.sample_rate


def settle(run_at: Callable[[float], Plan], plan: Plan) -> Plan:
    """``plan`` re-planned until its opening speaks of the length it really has: the words of
    the length change the length (a few passes settle it). Near the edge of "about" they can
    flip back and forth (saying "about seven minutes" makes a 6:39 track 6:40.5, which would not
    need it): then the longer plan wins, the one that says "about", true either way."""
    seen = [plan]
    for _ in range(OPENING_PASSES):
        again = run_at(plan.duration / plan.sample_rate)
        if again.duration == plan.duration:
            return again
        earlier = [p.duration for p in seen]
        if again.duration in earlier:  # a cycle: the plans since its first appearance
            return max(seen[earlier.index(again.duration) :], key=lambda p: p.duration)
        seen.append(again)
        plan = again
    return plan


def fit(run: Run, target: float, session: Session, from_option: bool) -> Plan:
    """The plan of ``session`` at ``target`` seconds, or LengthOutOfReach with the nearest
    length the script can be and what to change.

    Holds are scaled first, with every breathing block as written; only when the holds alone
    cannot reach the length do the breathing blocks get fewer or more rounds (the holds then at
    their shortest or longest), so a session without poses fits too."""

    def seconds(p: Plan) -> float:
        return p.duration / p.sample_rate

    short, long = run(1e-6, 1.0, target), run(1e6, 1.0, target)
    if target < seconds(short) - FIT_TOLERANCE_S:
        holds, knob, lo, hi = 1e-6, "rounds", 1e-6, 1.0
        nearest = run(holds, lo, target)
        if target < seconds(nearest) - FIT_TOLERANCE_S:
            raise _refusal_at(
                settle(lambda s: run(holds, lo, s), nearest), target, session, from_option
            )
    elif target > seconds(long) + FIT_TOLERANCE_S:
        holds, knob, lo, hi = 1e6, "rounds", 1.0, 1e6
        nearest = run(holds, hi, target)
        if target > seconds(nearest) + FIT_TOLERANCE_S:
            raise _refusal_at(
                settle(lambda s: run(holds, hi, s), nearest), target, session, from_option
            )
    else:
        holds, knob, lo, hi = 1.0, "holds", 1e-6, 1e6

    def at(scale: float) -> Plan:
        return run(scale, 1.0, target) if knob == "holds" else run(holds, scale, target)

    best = at(lo)
    for _ in range(80):
        mid = (lo * hi) ** 0.5
        plan = at(mid)
        if abs(seconds(plan) - target) < abs(seconds(best) - target):
            best = plan
        if abs(seconds(plan) - target) <= 0.5:
            break
        if seconds(plan) < target:
            lo = mid
        else:
            hi = mid
    return best


def _refusal_at(plan: Plan, target: float, session: Session, from_option: bool) -> LengthOutOfReach:
    seconds = plan.duration / plan.sample_rate
    return refusal(target, seconds, session, from_option, spoken=spoken_seconds(plan))


def refusal(
    target: float,
    nearest: float,
    session: Session,
    from_option: bool,
    guessed: bool = False,
    spoken: float = 0.0,
) -> LengthOutOfReach:
    """LengthOutOfReach quoting ``nearest``: the length the script has when asked for it (its
    opening then speaks of that length, not of ``target``), so the advice is the same whichever
    unreachable length was asked for. ``guessed``: ``nearest`` came from sentence lengths
    guessed from their words (a length far out of reach is refused before any speech), so it is
    said as "about", to the nearest 10 s (the same figure whichever side was asked for)."""
    can = format_duration(nearest)
    if guessed:
        can = f"about {format_duration(round(nearest / 10) * 10)}"
    stretch = _what_stretches(session, "shortest" if nearest > target else "longest")
    if nearest > target:  # only taking something out can make it shorter
        message = (
            f"the nearest this script can be is {can} ({stretch}); remove poses, breathing "
            "rounds or pauses, or choose a length near that"
        )
    else:  # only adding can make it longer
        message = (
            f"the nearest this script can be is {can} ({stretch}); add poses, breathing or "
            "pauses, or choose a length near that"
        )
    want = format_duration(target)
    reach = {"target_s": target, "nearest_s": nearest, "spoken_s": spoken}
    if from_option:
        return LengthOutOfReach(f"--length {want} is out of reach: {message}", **reach)
    return LengthOutOfReach(
        f"cannot fit {want}: {message}", session.path, session.length_line or 1, **reach
    )


def _what_stretches(session: Session, end: str) -> str:
    """What was stretched (or shrunk) as far as it goes, in the script's own terms: a grounding
    track of words and pauses has no hold to be "at its longest"."""
    holds = any(isinstance(seg, Pose) for seg in session.segments)
    breathing = any(isinstance(seg, Breath) for seg in session.segments)
    most = "fewest" if end == "shortest" else "most"
    parts = [f"every hold at its {end}"] if holds else []
    parts += [f"breathing at its {most} rounds"] if breathing else []
    if not parts:
        return "only pose holds and breathing rounds fit a length, and it has neither"
    return " and ".join(parts)


def fitted_holds(session: Session, plan: Plan) -> list[tuple[Pose, float, float]]:
    """The poses whose holds fitting changed noticeably (by more than 2.5 s and 5 %: a composed
    script's holds are already fitted, to a second or two; a 25 s side bend held 20 s was left
    out when it took more than 5 s): (pose, written seconds, planned seconds per side), in
    script order. What a render says it did to the holds, so an author who wrote ``hold: 90s``
    and ``length: 18m`` is not surprised by 70 s."""
    from generator.care.poses import get_pose
    from generator.plan.roles import is_pose_hold

    sr = plan.sample_rate
    changed = []
    for seg in session.segments:
        info = get_pose(seg.pose) if isinstance(seg, Pose) else None
        if info is None:
            continue
        written = seg.hold if seg.hold is not None else info.hold_default
        held = [e for e in plan.events if e.line == seg.line and is_pose_hold(e.role)]
        change = abs((held[0].end - held[0].start) / sr - written) if held else 0.0
        if change > max(NOTICED_S, 0.05 * written):
            changed.append((seg, written, (held[0].end - held[0].start) / sr))
    return changed
