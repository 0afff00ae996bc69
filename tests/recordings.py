"""Made-up recordings for the recorded voice's tests: espeak-ng says a line, which is put at a
level (-30 to -6 dBFS peak), with 0.5-2 s of silence before and after it, over a low noise floor,
and encoded by ffmpeg in any format, rate and channel count, as a phone might have saved it.

``Recording.speech_s`` is the length of the words alone (espeak-ng's own silence cut off), what
the trimmed clip should come close to."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from generator.speech.engine import read_wav

ESPEAK_RATE = 22050
CODECS = {
    ".wav": ["-c:a", "pcm_s16le"],
    ".flac": ["-c:a", "flac"],
    ".mp3": ["-c:a", "libmp3lame", "-b:a", "128k"],
    ".ogg": ["-c:a", "libvorbis", "-q:a", "5"],
    ".m4a": ["-c:a", "aac", "-b:a", "128k"],
}


@dataclass(frozen=True)
class Recording:
    path: Path
    speech_s: float  # the words alone
    lead_s: float


def espeak(text: str, rate: int = 150) -> np.ndarray:
    """espeak-ng's clip of ``text`` (22.05 kHz), its own leading and trailing silence cut."""
    out = subprocess.run(
        ["espeak-ng", "--stdout", "-s", str(rate), "-v", "en-us"],
        input=text.encode(), capture_output=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    x = read_wav(out, "espeak-ng").samples.astype(np.float64)
    loud = np.flatnonzero(np.abs(x) > np.abs(x).max() * 0.01)
    return x[loud[0] : loud[-1] + 1]


def encode(x: np.ndarray, path: Path, rate: int = 44100, channels: int = 1) -> Path:
    """``x`` (mono float at 22.05 kHz) saved as ``path`` by ffmpeg, at ``rate`` and ``channels``."""
    raw = np.ascontiguousarray(x, dtype="<f4").tobytes()
    subprocess.run(
        ["ffmpeg", "-nostdin", "-y", "-v", "error", "-f", "f32le", "-ar", str(ESPEAK_RATE),
         "-ac", "1", "-i", "pipe:0", "-ar", str(rate), "-ac", str(channels),
         *CODECS[path.suffix.lower()], str(path)],
        input=raw, check=True, timeout=60,
    )  # fmt: skip
    return path


def make_recording(
    text: str,
    path: Path,
    *,
    peak_db: float = -12.0,
    lead_s: float = 1.0,
    trail_s: float = 1.0,
    noise_db: float = -70.0,
    rate: int = 44100,
    channels: int = 1,
    seed: int = 0,
) -> Recording:
    """``text`` said by espeak-ng, recorded as described in the module's doc, into ``path``."""
    words = espeak(text)
    words = words / np.abs(words).max() * 10 ** (peak_db / 20)
    x = np.concatenate(
        [np.zeros(round(lead_s * ESPEAK_RATE)), words, np.zeros(round(trail_s * ESPEAK_RATE))]
    )
    x += np.random.default_rng(seed).normal(0.0, 10 ** (noise_db / 20), len(x))
    encode(x, path, rate, channels)
    return Recording(path, len(words) / ESPEAK_RATE, lead_s)


def tone_file(
    path: Path, seconds: float, amplitude: float, rate: int = 44100, pad_s: float = 0.5
) -> Path:
    """A 440 Hz tone with ``pad_s`` of silence either side, saved as ``path`` (``amplitude`` 0:
    digital silence; over 1: clipped by the encoder)."""
    t = np.arange(round(seconds * ESPEAK_RATE)) / ESPEAK_RATE
    pad = np.zeros(round(pad_s * ESPEAK_RATE))
    return encode(np.concatenate([pad, amplitude * np.sin(2 * np.pi * 440 * t), pad]), path, rate)
