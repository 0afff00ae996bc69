"""`holdspace batch`: parallel renders equal one-by-one renders byte for byte; a broken script is
reported and the rest are written, with a playlist."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import require_tool

from generator.cli.main import cli

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SCRIPT = """\
holdspace: 1
title: {title}
voice: {{engine: espeak-ng, rate: 180}}
ambient: {{bed: {bed}}}
care: {{opening: false, closing: "Thank you."}}
segments:
  - pose: {pose}
    cue: "If you like, settle into this shape. You can come out at any time."
"""


def test_batch_equals_one_by_one_and_survives_a_broken_script(tmp_path: Path) -> None:
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    src = tmp_path / "scripts"
    src.mkdir()
    for title, bed, pose in [("One", "rain", "butterfly"), ("Two", "drone", "childs_pose"),
                             ("Three", "none", "frog")]:  # fmt: skip
        (src / f"{title.lower()}.yaml").write_text(SCRIPT.format(title=title, bed=bed, pose=pose))
    (src / "zz-broken.yaml").write_text("holdspace: 1\ntitle: Broken\nsegments:\n  - pose: pigen\n")
    out = tmp_path / "out"
    runner = CliRunner()
    res = runner.invoke(cli, ["batch", str(src), "-o", str(out), "--length", "2m,3m", "-j", "2"])
    assert res.exit_code == 1
    assert res.stdout.count("zz-broken.yaml:4: unknown pose 'pigen'") == 1  # once, not per length
    assert "6 of 8 tracks written" in res.stdout
    made = sorted(p.name for p in out.glob("*.mp3"))
    assert made == [
        "one-2m.mp3",
        "one-3m.mp3",
        "three-2m.mp3",
        "three-3m.mp3",
        "two-2m.mp3",
        "two-3m.mp3",
    ]
    playlist = (out / "playlist.m3u8").read_text().splitlines()
    assert playlist[0] == "#EXTM3U" and playlist.count("one-3m.mp3") == 1
    assert "#EXTINF:120,One (2 min)" in playlist and "#EXTINF:180,One (3 min)" in playlist
    for name in made:
        stem, minutes = name[:-4].rsplit("-", 1)
        single = tmp_path / f"single-{name}"
        r = runner.invoke(
            cli, ["render", str(src / f"{stem}.yaml"), "--length", minutes, "-q", "-o", str(single)]
        )
        assert r.exit_code == 0, r.output
        assert single.read_bytes() == (out / name).read_bytes(), name


def test_a_length_a_script_cannot_reach_is_skipped_not_failed(tmp_path: Path) -> None:
    """A short fixed track asked for at a long length is expected in a library batch: it is
    listed with the nearest length it can have, nothing is written for it, and the exit status
    stays 0 while other tracks were made; with nothing made at all, it is 1."""
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    src = tmp_path / "scripts"
    src.mkdir()
    (src / "fits.yaml").write_text(SCRIPT.format(title="Fits", bed="none", pose="butterfly"))
    (src / "short.yaml").write_text(
        "holdspace: 1\ntitle: Short\nvoice: {engine: espeak-ng}\n"
        "care: {opening: false, closing: false}\nsegments:\n"
        '  - speak: "Just a few words for you, and then we are done."\n'
    )
    out = tmp_path / "out"
    runner = CliRunner()
    res = runner.invoke(cli, ["batch", str(src), "-o", str(out), "--length", "2m", "-j", "1"])
    assert res.exit_code == 0, res.stdout
    assert "skipped" in res.stdout and "short.yaml: --length 2:00 is out of reach" in res.stdout
    assert "1 of 2 tracks written (1 skipped" in res.stdout
    assert sorted(p.name for p in out.glob("*.mp3")) == ["fits-2m.mp3"]
    assert "FAILED" not in res.stdout

    only_short = runner.invoke(
        cli, ["batch", str(src / "short.yaml"), "-o", str(out), "--length", "3m"]
    )
    assert only_short.exit_code == 1
    assert "0 of 1 tracks written (1 skipped" in only_short.stdout
