"""A recording read and checked: decoded by ffmpeg (any of wav, flac, mp3, ogg, m4a; any sample
rate; mono or stereo) through ``generator.runner``, so every decode is bounded in length and in
time, then refused with one line naming the file when it cannot be a spoken line.

What is refused, before any work: a file that cannot be read or decoded, an empty one, one
longer than ``MAX_RECORDING_S`` (a long take, not a line), a clipped one (more than 0.1 % of its
samples at full scale, in any channel: within 0.1 dB of it, or 1 dB in a lossy file, whose coding
leaves a clipped peak ringing around full scale: measured, LAME brings a 6 dB clip down to under
0.01 % of samples over -0.1 dBFS but 0.7-1.3 % over -1 dBFS, against under 0.07 % for speech
that only touches full scale), and a silent one (nothing louder than ``SILENT_DBFS``,
or nothing standing ``MIN_SPEECH_OVER_NOISE_DB`` out of its own background noise).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from generator import runner
from generator.errors import AudioToolFailed, InputError
from generator.speech.engine import WAVE_FLOAT, WAVE_PCM, wav_chunks
from generator.speech.recording_names import shown

MAX_RECORDING_S = 120.0  # one line: a longer file is a long take or the wrong file
MAX_TAKE_S = 40 * 60.0  # a long take to split into lines
MAX_FILE_BYTES = 512 * 2**20  # read (and hashed) no further
FULL_SCALE = 10 ** (-0.1 / 20)  # a sample at least this loud counts as clipped ...
LOSSY_FULL_SCALE = 10 ** (-1.0 / 20)  # ... in mp3, ogg or m4a, whose coding rounds off flat tops
LOSSY = (".mp3", ".ogg", ".m4a")
CLIPPED_FRACTION = 0.001  # more than 0.1 % of samples clipped: refused
SILENT_DBFS = -55.0  # the loudest 50 ms quieter than this: no speech in it
MIN_SPEECH_OVER_NOISE_DB = 10.0
FRAME_S = 0.010  # level analysis: 10 ms frames
DECODE_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Levels:
    """A recording's background noise and speech level (dBFS of 10 ms frames' RMS)."""

    noise_db: float  # the 10th percentile of the frames: the room between words
    speech_db: float  # the 98th percentile: the voice's vowels
    loudest_db: float  # the loudest 50 ms


def bad(path: Path, what: str) -> InputError:
    """The one line a bad recording gets: ``FILE: what is wrong; what to do``."""
    return InputError(f"{shown(path)}: {what}")


def check_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> int:
    """The file's size; InputError when it is no readable, non-empty regular file."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise bad(path, f"cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise bad(path, "is not a regular file")
    if not os.access(path, os.R_OK):
        raise bad(path, "cannot be read (permission denied); fix its permissions")
    if info.st_size == 0:
        raise bad(path, "is empty (0 bytes); record the line again")
    if info.st_size > max_bytes:
        raise bad(path, f"is {info.st_size / 2**20:.0f} MB, far too large for one line")
    return info.st_size


def decode(
    path: Path, seconds: float, channels: int | None = None, codec: str = "pcm_f32le"
) -> tuple[np.ndarray, int]:
    """At most ``seconds`` (plus a little, to tell a longer file) of ``path`` as ``(n,
    channels)`` at the file's own rate (all its channels, or downmixed to ``channels``): float32,
    or int16 with ``codec="pcm_s16le"`` (half the memory, for a long take)."""
    args = ["-nostdin", "-v", "error", "-i", str(path), "-t", f"{seconds + 1:g}"]
    args += ["-map", "0:a:0", "-vn", *(["-ac", str(channels)] if channels else [])]
    args += ["-f", "wav", "-acodec", codec, "-"]
    try:
        proc = runner.run("ffmpeg", args, timeout=DECODE_TIMEOUT_S, error=AudioToolFailed)
        return parse_wav(proc.stdout)
    except AudioToolFailed as exc:
        why = str(exc).replace(f"{path}: ", "")  # ffmpeg names the file; so does the message
        raise bad(
            path, f"is not audio ffmpeg can decode ({why}); save it as wav, flac, mp3, ogg or m4a"
        ) from None


