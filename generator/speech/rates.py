"""Speaking rates. A script's ``rate`` is what a listener hears: words per minute of speaking,
counted as the plan counts them (words ÷ seconds of speech, pauses between clauses and sentences
not included). Each engine's own setting means something else, so it is mapped here from
measurements (60 sentences of the shipped sessions, 379 words; ``scripts/listen_check.py``
measures a finished track the same way):

- espeak-ng (and pyttsx3, which drives it): its ``-s`` words a minute count its own pauses, and
  its words per syllable differ by language: its English speech ran 1.275× the setting at every
  setting from 100 to 160 (setting 130 → 166 wpm), its Spanish 1.08× (Spanish words are longer).
  Its slowest setting, 80, speaks English at about 102 wpm. Other languages: 1.2, a guide.
- Piper (the packaged joe voice): seconds per word grew linearly with ``length_scale``:
  0.074 + 0.180 × length_scale (length_scale 1.0 → 236 wpm, 1.42 → 184, 2.06 → 135; within 1 %).
  Other Piper voices have other paces: for them the mapping is a guide.

The default is 130 wpm: calm guided practice is usually 120-140, slow enough to follow while
moving and breathing, not so slow that a sentence falls apart.
"""

from __future__ import annotations

import re

DEFAULT_RATE = 130
ESPEAK_SPEED_PER_SETTING = {"en": 1.275, "es": 1.082}  # heard wpm ÷ espeak-ng's -s, measured
ESPEAK_SPEED_UNMEASURED = 1.2
ESPEAK_SETTING_RANGE = (80, 450)  # what espeak-ng takes
PIPER_SECONDS_PER_WORD = (0.0741, 0.1796)  # a + b × length_scale
PIPER_MIN_LENGTH_SCALE = 0.3
_WORD = re.compile(r"\w+")


def _espeak_speed(voice: str) -> float:
    language = voice.replace("+", "-").split("-")[0].split("/")[-1].lower()
    return ESPEAK_SPEED_PER_SETTING.get(language, ESPEAK_SPEED_UNMEASURED)


def espeak_setting(rate: int, voice: str) -> int:
    """The ``-s`` that makes espeak-ng's ``voice`` speak ``rate`` heard words a minute (at its
    slowest setting it speaks English at about 102; a slower rate is spoken at that)."""
    low, high = ESPEAK_SETTING_RANGE
    return max(low, min(high, round(rate / _espeak_speed(voice))))


def espeak_slowest(voice: str) -> int:
    """The slowest heard words a minute espeak-ng's ``voice`` can speak."""
    return round(ESPEAK_SETTING_RANGE[0] * _espeak_speed(voice))


def piper_length_scale(rate: int) -> float:
    """Piper's ``length_scale`` for ``rate`` heard words a minute."""
    a, b = PIPER_SECONDS_PER_WORD
    return max(PIPER_MIN_LENGTH_SCALE, (60.0 / rate - a) / b)


def paced_as_measured(engine: str, name: str | None, model: str | None) -> bool:
    """Whether a voice speaks at the pace its rate is mapped to here, so a guess from word counts
    holds (on the shipped sessions, speech within 4 % of the guess): espeak-ng, pyttsx3 and the
    packaged Piper voice. Another Piper voice, or recordings, speak at their own pace."""
    if engine in ("auto", "espeak-ng", "pyttsx3"):
        return model is None
    if engine == "piper":
        return model is None and (name or "joe").lower() in ("joe", "en_us-joe-medium")
    return False


def estimated_seconds(text: str, rate: int | None) -> float:
    """How long a voice speaking ``rate`` words a minute takes to say ``text``, roughly."""
    words = max(1, len(_WORD.findall(text)))
    return words * 60.0 / (rate or DEFAULT_RATE)


def estimated_samples(text: str, rate: int | None, sample_rate: int) -> int:
    return round(estimated_seconds(text, rate) * sample_rate)
