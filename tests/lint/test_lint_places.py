"""`pose-not-for-place`: a script that says where it is practised (a chair, a bed) is told when a
pose it names is not done there, and which of that place's shapes is nearest."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.care.poses import all_poses, get_pose
from generator.cli.main import cli
from generator.lint.places import nearest


def script(place: str, pose: str, allow: str = "") -> str:
    return (
        f"holdspace: 1\ntitle: T\ncare: {{place: {place}}}\nsegments:\n"
        f"  - pose: {pose}{allow}\n    hold: 60s\n"
    )


def lint(tmp_path: Path, text: str) -> object:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, ["lint", str(path)])


@pytest.mark.parametrize(
    ("pose", "instead"),
    [
        ("figure four", "try chair_figure_four"),  # the name a teacher uses: the reclined one
        ("butterfly", "try chair_butterfly"),
        ("supine_twist", "try chair_twist"),
        ("knees_to_chest", "try chair_knee_hug"),
        ("low_lunge", "try chair_lunge"),
        ("savasana", "try chair_rest"),
        ("pigeon", "holdspace compose --position chair shows its shapes"),
    ],
)
def test_a_floor_shape_in_a_chair_session_is_an_error_naming_the_chair_shape(
    tmp_path: Path, pose: str, instead: str
) -> None:
    result = lint(tmp_path, script("chair", pose))
    assert result.exit_code == 1
    line = result.output.splitlines()[0]
    assert line.startswith(f'{tmp_path / "s.yaml"}:5: error pose-not-for-place: "{pose}"')
    assert "is not done on a chair" in line and instead in line


def test_in_bed_a_shape_done_only_on_the_floor_is_an_error(tmp_path: Path) -> None:
    assert lint(tmp_path, script("bed", "childs_pose")).exit_code == 0
    result = lint(tmp_path, script("bed", "legs_up_wall"))
    assert result.exit_code == 1 and "Legs up the wall is not done in bed" in result.output


def test_on_the_floor_a_chair_shape_is_a_warning(tmp_path: Path) -> None:
    result = lint(tmp_path, script("floor", "chair_twist"))
    assert result.exit_code == 0 and "warning pose-not-for-place" in result.output


def test_without_a_place_nothing_is_said(tmp_path: Path) -> None:
    text = "holdspace: 1\ntitle: T\nsegments:\n  - pose: pigeon\n    hold: 60s\n"
    assert "nothing to question" in lint(tmp_path, text).output


def test_a_reason_on_the_line_keeps_the_shape(tmp_path: Path) -> None:
    allow = "  # holdspace: allow pose-not-for-place because she transfers to the mat"
    assert lint(tmp_path, script("chair", "pigeon", allow)).exit_code == 0


def test_spanish_scripts_hear_it_in_spanish(tmp_path: Path) -> None:
    text = script("chair", "mariposa").replace("title: T", "title: T\nlanguage: es")
    out = lint(tmp_path, text).output
    assert "Mariposa no se hace en una silla" in out and "prueba chair_butterfly" in out


@pytest.mark.parametrize("place", ["chair", "bed"])
def test_every_suggestion_is_done_in_that_place(place: str) -> None:
    for pose in all_poses():
        for name in nearest(pose, place):
            assert place in get_pose(name).places