def parse_wav(data: bytes) -> tuple[np.ndarray, int]:
    """``(n, channels)`` samples (float32, or int16 as stored) and the rate of a float or 16-bit
    WAV as ffmpeg writes it to a pipe (its lengths unknown: the data runs to the end)."""
    try:
        fmt, payload = wav_chunks(data)
    except ValueError as exc:
        raise AudioToolFailed(f"ffmpeg wrote no usable WAV: {exc}") from None
    if fmt[1] < 1 or fmt[2] < 1 or (fmt[0], fmt[3]) not in ((WAVE_FLOAT, 32), (WAVE_PCM, 16)):
        raise AudioToolFailed(f"unexpected WAV format {fmt}")
    tag, channels, rate, bits = fmt
    frame = channels * bits // 8
    payload = payload[: len(payload) - len(payload) % frame]
    dtype = "<f4" if tag == WAVE_FLOAT else "<i2"
    return np.frombuffer(payload, dtype=dtype).reshape(-1, channels), rate


def frame_db(x: np.ndarray, rate: int, frame_s: float = FRAME_S) -> np.ndarray:
    """RMS level (dBFS) of each whole ``frame_s`` frame of mono ``x``."""
    n = max(1, round(frame_s * rate))
    frames = x[: len(x) // n * n].astype(np.float64).reshape(-1, n)
    return 10 * np.log10(np.maximum(np.mean(frames**2, axis=1), 1e-14))


def levels(x: np.ndarray, rate: int) -> Levels:
    """Noise floor, speech level and the loudest 50 ms of mono ``x`` (at least one frame long)."""
    db = frame_db(x, rate)
    if len(db) == 0:
        return Levels(-140.0, -140.0, -140.0)
    power = 10 ** (db / 10)
    window = min(5, len(power))
    loudest = np.convolve(power, np.ones(window) / window, mode="valid").max()
    return Levels(
        noise_db=float(np.percentile(db, 10)),
        speech_db=float(np.percentile(db, 98)),
        loudest_db=float(10 * np.log10(max(loudest, 1e-14))),
    )


def read_recording(path: Path) -> tuple[np.ndarray, int, Levels]:
    """A line's recording as mono float32 at its own rate, with its levels; one InputError
    naming the file when it is unreadable, empty, too long, clipped or silent."""
    check_file(path)
    x, rate = decode(path, MAX_RECORDING_S)
    if len(x) == 0:
        raise bad(path, "holds no audio; record the line again")
    if len(x) > (MAX_RECORDING_S + 0.5) * rate:
        raise bad(
            path,
            f"is longer than {MAX_RECORDING_S / 60:g} minutes: far too long for one line (a long "
            "take? holdspace record SCRIPT --split TAKE cuts one into lines)",
        )
    top = LOSSY_FULL_SCALE if path.suffix.lower() in LOSSY else FULL_SCALE
    clipped = float(np.mean(np.abs(x) >= top))
    if clipped > CLIPPED_FRACTION:
        raise bad(
            path,
            f"is clipped: {100 * clipped:.1f} % of its samples are at full scale (more than "
            f"{100 * CLIPPED_FRACTION:g} %); record it again a little further from the "
            "microphone, or with the input level lower",
        )
    mono = x.mean(axis=1, dtype=np.float32) if x.shape[1] > 1 else x[:, 0].copy()
    found = levels(mono, rate)
    if found.loudest_db < SILENT_DBFS:
        raise bad(
            path,
            f"is silent: nothing in it is louder than {found.loudest_db:.0f} dBFS; is the "
            "microphone on? record the line again",
        )
    if found.loudest_db - found.noise_db < MIN_SPEECH_OVER_NOISE_DB:
        raise bad(
            path,
            f"holds no speech: nothing stands out of its background noise (loudest "
            f"{found.loudest_db:.0f} dBFS, noise {found.noise_db:.0f} dBFS); record the line "
            "again, closer to the microphone",
        )
    return mono, rate, found
