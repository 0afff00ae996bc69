"""WAV stems (``--stems``): the voice alone and the ambient alone, 16-bit, written as the render
streams, so a stem is never held whole in memory."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np


class WavWriter:
    """A 16-bit PCM WAV file written block by block."""

    def __init__(self, path: Path, sample_rate: int, channels: int) -> None:
        self._wav = wave.open(str(path), "wb")  # noqa: SIM115 - closed by close()
        self._wav.setnchannels(channels)
        self._wav.setsampwidth(2)
        self._wav.setframerate(sample_rate)

    def write(self, x: np.ndarray) -> None:
        pcm = np.clip(np.round(x * 32767.0), -32768, 32767).astype("<i2")
        self._wav.writeframes(pcm.tobytes())

    def close(self) -> None:
        self._wav.close()
