"""The espeak-ng command line as an engine, and the voice list pyttsx3 shares with it.

``espeak-ng -v VOICE -s WPM -p PITCH -b 1 --stdout --stdin`` writes a WAV to stdout; the text goes
through stdin so a sentence starting with "-" is never read as an option. pyttsx3's espeak driver
uses the same library, so for the same voice and rate both produce the same samples (measured
identical across voices, variants and pitches): this is pyttsx3's fallback as well as an engine
of its own.

Voice names are checked against ``espeak-ng --voices`` because neither espeak-ng nor pyttsx3
complains about an unknown variant ("en-us+zz") and pyttsx3 silently keeps its default voice for
an unknown name. Names are canonicalised to the Language column ("en-us"), which both accept.
"""

from __future__ import annotations

import difflib
import functools
import json
import logging
import re
from dataclasses import dataclass
from typing import ClassVar

from generator.errors import InputError
from generator.runner import run
from generator.script.format import ENGINES
from generator.speech.engine import Clip, VoiceInfo, check_text, read_wav, verify_clip
from generator.speech.rates import espeak_setting

log = logging.getLogger(__name__)

DEFAULT_PITCH = 50
RATE_RANGE = (80, 300)  # espeak-ng's slowest; the script format's fastest
DEFAULT_VOICES = {"en": "en-us", "es": "es"}
SUGGESTED = ("en-us", "en-gb", "es", "es-419")
_TIMEOUT = 30.0


@functools.lru_cache(maxsize=1)
def espeak_version() -> str:
    """The espeak-ng version, e.g. "1.51": part of cache keys, as new versions sound different."""
    out = run("espeak-ng", ["--version"], timeout=_TIMEOUT).stdout.decode("utf-8", "replace")
    match = re.search(r"text-to-speech:\s*(\S+)", out)
    return match.group(1) if match else out.strip()


def _parse_voices(text: str) -> list[tuple[str, str, str]]:
    """(language, name, file) rows of ``espeak-ng --voices`` output; mbrola voices dropped."""
    rows = []
    for line in text.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 5 and not parts[4].startswith("mb/"):
            rows.append((parts[1], parts[3], parts[4]))
    return rows


@functools.lru_cache(maxsize=1)
def espeak_voices() -> tuple[tuple[str, str, str], ...]:
    """Installed espeak-ng voices as (language id, display name, file) rows."""
    out = run("espeak-ng", ["--voices"], timeout=_TIMEOUT).stdout.decode("utf-8", "replace")
    return tuple(_parse_voices(out))


@functools.lru_cache(maxsize=1)
def espeak_variants() -> dict[str, str]:
    """Variants usable as "VOICE+variant", lower-case name -> file name ("alex" -> "Alex")."""
    out = run("espeak-ng", ["--voices=variant"], timeout=_TIMEOUT).stdout.decode("utf-8", "replace")
    names = (f.split("/", 1)[-1] for _, _, f in _parse_voices(out))
    return {name.lower(): name for name in names}


def list_espeak_voices(engine: str = "espeak-ng") -> list[VoiceInfo]:
    """Rows for ``holdspace voices``; pyttsx3 takes the same names."""
    return [
        VoiceInfo(
            engine, lang, lang, name.replace("_", " "), f"voice: {{engine: {engine}, name: {lang}}}"
        )
        for lang, name, _ in espeak_voices()
    ]


def resolve_espeak_voice(
    name: str | None, language: str, file: str | None = None, line: int | None = None
) -> str:
    """The canonical espeak-ng voice for ``name`` (or the language's default), or InputError."""
    by_id: dict[str, str] = {}
    for lang, _, voice_file in espeak_voices():
        by_id.setdefault(lang.lower(), lang)
        by_id.setdefault(voice_file.lower(), lang)
    if name is None:
        lang = language.replace("_", "-").lower()
        primary = lang.split("-")[0]
        # Spanish of the Americas (es-AR, es-MX…): Latin America's voice, not Spain's
        americas = "es-419" if primary == "es" and lang not in ("es", "es-es") else None
        for candidate in (
            DEFAULT_VOICES.get(lang),
            lang,
            americas,
            DEFAULT_VOICES.get(primary),
            primary,
        ):
            if candidate and candidate in by_id:
                return by_id[candidate]
        raise InputError(
            f"no espeak-ng voice for language '{language}'; set voice: {{name: ...}} to one "
            "of the voices `holdspace voices` lists",
            file,
            line,
        )
    base, plus, variant = name.strip().partition("+")
    canonical = by_id.get(base.lower())
    if canonical is None:
        languages = [lang.lower() for lang, _, _ in espeak_voices()]
        close = difflib.get_close_matches(base.lower(), languages, n=4, cutoff=0.6)
        hint = ", ".join(dict.fromkeys([*close, *SUGGESTED]))
        engine = difflib.get_close_matches(base.lower(), ENGINES, n=1, cutoff=0.7)
        meant = f"; or the engine {engine[0]}?" if engine else ""  # "espeak" for espeak-ng
        raise InputError(
            f"unknown espeak-ng voice '{name}'; try one of: {hint} (holdspace voices lists "
            f"them){meant}",
            file,
            line,
        )
    if not plus:
        return canonical
    if variant.lower() not in espeak_variants():
        raise InputError(
            f"unknown espeak-ng variant '{variant}' in voice '{name}'; try e.g. {canonical}+f3 "
            "(espeak-ng --voices=variant lists them)",
            file,
            line,
        )
    return f"{canonical}+{espeak_variants()[variant.lower()]}"


