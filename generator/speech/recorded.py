"""Your own voice: every line taken from its recording in a folder, the lines not recorded spoken
by a fallback voice (or refused).

``voice: {engine: recorded, folder: my-voice, fallback: auto}``. The recording of a line is the
audio file named after its words (``generator.speech.recording_names``); it is read, checked and
cleaned (``recording_audio``, ``recording_clean``) and then prepared like any voice's clip.

The speech cache keys each line by what it is made of (``cache_keys``, asked once before
anything is spoken): a recorded line by its file's sha256 (a line recorded again is read again;
a renamed or moved file is not), a line not recorded by the fallback voice's own key, so it is
the very clip that voice speaks in any other render. Every recording not in the cache yet is
read and checked then, before any speech is made: a bad file stops the render with one line
naming it, and nothing is written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import InputError
from generator.speech.engine import Clip, Voice, plausible_duration, said_aloud
from generator.speech.recording_names import (
    LINES_CSV,
    audio_files,
    check_folder,
    line_stem,
    recording_of,
    shown,
)

if TYPE_CHECKING:
    from generator.speech.cache import SpeechCache

log = logging.getLogger(__name__)

RECORDED_VERSION = "recorded-v2"  # change when reading or cleaning a recording changes (v2: de-essed in prepare_clip)
SLOWEST_WPM = 60  # a recording may be this slow, and more (see too_long)
LISTED = 10  # missing lines named in a warning; the rest are counted
READERS = min(4, os.cpu_count() or 1)  # recordings read at once


class RecordedVoice:
    """The lines of ``folder``; ``fallback`` loads the voice for lines not recorded (None:
    refuse them). ``script`` and ``line`` place the refusal."""

    engine = "recorded"

    def __init__(
        self,
        folder: Path,
        fallback: Callable[[], Voice] | None,
        rate: int,
        script: str | None = None,
        line: int | None = None,
    ) -> None:
        check_folder(folder, script, line)
        self.folder = folder
        self.rate = rate  # the fallback's, for guesses; recordings have their own pace
        self.script = script
        self.line = line
        self.files = audio_files(folder)
        self.missing: list[str] = []  # lines the fallback speaks, in the order first asked
        self._load_fallback = fallback
        self._fallback: Voice | None = None
        self._digests: dict[Path, str] = {}
        self._lock = threading.Lock()

    @property
    def parallel(self) -> bool:
        """Recordings are read in other processes (ffmpeg); a fallback in this one (Piper)
        speaks in turn."""
        return self._fallback.parallel if self._fallback is not None else True

    @property
    def label(self) -> str:
        return f"{self.folder.name}/"

    def describe(self) -> str:
        said = f"your recordings in {self.folder.name}/"
        if self._fallback is not None and self.missing:
            n = len(self.missing)
            said += f" ({n} line{'s' if n != 1 else ''} by {self._fallback.describe()})"
        return said

    def cache_key(self) -> str:
        """What all lines share; ``cache_keys`` adds each one's own (its file's hash)."""
        return json.dumps({"engine": self.engine, "version": RECORDED_VERSION}, sort_keys=True)

    def recording(self, text: str) -> Path | None:
        return recording_of(self.files, line_stem(text))

    def cache_keys(self, texts: list[str], cache: SpeechCache) -> dict[str, str]:
        """Each line's key in the speech cache; every recording not cached yet is read, checked
        and cached now, before anything is spoken; lines not recorded go to the fallback (one
        warning), or are refused with ``fallback: none``."""
        found = {text: self.recording(text) for text in texts}
        missing = [text for text, path in found.items() if path is None]
        if missing and self._load_fallback is None:
            raise self.refusal(missing)
        recorded = {text: path for text, path in found.items() if path is not None}
        keys = {text: self.key_of(path) for text, path in recorded.items()}
        todo = [t for t in keys if not cache.path(cache.key(keys[t], t)).is_file()]

        def keep(text: str) -> None:
            cache.put(cache.key(keys[text], text), self.read(recorded[text], text))

        if todo:
            log.info(
                "reading %d recording%s in %s/",
                len(todo),
                "" if len(todo) == 1 else "s",
                shown(self.folder),
            )
        # each file is its own ffmpeg: several at once; the first bad one in order is reported,
        # and a failure (or Ctrl-C) drops the files not started yet
        pool = ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="recording")
        try:
            for _ in pool.map(keep, todo):
                pass
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            pool.shutdown()
        if missing:
            fallback = self.fallback()
            self.missing += [text for text in missing if text not in self.missing]
            key = fallback.cache_key()
            keys.update(dict.fromkeys(missing, key))
        return keys

    def key_of(self, path: Path) -> str:
        """The cache key of a recording: its content (sha256) and how it is read."""
        digest = self._digests.get(path)
        if digest is None:
            digest = file_sha256(path)
            self._digests[path] = digest
        fields = {"engine": self.engine, "sha256": digest, "version": RECORDED_VERSION}
        return json.dumps(fields, sort_keys=True)

    def read(self, path: Path, text: str) -> Clip:
        """The recording of ``text`` as a clip, checked and cleaned."""
        from generator.speech.recording_audio import bad, read_recording
        from generator.speech.recording_clean import clean

        samples, rate, _ = read_recording(path)
        clip = clean(samples, rate)
        longest = too_long(text)
        if len(clip) > longest * rate:
            raise bad(
                path,
                f"lasts {len(clip) / rate:.1f} s once the silence around it is trimmed, longer "
                f"than {text!r} can take to say (at most {longest:.1f} s): is it the right "
                "line, or is there another sound in it?",
            )
        return Clip(samples=clip, sample_rate=rate, engine=self.engine)

    def fallback(self) -> Voice:
        """The voice for lines not recorded, loaded the first time one is needed."""
        with self._lock:
            if self._fallback is None:
                assert self._load_fallback is not None
                self._fallback = self._load_fallback()
            return self._fallback

    def synthesize(self, text: str) -> Clip:
        path = self.recording(text)
        if path is None:
            if self._load_fallback is None:
                raise self.refusal([text])
            return self.fallback().synthesize(said_aloud(text))  # a phone number digit by digit
        return self.read(path, text)

    def release(self) -> None:
        if self._fallback is not None:
            self._fallback.release()

    @property
    def refuses_missing(self) -> bool:
        """``fallback: none``: a line not recorded is refused, never spoken."""
        return self._load_fallback is None

    def report(self, said: list[str]) -> None:
        """Once the plan is made: the lines it says that are not recorded are refused
        (``fallback: none``) or warned about once, spoken by the fallback; lines asked for only
        on the way to the plan (the opening's length before it settled) are forgotten, so the
        warning and the track's tag name only what the track says. ``said``: in speaking order."""
        not_recorded = [text for text in dict.fromkeys(said) if self.recording(text) is None]
        if not_recorded and self.refuses_missing:
            raise self.refusal(not_recorded)
        kept = set(said)
        self.missing = [text for text in self.missing if text in kept]
        if self.missing and self._fallback is not None:
            log.warning("%s", self.warning(self.missing, self._fallback))

    def warning(self, missing: list[str], fallback: Voice) -> str:
        n = len(missing)
        head = (
            f"holdspace: {n} line{'s' if n != 1 else ''} not recorded in "
            f"{shown(self.folder)}/, spoken by {fallback.describe()}; record "
            f"{'them' if n != 1 else 'it'} as (file,text, as in {LINES_CSV}):"
        )
        rows = [f"  {csv_row(line_stem(text), text)}" for text in missing[:LISTED]]
        if n > LISTED:
            rows.append(
                f"  … and {n - LISTED} more (holdspace record {self.script or 'SCRIPT'} --check "
                "lists every one)"
            )
        return "\n".join([head, *rows])

    def refusal(self, missing: list[str]) -> InputError:
        n = len(missing)
        listed = "; ".join(f"{line_stem(text)} {text!r}" for text in missing[:LISTED]) + (
            f"; and {n - LISTED} more" if n > LISTED else ""
        )
        return InputError(
            f"{n} line{'s' if n != 1 else ''} not recorded in {shown(self.folder)}/ and "
            f"fallback: none: {listed}; record {'them' if n != 1 else 'it'} (holdspace record "
            f"{self.script or 'SCRIPT'} --check lists every one) or remove fallback: none",
            self.script,
            self.line,
        )


def too_long(text: str) -> float:
    """The longest a recording of ``text`` may last once trimmed: the engine check's bound for
    a very slow voice, and a second more."""
    return plausible_duration(text, SLOWEST_WPM)[1] + 1.0


def csv_row(*fields: str) -> str:
    """One CSV row, quoted as ``lines.csv`` quotes it."""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(fields)
    return out.getvalue()


def file_sha256(path: Path) -> str:
    from generator.speech.recording_audio import bad, check_file

    check_file(path)
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise bad(path, f"cannot be read ({exc.strerror})") from None
    return digest.hexdigest()
