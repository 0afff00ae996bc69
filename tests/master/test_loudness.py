"""The streaming loudness meter agrees with pyloudnorm (an independent BS.1770-4 reference)."""

from __future__ import annotations

import math

import numpy as np
import pyloudnorm
import pytest

from generator.master.loudness import LoudnessMeter, integrated_loudness


def _reference(x: np.ndarray, rate: int) -> float:
    return pyloudnorm.Meter(rate).integrated_loudness(np.asarray(x, dtype=np.float64))


def _pink(rng: np.random.Generator, n: int) -> np.ndarray:
    spectrum = np.fft.rfft(rng.standard_normal(n))
    spectrum[1:] /= np.sqrt(np.arange(1, len(spectrum)))
    spectrum[0] = 0.0
    x = np.fft.irfft(spectrum, n)
    return 0.1 * x / x.std()


def _speech_like(rng: np.random.Generator, rate: int, seconds: float) -> np.ndarray:
    """Pink noise in syllables (~4 Hz) and phrases with silent pauses, so both gates matter."""
    n = round(seconds * rate)
    t = np.arange(n) / rate
    syllables = np.clip(np.sin(2 * np.pi * 4.0 * t), 0.0, None) ** 2
    phrases = (np.sin(2 * np.pi * 0.25 * t) > -0.3).astype(float)
    quiet = np.where(np.sin(2 * np.pi * 0.1 * t) > 0, 1.0, 0.05)  # quiet stretches to gate away
    return _pink(rng, n) * syllables * phrases * quiet


SIGNALS = {
    "white-stereo": lambda rng, rate: 0.05 * rng.standard_normal((20 * rate, 2)),
    "pink-mono": lambda rng, rate: _pink(rng, 20 * rate),
    "tone-100": lambda rng, rate: 0.3 * np.sin(2 * np.pi * 100 * np.arange(10 * rate) / rate),
    "tone-1k": lambda rng, rate: 0.1 * np.sin(2 * np.pi * 1000 * np.arange(10 * rate) / rate),
    "tone-10k-stereo": lambda rng, rate: np.stack(
        [0.1 * np.sin(2 * np.pi * 10000 * np.arange(10 * rate) / rate)] * 2, axis=1
    ),
    "speech-like": lambda rng, rate: _speech_like(rng, rate, 30.0),
    "speech-like-stereo": lambda rng, rate: np.stack(
        [_speech_like(rng, rate, 30.0), 0.5 * _speech_like(rng, rate, 30.0)], axis=1
    ),
}


@pytest.mark.parametrize("rate", [44100, 48000, 22050])
@pytest.mark.parametrize("kind", list(SIGNALS), ids=list(SIGNALS))
def test_matches_pyloudnorm(kind: str, rate: int) -> None:
    x = SIGNALS[kind](np.random.default_rng(3), rate)
    assert integrated_loudness(x, rate) == pytest.approx(_reference(x, rate), abs=0.05)


@pytest.mark.parametrize("rate", [44100, 48000, 11025])
def test_streaming_in_random_blocks_equals_one_shot(rate: int) -> None:
    rng = np.random.default_rng(8)
    x = np.stack([_speech_like(rng, rate, 12.0), _speech_like(rng, rate, 12.0)], axis=1)
    meter = LoudnessMeter(rate, 2)
    i = 0
    while i < len(x):
        size = int(rng.choice([1, 7, 100, 4410, 4411, 20000, 77777]))
        meter.add(x[i : i + size])
        i += size
    assert meter.integrated() == pytest.approx(integrated_loudness(x, rate), abs=1e-9)


def test_float32_blocks_and_mono_1d_input() -> None:
    x = (0.1 * np.random.default_rng(1).standard_normal(48000 * 5)).astype(np.float32)
    meter = LoudnessMeter(48000, 1)
    meter.add(x[:1000])
    meter.add(x[1000:, None])
    assert meter.integrated() == pytest.approx(_reference(x, 48000), abs=0.05)


def test_silence_and_too_short_are_minus_infinity() -> None:
    assert integrated_loudness(np.zeros((44100 * 3, 2)), 44100) == -math.inf
    assert integrated_loudness(np.full(44100 * 3, 1e-6), 44100) == -math.inf  # under -70 LUFS
    assert integrated_loudness(0.1 * np.ones(4000), 44100) == -math.inf  # < one 400 ms block


def test_block_loudness_is_momentary() -> None:
    rate = 44100
    x = 0.1 * np.sin(2 * np.pi * 1000 * np.arange(3 * rate) / rate)
    meter = LoudnessMeter(rate, 1)
    meter.add(x)
    blocks = meter.block_loudness()
    assert len(blocks) == 27  # 30 sub-blocks of 100 ms -> 27 blocks of 400 ms
    assert np.allclose(blocks[1:], meter.integrated(), atol=0.01)


def test_rejects_wrong_channel_count() -> None:
    meter = LoudnessMeter(44100, 2)
    with pytest.raises(ValueError):
        meter.add(np.zeros((100, 1)))
    with pytest.raises(ValueError):
        LoudnessMeter(44100, 6)
