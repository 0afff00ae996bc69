"""A soft singing-bowl strike, synthesised: the bell cue that opens and closes a practice.

Inharmonic partials (ratios of a struck bowl) each split into two sines a fraction of a hertz
apart for the bowl's slow shimmer, a raised-cosine attack so there is never a sudden transient
(a startle is the opposite of what the track is for), and an exponential decay to near silence
over about 7 s. The peak is calibrated to exactly BELL_PEAK_DBFS so the mixer can place it
relative to the voice.
"""

from __future__ import annotations

import numpy as np

from generator.mix.levels import BELL_UNDER_VOICE_DB, CHIME_UNDER_BELL_DB, VOICE_LUFS
from generator.plan.roles import CHIME_STRIKES

BELL_PEAK_DBFS = -6.0
FUNDAMENTAL_HZ = 262.0  # around middle C: warm, not piercing
ATTACK_SECONDS = 0.025  # raised-cosine onset
RING_SECONDS = 7.5  # from a strike to the end of its tail (about -60 dB by then)
END_FADE_SECONDS = 0.05  # the tail is faded to exactly zero
# (ratio to the fundamental, amplitude, decay time constant in s, beat in Hz)
_PARTIALS = (
    (1.0, 1.0, 1.1, 0.35),
    (2.76, 0.45, 0.75, 0.6),
    (5.40, 0.18, 0.45, 0.9),
    (8.93, 0.07, 0.3, 1.3),
)


def _strike(sample_rate: int) -> np.ndarray:
    """One strike, float64, unnormalised."""
    n = round(RING_SECONDS * sample_rate)
    t = np.arange(n) / sample_rate
    out = np.zeros(n)
    for ratio, amp, tau, beat in _PARTIALS:
        f = FUNDAMENTAL_HZ * ratio
        if f + beat >= 0.45 * sample_rate:
            continue  # keep low rates alias-free
        pair = np.sin(2.0 * np.pi * (f - beat / 2) * t) + 0.6 * np.sin(
            2.0 * np.pi * (f + beat / 2) * t
        )
        out += amp * np.exp(-t / tau) * pair
    attack = max(1, round(ATTACK_SECONDS * sample_rate))
    out[:attack] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(attack) / attack)
    fade = max(1, round(END_FADE_SECONDS * sample_rate))
    out[-fade:] *= 0.5 + 0.5 * np.cos(np.pi * np.arange(1, fade + 1) / fade)
    return out


def bell_length(sample_rate: int, strikes: int = 1, spacing: float = 4.0) -> int:
    """How many samples ``bell_tone`` gives, without making it (planning needs only this)."""
    return round((strikes - 1) * spacing * sample_rate) + round(RING_SECONDS * sample_rate)


def bell_tone(sample_rate: int, strikes: int = 1, spacing: float = 4.0) -> np.ndarray:
    """``strikes`` bell strikes ``spacing`` seconds apart, float32 mono, peak BELL_PEAK_DBFS.

    The result starts at 0, rises over ATTACK_SECONDS and ends at exactly 0; its length is
    ``(strikes - 1) * spacing + RING_SECONDS`` seconds. Deterministic.
    """
    if strikes < 1:
        raise ValueError(f"strikes must be >= 1, not {strikes}")
    if spacing <= 0:
        raise ValueError(f"spacing must be > 0, not {spacing}")
    one = _strike(sample_rate)
    starts = [round(k * spacing * sample_rate) for k in range(strikes)]
    out = np.zeros(starts[-1] + len(one))
    for start in starts:
        out[start : start + len(one)] += one
    out *= 10.0 ** (BELL_PEAK_DBFS / 20.0) / np.abs(out).max()
    return out.astype(np.float32)  # the peak is exact to float32 precision


def calibrate_tone(tone: np.ndarray, sample_rate: int) -> np.ndarray:
    """A bell scaled so its loudness (first 3 s) sits ``BELL_UNDER_VOICE_DB`` under the voice."""
    from generator.master.loudness import integrated_loudness  # scipy: only to make a bell

    lufs = integrated_loudness(tone[: 3 * sample_rate], sample_rate)
    gain = 10 ** ((VOICE_LUFS - BELL_UNDER_VOICE_DB - lufs) / 20) if np.isfinite(lufs) else 1.0
    return (tone * gain).astype(np.float32)


class Tones:
    """Bells of 1-5 strikes and the soft chime, calibrated under the voice, each made once."""

    def __init__(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self._made: dict[int, np.ndarray] = {}

    def length(self, strikes: int) -> int:
        return bell_length(self.sample_rate, max(strikes, 1))

    def tone(self, strikes: int) -> np.ndarray:
        """A bell of ``strikes`` (``CHIME_STRIKES``: the soft chime)."""
        if strikes not in self._made:
            sr = self.sample_rate
            one = bell_tone(sr, 1)
            scale = float(np.max(np.abs(calibrate_tone(one, sr)))) / float(np.max(np.abs(one)))
            if strikes == CHIME_STRIKES:
                chime = 10 ** (-CHIME_UNDER_BELL_DB / 20)
                self._made[strikes] = (one * scale * chime).astype(np.float32)
            else:
                self._made[strikes] = (bell_tone(sr, strikes) * scale).astype(np.float32)
        return self._made[strikes]
