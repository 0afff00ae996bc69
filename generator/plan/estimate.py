"""A plan without a voice: every clause's length guessed from its words at the voice's rate
(``generator.speech.rates``). Instant and approximate: ``plan --estimate``, the length a new
script's header states, and the linter's timing rules."""

from __future__ import annotations

from generator.errors import LengthOutOfReach
from generator.plan.fit import near_edge, spoken_seconds
from generator.plan.planner import plan_session
from generator.plan.types import Plan
from generator.script.model import Session
from generator.speech.rates import estimated_samples


def estimated_plan(
    session: Session,
    sample_rate: int = 8000,
    seed: int | None = None,
    length: float | None = None,
) -> Plan:
    rate = session.voice.rate

    def measure(text: str) -> int:
        return estimated_samples(text, rate, sample_rate)

    return plan_session(session, measure, sample_rate=sample_rate, seed=seed, length=length)


REACH_S = {"shortest": 1.0, "longest": 24 * 3600.0}  # lengths no script reaches: each says an edge


def guessed_edge(
    session: Session, plan: Plan, target: float, seed: int | None = None
) -> tuple[str, float] | None:
    """For ``plan``, ``session`` fitted to ``target`` by guessed sentence lengths: the edge of
    reach ("shortest" or "longest", and its seconds by the guess) when ``target`` is so near it
    that the voice may not reach it; else None. A dry run said "ok" for a row the render then
    refused, 14 s out of reach."""
    spoken = spoken_seconds(plan)
    for end, far in REACH_S.items():
        try:
            estimated_plan(session, seed=seed, length=far)
        except LengthOutOfReach as exc:
            if near_edge(exc.nearest_s, target, spoken, session.voice):
                return end, exc.nearest_s
    return None
