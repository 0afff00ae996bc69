"""The de-esser: sibilant bursts over a voiced-like signal come down by at least the issue's
target, the 0.3-3 kHz band stays where it was, a signal without sibilance passes unchanged, and
the basics hold (length, dtype, determinism, silence)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from generator.speech.deess import deess

SR = 22050
FRAME = round(0.02 * SR)


def band_energies(x: np.ndarray, sr: int = SR) -> tuple[np.ndarray, np.ndarray]:
    """Mean-square energy of each 20 ms frame in 5-9 kHz and in 0.3-3 kHz (Hann window): the
    measure of scripts/listen_check.py."""
    frame = round(0.02 * sr)
    n = len(x) - len(x) % frame
    frames = x[:n].reshape(-1, frame).astype(np.float64)
    window = np.hanning(frame + 2)[1:-1]
    power = np.abs(np.fft.rfft(frames * window, axis=1)) ** 2
    f = np.fft.rfftfreq(frame, 1 / sr)
    hi = power[:, (f >= 5000) & (f < 9000)].sum(axis=1)
    lo = power[:, (f >= 300) & (f < 3000)].sum(axis=1)
    scale = 2 / (frame * np.sum(window**2))
    return hi * scale, lo * scale


def sibilance_db(x: np.ndarray, sr: int = SR) -> float:
    hi, lo = band_energies(x, sr)
    voiced = lo >= lo.max() * 1e-4
    return float(10 * np.log10(np.percentile(hi[voiced], 99.5) / np.percentile(lo[voiced], 99.5)))


def voiced(seconds: float, sr: int = SR, f0: float = 140.0, seed: int = 0) -> np.ndarray:
    """A vowel-like signal: harmonics of ``f0`` under a speech-like spectral envelope (most
    energy in 0.3-1 kHz, falling 12 dB an octave above 800 Hz, faint up to Nyquist), with a
    slow syllable envelope and a little vibrato."""
    rng = np.random.default_rng(seed)
    t = np.arange(round(seconds * sr)) / sr
    phase = 2 * np.pi * np.cumsum(f0 * (1 + 0.02 * np.sin(2 * np.pi * 5 * t))) / sr
    x = np.zeros_like(t)
    for k in range(1, int(sr / 2 / f0)):
        f = k * f0
        amp = (0.5 if f < 250 else 1.0) / (1 + (f / 800) ** 2)
        x += amp * np.sin(k * phase + rng.uniform(0, 2 * np.pi))
    envelope = 0.55 + 0.45 * np.sin(2 * np.pi * 3 * t) ** 2
    return (0.12 * x * envelope).astype(np.float32)


def band_noise(n: int, lo: float, hi: float, sr: int = SR, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / sr)
    spec[(f < lo) | (f > hi)] = 0
    x = np.fft.irfft(spec, n)
    return (x / np.sqrt(np.mean(x**2))).astype(np.float32)


def with_sibilants(seconds: float = 4.0, level_db: float = 0.0, sr: int = SR) -> np.ndarray:
    """``voiced`` with 120 ms bursts of 5-9 kHz noise (10 ms fades) every 0.8 s, each burst's
    mean square ``level_db`` relative to the vowel's loudest 20 ms in 0.3-3 kHz."""
    x = voiced(seconds, sr)
    _, lo = band_energies(x, sr)
    rms = np.sqrt(lo.max()) * 10 ** (level_db / 20)
    noise = band_noise(len(x), 5000, 9000, sr)
    burst = round(0.12 * sr)
    fade = round(0.01 * sr)
    shape = np.ones(burst, np.float32)
    shape[:fade] = np.linspace(0, 1, fade)
    shape[-fade:] = np.linspace(1, 0, fade)
    for start in np.arange(0.3, seconds - 0.2, 0.8):
        i = round(start * sr)
        x[i : i + burst] += rms * noise[i : i + burst] * shape
    return x


