"""The script format in one place: its keys, kinds, names and every limit.

The loader (``generator.script.load``) checks scripts against these tables and the JSON schema
(``generator.script.schema``) is built from the same ones, so an editor's red squiggle and
``holdspace lint`` never disagree about a range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FORMAT_VERSION = 1
MAX_BYTES = 512 * 1024  # a script file; larger is almost certainly the wrong file
MAX_SEGMENTS = 2000
MAX_ITEM_S = 4 * 3600.0  # one pause, hold or length
MAX_TOTAL_S = 4 * 3600.0  # the whole session
MAX_TEXT_CHARS = 2000  # one text field; longer is almost certainly a paste error
MAX_TITLE_CHARS = 200
MAX_CHAPTER_CHARS = 120
MAX_LANGUAGE_CHARS = 12
MAX_PAUSE_MARKER_S = 600.0  # a [pause 10s] marker inside text


@dataclass(frozen=True)
class Range:
    """The values a number (or a duration, in seconds) may take, both ends included."""

    lo: float
    hi: float

    def __contains__(self, value: float) -> bool:
        return self.lo <= value <= self.hi


YEAR = Range(1900, 2999)
RATE = Range(60, 300)  # words per minute; Piper can go this slow
RATE_ESPEAK = Range(80, 300)  # espeak-ng (and pyttsx3, which drives it) speaks no slower than 80
PITCH = Range(0, 99)
AMBIENT_LEVEL = Range(-60, -6)  # dB of the bed under the voice
AMBIENT_DUCK = Range(0, 24)  # dB louder between cues
FADE_S = Range(0, 120)
SEED = Range(0, 2**32 - 1)
PACING_S = Range(0, 30)  # sentence_gap, lead_in, tail
CLAUSE_GAP_S = Range(0, 5.0)  # a comma pause; a longer silence is a [pause 10s] marker
CHECK_IN_EVERY_S = Range(30, 180)
MAX_SILENCE_S = Range(30, 600)
# the longest quiet inside a hold or pause before a soft chime, whatever max_silence says: past
# about 90 s a listener may wonder whether the track has stopped
CHIME_EVERY_S = Range(30, 90)
BREATH_PHASE_S = Range(0, 60)
BREATH_ROUNDS = Range(1, 200)
BELL_STRIKES = Range(1, 5)
LOUDNESS_LUFS = Range(-30, -10)  # a speech or program loudness target
HOLD_S = Range(0, MAX_ITEM_S)
PAUSE_S = Range(0, MAX_ITEM_S)
LENGTH_S = Range(60, MAX_ITEM_S)

ENGINES = ("auto", "pyttsx3", "espeak-ng", "piper", "recorded")
# who speaks the lines a recorded voice has no recording of: auto (the usual engine choice), an
# engine, or none (refuse to render while lines are missing)
FALLBACKS = ("auto", "pyttsx3", "espeak-ng", "piper", "none")
SIDES = ("none", "left", "right", "both")
SEGMENT_KINDS = ("speak", "pause", "pose", "breath", "chapter", "bell")
# care: {place: ...}: where the practice happens (the built-in opening speaks of it)
PLACES = ("floor", "chair", "bed")
# care: {cautions: [...]}: extra pose notes a script switches on (generator/data/poses.yaml `notes`)
CAUTIONS = ("hip_replacement", "pregnancy", "hypermobility")

TOP_KEYS = (
    "holdspace",
    "title",
    "author",
    "album",
    "genre",
    "year",
    "description",
    "cover",
    "language",
    "address",
    "voice",
    "ambient",
    "pacing",
    "care",
    "length",
    "bells",
    "loudness",
    "segments",
)
LOUDNESS_MEASURES = ("speech", "program")
ADDRESSES = ("tú", "vos", "usted")  # how Spanish built-in words speak to the listener
VOICE_KEYS = ("engine", "name", "rate", "pitch", "model", "folder", "fallback")
AMBIENT_KEYS = ("bed", "file", "level", "duck", "fade_in", "fade_out", "seed")
PACING_KEYS = ("sentence_gap", "clause_gap", "lead_in", "tail")
CARE_KEYS = (
    "check_in_every",
    "max_silence",
    "check_ins",
    "opening",
    "closing",
    "resource",
    "greeting",
    "chime_every",
    "safety_notes",
    "cautions",
    "place",
)
SEGMENT_KEYS = {
    "speak": ("speak", "allow"),
    "pause": ("pause", "silent"),
    "pose": ("pose", "cue", "sides", "hold", "switch", "exit", "safety_note", "allow"),
    "breath": ("breath", "rounds", "override", "allow"),
    "chapter": ("chapter",),
    "bell": ("bell",),
}
BELL_KEYS = ("start", "end", "sides", "strikes")
BREATH_KEYS = ("pattern", "inhale", "exhale", "hold_in", "hold_out", "rounds", "override")
# words authors reach for instead of a segment kind: the kind they mean
KIND_SYNONYMS = {
    "rest": "pause",
    "wait": "pause",
    "silence": "pause",
    "say": "speak",
    "talk": "speak",
    "text": "speak",
    "breathe": "breath",
    "breathing": "breath",
    "asana": "pose",
    "posture": "pose",
    "section": "chapter",
    "chime": "bell",
    "gong": "bell",
}
# a visible suppression of a lint rule: "# holdspace: allow RULE[, RULE] because REASON"
# the reason may be given in Spanish too ("porque …"): a tester's "porque" was taken as no reason
ALLOW_COMMENT = re.compile(
    r"#\s*holdspace:\s*allow\s+([a-z-]+(?:\s*,\s*[a-z-]+)*)(?:\s+(?:because|porque)\s+(\S.*))?",
    re.I,
)
