"""A split-band de-esser for TTS voice clips: soften the "s" sounds that stand out of the voice.

Runs per clip during clip preparation (``generator.speech.prepare.prepare_clip``: after the clip
is resampled, brought to the voice's level and peak-capped, with a 4 dB margin) on mono float32;
the result is cached with the prepared clip. Pure numpy/scipy, no
state, deterministic (the same samples in, the same samples out).

How it works (zero phase throughout, so nothing moves in time and the bands add back exactly):

1. Split. One FFT of the zero-padded clip. The *high band* is everything above a raised-cosine
   crossover from 3.8 to 4.8 kHz, up to Nyquist. The output is ``x - (1 - g) * high``: where the
   gain ``g`` is 1 the clip comes back sample for sample, and below 3.8 kHz it is never touched.
2. The voice's own level. The clip's 0.3-3 kHz band (the same spectrum, inverse-transformed at a
   low sample rate), its 20 ms mean squares, averaged over those within 20 dB of the loudest:
   the level of the clip's vowels. The threshold sits ``MARGIN_DB`` (22 dB) under it.
3. Detector. The high band's mean square over 5 ms (centred), every millisecond, and the same
   for the rest of the clip (below the crossover).
4. Gain. Where the high band is over the threshold it is turned down by as much as it exceeds it
   (infinite ratio, a soft knee ``KNEE_DB`` wide under the threshold, at most ``MAX_CUT_DB``),
   but only as far as it stands out of the rest of the clip at that moment (``LOCAL_DB``): a
   vowel's own high partials keep their air, an "s" (which is mostly high band) is cut.
5. Smoothing. The cut (in dB) takes the deepest value from ``ATTACK_S`` ahead to ``RELEASE_S``
   behind (look-ahead, then hold) and a Hann window of about ``2 * ATTACK_S`` smooths it: the
   gain begins to fall 4-8 ms before an "s" and rises again over ~20 ms after it, without steps.
   What is taken away is the high band times a slowly moving gain, so it has no energy below
   about 3.5 kHz: no clicks, no zipper noise.

Why the margin is 22 dB: the prepared clip is later peak-capped (``mix.cap_peak_to_loudness``),
which limits a TTS clip's vowel peaks by ~6 dB (up to ~13 dB) and makes the loss up over the
whole clip, so an "s" stands 5-16 dB further out of the voice stem than out of the engine's
clip. 22 dB here puts every shipped session at -11.8 dB or under on the voice stem (Piper en
-11.8 to -14.9, espeak-ng en -15.3, es -18.7; docs/listening.md). Run after the cap instead
(on the prepared clip), ``margin_db=4`` gives -12.9 to -14.5 for all three voices alike (measured
on each voice's clips of the shipped sessions).

Cost: about 1.5 ms of CPU per second of 22.05 kHz audio in sentence-long clips (2.8 ms at
44.1 kHz): three FFTs and a few passes over the clip.
"""

from __future__ import annotations

import numpy as np
from scipy import fft as sfft
from scipy.ndimage import maximum_filter1d

CROSSOVER_HZ = (3800.0, 4800.0)  # raised-cosine crossover to the high band (up to Nyquist)
REFERENCE_HZ = (300.0, 3000.0)  # the band that sets the voice's own level
REFERENCE_EDGE = 0.2  # its edges: raised cosines 20 % wide (240-300 Hz, 3000-3600 Hz)
REFERENCE_S = 0.020  # the voice's level: 20 ms mean squares of the reference band ...
VOICED_DB = 20.0  # ... averaged over those within 20 dB of the loudest (vowels, not pauses)
MARGIN_DB = 22.0  # threshold: this far under the voice's own level (see the module's doc)
KNEE_DB = 6.0  # the cut begins this far under the threshold; above it the band is held
#                3 dB under the threshold (an infinite ratio with a soft knee)
MAX_CUT_DB = 30.0
# only where the high band stands out of the rest of the clip at that moment: no cut while it is
# 14 dB or more under the rest (99 % of vowel frames of the shipped voices), the full cut from
# 6 dB under it (99 % of their sibilant frames lie above)
LOCAL_DB = (-14.0, -6.0)
DETECT_S = 0.005  # detector window (centred)
STEP_S = 0.001  # gain computed every millisecond
ATTACK_S = 0.004  # look-ahead, and the smoothing window
RELEASE_S = 0.020  # hold after the loudest point of an "s"
PAD_S = 0.010  # zero padding around the clip for the FFT filters (their responses are short)
TINY = 1e-20


def _ramp(n: int) -> np.ndarray:
    """``n`` values of a half cosine rising from 0 towards 1 (both ends excluded)."""
    return (0.5 - 0.5 * np.cos(np.pi * (np.arange(n) + 1) / (n + 1))).astype(np.float32)


