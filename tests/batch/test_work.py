"""``batch --dry-run``: every track checked as the render would check it and listed with its
length guessed from the words; nothing is spoken or written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.main import cli


@pytest.fixture
def folder(rests: Path) -> Path:
    return rests


def test_a_dry_run_checks_every_row_and_writes_and_speaks_nothing(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    monkeypatch.setenv("HOLDSPACE_CACHE_DIR", str(folder / "cache"))
    (folder / "week.csv").write_text(
        "output,script,length,helpline\n"
        "ana/day.mp3,rest-en.yaml,,\n"
        "ben/day.mp3,rest-es.yaml,20m,\n"  # a few words and no holds: far out of reach
        "cara/day.mp3,missing.yaml,,\n"
        'dev/day.mp3,rest-es.yaml,,"You must call 999."\n'
    )
    result = CliRunner().invoke(cli, ["batch", "--manifest", "week.csv", "-o", "out", "--dry-run"])
    assert result.exit_code == 1, result.output  # rows fail as they would in the render
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"ok      out/ana/day\.mp3  about \d:\d0", lines[0]), lines[0]
    assert lines[1].startswith("FAILED  week.csv:3: --length 20:00 is out of reach")
    assert lines[2].startswith("FAILED  week.csv:4: no script 'missing.yaml'")
    assert lines[3].startswith("FAILED  week.csv:5: error command:")
    assert (
        lines[4].startswith("1 of 4 tracks would be written") and "nothing was written" in lines[4]
    )
    assert not (folder / "out").exists() and not (folder / "cache").exists()


def test_a_dry_run_of_scripts_skips_lengths_they_cannot_reach(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(
        cli, ["batch", "rest-en.yaml", "-o", "out", "--length", "20m", "--dry-run"]
    )
    assert result.exit_code == 0, result.output  # a batch of lengths skips, it does not fail
    assert result.stdout.startswith("skipped rest-en.yaml: --length 20:00 is out of reach")
    assert "0 of 1 tracks would be written" in result.stdout
    assert not (folder / "out").exists()


def test_a_dry_run_refuses_a_voice_the_render_would_refuse(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    (folder / "week.csv").write_text(
        "output,script,voice\nana.mp3,rest-es.yaml,es-419\nben.mp3,rest-es.yaml,es-491\n"
    )
    result = CliRunner().invoke(cli, ["batch", "--manifest", "week.csv", "-o", "out", "--dry-run"])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("ok      out/ana.mp3  about ")
    assert lines[1].startswith("FAILED  week.csv:3: unknown espeak-ng voice 'es-491'; try one of:")
    assert "es-419" in lines[1] and not (folder / "out").exists()


def test_a_dry_run_names_every_problem_of_a_row_at_once(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A helpline the rules refuse, a misspelt voice and a length out of reach, in one row: one
    run names all three, so the author mends the row once (not one problem per run)."""
    monkeypatch.chdir(folder)
    line = _first_line_of_a_dry_run(
        folder,
        'output,script,length,voice,helpline\nana.mp3,rest-es.yaml,20m,es-491,"You must call 999."\n',
    )
    assert line.startswith("FAILED  week.csv:2: error command:"), line
    assert " — and unknown espeak-ng voice 'es-491'" in line, line
    assert line.endswith("choose a length near that") and " — and --length 20:00 is out" in line


def test_a_bad_cell_and_a_helpline_the_rules_refuse_are_said_together(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tester's row had length "12" and "You must call 999 if anything hurts.": the first run
    said only the length, the order only once the length was mended."""
    monkeypatch.chdir(folder)
    line = _first_line_of_a_dry_run(
        folder,
        'output,script,length,helpline\nana.mp3,rest-en.yaml,12,"You must call 999 if it hurts."\n',
    )
    assert line.startswith("FAILED  week.csv:2: length: 12 is 12 seconds"), line
    assert line.endswith(
        ' — and error command: "You must" — a helpline is an offer: e.g. "if you\'d like to '
        'talk to someone, you can call …"'
    ), line


def _first_line_of_a_dry_run(folder: Path, manifest: str) -> str:
    """The first line ``batch --dry-run`` says of ``manifest`` (a row that fails: exit 1)."""
    (folder / "week.csv").write_text(manifest)
    result = CliRunner().invoke(cli, ["batch", "--manifest", "week.csv", "-o", "out", "--dry-run"])
    assert result.exit_code == 1, result.output
    return result.stdout.splitlines()[0]


def test_a_row_reached_only_just_by_the_guess_is_a_maybe(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tester's row with a slower voice was "ok … about 11:00" in the dry run, guessed 18 s
    inside the shortest its script could be; the render found it 14 s out of reach. A length
    that near the edge is for the voice to settle: "maybe", with the edge; one well inside is ok."""
    from generator.errors import LengthOutOfReach
    from generator.plan.estimate import estimated_plan
    from generator.script.load import load_session

    monkeypatch.chdir(folder)
    script = folder / "chair.yaml"
    script.write_text(
        "holdspace: 1\ntitle: Chair\ncare: {place: chair}\nsegments:\n"
        "  - pose: chair_side_bend\n    hold: 45\n  - pose: chair_figure_four\n    hold: 60\n"
    )
    with pytest.raises(LengthOutOfReach) as shortest:
        estimated_plan(load_session(script), length=1.0)
    near, far = round(shortest.value.nearest_s) + 8, round(shortest.value.nearest_s) + 120
    (folder / "week.csv").write_text(
        f"output,script,length\nnear.mp3,chair.yaml,{near}s\nfar.mp3,chair.yaml,{far}s\n"
    )
    result = CliRunner().invoke(cli, ["batch", "--manifest", "week.csv", "-o", "out", "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert re.fullmatch(
        r"maybe   out/near\.mp3  \d+:\d\d may be out of reach \(the shortest it can be by its "
        r"words is about \d+:\d0\): the render decides",
        lines[0],
    ), lines[0]
    assert re.fullmatch(r"ok      out/far\.mp3  about \d+:\d0", lines[1]), lines[1]
    assert lines[2].startswith("1 of 2 tracks would be written and 1 more if their lengths")
