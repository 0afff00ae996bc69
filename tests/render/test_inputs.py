"""The files a script names besides itself (generator/render/inputs.py): lint, plan and render
refuse the same missing file first, the one the script names first."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.main import cli

HEAD = "holdspace: 1\ntitle: T\n"
COVER = "cover: foto.jpg\n"
AMBIENT = "ambient: {file: lluvia.mp3}\n"


@pytest.mark.parametrize(("first", "then", "named"), [(COVER, AMBIENT, "cover"),
                                                       (AMBIENT, COVER, "ambient file")])  # fmt: skip
def test_lint_plan_and_render_name_the_same_missing_file_first(
    tmp_path: Path, first: str, then: str, named: str
) -> None:
    """A tester with both files missing was told of the bed by lint and of the cover by render:
    she fixed one and met the other."""
    script = tmp_path / "s.yaml"
    script.write_text(HEAD + first + then + "segments:\n  - pose: butterfly\n", "utf-8")
    out = tmp_path / "s.mp3"
    said = []
    for args in (["lint", script], ["plan", script, "--estimate"], ["render", script, "-o", out]):
        result = CliRunner().invoke(cli, [str(a) for a in args])
        assert result.exit_code == 2, (args, result.output)
        said.append(result.stderr.strip().splitlines()[-1])
    assert len(set(said)) == 1 and f"s.yaml:3: {named}" in said[0], said
    assert not out.exists()
