"""A user's audio file as the bed, looped seamlessly.

The file is decoded once by ffmpeg (through ``generator.runner``, so it has a timeout and is
logged) to float32 at its own rate, downmixed or duplicated by ffmpeg to the output channel count,
resampled with soxr to the output rate, and turned into a seamless loop: the last ``L`` seconds
are laid over the first ``L`` with an equal-power (sine/cosine) crossfade, where
``L = min(2.5 s, a quarter of the file)``. Equal power keeps the level steady for the uncorrelated
material ambient recordings are. Reads then walk around that loop, so output is deterministic and
block-size independent.

Memory is bounded: only the first ``MAX_FILE_SECONDS`` (10 minutes) are decoded, which holds at
most ~212 MB of float32 at 44.1 kHz stereo however long the file is.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soxr

from generator import runner
from generator.errors import AudioToolFailed, InputError
from generator.master.loudness import LoudnessMeter
from generator.mix.beds.stream import Bed, gain_to_reference

MAX_FILE_SECONDS = 600.0  # decode at most this much of a long file
MIN_FILE_SECONDS = 0.5  # shorter files cannot loop without buzzing
CROSSFADE_SECONDS = 2.5  # the loop join, or a quarter of the file if that is shorter
_PROBE_TIMEOUT, _DECODE_TIMEOUT = 30.0, 300.0


@dataclass(frozen=True)
class AudioInfo:
    """What a probe learnt about an audio file."""

    sample_rate: int
    channels: int
    duration: float | None  # seconds, when the container says


def _fail(message: str, script: str | None, line: int) -> InputError:
    return InputError(message, script, line)


def probe_audio_file(path: str, script: str | None, line: int) -> AudioInfo:
    """Check that ``path`` is a readable, non-empty file ffmpeg can decode, before any work."""
    p = Path(path)
    name = p.name or path
    if not p.exists():
        raise _fail(
            f"ambient file '{name}' not found at {p} (relative paths are resolved from the "
            "script's folder); check the path",
            script,
            line,
        )
    if p.is_dir():
        raise _fail(
            f"ambient file '{name}' is a folder, not an audio file; name a file", script, line
        )
    if not os.access(p, os.R_OK):
        raise _fail(
            f"ambient file '{name}' cannot be read (permission denied); fix its permissions",
            script,
            line,
        )
    if p.stat().st_size == 0:
        raise _fail(f"ambient file '{name}' is empty (0 bytes); choose another file", script, line)
    args = [
        "-v",
        "error",
        "-show_entries",
        "stream=codec_type,sample_rate,channels:format=duration",
    ]
    try:
        proc = runner.run(
            "ffprobe", [*args, "-of", "json", str(p)], timeout=_PROBE_TIMEOUT, error=AudioToolFailed
        )
        info = json.loads(proc.stdout.decode("utf-8", "replace") or "{}")
    except (AudioToolFailed, ValueError) as exc:
        raise _fail(
            f"ambient file '{name}' is not audio ffmpeg can decode ({exc}); use wav, mp3, ogg or flac",
            script,
            line,
        ) from exc
    audio = [s for s in info.get("streams", []) if s.get("codec_type") == "audio"]
    if not audio:
        raise _fail(
            f"ambient file '{name}' has no audio stream; use wav, mp3, ogg or flac", script, line
        )
    duration = info.get("format", {}).get("duration")
    seconds = float(duration) if duration not in (None, "N/A") else None
    if seconds is None:  # the container does not say (e.g. a WAV with no frames): decode a little
        try:
            head = _decode(str(p), 1, 8000, seconds=MIN_FILE_SECONDS)
        except AudioToolFailed as exc:
            raise _fail(
                f"ambient file '{name}' could not be decoded ({exc})", script, line
            ) from exc
        seconds = len(head) / 8000 if len(head) < MIN_FILE_SECONDS * 8000 else None
    if seconds is not None and seconds < MIN_FILE_SECONDS:
        raise _fail(
            f"ambient file '{name}' is too short to loop ({seconds:.2f} s); use at least "
            f"{MIN_FILE_SECONDS} s of audio",
            script,
            line,
        )
    return AudioInfo(
        int(audio[0].get("sample_rate") or 0), int(audio[0].get("channels") or 0), seconds
    )


def _decode(path: str, channels: int, rate: int | None, seconds: float | None = None) -> np.ndarray:
    """The first ``seconds`` (default MAX_FILE_SECONDS) of ``path`` as float32 (n, channels), at
    ``rate`` if given, else at the file's own rate."""
    limit = MAX_FILE_SECONDS if seconds is None else seconds
    args = ["-nostdin", "-v", "error", "-i", path, "-t", f"{limit:g}", "-map", "0:a:0"]
    args += ["-vn", "-ac", str(channels), *(["-ar", str(rate)] if rate else [])]
    args += ["-f", "f32le", "-acodec", "pcm_f32le", "-"]
    proc = runner.run("ffmpeg", args, timeout=_DECODE_TIMEOUT, error=AudioToolFailed)
    return np.frombuffer(proc.stdout, dtype=np.float32).reshape(-1, channels)


