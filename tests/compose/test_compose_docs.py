"""docs/compose.md shows three composed scripts, kept in docs/composed/: each is still exactly
what the command in its header writes (after a change to the pose data or the composer, write
them again with that command)."""

from __future__ import annotations

import re
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


def _steps(path: Path) -> list[str]:
    """What docs/compose.md's side-by-side table says each example does, step by step."""
    import yaml

    from generator.care.poses import get_pose

    segments = yaml.safe_load(path.read_text(encoding="utf-8"))["segments"]
    steps = ["arriving"]
    for i, seg in enumerate(segments):
        if "breath" in seg:
            steps.append(f"breathing: {seg['breath'].replace('_', ' ')}, {seg['rounds']} rounds")
        elif "pose" in seg:
            pose = get_pose(seg["pose"])
            title = pose.title("en")
            if i == len(segments) - 1:
                steps.append(f"**long rest**: {title[:1].lower() + title[1:]}, {seg['hold']}")
            else:
                side = " a side" if pose.has_sides else ""
                steps.append(f"{title} ({pose.intensity}), {seg['hold']}{side}")
    return [*steps, "grounding close"]


def test_the_side_by_side_table_is_what_the_examples_do() -> None:
    doc = (ROOT / "docs" / "compose.md").read_text(encoding="utf-8")
    header = next(
        line for line in doc.splitlines() if "(composed/" in line and line.startswith("|")
    )
    names = [n for n in header.split("(composed/")[1:]]
    columns = [_steps(ROOT / "docs" / "composed" / n.split(")")[0]) for n in names]
    rows = [line for line in doc.splitlines() if re.match(r"\| \d+ \|", line)]
    for n, row in enumerate(rows):
        cells = [c.strip() for c in row.strip("|").split("|")][1:]
        assert cells == [col[n] if n < len(col) else "" for col in columns], row
    assert len(rows) == max(len(c) for c in columns)
