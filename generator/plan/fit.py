"""Fitting a session to a length: every hold scaled within its pose's range (and breath rounds
within bounds) until the plan lasts the length asked for, within ``FIT_TOLERANCE_S``."""

from __future__ import annotations

from collections.abc import Callable

from generator.errors import LengthOutOfReach
from generator.plan.types import Plan
from generator.script.model import Session
from generator.script.text import format_duration

FIT_TOLERANCE_S = 5.0
FAR_OUT_OF_REACH = 0.35  # guessed sentence lengths are within about 20 % of a voice's real ones

Run = Callable[[float, str, float], Plan]  # (hold scale, rounds mode, length spoken of) → plan


def far_out_of_reach(exc: LengthOutOfReach) -> bool:
    """Whether a length judged on sentence lengths guessed from word counts is out of reach by
    more than the guesses can be wrong."""
    return abs(exc.nearest_s - exc.target_s) > FAR_OUT_OF_REACH * exc.nearest_s


def fit(run: Run, target: float, session: Session, from_option: bool) -> Plan:
    """The plan of ``session`` at ``target`` seconds, or LengthOutOfReach with the nearest
    length the script can be and what to change."""

    def seconds(p: Plan) -> float:
        return p.duration / p.sample_rate

    rounds = "as-written"
    shortest, longest = run(1e-6, rounds, target), run(1e6, rounds, target)
    if target < seconds(shortest) - FIT_TOLERANCE_S:
        rounds = "fewest"
        shortest, longest = run(1e-6, rounds, target), run(1e6, rounds, target)
    elif target > seconds(longest) + FIT_TOLERANCE_S:
        rounds = "most"
        shortest, longest = run(1e-6, rounds, target), run(1e6, rounds, target)
    if target < seconds(shortest) - FIT_TOLERANCE_S:
        _out_of_reach(target, seconds(shortest), session, from_option)
    if target > seconds(longest) + FIT_TOLERANCE_S:
        _out_of_reach(target, seconds(longest), session, from_option)
    lo, hi = 1e-6, 1e6
    plan = shortest
    for _ in range(80):
        mid = (lo * hi) ** 0.5
        plan = run(mid, rounds, target)
        if abs(seconds(plan) - target) <= 0.5:
            break
        if seconds(plan) < target:
            lo = mid
        else:
            hi = mid
    return plan


def _out_of_reach(target: float, nearest: float, session: Session, from_option: bool) -> None:
    want, can = format_duration(target), format_duration(nearest)
    if nearest > target:  # only taking something out can make it shorter
        message = (
            f"the nearest this script can be is {can} (every hold at its shortest); remove poses, "
            "breathing rounds or pauses, or choose a length near that"
        )
    else:  # only adding can make it longer
        message = (
            f"the nearest this script can be is {can} (every hold at its longest); add poses or "
            "pauses, or choose a length near that"
        )
    reach = {"target_s": target, "nearest_s": nearest}
    if from_option:
        raise LengthOutOfReach(f"--length {want} is out of reach: {message}", **reach)
    raise LengthOutOfReach(
        f"cannot fit {want}: {message}", session.path, session.length_line or 1, **reach
    )
