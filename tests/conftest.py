"""Shared fixtures. Tests that need real tools skip on a developer machine without them, but
fail under CI=true, so a missing install step can never hide behind a green run."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner, Result

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


class ReachedWork(BaseException):
    """Raised by ``refuse_real_work``: a bad input got as far as synthesis or encoding."""


def refuse_real_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make speaking or encoding an error of its own, so a bad input must fail before them.
    Loading a voice is allowed (it may validate the voice); speaking is not."""
    import generator.speech
    from generator.render import track as render

    def refuse(*args: object, **kwargs: object) -> None:
        raise ReachedWork("bad input reached speech synthesis or encoding before failing")

    class NoVoice:
        def describe(self) -> str:
            return "no voice (test)"

        def __getattr__(self, name: str) -> object:
            return refuse

    monkeypatch.setattr(generator.speech, "load_voice", lambda *a, **k: NoVoice())
    monkeypatch.setattr(generator.speech, "synthesize_all", refuse)
    monkeypatch.setattr(generator.speech, "synthesize_each", refuse)
    monkeypatch.setattr(render, "Mp3Encoder", refuse)


def one_error_line(result: Result, *words: str, prefix: str = "") -> str:
    """Bad input's promise: exit 2, one line on stderr starting with ``prefix`` and holding
    ``words``, nothing on stdout, no traceback, and no speech or encoding reached."""
    assert not isinstance(result.exception, ReachedWork), "reached synthesis/encoding first"
    assert "Traceback" not in result.output, result.output
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(prefix), lines[0]
    for word in words:
        assert word in lines[0], lines[0]
    assert result.stdout == ""
    return lines[0]


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test session shares one speech cache, never the user's own."""
    cache = tmp_path_factory.getbasetemp() / "speech-cache"
    monkeypatch.setenv("HOLDSPACE_CACHE_DIR", str(cache))
