"""A manifest row laid over its script: the listener's words are said where a listener expects
them, only when given, checked like the script's own words and reported at the row's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.batch.sources import Row, session_for
from generator.errors import InputError
from generator.plan import roles
from generator.plan.estimate import estimated_plan
from generator.script.model import VoiceSettings
from generator.script.voices import voice_settings

SCRIPT = """\
holdspace: 1
title: Short Rest
language: {language}
voice: {{engine: espeak-ng, rate: 140, pitch: 40}}
care: {{closing: {closing}, resource: "Support is there if you need it."}}
segments:
  - speak: "{words}"
"""
WORDS = {"en": "Let the breath be as it is.", "es": "Deja que la respiración sea como es."}


def _script(tmp_path: Path, language: str = "en", closing: str = "true") -> Path:
    path = tmp_path / f"rest-{language}-{closing}.yaml"
    path.write_text(SCRIPT.format(language=language, closing=closing, words=WORDS[language]))
    return path


def _lines(session) -> list[tuple[str, str]]:  # noqa: ANN001
    return [(line.role, line.text) for line in estimated_plan(session).lines()]


def test_the_name_is_greeted_first_and_the_helpline_said_in_the_closing(tmp_path: Path) -> None:
    row = Row(tmp_path / "week.csv", 3, name="Ana", helpline="You can call 116 123, day or night.")
    lines = _lines(session_for(_script(tmp_path), row))
    assert lines[0] == (roles.OPENING, "Hello, Ana, and welcome.")  # the opening's "Welcome."
    closing = [text for role, text in lines if role == roles.CLOSING]
    assert "You can call 116 123, day or night." in closing
    # the script's own resource line stays, and the listener's helpline follows it
    said = " ".join(closing)
    assert said.index("Support is there if you need it.") < said.index("You can call 116 123")


def test_a_helpline_whose_number_the_script_gives_already_is_not_said_again(
    tmp_path: Path,
) -> None:
    """A therapist's clinic number was said twice in a row: once in her script's resource line,
    once in the manifest's helpline. The number is said once, in the script's words; a
    helpline with another number is still said after the script's line."""
    script = _script(tmp_path)
    own = "You can ring me at the clinic on 0113 496 0000."
    script.write_text(script.read_text().replace("Support is there if you need it.", own))
    same = Row(tmp_path / "week.csv", 3, helpline="If you like, ring me on 0113 4960000.")
    closing = [t for role, t in _lines(session_for(script, same)) if role == roles.CLOSING]
    assert own in closing and not any("4960000" in t for t in closing), closing
    other = Row(tmp_path / "week.csv", 4, helpline="You can call 116 123, day or night.")
    closing = [t for role, t in _lines(session_for(script, other)) if role == roles.CLOSING]
    said = " ".join(closing)
    assert said.index("0113 496 0000") < said.index("116 123"), closing


def test_a_description_is_added_after_the_script_s_own_and_never_said(tmp_path: Path) -> None:
    script = _script(tmp_path)
    script.write_text(
        script.read_text().replace("language:", 'description: "Notes: see the site"\nlanguage:')
    )
    row = Row(tmp_path / "week.csv", 3, description="Clinic: 020 7946 0000")
    session = session_for(script, row)
    assert session.description == "Notes: see the site. Clinic: 020 7946 0000"
    assert not [text for _, text in _lines(session) if "7946" in text]


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_helpline_without_its_full_stop_does_not_run_into_the_goodbye(
    tmp_path: Path, language: str
) -> None:
    script = _script(tmp_path, language)
    script.write_text(script.read_text().replace("if you need it.", "if you need it"))
    row = Row(tmp_path / "week.csv", 3, helpline="Call 024 or see samaritans dot org")
    closing = [text for role, text in _lines(session_for(script, row)) if role == roles.CLOSING]
    said = " ".join(closing)
    assert "Support is there if you need it. Call 024" in said, closing
    assert "Call 024 or see samaritans dot org." in closing, closing  # a sentence of its own


@pytest.mark.parametrize(
    ("language", "closing", "thanks"),
    [
        ("en", '"Come back slowly. Thank you for practising with me. Take care."', "Thank you"),
        ("es", '"Vuelve despacio. Gracias por acompañarme."', "Gracias"),
    ],
)
def test_an_own_closing_says_the_helpline_before_its_thanks(
    tmp_path: Path, language: str, closing: str, thanks: str
) -> None:
    """As the built-in closing does: the help comes before the goodbye, never after it."""
    row = Row(tmp_path / "week.csv", 3, helpline="Call 024, day or night.")
    lines = _lines(session_for(_script(tmp_path, language, closing), row))
    said = " ".join(text for role, text in lines if role == roles.CLOSING)
    assert said.index("despacio" if language == "es" else "slowly") < said.index("Support is")
    assert said.index("Support is") < said.index("Call 024") < said.index(thanks), said
    assert said.rstrip().endswith(("Take care.", "acompañarme.")), said


