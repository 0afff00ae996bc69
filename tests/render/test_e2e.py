"""End to end with the real parts: espeak-ng through pyttsx3, ffmpeg, a real MP3 on disk, checked
with ffprobe, ffmpeg's ebur128 and mutagen, against the plan holdspace printed."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from audio_check import check_length, ebur128, ffprobe, read_wav, rms_db, speech_lufs
from conftest import require_tool
from mutagen.id3 import ID3

from generator.cli.main import cli

pytestmark = pytest.mark.e2e

SCRIPT = """\
holdspace: 1
title: Test Hips
author: The Tests
voice: {engine: pyttsx3, rate: 170}
ambient: {bed: pink-noise}
care: {opening: false, closing: false}
pacing: {lead_in: 1, tail: 3}
segments:
  - speak: "Welcome. You can stop at any time."
  - pose: reclined_figure_four
    cue: "If you like, cross one ankle over the other knee."
    switch: "Gently switch sides."
    exit: "Come out when you like."
    sides: both
    hold: 8s
  - bell: {}
  - speak: "Thank you."
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict:
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    from click.testing import CliRunner

    d = tmp_path_factory.mktemp("e2e")
    script = d / "test.yaml"
    script.write_text(SCRIPT)
    out = d / "test.mp3"
    runner = CliRunner()
    res = runner.invoke(cli, ["render", str(script), "-o", str(out), "--stems", "-q"])
    assert res.exit_code == 0, res.output
    plan = runner.invoke(cli, ["plan", str(script), "--json"])
    assert plan.exit_code == 0, plan.output
    return {"mp3": out, "plan": json.loads(plan.stdout), "dir": d}


def test_duration_matches_the_plan(rendered: dict) -> None:
    info = ffprobe(rendered["mp3"])
    assert info["streams"][0]["codec_name"] == "mp3"
    check_length(rendered["mp3"], rendered["plan"])


def test_chapters_match_the_plan(rendered: dict) -> None:
    got = ffprobe(rendered["mp3"])["chapters"]
    want = rendered["plan"]["chapters"]
    assert [c["tags"]["title"] for c in got] == [c["title"] for c in want]
    for g, w in zip(got, want, strict=True):
        assert abs(float(g["start_time"]) - w["start_s"]) <= 0.001
        assert abs(float(g["end_time"]) - w["end_s"]) <= 0.001


def test_loudness_and_true_peak(rendered: dict) -> None:
    """The voice, as heard over the bed, on -16 LUFS; the whole track quieter (the bed between
    cues); true peaks under -1 dBTP."""
    speech = speech_lufs(rendered["mp3"], rendered["plan"])
    assert -16.5 <= speech <= -15.5
    m = ebur128(rendered["mp3"])
    assert m["lufs"] < speech and m["true_peak"] <= -1.0


def test_tags(rendered: dict) -> None:
    tags = ID3(rendered["mp3"])
    assert tags.version[:2] == (2, 3)
    assert str(tags["TIT2"]) == "Test Hips"
    assert str(tags["TPE1"]) == "The Tests"
    assert str(tags["TALB"]) == "holdspace"
    toc = tags.getall("CTOC")[0]
    assert len(toc.child_element_ids) == len(rendered["plan"]["chapters"])
    assert "Welcome." in tags.getall("USLT")[0].text


def test_voice_stem_has_speech_where_planned_and_silence_in_holds(rendered: dict) -> None:
    voice, sr = read_wav(rendered["mp3"].with_suffix(".voice.wav"))
    plan = rendered["plan"]
    assert sr == plan["sample_rate"] and len(voice) == plan["duration_samples"]
    speech = [e for e in plan["events"] if e["kind"] == "speech"]
    for e in speech:
        assert rms_db(voice[e["start"] : e["end"]]) > -40, e["text"]
    said = np.zeros(len(voice), bool)
    for e in speech:
        said[e["start"] : e["end"]] = True
    for e in plan["events"]:
        if e["kind"] == "hold":
            quiet = ~said[e["start"] : e["end"]]
            assert np.all(voice[e["start"] : e["end"]][quiet] == 0)
    ambient, _ = read_wav(rendered["mp3"].with_suffix(".ambient.wav"))
    assert ambient.shape == (len(voice), 2)


def test_each_sentence_starts_when_planned(tmp_path: Path) -> None:
    """Planned sentence and clause times equal the rendered voice stem's onsets within 20 ms, with
    a pause marker in between and a sentence said in clauses (the engine's own leading silence is
    trimmed)."""
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    from click.testing import CliRunner

    script = tmp_path / "onsets.yaml"
    script.write_text(
        "holdspace: 1\ntitle: Onsets\nvoice: {engine: espeak-ng}\nambient: {bed: none}\n"
        "care: {opening: false, closing: false}\nsegments:\n"
        "  - speak: 'Settle in. Notice the floor. [pause 3s] You can stop at any time.'\n"
        "  - pause: 5s\n  - speak: 'Welcome back, whenever you like.'\n"
        "  - speak: 'When you are ready, let your breath slow down, and notice the floor.'\n"
    )
    out = tmp_path / "onsets.mp3"
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["render", str(script), "-o", str(out), "--stems", "-q"]).exit_code == 0
    )
    plan = json.loads(runner.invoke(cli, ["plan", str(script), "--json", "-q"]).stdout)
    voice, sr = read_wav(out.with_suffix(".voice.wav"))
    sound = np.abs(voice[:, 0]) > 10 ** (-45 / 20)
    speech = [e for e in plan["events"] if e["kind"] == "speech"]
    assert [e["text"] for e in speech[-3:]] == [
        "When you are ready,",
        "let your breath slow down,",
        "and notice the floor.",
    ]
    assert [e.get("continues", False) for e in speech[-3:]] == [False, True, True]
    assert "Welcome back, whenever you like." in [e["text"] for e in speech]  # too short to split
    assert len(speech) == 7
    clause_gap = round(0.3 * sr)  # the default pacing clause_gap
    assert speech[-2]["start"] - speech[-3]["end"] == clause_gap
    assert speech[-1]["start"] - speech[-2]["end"] == clause_gap
    previous_end = 0
    for e in speech:
        # look from the end of the previous clip: a clause gap is shorter than the 0.5 s window
        lo = max(previous_end, e["start"] - sr // 2)
        window = sound[lo : e["end"]]
        onset = lo + int(np.argmax(window))
        assert abs(onset - e["start"]) <= 0.020 * sr, (e["text"], (onset - e["start"]) / sr)
        assert not sound[previous_end : e["start"] - round(0.020 * sr)].any(), e["text"]
        previous_end = e["end"]
