"""Shared fixtures. Tests that need real tools skip on a developer machine without them, but
fail under CI=true, so a missing install step can never hide behind a green run."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_tool(name: str) -> None:
    if shutil.which(name) is None:
        if IN_CI:
            pytest.fail(
                f"{name} is required in CI but not installed (scripts/setup.sh installs it)"
            )
        pytest.skip(f"{name} not installed")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test session shares one speech cache, never the user's own."""
    cache = tmp_path_factory.getbasetemp() / "speech-cache"
    monkeypatch.setenv("HOLDSPACE_CACHE_DIR", str(cache))
