"""What every bed shares: sequential reads over fixed internal chunks, and loudness arithmetic.

A bed produces audio in chunks of a size *it* chooses and ``read(n)`` only slices them, so the
samples never depend on the caller's block sizes (the two mastering passes read differently).
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np
from scipy import signal

from generator.master.loudness import k_weighting_power
from generator.mix.levels import BED_REFERENCE_LUFS

_LUFS_OFFSET = -0.691


class Bed:
    """A sequential float32 stream of shape (n, channels); subclasses implement ``_produce``."""

    name = "bed"

    def __init__(self, sample_rate: int, channels: int) -> None:
        if channels < 1:
            raise ValueError(f"channels must be >= 1, not {channels}")
        self.sample_rate = sample_rate
        self.channels = channels
        self._chunks: deque[np.ndarray] = deque()
        self._head = 0  # samples of _chunks[0] already read
        self.position = 0  # samples read so far

    def _produce(self) -> np.ndarray:
        """The next chunk, float32 (m, channels); m may be 0 (e.g. a resampler warming up)."""
        raise NotImplementedError

    def read(self, n: int) -> np.ndarray:
        """The next ``n`` samples, continuing where the previous read stopped."""
        out = np.empty((n, self.channels), dtype=np.float32)
        filled = 0
        while filled < n:
            if not self._chunks:
                chunk = self._produce()
                if len(chunk):
                    self._chunks.append(chunk)
                continue
            chunk = self._chunks[0]
            take = min(n - filled, len(chunk) - self._head)
            out[filled : filled + take] = chunk[self._head : self._head + take]
            filled += take
            self._head += take
            if self._head == len(chunk):
                self._chunks.popleft()
                self._head = 0
        self.position += n
        return out

    def power(self, t: np.ndarray) -> np.ndarray:
        """Expected K-weighted power (summed over channels) around output times ``t`` (s).

        Beds know their own design (calibration, slow envelopes), so the renderer can predict a
        track's loudness without playing it. This default suits a steady bed at the reference."""
        return np.full(np.shape(t), reference_power())

    def skip(self, n: int, block: int = 65536) -> None:
        """Read and discard ``n`` samples (used to let filters settle before the first read)."""
        while n > 0:
            self.read(min(n, block))
            n -= block


class Silence(Bed):
    """The ``none`` bed: zeros, so the mixer needs no special case."""

    name = "none"

    def power(self, t: np.ndarray) -> np.ndarray:
        return np.zeros(np.shape(t))

    def _produce(self) -> np.ndarray:
        return np.zeros((8192, self.channels), dtype=np.float32)


def reference_power() -> float:
    """The K-weighted power (summed over channels) of a bed at BED_REFERENCE_LUFS."""
    return 10.0 ** ((BED_REFERENCE_LUFS - _LUFS_OFFSET) / 10.0)


def lufs_from_power(total_power: float) -> float:
    """Loudness of a stationary signal whose K-weighted power, summed over channels, is given."""
    return _LUFS_OFFSET + 10.0 * math.log10(total_power) if total_power > 0 else -math.inf


def gain_to_reference(lufs: float) -> float:
    """Linear gain that moves ``lufs`` to BED_REFERENCE_LUFS."""
    return 10.0 ** ((BED_REFERENCE_LUFS - lufs) / 20.0)


def filtered_noise_power(
    sos: np.ndarray, rate: float, out_rate: float, other: np.ndarray | None = None
) -> float:
    """K-weighted power (at ``out_rate``) of unit white noise at ``rate`` through ``sos``.

    With ``other``, the K-weighted cross power of the two filters' outputs from the same noise.
    Band-limited resampling preserves power, so the K-weighting is simply evaluated at the
    frequencies the noise occupies (below ``rate / 2``).
    """
    freqs = np.linspace(0.0, rate / 2.0, 1 << 15)
    _, h = signal.sosfreqz(sos, worN=freqs, fs=rate)
    if other is None:
        spectrum = np.abs(h) ** 2
    else:
        _, h2 = signal.sosfreqz(other, worN=freqs, fs=rate)
        spectrum = np.real(h * np.conj(h2))
    weighted = spectrum * k_weighting_power(freqs, out_rate)
    # mean over the uniform grid by the trapezoid rule: the power of unit white noise is 1
    return float((weighted.sum() - 0.5 * (weighted[0] + weighted[-1])) / (len(freqs) - 1))


