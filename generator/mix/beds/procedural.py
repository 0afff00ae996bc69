"""Built-in beds, synthesised continuously (never a looped buffer) and cheaply.

Everything a bed contains sits below ~4 kHz (calm, no harsh highs), so it is generated at a low
internal rate (the output rate / k, about 11-12 kHz) and upsampled with a streaming soxr
resampler: a quarter of the filtering work, which keeps an hour of stereo well inside the time the
MP3 encoder needs anyway. Each bed works in fixed chunks with its filter states, oscillator phases
and random generator carried across them, so output is deterministic and block-size independent.

Calibration is analytic, from the design rather than from a measurement of one seed: the
K-weighted power of filtered noise is integrated from the filters' frequency responses, slow
envelopes contribute their long-run mean square, droplets their rate times their energy. The
tests check the result against pyloudnorm.
"""

from __future__ import annotations

import math
import zlib

import numpy as np
import soxr
from scipy import signal

from generator.master.loudness import k_weighting_power
from generator.mix.beds.stream import (
    Bed,
    decorrelate,
    filtered_noise_power,
    gain_to_reference,
    lift_sos,
    lufs_from_power,
    merge_sos,
    pinking_sos,
    white_noise,
)

_CONTROL = 256  # envelope control-point spacing (internal-rate samples)
_WARMUP = 1.0  # seconds discarded at open so filters and resampler start in steady state


class ProceduralBed(Bed):
    """A bed generated at ``rate = sample_rate / factor`` in (channels, chunk) chunks."""

    correlation = 0.3  # between the two channels of stereo noise: gentle width
    # internal-rate samples per generated chunk; long, as sosfilt's overhead is per call
    chunk = 16384

    def __init__(self, sample_rate: int, channels: int, seed: int) -> None:
        super().__init__(sample_rate, channels)
        self.factor = max(1, round(sample_rate / 12000))
        self.rate = sample_rate / self.factor
        salt = zlib.crc32(self.name.encode())
        self.rng = np.random.default_rng(np.random.SeedSequence([seed % (1 << 64), salt]))
        self._resampler = (
            soxr.ResampleStream(self.rate, sample_rate, channels, dtype="float32", quality="HQ")
            if self.factor > 1
            else None
        )
        self._t = 0  # internal-rate samples generated so far
        self._gain = np.float32(1.0)

    def _generate(self, n: int) -> np.ndarray:
        """The next ``n`` internal-rate samples, shape (channels, n), unit gain."""
        raise NotImplementedError

    def _calibrate(self, total_power: float) -> None:
        """Set the gain from the design's K-weighted power (summed over channels), then settle."""
        self._mean_power = total_power
        self.reference_lufs_at_unit_gain = lufs_from_power(total_power)
        self._gain = np.float32(gain_to_reference(self.reference_lufs_at_unit_gain))
        self.skip(round(_WARMUP * self.sample_rate))
        self.position = 0

    def power(self, t: np.ndarray) -> np.ndarray:
        # output time 0 is _WARMUP seconds into the design's clock (see _calibrate)
        t_design = np.asarray(t, dtype=np.float64) + _WARMUP
        return float(self._gain) ** 2 * self._design_power(t_design)

    def _design_power(self, t: np.ndarray) -> np.ndarray:
        """K-weighted power at unit gain at design times ``t``: steady unless a bed has envelopes."""
        return np.full(t.shape, self._mean_power)

    def _produce(self) -> np.ndarray:
        x = self._generate(self.chunk)
        self._t += self.chunk
        out = np.empty((self.chunk, self.channels), dtype=np.float32)
        np.multiply(x.T, self._gain, out=out, casting="unsafe")  # gain at the low rate: cheaper
        if self._resampler is not None:
            out = self._resampler.resample_chunk(out)
        return out

    def _times(self, n: int, offset: float = 0.0) -> np.ndarray:
        """Control-point times (s) spanning the next ``n`` samples, both ends included."""
        return (self._t + np.arange(0, n + 1, _CONTROL)) / self.rate - offset

    def _ramp(self, values: np.ndarray) -> np.ndarray:
        """Linear interpolation of control-point ``values`` to one value per sample."""
        ramp = np.arange(_CONTROL, dtype=np.float32) / np.float32(_CONTROL)
        v = values.astype(np.float32)
        return (v[:-1, None] + (v[1:] - v[:-1])[:, None] * ramp[None, :]).ravel()


