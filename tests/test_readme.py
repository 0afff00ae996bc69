"""The README is a front door and the docs are the reference: the README stays short, its script is
a shipped session, every link goes somewhere, and every command and option either mentions exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.main import cli
from generator.plan.planner import plan_session
from generator.script.load import load_text

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
DOCS = {p.name: p.read_text() for p in sorted((ROOT / "docs").glob("*.md"))}
ALL = {"README.md": README, **{f"docs/{name}": text for name, text in DOCS.items()}}


def test_the_readme_is_a_front_door() -> None:
    assert len(README.splitlines()) <= 150
    for heading in ("## Two commands", "## A five-minute tour", "## Where to go next"):
        assert heading in README
    assert "scripts/setup.sh && holdspace render" in README
    assert "scripts/test.sh" in README


def test_the_example_script_is_sessions_example_yaml_and_plans() -> None:
    block = re.search(r"### Writing a session.*?```yaml\n(.*?)```", README, re.S)
    assert block
    shipped = (ROOT / "sessions" / "example.yaml").read_text()
    assert block.group(1) in shipped
    session = load_text(block.group(1), "README.md")
    plan = plan_session(session, lambda t: len(t.split()) * 17640)
    assert plan.duration > 0 and plan.chapters


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_link_goes_somewhere(name: str) -> None:
    here = (ROOT / name).parent
    for target in re.findall(r"\]\(([^)\s]+)\)", ALL[name]):
        if target.startswith(("http://", "https://")):
            continue
        path, _, anchor = target.partition("#")
        file = (here / path).resolve() if path else ROOT / name
        assert file.exists(), f"{name}: link to {target}"
        if anchor and file.suffix == ".md":
            headings = re.findall(r"^#+ (.*)$", file.read_text(), re.M)
            assert anchor in {_anchor(h) for h in headings}, f"{name}: anchor {target}"


def test_every_documented_render_option_exists() -> None:
    help_text = CliRunner().invoke(cli, ["render", "--help"]).stdout
    cli_doc = DOCS["cli.md"]
    table = cli_doc[cli_doc.index("| option | meaning |") :].split("\n\n", 1)[0]
    options = re.findall(r"`(--[a-z-]+)", table)
    assert len(options) >= 9
    for option in options:
        assert option in help_text, option


def _commands(text: str) -> list[tuple[str, list[str]]]:
    """(command, its options) for every ``holdspace COMMAND …`` in code blocks and inline code."""
    lines: list[str] = re.findall(r"`(holdspace [^`]+)`", text)
    fence = None
    for line in text.splitlines():
        if line.startswith("```"):
            fence = None if fence is not None else line[3:].strip()
        elif fence in ("sh", ""):
            lines.append(line.split("#", 1)[0])
    found = []
    for line in lines:
        for m in re.finditer(r"holdspace ([a-z]+)((?: +[^ &|;]+)*)", line):
            found.append((m.group(1), re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", m.group(2))))
    return found


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_command_and_option_mentioned_exists(name: str) -> None:
    mentioned = _commands(ALL[name])
    if name == "README.md":
        assert {"render", "plan", "lint", "batch", "new"} <= {c for c, _ in mentioned}
    for command, options in mentioned:
        assert command in cli.commands, f"{name}: holdspace {command}"
        help_text = CliRunner().invoke(cli, [command, "--help"]).stdout
        for option in options:
            if option not in ("-h", "--help"):
                assert re.search(rf"(?<![\w-]){re.escape(option)}\b", help_text), (
                    f"{name}: holdspace {command} {option}"
                )


def test_every_shipped_session_is_in_the_docs() -> None:
    doc = DOCS["script-format.md"]
    for path in (ROOT / "sessions").glob("*.yaml"):
        assert f"`{path.name}`" in doc, path.name
