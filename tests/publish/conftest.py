"""Fixtures for publish and serve: one real holdspace render per test session, synthetic tracks
beside it, a published site, and a server on a free loopback port."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator.errors import HoldspaceError
from generator.publish import server
from generator.publish.commands import publish_command, serve_command

from .helpers import make_track, need_tool

REPO = Path(__file__).resolve().parents[2]
BASE_URL = "http://127.0.0.1:8000/"
SCRIPT = """\
holdspace: 1
title: Short Rest
author: A. Teacher
voice: {engine: espeak-ng, rate: 180}
ambient: {bed: none}
care: {closing: "Thank you for taking this time."}
segments:
  - chapter: Arriving
  - speak: "Take a moment to arrive. There is no rush."
  - chapter: Settling
  - pose: childs_pose
    cue: "If you like, settle into this shape. You can come out at any time."
    hold: 30s
  - chapter: Resting
  - speak: "You might notice the floor under you. There is nothing to get right."
  - pause: 8s
"""
ORDER = ["b-morning", "short-rest", "a-evening"]  # the playlist's order, not the names' order


class Cli(click.Group):
    """Like holdspace's own group: a HoldspaceError is one line on stderr and its exit status."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except HoldspaceError as exc:
            click.echo(str(exc), err=True)
            ctx.exit(exc.exit_code)


cli = Cli("holdspace")
cli.add_command(publish_command)
cli.add_command(serve_command)


def run(*args: object) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real track from ``python3 -m generator render`` (espeak-ng, no bed: a few seconds)."""
    need_tool("espeak-ng")
    need_tool("ffmpeg")
    folder = tmp_path_factory.mktemp("rendered")
    script = folder / "short-rest.yaml"
    script.write_text(SCRIPT, encoding="utf-8")
    env = dict(os.environ, HOLDSPACE_CACHE_DIR=str(tmp_path_factory.getbasetemp() / "speech-cache"))
    subprocess.run(
        [sys.executable, "-m", "generator", "render", str(script), "-q", "-o",
         str(folder / "short-rest.mp3")],
        check=True, cwd=REPO, env=env, timeout=300,
    )  # fmt: skip
    return folder / "short-rest.mp3"


@pytest.fixture(scope="session")
def library(tmp_path_factory: pytest.TempPathFactory, rendered: Path) -> Path:
    """A library folder as ``holdspace batch`` leaves it: tracks, sidecars and a playlist."""
    folder = tmp_path_factory.mktemp("library")
    for path in rendered.parent.glob("short-rest.*"):
        if path.suffix != ".yaml":
            shutil.copyfile(path, folder / path.name)
    make_track(folder, "a-evening", "Evening Rest", 40, frequency=220,
               chapters=[("Arriving", 0.0), ("Lying down", 12.0), ("Closing", 30.0)])  # fmt: skip
    make_track(folder, "b-morning", "Morning Breath", 30, frequency=440)
    lines = ["#EXTM3U"] + [x for name in ORDER for x in (f"#EXTINF:30,{name}", f"{name}.mp3")]
    (folder / "playlist.m3u8").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, library: Path) -> Path:
    """The library published once, with a base URL (so with a feed)."""
    out = tmp_path_factory.mktemp("published") / "site"
    result = run("publish", library, "-o", out, "--base-url", BASE_URL, "--title", "Test Library")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def live(site: Path) -> Iterator[str]:
    """``site`` served on a free loopback port by a server thread; yields its URL."""
    httpd = server.start(site, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.port}/"
    httpd.shutdown()
    httpd.server_close()
