"""Breathing patterns: timings from the practice notes, gentle rates, fading cue words."""

from __future__ import annotations

import re

import pytest

from generator.care.breathing import (
    FULL_ROUNDS,
    SHORT_ROUNDS,
    all_patterns,
    breath_cues,
    closest_patterns,
    custom_pattern,
    get_pattern,
    natural_breath_reminder,
    rate_per_minute,
)
from generator.care.data import LANGUAGES

# id: (inhale, top_up, hold_in, exhale, hold_out, rounds_default, rounds_max), from practice.md
TIMINGS = {
    "natural": (0, 0, 0, 0, 0, 0, 0),
    "extended_exhale": (4, 0, 0, 6, 0, 6, 12),
    "coherent": (5.5, 0, 0, 5.5, 0, 10, 27),
    "box": (4, 0, 4, 4, 4, 4, 8),
    "four_seven_eight": (4, 0, 7, 8, 0, 4, 4),
    "sigh": (2, 1, 0, 6, 0, 3, 5),
}
RATES = {
    "extended_exhale": 6.0,
    "coherent": 60 / 11,
    "box": 3.75,
    "four_seven_eight": 60 / 19,
    "sigh": 60 / 9,
}
NATURAL = {
    "en": re.compile(r"natural|normally|own rhythm|usual|simply breathe", re.I),
    "es": re.compile(r"natural|normalidad|propio ritmo|de siempre|simplemente respirar", re.I),
}


@pytest.mark.parametrize(("pid", "timing"), sorted(TIMINGS.items()))
def test_timings_match_practice_notes(pid: str, timing: tuple[float, ...]) -> None:
    p = get_pattern(pid)
    assert p is not None
    got = (p.inhale, p.top_up, p.hold_in, p.exhale, p.hold_out, p.rounds_default, p.rounds_max)
    assert got == timing


@pytest.mark.parametrize(("pid", "rate"), sorted(RATES.items()))
def test_rates_are_slow(pid: str, rate: float) -> None:
    p = get_pattern(pid)
    assert p is not None
    assert p.rate_per_minute() == pytest.approx(rate)
    assert rate_per_minute(p) == pytest.approx(rate)
    assert rate <= 12


def test_rate_from_seconds_and_natural_has_none() -> None:
    assert rate_per_minute((4, 0, 6, 0)) == pytest.approx(6.0)
    assert rate_per_minute((4, 4, 4, 4)) == pytest.approx(3.75)
    natural = get_pattern("natural")
    assert natural is not None and natural.rate_per_minute() is None and not natural.paced


def test_default_blocks_stay_short() -> None:
    assert all(p.seconds() <= 300 for p in all_patterns())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_holds_carry_an_opt_out_and_long_holds_a_caution(lang: str) -> None:
    for p in all_patterns():
        assert p.intro(lang)
        if p.has_holds:
            assert p.skip_holds(lang), p.id
        if p.needs_caution:
            assert p.caution(lang), p.id
    assert {p.id for p in all_patterns() if p.needs_caution} == {"four_seven_eight"}


@pytest.mark.parametrize(
    ("name", "pid"),
    [("4-7-8", "four_seven_eight"), ("Box Breathing", "box"), ("physiological sigh", "sigh")],
)
def test_aliases_resolve(name: str, pid: str) -> None:
    p = get_pattern(name)
    assert p is not None and p.id == pid


def test_typos_get_suggestions() -> None:
    assert get_pattern("coherant") is None
    assert closest_patterns("coherant")[0] == "coherent"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_cues_fade_from_full_words_to_single_words_to_silence(lang: str) -> None:
    box = get_pattern("box")
    assert box is not None
    cues = breath_cues(box, 8, lang)
    assert len(cues) == 8 * 4
    assert [phase for _, phase, _ in cues[:4]] == ["inhale", "hold_in", "exhale", "hold_out"]
    full = [t for r, _, t in cues if r < FULL_ROUNDS]
    short = [t for r, _, t in cues if FULL_ROUNDS <= r < FULL_ROUNDS + SHORT_ROUNDS]
    rest = [t for r, _, t in cues if r >= FULL_ROUNDS + SHORT_ROUNDS]
    assert all(full) and all(short) and rest and all(t is None for t in rest)
    short_by_phase = {phase: t for r, phase, t in cues if r == FULL_ROUNDS}
    for r, phase, text in cues:
        if r < FULL_ROUNDS:
            assert len(text) > len(short_by_phase[phase])
    holds = [t for r, phase, t in cues if r < FULL_ROUNDS and phase.startswith("hold")]
    comfortable = "comfortable" if lang == "en" else "cómodo"
    assert all(comfortable in t for t in holds)


def test_cues_accept_seconds_default_rounds_and_the_sigh_top_up() -> None:
    assert len(breath_cues((4, 0, 6, 0), 3, "en")) == 6
    ext = get_pattern("extended_exhale")
    sigh = get_pattern("sigh")
    assert ext is not None and sigh is not None
    assert len(breath_cues(ext, None, "en")) == ext.rounds_default * 2
    assert [phase for _, phase, _ in breath_cues(sigh, 1, "es")] == ["inhale", "top_up", "exhale"]
    natural = get_pattern("natural")
    assert natural is not None and breath_cues(natural, 5, "en") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_natural_breath_reminders_vary(lang: str) -> None:
    lines = [natural_breath_reminder(lang, i) for i in range(12)]
    assert all(a != b for a, b in zip(lines, lines[1:], strict=False))
    assert len(set(lines)) >= 4
    assert all(NATURAL[lang].search(line) for line in lines)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_custom_pattern_speaks_its_numbers_and_cautions_long_holds(lang: str) -> None:
    p = custom_pattern(4, 6, hold_in=8)
    assert p.needs_caution and p.caution(lang) and p.skip_holds(lang)
    assert ("four" if lang == "en" else "cuatro") in p.intro(lang)
    gentle = custom_pattern(5.5, 5.5)
    assert not gentle.has_holds and gentle.skip_holds(lang) is None
    assert ("five and a half" if lang == "en" else "cinco y medio") in gentle.intro(lang)


def test_every_pattern_s_most_rounds_fit_a_block_without_override() -> None:
    """What `holdspace poses` lists as the most rounds must be allowed as written."""
    from generator.plan.breathing import MAX_BREATH_BLOCK_S

    for pattern in all_patterns():
        assert pattern.cycle_seconds * pattern.rounds_max <= MAX_BREATH_BLOCK_S, pattern.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_pattern_has_a_name_in_each_language(lang: str) -> None:
    """Composed scripts name the pattern in their header in the script's language."""
    for pattern in all_patterns():
        name = pattern.name(lang)
        assert name and "_" not in name, (pattern.id, lang)
    assert get_pattern("coherent").name("es") == "coherente"
    assert custom_pattern(4, 6).name("es") == "custom"  # no name of its own: the id
