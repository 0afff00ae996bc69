"""Shared fixtures. Tests that need real tools skip on a developer machine without them, but
fail under CI=true, so a missing install step can never hide behind a green run."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner, Result

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


SLOW_TEST_S = 180.0  # a test this slow is said at once in CI: the slowest takes about a minute


@pytest.hookimpl(trylast=True)
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Under CI, a failure (and a test far slower than usual) is printed the moment it happens,
    not only in the summary at the end: a run cut off by CI's time limit still says what failed,
    why, and where the time went."""
    if not IN_CI or _terminal is None:
        return
    if report.failed:
        _terminal.write("\n")
        _terminal.write_line(f"FAILED {report.nodeid} ({report.when}):", red=True)
        _terminal.write_line(str(report.longrepr)[-4000:])
    elif report.when == "call" and report.duration > SLOW_TEST_S:
        _terminal.write("\n")
        _terminal.write_line(f"slow: {report.nodeid} took {report.duration:.0f} s", yellow=True)


_terminal = None


def pytest_sessionstart(session: pytest.Session) -> None:
    global _terminal
    _terminal = session.config.pluginmanager.get_plugin("terminalreporter")


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
    from generator.render import prepare, track
    from generator.speech import pipeline

    def refuse(*args: object, **kwargs: object) -> None:
        raise ReachedWork("bad input reached speech synthesis or encoding before failing")

    class NoVoice:
        def describe(self) -> str:
            return "no voice (test)"

        def __getattr__(self, name: str) -> object:
            return refuse

    monkeypatch.setattr(prepare, "load_voice", lambda *a, **k: NoVoice())
    monkeypatch.setattr(pipeline, "synthesize_each", refuse)
    monkeypatch.setattr(track, "Mp3Encoder", refuse)


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


class Stage:
    """Hold a holdspace process at a named stage (``generator/hooks.py``) through a FIFO: the
    test knows exactly where the program is, with no race against the clock. ``env`` goes into
    the process's environment; ``wait`` returns once it is held there; ``release`` lets it go."""

    def __init__(self, stage: str, folder: Path) -> None:
        self.stage = stage
        self.fifo = folder / f"{stage}.fifo"
        os.mkfifo(self.fifo)
        self.env = {"HOLDSPACE_TEST_STAGE": f"{stage}:{self.fifo}"}
        self.fd: int | None = None

    def wait(self, proc: subprocess.Popen, timeout: float = 300) -> None:
        import errno
        import time

        deadline = time.monotonic() + timeout
        while self.fd is None:
            try:  # succeeds once the program has the FIFO open for reading: it is at the stage
                self.fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:
                    raise
                if proc.poll() is not None:
                    raise AssertionError(
                        f"the program ended (status {proc.returncode}) before reaching the "
                        f"{self.stage!r} stage"
                    ) from None
                assert time.monotonic() < deadline, f"the {self.stage!r} stage was never reached"
                time.sleep(0.005)

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def speechlike(text: str, sr: int) -> np.ndarray:
    """Noise shaped into syllables (4 per second), as uneven in level as speech: a voice clip
    for tests of mixing and mastering (tests/mix, tests/speech)."""
    rng = np.random.default_rng(len(text))
    n = max(1, len(text.split())) * sr // 3
    t = np.arange(n) / sr
    envelope = np.abs(np.sin(np.pi * 4 * t)) ** 2 * rng.uniform(0.3, 1.0)
    return (rng.standard_normal(n) * envelope).astype(np.float32)


REST_SCRIPT = """\
holdspace: 1
title: Short Rest
language: {language}
voice: {{engine: espeak-ng}}
segments:
  - speak: "{words}"
"""
REST_WORDS = {"en": "Let the breath be as it is.", "es": "Deja que la respiración sea como es."}


@pytest.fixture
def rests(tmp_path: Path) -> Path:
    """``tmp_path`` with rest-en.yaml and rest-es.yaml, a short line each in its language (the
    batch tests' manifests name them)."""
    for language, words in REST_WORDS.items():
        (tmp_path / f"rest-{language}.yaml").write_text(
            REST_SCRIPT.format(language=language, words=words)
        )
    return tmp_path
