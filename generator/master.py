"""Mastering: one gain to the loudness target, then a look-ahead true-peak limiter.

Streaming and block-size independent: the limiter keeps a little context between calls and
delays its output by ``window`` samples, which ``flush`` returns at the end, so the output has
exactly as many samples as the input.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import resample_poly

TARGET_LUFS = -16.0
CEILING_DBTP = (
    -1.5
)  # before encoding; MP3 encoding can raise peaks a little, the track must stay ≤ -1
LIMIT_WINDOW_S = 0.02  # look-ahead, attack and release of the limiter
OVERSAMPLE = 4  # true-peak detection as in ITU-R BS.1770
_SAFE_BELOW = 0.5  # samples under half the ceiling cannot produce an over worth checking


def master_gain(measured_lufs: float, target_lufs: float = TARGET_LUFS) -> float:
    """Linear gain that brings a mix measured at ``measured_lufs`` to the target."""
    if not np.isfinite(measured_lufs):
        return 1.0
    return float(10.0 ** ((target_lufs - measured_lufs) / 20.0))


def true_peak_envelope(x: np.ndarray) -> np.ndarray:
    """Per-sample true-peak estimate (max over channels and the 4× oversampled neighbourhood).

    Only regions whose sample peak is near the ceiling are oversampled: the rest cannot exceed it
    and are returned as their sample peak, which keeps an hour's limiting cheap.
    """
    peak = np.max(np.abs(x), axis=1)
    hot = np.flatnonzero(peak > _SAFE_BELOW * 10 ** (CEILING_DBTP / 20))
    if hot.size == 0:
        return peak
    pad = 24
    runs = np.split(hot, np.flatnonzero(np.diff(hot) > 2 * pad) + 1)
    out = peak.copy()
    for run in runs:
        lo, hi = max(0, run[0] - pad), min(len(x), run[-1] + pad + 1)
        up = resample_poly(x[lo:hi], OVERSAMPLE, 1, axis=0)
        tp = np.max(np.abs(up), axis=1)[: (hi - lo) * OVERSAMPLE].reshape(hi - lo, OVERSAMPLE)
        out[lo:hi] = np.maximum(out[lo:hi], tp.max(axis=1))
    return out


class Limiter:
    """Look-ahead peak limiter: gain never exceeds what the ceiling requires at any sample.

    gain = moving average (backward, W) of moving minimum (forward, W) of the required gain.
    Every average term's window contains the sample itself, so the gain there is ≤ required.
    """

    def __init__(self, sample_rate: int, channels: int, ceiling_dbtp: float = CEILING_DBTP) -> None:
        self.w = max(2, round(LIMIT_WINDOW_S * sample_rate))
        self.ceiling = 10 ** (ceiling_dbtp / 20)
        self.hist = np.zeros((2 * self.w, channels), dtype=np.float32)
        self.pending = np.zeros((0, channels), dtype=np.float32)
        self.min_gain = 1.0

    def process(self, block: np.ndarray) -> np.ndarray:
        x = np.concatenate([self.hist, self.pending, block.astype(np.float32, copy=False)])
        ctx = len(self.hist)
        ready = len(x) - self.w + 1  # samples [ctx, ready) have their look-ahead
        if ready <= ctx:
            self.pending = x[ctx:]
            return x[:0]
        need = np.minimum(1.0, self.ceiling / np.maximum(true_peak_envelope(x), 1e-12))
        if need.min() >= 1.0:
            gain = np.ones(ready - ctx)
        else:
            w = self.w
            fwd_min = minimum_filter1d(need, size=w, origin=-(w // 2), mode="nearest")
            # backward average over [i-w+1, i]
            gain = uniform_filter1d(fwd_min, size=w, origin=(w - 1) // 2, mode="nearest")[ctx:ready]
            gain = np.minimum(gain, need[ctx:ready])
        self.min_gain = min(self.min_gain, float(gain.min()))
        y = x[ctx:ready] * gain[:, None].astype(np.float32)
        self.hist = x[:ready][-2 * self.w :]
        self.pending = x[ready:]
        return y

    def flush(self) -> np.ndarray:
        """The delayed tail: exactly the samples not yet returned."""
        n = len(self.pending)
        if n == 0:
            return self.pending
        tail = self.process(np.zeros((self.w, self.pending.shape[1]), dtype=np.float32))
        return tail[:n]