def test_an_own_closing_without_thanks_says_the_helpline_last(tmp_path: Path) -> None:
    row = Row(tmp_path / "week.csv", 3, helpline="Call 024, day or night.")
    lines = _lines(session_for(_script(tmp_path, "en", '"Come back slowly."'), row))
    said = " ".join(text for role, text in lines if role == roles.CLOSING)
    assert said.endswith("Support is there if you need it. Call 024, day or night."), said


def test_a_named_listener_is_tagged_so_publish_can_warn(tmp_path: Path) -> None:
    from generator.render.track import _tags

    session = session_for(_script(tmp_path), Row(tmp_path / "week.csv", 3, name="Ana"))
    assert session.listener == "Ana"
    plan = estimated_plan(session)
    assert _tags(session, plan, "fake", (b"", "image/png")).listener == "Ana"
    plain = session_for(_script(tmp_path), Row(tmp_path / "week.csv", 2))
    assert plain.listener is None


def test_without_listener_words_nothing_is_added(tmp_path: Path) -> None:
    plain = _lines(session_for(_script(tmp_path), None))
    row = _lines(session_for(_script(tmp_path), Row(tmp_path / "week.csv", 2)))
    assert row == plain
    assert not any("Hello" in text for _, text in plain)


def test_the_greeting_is_in_the_scripts_language(tmp_path: Path) -> None:
    lines = _lines(session_for(_script(tmp_path, "es"), Row(tmp_path / "w.csv", 2, name="Íñigo")))
    assert lines[0] == (roles.OPENING, "Hola, Íñigo, te doy la bienvenida.")


@pytest.mark.parametrize(("language", "album"), [("en", "For Ana"), ("es", "Para Ana")])
def test_a_named_listeners_tracks_carry_their_name_as_the_album(
    tmp_path: Path, language: str, album: str
) -> None:
    """On the listener's phone their tracks group together, and a site of them (publish with
    no --title) is named for them."""
    row = Row(tmp_path / "week.csv", 2, name=" Ana ")
    assert session_for(_script(tmp_path, language), row).album == album
    assert session_for(_script(tmp_path, language), Row(tmp_path / "w.csv", 2)).album is None
    own = _script(tmp_path, language)
    own.write_text(own.read_text().replace("segments:", "album: Evening practice\nsegments:"))
    assert session_for(own, row).album == "Evening practice"  # the script's own stays


def test_a_row_s_title_and_album_name_the_track(tmp_path: Path) -> None:
    """A course's weekly tracks: "Week 2" in "Gentle Hips, Spring", over the script's or the
    composed title, and over a listener's "For Ana"."""
    row = Row(tmp_path / "week.csv", 3, name="Ana", title="Week 2", album="Gentle Hips, Spring")
    session = session_for(_script(tmp_path), row)
    assert (session.title, session.album) == ("Week 2", "Gentle Hips, Spring")
    assert session.listener == "Ana"  # still made for her: publish says so
    plain = session_for(_script(tmp_path), Row(tmp_path / "week.csv", 2))
    assert (plain.title, plain.album) == ("Short Rest", None)


@pytest.mark.parametrize(
    ("row", "closing", "words"),
    [
        (dict(helpline="Call us."), "false", ["helpline:", "no closing"]),
        (dict(name="李雷"), "true", ["name:", "letters"]),
        (dict(helpline="Call [us]."), "true", ["helpline:", "square brackets"]),
        (dict(bed="ocaen"), "true", ["bed:", "unknown ambient bed 'ocaen'"]),
        (dict(problem="length: 'x' is not a length"), "true", ["length:"]),
    ],
)
def test_a_bad_listener_word_fails_at_the_rows_line(
    tmp_path: Path, row: dict, closing: str, words: list[str]
) -> None:
    with pytest.raises(InputError) as caught:
        session_for(_script(tmp_path, closing=closing), Row(tmp_path / "week.csv", 7, **row))
    line = str(caught.value)
    assert line.startswith(f"{tmp_path / 'week.csv'}:7: "), line
    for word in words:
        assert word in line


def test_a_greeting_needs_built_in_words_in_the_scripts_language(tmp_path: Path) -> None:
    path = tmp_path / "de.yaml"
    path.write_text(
        "holdspace: 1\ntitle: Ruhe\nlanguage: de\nvoice: {engine: espeak-ng}\n"
        'care: {opening: false, closing: false}\nsegments:\n  - speak: "Atme ruhig."\n'
    )
    with pytest.raises(InputError, match="care: greeting"):
        session_for(path, Row(tmp_path / "week.csv", 2, name="Jana"))


