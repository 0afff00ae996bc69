"""The mastering gain: the one gain that lands the mix on its target, limiter included."""

from __future__ import annotations

import pytest

from generator.master.gain import TARGET_LUFS, mastering_gain


def test_without_limiting_the_gain_is_the_distance_to_the_target() -> None:
    assert mastering_gain(-22.0, lambda gain: -22.0) == pytest.approx(6.0)
    assert mastering_gain(-10.0, lambda gain: -10.0, target=-19.0) == pytest.approx(-9.0)


def test_silence_gets_no_gain() -> None:
    assert mastering_gain(float("-inf"), lambda gain: float("-inf")) == 0.0


def test_the_gain_makes_up_what_the_limiter_takes_back() -> None:
    """A limiter that takes 0.3 dB of loudness for every dB of gain over 4 dB: the solved gain
    lands the limited mix on the target within the tolerance."""

    def limited(gain: float) -> float:
        return -26.0 - 0.3 * max(gain - 4.0, 0.0)

    gain = mastering_gain(-26.0, limited)
    assert limited(gain) + gain == pytest.approx(TARGET_LUFS, abs=0.02)
    assert gain > 10.0
