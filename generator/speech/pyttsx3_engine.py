"""pyttsx3 (espeak driver), the card's default engine, made trustworthy.

Each clip is spoken by ``pyttsx3_worker`` in a fresh interpreter (pyttsx3 2.99 keeps per-process
state; the worker's docstring lists the races it works around), then verified (``verify_clip``). A clip that
fails is retried once in another fresh process; if that fails too, the espeak-ng command line
speaks it with the same voice, rate and pitch (the same library, so the same sound). ``Clip.engine``
records who spoke, and the fallback is logged at info level.
"""

from __future__ import annotations

import functools
import json
import logging
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import ClassVar

from generator.errors import EngineError, Pyttsx3Unusable
from generator.runner import run_python
from generator.speech.engine import Clip, check_text, read_wav, verify_clip
from generator.speech.espeak_engine import speak_cli
from generator.speech.rates import espeak_setting

log = logging.getLogger(__name__)

WORKER = "generator.speech.pyttsx3_worker"
EXIT_UNUSABLE = 3  # pyttsx3_worker's codes (not imported: keeps the worker module cold)
EXIT_BAD_VOICE = 4
ATTEMPTS = 2


def _last_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1].strip() if lines else "no message"


def pyttsx3_version() -> str:
    try:
        return metadata.version("pyttsx3")
    except metadata.PackageNotFoundError:
        return "not installed"


@functools.lru_cache(maxsize=1)
def probe() -> None:
    """Start pyttsx3 once in a worker (about 0.25 s) so a missing library is reported up front."""
    proc = run_python(WORKER, ["--probe"], timeout=60, check=False)
    if proc.returncode == EXIT_UNUSABLE:
        raise Pyttsx3Unusable(_last_line(proc.stderr))
    if proc.returncode != 0:
        raise EngineError(
            f"pyttsx3 failed to start (exit {proc.returncode}): {_last_line(proc.stderr)}"
        )


def run_worker(voice: str, rate: int, pitch: int, text: str) -> Clip:
    """One unverified clip from pyttsx3 in a fresh process; its output never reaches our stdout."""
    with tempfile.TemporaryDirectory(prefix="holdspace-pyttsx3-") as tmp:
        out = Path(tmp) / "clip.wav"
        timeout = 30 + len(text.split()) * 0.5  # its buffer grows quadratically on long texts
        args = ["--voice", voice, "--rate", str(rate), "--pitch", str(pitch), "--out", str(out)]
        args += ["--wait", str(timeout - 5)]
        proc = run_python(WORKER, args, timeout=timeout, input=text.encode("utf-8"), check=False)
        for name, stream in (("stdout", proc.stdout), ("stderr", proc.stderr)):
            if stream:
                log.debug("pyttsx3 worker %s: %s", name, stream.decode("utf-8", "replace").strip())
        if proc.returncode in (EXIT_UNUSABLE, EXIT_BAD_VOICE):
            raise Pyttsx3Unusable(_last_line(proc.stderr))
        if proc.returncode != 0:
            raise EngineError(
                f"pyttsx3 worker failed (exit {proc.returncode}): {_last_line(proc.stderr)}"
            )
        if not out.is_file():
            raise EngineError("pyttsx3 wrote no file")
        return read_wav(out.read_bytes(), "pyttsx3")


@dataclass(frozen=True)
class Pyttsx3Voice:
    """pyttsx3 with its espeak-ng driver; a process per clip, so clips can be made in parallel.

    ``voice`` is the canonical name ("en-gb"); ``driver_voice`` what pyttsx3 is given ("gmw/en").
    """

    voice: str
    rate: int
    pitch: int
    espeak_version: str
    version: str
    note: str = ""
    driver_voice: str | None = None

    engine: ClassVar[str] = "pyttsx3"
    parallel: ClassVar[bool] = True

    @property
    def label(self) -> str:
        return f"pyttsx3 {self.voice}"

    def describe(self) -> str:
        text = (
            f"pyttsx3 {self.version} (espeak-ng {self.espeak_version}) voice {self.voice} "
            f"at {self.rate} wpm (rate {espeak_setting(self.rate, self.voice)}), pitch {self.pitch}"
        )
        return f"{text} ({self.note})" if self.note else text

    def cache_key(self) -> str:
        fields = {
            "engine": "pyttsx3",
            "voice": self.voice,
            "rate": self.rate,
            # its own rate setting: what "rate" meant before it meant heard words a minute
            "speed": espeak_setting(self.rate, self.voice),
            "pitch": self.pitch,
            "version": self.version,
            "espeak_version": self.espeak_version,
        }
        return json.dumps(fields, sort_keys=True)

    def synthesize(self, text: str) -> Clip:
        clean = check_text(text)
        reasons: list[str] = []
        for attempt in range(1, ATTEMPTS + 1):
            try:
                clip = verify_clip(
                    run_worker(
                        self.driver_voice or self.voice,
                        espeak_setting(self.rate, self.voice),
                        self.pitch,
                        clean,
                    ),
                    clean,
                    self.rate,
                )
            except Pyttsx3Unusable as exc:
                reasons.append(str(exc))
                break
            except EngineError as exc:
                reasons.append(f"attempt {attempt}: {exc}")
                log.debug("pyttsx3 attempt %d for %r rejected: %s", attempt, clean, exc)
                continue
            log.debug("pyttsx3 spoke %r (%.2f s, attempt %d)", clean, clip.duration, attempt)
            return clip
        log.info(
            "pyttsx3 failed for %r (%s); the espeak-ng command line speaks it", clean, reasons[-1]
        )
        try:
            clip = verify_clip(
                speak_cli(self.voice, self.rate, self.pitch, clean), clean, self.rate
            )
        except EngineError as exc:
            raise EngineError(
                f"could not speak {clean!r}: pyttsx3: {'; '.join(reasons)}; espeak-ng: {exc}"
            ) from exc
        log.debug("espeak-ng (fallback) spoke %r (%.2f s)", clean, clip.duration)
        return clip

    def release(self) -> None:
        """Nothing is held between clips (each is its own process)."""
