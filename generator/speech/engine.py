"""The engine interface every voice implements, and the checks every clip must pass.

Engines are interchangeable behind ``Voice``: ``synthesize(text)`` returns a verified ``Clip``.
pyttsx3 has been seen writing empty, silent or wrong clips (see notes/audio.md), so no engine's
output is trusted: ``verify_clip`` rejects a clip that is empty, silent, or whose duration is
implausible for its word count at the requested rate.

Duration bounds (``plausible_duration``), with ``expected = words * 60 / rate``:

* lower: ``0.4 * expected`` (floor 0.1 s). Engines measured here speak 0.65-1.5x expected; a clip
  below 40 % lost most of its words (truncated, or another, shorter text).
* upper: ``2.5 * expected_long + 1 s``, where ``expected_long`` counts every digit as a word
  ("1990" is spoken as several) and at least one word per 5 letters (long words take longer).
  Measured sentences stay below 1.3x; a single word is padded by the engine's end pause
  (espeak-ng: "Breathe." is 0.9 s at 140 wpm, 2.1x), hence the extra second.
"""

from __future__ import annotations

import math
import re
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # numpy is imported where clips are checked: listing voices needs none
    import numpy as np

from generator.errors import ClipRejected, InputError

RMS_FLOOR = 0.005  # about -46 dBFS; real speech measured 0.06-0.15 RMS
PEAK_FLOOR = 0.02
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, eq=False)
class Clip:
    """One spoken sentence: float32 mono samples in -1..1, and who actually spoke it.

    The samples are made read-only: one clip is shared by every place that speaks its text.
    """

    samples: np.ndarray
    sample_rate: int
    engine: str

    def __post_init__(self) -> None:
        self.samples.setflags(write=False)

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate


@dataclass(frozen=True)
class VoiceInfo:
    """One line of ``holdspace voices``."""

    engine: str
    id: str
    language: str
    name: str
    how_to_use: str


class Voice(Protocol):
    """What the renderer needs from a loaded voice (see ``generator.speech.select.load_voice``)."""

    engine: str
    rate: int
    parallel: bool  # True when synthesize() may run in several threads (subprocess engines)

    def describe(self) -> str: ...

    def cache_key(self) -> str: ...

    def synthesize(self, text: str) -> Clip: ...

    def release(self) -> None:
        """Let go of what synthesis holds (a neural model): called once a render has every
        clip, so the mix does not carry it. A later synthesize() loads it again."""


def voice_label(voice: Voice) -> str:
    """The voice in a few words for a listener's eyes (the MP3 comment: "piper es_ES-davefx-medium"),
    where ``describe`` gives its settings for the log; a voice without one is described."""
    return str(getattr(voice, "label", "") or voice.describe())


def check_text(text: str) -> str:
    """The text with whitespace collapsed; InputError when there is nothing to speak."""
    clean = " ".join(text.split())
    if not _WORD.search(clean):
        raise InputError(f"nothing to speak in {text!r}: it needs at least one word")
    return clean


# a run of digits in groups ("116 123", "0800 111 222", "+44 20 7946 0958", "024")
_DIGIT_RUN = re.compile(r"(?<![\w.,])\+?\d(?:[ .\-]?\(?\d\)?)*(?![\w])")
# words that say a number is to be dialled ("call 988", "llama al 024")
_DIAL = re.compile(
    r"\b(?:call|dial|text|phone|ring|number|line|helpline|hotline|message|llama|llamar|marca|"
    r"marcar|n[uú]mero|tel[eé]fono|l[ií]nea|whatsapp|sms|mensaje|escribe|escribir)(?:\s+\w+){0,2}\s+(?:on|at|al|a|el|to)?\W*$",
    re.IGNORECASE,
)


def said_aloud(text: str) -> str:
    """``text`` as a voice should read it: a phone number digit by digit, its groups apart
    ("116 123" → "1 1 6, 1 2 3", which every engine reads "one one six, one two three"; as
    written, a voice says "one hundred sixteen, one hundred twenty-three", which nobody can
    dial, in the one line meant for someone who may need it). A number is a phone number when
    it starts with + or 0, when it has five digits or more in more than one group, or when a
    word just before it says so ("call 988", "llama al 024"); years, counts and times are left
    as they are. Transcripts and captions keep the digits as written. Reading it twice changes
    nothing (a cluster worker is handed the text as read)."""

    def digits(m: re.Match[str]) -> str:
        run = m.group()
        count = sum(ch.isdigit() for ch in run)
        groups = [g for g in re.split(r"[ .\-()]+", run.lstrip("+")) if g]
        if len(groups) > 1 and all(len(g) == 1 for g in groups):
            return run  # said digit by digit already ("1 1 6"): reading it again changes nothing
        dialled = _DIAL.search(text[max(0, m.start() - 30) : m.start()]) is not None
        phone = (
            run.startswith("+")
            or (run.startswith("0") and count >= 3)
            or (count >= 5 and len(groups) > 1)
            or (dialled and count >= 3 and not (count == 4 and len(groups) == 1 and
                                               run[:2] in ("19", "20")))
        )  # fmt: skip
        if not phone:
            return run
        said = ", ".join(" ".join(group) for group in groups)
        return ("+ " if run.startswith("+") else "") + said

    return _DIGIT_RUN.sub(digits, text) if any(ch.isdigit() for ch in text) else text


