"""Composed sessions over a grid of choices: 3 lengths × 3 places × 2 languages × 4 avoid sets ×
10 seeds (720 sessions), each with one of the three focuses in turn, the odd seeds' Spanish in
*usted*.
Every script loads, lints clean, plans to its length within 5 s (sentence lengths guessed from
the words, as `plan --estimate` does: fast, and the fitter is the same one `render` uses), keeps
every sequencing and care rule (checked from the plan and the pose data: session_rules.py), and
obeys --avoid."""

from __future__ import annotations

import itertools

import pytest
from session_rules import care_problems, invitations, sequencing_problems

from generator.compose.composer import compose
from generator.compose.rules import Choices
from generator.lint.script import lint_session
from generator.plan.estimate import estimated_plan
from generator.script.load import load_text

LENGTHS = (600.0, 1200.0, 1800.0)
PLACES = ("floor", "chair", "bed")
LANGUAGES = ("en", "es")
AVOIDS = ((), ("knees",), ("lying_on_back",), ("kneeling", "deep_hip_flexion", "twisting"))
FOCUSES = ("hips", "breath", "rest")
SEEDS = 10
FIT_S = 5.0

GRID = [
    (length, place, language, avoid, seed, FOCUSES[i % len(FOCUSES)])
    for i, (length, place, language, avoid, seed) in enumerate(
        itertools.product(LENGTHS, PLACES, LANGUAGES, AVOIDS, range(SEEDS))
    )
]


def _id(case: tuple) -> str:
    length, place, language, avoid, seed, focus = case
    return f"{length / 60:.0f}m-{place}-{language}-{'+'.join(avoid) or 'all'}-{focus}-s{seed}"


def test_the_grid_covers_every_choice() -> None:
    assert len(GRID) == 3 * 3 * 2 * 4 * SEEDS
    assert {c[4] for c in GRID} == set(range(SEEDS))
    for k, values in enumerate((LENGTHS, PLACES, LANGUAGES, AVOIDS)):
        assert {c[k] for c in GRID} == set(values)
    assert {c[5] for c in GRID} == set(FOCUSES)


@pytest.mark.parametrize("case", GRID, ids=_id)
def test_a_composed_session_keeps_every_rule(case: tuple) -> None:
    length, place, language, avoid, seed, focus = case
    usted = language == "es" and seed % 2 == 1  # half the Spanish in usted (--address usted)
    choices = Choices(length_s=length, place=place, focus=focus, avoid=avoid,
                      language=language, seed=seed, address="usted" if usted else None)  # fmt: skip
    made = compose(choices)
    session = load_text(made.text, "composed.yaml")
    assert session.length == length and session.care.place == place
    assert f"--seed {seed}" in made.text.split("holdspace: 1")[0]
    plan = estimated_plan(session)
    assert abs(plan.duration / plan.sample_rate - length) <= FIT_S
    findings = lint_session(session, made.text, plan)
    assert not findings, [str(f) for f in findings]
    assert sequencing_problems(session, plan, place, avoid) == []
    assert care_problems(session, plan) == []
    firsts = invitations(session)
    assert len(set(firsts)) >= min(2, len(firsts)), firsts  # invitations vary
    if avoid:
        header = made.text.split("holdspace: 1")[0]
        assert f"--avoid {','.join(avoid)}" in header
        assert any("--avoid" in note for note in made.notes)
