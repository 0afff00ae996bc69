"""Every planned length decodes to exactly that many samples, in ffmpeg too.

ffmpeg decodes a LAME MP3 up to 46 samples long when the track ends 1–46 samples into a frame;
the planner nudges lengths off those (``decodable_length``) and this checks the whole chain with
the real encoder and decoder.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from generator.output.encode import Mp3Encoder, OutputFormat
from generator.plan.planner import MP3_FRAME, decodable_length
from tests.audio_check import decoded_samples


def _encode(path: Path, samples: int, fmt: OutputFormat) -> None:
    rng = np.random.default_rng(samples)
    enc = Mp3Encoder(fmt, path)
    enc.write((rng.standard_normal((samples, fmt.channels)) * 0.05).astype(np.float32))
    enc.close()


def test_decodable_lengths_move_at_most_46_samples_and_only_off_the_short_trim() -> None:
    for samples in range(MP3_FRAME * 3, MP3_FRAME * 5):
        nudged = decodable_length(samples)
        assert 0 <= nudged - samples <= 46
        assert not 0 < nudged % MP3_FRAME < 47
        assert decodable_length(nudged) == nudged


@pytest.mark.parametrize("rest", [0, 1, 23, 46, 47, 600, 1151])
@pytest.mark.parametrize("fmt", [OutputFormat(), OutputFormat(sample_rate=48000, bitrate=64)])
def test_a_planned_length_decodes_exactly(tmp_path: Path, rest: int, fmt: OutputFormat) -> None:
    samples = decodable_length(MP3_FRAME * 200 + rest)
    _encode(tmp_path / "t.mp3", samples, fmt)
    assert decoded_samples(tmp_path / "t.mp3") == samples
