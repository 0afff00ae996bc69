"""The README's examples run: its script is a shipped session, its commands and options exist."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from generator.cli.commands import cli
from generator.script.load import load_text
from generator.plan.planner import plan_session

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_the_example_script_is_sessions_example_yaml_and_plans() -> None:
    block = re.search(r"### Writing a session.*?```yaml\n(.*?)```", README, re.S)
    assert block
    shipped = (ROOT / "sessions" / "example.yaml").read_text()
    assert block.group(1) in shipped
    session = load_text(block.group(1), "README.md")
    plan = plan_session(session, lambda t: len(t.split()) * 17640)
    assert plan.duration > 0 and plan.chapters


def test_every_documented_render_option_exists() -> None:
    help_text = CliRunner().invoke(cli, ["render", "--help"]).stdout
    table = README[README.index("| option | meaning |") :].split("\n\n", 1)[0]
    for option in re.findall(r"`(--[a-z-]+)", table):
        assert option in help_text, option


def test_every_command_in_the_readme_exists() -> None:
    commands = set(re.findall(r"^holdspace ([a-z]+) ", README, re.M)) - {"turns"}
    commands |= set(re.findall(r"`holdspace ([a-z]+)", README))
    listed = set(cli.commands)
    assert commands <= listed, commands - listed
