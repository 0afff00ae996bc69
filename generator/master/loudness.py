"""Streaming integrated loudness (ITU-R BS.1770-4), in constant memory.

The mixer needs loudness of hour-long signals it only ever sees a few seconds at a time, so the
meter keeps one float per 100 ms sub-block (the K-weighted, channel-weighted energy) instead of the
samples: an hour is 36,000 floats. The K-weighting biquads use the same RBJ formulas as pyloudnorm,
computed for the actual sample rate, so results agree with it (the tests hold us to 0.05 LU).
"""

from __future__ import annotations

import math
from array import array

import numpy as np
from scipy import signal

ABSOLUTE_GATE = -70.0  # LUFS
RELATIVE_GATE = -10.0  # LU below the absolute-gated loudness
_CHANNEL_WEIGHTS = (1.0, 1.0, 1.0, 1.41, 1.41)  # L, R, C, Ls, Rs (BS.1770-4 table 3)
_OFFSET = -0.691


def k_weighting_sos(sample_rate: float) -> np.ndarray:
    """The two K-weighting stages (high shelf, then high pass) as second-order sections."""
    sections = []
    for kind, gain_db, q, fc in (
        ("shelf", 4.0, 1.0 / math.sqrt(2.0), 1500.0),
        ("hp", 0.0, 0.5, 38.0),
    ):
        a_ = 10.0 ** (gain_db / 40.0)
        w0 = 2.0 * math.pi * fc / sample_rate
        cos, alpha = math.cos(w0), math.sin(w0) / (2.0 * q)
        if kind == "shelf":
            sq = 2.0 * math.sqrt(a_) * alpha
            b = [
                a_ * ((a_ + 1) + (a_ - 1) * cos + sq),
                -2 * a_ * ((a_ - 1) + (a_ + 1) * cos),
                a_ * ((a_ + 1) + (a_ - 1) * cos - sq),
            ]
            a = [(a_ + 1) - (a_ - 1) * cos + sq, 2 * ((a_ - 1) - (a_ + 1) * cos)]
            a.append((a_ + 1) - (a_ - 1) * cos - sq)
        else:
            b = [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2]
            a = [1 + alpha, -2 * cos, 1 - alpha]
        sections.append([*(x / a[0] for x in b), 1.0, a[1] / a[0], a[2] / a[0]])
    return np.array(sections)


def k_weighting_power(freqs: np.ndarray, sample_rate: float) -> np.ndarray:
    """|K(f)|^2 at ``freqs`` (Hz): how much of a component's power the meter counts."""
    _, h = signal.sosfreqz(k_weighting_sos(sample_rate), worN=np.asarray(freqs), fs=sample_rate)
    return np.abs(h) ** 2


class LoudnessMeter:
    """Integrated loudness of a stream fed in blocks of any size; ``integrated()`` at any time.

    Only complete 400 ms gating blocks count (as BS.1770 says); pyloudnorm also counts a trailing
    partial block, so for signals whose length is not a whole number of 100 ms steps the two can
    differ slightly on short inputs.
    """

    def __init__(self, sample_rate: int, channels: int) -> None:
        if not 1 <= channels <= len(_CHANNEL_WEIGHTS):
            raise ValueError(f"LoudnessMeter supports 1-5 channels, not {channels}")
        self.sample_rate = sample_rate
        self.channels = channels
        self._sos = k_weighting_sos(sample_rate)
        self._zi = np.zeros((self._sos.shape[0], 2, channels))
        self._weights = np.array(_CHANNEL_WEIGHTS[:channels])
        self._energies = array("d")  # weighted K-energy of each complete 100 ms sub-block
        self._partial = 0.0  # energy of the sub-block being filled
        self._pos = 0  # samples seen
        self._next_edge = self._edge(1)

    def _edge(self, k: int) -> int:
        """Sample index where sub-block ``k`` starts (exact for rates not divisible by 10)."""
        return k * self.sample_rate // 10

    def add(self, block: np.ndarray) -> None:
        """Feed the next ``block`` (shape (n,) for mono or (n, channels)), float in [-1, 1]."""
        x = np.asarray(block, dtype=np.float64)
        if x.ndim == 1:
            x = x[:, None]
        if x.shape[1] != self.channels:
            raise ValueError(f"expected {self.channels} channels, got {x.shape[1]}")
        n = x.shape[0]
        if n == 0:
            return
        y, self._zi = signal.sosfilt(self._sos, x, axis=0, zi=self._zi)
        energy = (y * y) @ self._weights  # per-sample weighted energy, summed over channels
        cuts = []
        while self._next_edge <= self._pos + n:
            cuts.append(self._next_edge - self._pos)
            self._next_edge = self._edge(len(self._energies) + len(cuts) + 1)
        bounds = np.array([0, *cuts, n])
        csum = np.concatenate(([0.0], np.cumsum(energy)))
        sums = csum[bounds[1:]] - csum[bounds[:-1]]
        if cuts:
            self._energies.append(self._partial + float(sums[0]))
            self._energies.extend(sums[1:-1].tolist())
            self._partial = float(sums[-1])
        else:
            self._partial += float(sums[0])
        self._pos += n

    def block_loudness(self) -> np.ndarray:
        """Loudness (LUFS) of every complete 400 ms block, 100 ms apart (momentary loudness)."""
        e = np.frombuffer(self._energies, dtype=np.float64)
        if len(e) < 4:
            return np.empty(0)
        z = (e[:-3] + e[1:-2] + e[2:-1] + e[3:]) / (0.4 * self.sample_rate)
        with np.errstate(divide="ignore"):
            return _OFFSET + 10.0 * np.log10(z)

    def integrated(self) -> float:
        """Gated integrated loudness in LUFS; ``-inf`` for silence or less than 400 ms of input."""
        return gated_loudness(np.frombuffer(self._energies, dtype=np.float64), self.sample_rate)

    def energies(self) -> np.ndarray:
        """The weighted K-energy of every complete 100 ms sub-block so far."""
        return np.array(self._energies, dtype=np.float64)


