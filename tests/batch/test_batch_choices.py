"""``holdspace batch`` refuses choices that do not go together, in one line, before any work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Stage, one_error_line

from generator.cli.main import cli

SCRIPT = "holdspace: 1\ntitle: T\nvoice: {engine: espeak-ng}\nsegments:\n  - speak: Hello.\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "s.yaml").write_text(SCRIPT)
    (tmp_path / "week.csv").write_text("output,script\na.mp3,s.yaml\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["s.yaml", "--manifest", "week.csv"], ["not both"]),
        ([], ["name scripts or folders", "--manifest"]),
        (["--manifest", "week.csv", "--length", "10m"], ["--length", "length column"]),
        (["--manifest", "week.csv", "--cluster", "tcp://127.0.0.1:9", "-j", "2"], ["-j"]),
        (["--manifest", "week.csv", "--cache", "c"], ["--cache", "--cluster"]),
        (["--manifest", "nothere.csv"], ["nothere.csv"]),
    ],
)
def test_choices_that_do_not_go_together_are_one_line(
    folder: Path, args: list[str], words: list[str]
) -> None:
    result = CliRunner().invoke(cli, ["batch", *args, "-o", "out"])
    one_error_line(result, *words)
    assert not (folder / "out").exists()


def test_a_manifest_runs_here_exactly_as_a_batch_does(folder: Path) -> None:
    result = CliRunner().invoke(cli, ["batch", "--manifest", "week.csv", "-o", "out", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert (folder / "out" / "a.mp3").stat().st_size > 0
    assert (folder / "out" / "playlist.m3u8").read_text().splitlines()[-1] == "a.mp3"
    assert result.stdout.startswith("ok      out/a.mp3")


def test_a_failed_row_leaves_no_empty_folder(folder: Path) -> None:
    (folder / "week.csv").write_text(
        "output,script,length\nana/a.mp3,s.yaml,\nben/deep/b.mp3,s.yaml,30m\n"
    )
    result = CliRunner().invoke(cli, ["batch", "--manifest", "week.csv", "-o", "out", "-j", "1"])
    assert result.exit_code == 1
    assert "FAILED  week.csv:3: " in result.stdout
    assert sorted(p.name for p in (folder / "out").iterdir()) == ["ana", "playlist.m3u8"]


def test_a_composed_row_with_a_bad_cell_fails_alone(folder: Path) -> None:
    (folder / "week.csv").write_text(
        "output,script,position,length,bed\n"
        "a.mp3,s.yaml,,,\n"
        "z/bad.wav,,chair,8m,\n"
        "y/c.mp3,,chair,8m,rian\n"
    )
    result = CliRunner().invoke(cli, ["batch", "--manifest", "week.csv", "-o", "out", "-j", "1"])
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("ok      out/a.mp3")
    assert (
        lines[1]
        == "FAILED  week.csv:3: output 'z/bad.wav' must name an .mp3 file, e.g. ana-monday.mp3"
    )
    assert lines[2].startswith("FAILED  week.csv:4: bed 'rian' is neither a built-in bed")
    made = sorted(p.name for p in (folder / "out").iterdir())
    assert made == ["a.chapters.json", "a.cue.json", "a.lrc", "a.mp3", "a.vtt", "playlist.m3u8"]


def test_ctrl_c_while_speaking_leaves_nothing_behind(folder: Path) -> None:
    """Interrupted before any track: one line, exit 130, and no listener folders left empty."""
    (folder / "week.csv").write_text(
        "output,script,name\nana/a.mp3,s.yaml,Ana\nben/b.mp3,s.yaml,Ben\n"
    )
    stage = Stage("speech", folder)
    env = {**os.environ, **stage.env, "HOLDSPACE_CACHE_DIR": str(folder / "fresh-cache")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "batch", "--manifest", "week.csv", "-o", "out", "-j", "1"],
        cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    stage.wait(proc)
    proc.send_signal(signal.SIGINT)
    stage.release()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == [
        "holdspace: interrupted before any track was written; earlier files are untouched and "
        "nothing half-written was left"
    ]
    assert not (folder / "out" / "ana").exists() and not (folder / "out" / "ben").exists()


def test_a_composed_row_s_notes_are_said_before_and_counted(folder: Path) -> None:
    """As ``compose`` says them: a 7-minute chair row has room for one shape, and a row's
    ``avoid`` left shapes out; at the row's line, before any render, and in the summary."""
    (folder / "week.csv").write_text(
        "output,position,length,avoid\na.mp3,chair,7m,\nb.mp3,floor,20m,\n"
    )
    result = CliRunner().invoke(cli, ["batch", "--manifest", "week.csv", "-o", "out", "--dry-run"])
    assert result.exit_code == 0, result.output
    note = (
        "week.csv:2: note: only 1 shape fits in 7m here (the opening, breathing, the long rest "
        "and the closing take the rest of the time); a longer length has room for more"
    )
    assert result.stderr.splitlines() == [note, note]  # before the tracks' lines and after
    assert result.stdout.splitlines()[-1].endswith(
        "nothing was written (--dry-run); 1 note on the rows' scripts, above"
    )


def test_a_spreadsheet_s_capitals_are_read_as_the_words(folder: Path) -> None:
    """A tester's sheet said 'Chair' and 'Pregnancy', as spreadsheets capitalise."""
    (folder / "week.csv").write_text("output,position,length,caution\na.mp3,Chair,10m,Pregnancy\n")
    result = CliRunner().invoke(cli, ["batch", "--manifest", "week.csv", "-o", "out", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok      out/a.mp3  about 10:00")
