"""MP3 encoding with ffmpeg: float PCM piped in, a CBR MP3 written to a real (temp) file.

ffmpeg writes the LAME/Xing header (encoder delay and padding, so players get the duration right)
only when its output is seekable, so the MP3 goes to a file, never to a pipe. Bit-exact flags
and no metadata keep the bytes reproducible; tags are added afterwards by ``generator.output.tags``.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from generator import runner
from generator.errors import EncodeError

BITRATES = (64, 96, 128, 160, 192, 256, 320)
STALL_TIMEOUT = 60.0  # seconds: ffmpeg takes a block in milliseconds; a minute means it is stuck
SAMPLE_RATES = (44100, 48000)
F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)  # Linux
PIPE_BYTES = 1 << 20  # a mixer block of stereo float32 (the most an unprivileged user may ask)


@dataclass(frozen=True)
class OutputFormat:
    sample_rate: int = 44100
    channels: int = 2
    bitrate: int = 128  # kb/s, constant bitrate: players seek CBR accurately in long tracks

    @property
    def ceiling_dbtp(self) -> float:
        """True-peak ceiling before encoding: lower bitrates overshoot more when decoded, and the
        MP3 itself must stay at or below -1 dBTP (at 128 kb/s, library tracks measured up to
        1.0 dB over a -2.0 ceiling, so it keeps 0.3 dB more)."""
        if self.bitrate >= 160:
            return -2.0
        return -2.3 if self.bitrate >= 128 else -2.5 if self.bitrate >= 96 else -3.5


def ffmpeg_args(fmt: OutputFormat, target: Path) -> list[str]:
    return [
        "-hide_banner", "-nostdin", "-loglevel", "error",
        "-f", "f32le", "-ar", str(fmt.sample_rate), "-ac", str(fmt.channels), "-i", "pipe:0",
        "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact",
        "-c:a", "libmp3lame", "-b:a", f"{fmt.bitrate}k", "-abr", "0",
        "-write_xing", "1", "-id3v2_version", "0", "-write_id3v1", "0",
        "-f", "mp3", "-y", str(target),
    ]  # fmt: skip


@functools.cache
def lame_scale(fmt: OutputFormat) -> float:
    """The level LAME's presets quietly apply (e.g. 0.95 at 128 kb/s, as a clipping guard).

    Measured once per format by encoding a short tone with the same settings, so the track can
    be pre-compensated and land on its loudness target whatever LAME version is installed.
    """
    rate = fmt.sample_rate
    t = np.arange(rate * 2) / rate
    tone = (0.25 * np.sin(2 * np.pi * 997 * t)).astype("<f4")
    pcm = np.repeat(tone[:, None], fmt.channels, axis=1)
    with tempfile.TemporaryDirectory(prefix="holdspace-lame-") as tmp:
        probe = Path(tmp) / "probe.mp3"
        runner.run(
            "ffmpeg", ffmpeg_args(fmt, probe), timeout=60, input=pcm.tobytes(), error=EncodeError
        )
        out = runner.run(
            "ffmpeg",
            ["-v", "error", "-i", str(probe), "-af", "pan=mono|c0=c0", "-f", "f32le", "-"],
            timeout=60,
            error=EncodeError,
        ).stdout
    decoded = np.frombuffer(out, dtype="<f4")
    mid = slice(rate // 2, rate + rate // 2)
    scale = float(np.sqrt(np.mean(decoded[mid] ** 2)) / np.sqrt(np.mean(tone[mid] ** 2)))
    return scale if 0.5 < scale < 1.5 else 1.0


class Mp3Encoder:
    """Feed float blocks with ``write``; ``close`` waits for ffmpeg and checks it succeeded."""

    def __init__(self, fmt: OutputFormat, target: Path) -> None:
        self.fmt = fmt
        self.target = target
        self.compensate = np.float32(1.0 / lame_scale(fmt))
        self.proc = runner.start("ffmpeg", ffmpeg_args(fmt, target))
        # A pipe as large as a block lets us mix the next block while ffmpeg encodes this one.
        with contextlib.suppress(OSError, AttributeError, ValueError):
            assert self.proc.stdin is not None
            fcntl.fcntl(self.proc.stdin.fileno(), F_SETPIPE_SZ, PIPE_BYTES)
        self.stalled = False
        self._writing_since: float | None = None
        threading.Thread(target=self._watch, name="ffmpeg-watchdog", daemon=True).start()

    def _watch(self) -> None:
        """Kill ffmpeg when one block waits STALL_TIMEOUT to be taken: a stuck tool, never a hang."""
        while self.proc.poll() is None:
            since = self._writing_since
            if since is not None and time.monotonic() - since > STALL_TIMEOUT:
                self.stalled = True
                runner.kill(self.proc)
                return
            time.sleep(min(1.0, STALL_TIMEOUT / 4))

    def write(self, block: np.ndarray) -> None:
        data = np.ascontiguousarray(block * self.compensate, dtype="<f4").tobytes()
        self._writing_since = time.monotonic()
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(data)
        except (BrokenPipeError, OSError):
            if self.stalled:
                runner.stop(self.proc)
                raise EncodeError(
                    f"ffmpeg took no audio for {STALL_TIMEOUT:.0f} s and was stopped "
                    f"(is the disk of {self.target.parent} stuck?)"
                ) from None
            # ffmpeg died; close() reports why
            self.close(timeout=10)
            raise EncodeError("ffmpeg stopped while encoding") from None
        finally:
            self._writing_since = None

    def close(self, timeout: float = 120) -> None:
        runner.finish(self.proc, "ffmpeg", timeout=timeout, error=EncodeError)

    def abort(self) -> None:
        runner.stop(self.proc)
