"""pyttsx3: a fresh process per clip, verification, one retry, then the espeak-ng fallback."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from conftest import need

from generator.errors import EngineError
from generator.script.model import VoiceSettings
from generator.speech import pyttsx3_engine
from generator.speech.engine import Clip, verify_clip
from generator.speech.espeak_engine import espeak_file_id, speak_cli
from generator.speech.prepare import trim_silence
from generator.speech.pyttsx3_engine import Pyttsx3Unusable, Pyttsx3Voice, run_worker
from generator.speech.rates import espeak_setting
from generator.speech.select import load_voice

SENTENCE = "Let your breath settle, slowly and gently."
SR = 22050


def good_clip(engine: str) -> Clip:
    t = np.arange(3 * SR) / SR
    return Clip((0.1 * np.sin(2 * np.pi * 150 * t)).astype(np.float32), SR, engine)


SILENT = Clip(np.zeros(3 * SR, np.float32), SR, "pyttsx3")
TRUNCATED = Clip(good_clip("pyttsx3").samples[: SR // 4], SR, "pyttsx3")


class Script:
    """Stands in for the worker and the CLI: returns or raises the scripted results in order."""

    def __init__(self, *results: Clip | Exception) -> None:
        self.results = list(results)
        self.calls = 0

    def __call__(self, voice: str, rate: int, pitch: int, text: str) -> Clip:
        self.calls += 1
        result = self.results.pop(0)
        if isinstance(result, Exception):
            raise result
        return result


VOICE = Pyttsx3Voice("en-us", 140, 50, "1.51", "2.99")


def test_a_rejected_clip_is_retried_in_a_fresh_process(monkeypatch) -> None:
    worker = Script(SILENT, good_clip("pyttsx3"))
    cli = Script(good_clip("espeak-ng"))
    monkeypatch.setattr(pyttsx3_engine, "run_worker", worker)
    monkeypatch.setattr(pyttsx3_engine, "speak_cli", cli)
    assert VOICE.synthesize(SENTENCE).engine == "pyttsx3"
    assert (worker.calls, cli.calls) == (2, 0)


@pytest.mark.parametrize(
    "failures",
    [(SILENT, TRUNCATED), (EngineError("worker crashed"), SILENT)],
    ids=["bad-clips", "crash-then-silence"],
)
def test_two_failures_fall_back_to_the_espeak_ng_cli(monkeypatch, caplog, failures) -> None:
    worker = Script(*failures)
    cli = Script(good_clip("espeak-ng"))
    monkeypatch.setattr(pyttsx3_engine, "run_worker", worker)
    monkeypatch.setattr(pyttsx3_engine, "speak_cli", cli)
    with caplog.at_level(logging.INFO, logger="generator.speech.pyttsx3_engine"):
        clip = VOICE.synthesize(SENTENCE)
    assert clip.engine == "espeak-ng"
    assert (worker.calls, cli.calls) == (2, 1)
    assert "espeak-ng command line speaks it" in caplog.text


def test_an_unusable_pyttsx3_is_not_retried(monkeypatch) -> None:
    worker = Script(Pyttsx3Unusable("no libespeak-ng"))
    cli = Script(good_clip("espeak-ng"))
    monkeypatch.setattr(pyttsx3_engine, "run_worker", worker)
    monkeypatch.setattr(pyttsx3_engine, "speak_cli", cli)
    assert VOICE.synthesize(SENTENCE).engine == "espeak-ng"
    assert worker.calls == 1


def test_when_everything_fails_the_error_names_every_reason(monkeypatch) -> None:
    monkeypatch.setattr(pyttsx3_engine, "run_worker", Script(SILENT, EngineError("crashed")))
    monkeypatch.setattr(pyttsx3_engine, "speak_cli", Script(TRUNCATED))
    with pytest.raises(EngineError) as info:
        VOICE.synthesize(SENTENCE)
    message = str(info.value)
    assert "silent" in message and "crashed" in message and "espeak-ng: clip lasts" in message


def test_real_pyttsx3_speaks_in_a_worker_and_prints_nothing(capfd) -> None:
    need(shutil.which("espeak-ng") is not None, "espeak-ng")
    voice = load_voice(VoiceSettings(engine="pyttsx3"))
    assert voice.engine == "pyttsx3"
    assert voice.describe().startswith("pyttsx3 2.99 (espeak-ng 1.5")
    started = time.perf_counter()
    clip = voice.synthesize(SENTENCE)
    elapsed = time.perf_counter() - started
    assert clip.engine == "pyttsx3" and clip.sample_rate == SR
    speaking = len(trim_silence(clip.samples, SR)) / SR  # the words, without the engine's silence
    assert 2.7 <= speaking <= 4.0  # 7 words at 140 heard wpm: 3.0 s, and a comma's pause
    assert float(np.sqrt(np.mean(clip.samples**2))) > 0.02
    assert elapsed < 10
    captured = capfd.readouterr()
    assert "Audio saved" not in captured.out and captured.out == ""


@pytest.mark.parametrize("number", range(4))
def test_long_sentences_are_complete_on_the_first_attempt(number: int) -> None:
    """Regression: runAndWait() returns before the clip is written; the worker must wait."""
    need(shutil.which("espeak-ng") is not None, "espeak-ng")
    text = f"Breath number {number}: let your shoulders soften, and notice the floor beneath you."
    verify_clip(run_worker("en-us", 140, 50, text), text, 140)


@pytest.mark.parametrize(
    ("voice", "pitch"),
    [("en-us", 50), ("en-gb", 70), ("en-gb+f3", 50), ("es", 50), ("fr-fr", 30)],
    ids=["en-us", "en-gb-pitch", "variant", "es", "fr-fr"],
)
def test_the_fallback_sounds_exactly_like_pyttsx3(voice: str, pitch: int) -> None:
    need(shutil.which("espeak-ng") is not None, "espeak-ng")
    # the worker is given pyttsx3's own rate setting; speak_cli maps heard words a minute to it
    worker = run_worker(
        espeak_file_id(voice), espeak_setting(140, voice), pitch, "Rest here, gently."
    )
    cli = speak_cli(voice, 140, pitch, "Rest here, gently.")
    np.testing.assert_array_equal(worker.samples, cli.samples)


def test_every_clip_gets_the_requested_rate_under_parallel_load() -> None:
    """Regression: pyttsx3's stop() cancelled queued rate commands in ~1 of 15 clips."""
    need(shutil.which("espeak-ng") is not None, "espeak-ng")
    expected = speak_cli("en-us", 140, 50, "Rest here.").samples.size
    with ThreadPoolExecutor(2) as pool:
        sizes = list(
            pool.map(
                lambda _: (
                    run_worker(
                        "gmw/en-US", espeak_setting(140, "en-us"), 50, "Rest here."
                    ).samples.size
                ),
                range(12),
            )
        )
    assert sizes == [expected] * 12


