"""The validated session model: frozen dataclasses built by ``generator.script.load`` from a YAML script.

Every segment carries ``line`` (1-based line in its script) so later stages (plan, lint, render)
can report ``FILE:LINE:`` without going back to the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.script.format import FORMAT_VERSION


@dataclass(frozen=True)
class VoiceSettings:
    """Which engine speaks and how. ``None`` means the engine's calm default for the language."""

    engine: str = "auto"  # auto | pyttsx3 | espeak-ng | piper | recorded
    name: str | None = None  # engine voice id, e.g. "en-us" for espeak-ng
    rate: int | None = None  # words per minute
    pitch: int | None = None  # 0-100 (espeak-ng / pyttsx3)
    model: str | None = None  # piper: path to a .onnx voice (resolved, absolute)
    language: str = "en"
    line: int = 0  # script line of the voice: mapping (for messages)
    source: str | None = None  # the file that chose this voice, when not the script (a manifest)
    # recorded: the folder of recordings (resolved, absolute), and who speaks a line without one
    # (the settings above then describe that voice)
    folder: str | None = None
    fallback: str = "auto"  # auto | pyttsx3 | espeak-ng | piper | none


@dataclass(frozen=True)
class AmbientSettings:
    """The bed under the voice. ``level``: bed loudness relative to the voice while it speaks (dB)."""

    bed: str = "pink-noise"  # a built-in bed name, or "file" when ``file`` is set
    file: str | None = None  # resolved absolute path of a user audio file
    level: float = -15.0
    duck: float = 6.0  # how far the bed dips under speech (dB); in holds it is ``level + duck``
    fade_in: float = 3.0  # seconds
    fade_out: float = 6.0  # seconds
    seed: int | None = None  # None: derived from the script
    line: int = 0


@dataclass(frozen=True)
class LoudnessSettings:
    """How loud the mastered track is: ``measure`` speech (the voice, as heard over the bed, is
    brought to ``target``; the program falls where it falls) or program (the whole track)."""

    measure: str = "speech"  # speech | program
    target: float = -16.0  # LUFS
    line: int = 0


@dataclass(frozen=True)
class Pacing:
    """Gaps the planner leaves around speech (seconds)."""

    sentence_gap: float = 0.7  # after each sentence
    # after each clause inside a sentence (at , ; : and dashes): a calm teacher's comma pause,
    # well under the sentence gap; the heard silence is ~60 ms more (clips keep 10 ms before the
    # first sound and 50 ms after the last). 0: no split, the engine's own short comma pause
    clause_gap: float = 0.3
    lead_in: float = 2.0  # bed alone before the first word
    tail: float = 6.0  # bed alone after the last event (the fade-out happens here)


@dataclass(frozen=True)
class CareSettings:
    """Trauma-sensitive defaults; see ``generator.care``."""

    check_in_every: float = 90.0  # seconds; min 30
    opening: bool | str = True  # True: built-in; False: none; str: author text
    closing: bool | str = True
    resource: str | None = None  # an author-supplied line for the closing care note
    greeting: str | None = None  # said first, before the opening (e.g. with a listener's name)
    line: int = 0
    # longer gaps without a word get a soft chime (never in `silent` pauses)
    max_silence: float = 60.0
    # the author's own check-in lines (any language); each should offer a way out
    check_ins: tuple[str, ...] = ()
    # the longest quiet inside a hold or pause before a soft chime (at most 90 s)
    chime_every: float = 90.0
    # built-in safety notes (a pose's caution, rolling to one side before sitting up, the props
    # named in the opening) are spoken even beside the author's own words; False: never
    safety_notes: bool = True
    # extra pose notes switched on, e.g. ("hip_replacement", "pregnancy")
    cautions: tuple[str, ...] = ()
    # where the practice happens: floor, chair or bed; None: chair when every pose is a chair pose
    place: str | None = None


@dataclass(frozen=True)
class BellSettings:
    """Soft bells the planner adds by itself (a `- bell:` segment adds one anywhere)."""

    start: bool = False  # before the first word
    end: bool = False  # after the last word
    sides: bool = False  # before each side switch
    strikes: int = 1
    line: int = 0


@dataclass(frozen=True)
class Speak:
    text: str
    line: int
    allow: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pause:
    seconds: float
    line: int
    silent: bool = False  # the author asks for silence: no check-in fills it


@dataclass(frozen=True)
class Pose:
    pose: str  # as written by the author (resolved against the pose library later)
    hold: float | None  # seconds per side; None: the pose's default
    line: int
    sides: str | None = None  # none | left | right | both; None: the pose's default
    cue: str | None = None  # entry words; None: built-in
    switch: str | None = None  # side-switch words; None: built-in
    exit: str | None = None  # words to come out; None: built-in
    safety_note: bool = True  # False: this pose's built-in safety note is not said
    allow: tuple[str, ...] = ()


@dataclass(frozen=True)
class Breath:
    line: int
    pattern: str | None = None  # a named pattern, or None for explicit seconds
    inhale: float | None = None
    exhale: float | None = None
    hold_in: float = 0.0
    hold_out: float = 0.0
    rounds: int | None = None
    override: bool = False  # the author accepts a fast rate or a long block
    allow: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chapter:
    title: str
    line: int


@dataclass(frozen=True)
class Bell:
    line: int
    strikes: int = 1


Segment = Speak | Pause | Pose | Breath | Chapter | Bell


@dataclass(frozen=True)
class Session:
    path: str  # the script's path as the user gave it (used in messages)
    title: str
    segments: tuple[Segment, ...]
    author: str | None = None
    album: str | None = None
    genre: str | None = None
    year: int | None = None
    # written at the end of the track's description (comment tag, page, feed), never spoken
    description: str | None = None
    cover: str | None = None  # resolved path of the author's cover image
    cover_line: int = 0
    language: str = "en"
    address: str | None = None  # Spanish: "tú", "vos" or "usted"; None: the language's own
    voice: VoiceSettings = field(default_factory=VoiceSettings)
    ambient: AmbientSettings = field(default_factory=AmbientSettings)
    pacing: Pacing = field(default_factory=Pacing)
    care: CareSettings = field(default_factory=CareSettings)
    bells: BellSettings = field(default_factory=BellSettings)
    loudness: LoudnessSettings = field(default_factory=LoudnessSettings)
    length: float | None = None  # target length in seconds (fit to length)
    length_line: int = 0
    language_line: int = 0
    version: int = FORMAT_VERSION
    listener: str | None = None  # the name a manifest row greets (tagged: publish warns of it)
