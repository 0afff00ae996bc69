"""A plan without a voice: every clause's length guessed from its words at the voice's rate
(``generator.speech.rates``). Instant and approximate: ``plan --estimate``, the length a new
script's header states, and the linter's timing rules."""

from __future__ import annotations

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
