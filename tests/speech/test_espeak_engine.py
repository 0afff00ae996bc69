"""The espeak-ng command line: real synthesis, voice names, a missing program."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from conftest import need

from generator.errors import InputError, ToolMissingError
from generator.script.model import VoiceSettings
from generator.speech import espeak_engine
from generator.speech.engine import plausible_duration
from generator.speech.espeak_engine import EspeakVoice, resolve_espeak_voice, speak_cli
from generator.speech.prepare import trim_silence
from generator.speech.select import load_voice
from generator.speech.voices import voice_rows as list_voices

SENTENCE = "Let your breath settle, slowly and gently."


@pytest.fixture(autouse=True)
def _espeak() -> None:
    need(shutil.which("espeak-ng") is not None, "espeak-ng")


def test_speaks_a_sentence_at_a_plausible_length() -> None:
    voice = load_voice(VoiceSettings(engine="espeak-ng"))
    clip = voice.synthesize(SENTENCE)
    low, high = plausible_duration(SENTENCE, 140)
    assert clip.engine == "espeak-ng" and clip.sample_rate == 22050
    assert low <= clip.duration <= high
    speaking = len(trim_silence(clip.samples, clip.sample_rate)) / clip.sample_rate
    assert 2.9 <= speaking <= 4.2  # 7 words at the default 130 wpm: 3.2 s, and a comma's pause
    assert float(np.sqrt(np.mean(clip.samples**2))) > 0.02


@pytest.mark.parametrize(
    "text",
    [
        "Visit https://www.example.org/resources/helplines/uk/index.html for help.",
        "If you like, rest here. <!-- note to self -->",
        "Write to help.line@example.org whenever you like.",
    ],
)
def test_addresses_and_markup_read_out_symbol_by_symbol_are_plausible(text: str) -> None:
    """A voice names every slash and dot of a web address: the clip is long for its words, but
    it is what was written (lint warns about it), not a broken voice."""
    clip = load_voice(VoiceSettings(engine="espeak-ng")).synthesize(text)
    low, high = plausible_duration(text, 130)
    assert low <= clip.duration <= high


def test_rate_changes_the_length() -> None:
    slow = speak_cli("en-us", 120, 50, SENTENCE)
    fast = speak_cli("en-us", 200, 50, SENTENCE)
    assert slow.duration > fast.duration * 1.4


def test_text_that_looks_like_an_option_is_spoken() -> None:
    clip = EspeakVoice("en-us", 140, 50, "x").synthesize("-v breathe out slowly")
    assert clip.duration > 1.0


def test_spanish_accents_survive() -> None:
    voice = load_voice(VoiceSettings(engine="espeak-ng", language="es"))
    assert voice.describe().startswith("espeak-ng ") and " voice es " in voice.describe()
    assert voice.synthesize("Respira despacio, con calma y atención.").duration > 1.5


@pytest.mark.parametrize(
    ("name", "language", "expected"),
    [
        (None, "en", "en-us"),
        (None, "es", "es"),
        (None, "en-GB", "en-gb"),
        (None, "es_419", "es-419"),
        (None, "es-AR", "es-419"),
        (None, "es-ES", "es"),
        ("EN-US", "en", "en-us"),
        ("gmw/en-US", "en", "en-us"),
        ("en-gb+f3", "en", "en-gb+f3"),
        ("en-us+alex", "en", "en-us+Alex"),
    ],
    ids=[
        "en",
        "es",
        "en-GB",
        "es_419",
        "es-AR",
        "es-ES",
        "upper",
        "file-id",
        "variant",
        "variant-case",
    ],
)
def test_voice_names_are_canonical(name: str | None, language: str, expected: str) -> None:
    assert resolve_espeak_voice(name, language) == expected


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (VoiceSettings(engine="espeak-ng", name="xx"), "unknown espeak-ng voice 'xx'; try one of"),
        (VoiceSettings(engine="espeak-ng", name="en-usa"), "en-us"),
        (VoiceSettings(engine="espeak-ng", name="en-us+zz"), "variant 'zz'"),
        (VoiceSettings(engine="espeak-ng", language="tlh"), "no espeak-ng voice for language"),
        (VoiceSettings(engine="espeak-ng", rate=20), "outside 80-300"),
        (VoiceSettings(engine="espeak-ng", pitch=150), "outside 0-100"),
    ],
    ids=["unknown", "typo", "variant", "language", "rate", "pitch"],
)
def test_bad_voice_settings_name_the_fix(settings: VoiceSettings, message: str) -> None:
    with pytest.raises(InputError) as info:
        load_voice(settings, "session.yaml", 7)
    assert message in str(info.value)
    assert str(info.value).startswith("session.yaml:7: ")


def test_unknown_voice_points_at_holdspace_voices() -> None:
    with pytest.raises(InputError, match=r"holdspace voices lists them"):
        resolve_espeak_voice("xx", "en")


def test_list_voices_shows_english_and_spanish() -> None:
    rows = {row.id: row for row in list_voices("espeak-ng")}
    assert {"en-us", "en-gb", "es", "es-419"} <= set(rows)
    assert rows["en-us"].use == "voice: {engine: espeak-ng, name: en-us}"
    assert not any(row.id.startswith("mb") for row in rows.values())


def test_a_missing_program_is_a_tool_missing_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOLDSPACE_ESPEAK_NG", "/nonexistent/espeak-ng")
    espeak_engine.espeak_version.cache_clear()
    try:
        with pytest.raises(ToolMissingError, match="apt-get install espeak-ng"):
            load_voice(VoiceSettings(engine="espeak-ng"))
    finally:
        espeak_engine.espeak_version.cache_clear()
