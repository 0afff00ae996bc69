"""Small things a newcomer meets in the first hour (issue 21), each held by a test."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from conftest import need, require_tool

from generator.batch.jobs import track_title
from generator.cli.main import cli
from generator.errors import LengthOutOfReach
from generator.plan import svg_text
from generator.plan.estimate import estimated_plan
from generator.plan.planner import plan_session
from generator.script.load import load_session, load_text

ROOT = Path(__file__).resolve().parents[2]


def test_voices_lists_the_defaults_first_then_each_engine_with_a_header() -> None:
    require_tool("espeak-ng")
    res = CliRunner().invoke(cli, ["voices"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == "engine: auto uses (by the script's language:)"
    assert re.match(r"  en   (piper en_US-joe-medium|pyttsx3 en-us)$", lines[1])
    assert lines[2] == "  es   pyttsx3 es"
    headings = [line.split(":")[0] for line in lines[3:] if re.match(r"^[a-z0-9-]+: ", line)]
    assert headings[-2:] == ["pyttsx3", "espeak-ng"]
    columns = [line for line in lines if line.startswith("  ID ")]
    assert len(columns) == len(headings)
    for block in res.stdout.split("\n\n")[1:]:  # every row of an engine lines up with its header
        rows = block.splitlines()[1:]
        use = rows[0].index("IN A SCRIPT")
        assert all(row[use:].startswith("voice:") for row in rows[1:]), rows[:3]
    ids = [line.split()[0] for line in lines if "voice: {engine: espeak-ng," in line]
    assert len(ids) == len(set(ids)) and "yue" in ids  # yue once by id, its twin by its file


@pytest.mark.parametrize("language", ["es", "fr"])
def test_voices_for_one_language_say_its_default_and_line_up(language: str) -> None:
    require_tool("espeak-ng")
    res = CliRunner().invoke(cli, ["voices", "--language", language])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    if language == "es":  # the voice a Spanish script gets, as `voices` alone says it
        assert lines[:2] == ["engine: auto uses (by the script's language:)", "  es   pyttsx3 es"]
    else:
        assert "auto uses" not in res.stdout  # no default for French here; no other language's
    for block in res.stdout.split("\n\n")[1 if language == "es" else 0 :]:
        rows = block.splitlines()[1:]
        where = rows[0].index("LANGUAGE"), rows[0].index("NAME"), rows[0].index("IN A SCRIPT")
        for row in rows[1:]:
            assert all(row[at - 2 : at] == "  " and row[at] != " " for at in where), row
            if "any .onnx" not in row:  # one's own Piper file can speak any language
                assert row[where[0] :].startswith(language), row
    assert "en-us" not in res.stdout


def test_voices_json_is_for_tools() -> None:
    require_tool("espeak-ng")
    res = CliRunner().invoke(cli, ["voices", "--json", "--engine", "pyttsx3"])
    rows = json.loads(res.stdout)
    assert {r["engine"] for r in rows} == {"pyttsx3"}
    assert [r["id"] for r in rows if r["default_for"]] in (["es", "en-us"], ["es"])
    assert set(rows[0]) == {"engine", "id", "language", "name", "use", "default_for"}


@pytest.mark.parametrize("template", ["hips", "breath", "chair", "bedtime"])
def test_a_new_script_says_its_real_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["new", "s", "--template", template]).exit_code == 0
    text = (tmp_path / "s.yaml").read_text()
    said = re.search(r"\(about (\d+) minutes\)", text.splitlines()[1])
    assert said, text.splitlines()[1]
    plan = estimated_plan(load_session(tmp_path / "s.yaml"))
    assert int(said.group(1)) == round(plan.duration / plan.sample_rate / 60)


def test_a_side_stays_visible_when_a_chapter_title_is_cut() -> None:
    size = 12.0
    for side in ("left side", "right side", "lado izquierdo"):
        title = f"Reclined figure four, {side}"
        room = svg_text.width(title, size) * 0.7
        cut = svg_text.fit_title(title, size, room)
        assert cut.endswith(f"…, {side}") and svg_text.width(cut, size) <= room
    assert svg_text.fit_title("Butterfly", size, 1000) == "Butterfly"
    tiny = svg_text.fit_title("Reclined figure four, left side", size, 30)  # no room for a side
    assert svg_text.width(tiny, size) <= 30 and "side" not in tiny


SCRIPT = "holdspace: 1\ntitle: T\ncare: {opening: false, closing: false}\nsegments:\n"


def test_out_of_reach_says_whether_to_remove_or_to_add() -> None:
    session = load_text(SCRIPT + "  - pose: butterfly\n  - pose: frog\n")
    with pytest.raises(LengthOutOfReach) as short:
        plan_session(session, lambda t: 8000, sample_rate=8000, length=60)
    assert "remove poses" in str(short.value) and "add" not in str(short.value)
    with pytest.raises(LengthOutOfReach) as long:
        plan_session(session, lambda t: 8000, sample_rate=8000, length=3 * 3600)
    assert "add poses" in str(long.value) and "remove" not in str(long.value)


def test_render_without_a_script_or_sessions_says_which_it_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.render.track as track

    def fake(session: object, options: object, progress: object = None) -> object:
        plan = SimpleNamespace(duration=44100 * 60, sample_rate=44100)
        return SimpleNamespace(
            path=Path("audio_out/gentle-hips.mp3"), plan=plan, size_bytes=10**6, stems=(),
            voice="fake", measured_lufs=-20.0, gain_db=4.0, limiter_min_gain=1.0,
            speech_lufs=-16.0, program_lufs=-19.0,
        )  # fmt: skip

    monkeypatch.setattr(track, "render", fake)
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(cli, ["render"])
    assert res.exit_code == 0, res.output
    shipped = ROOT / "sessions" / "gentle-hips.yaml"
    assert res.stderr == (
        f"holdspace: no script named and no sessions/ here: rendering the default session, "
        f"{shipped}\n"
    )
    assert res.stdout.startswith("wrote audio_out/gentle-hips.mp3 (1:00, 1.0 MB)")


def test_a_title_yaml_reads_as_a_number_stays_as_written() -> None:
    for written in ("0x1F", "1e3", "007", "3.10"):
        assert (
            load_text(f"holdspace: 1\ntitle: {written}\nsegments:\n  - pause: 5s\n").title
            == written
        )


def test_pitch_with_piper_is_said_once(caplog: pytest.LogCaptureFixture) -> None:
    from generator.errors import EngineError
    from generator.speech.select import load_voice

    session = load_text("holdspace: 1\ntitle: T\nvoice: {engine: piper, pitch: 60}\nsegments:\n"
                        "  - pause: 5s\n")  # fmt: skip
    with caplog.at_level(logging.WARNING):
        try:
            load_voice(session.voice)
        except EngineError:
            need(False, "Piper", "pip install -e .[piper]")
    assert [r.getMessage() for r in caplog.records] == [
        "holdspace: piper has no pitch setting; pitch: 60 is ignored"
    ]


def test_a_hold_may_be_as_long_as_the_docs_say() -> None:
    session = load_text(SCRIPT + "  - pose: butterfly\n    hold: 3h\n")
    assert session.segments[0].hold == 3 * 3600


def test_a_playlist_tells_the_lengths_apart() -> None:
    assert track_title("Gentle Hips", None) == "Gentle Hips"
    assert track_title("Gentle Hips", 1200) == "Gentle Hips (20 min)"
    assert track_title("Gentle Hips", 90) == "Gentle Hips (1:30)"


def test_the_documented_result_line_is_what_render_prints() -> None:
    """docs/cli.md shows the line a render of the default session prints; the e2e render of
    that session (tests/render/test_engines_e2e.py) compares the real one to it."""
    doc = (ROOT / "docs" / "cli.md").read_text()
    line = re.search(r"^wrote audio_out/gentle-hips\.mp3 .*$", doc, re.M)
    assert line
    assert re.fullmatch(
        r"wrote audio_out/gentle-hips\.mp3 \(\d+:\d\d, \d+\.\d MB\), gentle-hips\.lrc, "
        r"gentle-hips\.vtt, gentle-hips\.chapters\.json, gentle-hips\.cue\.json",
        line.group(0),
    )


def test_plan_on_a_cold_cache_shows_progress_even_when_piped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CliRunner's stderr is no terminal: a cold plan still says what it is doing, in plain
    lines; a warm one says nothing."""
    from fake_voice import FakeVoice

    import generator.render.prepare as prepare

    monkeypatch.setenv("HOLDSPACE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(prepare, "load_voice", lambda *a, **k: FakeVoice())
    script = tmp_path / "s.yaml"
    script.write_text(SCRIPT + '  - speak: "One sentence here. And another one, said slowly."\n')
    cold = CliRunner().invoke(cli, ["plan", str(script)])
    assert cold.exit_code == 0, cold.output
    lines = cold.stderr.splitlines()
    assert lines[0] == "synthesizing speech: 1 of 2 new sentences"
    assert lines[-1] == "synthesizing speech: 2 of 2 new sentences"
    warm = CliRunner().invoke(cli, ["plan", str(script)])
    assert warm.exit_code == 0 and warm.stderr == ""
    quiet = CliRunner().invoke(cli, ["plan", str(script), "-q"])
    assert quiet.stderr == ""


def test_plan_takes_the_voice_render_would_speak_with(tmp_path: Path) -> None:
    require_tool("espeak-ng")
    script = tmp_path / "s.yaml"
    script.write_text(SCRIPT + '  - speak: "Three words here."\n')
    res = CliRunner().invoke(cli, ["plan", str(script), "--estimate", "--voice", "en-gb"])
    assert res.exit_code == 0 and res.stderr == "", res.output
    british = tmp_path / "gb.yaml"  # en-GB spoken by an en-us voice: English either way
    british.write_text(
        SCRIPT.replace("title: T\n", "title: T\nlanguage: en-GB\n") + '  - speak: "Hi."\n'
    )
    us = CliRunner().invoke(cli, ["plan", str(british), "--estimate", "--voice", "en-us"])
    assert us.exit_code == 0 and us.stderr == "", us.output
    joe = CliRunner().invoke(cli, ["plan", str(script), "--estimate", "--voice", "joe"])
    assert joe.exit_code == 0 and joe.stderr == "", joe.output  # Piper's en_US-joe-medium: English
    other = CliRunner().invoke(cli, ["plan", str(script), "--estimate", "--voice", "es"])
    assert other.exit_code == 0 and other.stdout == res.stdout
    assert other.stderr == (
        "holdspace: --voice es speaks es, and s.yaml is in en: its words will be read with es "
        "sounds\n"
    )
    for wrong, said in (
        ("en-gbb", "unknown espeak-ng voice 'en-gbb'"),
        ("piper:jo", "unknown piper voice 'jo'"),
    ):
        bad = CliRunner().invoke(cli, ["plan", str(script), "--estimate", "--voice", wrong])
        assert bad.exit_code == 2 and bad.stdout == "", bad.output
        assert bad.stderr.startswith(f"--voice: {said}") and len(bad.stderr.splitlines()) == 1
    script.write_text(
        SCRIPT.replace("title: T\n", "title: T\nvoice: {name: en-gbb}\n") + '  - speak: "Hi."\n'
    )
    bad = CliRunner().invoke(cli, ["plan", str(script), "--estimate"])
    assert bad.exit_code == 2 and bad.stderr.startswith(
        f"{script}:3: unknown espeak-ng voice 'en-gbb'"
    )


def test_a_render_fitted_to_a_length_says_how_the_holds_changed(tmp_path: Path) -> None:
    """A teacher wrote hold: 90s and length: 18m and heard 70 s holds, unannounced."""
    require_tool("espeak-ng")
    script = tmp_path / "fit.yaml"
    body = (
        "holdspace: 1\ntitle: Fit\nvoice: {engine: espeak-ng}\nambient: {bed: none}\n"
        "care: {opening: false, closing: false}\n{length}segments:\n"
        "  - pose: butterfly\n    hold: 90s\n  - pose: reclined_figure_four\n    hold: 90s\n"
    )
    script.write_text(body.replace("{length}", "length: 6m\n"))
    res = CliRunner().invoke(cli, ["render", str(script), "-o", str(tmp_path / "fit.mp3")])
    assert res.exit_code == 0, res.output
    (line,) = [x for x in res.stderr.splitlines() if "fitted to" in x]
    assert re.fullmatch(
        r"holdspace: fitted to 6:0\d, the holds differ from what the script writes: butterfly "
        r"1m30s → 1m\d\ds, reclined figure four 1m30s → 1m\d\ds \(within each pose's range; "
        r"holdspace plan shows every one\)",
        line,
    ), line
    # a language without built-in words, every word the author's: the line names the poses in
    # English (it ended "internal error: unsupported language 'fr'" after the MP3 was written)
    french = (
        "holdspace: 1\ntitle: Fit\nlanguage: fr\nvoice: {engine: espeak-ng, name: fr-fr}\n"
        "ambient: {bed: none}\ncare: {opening: false, closing: false, check_ins: [Tu peux bouger.]}\n"
        "length: 4m\nsegments:\n"
        "  - pose: butterfly\n    hold: 90s\n    cue: Assieds-toi, plantes des pieds jointes.\n"
        "    exit: Reviens quand tu veux.\n"
    )
    script.write_text(french)
    res = CliRunner().invoke(cli, ["render", str(script), "-o", str(tmp_path / "fr.mp3")])
    assert res.exit_code == 0, res.output
    assert "holdspace: fitted to 4:0" in res.stderr and "butterfly 1m30s → " in res.stderr
    # and says what holdspace could not do for French: check its words, say the poses' notes
    assert (
        f"{script}: note: the care rules read English and Spanish only; the words of this 'fr'"
        in res.stderr
    )
    assert "safety notes (a knee, the lower back) are in English and Spanish only" in res.stderr
    script.write_text(body.replace("{length}", ""))  # no length: the holds as written, no line
    res = CliRunner().invoke(cli, ["render", str(script), "-o", str(tmp_path / "as.mp3")])
    assert res.exit_code == 0 and "fitted to" not in res.stderr, res.output
    assert "the voice takes" not in res.stderr


def test_a_slow_voice_that_takes_most_of_the_track_is_said(tmp_path: Path) -> None:
    """A tester slowed a 12-minute chair session to rate 105 and its holds shrank to 20-30 s
    with no word why: 7:00 of it was speech."""
    require_tool("espeak-ng")
    script = tmp_path / "slow.yaml"
    script.write_text(
        "holdspace: 1\ntitle: Slow\nvoice: {engine: espeak-ng, rate: 90}\nambient: {bed: none}\n"
        "length: 8m\ncare: {place: chair}\nsegments:\n  - pose: chair_side_bend\n    hold: 60\n"
        "  - pose: chair_twist\n    hold: 60\n  - pose: chair_rest\n    hold: 120\n"
    )
    res = CliRunner().invoke(cli, ["render", str(script), "-o", str(tmp_path / "slow.mp3")])
    assert res.exit_code == 0, res.output
    (line,) = [x for x in res.stderr.splitlines() if "the voice takes" in x]
    assert re.fullmatch(
        r"holdspace: the voice takes \d:\d\d of 8:00 \((5[1-9]|[6-9]\d) %\), so the holds got "
        r"shorter; a longer --length or length:, or fewer words, leaves more time in the shapes",
        line,
    ), line


def test_plan_estimate_is_instant_and_says_it_is_an_estimate(tmp_path: Path) -> None:
    import generator.render.prepare as prepare

    script = tmp_path / "s.yaml"
    script.write_text(SCRIPT + '  - speak: "Three words here."\n  - pause: 10s\n')
    res = CliRunner().invoke(cli, ["plan", str(script), "--estimate"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0].startswith("T — 0:")
    assert "estimated from word counts" in res.stdout.splitlines()[0]
    as_json = json.loads(
        CliRunner().invoke(cli, ["plan", str(script), "--estimate", "--json"]).stdout
    )
    assert as_json["estimate"] is True and as_json["events"][0]["text"] == "Three words here."
    assert prepare  # nothing was spoken: no voice, no cache (the estimate never loads one)


def test_render_with_a_length_warns_what_that_length_does_to_the_scripts_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tester's ``render --length 11m`` said which holds were fitted, but not that her opening
    still said "about fifteen minutes", nor that her check-ins would go unheard: lint had judged
    the script at its own length."""
    from generator.cli.render import refuse_lint_errors
    from generator.script.load import load_session

    script = tmp_path / "settle.yaml"
    script.write_text(
        "holdspace: 1\ntitle: Settle\ncare:\n"
        '  opening: "This practice is about fifteen minutes of slow hip shapes."\n'
        "segments:\n  - breath: extended_exhale\n  - pose: butterfly\n    hold: 2m\n"
        "  - pose: reclined_figure_four\n    sides: both\n    hold: 90s\n"
        "  - pose: supported_bridge\n    hold: 90s\n  - pose: savasana\n    hold: 3m\n"
    )
    session = load_session(script)
    refuse_lint_errors(script, session)
    assert capsys.readouterr().err == ""
    refuse_lint_errors(script, session, 690.0)
    err = capsys.readouterr().err
    assert err.startswith(f'{script}:4: warning length-said: "fifteen minutes" — '), err
    assert "the track will be about 11:30" in err
    refuse_lint_errors(script, session, 3600.0)  # out of reach: the render says so itself
    assert capsys.readouterr().err == ""


def test_a_piped_batch_says_how_far_it_is(capsys: pytest.CaptureFixture[str]) -> None:
    """A tester's cold batch, piped to a log, printed nothing for 2.5 minutes and looked hung:
    piped, it says as each track's speech is ready and as each track is made (the first, the
    last, and one line at most every few seconds between)."""
    from generator.cli.progress import BATCH_PLAIN, Progress

    progress = Progress(True, tty=False, plain=True, lines=BATCH_PLAIN)
    for stage in ("speech", "render"):
        for done in (1, 2, 3):
            progress(stage, done, 3)
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "speech ready for 1 of 3 tracks",
        "speech ready for 3 of 3 tracks",
        "1 of 3 tracks rendered",
        "3 of 3 tracks rendered",
    ]
    Progress(False, tty=False, plain=True, lines=BATCH_PLAIN)("render", 1, 3)  # --quiet
    assert capsys.readouterr().err == ""
