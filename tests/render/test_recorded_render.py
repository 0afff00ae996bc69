"""A session rendered in "your own voice" end to end: ``holdspace record`` lists the lines, they
are "recorded" (espeak-ng at -30 to -6 dBFS, 0.5-2 s of silence around the words, a low noise
floor, saved by ffmpeg as wav, flac, mp3, ogg and m4a at 32-48 kHz, mono and stereo), one is
left out, and ``render --stems`` makes the track: the words start when the plan says, every line
is as loud as the others, the plan's lengths are the trimmed clips, the line left out is spoken
by the fallback with one warning, and a warm render gives the same bytes as the cold one. Bad
recordings and ``fallback: none`` are refused with one line, before any work, writing nothing.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
from audio_check import check_length, ebur128, read_wav
from click.testing import CliRunner
from conftest import one_error_line, require_tool
from recordings import make_recording, tone_file
from test_listening import listen_check

from generator.cli.main import cli
from generator.speech.prepare import prepare_clip
from generator.speech.recorded import RecordedVoice
from generator.speech.recording_names import line_stem

pytestmark = pytest.mark.e2e

SCRIPT = """\
holdspace: 1
title: In My Voice
voice: {engine: recorded, folder: my-voice, fallback: espeak-ng}
ambient: {bed: pink-noise}
care: {opening: false, closing: false}
pacing: {lead_in: 1, tail: 2}
segments:
  - speak: "Welcome. You can stop at any time."
  - pause: 2s
  - speak: "When you are ready, let your breath slow down, and notice the floor."
  - pose: childs_pose
    hold: 12s  # holdspace: allow hold-out-of-range because a short track for tests
  - speak: "Thank you for practising today."
