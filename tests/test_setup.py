"""The README's first command, as a new user types it: in a fresh clone, with only the system's
own Python on PATH (Debian's is "externally managed": pip refuses to install into it), set up and
render the default session in the same shell."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import IN_CI, need, require_tool

ROOT = Path(__file__).resolve().parents[1]
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
LAUNCHER = Path("/usr/local/bin/holdspace")


@pytest.mark.slow
def test_the_first_command_sets_up_and_renders_with_the_system_python(tmp_path: Path) -> None:
    need(
        Path("/usr/bin/python3").exists(),
        "the system's /usr/bin/python3",
        "apt-get install python3",
    )
    need(os.geteuid() == 0 or IN_CI, "root (the launcher goes into /usr/local/bin)", "run as root")
    need((ROOT / ".git").exists(), "a git checkout", "run the tests in a clone")
    require_tool("ffmpeg")
    clone = tmp_path / "holdspace"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": SYSTEM_PATH, "HOME": str(home), "LANG": "C.UTF-8"}
    saved = LAUNCHER.read_bytes() if LAUNCHER.exists() else None
    try:
        done = subprocess.run(
            ["bash", "-c", "scripts/setup.sh --minimal && holdspace render"],
            cwd=clone, env=env, capture_output=True, text=True, timeout=1200,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        launcher = LAUNCHER.read_text()
    finally:
        if saved is None:
            LAUNCHER.unlink(missing_ok=True)
        else:
            LAUNCHER.write_bytes(saved)
    assert done.stdout.startswith("wrote audio_out/gentle-hips.mp3 ("), done.stdout
    assert (
        "holdspace launcher" in launcher and str(clone / ".venv" / "bin" / "holdspace") in launcher
    )
    python = os.path.realpath(clone / ".venv" / "bin" / "python")
    assert python.startswith("/usr/bin/python3"), python  # the system's Python, in a venv
    probe = subprocess.run(
        [shutil.which("ffprobe") or "ffprobe", "-v", "error", "-show_entries",
         "format=duration:format_tags=title", "-of", "json",
         str(clone / "audio_out" / "gentle-hips.mp3")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = json.loads(probe.stdout)["format"]
    assert found["tags"]["title"] == "Gentle Hips"
    assert 10 * 60 < float(found["duration"]) < 20 * 60
