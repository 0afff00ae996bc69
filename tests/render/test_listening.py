"""Measured as a listener hears them (scripts/listen_check.py, independent of holdspace): the
speech sits on its loudness target with the bed 8-16 LU under it in holds, the "s" sounds are
soft, the voice speaks the rate asked for, the bed carries on a phone speaker without surging,
and the captions can be read. The default session is measured in tests/render/test_engines_e2e.py;
here a sparse, long session with a quiet sleep-track voice, where the old program-loudness
mastering pushed the voice up the most."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import require_tool

from generator.cli.main import cli

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def listen_check():  # the independent measuring tool, loaded from scripts/
    spec = importlib.util.spec_from_file_location(
        "listen_check", ROOT / "scripts" / "listen_check.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["listen_check"] = module
    spec.loader.exec_module(module)
    return module


def assert_listener_right(mp3: Path, target: float, rate: float = 130) -> dict:
    found = listen_check().measure(mp3, target=target, rate=rate)
    failing = {k: f for k, f in found["figures"].items() if f["pass"] is False}
    assert not failing, failing
    return found


def test_a_sparse_long_session_is_right_for_a_listener(tmp_path: Path, monkeypatch) -> None:
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    monkeypatch.setenv("HOLDSPACE_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "sparse.mp3"
    script = Path(__file__).parent / "data" / "sparse-night.yaml"
    res = CliRunner().invoke(
        cli, ["render", str(script), "--length", "20m", "--stems", "-o", str(out), "-q"]
    )
    assert res.exit_code == 0, res.output
    found = assert_listener_right(out, target=-19)
    figures = found["figures"]
    assert figures["program_lufs"]["value"] < -21  # sparse: the program sits well under the voice
    assert found["duration_s"] > 18 * 60
