"""The gates kept between runs (generator/lint/gatefile.py): read back as read, never a failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.lint import gatefile
from generator.lint.patterns import gate

ROOT = Path(__file__).resolve().parents[2]
PATTERN = r"\bkeep\s+(?:your\s+)?eyes\s+(?:closed|shut)\b"


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder, and this process's kept gates forgotten (as a new process)."""
    monkeypatch.setenv("HOLDSPACE_CACHE_DIR", str(tmp_path))
    gatefile._kept.cache_clear()
    monkeypatch.setattr(gatefile, "_fresh", {})
    yield tmp_path
    gatefile._kept.cache_clear()


def _never(pattern: str) -> None:
    raise AssertionError(f"read again: {pattern}")


def test_a_gate_read_once_is_read_back_the_same(fresh: Path) -> None:
    assert gatefile.kept_gate(PATTERN, gate) == gate(PATTERN)
    gatefile._save()
    gatefile._kept.cache_clear()  # the next process
    assert gatefile.kept_gate(PATTERN, _never) == gate(PATTERN)
    assert gatefile.kept_gate(r"(?:^|x)y", gate) is None


def test_a_file_from_another_reader_or_broken_is_read_afresh(fresh: Path) -> None:
    path = gatefile.path()
    path.write_text(json.dumps({"reader": "another", "gates": {PATTERN: ["wrong"]}}), "utf-8")
    assert gatefile.kept_gate(PATTERN, gate) == gate(PATTERN)
    for broken in ("{not json", "[]", ""):
        path.write_text(broken, "utf-8")
        gatefile._kept.cache_clear()
        assert gatefile.kept_gate(PATTERN, gate) == gate(PATTERN)


def test_a_folder_that_cannot_be_written_changes_nothing(fresh: Path) -> None:
    fresh.rmdir()
    fresh.write_text("a file where the folder should be", "utf-8")
    assert gatefile.kept_gate(PATTERN, gate) == gate(PATTERN)
    gatefile._save()  # no error, nothing kept
    assert fresh.read_text("utf-8") == "a file where the folder should be"


def test_a_lint_leaves_its_gates_for_the_next(tmp_path: Path) -> None:
    env = {**os.environ, "HOLDSPACE_CACHE_DIR": str(tmp_path)}
    script = str(ROOT / "sessions" / "grounding-3min.yaml")
    command = [sys.executable, "-m", "generator", "lint", script]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    kept = json.loads((tmp_path / "lint-gates.json").read_text("utf-8"))
    assert len(kept["gates"]) > 500  # every rule pattern the script's words were checked against
    again = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert (again.returncode, again.stdout) == (first.returncode, first.stdout)
    assert list(tmp_path.iterdir()) == [tmp_path / "lint-gates.json"]  # nothing half-written
