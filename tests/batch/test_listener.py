"""A manifest row's own words (a name, a helpline) are checked in every language holdspace has
words for, not only the track's: a therapist may write an English helpline under a Spanish
track. Errors fail the row at its line; warnings are said before anything is rendered."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.batch.jobs import Outcome
from generator.batch.listener import listener_warnings
from generator.batch.manifest import read_manifest
from generator.batch.work import checked
from generator.cli.main import cli


@pytest.fixture
def folder(rests: Path) -> Path:
    return rests


def _jobs(folder: Path, rows: list[tuple[str, str]]) -> list:
    lines = ["output,script,helpline"] + [
        f'{i}.mp3,rest-{language}.yaml,"{helpline}"' for i, (language, helpline) in enumerate(rows)
    ]
    (folder / "week.csv").write_text("\n".join(lines) + "\n")
    return read_manifest(folder / "week.csv", folder / "out")


@pytest.mark.parametrize(
    ("language", "helpline", "rule"),
    [
        ("es", "You must call 999 now.", "command"),  # English under a Spanish track
        ("en", "Tienes que llamar al 112 ahora mismo.", "command"),  # and the other way round
        ("es", "Tienes que llamar al 112 ahora mismo.", "command"),  # the track's own language
    ],
)
def test_a_risky_helpline_fails_its_row_in_either_language(
    folder: Path, language: str, helpline: str, rule: str
) -> None:
    (job,) = _jobs(folder, [(language, helpline)])
    outcome = checked(job)
    assert isinstance(outcome, Outcome) and not outcome.ok
    assert outcome.message.startswith(f"{folder / 'week.csv'}:2: error {rule}: "), outcome.message
    # a rewrite for a helpline, in the helpline's language, not a pose's "stay here a little longer"
    offer = (
        "if you'd like to talk to someone" if helpline.startswith("You") else "si quieres hablar"
    )
    assert offer in outcome.message and "stay here" not in outcome.message, outcome.message


@pytest.mark.parametrize(
    ("language", "helpline"),
    [
        ("es", "If today stirred something up, you can call 116 123, day or night."),
        ("en", "Si hoy se removió algo, puedes llamar al 024, a cualquier hora."),
        ("es", "Bring whatever came up to our next session, Maya."),
    ],
)
def test_a_gentle_helpline_in_either_language_passes(
    folder: Path, language: str, helpline: str
) -> None:
    jobs = _jobs(folder, [(language, helpline)])
    assert not isinstance(checked(jobs[0]), Outcome)
    # no finding on the words; only, where the helpline is in the other language, that the
    # track's voice will read it with its own language's sounds
    (said,) = listener_warnings(jobs) or [""]
    assert not said or ": warning helpline-language: " in said


@pytest.mark.parametrize(
    ("language", "helpline", "said"),
    [
        (
            "es",
            "If you need to talk, you can call 116 123.",
            "is in English and the track in Spanish",
        ),
        (
            "en",
            "Si necesitas hablar, puedes llamar al 024.",
            "is in Spanish and the track in English",
        ),
        ("es", "Si necesitas hablar, puedes llamar al 024.", None),
        ("en", "Samaritans: 116 123.", None),  # no words that say a language
    ],
)
def test_a_helpline_in_another_language_than_the_track_is_said_before_rendering(
    folder: Path, language: str, helpline: str, said: str | None
) -> None:
    warnings = listener_warnings(_jobs(folder, [(language, helpline)]))
    if said is None:
        assert warnings == []
    else:
        (line,) = warnings
        assert line.startswith(f"{folder / 'week.csv'}:2: warning helpline-language: ")
        assert said in line and "read it with" in line


def test_a_rows_voice_for_another_language_is_said_before_rendering(folder: Path) -> None:
    (folder / "week.csv").write_text(
        "output,script,voice\na.mp3,rest-es.yaml,espeak-ng:en-gb\nb.mp3,rest-en.yaml,en-gb\n"
    )
    (line,) = listener_warnings(read_manifest(folder / "week.csv", folder / "out"))
    assert line.startswith(f"{folder / 'week.csv'}:2: warning voice-language: the voice ")
    assert "speaks English and the track is in Spanish" in line


def test_a_web_address_in_a_helpline_is_a_warning_at_its_row(folder: Path) -> None:
    jobs = _jobs(
        folder, [("en", "You can call 116 123."), ("es", "Visit https://www.mind.org.uk.")]
    )
    (line,) = listener_warnings(jobs)
    assert line.startswith(f"{folder / 'week.csv'}:3: warning read-out-symbols: ")
    assert "https://www.mind.org.uk" in line
    assert not isinstance(checked(jobs[1]), Outcome)  # a warning does not stop the track


def test_batch_says_the_warnings_before_it_renders_and_again_at_the_end(  # noqa: ANN001
    folder: Path, monkeypatch
) -> None:
    """Before: a long batch can be stopped and the words mended. Again beside the summary: the
    first saying has scrolled away behind the tracks' lines."""
    monkeypatch.chdir(folder)
    (folder / "week.csv").write_text(
        'output,script,helpline\na.mp3,rest-es.yaml,"You must call 999, or see www.samaritans.org."\n'
    )
    result = CliRunner().invoke(cli, ["batch", "--manifest", "week.csv", "-o", "out", "-j", "1"])
    assert result.exit_code == 1  # the order fails the row: nothing was rendered
    lines = result.stderr.splitlines()
    first = lines[0]
    assert first.startswith("week.csv:2: warning read-out-symbols: ") and "www.samaritans" in first
    warned = [line for line in lines if line.startswith("week.csv:2: warning ")]
    assert len(warned) == 4 and warned[:2] == warned[2:] == lines[-2:]  # two, said twice
    assert "FAILED  week.csv:2: error command:" in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "0 of 1 tracks written; no playlist written; 2 warnings on the rows' words, above"
    )
    assert not (folder / "out" / "a.mp3").exists()


