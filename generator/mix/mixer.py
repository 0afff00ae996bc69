"""Block mixer: the plan's voice clips, bells and the ambient bed, a few seconds at a time.

Nothing here is ever as long as the track: each block is computed from the plan alone, so any
block size gives the same samples (the ducking envelope and fades are functions of time, the bed
is a sequential stream). Levels: every voice clip arrives at ``VOICE_LUFS``; the bed sits
``ambient.level`` dB under it while the voice speaks and ``ambient.duck`` dB higher in between.
The mix's loudness is also predicted here, from the parts' own measurements, without mixing a
sample (mastering needs it before the first block is encoded).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from generator.master.loudness import energy_bin_size, energy_bins, gated_loudness, subblock_edges
from generator.mix.ducking import DuckEnvelope, raised_cosine
from generator.mix.levels import VOICE_LUFS
from generator.plan import roles
from generator.plan.types import Event, Plan
from generator.script.model import AmbientSettings

DEFAULT_BLOCK = 1 << 16  # ≈ 1.5 s at 44.1 kHz: small enough to stay in cache beside ffmpeg


@dataclass(frozen=True)
class Block:
    """One block of the track: the voice alone (mono) and the ambient stem (bed + bells)."""

    start: int
    voice: np.ndarray  # (n,) float32
    ambient: np.ndarray  # (n, channels) float32

    def mix(self) -> np.ndarray:
        return self.ambient + self.voice[:, None]


class BedStream(Protocol):
    """What ``generator.mix.beds`` opens: a sequential stream with its expected power."""

    position: int

    def read(self, n: int) -> np.ndarray: ...

    def power(self, t: np.ndarray) -> np.ndarray: ...


class Mixer:
    """Streams ``Block``s covering ``plan.duration`` samples exactly."""

    def __init__(
        self,
        plan: Plan,
        clips: Mapping[str, np.ndarray],
        open_bed: Callable[[], BedStream],
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
        self.tones = sorted((e for e in plan.events if e.kind == roles.TONE), key=lambda e: e.start)
        self.duck = DuckEnvelope(self.speech, sr)
        self.bed_db = VOICE_LUFS + ambient.level - bed_reference_lufs
        self.duck_db = ambient.duck
        self.fade_in = max(1, round(ambient.fade_in * sr))
        self.fade_out = max(1, round(ambient.fade_out * sr))
        self._unread_bed: BedStream | None = None
        self._bed_bins: np.ndarray | None = None

    def _fresh_bed(self) -> BedStream:
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

    def ambient(self, bed: BedStream, start: int, n: int) -> np.ndarray:
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

    def predicted_loudness(
        self, clip_bins: Callable[[str], np.ndarray], speech_only: bool = False
    ) -> float:
        """The integrated loudness ``blocks()`` will have, without mixing a sample; with
        ``speech_only``, the loudness while the voice speaks (``speaking_blocks``): the voice as
        heard, the bed under it included.

        Every 100 ms sub-block's K-energy is the sum of its parts: each voice clip's and bell's
        own energy (``clip_bins``: per ``energy_bin_size`` samples, from ``energy_bins``) where the plan
        places it, plus the bed's expected power under its gain. Voice and bed are independent,
        so their cross terms average out; the tests hold this to the metered mix."""
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
        keep = speaking_blocks(self.speech, len(sums) - 3, sr) if speech_only else None
        return gated_loudness(sums, sr, keep)


SPEAKING_GAP_S = (
    1.0  # speech closer than this is one stretch of speaking (clause and sentence gaps)
)


def speaking_blocks(speech: list[Event], count: int, sample_rate: int) -> np.ndarray:
    """Which of ``count`` BS.1770 gating blocks (400 ms, one every 100 ms) are speech: those whose
    centre lies in a speaking span, the plan's speech events merged across gaps shorter than
    ``SPEAKING_GAP_S``. (``scripts/listen_check.py`` measures a finished track the same way.)"""
    spans: list[list[int]] = []
    gap = round(SPEAKING_GAP_S * sample_rate)
    for e in sorted(speech, key=lambda e: e.start):
        if spans and e.start - spans[-1][1] < gap:
            spans[-1][1] = max(spans[-1][1], e.end)
        else:
            spans.append([e.start, e.end])
    centres = (np.arange(max(count, 0)) + 2) * sample_rate / 10  # block j: sub-blocks j..j+3
    keep = np.zeros(len(centres), dtype=bool)
    for start, end in spans:
        keep |= (centres >= start) & (centres < end)
    return keep


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