"""
FORMATS = [  # extension, sample rate, channels, peak dBFS, silence before, after
    (".wav", 44100, 2, -30.0, 0.5, 2.0),
    (".flac", 48000, 1, -6.0, 2.0, 0.5),
    (".mp3", 44100, 1, -18.0, 1.0, 1.0),
    (".ogg", 48000, 2, -24.0, 1.5, 0.8),
    (".m4a", 32000, 1, -10.0, 0.7, 1.5),
]


def lines(folder: Path) -> list[dict[str, str]]:
    with (folder / "lines.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict:
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    d = tmp_path_factory.mktemp("recorded")
    script = d / "voice.yaml"
    script.write_text(SCRIPT)
    runner = CliRunner()
    wrote = runner.invoke(cli, ["record", str(script)])
    assert wrote.exit_code == 0, wrote.output
    rows = lines(d / "my-voice")
    recordings = {}
    for i, row in enumerate(rows[:-1]):  # the last line is left for the fallback
        ext, rate, channels, peak, lead, trail = FORMATS[i % len(FORMATS)]
        recordings[row["text"]] = make_recording(
            row["text"], d / "my-voice" / f"{row['file']}{ext}", peak_db=peak, lead_s=lead,
            trail_s=trail, rate=rate, channels=channels, noise_db=peak - 45, seed=i,
        )  # fmt: skip
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOLDSPACE_CACHE_DIR", str(d / "cold-cache"))
        cold = runner.invoke(cli, ["render", str(script), "-o", str(d / "cold.mp3"), "--stems"])
        assert cold.exit_code == 0, cold.output
        warm = runner.invoke(cli, ["render", str(script), "-o", str(d / "warm.mp3"), "-q"])
        assert warm.exit_code == 0, warm.output
        plan = runner.invoke(cli, ["plan", str(script), "--json", "-q"])
        assert plan.exit_code == 0, plan.output
    return {
        "dir": d,
        "rows": rows,
        "recordings": recordings,
        "cold": cold,
        "plan": json.loads(plan.stdout),
    }


def speech(plan: dict) -> list[dict]:
    return [e for e in plan["events"] if e["kind"] == "speech"]


def test_the_sheet_lists_every_line_the_plan_says_built_in_words_too(made: dict) -> None:
    said = list(dict.fromkeys(e["text"] for e in speech(made["plan"])))
    assert [row["text"] for row in made["rows"]] == said
    assert [row["file"] for row in made["rows"]] == [line_stem(t) for t in said]
    assert len(said) > 6  # the pose's own words are on the sheet


def test_the_line_not_recorded_is_spoken_by_the_fallback_with_one_warning(made: dict) -> None:
    last = made["rows"][-1]
    warnings = [line for line in made["cold"].stderr.splitlines() if "not recorded" in line]
    assert len(warnings) == 1, made["cold"].stderr
    assert "spoken by espeak-ng" in warnings[0]
    assert f"{last['file']},{last['text']}" in made["cold"].stderr


def test_the_track_is_exact_and_mastered(made: dict) -> None:
    """Mastering puts the voice, not the whole program, at -16 LUFS: measured over the speech
    by the independent tool (scripts/listen_check.py). A track mostly of holds is quieter as a
    whole (this one: speech -16.0, program -17.1), never louder than its speech."""
    mp3 = made["dir"] / "cold.mp3"
    check_length(mp3, made["plan"])
    figures = listen_check().measure(mp3, target=-16)["figures"]
    assert figures["speech_lufs"]["value"] == pytest.approx(-16.0, abs=1.0)
    assert figures["program_lufs"]["value"] <= figures["speech_lufs"]["value"] + 0.5
    m = ebur128(mp3)
    assert m["true_peak"] <= -1.0


def test_every_line_starts_when_planned(made: dict) -> None:
    voice, sr = read_wav(made["dir"] / "cold.voice.wav")
    sound = np.abs(voice[:, 0]) > 10 ** (-45 / 20)
    previous_end = 0
    for e in speech(made["plan"]):
        lo = max(previous_end, e["start"] - sr // 2)
        onset = lo + int(np.argmax(sound[lo : e["end"]]))
        assert abs(onset - e["start"]) <= 0.020 * sr, (e["text"], (onset - e["start"]) / sr)
        assert not sound[previous_end : e["start"] - round(0.020 * sr)].any(), e["text"]
        previous_end = e["end"]


def test_every_line_is_as_loud_as_the_others(made: dict) -> None:
    voice, sr = read_wav(made["dir"] / "cold.voice.wav")
    meter = pyloudnorm.Meter(sr)
    loudness = {
        e["text"]: meter.integrated_loudness(voice[e["start"] : e["end"], 0].astype(np.float64))
        for e in speech(made["plan"])
        if e["end"] - e["start"] >= 0.5 * sr
    }
    middle = float(np.median(list(loudness.values())))
    assert len(loudness) >= 5
    assert all(abs(v - middle) <= 1.0 for v in loudness.values()), loudness


def test_the_plan_uses_the_trimmed_clips(made: dict) -> None:
    events = {e["text"]: e for e in speech(made["plan"])}
    voice = RecordedVoice(made["dir"] / "my-voice", None, 140)
    for text, recording in made["recordings"].items():
        clip = voice.read(recording.path, text)
        prepared = prepare_clip(clip.samples, clip.sample_rate, 44100)
        length = events[text]["end"] - events[text]["start"]
        assert length == len(prepared), text
        # the words and a short natural tail, never the 0.5-2 s of silence around them
        assert recording.speech_s - 0.03 <= length / 44100 <= recording.speech_s + 0.45, text


def test_a_warm_render_gives_the_cold_render_s_bytes(made: dict) -> None:
    cold = (made["dir"] / "cold.mp3").read_bytes()
    assert cold == (made["dir"] / "warm.mp3").read_bytes()


def written(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".mp3", ".wav", ".json"))


@pytest.mark.parametrize("kind", ["garbage", "empty", "silent", "clipped", "too-long"])
def test_a_bad_recording_stops_the_render_before_any_work(
    made: dict, tmp_path: Path, kind: str
) -> None:
    script = tmp_path / "voice.yaml"
    script.write_text(SCRIPT)
    folder = tmp_path / "my-voice"
    folder.mkdir()
    good = made["recordings"][made["rows"][0]["text"]].path  # found among good ones
    (folder / good.name).write_bytes(good.read_bytes())
    bad = folder / f"{made['rows'][1]['file']}.wav"
    if kind == "garbage":
        bad.write_bytes(b"RIFF\x00\x00\x00\x00WAVEnot audio" * 40)
    elif kind == "empty":
        bad.write_bytes(b"")
    else:
        seconds, amplitude, rate = {
            "silent": (2.0, 0.0, 44100), "clipped": (2.0, 1.6, 44100),
            "too-long": (121.0, 0.2, 8000),
        }[kind]  # fmt: skip
        tone_file(bad, seconds, amplitude, rate)
    result = CliRunner().invoke(cli, ["render", str(script), "-o", str(tmp_path / "out.mp3")])
    line = one_error_line(result, prefix=f"{bad}: ")
    assert "fallback" not in line
    assert written(tmp_path) == []


def test_fallback_none_refuses_and_lists_the_lines_not_recorded(made: dict, tmp_path: Path) -> None:
    script = made["dir"] / "strict.yaml"
    script.write_text(SCRIPT.replace("fallback: espeak-ng", "fallback: none"))
    out = tmp_path / "out.mp3"
    result = CliRunner().invoke(cli, ["render", str(script), "-o", str(out)])
    last = made["rows"][-1]
    one_error_line(result, "1 line not recorded", last["file"], "fallback: none",
                   prefix=f"{script}:3: ")  # fmt: skip
    assert written(tmp_path) == []
