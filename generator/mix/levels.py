"""Levels in the mix, relative to the voice: every voice clip is brought to ``VOICE_LUFS`` before
mixing, a bell sits under it, a chime under a bell, and the bed ``ambient.level`` dB under it while
the voice speaks. Mastering then moves everything together."""

from __future__ import annotations

VOICE_LUFS = -20.0  # every clip's loudness before mastering
BELL_UNDER_VOICE_DB = 4.0  # a bell's loudness under the voice: never louder than speech
CHIME_UNDER_BELL_DB = 10.0  # the soft chime that fills a long silence
BED_REFERENCE_LUFS = -23.0  # every bed is made this loud; the mixer places it under the voice
