"""The drone bed: a soft harmonic pad, generated as it plays (see ``Drone``)."""

from __future__ import annotations

import numpy as np

from generator.master.loudness import k_weighting_power
from generator.mix.beds.procedural import ProceduralBed


class Drone(ProceduralBed):
    """A soft pad: the notes of a just-intoned low chord and their upper partials (harmonics of
    55 Hz up to 1.1 kHz, so a phone's speaker carries it: 30 % of its energy above 250 Hz), each a
    pair of sines a fraction of a hertz apart (a slow 5-15 s beat, never a rough one; the second
    sine a quarter of the first, so a beat moves a note by at most 4.4 dB and the pad by a few),
    with slow independent level drift.

    Sines are built per chunk as a fixed basis (cos, sin, and their ramps at each partial's
    frequency) times a few coefficients (phase, start and end level), one small matrix product
    instead of a sine per sample per partial.
    """

    name = "drone"
    chunk = 4096  # the sine basis below is (chunk, 4 * partials): keep it in cache
    # 2:3:4:5:6 over 55 Hz, and the 8th, 10th, 12th, 16th and 20th harmonics over it
    _NOTES = np.array([110.0, 165.0, 220.0, 275.0, 330.0, 440.0, 550.0, 660.0, 880.0, 1100.0])
    _LEVELS = np.array([0.8, 0.6, 0.5, 0.25, 0.18, 0.45, 0.35, 0.3, 0.25, 0.15])
    _PAIR = np.array([1.0, 0.25])  # amplitudes of the two sines of a note
    _DRIFT_DB = 1.5

    def __init__(self, sample_rate: int, channels: int, seed: int) -> None:
        super().__init__(sample_rate, channels, seed)
        rng, notes = self.rng, len(self._NOTES)
        # Hz between a note's two sines: the same in every channel (only phases differ), so the
        # channels summed to mono (a phone's one speaker) do not beat against each other
        beat = np.broadcast_to(rng.uniform(0.06, 0.18, notes), (channels, notes))
        freqs = np.stack((self._NOTES - beat / 2.0, self._NOTES + beat / 2.0), axis=-1)
        self._freqs = freqs.reshape(channels, 2 * notes)
        # each channel's phases a little apart from the first's: gently wide, never opposed
        first = rng.uniform(0.0, 2.0 * np.pi, 2 * notes)
        apart = 0.35 * np.pi * rng.choice((-1.0, 1.0), (channels, 2 * notes))  # correlation ~0.45
        apart[0] = 0.0
        self._phase = np.mod(first + apart, 2.0 * np.pi)
        self._phase0 = self._phase.copy()  # at design time 0, for the power envelope
        self._drift_periods = rng.uniform(18.0, 34.0, (channels, notes))
        self._drift_phases = rng.uniform(0.0, 2.0 * np.pi, (channels, notes))
        self._amps = np.repeat(self._LEVELS, 2) * np.tile(self._PAIR, notes)
        k = np.arange(self.chunk)
        ramp = (k / self.chunk)[:, None]
        self._basis = []
        for c in range(channels):
            w = 2.0 * np.pi * self._freqs[c] / self.rate
            cos, sin = np.cos(np.outer(k, w)), np.sin(np.outer(k, w))
            self._basis.append(np.hstack((cos, sin, ramp * cos, ramp * sin)))
        theta = np.linspace(0.0, 2.0 * np.pi, 4096, endpoint=False)
        drift_ms = float(np.mean(10.0 ** (self._DRIFT_DB * np.sin(theta) / 10.0)))
        k_weight = k_weighting_power(self._freqs.ravel(), sample_rate).reshape(channels, -1)
        self._k_weight = k_weight
        self._calibrate(float(np.sum(self._amps**2 / 2.0 * k_weight)) * drift_ms)

    def _design_power(self, t: np.ndarray) -> np.ndarray:
        """Each note's two sines beat: power (a1² + a2²)/2 + a1·a2·cos(Δω t + Δφ), drifting."""
        total = np.zeros(t.shape)
        a1, a2 = self._amps[0::2], self._amps[1::2]
        for c in range(self.channels):
            arg = 2.0 * np.pi * t[:, None] / self._drift_periods[c] + self._drift_phases[c]
            drift = 10.0 ** (self._DRIFT_DB * np.sin(arg) / 10.0)
            f, phase, k = self._freqs[c], self._phase0[c], self._k_weight[c]
            beat = np.cos(
                2.0 * np.pi * (f[1::2] - f[0::2]) * t[:, None] + (phase[1::2] - phase[0::2])
            )
            pair = (a1**2 * k[0::2] + a2**2 * k[1::2]) / 2.0 + a1 * a2 * np.sqrt(
                k[0::2] * k[1::2]
            ) * beat
            total += np.sum(drift * pair, axis=1)
        return total

    def _levels(self, c: int, t: float) -> np.ndarray:
        """Amplitude of each of channel ``c``'s sines at time ``t`` (s)."""
        arg = 2.0 * np.pi * t / self._drift_periods[c] + self._drift_phases[c]
        return self._amps * np.repeat(10.0 ** (self._DRIFT_DB * np.sin(arg) / 20.0), 2)

    def _generate(self, n: int) -> np.ndarray:
        t0, t1 = self._t / self.rate, (self._t + n) / self.rate
        out = np.empty((self.channels, n))
        for c in range(self.channels):
            a0, a1 = self._levels(c, t0), self._levels(c, t1)
            s, co = np.sin(self._phase[c]), np.cos(self._phase[c])
            coef = np.concatenate((a0 * s, a0 * co, (a1 - a0) * s, (a1 - a0) * co))
            out[c] = self._basis[c] @ coef
            w = 2.0 * np.pi * self._freqs[c] / self.rate
            self._phase[c] = np.mod(self._phase[c] + w * n, 2.0 * np.pi)
        return out
