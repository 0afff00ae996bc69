"""Block mixer: the plan's voice clips, bells and the ambient bed, a few seconds at a time.

Nothing here is ever as long as the track: each block is computed from the plan alone, so any
block size gives the same samples (the ducking envelope and fades are functions of time, the bed
is a sequential stream). Levels: every voice clip is brought to ``VOICE_LUFS``; the bed sits
``ambient.level`` dB under it while the voice speaks and ``ambient.duck`` dB higher in between.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from generator.script.model import AmbientSettings
from generator.plan.planner import Event, Plan

VOICE_LUFS = -20.0  # every clip's loudness before mastering
BELL_UNDER_VOICE_DB = 4.0  # a bell's loudness under the voice: never louder than speech
VOICE_MAX_PLR_DB = 12.0  # a clip's true peak at most this far over its loudness
MAX_CAP_DB = 24.0  # the capping search never limits a clip deeper than this
TRIM_BELOW = 10 ** (-40 / 20)  # relative to a clip's peak: quieter ends count as silence
CLIP_FADE_S = 0.006  # fade on each clip's ends so a cut never clicks
DUCK_ATTACK_S = 0.35  # the bed starts to dip this long before speech …
DUCK_RELEASE_S = 0.8  # … and rises back over this long after it
DUCK_BRIDGE_S = 1.5  # gaps shorter than this stay ducked (no pumping between sentences)
DEFAULT_BLOCK = 1 << 16  # ≈ 1.5 s at 44.1 kHz: small enough to stay in cache beside ffmpeg


def raised_cosine(x: np.ndarray) -> np.ndarray:
    """0 → 1 over x in [0, 1], smooth at both ends (clipped outside)."""
    return 0.5 - 0.5 * np.cos(np.pi * np.clip(x, 0.0, 1.0))


def fade_clip(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """A copy of a mono clip with short raised-cosine fades at both ends."""
    out = np.array(samples, dtype=np.float32)
    n = min(round(CLIP_FADE_S * sample_rate), len(out) // 2)
    if n > 0:
        ramp = raised_cosine((np.arange(n) + 0.5) / n).astype(np.float32)
        out[:n] *= ramp
        out[-n:] *= ramp[::-1]
    return out


class DuckEnvelope:
    """How far the bed is ducked at each sample: 0 (full level) … 1 (fully ducked under speech)."""

    def __init__(self, speech: list[Event], sample_rate: int) -> None:
        self.attack = max(1, round(DUCK_ATTACK_S * sample_rate))
        self.release = max(1, round(DUCK_RELEASE_S * sample_rate))
        bridge = round(DUCK_BRIDGE_S * sample_rate)
        spans: list[list[int]] = []
        for e in sorted(speech, key=lambda e: e.start):
            if spans and e.start - spans[-1][1] <= bridge:
                spans[-1][1] = max(spans[-1][1], e.end)
            else:
                spans.append([e.start, e.end])
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def _spans(self, lo: float, hi: float) -> Iterator[tuple[int, int]]:
        """The (start, end) spans whose envelope reaches into [lo, hi]."""
        first = bisect.bisect_left(self.ends, lo - self.release)
        for i in range(first, len(self.starts)):
            s, e = self.starts[i], self.ends[i]
            if s - self.attack > hi:
                break
            if e + self.release > lo:
                yield s, e

    def active(self, start: int, n: int) -> bool:
        """Whether any sample of [start, start + n) is ducked at all."""
        return next(self._spans(start, start + n - 1), None) is not None

    def values(self, start: int, n: int) -> np.ndarray:
        if not self.active(start, n):
            return np.zeros(n, dtype=np.float64)
        return self.at(np.arange(start, start + n, dtype=np.float64))

    def at(self, t: np.ndarray) -> np.ndarray:
        """The envelope at sample positions ``t`` (ascending)."""
        d = np.zeros(len(t), dtype=np.float64)
        if len(t) == 0:
            return d
        for s, e in self._spans(float(t[0]), float(t[-1])):
            i0, i1 = np.searchsorted(t, [s - self.attack, e + self.release])
            if i1 <= i0:
                continue
            seg_t = t[i0:i1]
            up = raised_cosine((seg_t - (s - self.attack)) / self.attack)
            down = 1.0 - raised_cosine((seg_t - e) / self.release)
            seg = d[i0:i1]
            np.maximum(seg, np.minimum(up, down), out=seg)
        return d


@dataclass(frozen=True)
class Block:
    """One block of the track: the voice alone (mono) and the ambient stem (bed + bells)."""

    start: int
    voice: np.ndarray  # (n,) float32
    ambient: np.ndarray  # (n, channels) float32

    def mix(self) -> np.ndarray:
        return self.ambient + self.voice[:, None]


class Bed:  # the shape generator.mix.beds provides
    position: int

    def read(self, n: int) -> np.ndarray: ...

    def power(self, t: np.ndarray) -> np.ndarray: ...


class Mixer:
    """Streams ``Block``s covering ``plan.duration`` samples exactly."""

    def __init__(
        self,
        plan: Plan,
        clips: Mapping[str, np.ndarray],
        open_bed: Callable[[], Bed],
        ambient: AmbientSettings,
        bed_reference_lufs: float,
        channels: int,
        tones: Mapping[int, np.ndarray] | None = None,
    ) -> None:
        self.plan = plan
        self.clips = clips
        self.open_bed = open_bed
        self.channels = channels
        self.tone_clips = tones or {}
        sr = plan.sample_rate
        self.speech = sorted(plan.speech(), key=lambda e: e.start)
        self.speech_starts = [e.start for e in self.speech]
        self.tones = sorted((e for e in plan.events if e.kind == "tone"), key=lambda e: e.start)
        self.duck = DuckEnvelope(self.speech, sr)
        self.bed_db = VOICE_LUFS + ambient.level - bed_reference_lufs
        self.duck_db = ambient.duck
        self.fade_in = max(1, round(ambient.fade_in * sr))
        self.fade_out = max(1, round(ambient.fade_out * sr))
        self._unread_bed: Bed | None = None
        self._bed_bins: np.ndarray | None = None

    def _fresh_bed(self) -> Bed:
        """A bed at its start; the one ``predicted_loudness`` opened, if still unread (a file
        bed decodes its whole file when opened)."""
        bed, self._unread_bed = self._unread_bed, None
        if bed is None or bed.position != 0:
            bed = self.open_bed()
        return bed

    def blocks(self, block_size: int = DEFAULT_BLOCK) -> Iterator[Block]:
        bed = self._fresh_bed()
        total = self.plan.duration
        for start in range(0, total, block_size):
            n = min(block_size, total - start)
            yield Block(start, self.voice(start, n), self.ambient(bed, start, n))

    def voice(self, start: int, n: int) -> np.ndarray:
        out = np.zeros(n, dtype=np.float32)
        stop = start + n
        i = max(0, bisect.bisect_right(self.speech_starts, start) - 1)
        for e in self.speech[i:]:
            if e.start >= stop:
                break
            if e.end > start:
                _place(out, self.clips[e.text or ""], e.start - start)
        return out

    def ambient(self, bed: Bed, start: int, n: int) -> np.ndarray:
        out = bed.read(n)
        steady = not self.duck.active(start, n) and (
            self.fade_in <= start and start + n <= self.plan.duration - self.fade_out
        )
        if steady:  # most of a long track: one gain, no per-sample envelope to compute
            out *= np.float32(10.0 ** ((self.bed_db + self.duck_db) / 20.0))
        else:
            out *= self.ambient_gain(np.arange(start, start + n, dtype=np.float64))[:, None].astype(
                np.float32
            )
        for e in self.tones:
            if e.start < start + n and e.end > start:
                _place(out, self.tone_clips[e.strikes][: e.end - e.start], e.start - start)
        return out

    def ambient_gain(self, t: np.ndarray) -> np.ndarray:
        """The bed's gain at sample positions ``t`` (ascending): level, ducking and fades."""
        gain = 10.0 ** ((self.bed_db + self.duck_db * (1.0 - self.duck.at(t))) / 20.0)
        if len(t) and t[0] < self.fade_in:
            gain *= raised_cosine((t + 0.5) / self.fade_in)
        if len(t) and t[-1] >= self.plan.duration - self.fade_out:
            gain *= raised_cosine((self.plan.duration - t - 0.5) / self.fade_out)
        return gain

    def _bed_energy(self, b: int, count: int) -> np.ndarray:
        """The bed's expected K-energy per bin of ``b`` samples under its gain (computed once:
        the mastering search asks for the loudness several times)."""
        if self._bed_bins is None or len(self._bed_bins) != count:
            if self._unread_bed is None:
                self._unread_bed = self.open_bed()
            sr, total = self.plan.sample_rate, self.plan.duration
            centres = np.minimum((np.arange(count) + 0.5) * b, max(total - 1, 0))
            # beds change over seconds (swells, drift): their power every 100 ms is plenty
            coarse = np.arange(0.0, total / sr + 0.1, 0.1)
            power = np.interp(centres / sr, coarse, self._unread_bed.power(coarse))
            self._bed_bins = power * self.ambient_gain(centres) ** 2 * b
        return self._bed_bins

    def predicted_loudness(self, clip_bins: Callable[[str], np.ndarray]) -> float:
        """The integrated loudness ``blocks()`` will have, without mixing a sample.

        Every 100 ms sub-block's K-energy is the sum of its parts: each voice clip's and bell's
        own energy (``clip_bins``: per ``energy_bin_size`` samples, from ``energy_bins``) where the plan
        places it, plus the bed's expected power under its gain. Voice and bed are independent,
        so their cross terms average out; the tests hold this to the metered mix."""
        from generator.master.loudness import energy_bins, gated_loudness, subblock_edges

        sr, total, channels = self.plan.sample_rate, self.plan.duration, self.channels
        b = energy_bin_size(sr)
        count = -(-total // b)
        energy = self._bed_energy(b, count).copy()

        def add(bins: np.ndarray, at: int) -> None:
            first = round(at / b)
            stop = min(count, first + len(bins))
            if stop > first:
                energy[first:stop] += channels * bins[: stop - first]

        for e in self.speech:
            add(clip_bins(e.text or ""), e.start)
        tone_bins: dict[tuple[int, int], np.ndarray] = {}
        for e in self.tones:
            key = (e.strikes, e.end - e.start)
            if key not in tone_bins:
                tone_bins[key] = energy_bins(self.tone_clips[e.strikes][: key[1]], sr, b)
            add(tone_bins[key], e.start)
        edges = subblock_edges(total * 10 // sr, sr)
        sums = np.add.reduceat(energy, np.minimum(edges // b, count - 1))[:-1] if count else energy
        return gated_loudness(sums, sr)


def energy_bin_size(sample_rate: int) -> int:
    """Samples per bin of a clip's energy profile: 10 ms, a divisor of 100 ms at 44.1/48 kHz."""
    return max(1, sample_rate // 100)


def _place(out: np.ndarray, clip: np.ndarray, offset: int) -> None:
    """Add ``clip`` into ``out`` starting at ``offset`` (which may be negative or past the end)."""
    lo = max(0, offset)
    hi = min(len(out), offset + len(clip))
    if hi <= lo:
        return
    seg = clip[lo - offset : hi - offset]
    if out.ndim == 2:
        out[lo:hi] += seg[:, None]
    else:
        out[lo:hi] += seg


def prepare_clip(samples: np.ndarray, rate: int, sample_rate: int) -> np.ndarray:
    """An engine's clip made ready for the mix: resampled, brought to ``VOICE_LUFS``, faded."""
    import soxr

    x = trim_silence(np.asarray(samples, dtype=np.float32), rate)
    if rate != sample_rate:
        x = soxr.resample(x, rate, sample_rate, quality="HQ").astype(np.float32)
    lufs = clip_loudness(x, sample_rate)
    if np.isfinite(lufs):
        x = x * np.float32(10 ** ((VOICE_LUFS - lufs) / 20))
    return fade_clip(cap_peak_to_loudness(x, sample_rate, VOICE_MAX_PLR_DB), sample_rate)


def clip_loudness(x: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness of a clip; one shorter than a 400 ms gating block is repeated to
    fill one, so a single short word still measures."""
    from generator.master.loudness import integrated_loudness

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
    from generator.master.limiter import (
        limiter_window,
        lone_clip_gain,
        oversampled_peak,
        peak_db,
        true_peak_db,
    )

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


def calibrate_tone(tone: np.ndarray, sample_rate: int) -> np.ndarray:
    """A bell scaled so its loudness (first 3 s) sits ``BELL_UNDER_VOICE_DB`` under the voice."""
    from generator.master.loudness import integrated_loudness

    lufs = integrated_loudness(tone[: 3 * sample_rate], sample_rate)
    gain = 10 ** ((VOICE_LUFS - BELL_UNDER_VOICE_DB - lufs) / 20) if np.isfinite(lufs) else 1.0
    return (tone * gain).astype(np.float32)