class _FilteredNoise(ProceduralBed):
    """Coloured noise: one sos chain per bed, state carried across chunks."""

    def _setup_noise(self, sos: np.ndarray) -> None:
        self._sos = sos
        self._zi = np.zeros((sos.shape[0], self.channels, 2))

    def _noise(self, n: int) -> np.ndarray:
        x = decorrelate(white_noise(self.rng, self.channels, n), self.correlation)
        y, self._zi = signal.sosfilt(self._sos, x, axis=-1, zi=self._zi)
        return y


class PinkNoise(_FilteredNoise):
    name = "pink-noise"

    def __init__(self, sample_rate: int, channels: int, seed: int) -> None:
        super().__init__(sample_rate, channels, seed)
        sos = merge_sos(
            (
                pinking_sos(self.rate),
                signal.butter(2, 25.0, "highpass", fs=self.rate, output="sos"),
                signal.butter(
                    1, min(4000.0, 0.4 * self.rate), "lowpass", fs=self.rate, output="sos"
                ),
            )
        )
        self._setup_noise(sos)
        self._calibrate(self.channels * filtered_noise_power(sos, self.rate, sample_rate))

    def _generate(self, n: int) -> np.ndarray:
        return self._noise(n)


class BrownNoise(_FilteredNoise):
    """Deep, warm noise, falling 6 dB an octave, with a gentle lift above 200 Hz (8 dB by 500 Hz)
    so that a phone's speaker, which plays little below 250 Hz, still carries it: 30 % of its
    energy lies in 250 Hz-6 kHz (12 % without the lift)."""

    name = "brown-noise"
    correlation = 0.5  # low frequencies: wide stereo sounds hollow

    def __init__(self, sample_rate: int, channels: int, seed: int) -> None:
        super().__init__(sample_rate, channels, seed)
        sos = merge_sos(
            (
                signal.butter(1, 20.0, "lowpass", fs=self.rate, output="sos"),  # leaky integrator
                signal.butter(2, 30.0, "highpass", fs=self.rate, output="sos"),  # DC-free
                lift_sos(self.rate, 200.0, 500.0),
            )
        )
        self._setup_noise(sos)
        self._calibrate(self.channels * filtered_noise_power(sos, self.rate, sample_rate))

    def _generate(self, n: int) -> np.ndarray:
        return self._noise(n)


