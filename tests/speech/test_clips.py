"""The clip store: what planning and mastering know of each clip without holding its samples."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import speechlike

from generator.master.limiter import Limiter, true_peak_db
from generator.master.loudness import energy_bin_size, energy_bins
from generator.speech.cache import SpeechCache
from generator.speech.clips import ClipStore
from generator.speech.prepare import prepare_clip

SR = 44100


def _store(tmp_path: Path, text: str) -> tuple[ClipStore, np.ndarray]:
    store = ClipStore(SpeechCache(tmp_path / "prepared"), SR)
    samples = prepare_clip(speechlike(text, SR), SR, SR)
    store.add(text, store.store("k" * 64, samples), samples)
    return store, samples


def test_a_stored_clip_reads_back_with_its_exact_peak_and_energy(tmp_path: Path) -> None:
    store, samples = _store(tmp_path, "let the floor hold you for a while")
    info = store.info("let the floor hold you for a while")
    assert info.length == len(samples)
    assert abs(info.peak_db - true_peak_db(samples)) < 1e-3
    assert np.allclose(info.bins, energy_bins(samples, SR, energy_bin_size(SR)), rtol=1e-5)
    assert np.array_equal(store["let the floor hold you for a while"], samples)
    again = ClipStore(store.cache, SR)  # a warm render: the same numbers from the cache
    again.add("x", again.store("k" * 64, samples), samples)
    assert again.info("x").peak_db == info.peak_db
    assert np.array_equal(again.info("x").bins, info.bins)


@pytest.mark.parametrize("below_peak_db", [0.5, 2.0, 5.0])
def test_limited_energy_matches_the_real_limiter(tmp_path: Path, below_peak_db: float) -> None:
    """Mastering predicts what the limiter leaves of each clip from a coarse envelope; the
    streaming limiter run over the clip must agree on its energy to 0.05 dB."""
    text = "you might notice where your body meets the floor"
    store, samples = _store(tmp_path, text)
    ceiling = store.info(text).peak_db - below_peak_db
    lim = Limiter(SR, 1, ceiling)
    real = np.concatenate([lim.process(samples[:, None]), lim.flush()])[:, 0]
    want = energy_bins(real, SR, energy_bin_size(SR)).sum()
    got = store.limited_bins(text, ceiling).sum()
    assert abs(10 * np.log10(got / want)) <= 0.05
    assert got < energy_bins(samples, SR, energy_bin_size(SR)).sum()  # it did limit
