"""Real renders of shipped material: the default session at 10 minutes and the grounding track
(what a new user hears first), every built-in pose and breathing pattern in both languages, and
two renders racing to one output path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from audio_check import check_length, ebur128, ffprobe, speech_lufs
from click.testing import CliRunner
from conftest import require_tool
from mutagen.id3 import ID3

from generator.care.breathing import all_patterns
from generator.care.poses import all_poses
from generator.cli.main import cli

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def _render_and_plan(tmp: Path, script: Path, *args: str) -> tuple[Path, dict]:
    require_tool("ffmpeg")
    require_tool("espeak-ng")
    out = tmp / f"{script.stem}.mp3"
    runner = CliRunner()
    res = runner.invoke(cli, ["render", str(script), "-o", str(out), "-q", *args])
    assert res.exit_code == 0, res.output
    plan_args = [a for a in args if a != "--allow-lint"]
    plan = runner.invoke(cli, ["plan", str(script), "--json", "-q", *plan_args])
    assert plan.exit_code == 0, plan.output
    return out, json.loads(plan.stdout)


@pytest.mark.parametrize(
    ("name", "args"), [("gentle-hips", ["--length", "12m"]), ("grounding-3min", [])]
)
def test_shipped_session_renders_as_planned(tmp_path: Path, name: str, args: list[str]) -> None:
    out, plan = _render_and_plan(tmp_path, ROOT / "sessions" / f"{name}.yaml", *args)
    info = ffprobe(out)
    check_length(out, plan)
    if args:
        assert abs(plan["duration_s"] - 720) <= 5
    got = [(c["tags"]["title"], round(float(c["start_time"]), 3)) for c in info["chapters"]]
    assert got == [(c["title"], round(c["start_s"], 3)) for c in plan["chapters"]]
    m = ebur128(out)
    assert abs(speech_lufs(out, plan) + 16) <= 0.5 and m["true_peak"] <= -1.0, m
    tags = ID3(out)
    assert str(tags["TIT2"]) and tags.getall("APIC") and tags.getall("USLT")
    for sidecar in (".lrc", ".vtt", ".chapters.json", ".cue.json"):
        assert out.with_suffix(sidecar).stat().st_size > 0


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_built_in_pose_and_pattern_renders(tmp_path: Path, language: str) -> None:
    poses = "".join(f"  - pose: {p.id}\n    hold: 10s\n" for p in all_poses())
    patterns = "".join(
        f"  - breath: {{pattern: {b.id}, rounds: 2}}\n" if b.paced else f"  - breath: {b.id}\n"
        for b in all_patterns()
    )
    script = tmp_path / f"all-{language}.yaml"
    script.write_text(
        f"holdspace: 1\ntitle: Everything {language}\nlanguage: {language}\n"
        "voice: {engine: espeak-ng, rate: 200}\ncare: {opening: false}\n"
        f"segments:\n{poses}{patterns}"
    )
    out, plan = _render_and_plan(tmp_path, script, "--allow-lint")
    holds = [e for e in plan["events"] if e["role"] in ("hold", "hold:left", "hold:right")]
    sided = sum(p.has_sides for p in all_poses())
    assert len(holds) == len(all_poses()) + sided
    assert all(e["end"] - e["start"] == 10 * plan["sample_rate"] for e in holds)
    check_length(out, plan)


def test_two_renders_racing_to_one_path_leave_one_whole_track(tmp_path: Path) -> None:
    require_tool("ffmpeg")
    require_tool("espeak-ng")
    script = tmp_path / "race.yaml"
    script.write_text(
        "holdspace: 1\ntitle: Race\nvoice: {engine: espeak-ng}\n"
        "care: {opening: false, closing: false}\nsegments:\n"
        "  - speak: 'You can rest here for a moment, and stop at any time.'\n  - pause: 20s\n"
    )
    out = tmp_path / "race.mp3"
    cmd = [sys.executable, "-m", "generator", "render", str(script), "-q", "-o", str(out)]
    procs = [subprocess.Popen(cmd, cwd=ROOT) for _ in range(2)]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    single = tmp_path / "single.mp3"
    subprocess.run([*cmd[:-1], str(single)], cwd=ROOT, check=True, timeout=300)
    assert out.read_bytes() == single.read_bytes()  # whole, and the same track
    assert not list(tmp_path.glob(".*.tmp"))
