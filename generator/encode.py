"""MP3 encoding with ffmpeg: float PCM piped in, a CBR MP3 written to a real (temp) file.

ffmpeg writes the LAME/Xing header (encoder delay and padding, so players get the duration right)
only when its output is seekable, so the MP3 goes to a file, never to a pipe. Bit-exact flags
and no metadata keep the bytes reproducible; tags are added afterwards by ``generator.tags``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from generator import runner
from generator.errors import EncodeError

BITRATES = (64, 96, 128, 160, 192, 256, 320)
SAMPLE_RATES = (44100, 48000)


@dataclass(frozen=True)
class OutputFormat:
    sample_rate: int = 44100
    channels: int = 2
    bitrate: int = 128  # kb/s, constant bitrate: players seek CBR accurately in long tracks


def ffmpeg_args(fmt: OutputFormat, target: Path) -> list[str]:
    return [
        "-hide_banner", "-nostdin", "-loglevel", "error",
        "-f", "f32le", "-ar", str(fmt.sample_rate), "-ac", str(fmt.channels), "-i", "pipe:0",
        "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact",
        "-c:a", "libmp3lame", "-b:a", f"{fmt.bitrate}k", "-abr", "0",
        "-write_xing", "1", "-id3v2_version", "0", "-write_id3v1", "0",
        "-f", "mp3", "-y", str(target),
    ]  # fmt: skip


class Mp3Encoder:
    """Feed float blocks with ``write``; ``close`` waits for ffmpeg and checks it succeeded."""

    def __init__(self, fmt: OutputFormat, target: Path) -> None:
        self.fmt = fmt
        self.target = target
        self.proc = runner.start("ffmpeg", ffmpeg_args(fmt, target))

    def write(self, block: np.ndarray) -> None:
        data = np.ascontiguousarray(block, dtype="<f4").tobytes()
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(data)
        except (BrokenPipeError, OSError):
            # ffmpeg died; close() reports why
            self.close(timeout=10)
            raise EncodeError("ffmpeg stopped while encoding") from None

    def close(self, timeout: float = 120) -> None:
        runner.finish(self.proc, "ffmpeg", timeout=timeout, error=EncodeError)

    def abort(self) -> None:
        runner.stop(self.proc)
