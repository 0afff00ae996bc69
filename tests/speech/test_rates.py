"""``rate`` means what a listener hears: words a minute of speaking, counted as the plan counts
them (words ÷ seconds of the prepared clips). Each engine's setting is mapped from measurements;
here the real engines are measured again, within ±10 % of the rate asked for."""

from __future__ import annotations

import re

import pytest
from conftest import need, require_tool

from generator.speech.prepare import trim_silence
from generator.speech.rates import (
    DEFAULT_RATE,
    espeak_setting,
    estimated_seconds,
    piper_length_scale,
)


def sentences(lang: str) -> list[str]:
    """What a voice says in a session, in the language's own words and cut as the plan cuts
    speech into clips: the clauses of the built-in opening, closing and check-ins (guided practice
    has its own word lengths; a rate is measured on that, and a pause at a comma inside a clip
    would count as speaking)."""
    from generator.care.phrases import check_in_pool, closing_text, opening_text
    from generator.script.text import split_clauses, split_sentences

    texts = [*opening_text(lang, 600, []), *closing_text(lang, None)]
    texts += [text for _, text in check_in_pool(lang)[::3]]
    clauses = [c for t in texts for s in split_sentences(t) for c in split_clauses(s)]
    return [c for c in clauses if len(c.split()) >= 3][:32]


WORD = re.compile(r"\w+")


def heard_rate(clips: list, texts: list[str]) -> float:
    seconds = sum(len(trim_silence(c.samples, c.sample_rate)) / c.sample_rate for c in clips)
    return sum(len(WORD.findall(t)) for t in texts) / seconds * 60


def test_the_mappings() -> None:
    assert DEFAULT_RATE == 130
    assert espeak_setting(130, "en-us") == 102 and espeak_setting(130, "es") == 120
    assert espeak_setting(60, "en-us") == 80  # espeak-ng's slowest
    assert piper_length_scale(130) == pytest.approx(2.157, abs=0.01)
    assert piper_length_scale(600) == 0.3
    assert estimated_seconds("one two three", 120) == pytest.approx(1.5)


@pytest.mark.e2e
@pytest.mark.parametrize("rate", [110, 130, 160])
@pytest.mark.parametrize(("voice", "lang"), [("en-us", "en"), ("es", "es")])
def test_espeak_ng_speaks_the_rate_asked_for(voice: str, lang: str, rate: int) -> None:
    require_tool("espeak-ng")
    from generator.speech.espeak_engine import speak_cli

    texts = sentences(lang)
    clips = [speak_cli(voice, rate, 50, t) for t in texts]
    assert heard_rate(clips, texts) == pytest.approx(rate, rel=0.10)


@pytest.mark.e2e
@pytest.mark.parametrize("rate", [110, 130, 160])
def test_piper_speaks_the_rate_asked_for(rate: int) -> None:
    from generator.speech.piper_engine import PiperSpeaker, piper_missing_reason
    from generator.speech.piper_model import packaged_models

    need(
        piper_missing_reason() is None and bool(packaged_models()), "Piper", "pip install .[piper]"
    )
    speaker = PiperSpeaker(model=packaged_models()[0], rate=rate, version="test")
    texts = sentences("en")
    assert heard_rate([speaker.synthesize(t) for t in texts], texts) == pytest.approx(
        rate, rel=0.10
    )
