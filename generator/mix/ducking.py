"""Ducking: how far the bed dips under the voice at each sample. It starts to dip a little before
speech and rises slowly after it, and stays down through short gaps between sentences so the bed
never pumps. A function of time only, so any block size gives the same samples."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

import numpy as np

from generator.plan.types import Event

DUCK_ATTACK_S = 0.35  # the bed starts to dip this long before speech …
DUCK_RELEASE_S = 0.8  # … and rises back over this long after it
DUCK_BRIDGE_S = 1.5  # gaps shorter than this stay ducked (no pumping between sentences)


def raised_cosine(x: np.ndarray) -> np.ndarray:
    """0 → 1 over x in [0, 1], smooth at both ends (clipped outside)."""
    return 0.5 - 0.5 * np.cos(np.pi * np.clip(x, 0.0, 1.0))


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
