"""A deterministic voice for tests: clip lengths are known to the sample, nothing is installed.

Each word lasts exactly ``60 / rate`` seconds of a quiet 220 Hz tone (RMS ≈ 0.07, like speech),
so plan, mix and cache tests can assert exact lengths (the idea of Piper's 1-second test voice).
Not offered by ``load_voice``: build ``FakeVoice()`` directly.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from generator.errors import EngineError
from generator.speech.engine import Clip, check_text

SAMPLE_RATE = 22050


@dataclass(frozen=True)
class FakeVoice:
    """Speaks a tone per word. ``spoken`` records every synthesize() call (thread-safe)."""

    name: str = "fake"
    rate: int = 140
    version: str = "1"
    parallel: bool = True
    fail_on: frozenset[str] = frozenset()  # texts whose synthesis raises EngineError
    spoken: list[str] = field(default_factory=list, compare=False, repr=False)

    engine: ClassVar[str] = "fake"
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def describe(self) -> str:
        return f"fake voice {self.name} at {self.rate} wpm"

    def cache_key(self) -> str:
        fields = {"engine": "fake", "voice": self.name, "rate": self.rate, "version": self.version}
        return json.dumps(fields, sort_keys=True)

    def samples_for(self, text: str) -> int:
        """Exact clip length in samples for ``text``."""
        words = len(re.findall(r"\w+", text))
        return round(words * 60 * SAMPLE_RATE / self.rate)

    def synthesize(self, text: str) -> Clip:
        clean = check_text(text)
        with self._lock:
            self.spoken.append(clean)
        if clean in self.fail_on:
            raise EngineError(f"fake failure for {clean!r}")
        t = np.arange(self.samples_for(clean), dtype=np.float64) / SAMPLE_RATE
        samples = (0.1 * np.sin(2 * np.pi * 220.0 * t)).astype(np.float32)
        return Clip(samples=samples, sample_rate=SAMPLE_RATE, engine="fake")

    def release(self) -> None:
        """Nothing is held between clips."""
