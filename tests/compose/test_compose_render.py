"""Composed scripts rendered for real (espeak-ng, for speed, and ffmpeg): the MP3 lasts the
length asked for, within 5 s, and holds exactly the samples its plan says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from audio_check import check_length, ffprobe
from click.testing import CliRunner
from conftest import require_tool

from generator.cli.main import cli

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("args", "seconds"),
    [
        (["--position", "chair", "--length", "7m", "--seed", "11"], 420),
        (
            [
                "--position",
                "bed",
                "--length",
                "8m",
                "--language",
                "es",
                "--avoid",
                "knees",
                "--seed",
                "12",
            ],
            480,
        ),  # fmt: skip
    ],
)
def test_a_composed_script_renders_to_its_length(
    args: list[str], seconds: int, tmp_path: Path
) -> None:
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    runner = CliRunner()
    script = tmp_path / "composed.yaml"
    made = runner.invoke(cli, ["compose", *args, "-o", str(script)])
    assert made.exit_code == 0, made.output
    text = script.read_text(encoding="utf-8")
    # as a person would: keep everything, choose a faster voice
    script.write_text(text.replace("voice: {engine: auto}", "voice: {engine: espeak-ng}"))
    mp3 = tmp_path / "composed.mp3"
    res = runner.invoke(cli, ["render", str(script), "-o", str(mp3), "-q"])
    assert res.exit_code == 0, res.output
    shown = float(ffprobe(mp3)["format"]["duration"])
    assert abs(shown - seconds) <= 5.0, shown
    plan = runner.invoke(cli, ["plan", str(script), "--json"])
    check_length(mp3, json.loads(plan.stdout))
    vtt = mp3.with_suffix(".vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT")
