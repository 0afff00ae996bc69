"""Speaking rates: each engine's default pace in words per minute, and a sentence's length
guessed from its words (for ``plan --estimate`` and the linter, which speak nothing)."""

from __future__ import annotations

import re

DEFAULT_RATE = {"espeak-ng": 140, "pyttsx3": 140, "piper": 145, "auto": 145}
_WORD = re.compile(r"\w+")
CLAUSE_OVERHEAD_S = 0.15  # a voice's breath in and trailing release around each clause


def default_rate(engine: str) -> int:
    return DEFAULT_RATE.get(engine, DEFAULT_RATE["auto"])


def estimated_seconds(text: str, rate: int | None, engine: str = "auto") -> float:
    """How long a voice speaking ``rate`` words a minute takes to say ``text``, roughly."""
    words = max(1, len(_WORD.findall(text)))
    return words * 60.0 / (rate or default_rate(engine)) + CLAUSE_OVERHEAD_S


def estimated_samples(text: str, rate: int | None, engine: str, sample_rate: int) -> int:
    return round(estimated_seconds(text, rate, engine) * sample_rate)
