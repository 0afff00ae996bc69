"""Loading a script: a valid one becomes the model; every mistake names its line and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import InputError
from generator.script.load import load_session, load_text
from generator.script.model import Bell, Breath, Chapter, Pause, Pose, Speak

FULL = """\
holdspace: 1
title: Gentle Hips
author: A Teacher
language: en
voice: {engine: auto, name: en-us, rate: 140}
ambient: {bed: pink-noise, level: -24}
segments:
  - speak: "Text to say."
  - pause: 10s
  - pose: pigeon
    cue: "Optional words that lead into the pose."
    sides: both
    hold: 90s
  - breath: {inhale: 4, exhale: 6, rounds: 6}
  - chapter: "Closing"
  - bell: {strikes: 3}
"""


def test_the_documented_example_loads() -> None:
    s = load_text(FULL, "ex.yaml")
    assert s.title == "Gentle Hips" and s.author == "A Teacher"
    assert s.voice.rate == 140 and s.voice.name == "en-us"
    assert s.ambient.level == -24
    kinds = [type(x) for x in s.segments]
    assert kinds == [Speak, Pause, Pose, Breath, Chapter, Bell]
    pose = s.segments[2]
    assert isinstance(pose, Pose)
    assert (pose.pose, pose.sides, pose.hold, pose.line) == ("pigeon", "both", 90.0, 10)
    assert s.segments[3] == Breath(line=14, inhale=4.0, exhale=6.0, rounds=6)
    assert s.segments[5] == Bell(line=16, strikes=3)


def test_a_bom_is_fine(tmp_path: Path) -> None:
    p = tmp_path / "bom.yaml"
    p.write_bytes(b"\xef\xbb\xbf" + FULL.encode())
    assert load_session(p).title == "Gentle Hips"


def _error(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        load_text(text, "s.yaml")
    return info.value


HEAD = "holdspace: 1\ntitle: T\nsegments:\n"


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("  - speak: hi\n  - paus: 10s\n", 5, "did you mean 'pause'"),
        ("  - pause: -5s\n", 4, "more than zero"),
        ("  - pause: 5h\n", 4, "most allowed"),
        ("  - pause: forever\n", 4, "not a duration"),
        ("  - pose: pigeon\n    hold: 0\n", 5, "more than zero"),
        ("  - pose: pigeon\n    sides: bth\n", 5, "did you mean 'both'"),
        ("  - pose: pigeon\n    hold: 1m\n    colour: red\n", 6, "unknown key 'colour'"),
        ("  - speak: hi\n    pause: 3\n", 5, "exactly one kind key"),
        ("  - speak: ''\n", 4, "empty"),
        ("  - speak: 42\n", None, None),
        ("  - speak: [a]\n", 4, "must be text"),
        ("  - Welcome\n", 4, "needs a kind key"),
        ("  - breath: {inhale: 4}\n", 4, "needs a pattern"),
        ("  - breath: {inhale: 4, exhale: 6, rounds: 0}\n", 4, "rounds"),
        ("  - bell: {strikes: 9}\n", 4, "between 1 and 5"),
        ("  - speak: hi\n  - speak: hi\n  - speak: 'x [pause nope] y'\n", 6, "not a duration"),
    ],
    ids=[
        "unknown-key-hint",
        "negative",
        "absurd",
        "not-duration",
        "zero-hold",
        "sides-typo",
        "pose-unknown-key",
        "two-kinds",
        "empty-text",
        "number-as-text",
        "list-as-text",
        "bare-string",
        "breath-incomplete",
        "zero-rounds",
        "too-many-strikes",
        "bad-marker",
    ],
)
def test_mistakes_name_the_line(body: str, line: int | None, words: str | None) -> None:
    if line is None:  # a number is fine as text: YAML reads 42, we say "42"
        assert load_text(HEAD + body, "s.yaml").segments[0] == Speak("42", 4)
        return
    err = _error(HEAD + body)
    assert err.line == line
    assert words in err.message
    assert str(err).startswith(f"s.yaml:{line}: ")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("title: T\nsegments: [{speak: hi}]\n", 1, "holdspace: 1"),
        ("holdspace: 2\ntitle: T\nsegments: [{speak: hi}]\n", 1, "use holdspace: 1"),
        ("holdspace: 1\nsegments: [{speak: hi}]\n", 1, "title"),
        ("holdspace: 1\ntitle: T\n", 1, "segments"),
        ("holdspace: 1\ntitle: T\nsegments: []\n", 3, "empty"),
        ("holdspace: 1\ntitle: T\ntitel: U\nsegments: [{speak: hi}]\n", 3, "did you mean 'title'"),
        ("holdspace: 1\ntitle: T\ntitle: U\nsegments: [{speak: hi}]\n", 3, "duplicate key"),
        ("holdspace: 1\ntitle: T\nsegments:\n\t- speak: hi\n", 4, "tabs"),
        ("holdspace: 1\ntitle: T\nsegments:\n  - speak: a: b\n", 4, "quotes"),
        (
            "holdspace: 1\ntitle: T\nvoice: {engine: espeak}\nsegments: [{speak: hi}]\n",
            3,
            "espeak-ng",
        ),
        (
            "holdspace: 1\ntitle: T\nvoice: {rate: 900}\nsegments: [{speak: hi}]\n",
            3,
            "between 60 and 300",
        ),
        (
            "holdspace: 1\ntitle: T\nambient: {bed: rain, file: x.wav}\nsegments: [{speak: hi}]\n",
            3,
            "not both",
        ),
        ("holdspace: 1\ntitle: T\nx: &a [1]\ny: *a\nsegments: [{speak: hi}]\n", 3, "anchors"),
        (
            "holdspace: 1\ntitle: !!python/object:os.system x\nsegments: [{speak: hi}]\n",
            2,
            "unsupported",
        ),
        ("", 1, "empty"),
        ("- just\n- a list\n", 1, "mapping"),
        (
            "holdspace: 1\ntitle: T\nbells: false\nsegments: [{speak: hi}]\n",
            3,
            "bells must be a mapping of keys (start, end, sides, strikes), not false; leave "
            "bells out for the defaults, or write bells: {start: …}",
        ),
        ("holdspace: 1\ntitle: T\nbells: soft\nsegments: [{speak: hi}]\n", 3, "e.g. bells: {"),
    ],
    ids=[
        "no-version",
        "wrong-version",
        "no-title",
        "no-segments",
        "empty-segments",
        "top-typo",
        "duplicate",
        "tab",
        "colon-in-text",
        "engine-hint",
        "rate-range",
        "bed-and-file",
        "alias-bomb",
        "python-tag",
        "empty-file",
        "top-list",
        "bells-false",
        "bells-word",
    ],
)
def test_script_level_mistakes(text: str, line: int, words: str) -> None:
    err = _error(text)
    assert (err.line, words in err.message) == (line, True), str(err)


def test_non_utf8_names_the_line(tmp_path: Path) -> None:
    p = tmp_path / "latin1.yaml"
    p.write_bytes(b"holdspace: 1\ntitle: T\nsegments:\n  - speak: caf\xe9\n")
    with pytest.raises(InputError, match=r"latin1.yaml:4: .*UTF-8"):
        load_session(p)


def test_missing_script_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such script"):
        load_session(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="folder"):
        load_session(tmp_path)


def test_relative_files_resolve_next_to_the_script(tmp_path: Path) -> None:
    p = tmp_path / "s.yaml"
    p.write_text(
        "holdspace: 1\ntitle: T\nambient: {file: beds/rain.wav}\nsegments: [{speak: hi}]\n"
    )
    assert load_session(p).ambient.file == str(tmp_path.resolve() / "beds" / "rain.wav")
