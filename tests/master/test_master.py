"""Mastering: one gain to the target and a limiter that keeps true peaks under the ceiling."""

from __future__ import annotations

import numpy as np
import pytest

from generator.master.limiter import CEILING_DBTP, Limiter, true_peak_envelope

SR = 44100


def _limit(x: np.ndarray, blocks: list[int]) -> tuple[np.ndarray, Limiter]:
    lim = Limiter(SR, x.shape[1])
    out, pos = [], 0
    for b in blocks:
        out.append(lim.process(x[pos : pos + b]))
        pos += b
    out.append(lim.flush())
    return np.concatenate(out), lim


@pytest.fixture
def loud() -> np.ndarray:
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3 * SR, 2)).astype(np.float32) * 0.25
    x[SR : SR + 500] *= 6  # a burst far over the ceiling
    return x


def test_limiter_keeps_length_and_is_block_size_independent(loud: np.ndarray) -> None:
    whole, _ = _limit(loud, [len(loud)])
    pieces, _ = _limit(loud, [1, 999, 4410, 77777, len(loud) - 83187])
    assert len(whole) == len(loud)
    np.testing.assert_array_equal(whole, pieces)


def test_limiter_holds_the_true_peak_ceiling(loud: np.ndarray) -> None:
    out, lim = _limit(loud, [8192] * (len(loud) // 8192 + 1))
    ceiling = 10 ** (CEILING_DBTP / 20)
    assert true_peak_envelope(out).max() <= ceiling * 1.003  # 0.03 dB of estimate slack
    assert lim.min_gain < 0.5


def test_quiet_audio_passes_untouched() -> None:
    x = (np.sin(np.arange(SR) * 2 * np.pi * 440 / SR) * 0.3).astype(np.float32)[:, None]
    out, lim = _limit(x, [1000] * 45)
    np.testing.assert_array_equal(out, x)
    assert lim.min_gain == 1.0


def test_gain_changes_smoothly(loud: np.ndarray) -> None:
    out, _ = _limit(loud, [len(loud)])
    ratio = np.abs(out[:, 0]) / np.maximum(np.abs(loud[:, 0]), 1e-6)
    big = np.abs(loud[:, 0]) > 0.05
    steps = np.abs(np.diff(ratio[big]))
    assert steps.max() < 0.05  # no sudden gain jumps (clicks)
