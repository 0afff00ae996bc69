"""Clip verification and WAV decoding: no engine's output is trusted blindly."""

from __future__ import annotations

import io
import struct
import wave

import numpy as np
import pytest

from generator.errors import InputError
from generator.speech.engine import (
    Clip,
    ClipRejected,
    check_text,
    plausible_duration,
    read_wav,
    verify_clip,
)

SR = 22050
TEXT = "Let your breath settle, slowly and gently."  # 7 words: 3.0 s expected at 140 wpm


def speechlike(seconds: float, amplitude: float = 0.1) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    return (amplitude * np.sin(2 * np.pi * 180 * t)).astype(np.float32)


def clip(samples: np.ndarray, rate: int = SR) -> Clip:
    return Clip(samples=samples, sample_rate=rate, engine="test")


def wav_bytes(samples: np.ndarray, channels: int = 1) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(SR)
        out.writeframes((np.repeat(samples, channels) * 32767).astype("<i2").tobytes())
    return buffer.getvalue()


def test_plausible_duration_bounds_for_a_seven_word_sentence() -> None:
    low, high = plausible_duration(TEXT, 140)
    assert low == pytest.approx(0.4 * 3.0)
    assert high == pytest.approx(2.5 * 3.0 + 1.0)  # 34 letters / 5 < 7 words


def test_digits_widen_the_upper_bound() -> None:
    assert (
        plausible_duration("Stay for 1990 breaths", 140)[1]
        > plausible_duration("Stay for some breaths", 140)[1]
    )


def test_a_plausible_clip_passes() -> None:
    good = clip(speechlike(3.2))
    assert verify_clip(good, TEXT, 140) is good


@pytest.mark.parametrize(
    ("samples", "rate", "reason"),
    [
        (np.zeros(0, np.float32), SR, "empty"),
        (np.zeros(3 * SR, np.float32), SR, "silent"),
        (speechlike(3.0, amplitude=0.001), SR, "silent"),
        (speechlike(0.5), SR, "lasts"),
        (speechlike(9.0), SR, "lasts"),
        (np.full(3 * SR, np.nan, np.float32), SR, "NaN"),
        (speechlike(3.0).astype(np.float64), SR, "float32"),
        (np.stack([speechlike(3.0)] * 2, axis=1), SR, "mono"),
        (speechlike(3.0), 100, "sample rate"),
    ],
    ids=[
        "empty",
        "silent",
        "near-silent",
        "too-short",
        "too-long",
        "nan",
        "float64",
        "stereo",
        "rate",
    ],
)
def test_implausible_clips_are_rejected(samples: np.ndarray, rate: int, reason: str) -> None:
    with pytest.raises(ClipRejected, match=reason):
        verify_clip(clip(samples, rate), TEXT, 140)


def test_clip_samples_are_read_only() -> None:
    shared = clip(speechlike(1.0))
    with pytest.raises(ValueError):
        shared.samples[0] = 1.0


@pytest.mark.parametrize("text", ["", "   ", "...", "—"], ids=["empty", "blank", "dots", "dash"])
def test_text_without_words_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError, match="nothing to speak"):
        check_text(text)


def test_whitespace_is_collapsed() -> None:
    assert check_text("  breathe \n in  ") == "breathe in"


def test_read_wav_round_trips_16_bit_pcm() -> None:
    samples = speechlike(0.5)
    decoded = read_wav(wav_bytes(samples), "test")
    assert decoded.sample_rate == SR
    assert decoded.samples.dtype == np.float32
    np.testing.assert_allclose(decoded.samples, samples, atol=1e-4)


def test_read_wav_trusts_bytes_over_espeak_ngs_bogus_lengths() -> None:
    data = bytearray(wav_bytes(speechlike(0.5)))
    data[4:8] = struct.pack("<I", 0x7FFFFFFF)  # RIFF size, as espeak-ng --stdout writes it
    data[40:44] = struct.pack("<I", 0x7FFFFFFF)  # data size
    data += b"\x01"  # an odd trailing byte is dropped, not misread
    assert len(read_wav(bytes(data), "espeak-ng").samples) == int(0.5 * SR)


def test_read_wav_averages_channels() -> None:
    decoded = read_wav(wav_bytes(speechlike(0.2), channels=2), "test")
    assert decoded.samples.ndim == 1 and len(decoded.samples) == int(0.2 * SR)


@pytest.mark.parametrize(
    "data",
    [b"", b"RIFF\x00\x00\x00\x00WAVE", b"not a wav file at all"],
    ids=["empty", "no-data", "junk"],
)
def test_read_wav_rejects_non_wav(data: bytes) -> None:
    with pytest.raises(ClipRejected):
        read_wav(data, "test")
