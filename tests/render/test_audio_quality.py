"""What a listener hears, measured on real renders: loudness and true peak for every bed and
several voice rates, the bed dipping under the voice, and memory that does not grow with length."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import psutil
import pytest
from audio_check import ebur128, read_wav, rms_db, speech_lufs
from click.testing import CliRunner
from conftest import require_tool

from generator.cli.main import cli
from generator.mix.beds.catalog import BUILTIN_BEDS

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def script(bed: str, rate: int, extra: str = "") -> str:
    return f"""\
holdspace: 1
title: Quality {bed} {rate}
voice: {{engine: espeak-ng, rate: {rate}}}
ambient: {{bed: {bed}}}
care: {{opening: false, closing: false}}
pacing: {{lead_in: 1, tail: 3}}
{extra}segments:
  - speak: "Welcome. You can settle in however you like, and stop at any time."
  - pose: butterfly
    cue: "If you like, sit with the soles of your feet together. You can come out at any time."
    hold: 20s
  - speak: "Thank you. You might notice the room around you."
"""


def render(tmp: Path, text: str, *args: str) -> Path:
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    src = tmp / "s.yaml"
    src.write_text(text)
    out = tmp / "s.mp3"
    res = CliRunner().invoke(cli, ["render", str(src), "-o", str(out), "-q", *args])
    assert res.exit_code == 0, res.output
    return out


def plan_of(tmp: Path) -> dict:
    res = CliRunner().invoke(cli, ["plan", str(tmp / "s.yaml"), "--json", "-q"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


@pytest.mark.parametrize("bed", sorted(BUILTIN_BEDS))
def test_every_bed_lands_on_the_loudness_target(tmp_path: Path, bed: str) -> None:
    """The voice as heard over each bed lands on -16 LUFS (measured independently of the
    prediction the gain came from), the true peak under -1 dBTP."""
    out = render(tmp_path, script(bed, 150))
    assert abs(speech_lufs(out, plan_of(tmp_path)) - (-16.0)) <= 0.5
    assert ebur128(out)["true_peak"] <= -1.0


@pytest.mark.parametrize("rate", [110, 170, 220])
@pytest.mark.parametrize(
    "fmt", [[], ["--channels", "mono", "--bitrate", "64"], ["--sample-rate", "48000"]]
)
def test_voice_rates_and_formats_land_on_target(tmp_path: Path, rate: int, fmt: list[str]) -> None:
    out = render(tmp_path, script("ocean", rate), *fmt)
    assert abs(speech_lufs(out, plan_of(tmp_path)) - (-16.0)) <= 0.5
    assert ebur128(out)["true_peak"] <= -1.0


@pytest.mark.parametrize(
    ("setting", "option", "speech", "program"),
    [
        ("loudness: -19\n", [], -19.0, None),
        ("", ["--loudness", "-21"], -21.0, None),
        ("loudness: {program: -16}\n", [], None, -16.0),
        ("loudness: -19\n", ["--loudness", "program:-18"], None, -18.0),
    ],
    ids=["script-speech", "option-speech", "script-program", "option-beats-script"],
)
def test_the_loudness_chosen_is_the_loudness_heard(
    tmp_path: Path, setting: str, option: list[str], speech: float | None, program: float | None
) -> None:
    out = render(tmp_path, script("rain", 150, setting), *option)
    if speech is not None:
        assert abs(speech_lufs(out, plan_of(tmp_path)) - speech) <= 0.5
    if program is not None:
        assert abs(ebur128(out)["lufs"] - program) <= 0.5
    assert ebur128(out)["true_peak"] <= -1.0


def test_the_bed_dips_under_speech_and_rises_in_holds(tmp_path: Path) -> None:
    out = render(tmp_path, script("pink-noise", 150), "--stems")
    res = CliRunner().invoke(cli, ["plan", str(tmp_path / "s.yaml"), "--json"])
    plan = json.loads(res.stdout)
    voice, sr = read_wav(out.with_suffix(".voice.wav"))
    ambient, _ = read_wav(out.with_suffix(".ambient.wav"))
    speech = [e for e in plan["events"] if e["kind"] == "speech" and e["end"] - e["start"] > sr]
    hold = next(e for e in plan["events"] if e["kind"] == "hold")
    pad = sr // 2  # stay clear of the ramps
    said = np.concatenate([ambient[e["start"] + pad // 2 : e["end"] - pad // 2] for e in speech])
    quiet = ambient[hold["start"] + 3 * sr : hold["end"] - 3 * sr]
    dip = rms_db(quiet) - rms_db(said)
    assert 5.0 <= dip <= 7.0, dip  # default duck: 6 dB
    words = np.concatenate([voice[e["start"] : e["end"]] for e in speech])
    assert 12.0 <= rms_db(words) - rms_db(said) <= 20.0  # the voice well above the bed


@pytest.mark.slow
def test_memory_stays_flat_for_a_30_minute_render(tmp_path: Path) -> None:
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    segments = "".join(
        f'  - speak: "Notice the floor, moment {i}."\n  - pause: 55s\n    silent: true\n'
        for i in range(30)
    )
    src = tmp_path / "long.yaml"
    src.write_text(
        "holdspace: 1\ntitle: Long\nvoice: {engine: espeak-ng}\nambient: {bed: rain}\n"
        "care: {opening: false, closing: false}\nsegments:\n" + segments
    )
    cmd = [
        sys.executable,
        "-m",
        "generator",
        "render",
        str(src),
        "-q",
        "-o",
        str(tmp_path / "l.mp3"),
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE)
    root, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            # the render and its encoder; not the short-lived espeak-ng processes that speak
            # the sentences (on a busy machine more of them overlap, which says nothing of the
            # mix's memory), nor a child still named python: the render starts tools, never
            # Python workers, so that is a fork of it a moment before it runs a tool, whose
            # pages are the render's own counted twice (a fresh-clone CI once saw 2 × 142 MB)
            children = root.children(recursive=True)
            kept = [root, *(p for p in children if not p.name().startswith(("espeak", "python")))]
            peak = max(peak, sum(p.memory_info().rss for p in kept))
        except psutil.Error:
            pass
        time.sleep(0.05)
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    assert peak < 250e6, f"peak RSS of the render and its children: {peak / 1e6:.0f} MB"
