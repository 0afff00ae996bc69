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
from test_listening import assert_listener_right

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
    res = CliRunner().invoke(cli, ["render", str(script), "-o", str(out), "-v", "--stems"])
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
    _same_as_documented(first.splitlines()[-1], out)
    if engine == "piper":
        assert piper_engine._loaded == {}  # the model was let go of before the mix
    assert " 0 from cache" in first and f" by {engine})" in first, first  # this engine spoke
    plan = json.loads(CliRunner().invoke(cli, ["plan", str(script), "--json", "-q"]).stdout)
    check_length(out, plan)
    info = ffprobe(out)
    got = [(c["tags"]["title"], round(float(c["start_time"]), 3)) for c in info["chapters"]]
    assert got == [(c["title"], round(c["start_s"], 3)) for c in plan["chapters"]]
    m = ebur128(out)
    assert m["true_peak"] <= -1.0, m
    # as a listener hears it: the voice on -16 LUFS, soft "s" sounds, the rate asked for (130),
    # the bed under the voice in holds and audible on a phone, readable captions
    assert_listener_right(out, target=-16)
    # `plan --estimate` and a new script's stated length guess from the words: within 3 %
    estimate = json.loads(
        CliRunner().invoke(cli, ["plan", str(script), "--estimate", "--json"]).stdout
    )
    assert abs(estimate["duration_s"] / plan["duration_s"] - 1) <= 0.03

    entries = sorted(p.relative_to(cache) for p in cache.rglob("*.clip"))
    audio = out.read_bytes()
    second = _render(script, out)
    assert " 0 spoken" in second, second  # every sentence came from the cache
    assert sorted(p.relative_to(cache) for p in cache.rglob("*.clip")) == entries
    assert out.read_bytes() == audio  # the same track, byte for byte


def _same_as_documented(line: str, out: Path) -> None:
    """The result line docs/cli.md shows is the one a render of this session prints: the same
    shape and files, the length within a few seconds and the size within a few percent (the
    voice's own timing varies a little between machines)."""
    import re

    doc = (ROOT / "docs" / "cli.md").read_text()
    shown = re.search(
        r"^wrote audio_out/gentle-hips\.mp3 \((\d+):(\d\d), ([\d.]+) MB\)(.*)$", doc, re.M
    )
    real = re.fullmatch(rf"wrote {re.escape(str(out))} \((\d+):(\d\d), ([\d.]+) MB\)(.*)", line)
    assert shown and real, line
    sidecars = ", ".join(n for n in real.group(4).split(", ") if not n.endswith(".wav"))
    assert sidecars == shown.group(4)  # the same sidecars, in the same order (stems aside)
    seconds = [int(m.group(1)) * 60 + int(m.group(2)) for m in (shown, real)]
    assert abs(seconds[0] - seconds[1]) <= 10, (shown.group(0), line)
    assert abs(float(shown.group(3)) - float(real.group(3))) <= 0.5, (shown.group(0), line)
