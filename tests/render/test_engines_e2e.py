"""The default session, rendered end to end by each engine: Piper (the default where installed)
and pyttsx3 (the card's engine and the fallback). The MP3 lasts what the plan says, its chapters
sit where the plan puts them, and a second render speaks nothing: each engine has its own cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from audio_check import check_length, ebur128, ffprobe
from click.testing import CliRunner
from conftest import need, require_tool

from generator.cli.main import cli
from generator.speech import piper_engine

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "sessions" / "gentle-hips.yaml"


def _with_engine(tmp: Path, engine: str) -> Path:
    text = DEFAULT.read_text()
    assert "voice: {engine: auto}" in text
    script = tmp / "gentle-hips.yaml"
    script.write_text(text.replace("voice: {engine: auto}", f"voice: {{engine: {engine}}}"))
    return script


def _render(script: Path, out: Path) -> str:
    res = CliRunner().invoke(cli, ["render", str(script), "-o", str(out), "-v"])
    assert res.exit_code == 0, res.output
    return res.output


@pytest.mark.parametrize("engine", ["piper", "pyttsx3"])
def test_each_engine_renders_the_default_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    require_tool("ffmpeg")
    require_tool("espeak-ng")
    if engine == "piper":
        need(piper_engine.piper_missing_reason() is None, "Piper", "pip install -e .[piper]")
    cache = tmp_path / f"cache-{engine}"  # this engine's own, empty cache
    monkeypatch.setenv("HOLDSPACE_CACHE_DIR", str(cache))
    script = _with_engine(tmp_path, engine)
    out = tmp_path / "gentle-hips.mp3"

    first = _render(script, out)
    assert f"voice: {engine} " in first, first
    if engine == "piper":
        assert piper_engine._loaded == {}  # the model was let go of before the mix
    assert " 0 from cache" in first and f" by {engine})" in first, first  # this engine spoke
    plan = json.loads(CliRunner().invoke(cli, ["plan", str(script), "--json", "-q"]).stdout)
    check_length(out, plan)
    info = ffprobe(out)
    got = [(c["tags"]["title"], round(float(c["start_time"]), 3)) for c in info["chapters"]]
    assert got == [(c["title"], round(c["start_s"], 3)) for c in plan["chapters"]]
    m = ebur128(out)
    assert abs(m["lufs"] + 16) <= 0.5 and m["true_peak"] <= -1.0, m

    entries = sorted(p.relative_to(cache) for p in cache.rglob("*.clip"))
    audio = out.read_bytes()
    second = _render(script, out)
    assert " 0 spoken" in second, second  # every sentence came from the cache
    assert sorted(p.relative_to(cache) for p in cache.rglob("*.clip")) == entries
    assert out.read_bytes() == audio  # the same track, byte for byte
