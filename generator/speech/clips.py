"""Mix-ready voice clips kept on disk and loaded when the mixer reaches them.

An hour-long session has a hundred or more distinct sentences; holding them all would make a
render's memory grow with its length. The store keeps, per text, only what planning and loudness
need (length, true peak, a 10 ms energy profile) and reads the samples back from the prepared-clip
cache on demand, holding the few most recently used. A clip the cache could not store (a
read-only or full disk) stays in memory instead, so a cache problem never fails a render.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from generator.errors import EngineError
from generator.speech.cache import SpeechCache
from generator.speech.engine import Clip

RECENT = 16  # clips held in memory: a block never needs more than a few
ENVELOPE_STEP = 32  # samples per value of a clip's coarse true-peak envelope


@dataclass(frozen=True)
class StoredClip:
    key: str  # in the prepared-clip cache
    length: int
    peak_db: float  # true peak, dBTP
    bins: np.ndarray  # K-weighted energy per energy_bin_size() samples
    envelope: np.ndarray  # true peak per ENVELOPE_STEP samples (the largest in each step)


class ClipStore(Mapping[str, np.ndarray]):
    """text → mix-ready samples (float32, mono, at ``sample_rate``)."""

    def __init__(self, cache: SpeechCache, sample_rate: int, recent: int = RECENT) -> None:
        self.cache = cache
        self.sample_rate = sample_rate
        self.recent = recent
        self._info: dict[str, StoredClip] = {}
        self._resident: dict[str, np.ndarray] = {}  # what the cache could not keep
        self._loaded: OrderedDict[str, np.ndarray] = OrderedDict()
        self._limited: dict[str, np.ndarray] = {}

    def store(self, key: str, samples: np.ndarray) -> StoredClip:
        """Write ``samples`` to the cache under ``key`` (if not there) and measure them; safe
        to run on several threads at once. ``add`` then gives the clip its texts."""
        samples = np.asarray(samples, dtype=np.float32)
        if not self.cache.path(key).is_file():
            self.cache.put(key, Clip(samples, self.sample_rate, "prepared"))
        return self._measure(key, samples)

    def add(self, texts: tuple[str, ...] | str, info: StoredClip, samples: np.ndarray) -> None:
        """Remember a stored clip for ``texts`` (on the thread that mixes)."""
        names = (texts,) if isinstance(texts, str) else texts
        kept = self.cache.path(info.key).is_file()
        for text in names:
            self._info[text] = info
            self._loaded.pop(text, None)
            if kept:
                self._resident.pop(text, None)
            else:
                self._resident[text] = samples

    def _measure(self, key: str, samples: np.ndarray) -> StoredClip:
        """Peak, energy profile and coarse peak envelope of a clip, cached beside it (as
        [peak_db, len(bins), *bins, *envelope])."""
        info_key = self.cache.key(f"clip-info-v2:{self.sample_rate}", key)
        hit = self.cache.get(info_key)
        if hit is not None and len(hit.samples) >= 2:
            return _unpack(key, len(samples), hit.samples)
        # measured once per clip: scipy is loaded only on a cold render, never for a warm plan
        from generator.master.limiter import oversampled_peak, peak_db
        from generator.master.loudness import energy_bin_size, energy_bins

        fine = oversampled_peak(samples[:, None]) if len(samples) else np.zeros(0, np.float32)
        steps = -(-len(fine) // ENVELOPE_STEP)
        padded = np.zeros(steps * ENVELOPE_STEP, dtype=np.float32)
        padded[: len(fine)] = fine
        envelope = padded.reshape(steps, ENVELOPE_STEP).max(axis=1)
        peak = peak_db(float(envelope.max(initial=0.0)))
        bins = energy_bins(samples, self.sample_rate, energy_bin_size(self.sample_rate))
        packed = np.concatenate([[peak, len(bins)], bins, envelope]).astype(np.float32)
        self.cache.put(info_key, Clip(packed, self.sample_rate, "clip-info"))
        return _unpack(key, len(samples), packed)

    def info(self, text: str) -> StoredClip:
        return self._info[text]

    def limited_bins(self, text: str, ceiling_dbtp: float) -> np.ndarray:
        """The clip's energy profile once a peak limiter holds it under ``ceiling_dbtp``:
        what mastering will leave of it. Remembered (in memory and in the cache) per ceiling.

        The limiter's gain is worked out on the coarse envelope (its window rounded up to
        whole steps; within 0.05 dB of the real limiter's energy, tests/test_clips.py): no
        oversampling per ceiling, which a cold render's mastering search asks for several
        times per clip."""
        info = self._info[text]
        ceiling = round(ceiling_dbtp, 2)
        if info.peak_db <= ceiling:
            return info.bins
        key = self.cache.key(f"limited-bins-v2:{self.sample_rate}:{ceiling}", info.key)
        if key not in self._limited:
            hit = self.cache.get(key)
            if hit is not None:
                bins = np.asarray(hit.samples, dtype=np.float64)
            else:
                from generator.master.loudness import energy_bin_size, energy_bins

                gain = self._limiter_gain(info, ceiling)
                limited = self[text] * gain
                exact = energy_bins(limited, self.sample_rate, energy_bin_size(self.sample_rate))
                stored = exact.astype(np.float32)  # what a warm render reads back: renders
                bins = stored.astype(np.float64)  # must not depend on the cache's state
                self.cache.put(key, Clip(stored, self.sample_rate, "bins"))
            self._limited[key] = bins
        return self._limited[key]

    def _limiter_gain(self, info: StoredClip, ceiling_dbtp: float) -> np.ndarray:
        """Per-sample gain of a look-ahead limiter at ``ceiling_dbtp`` over the lone clip."""
        from generator.master.limiter import limiter_window, lone_clip_gain

        steps = -(-limiter_window(self.sample_rate) // ENVELOPE_STEP) + 1
        coarse = lone_clip_gain(info.envelope, ceiling_dbtp, steps)
        return np.repeat(coarse, ENVELOPE_STEP)[: info.length]

    def __getitem__(self, text: str) -> np.ndarray:
        if text in self._resident:
            return self._resident[text]
        if text in self._loaded:
            self._loaded.move_to_end(text)
            return self._loaded[text]
        info = self._info[text]
        clip = self.cache.get(info.key)
        if clip is None or len(clip.samples) != info.length:
            raise EngineError(
                f"a prepared voice clip disappeared from the cache at {self.cache.root} during "
                "the render; render again"
            )
        samples = np.asarray(clip.samples, dtype=np.float32)
        self._loaded[text] = samples
        while len(self._loaded) > self.recent:
            self._loaded.popitem(last=False)
        return samples

    def __iter__(self) -> Iterator[str]:
        return iter(self._info)

    def __len__(self) -> int:
        return len(self._info)

    def __contains__(self, text: object) -> bool:
        return text in self._info


def _unpack(key: str, length: int, packed: np.ndarray) -> StoredClip:
    """Copies, so the packed array (and a float64 envelope) is not kept alive per clip."""
    count = int(packed[1])
    return StoredClip(
        key,
        length,
        float(packed[0]),
        np.array(packed[2 : 2 + count], dtype=np.float64),
        np.array(packed[2 + count :], dtype=np.float32),
    )
