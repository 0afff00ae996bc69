"""An engine's clip made ready for the mix: near-silence trimmed from its ends, resampled to the
output rate, brought to ``VOICE_LUFS``, its true peaks held under ``VOICE_MAX_PLR_DB`` above its
loudness, and faded at both ends so a cut never clicks. The result is cached by the render
(keyed by the clip's samples), so a warm render repeats none of this."""

from __future__ import annotations

import numpy as np

from generator.master.limiter import (
    limiter_window,
    lone_clip_gain,
    oversampled_peak,
    peak_db,
    true_peak_db,
)
from generator.master.loudness import integrated_loudness
from generator.mix.ducking import raised_cosine
from generator.mix.levels import VOICE_LUFS

VOICE_MAX_PLR_DB = 12.0  # a clip's true peak at most this far over its loudness
MAX_CAP_DB = 24.0  # the capping search never limits a clip deeper than this
TRIM_BELOW = 10 ** (-40 / 20)  # relative to a clip's peak: quieter ends count as silence
CLIP_FADE_S = 0.006  # fade on each clip's ends so a cut never clicks
DEESS_MARGIN_DB = 4.0  # "s" sounds are held this far under the voice's level (after the cap)


def fade_clip(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """A copy of a mono clip with short raised-cosine fades at both ends."""
    out = np.array(samples, dtype=np.float32)
    n = min(round(CLIP_FADE_S * sample_rate), len(out) // 2)
    if n > 0:
        ramp = raised_cosine((np.arange(n) + 0.5) / n).astype(np.float32)
        out[:n] *= ramp
        out[-n:] *= ramp[::-1]
    return out


def prepare_clip(samples: np.ndarray, rate: int, sample_rate: int) -> np.ndarray:
    """An engine's clip made ready for the mix: trimmed, resampled, brought to ``VOICE_LUFS``,
    its peaks capped, de-essed, and faded at both ends.

    The de-esser runs after the cap: the cap limits a clip's vowel peaks (by ~6 dB, up to 13)
    and makes the loss up over the whole clip, which lifts its "s" sounds out of the voice; run
    after it, with the threshold ``DEESS_MARGIN_DB`` under the voice's own level, every voice
    lands alike (docs/listening.md)."""
    import soxr

    from generator.speech.deess import deess

    x = trim_silence(np.asarray(samples, dtype=np.float32), rate)
    if rate != sample_rate:
        x = soxr.resample(x, rate, sample_rate, quality="HQ").astype(np.float32)
    x = to_voice_level(x, sample_rate)
    x = deess(cap_peak_to_loudness(x, sample_rate, VOICE_MAX_PLR_DB), sample_rate,
              margin_db=DEESS_MARGIN_DB)  # fmt: skip
    return fade_clip(to_voice_level(x, sample_rate), sample_rate)


def to_voice_level(x: np.ndarray, sample_rate: int) -> np.ndarray:
    """``x`` with its loudness brought to ``VOICE_LUFS`` (silence left as it is)."""
    lufs = clip_loudness(x, sample_rate)
    return x * np.float32(10 ** ((VOICE_LUFS - lufs) / 20)) if np.isfinite(lufs) else x


def clip_loudness(x: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness of a clip; one shorter than a 400 ms gating block is repeated to
    fill one, so a single short word still measures."""
    min_len = round(0.4 * sample_rate)
    probe = np.tile(x, -(-min_len // len(x))) if 0 < len(x) < min_len else x
    return integrated_loudness(probe, sample_rate)


def trim_silence(x: np.ndarray, rate: int) -> np.ndarray:
    """Drop an engine's leading and trailing near-silence, so a cue is heard at its planned time
    (10 ms kept before the first sound, 50 ms after the last)."""
    if len(x) == 0:
        return x
    loud = np.flatnonzero(np.abs(x) > np.abs(x).max() * TRIM_BELOW)
    if loud.size == 0:
        return x
    start = max(0, loud[0] - round(0.01 * rate))
    end = min(len(x), loud[-1] + 1 + round(0.05 * rate))
    return x[start:end]


def cap_peak_to_loudness(x: np.ndarray, sample_rate: int, max_plr_db: float) -> np.ndarray:
    """Limit a clip's true peaks to ``max_plr_db`` over ``VOICE_LUFS`` while keeping it at
    ``VOICE_LUFS``: limit at a threshold, make up the lost loudness, and move the threshold
    (secant steps) until the made-up peaks land on the ceiling.

    The clip's 4x oversampled envelope is computed once: a limited clip's true peak is that
    envelope times the limiter's gain (which changes far slower than the interpolation filter
    spans), so each step costs a gain curve and a loudness reading, not two oversamplings.
    The result is checked against its exact true peak at the end."""
    ceiling = VOICE_LUFS + max_plr_db
    if len(x) == 0:
        return x
    env = oversampled_peak(x[:, None])
    if peak_db(float(env.max())) <= ceiling + 0.05:
        return x
    w = limiter_window(sample_rate)

    def attempt(threshold: float) -> tuple[np.ndarray, float]:
        """The clip limited at ``threshold`` and made up to VOICE_LUFS; how far its estimated
        true peak then sits over the ceiling."""
        gain = lone_clip_gain(env, threshold, w)
        y = x * gain
        lufs = clip_loudness(y, sample_rate)
        up = np.float32(10 ** ((VOICE_LUFS - lufs) / 20)) if np.isfinite(lufs) else np.float32(1)
        return y * up, peak_db(float((env * gain).max() * up)) - ceiling

    t0 = ceiling - 0.1
    y0, f0 = attempt(t0)
    tried = [(f0, y0)]
    t1 = t0 - f0 - 0.1
    for _ in range(5):
        if -0.3 <= f0 <= -0.02:  # 0.02 dB: room for the estimate's error
            break
        y1, f1 = attempt(t1)
        slope = (f1 - f0) / (t1 - t0) if t1 != t0 else 1.0
        t0, y0, f0 = t1, y1, f1
        t1 = max(t1 - (f1 + 0.1) / max(slope, 0.05), ceiling - MAX_CAP_DB)
        tried.append((f0, y0))
    else:  # no landing: the attempt nearest under the ceiling, else the least over it
        under = [pair for pair in tried if pair[0] <= 0.0]
        f0, y0 = max(under, key=_first) if under else min(tried, key=_first)
    over = true_peak_db(y0) - ceiling
    if over <= 0.0:
        return y0
    # a clip too dense to hold both its loudness and the ceiling (its loudness gives), or
    # peaks the estimate missed: limit what is left, a little under the ceiling, because a gain
    # that changes within a few samples can lift an inter-sample peak over the threshold
    return y0 * lone_clip_gain(oversampled_peak(y0[:, None]), ceiling - min(max(over, 0.1), 0.5), w)


def _first(pair: tuple[float, np.ndarray]) -> float:
    return pair[0]
