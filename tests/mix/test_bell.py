"""The bell: a soft onset, an exact -6 dBFS peak, a long decay, a clean end."""

from __future__ import annotations

import numpy as np
import pytest

from generator.mix.bell import ATTACK_SECONDS, BELL_PEAK_DBFS, RING_SECONDS, bell_tone

RATES = [22050, 44100, 48000]


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("strikes", [1, 3])
def test_peak_is_minus_6_dbfs(rate: int, strikes: int) -> None:
    x = bell_tone(rate, strikes)
    assert x.dtype == np.float32 and x.ndim == 1
    assert 20 * np.log10(np.abs(x).max()) == pytest.approx(BELL_PEAK_DBFS, abs=1e-5)


@pytest.mark.parametrize("rate", RATES)
def test_soft_attack(rate: int) -> None:
    x = np.abs(bell_tone(rate))
    peak = x.max()
    assert x[0] == 0.0
    assert x[: round(0.010 * rate)].max() < 0.35 * peak  # first 10 ms well below the peak
    assert x[: round(0.002 * rate)].max() < 0.02 * peak  # and no transient at all at the start
    assert np.argmax(x) > ATTACK_SECONDS * rate * 0.8


@pytest.mark.parametrize("rate", RATES)
def test_decays_and_ends_at_zero(rate: int) -> None:
    x = np.abs(bell_tone(rate)).astype(np.float64)
    assert len(x) == round(RING_SECONDS * rate)
    seconds = [x[round(s * rate) : round((s + 0.5) * rate)].max() for s in range(7)]
    assert all(b < a for a, b in zip(seconds, seconds[1:], strict=False))  # keeps decaying
    assert 20 * np.log10(seconds[-1] / x.max()) < -45  # near silence by 6-6.5 s
    assert x[-1] == 0.0


def test_strikes_are_spaced_and_overlap() -> None:
    rate = 44100
    x = np.abs(bell_tone(rate, strikes=3, spacing=4.0))
    assert len(x) == round((8.0 + RING_SECONDS) * rate)
    for k in (1, 2):  # each later strike re-raises the level well above the decaying tail
        before = x[round((4 * k - 0.1) * rate) : round(4 * k * rate)].max()
        after = x[round(4 * k * rate) : round((4 * k + 0.2) * rate)].max()
        assert after > 2 * before


def test_deterministic() -> None:
    assert np.array_equal(bell_tone(44100, 2, 3.0), bell_tone(44100, 2, 3.0))


def test_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        bell_tone(44100, strikes=0)
    with pytest.raises(ValueError):
        bell_tone(44100, spacing=0.0)
