"""The command line: help with examples, exit codes, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.main import cli

COMMANDS = [
    "render",
    "plan",
    "lint",
    "poses",
    "ambients",
    "voices",
    "batch",
    "new",
    "schema",
    "publish",
    "serve",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    res = CliRunner().invoke(cli, [command, "--help"])
    assert res.exit_code == 0
    assert "Example:" in res.stdout and f"holdspace {command}" in res.stdout


def test_usage_errors_are_one_line_with_exit_2() -> None:
    res = CliRunner().invoke(cli, ["render", "--bitrate", "7"])
    assert res.exit_code == 2
    assert len(res.stderr.strip().splitlines()) == 1 and "--bitrate" in res.stderr


def test_bad_script_is_one_line_file_line_exit_2(tmp_path: Path) -> None:
    p = tmp_path / "bad.yaml"
    p.write_text("holdspace: 1\ntitle: T\nsegments:\n  - pose: pigen\n")
    res = CliRunner().invoke(cli, ["plan", str(p)])
    assert res.exit_code == 2
    line = res.stderr.strip()
    assert line.startswith(f"{p}:4: unknown pose 'pigen'; did you mean 'pigeon'")
    assert line.endswith("`holdspace poses` lists them") and "\n" not in line
    assert "Traceback" not in res.output


def test_bad_length_names_the_option() -> None:
    res = CliRunner().invoke(cli, ["plan", "--length", "5s"])
    assert res.exit_code == 2 and "--length" in res.stderr


def test_listings() -> None:
    runner = CliRunner()
    assert "pigeon" in runner.invoke(cli, ["poses"]).stdout
    assert "extended_exhale" in runner.invoke(cli, ["poses"]).stdout
    assert "ocean" in runner.invoke(cli, ["ambients"]).stdout


def test_plan_listing_indents_the_later_clauses_of_a_sentence() -> None:
    from generator.plan.listing import describe_plan
    from generator.plan.planner import plan_session
    from generator.script.load import load_text

    session = load_text(
        "holdspace: 1\ntitle: T\ncare: {opening: false, closing: false}\nsegments:\n"
        '  - speak: "When you are ready, let your breath slow down. Rest here."\n',
        "t.yaml",
    )
    plan = plan_session(session, lambda text: 8000 * len(text.split()), sample_rate=8000)
    rows = [r for r in describe_plan(plan).splitlines()[1:] if r.strip() and "──" not in r]
    texts = [r[16:] for r in rows]  # after the time column (8) and the kind column (2 + 6)
    assert texts == ["When you are ready,", "  let your breath slow down.", "Rest here."]


def test_the_plan_shows_short_spans_in_tenths_of_a_second() -> None:
    """A half-second pause reads "0.5s", not "0:00"; longer spans read as minutes and seconds."""
    from generator.plan.listing import describe_plan
    from generator.plan.planner import plan_session
    from generator.script.load import load_text

    script = "holdspace: 1\ntitle: T\nsegments:\n  - speak: Hi.\n  - pause: 0.5s\n  - pause: 90s\n"
    text = describe_plan(plan_session(load_text(script), lambda t: 8000, sample_rate=8000))
    assert "pause 0.5s" in text and "pause 1:30" in text and "pause 0:00" not in text


def test_the_plan_lists_chimes_in_time_order_among_the_check_ins() -> None:
    """A therapist checking where the sounds fall read a chime at 483.9 s listed after a
    check-in at 541.7 s: a hold's chimes are placed after its words, and were listed so."""
    from generator.plan.listing import describe_plan
    from generator.plan.planner import plan_session
    from generator.script.load import load_text

    script = (
        "holdspace: 1\ntitle: T\ncare: {opening: false, closing: false, check_in_every: 120s, "
        "max_silence: 120s}\nsegments:\n  - pose: savasana\n    hold: 8m\n"
    )
    text = describe_plan(plan_session(load_text(script), lambda t: 8000, sample_rate=8000))
    rows = [r for r in text.splitlines()[1:] if r.strip() and "──" not in r]
    times = [float(r[:8]) for r in rows]
    assert any("chime" in r for r in rows) and any("·" in r for r in rows)
    assert times == sorted(times), rows


def test_a_bug_is_one_line_and_says_how_to_see_where(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.cli import catalog

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(catalog, "_language", broken)
    res = CliRunner().invoke(cli, ["poses"])
    assert res.exit_code == 1
    assert res.stderr.strip().splitlines() == [
        "holdspace: internal error: RuntimeError: a bug (please report it; run it again with "
        "HOLDSPACE_DEBUG=1 to see where it happened)"
    ]
    shown = CliRunner().invoke(cli, ["poses"], env={"HOLDSPACE_DEBUG": "1"})
    assert "Traceback" in shown.stderr and "RuntimeError: a bug" in shown.stderr


def test_a_missing_file_with_a_near_miss_beside_it_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chaplain typed graham-own.yml for graham-own.yaml, and audio-out for audio_out, and
    was told to look in a sessions/ folder he did not have."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "graham-own.yaml").write_text(
        "holdspace: 1\ntitle: T\nsegments:\n  - pose: butterfly\n"
    )
    (tmp_path / "audio_out").mkdir()
    runner = CliRunner()
    for typed in ("graham-own.yml", "Graham-Own.yaml", "graham_own.yaml", "graham-onw.yaml"):
        res = runner.invoke(cli, ["lint", typed])
        assert res.exit_code == 2, res.output
        assert (
            res.stderr.strip()
            == f"{typed}:1: no such script; did you mean 'graham-own.yaml'? check the path"
        )
    res = runner.invoke(cli, ["lint", "nothing-like-it.yaml"])
    assert res.stderr.strip() == "nothing-like-it.yaml:1: no such script; check the path"
    res = runner.invoke(cli, ["publish", "audio-out", "-o", "site"])
    assert res.exit_code == 2
    assert (
        "audio-out: no such file or folder; did you mean 'audio_out'? check the path" in res.stderr
    )
