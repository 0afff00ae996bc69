"""Shared fixtures. Tests that need real tools skip on a developer machine without them, but
fail under CI=true, so a missing install step can never hide behind a green run."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(available: bool, what: str, fix: str = "scripts/setup.sh installs it") -> None:
    """Skip without ``what`` on a developer machine; under CI=true its absence is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but not installed ({fix})")
    pytest.skip(f"{what} not installed")


def require_tool(name: str) -> None:
    need(shutil.which(name) is not None, name)


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