def test_a_dry_run_counts_the_warnings_in_its_summary(folder: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.chdir(folder)
    (folder / "week.csv").write_text(
        "output,script,helpline\na.mp3,rest-en.yaml,You can call 116 123 or see www.samaritans.org.\n"
    )
    args = ["batch", "--manifest", "week.csv", "-o", "out", "--dry-run"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("week.csv:2: warning read-out-symbols: ")
    # said before the tracks' lines and again after them, as the batch itself does
    assert len(result.stderr.splitlines()) == 2
    assert result.stderr.splitlines()[0] == result.stderr.splitlines()[1]
    assert result.stdout.splitlines()[-1].endswith(
        "nothing was written (--dry-run); 1 warning on the rows' words, above"
    )


@pytest.mark.parametrize(
    ("language", "helpline", "words"),
    [
        ("en", "Make sure you call me tomorrow and tell me how it went.", "Make sure"),
        ("en", "Call me tomorrow morning and tell me how it went.", "Call me"),
        ("es", "Llámame mañana y cuéntame cómo fue.", "Llámame"),
        ("es", "Don't forget: text me tomorrow how it went.", "Don't forget"),  # English, es track
        ("en", "If you'd like, you can call me tomorrow.", None),
        ("en", "Call 116 123 any time, day or night.", None),  # a helpline, not pressure
        ("es", "Si necesitas hablar, puedes llamar al 024.", None),
        ("en", "Bring whatever came up to our next session, Maya.", None),
    ],
)
def test_a_helpline_that_presses_the_listener_to_get_in_touch_is_a_warning(
    folder: Path, language: str, helpline: str, words: str | None
) -> None:
    """A tester's "Make sure you call me tomorrow…" passed: the cue rules were not written for
    a note to the listener. An offer ("you can", "si te apetece") is left alone."""
    said = [
        line
        for line in listener_warnings(_jobs(folder, [(language, helpline)]))
        if "helpline-pressure" in line
    ]
    if words is None:
        assert said == []
    else:
        (line,) = said
        assert line.startswith(f'{folder / "week.csv"}:2: warning helpline-pressure: "{words}')
        assert "you can" in line or "puedes" in line  # the rewrite is an offer


def test_a_helpline_whose_number_the_script_gives_already_is_said_before_rendering(
    folder: Path,
) -> None:
    """Left out so the number is said once, and said so: nothing changes silently."""
    script = folder / "rest-en.yaml"
    text = script.read_text()
    script.write_text(
        text.replace(
            "segments:", 'care: {resource: "You can call me on 0113 496 0000."}\nsegments:'
        )
    )
    lines = listener_warnings(_jobs(folder, [("en", "If you like, ring me on 0113 496 0000.")]))
    assert [line for line in lines if "note:" in line] == [
        f"{folder / 'week.csv'}:2: note: the script's resource line gives 0113 496 0000 already, "
        "so the helpline is not said as well (the number once, in the script's words); to say "
        "the helpline's words instead, leave the number out of the script's resource"
    ], lines


def test_a_row_s_caution_is_checked_against_its_script_s_words(folder: Path, monkeypatch) -> None:  # noqa: ANN001
    """A tester gave a script written for anyone to a client after a hip replacement (the row's
    ``caution``): its "cross your right leg over your left" is said at the row's line."""
    monkeypatch.chdir(folder)
    (folder / "legs.yaml").write_text(
        "holdspace: 1\ntitle: Legs\ncare: {place: chair}\nsegments:\n  - pose: chair_side_bend\n"
        '    hold: 40\n    cue: "Cross your right leg over your left. You can come out any time."\n'
    )
    (folder / "week.csv").write_text(
        "output,script,caution\na.mp3,legs.yaml,hip_replacement\nb.mp3,legs.yaml,\n"
    )
    args = ["batch", "--manifest", "week.csv", "-o", "out", "--dry-run"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output  # a therapist's ticked caution is kept
    (failed,) = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert failed.startswith(
        'FAILED  week.csv:2: legs.yaml:7: error against-caution: "Cross your right leg over your '
        'left" — this track is for someone after a hip replacement, where crossing the legs'
    )
    assert "# holdspace: allow against-caution because" in failed
    assert "ok      out/b.mp3" in result.stdout  # the row without the caution: made


def test_a_row_refused_for_several_poses_names_every_one(folder: Path, monkeypatch) -> None:  # noqa: ANN001
    """A tester's row refused for two poses said "(and 1 more)", and only a second lint named
    the other: each is named, its advice said once."""
    monkeypatch.chdir(folder)
    (folder / "legs.yaml").write_text(
        "holdspace: 1\ntitle: Legs\ncare: {place: chair}\nsegments:\n"
        "  - pose: chair_knee_hug\n    hold: 40\n  - pose: chair_leg_stretch\n    hold: 40\n"
    )
    (folder / "week.csv").write_text("output,script,caution\na.mp3,legs.yaml,hip_replacement\n")
    for args in (["--dry-run"], ["-j", "1"]):
        result = CliRunner().invoke(cli, ["batch", "--manifest", "week.csv", "-o", "out", *args])
        (failed,) = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
        assert failed.startswith(
            'FAILED  week.csv:2: legs.yaml:5: error against-caution: "chair_knee_hug" — '
        )
        assert failed.endswith(' — and legs.yaml:7: error against-caution: "chair_leg_stretch"')
        assert failed.count("# holdspace: allow against-caution because") == 1, failed
    assert not (folder / "out" / "a.mp3").exists()


def test_a_row_that_moves_the_track_from_its_scripts_words_is_said_before_rendering(
    folder: Path,
) -> None:
    """A tester's opening said "about fifteen minutes"; a client's row asked for 11:00 at a
    slower rate, and the holds, shortened, heard none of her own check-ins after the first
    (here each cue offers a way out, so no hold is owed one in words).
    Lint judges the script; the row is said at its line. A row that changes nothing says
    nothing: the script's own lint has said it."""
    text = (
        "holdspace: 1\ntitle: Settle\ncare:\n"
        '  opening: "This practice is about fifteen minutes of slow hip shapes."\n'
        "  check_ins:\n"
        '    - "Notice what is happening in your body right now."\n'
        '    - "If this does not feel okay, you can come out and rest."\n'
        "segments:\n  - breath: extended_exhale\n  - pose: butterfly\n    hold: 2m\n    cue: C\n"
        "  - pose: reclined_figure_four\n    sides: left\n    hold: 90s\n    cue: C\n"
        "  - pose: supported_bridge\n    hold: 90s\n    cue: C\n"
        "  - pose: savasana\n    hold: 3m\n    cue: C\n"
    )
    cue = 'cue: "Settle in; you can come out any time."'  # no offer owed between holds
    (folder / "settle.yaml").write_text(text.replace("cue: C", cue))
    (folder / "week.csv").write_text(
        "output,script,length,rate\nana.mp3,settle.yaml,,\ntom.mp3,settle.yaml,9m,110\n"
    )
    lines = listener_warnings(read_manifest(folder / "week.csv", folder / "out"))
    where = f"{folder / 'week.csv'}:3"
    assert [line.split(" — ")[0] for line in lines] == [
        f'{where}: warning length-said: "fifteen minutes"',
        f'{where}: warning check-in-unsaid: "If this does not feel okay, you can come out and rest."',
    ], lines
    assert lines[0].endswith("(this row's length, rate or voice makes it so)")
    assert "the track will be about 9:00" in lines[0]


def test_a_name_greeted_before_an_opening_for_a_group_is_said_before_rendering(
    folder: Path,
) -> None:
    """A tester's personal track said "Hello, Doreen." and then "Good morning, everyone"."""
    script = folder / "rest-en.yaml"
    script.write_text(
        script.read_text().replace(
            "segments:", 'care: {opening: "Good morning, everyone, it\'s Maya."}\nsegments:'
        )
    )
    (folder / "week.csv").write_text("output,script,name\n0.mp3,rest-en.yaml,Doreen\n")
    lines = listener_warnings(read_manifest(folder / "week.csv", folder / "out"))
    assert lines == [
        f"{folder / 'week.csv'}:2: note: this track greets Doreen by name, and then the script's "
        'opening speaks to a group ("everyone"); for one listener, write an opening of their '
        "own, or leave name empty"
    ], lines
    script.write_text(script.read_text().replace("everyone", "Doreen"))
    assert listener_warnings(read_manifest(folder / "week.csv", folder / "out")) == []