def _bin(freq: float, size: int, sample_rate: int) -> int:
    return min(size // 2 + 1, max(0, int(np.ceil(freq * size / sample_rate))))


def _windowed_means(x: np.ndarray, width: int, at: np.ndarray) -> np.ndarray:
    """Mean of ``x`` over ``width`` samples centred on each index in ``at`` (zeros outside)."""
    c = np.concatenate([[0.0], np.cumsum(x, dtype=np.float64)])
    lo = np.clip(at - width // 2, 0, len(x))
    hi = np.clip(at - width // 2 + width, 0, len(x))
    return (c[hi] - c[lo]) / max(1, width)


def _voice_level(spec: np.ndarray, size: int, sample_rate: int) -> float:
    """Energy level of the voice in 0.3-3 kHz (see REFERENCE_S and VOICED_DB), from the clip's
    spectrum: an inverse FFT of only the bins below the band's top gives the band at a lower
    sample rate, which is all a level needs."""
    lo, hi = REFERENCE_HZ
    b0, b1 = _bin(lo * (1 - REFERENCE_EDGE), size, sample_rate), _bin(lo, size, sample_rate)
    b2, b3 = _bin(hi, size, sample_rate), _bin(hi * (1 + REFERENCE_EDGE), size, sample_rate)
    band = spec[: b3 + 1].copy()
    band[:b0] = 0
    band[b0:b1] *= _ramp(b1 - b0)
    band[b2:b3] *= _ramp(b3 - b2)[::-1]
    band[b3:] = 0
    m = 2 * b3  # output length: the band at sample_rate * m / size
    rate = sample_rate * m / size
    y = sfft.irfft(band, m) * np.float32(m / size)
    width = max(1, round(REFERENCE_S * rate))
    level = _windowed_means(y.astype(np.float64) ** 2, width, np.arange(0, m, max(1, width // 4)))
    loudest = float(level.max(initial=0.0))
    if loudest <= TINY:
        return 0.0
    return float(level[level >= loudest * 10 ** (-VOICED_DB / 10)].mean())


def deess(x: np.ndarray, sample_rate: int, *, margin_db: float | None = None) -> np.ndarray:
    """``x`` (mono float32) with its sibilance softened; same length, float32.

    ``margin_db``: how far under the voice's own level the high band may stand before it is cut
    (default ``MARGIN_DB``, tuned for running before the clip's peak cap; see the module doc)."""
    margin = MARGIN_DB if margin_db is None else margin_db
    x = np.asarray(x, dtype=np.float32)
    n = len(x)
    if n == 0 or sample_rate / 2 <= CROSSOVER_HZ[1] or not np.any(x):
        return x.copy()
    pad = round(PAD_S * sample_rate)
    size = sfft.next_fast_len(n + 2 * pad, real=True)
    padded = np.zeros(size, dtype=np.float32)
    padded[pad : pad + n] = x
    spec = sfft.rfft(padded)
    level = _voice_level(spec, size, sample_rate)
    if level <= TINY:
        return x.copy()

    c0, c1 = (_bin(f, size, sample_rate) for f in CROSSOVER_HZ)
    spec[:c0] = 0
    spec[c0:c1] *= _ramp(c1 - c0)
    high = sfft.irfft(spec, size)[pad : pad + n]

    step = max(1, round(STEP_S * sample_rate))
    at = np.arange(0, n, step)
    detect = _windowed_means(high.astype(np.float64) ** 2, round(DETECT_S * sample_rate), at)
    over = 10 * np.log10(np.maximum(detect, TINY) / level) + margin  # dB over the threshold
    knee = np.clip(over + KNEE_DB, 0.0, None)
    cut = np.where(over >= 0, over + KNEE_DB / 2, knee**2 / (2 * KNEE_DB))  # soft knee
    cut = np.minimum(cut, MAX_CUT_DB)
    rest = _windowed_means((x - high).astype(np.float64) ** 2, round(DETECT_S * sample_rate), at)
    ratio = 10 * np.log10(np.maximum(detect, TINY) / np.maximum(rest, TINY))
    cut *= np.clip((ratio - LOCAL_DB[0]) / (LOCAL_DB[1] - LOCAL_DB[0]), 0.0, 1.0)
    if not np.any(cut > 0):
        return x.copy()

    ahead = max(1, round(ATTACK_S / STEP_S))
    behind = max(1, round(RELEASE_S / STEP_S))
    # the deepest cut from `ahead` steps later to `behind` steps earlier: look-ahead and hold
    width = ahead + behind + 1
    held = maximum_filter1d(cut, width, origin=width // 2 - ahead, mode="nearest")
    window = np.hanning(2 * ahead + 3)[1:-1]
    edges = np.pad(held, ahead, mode="edge")
    smooth = np.convolve(edges, window / window.sum(), mode="valid")
    out = x.copy()
    active = np.flatnonzero(smooth > 1e-4)  # steps cut by more than 1e-4 dB
    first = max(0, int(at[active[0]]) - step) if active.size else n
    last = min(n, int(at[active[-1]]) + step + 1) if active.size else n
    if first < last:
        idx = np.arange(first, last)
        gain = np.power(10.0, -np.interp(idx, at, smooth) / 20.0).astype(np.float32)
        out[first:last] -= (1.0 - gain) * high[first:last]
    return out