def espeak_file_id(voice: str) -> str:
    """The voice file id for a canonical name ("en-gb+f3" -> "gmw/en+f3").

    pyttsx3 sets voices with espeak_SetVoiceByName, which rejects some language ids ("en-gb",
    "fr-fr") yet accepts every file id; the CLI accepts both but ignores a variant after some
    language ids. File ids make both engines speak the same voice.
    """
    base, plus, variant = voice.partition("+")
    files = {lang.lower(): voice_file for lang, _, voice_file in espeak_voices()}
    return files.get(base.lower(), base) + plus + variant


def check_rate(rate: int, file: str | None = None, line: int | None = None) -> int:
    low, high = RATE_RANGE
    if not low <= rate <= high:
        raise InputError(
            f"voice rate {rate} is outside {low}-{high} words per minute; calm speech is "
            "about 120-140",
            file,
            line,
        )
    return rate


def check_pitch(pitch: int, file: str | None = None, line: int | None = None) -> int:
    if not 0 <= pitch <= 100:
        raise InputError(f"voice pitch {pitch} is outside 0-100 (50 is neutral)", file, line)
    return pitch


def speak_cli(voice: str, rate: int, pitch: int, text: str) -> Clip:
    """One unverified clip from the espeak-ng command line at ``rate`` heard words a minute
    (``generator.speech.rates`` maps it to espeak's ``-s``; pitch capped at its maximum, 99).

    Given the file id: ``-v en-gb+f3`` silently drops the variant, ``-v gmw/en+f3`` keeps it.
    """
    voice = espeak_file_id(voice)
    args = [
        "-v",
        voice,
        "-s",
        str(espeak_setting(rate, voice)),
        "-p",
        str(min(pitch, 99)),
        "-b",
        "1",
        "--stdout",
        "--stdin",
    ]
    proc = run("espeak-ng", args, timeout=_TIMEOUT + len(text) / 10, input=text.encode("utf-8"))
    return read_wav(proc.stdout, "espeak-ng")


@dataclass(frozen=True)
class EspeakVoice:
    """The espeak-ng CLI as a voice: deterministic, a process per clip, safe to run in parallel."""

    voice: str
    rate: int
    pitch: int
    version: str
    note: str = ""

    engine: ClassVar[str] = "espeak-ng"
    parallel: ClassVar[bool] = True

    @property
    def label(self) -> str:
        return f"espeak-ng {self.voice}"

    def describe(self) -> str:
        text = (
            f"espeak-ng {self.version} voice {self.voice} at {self.rate} wpm (-s "
            f"{espeak_setting(self.rate, self.voice)}), pitch {self.pitch}"
        )
        return f"{text} ({self.note})" if self.note else text

    def cache_key(self) -> str:
        fields = {
            "engine": "espeak-ng",
            "voice": self.voice,
            "rate": self.rate,
            # its -s: what "rate" meant before it meant heard words a minute
            "speed": espeak_setting(self.rate, self.voice),
            "pitch": min(self.pitch, 99),
            "version": self.version,
        }
        return json.dumps(fields, sort_keys=True)

    def synthesize(self, text: str) -> Clip:
        clean = check_text(text)
        clip = verify_clip(speak_cli(self.voice, self.rate, self.pitch, clean), clean, self.rate)
        log.debug("espeak-ng spoke %r (%.2f s)", clean, clip.duration)
        return clip

    def release(self) -> None:
        """Nothing is held between clips (each is its own process)."""