@pytest.mark.parametrize("sr", [16000, 22050, 44100, 48000])
@pytest.mark.parametrize("level_db", [-6.0, 0.0, 6.0])
def test_sibilant_bursts_come_down_to_the_target(sr: int, level_db: float) -> None:
    x = with_sibilants(level_db=level_db, sr=sr)
    before = sibilance_db(x, sr)
    y = deess(x, sr)
    after = sibilance_db(y, sr)
    assert before > -8  # the bursts are as loud as sibilants that need taming
    assert after <= -10.0, (before, after)
    assert after <= before - 4
    # the 0.3-3 kHz band is unchanged: its loudest frames and its total energy
    _, lo_x = band_energies(x, sr)
    _, lo_y = band_energies(y, sr)
    p = lambda a: 10 * np.log10(np.percentile(a, 99.5))  # noqa: E731
    assert abs(p(lo_y) - p(lo_x)) < 0.1
    assert abs(10 * np.log10(lo_y.sum() / lo_x.sum())) < 0.1


def test_no_sibilance_passes_unchanged() -> None:
    x = voiced(3.0)
    y = deess(x, SR)
    assert np.max(np.abs(y - x)) < 1e-6
    _, lo_x = band_energies(x)
    _, lo_y = band_energies(y)
    assert abs(10 * np.log10(lo_y.sum() / lo_x.sum())) < 0.1


def test_only_the_band_over_the_voice_is_touched() -> None:
    """Between the bursts the 5-9 kHz band keeps its level (no dulling), and what the de-esser
    takes away has no energy below 3 kHz (smooth gain: no clicks, no zipper noise)."""
    x = with_sibilants(level_db=0.0)
    y = deess(x, SR)
    hi_x, _ = band_energies(x)
    hi_y, _ = band_energies(y)
    quiet = hi_x < np.percentile(hi_x, 60)  # frames well away from the bursts
    assert abs(10 * np.log10(hi_y[quiet].sum() / hi_x[quiet].sum())) < 0.5
    removed = np.fft.rfft((x - y).astype(np.float64))
    f = np.fft.rfftfreq(len(x), 1 / SR)
    power = np.abs(removed) ** 2
    assert power[f < 3000].sum() < 1e-4 * power.sum()


@pytest.mark.parametrize("n", [0, 1, 2, 17, 441, 1000, 22050 * 2 + 7])
def test_length_and_dtype(n: int) -> None:
    x = with_sibilants(3.0)[:n] if n <= 3 * SR else np.resize(with_sibilants(3.0), n)
    y = deess(x, SR)
    assert len(y) == n
    assert y.dtype == np.float32


def test_deterministic_and_input_untouched() -> None:
    x = with_sibilants()
    copy = x.copy()
    a = deess(x, SR)
    b = deess(x, SR)
    assert np.array_equal(a, b)
    assert np.array_equal(x, copy)


def test_silence_stays_silence() -> None:
    assert not np.any(deess(np.zeros(SR, np.float32), SR))
    x = with_sibilants(4.0)
    x[SR : 2 * SR] = 0  # a second of silence between sibilant speech
    y = deess(x, SR)
    middle = y[SR + round(0.03 * SR) : 2 * SR - round(0.03 * SR)]
    assert np.max(np.abs(middle)) < 1e-4


def test_margin_sets_how_far_under_the_voice_sibilance_may_stand() -> None:
    x = with_sibilants(level_db=0.0)
    gentle = sibilance_db(deess(x, SR, margin_db=4.0))
    default = sibilance_db(deess(x, SR))
    assert sibilance_db(x) > gentle + 3 > default + 3  # smaller margin, smaller cut


def test_low_sample_rate_passes_through() -> None:
    x = voiced(1.0, sr=8000)
    assert np.array_equal(deess(x, 8000), x)


def test_fast_enough() -> None:
    x = with_sibilants(10.0)
    deess(x, SR)
    start = time.process_time()
    deess(x, SR)
    per_second = (time.process_time() - start) / 10
    assert per_second < 0.02  # about 1-3 ms per second on a laptop core; generous for CI