@pytest.mark.parametrize(
    ("value", "engine", "name"),
    [
        ("espeak-ng", "espeak-ng", None),
        ("en-gb", "auto", "en-gb"),
        ("piper:en_US-joe-medium", "piper", "en_US-joe-medium"),
        ("pyttsx3:es", "pyttsx3", "es"),
    ],
)
def test_a_voice_cell_names_an_engine_a_voice_or_both(
    value: str, engine: str, name: str | None
) -> None:
    base = VoiceSettings(engine="recorded", name="x", rate=120, pitch=30, folder="/rec")
    voice = voice_settings(value, base)
    assert (voice.engine, voice.name, voice.rate, voice.pitch, voice.folder) == (
        engine, name, 120, 30, None,
    )  # fmt: skip


def test_a_rows_cautions_join_the_scripts_own(tmp_path: Path) -> None:
    script = _script(tmp_path)
    script.write_text(script.read_text().replace("care: {", "care: {cautions: [hip_replacement], "))
    row = Row(tmp_path / "w.csv", 2, cautions=("pregnancy", "hip_replacement"))
    session = session_for(script, row)
    assert session.care.cautions == ("hip_replacement", "pregnancy")


def test_settings_replace_the_scripts(tmp_path: Path) -> None:
    from generator.script.model import LoudnessSettings

    row = Row(
        tmp_path / "w.csv", 2, voice="en-gb", bed="drone", loudness=LoudnessSettings("speech", -19)
    )
    session = session_for(_script(tmp_path), row)
    assert (session.voice.engine, session.voice.name, session.voice.rate) == ("auto", "en-gb", 140)
    assert (session.ambient.bed, session.ambient.file) == ("drone", None)
    assert session.loudness.target == -19


@pytest.mark.parametrize(
    ("choices", "words"),
    [
        (dict(focus="sideways"), ["focus 'sideways' is not one of"]),
        (dict(avoid=("kneees",)), ["avoid 'kneees'", "did you mean 'knees'"]),
        (dict(length_s=60.0), ["length 1m is out of reach", "position floor"]),
    ],
)
def test_a_composed_rows_errors_name_its_columns(
    tmp_path: Path, choices: dict, words: list[str]
) -> None:
    from generator.compose.rules import Choices

    row = Row(tmp_path / "week.csv", 4, choices=Choices(**choices))
    with pytest.raises(InputError) as caught:
        session_for(None, row)
    line = str(caught.value)
    assert line.startswith(f"{tmp_path / 'week.csv'}:4: ") and "--" not in line, line
    for word in words:
        assert word in line, line


def test_a_name_ending_in_a_full_stop_is_not_given_a_second(tmp_path: Path) -> None:
    row = Row(tmp_path / "week.csv", 3, name="O'Brien, Jr.")
    lines = _lines(session_for(_script(tmp_path), row))
    assert lines[0] == (roles.OPENING, "Hello, O'Brien, Jr.")


def test_a_row_s_rate_slows_its_voice_and_keeps_the_rest(tmp_path: Path) -> None:
    """A tester wanted slower speech for one client after surgery without a script of her own:
    the row's rate is the voice's, its engine, pitch and the words are the script's."""
    script = _script(tmp_path)
    session = session_for(script, Row(tmp_path / "week.csv", 4, rate=105))
    assert (session.voice.rate, session.voice.engine, session.voice.pitch) == (105, "espeak-ng", 40)
    assert (session.voice.source, session.voice.line) == (str(tmp_path / "week.csv"), 4)
    plain = session_for(script, Row(tmp_path / "week.csv", 4))
    assert plain.voice.rate == 140
    slow, usual = estimated_plan(session), estimated_plan(plain)
    assert slow.duration > usual.duration  # the same words, said more slowly


def test_a_rate_cell_is_checked_with_the_row(tmp_path: Path) -> None:
    from generator.batch.manifest import read_manifest

    (tmp_path / "rest.yaml").write_text(SCRIPT.format(language="en", closing="true", words="Rest."))
    (tmp_path / "week.csv").write_text(
        "output,script,rate\na.mp3,rest.yaml,105\nb.mp3,rest.yaml,slow\nc.mp3,rest.yaml,500\n"
    )
    jobs = read_manifest(tmp_path / "week.csv", tmp_path / "out")
    assert jobs[0].row.rate == 105
    for job, cell in zip(jobs[1:], ("'slow'", "'500'"), strict=True):
        assert job.row.problem.startswith(f"rate {cell} must be a whole number of words a minute")