def subblock_edges(count: int, sample_rate: int) -> np.ndarray:
    """Start samples of 100 ms sub-blocks 0..count (exact for rates not divisible by 10)."""
    return np.arange(count + 1, dtype=np.int64) * sample_rate // 10


def gated_loudness(energies: np.ndarray, sample_rate: int, keep: np.ndarray | None = None) -> float:
    """BS.1770 integrated loudness from the weighted K-energies of consecutive 100 ms
    sub-blocks: 400 ms gating blocks overlapping by 75 %, absolute and relative gates; with
    ``keep`` (a mask over the blocks, block j covering sub-blocks j..j+3), of those blocks only.

    Shared by the streaming meter and the renderer's prediction from per-clip and per-bed
    energies, so both gate exactly alike."""
    e = np.asarray(energies, dtype=np.float64)
    if len(e) < 4:
        return -math.inf
    z = (e[:-3] + e[1:-2] + e[2:-1] + e[3:]) / (0.4 * sample_rate)
    if keep is not None:
        z = z[keep[: len(z)]]
    with np.errstate(divide="ignore"):
        lj = _OFFSET + 10.0 * np.log10(z)
    above = lj >= ABSOLUTE_GATE
    if not above.any():
        return -math.inf
    relative = _OFFSET + 10.0 * math.log10(float(z[above].mean())) + RELATIVE_GATE
    gated = (lj > relative) & (lj > ABSOLUTE_GATE)
    if not gated.any():
        return -math.inf
    return _OFFSET + 10.0 * math.log10(float(z[gated].mean()))


def energy_bins(x: np.ndarray, sample_rate: int, bin_size: int, tail_s: float = 0.1) -> np.ndarray:
    """K-weighted energy of a mono clip in consecutive bins of ``bin_size`` samples, the clip
    starting from silence and followed by ``tail_s`` of it (the filters ring a little).

    A clip's bins, shifted to where the plan places it, give its share of every sub-block's
    energy without mixing the track."""
    padded = np.concatenate(
        [np.asarray(x, dtype=np.float64), np.zeros(round(tail_s * sample_rate))]
    )
    y = signal.sosfilt(k_weighting_sos(sample_rate), padded)
    n = -(-len(y) // bin_size) * bin_size
    e = np.zeros(n)
    e[: len(y)] = y * y
    return e.reshape(-1, bin_size).sum(axis=1)


def integrated_loudness(samples: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness (LUFS) of a whole array, shape (n,) or (n, channels)."""
    x = np.asarray(samples)
    meter = LoudnessMeter(sample_rate, 1 if x.ndim == 1 else x.shape[1])
    meter.add(x)
    return meter.integrated()


def energy_bin_size(sample_rate: int) -> int:
    """Samples per bin of a clip's energy profile: 10 ms, a divisor of 100 ms at 44.1/48 kHz."""
    return max(1, sample_rate // 100)
