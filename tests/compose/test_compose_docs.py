"""docs/compose.md shows three composed scripts, kept in docs/composed/: each is still exactly
what the command in its header writes (after a change to the pose data or the composer, write
them again with that command)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "docs" / "composed").glob("*.yaml"))


def test_there_are_three_examples_and_the_docs_link_each() -> None:
    assert len(EXAMPLES) == 3
    doc = (ROOT / "docs" / "compose.md").read_text(encoding="utf-8")
    for path in EXAMPLES:
        assert f"(composed/{path.name})" in doc


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_is_what_its_command_writes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    command = next(line for line in text.splitlines() if "holdspace compose " in line)
    args = command.split("holdspace compose ", 1)[1].split()
    made = CliRunner().invoke(cli, ["compose", *args])
    assert made.exit_code == 0, made.output
    assert made.stdout == text, f"write it again: holdspace compose {' '.join(args)} -o {path}"
