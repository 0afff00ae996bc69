"""Durations, sentence splitting, the pause marker and what a voice can say."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.script.text import (
    MIN_CLAUSE_WORDS,
    Gap,
    Sentence,
    format_duration,
    parse_duration,
    speakable_problem,
    split_clauses,
    split_speech,
)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (10, 10.0),
        (7.5, 7.5),
        ("10", 10.0),
        ("10s", 10.0),
        ("2m", 120.0),
        ("1m30s", 90.0),
        ("1h", 3600.0),
        ("1.5m", 90.0),
        (" 90 s ", 90.0),
        ("1H2M3S", 3723.0),
    ],
)
def test_durations_read_as_seconds(value: object, seconds: float) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    "value",
    [
        0,
        -1,
        "0s",
        "-5s",
        float("nan"),
        float("inf"),
        "1e400",
        "abc",
        "",
        "5 minutes of rest",
        True,
        None,
        [1],
    ],
)
def test_bad_durations_are_refused_with_a_message(value: object) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        parse_duration(value)


def test_format_duration() -> None:
    assert format_duration(65) == "1:05"
    assert format_duration(3725) == "1:02:05"


def test_sentences_split_but_abbreviations_stay() -> None:
    pieces = split_speech("Welcome. Use a cushion, e.g. a pillow. Ready? Let's begin!")
    assert pieces == [
        Sentence("Welcome."),
        Sentence("Use a cushion, e.g. a pillow."),
        Sentence("Ready?"),
        Sentence("Let's begin!"),
    ]


def test_pause_marker_becomes_a_gap() -> None:
    assert split_speech("Breathe in. [pause 3s] And out. [PAUSE 1m]") == [
        Sentence("Breathe in."),
        Gap(3.0),
        Sentence("And out."),
        Gap(60.0),
    ]


def test_bad_pause_marker_is_refused() -> None:
    with pytest.raises(ValueError):
        split_speech("Wait [pause forever] here.")


@pytest.mark.parametrize(
    ("text", "language", "problem"),
    [
        ("", "en", "empty"),
        ("   ", "en", "empty"),
        ("hello 🙂", "en", "symbol"),
        ("שלום עולם", "en", "Hebrew"),
        ("مرحبا", "es", "Arabic"),
        ("a\x07b", "en", "control"),
        ("x" * 2001, "en", "2001 characters"),
        ("...", "en", "no words"),
        ("see [note]", "en", "brackets"),
    ],
)
def test_unspeakable_text_is_explained(text: str, language: str, problem: str) -> None:
    assert problem in (speakable_problem(text, language) or "")


@pytest.mark.parametrize(
    "text", ["¿Cómo estás? Ñandú, pingüino.", "Café — naïve, 4 breaths.", "Rest [pause 2s] here."]
)
def test_ordinary_text_is_speakable(text: str) -> None:
    assert speakable_problem(text, "es") is None


# -- clauses: where a teacher pauses briefly inside a sentence -----------------------------------
@pytest.mark.parametrize(
    ("sentence", "clauses"),
    [
        # , ; : and dashes break; each clause keeps its punctuation
        (
            "If you like, cross one ankle over the other knee.",
            ["If you like,", "cross one ankle over the other knee."],
        ),
        (
            "Notice the breath; let it move by itself: nothing to fix here.",
            ["Notice the breath;", "let it move by itself:", "nothing to fix here."],
        ),
        (
            "Rest your hands on your belly — feel them rise and fall.",
            ["Rest your hands on your belly —", "feel them rise and fall."],
        ),
        (
            "Rest your hands on your belly – feel them rise.",
            ["Rest your hands on your belly –", "feel them rise."],
        ),
        (
            "Rest your hands on your belly - feel them rise.",
            ["Rest your hands on your belly -", "feel them rise."],
        ),
        (
            'Whisper "I am here," and rest in the quiet.',
            ['Whisper "I am here,"', "and rest in the quiet."],
        ),
        # numbers: no space after the mark, or a number on both sides, never break
        (
            "We have 1,000 breaths or 3,5 minutes here.",
            ["We have 1,000 breaths or 3,5 minutes here."],
        ),
        (
            "Breathe in for 1, 2, 3, 4 and out slowly.",
            ["Breathe in for 1, 2, 3, 4 and out slowly."],
        ),
        ("Take 2 – 3 breaths in this shape.", ["Take 2 – 3 breaths in this shape."]),
        ("At 10:30 we rest on the floor.", ["At 10:30 we rest on the floor."]),
        (
            "Let your breath slow—no need to force it.",
            ["Let your breath slow—no need to force it."],
        ),
        (
            "Notice your well-being and pre- and post-practice calm.",
            ["Notice your well-being and pre- and post-practice calm."],
        ),
        # short fragments (under 3 words) join a neighbour: the next at the start, else the one before
        ("Slowly, let the knee drop.", ["Slowly, let the knee drop."]),
        ("Let the knee drop, slowly.", ["Let the knee drop, slowly."]),
        ("Breathe in, out.", ["Breathe in, out."]),
        (
            "Slowly, let the knee drop, and breathe out fully.",
            ["Slowly, let the knee drop,", "and breathe out fully."],
        ),
        (
            "Notice your breath, gently, and let the day go.",
            ["Notice your breath, gently,", "and let the day go."],
        ),
        ("Feel your feet, your legs, your hips.", ["Feel your feet, your legs, your hips."]),
        # abbreviations that lead on keep what follows
        (
            "Use a prop, e.g., a folded blanket or a cushion.",
            ["Use a prop,", "e.g., a folded blanket or a cushion."],
        ),
        (
            "Bring blocks, straps, etc., and a blanket for later.",
            ["Bring blocks, straps, etc.,", "and a blanket for later."],
        ),
        # Spanish: the same marks; a question or exclamation is said in one breath
        (
            "Si te apetece, deja que las rodillas caigan hacia los lados.",
            ["Si te apetece,", "deja que las rodillas caigan hacia los lados."],
        ),
        (
            "Ahora, ¿notas cómo, poco a poco, se suelta la cadera?",
            ["Ahora, ¿notas cómo, poco a poco, se suelta la cadera?"],
        ),
        (
            "Cuando quieras, ¡qué bien, qué calma!",
            ["Cuando quieras, ¡qué bien, qué calma!"],
        ),
        (
            "Deja que la cadera —si te apetece hoy— se abra sin prisa.",
            ["Deja que la cadera", "—si te apetece hoy—", "se abra sin prisa."],
        ),
        ("Respira.", ["Respira."]),
        ("", []),
    ],
)
def test_clauses_break_where_a_pause_sounds_right(sentence: str, clauses: list[str]) -> None:
    assert split_clauses(sentence) == clauses


def test_pause_markers_are_not_clause_text() -> None:
    """A marker is cut out before clauses are: a comma next to it never makes a clause of it."""
    pieces = split_speech(
        "Rest here, [pause 1m30s] and then, when you like, come back to the room."
    )
    assert pieces == [
        Sentence("Rest here,"),
        Gap(90.0),
        Sentence("and then, when you like, come back to the room."),
    ]
    assert split_clauses(pieces[2].text) == [
        "and then, when you like,",
        "come back to the room.",
    ]


def test_zero_is_a_duration_only_where_it_switches_a_gap_off() -> None:
    for zero in (0, 0.0, "0", "0s", "0m0s"):
        assert parse_duration(zero, zero_ok=True) == 0.0
    for bad in (-0.3, "-1s", "soon", True):
        with pytest.raises(ValueError):
            parse_duration(bad, zero_ok=True)
    with pytest.raises(ValueError, match="0 or more"):
        parse_duration(-1, zero_ok=True)


_WORD = st.text(st.sampled_from("abcñé19"), min_size=1, max_size=5)
_MARK = st.sampled_from(["", "", ",", ";", ":", " —", "—", " -", "–", "¿", "?", "¡", "!", ",000"])


@given(st.lists(st.tuples(_WORD, _MARK), min_size=1, max_size=25))
def test_clauses_rejoin_to_the_sentence_and_are_never_fragments(
    parts: list[tuple[str, str]],
) -> None:
    sentence = " ".join(word + mark for word, mark in parts)
    clauses = split_clauses(sentence)
    assert " ".join(clauses) == " ".join(sentence.split())  # nothing lost: commas, words, order
    if len(clauses) > 1:
        for clause in clauses:
            words = [t for t in clause.split() if any(ch.isalnum() for ch in t)]
            assert len(words) >= MIN_CLAUSE_WORDS, clauses