def test_a_voice_pyttsx3_rejects_is_not_retried() -> None:
    need(shutil.which("espeak-ng") is not None, "espeak-ng")
    with pytest.raises(Pyttsx3Unusable, match="rejected voice 'en-gb'"):
        run_worker("en-gb", 140, 50, SENTENCE)  # SetVoiceByName wants the file id, gmw/en


def test_the_worker_reports_a_bad_argument() -> None:
    need(shutil.which("espeak-ng") is not None, "espeak-ng")
    with pytest.raises(EngineError, match="pyttsx3 worker failed"):
        run_worker("en-us", "fast", 50, SENTENCE)  # type: ignore[arg-type]


@pytest.fixture
def broken_pyttsx3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Workers import a pyttsx3 that fails like a machine without libespeak-ng."""
    (tmp_path / "pyttsx3.py").write_text(
        'raise OSError("libespeak-ng.so.1: cannot open shared object file")\n'
    )
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    pyttsx3_engine.probe.cache_clear()
    yield
    pyttsx3_engine.probe.cache_clear()


def test_a_missing_library_is_reported_with_the_fix(broken_pyttsx3) -> None:
    with pytest.raises(Pyttsx3Unusable, match="apt-get install espeak-ng libespeak-ng1"):
        pyttsx3_engine.probe()


def test_a_missing_library_falls_back_without_retrying(broken_pyttsx3, caplog) -> None:
    need(shutil.which("espeak-ng") is not None, "espeak-ng")
    with caplog.at_level(logging.DEBUG, logger="generator.runner"):
        clip = VOICE.synthesize(SENTENCE)
    assert clip.engine == "espeak-ng"
    assert caplog.text.count("pyttsx3_worker") == 1


def test_auto_uses_the_espeak_ng_cli_when_pyttsx3_cannot_start(broken_pyttsx3) -> None:
    need(shutil.which("espeak-ng") is not None, "espeak-ng")
    voice = load_voice(VoiceSettings(language="es"))
    assert voice.engine == "espeak-ng"
    assert "pyttsx3 unusable" in voice.describe()
