"""Spoken clips on disk, keyed by everything that changes the audio, so re-renders are instant.

Key: sha256 of ``[voice.cache_key(), text]`` (engine, voice, rate, pitch, engine version, model
hash). Entry ``<root>/<key[:2]>/<key>.clip``, a self-checking binary format:

    MAGIC (8 bytes) | sha256(body) (32 bytes) | body
    body = sample_rate u32 | n_samples u64 | len(engine) u16 | engine utf-8 | float32 LE samples

A truncated or corrupted entry fails the length or checksum test, is deleted, and counts as a
miss, so it is synthesized again: never a crash, never garbage played. Samples stay float32 so a
cached clip is bit-identical to a fresh one (renders do not change with cache state).

Writes are atomic: a temp file in the entry's directory, then ``os.replace``. Two processes that
write the same entry both write complete files; whichever rename lands last wins, and either
is valid. The cache is an optimisation: a read or write error is logged and never fails a render.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import struct
import tempfile
from pathlib import Path

import numpy as np

from generator.speech.engine import Clip

log = logging.getLogger(__name__)

MAGIC = b"HSCLIP1\n"
_BODY_HEAD = struct.Struct("<IQH")
_DIGEST = 32


def default_root() -> Path:
    """$HOLDSPACE_CACHE_DIR, else ${XDG_CACHE_HOME:-~/.cache}/holdspace/speech."""
    override = os.environ.get("HOLDSPACE_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "holdspace" / "speech"


def encode_entry(clip: Clip) -> bytes:
    engine = clip.engine.encode("utf-8")
    samples = np.asarray(clip.samples, dtype="<f4")
    body = _BODY_HEAD.pack(clip.sample_rate, samples.size, len(engine)) + engine + samples.tobytes()
    return MAGIC + hashlib.sha256(body).digest() + body


def decode_entry(data: bytes) -> Clip | None:
    """The clip in ``data``, or None if it is not a complete, intact entry."""
    head = len(MAGIC) + _DIGEST
    if len(data) < head + _BODY_HEAD.size or not data.startswith(MAGIC):
        return None
    body = memoryview(data)[head:]
    if hashlib.sha256(body).digest() != data[len(MAGIC) : head]:
        return None
    rate, count, engine_len = _BODY_HEAD.unpack_from(body)
    start = _BODY_HEAD.size + engine_len
    if len(body) != start + 4 * count or count == 0:
        return None
    engine = bytes(body[_BODY_HEAD.size : start]).decode("utf-8", "replace")
    samples = np.frombuffer(data, dtype="<f4", count=count, offset=head + start)
    return Clip(samples=samples.astype(np.float32, copy=False), sample_rate=rate, engine=engine)


class SpeechCache:
    """Clips on disk. ``hits``/``misses`` count lookups since the last ``reset_counters()``
    (``synthesize_all`` resets them at its start, so they describe its last call)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_root()
        self.hits = 0
        self.misses = 0

    def reset_counters(self) -> None:
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(voice_key: str, text: str) -> str:
        return hashlib.sha256(json.dumps([voice_key, text]).encode("utf-8")).hexdigest()

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.clip"

    def get(self, key: str) -> Clip | None:
        """The cached clip, or None (counted as a miss) when absent, unreadable or corrupt."""
        path = self.path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = None
        except OSError as exc:
            log.warning("speech cache: cannot read %s: %s", path, exc)
            data = None
        clip = decode_entry(data) if data is not None else None
        if data is not None and clip is None:
            log.info("speech cache: %s is damaged; it will be spoken again", path)
            with contextlib.suppress(OSError):
                path.unlink()
        if clip is None:
            self.misses += 1
        else:
            self.hits += 1
        return clip

    def put(self, key: str, clip: Clip) -> None:
        """Store ``clip`` atomically; a failure is logged, not raised."""
        keep(self.path(key), encode_entry(clip), f".{key[:8]}-")


def keep(path: Path, data: bytes, prefix: str = ".") -> bool:
    """Write ``data`` to ``path`` atomically (a temp file beside it, then ``os.replace``), for
    files that are an optimisation: a failure is logged and returns False, never raised."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
        tmp = None
        return True
    except OSError as exc:
        log.warning("speech cache: cannot write %s: %s", path, exc)
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