def _sines(
    t: np.ndarray, periods: np.ndarray, phases: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """A smooth irregular wave in [-1, 1]: weighted sines of incommensurate periods."""
    arg = 2.0 * np.pi * t[:, None] / periods[None, :] + phases[None, :]
    return (np.sin(arg) @ weights) / weights.sum()


class Ocean(_FilteredNoise):
    """A dark roar and a brighter surf hiss, both riding slow irregular swells (8-14 s).

    The roar is the low-passed core noise; the hiss is the rest of it (core minus roar), louder
    at the crest and a moment after it, as a wave breaks.
    """

    name = "ocean"
    # Swell depth as power = 1 + depth * swell: linear in the swell, so any minute of it has
    # nearly the long-run mean power (roar -3..+1.8 dB, hiss -6..+2.4 dB around their levels:
    # a 1-second level moves at most ~5 dB within 20 s).
    _DARK_DEPTH, _BRIGHT_DEPTH, _BRIGHT_LEVEL, _BRIGHT_LAG, _CHANNEL_LAG = 0.5, 0.75, 0.5, 1.5, 0.7

    def __init__(self, sample_rate: int, channels: int, seed: int) -> None:
        super().__init__(sample_rate, channels, seed)
        rate = self.rate
        core = merge_sos(
            (
                pinking_sos(rate),
                signal.butter(2, 35.0, "highpass", fs=rate, output="sos"),
                signal.butter(1, min(3500.0, 0.4 * rate), "lowpass", fs=rate, output="sos"),
            )
        )
        self._setup_noise(core)
        self._dark = signal.butter(2, 600.0, "lowpass", fs=rate, output="sos")
        self._zd = np.zeros((1, channels, 2))
        self._periods = np.array(
            [self.rng.uniform(9.0, 12.5), self.rng.uniform(12.5, 15.0), self.rng.uniform(7.0, 8.5)]
        )
        self._phases = self.rng.uniform(0.0, 2.0 * np.pi, 3)
        self._weights = np.array([1.0, 0.55, 0.3])
        # the hiss is what the roar's low-pass leaves (core - dark): powers from core and dark
        dark = np.vstack((core, self._dark))
        p_cc = filtered_noise_power(core, rate, sample_rate)
        p_dd = filtered_noise_power(dark, rate, sample_rate)
        p_cd = filtered_noise_power(core, rate, sample_rate, other=dark)
        p_bb, p_db = p_cc - 2.0 * p_cd + p_dd, p_cd - p_dd
        t = np.arange(0.0, 3600.0, 0.05)  # the long-run mean square of the swell gains
        gd, gb = self._gains(t)
        self._p = (p_dd, p_bb, p_db)
        mean = float(np.mean(gd * gd * p_dd + gb * gb * p_bb + 2.0 * gd * gb * p_db))
        self._calibrate(self.channels * mean)

    def _design_power(self, t: np.ndarray) -> np.ndarray:
        p_dd, p_bb, p_db = self._p
        total = np.zeros(t.shape)
        for c in range(self.channels):
            gd, gb = self._gains(t - c * self._CHANNEL_LAG)
            total += gd * gd * p_dd + gb * gb * p_bb + 2.0 * gd * gb * p_db
        return total

    def _gains(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Gain of the roar and of the hiss at times ``t``; the hiss crests a little later."""
        swell = _sines(t, self._periods, self._phases, self._weights)
        late = _sines(t - self._BRIGHT_LAG, self._periods, self._phases, self._weights)
        dark = np.sqrt(1.0 + self._DARK_DEPTH * swell)
        return dark, self._BRIGHT_LEVEL * np.sqrt(1.0 + self._BRIGHT_DEPTH * late)

    def _generate(self, n: int) -> np.ndarray:
        core = self._noise(n)
        dark, self._zd = signal.sosfilt(self._dark, core, axis=-1, zi=self._zd)
        out = np.empty((self.channels, n))
        for c in range(self.channels):
            gd, gb = self._gains(self._times(n, offset=c * self._CHANNEL_LAG))
            hiss = self._ramp(gb)
            out[c] = dark[c] * (self._ramp(gd) - hiss) + core[c] * hiss  # gd*dark + gb*(core-dark)
        return out


def _droplet_bank(rate: float, count: int = 24) -> list[np.ndarray]:
    """Soft droplets: a rising sine with a raised-cosine attack, exponential decay, faded to 0.

    Built from a fixed seed (the same bank for every track); peaks normalised to 1.
    """
    rng = np.random.default_rng(20240611)
    bank = []
    attack, fade = round(0.0025 * rate), round(0.003 * rate)
    for _ in range(count):
        f0, tau = rng.uniform(800.0, 2400.0), rng.uniform(0.005, 0.015)
        n = attack + round(5.0 * tau * rate)
        t = np.arange(n) / rate
        rise = f0 * 0.2 / 0.03  # the pitch rises 20 % over 30 ms, like a drop into water
        drop = np.sin(2.0 * np.pi * (f0 * t + 0.5 * rise * t * t))
        env = np.exp(-np.maximum(t - attack / rate, 0.0) / tau)
        env[:attack] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(attack) / attack)
        env[-fade:] *= 0.5 + 0.5 * np.cos(np.pi * np.arange(1, fade + 1) / fade)
        drop *= env
        bank.append(drop / np.abs(drop).max())
    return bank


class Rain(_FilteredNoise):
    """A soft pink-ish hiss drifting slowly in level, with sparse gentle droplets on top."""

    name = "rain"
    _DROPS_PER_SECOND, _DROP_PEAK, _DROP_RANGE_DB, _DRIFT_DB = 7.0, 3.0, 20.0, 1.5

    def __init__(self, sample_rate: int, channels: int, seed: int) -> None:
        super().__init__(sample_rate, channels, seed)
        rate = self.rate
        sos = merge_sos(
            (
                pinking_sos(rate),
                signal.butter(2, 300.0, "highpass", fs=rate, output="sos"),
                signal.butter(1, min(3500.0, 0.4 * rate), "lowpass", fs=rate, output="sos"),
            )
        )
        self._setup_noise(sos)
        self._periods = np.array([self.rng.uniform(23.0, 29.0), self.rng.uniform(31.0, 37.0)])
        self._phases = self.rng.uniform(0.0, 2.0 * np.pi, 2)
        self._bank = _droplet_bank(rate)
        self._longest = max(len(d) for d in self._bank)
        self._pending = np.zeros((channels, self.chunk + self._longest))
        # droplet peaks are set relative to the hiss RMS so they sit gently on top of it
        _, h = signal.sosfreqz(sos, worN=1 << 14, fs=rate)
        self._peak = self._DROP_PEAK * math.sqrt(float(np.mean(np.abs(h) ** 2)))
        hiss = filtered_noise_power(sos, rate, sample_rate)
        drift = self._drift(np.arange(0.0, 3600.0, 0.1))
        energies = [self._k_energy(d) for d in self._bank]
        spread = self._DROP_RANGE_DB / 10.0 * math.log(10.0)
        mean_square_amp = self._peak**2 * (1.0 - math.exp(-spread)) / spread
        drops = self._DROPS_PER_SECOND / sample_rate * mean_square_amp * float(np.mean(energies))
        self._hiss_power, self._drops_power = hiss, drops
        self._calibrate(self.channels * hiss * float(np.mean(drift**2)) + drops)

    def _design_power(self, t: np.ndarray) -> np.ndarray:
        return self.channels * self._hiss_power * self._drift(t) ** 2 + self._drops_power

    def _k_energy(self, drop: np.ndarray) -> float:
        """K-weighted energy of a droplet once upsampled to the output rate (Parseval)."""
        n = 1 << 14
        spectrum = np.abs(np.fft.rfft(drop, n)) ** 2
        weight = k_weighting_power(np.fft.rfftfreq(n, 1.0 / self.rate), self.sample_rate)
        weighted = spectrum * weight
        return self.factor * float(2.0 * weighted.sum() - weighted[0] - weighted[-1]) / n

    def _drift(self, t: np.ndarray) -> np.ndarray:
        wave = _sines(t, self._periods, self._phases, np.array([1.0, 0.6]))
        return 10.0 ** (self._DRIFT_DB * wave / 20.0)

    def _generate(self, n: int) -> np.ndarray:
        out = self._noise(n) * self._ramp(self._drift(self._times(n)))[None, :]
        rng = self.rng
        count = rng.poisson(self._DROPS_PER_SECOND * n / self.rate)
        starts = rng.integers(0, n, count)
        which = rng.integers(0, len(self._bank), count)
        amps = self._peak * 10.0 ** (-rng.uniform(0.0, self._DROP_RANGE_DB, count) / 20.0)
        pans = rng.uniform(0.15, 0.85, count)
        pending = self._pending
        for start, k, amp, pan in zip(starts, which, amps, pans, strict=True):
            drop = self._bank[k]
            if self.channels == 1:
                pending[0, start : start + len(drop)] += amp * drop
            else:  # equal-power pan between the first two channels
                pending[0, start : start + len(drop)] += amp * math.cos(0.5 * math.pi * pan) * drop
                pending[1, start : start + len(drop)] += amp * math.sin(0.5 * math.pi * pan) * drop
        out[:2] += pending[:2, :n]
        self._pending = np.zeros_like(pending)
        self._pending[:, : self._longest] = pending[:, n : n + self._longest]
        return out