_SPOKEN_SYMBOL = re.compile(r"[/:@_#<>=&%~\\|*+^{}\[\]$]|(?<=\w)[.-](?=\w)")


def plausible_duration(text: str, rate: int) -> tuple[float, float]:
    """(shortest, longest) seconds a clip of ``text`` spoken at ``rate`` wpm may last."""
    words = len(_WORD.findall(text))
    letters = sum(ch.isalpha() for ch in text)
    digits = sum(ch.isdigit() for ch in text)
    # a voice names symbols inside words ("example dot org slash help") and markup ("less than")
    symbols = len(_SPOKEN_SYMBOL.findall(text))
    expected = words * 60.0 / rate
    expected_long = max(words + digits + 2 * symbols, letters / 5.0 + 2 * symbols) * 60.0 / rate
    return max(0.1, 0.4 * expected), 2.5 * expected_long + 1.0


def verify_clip(clip: Clip, text: str, rate: int) -> Clip:
    """Return ``clip`` if it is plausible speech for ``text`` at ``rate``; else ClipRejected."""
    samples = clip.samples
    import numpy as np

    if samples.ndim != 1 or samples.dtype != np.float32:
        raise ClipRejected(f"clip is not float32 mono (shape {samples.shape}, {samples.dtype})")
    if not 8000 <= clip.sample_rate <= 96000:
        raise ClipRejected(f"implausible sample rate {clip.sample_rate}")
    if samples.size == 0:
        raise ClipRejected("clip is empty")
    if not np.isfinite(samples).all():
        raise ClipRejected("clip contains NaN or infinite samples")
    low, high = plausible_duration(text, rate)
    if not low <= clip.duration <= high:
        raise ClipRejected(
            f"clip lasts {clip.duration:.2f} s; expected {low:.2f}-{high:.2f} s for {text!r}"
        )
    rms = math.sqrt(float(np.mean(np.square(samples, dtype=np.float64))))
    peak = float(np.max(np.abs(samples)))
    if rms < RMS_FLOOR or peak < PEAK_FLOOR:
        raise ClipRejected(f"clip is silent (RMS {rms:.4f}, peak {peak:.3f})")
    return clip


WAVE_PCM, WAVE_FLOAT, WAVE_EXTENSIBLE = 1, 3, 0xFFFE


def wav_chunks(data: bytes) -> tuple[tuple[int, int, int, int], bytes]:
    """``((format tag, channels, rate, bits), sample bytes)`` of a RIFF WAV, raising ValueError
    with the reason when it is not one.

    Trusts the bytes actually present over the header: ``espeak-ng --stdout`` and ffmpeg writing
    to a pipe cannot seek back, so their RIFF and data lengths are placeholders (0x7fffffff,
    0xffffffff); a data length past the end means "to the end". WAVE_FORMAT_EXTENSIBLE is read
    as the format it wraps.
    """
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("not a WAV file")
    pos, fmt = 12, None
    while True:
        if pos + 8 > len(data):
            raise ValueError("WAV has no data chunk")
        chunk_id, size = struct.unpack_from("<4sI", data, pos)
        pos += 8
        if chunk_id == b"fmt ":
            body = data[pos : pos + size]
            if len(body) < 16:
                raise ValueError("WAV fmt chunk is truncated")
            tag, channels, rate, _, _, bits = struct.unpack_from("<HHIIHH", body)
            if tag == WAVE_EXTENSIBLE and len(body) >= 26:
                tag = struct.unpack_from("<H", body, 24)[0]
            fmt = (tag, channels, rate, bits)
        elif chunk_id == b"data":
            if fmt is None:
                raise ValueError("WAV has no fmt chunk")
            return fmt, data[pos : pos + size]  # a short slice when the header lies; that is fine
        pos += size + size % 2


def read_wav(data: bytes, engine: str) -> Clip:
    """Decode 16-bit PCM WAV bytes into a Clip (channels averaged)."""
    try:
        (audio_format, channels, rate, bits), payload = wav_chunks(data)
    except ValueError as exc:
        raise ClipRejected(str(exc)) from None
    if audio_format != WAVE_PCM or bits != 16 or channels < 1:
        raise ClipRejected(f"unsupported WAV format {audio_format}, {bits} bit, {channels} ch")
    frame = 2 * channels
    payload = payload[: len(payload) - len(payload) % frame]
    import numpy as np

    pcm = np.frombuffer(payload, dtype="<i2").reshape(-1, channels)
    samples = (pcm.astype(np.float32) / 32768.0).mean(axis=1, dtype=np.float32)
    return Clip(
        samples=np.ascontiguousarray(samples, dtype=np.float32), sample_rate=rate, engine=engine
    )
