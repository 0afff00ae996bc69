"""Durations, sentence splitting, the pause marker and what a voice can say."""

from __future__ import annotations

import pytest

from generator.text import (
    Gap,
    Sentence,
    format_duration,
    parse_duration,
    speakable_problem,
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
        "5 minutes",
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
