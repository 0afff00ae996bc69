"""``holdspace batch`` refuses choices that do not go together, in one line, before any work."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import one_error_line

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
