"""The look-ahead true-peak limiter that holds the mastered track under its ceiling.

Streaming and block-size independent: the limiter keeps a little context between calls and
delays its output by ``window`` samples, which ``flush`` returns at the end, so the output has
exactly as many samples as the input.
"""

from __future__ import annotations

import functools

import numpy as np
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import firwin, upfirdn

# before encoding: MP3 encoding raises peaks by up to about 1 dB, and the track must stay ≤ -1
CEILING_DBTP = -2.0
LIMIT_WINDOW_S = 0.02  # look-ahead, attack and release of the limiter
OVERSAMPLE = 4  # true-peak detection as in ITU-R BS.1770
_CHECK_BELOW_DB = 4.0  # sample peaks this far under the ceiling are not oversampled


@functools.cache
def _oversampling_filter() -> tuple[np.ndarray, int]:
    """The 4× interpolation filter (as scipy's resample_poly designs it) and its delay."""
    half = 10 * OVERSAMPLE
    taps = firwin(2 * half + 1, 1.0 / OVERSAMPLE, window=("kaiser", 5.0)) * OVERSAMPLE
    return taps.astype(np.float32), half


@functools.cache
def detector_gain_bound() -> float:
    """The most the oversampled peak can exceed the sample peak: the largest sum of |taps| of
    any of the filter's phases. A block whose sample peak times this is under the ceiling
    cannot need limiting, so the limiter skips its analysis."""
    h, _ = _oversampling_filter()
    return float(max(np.abs(h[k::OVERSAMPLE]).sum() for k in range(OVERSAMPLE)))


def _column_max(a: np.ndarray) -> np.ndarray:
    """Row-wise max of a narrow 2-D array (numpy reduces a short inner axis slowly)."""
    out = a[:, 0].copy()
    for c in range(1, a.shape[1]):
        np.maximum(out, a[:, c], out=out)
    return out


def oversampled_peak(x: np.ndarray) -> np.ndarray:
    """Per-sample max |x| over the 4× oversampled signal, aligned with ``x``."""
    h, delay = _oversampling_filter()
    up = upfirdn(h, x.astype(np.float32, copy=False), up=OVERSAMPLE, axis=0)
    up = np.abs(up[delay : delay + len(x) * OVERSAMPLE])
    return _column_max(up.reshape(len(x), OVERSAMPLE * x.shape[1]))


def peak_db(linear: float) -> float:
    """A peak amplitude in dB (floored at -200 dB for silence)."""
    return 20 * float(np.log10(max(linear, 1e-10)))


def limiter_window(sample_rate: int) -> int:
    """The limiter's look-ahead, attack and release, in samples."""
    return max(2, round(LIMIT_WINDOW_S * sample_rate))


def true_peak_db(x: np.ndarray) -> float:
    """The true peak of a short signal (mono 1-D or (n, channels)), in dBTP."""
    x2 = x[:, None] if x.ndim == 1 else x
    if len(x2) == 0:
        return -200.0
    return peak_db(float(oversampled_peak(x2).max()))


def true_peak_envelope(x: np.ndarray, ceiling_dbtp: float = CEILING_DBTP) -> np.ndarray:
    """Per-sample true-peak estimate (max over channels and the 4× oversampled neighbourhood).

    Only regions whose sample peak is within ``_CHECK_BELOW_DB`` of the ceiling are oversampled:
    elsewhere an inter-sample peak could not reach the ceiling in real audio, and the sample peak
    is returned. That keeps an hour's limiting cheap.
    """
    peak = _column_max(np.abs(x))
    hot = np.flatnonzero(peak > 10 ** ((ceiling_dbtp - _CHECK_BELOW_DB) / 20))
    if hot.size == 0:
        return peak
    pad = 32
    if hot.size > len(x) // 8:
        return np.maximum(peak, oversampled_peak(x))
    # Oversample every hot region in one call: regions laid end to end, zeros between them
    # (longer than the filter) so none leaks into another.
    breaks = np.flatnonzero(np.diff(hot) > 4 * pad) + 1
    starts = np.maximum(hot[np.r_[0, breaks]] - pad, 0)
    ends = np.minimum(hot[np.r_[breaks - 1, -1]] + pad + 1, len(x))
    gap = np.zeros((pad, x.shape[1]), dtype=x.dtype)
    pieces = []
    for lo, hi in zip(starts, ends, strict=True):
        pieces += [x[lo:hi], gap]
    over = oversampled_peak(np.concatenate(pieces))
    out = peak.copy()
    pos = 0
    for lo, hi in zip(starts, ends, strict=True):
        out[lo:hi] = np.maximum(out[lo:hi], over[pos : pos + hi - lo])
        pos += hi - lo + pad
    return out


def limiter_gain(need: np.ndarray, w: int) -> np.ndarray:
    """The limiter's gain for a run of required gains: the moving minimum over the next ``w``
    samples, averaged over the last ``w``, and never over what a sample itself requires."""
    fwd_min = minimum_filter1d(need, size=w, origin=-(w // 2), mode="nearest")
    gain = uniform_filter1d(fwd_min, size=w, origin=(w - 1) // 2, mode="nearest")
    return np.minimum(gain, need)


def lone_clip_gain(envelope: np.ndarray, ceiling_dbtp: float, w: int) -> np.ndarray:
    """The limiter's gain over a clip with silence on both sides, from the clip's true-peak
    envelope (one value per sample, or per step of samples with ``w`` counted in steps)."""
    need = np.minimum(1.0, 10 ** (ceiling_dbtp / 20) / np.maximum(envelope, 1e-12))
    ones = np.ones(w, dtype=need.dtype)
    return limiter_gain(np.concatenate([ones, need, ones]), w)[w:-w].astype(np.float32)


class Limiter:
    """Look-ahead peak limiter: gain never exceeds what the ceiling requires at any sample.

    gain = moving average (backward, W) of moving minimum (forward, W) of the required gain.
    Every average term's window contains the sample itself, so the gain there is ≤ required.
    """

    def __init__(self, sample_rate: int, channels: int, ceiling_dbtp: float = CEILING_DBTP) -> None:
        self.w = limiter_window(sample_rate)
        self.ceiling_db = ceiling_dbtp
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
        if float(np.abs(x).max(initial=0.0)) * detector_gain_bound() <= self.ceiling:
            need = None  # nothing here can reach the ceiling: most blocks of a calm track
        else:
            need = np.minimum(
                1.0, self.ceiling / np.maximum(true_peak_envelope(x, self.ceiling_db), 1e-12)
            )
        if need is None or need.min() >= 1.0:
            y = x[ctx:ready].copy()
        else:
            gain = limiter_gain(need, self.w)[ctx:ready]
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