def crossfade_length(n: int, sample_rate: int) -> int:
    """Samples of the loop crossfade for a file of ``n`` samples: min(2.5 s, n / 4)."""
    return max(1, min(round(CROSSFADE_SECONDS * sample_rate), n // 4))


def make_loop(x: np.ndarray, fade: int) -> np.ndarray:
    """A buffer that repeats seamlessly: its head is the file's tail crossfaded into its head.

    Played end to start, sample ``n - fade - 1`` of the file is followed by sample ``n - fade``
    (the crossfade begins with the tail at full gain), and the crossfade ends on the file's own
    head, so both joins are continuous.
    """
    period = len(x) - fade
    if not x.flags.writeable:
        x = x.copy()
    loop = x[:period]  # a view: the crossfade is written in place (head and tail are disjoint)
    t = (np.arange(fade, dtype=np.float64) + 0.5) / fade
    fade_in = np.sin(0.5 * np.pi * t).astype(np.float32)[:, None]
    fade_out = np.cos(0.5 * np.pi * t).astype(np.float32)[:, None]
    loop[:fade] = x[:fade] * fade_in + x[period:] * fade_out
    return loop


class FileBed(Bed):
    """Loops a decoded, resampled, calibrated audio file."""

    name = "file"

    def __init__(
        self, path: str, sample_rate: int, channels: int, script: str | None = None, line: int = 0
    ) -> None:
        super().__init__(sample_rate, channels)
        self.path = path
        name = Path(path).name
        info = probe_audio_file(path, script, line)
        try:
            raw = _decode(path, channels, None if info.sample_rate else sample_rate)
        except AudioToolFailed as exc:
            raise _fail(
                f"ambient file '{name}' could not be decoded ({exc})", script, line
            ) from exc
        if info.sample_rate and info.sample_rate != sample_rate and len(raw):
            raw = soxr.resample(raw, info.sample_rate, sample_rate, quality="HQ")
        if len(raw) < MIN_FILE_SECONDS * sample_rate:
            seconds = len(raw) / sample_rate
            raise _fail(
                f"ambient file '{name}' holds {seconds:.2f} s of audio, too short to loop; use at "
                f"least {MIN_FILE_SECONDS} s",
                script,
                line,
            )
        self.fade = crossfade_length(len(raw), sample_rate)
        loop = make_loop(raw, self.fade)
        del raw
        self.source_lufs, energies = _loop_loudness(loop, sample_rate)
        if not math.isfinite(self.source_lufs):
            raise _fail(
                f"ambient file '{name}' is silent; choose a file with sound in it", script, line
            )
        loop *= np.float32(gain_to_reference(self.source_lufs))
        self._loop = loop
        self.period = len(loop)  # samples before the stream repeats
        # power of each 100 ms of the loop as it plays, at the calibrated level
        self._subblock_power = (
            energies * gain_to_reference(self.source_lufs) ** 2 / (sample_rate / 10)
        )

    def _produce(self) -> np.ndarray:
        """One more pass of the loop (a view; ``read`` copies what it needs)."""
        return self._loop

    def power(self, t: np.ndarray) -> np.ndarray:
        position = np.round(np.asarray(t) * self.sample_rate).astype(np.int64) % self.period
        index = np.minimum(position * 10 // self.sample_rate, len(self._subblock_power) - 1)
        return self._subblock_power[index]


def _loop_loudness(loop: np.ndarray, sample_rate: int) -> tuple[float, np.ndarray]:
    """Loudness of the loop as it plays (at least 3 s of it, repeated, so short loops count),
    and the K-energies of its 100 ms sub-blocks."""
    meter = LoudnessMeter(sample_rate, loop.shape[1])
    needed = max(len(loop), 3 * sample_rate)
    fed = 0
    while fed < needed:
        meter.add(loop[: needed - fed])
        fed += min(len(loop), needed - fed)
    return meter.integrated(), meter.energies()