def pinking_sos(rate: float, low: float = 20.0, pairs: int = 3, ratio: float = 6.0) -> np.ndarray:
    """A -3 dB/octave slope from ``low`` up to ``low * ratio**pairs / sqrt(ratio)`` Hz.

    Alternating real poles and zeros, spaced evenly in log frequency (pre-warped so they land
    where intended at this sample rate); flat again above the last zero.
    """
    poles_hz = low * ratio ** np.arange(pairs)
    zeros_hz = poles_hz * math.sqrt(ratio)

    def warp(f: np.ndarray) -> np.ndarray:
        return -2.0 * rate * np.tan(np.pi * np.minimum(f, 0.45 * rate) / rate)

    z, p, k = signal.bilinear_zpk(warp(zeros_hz), warp(poles_hz), 1.0, rate)
    sos = signal.zpk2sos(z, p, k)
    _, h = signal.sosfreqz(sos, worN=[low], fs=rate)
    sos[0, :3] /= abs(h[0])  # unit gain at ``low``
    return sos


def lift_sos(rate: float, zero_hz: float, pole_hz: float) -> np.ndarray:
    """A gentle shelf: flat below ``zero_hz``, rising 6 dB/octave to ``pole_hz``, flat above
    (``20 log10(pole / zero)`` dB higher), unit gain at the bottom. It lets a deep bed reach a
    phone's speaker, which plays little below about 250 Hz."""

    def warp(f: np.ndarray) -> np.ndarray:
        return -2.0 * rate * np.tan(np.pi * np.minimum(f, 0.45 * rate) / rate)

    z, p, _ = signal.bilinear_zpk(warp(np.array([zero_hz])), warp(np.array([pole_hz])), 1.0, rate)
    sos = signal.zpk2sos(z, p, 1.0)
    _, h = signal.sosfreqz(sos, worN=[1.0], fs=rate)
    sos[0, :3] /= abs(h[0])
    return sos


def merge_sos(parts: tuple[np.ndarray, ...]) -> np.ndarray:
    """One cascade from several: poles paired afresh, so odd-order parts share sections
    (filtering cost is per section)."""
    z, p, k = signal.sos2zpk(np.vstack(parts))
    drop = min(int(np.sum(z == 0)), int(np.sum(p == 0)))  # padding of first-order sections
    z = np.concatenate((z[z != 0], np.zeros(int(np.sum(z == 0)) - drop)))
    p = np.concatenate((p[p != 0], np.zeros(int(np.sum(p == 0)) - drop)))
    return signal.zpk2sos(z, p, k)


def white_noise(rng: np.random.Generator, channels: int, n: int) -> np.ndarray:
    """Cheap unit-variance white noise, shape (channels, n): random bytes, scaled.

    A uniform 8-bit source is white like a Gaussian one, and after the colouring filters (sums of
    thousands of samples) Gaussian in distribution too, at a fraction of the cost. Its mean of
    -0.5 LSB is removed by the high-pass every noise bed has.
    """
    raw = np.frombuffer(rng.bytes(channels * n), dtype=np.int8).reshape(channels, n)
    x = raw.astype(np.float32)
    x *= np.float32(1.0 / math.sqrt(5461.25))  # the variance of a uniform byte
    return x


def decorrelate(x: np.ndarray, correlation: float) -> np.ndarray:
    """Mix two independent channels to a given correlation, keeping each channel's power."""
    if x.shape[0] != 2:
        return x
    theta = 0.5 * math.asin(correlation)
    c, s = np.float32(math.cos(theta)), np.float32(math.sin(theta))
    return np.stack((c * x[0] + s * x[1], c * x[1] + s * x[0]))
