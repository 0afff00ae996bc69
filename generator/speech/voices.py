"""The voices ``holdspace voices`` lists: each engine's voices here, grouped by engine, and for
each language with built-in words the voice ``engine: auto`` would use. Cheap: no voice is loaded
and onnxruntime is not imported (one ``espeak-ng --voices`` call)."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

from generator.care.data import LANGUAGES
from generator.errors import EngineError, InputError, ToolMissingError
from generator.speech import espeak_engine, piper_model

ENGINES = ("piper", "pyttsx3", "espeak-ng")


@dataclass(frozen=True)
class VoiceRow:
    """One voice of one engine."""

    engine: str
    id: str
    language: str
    name: str
    use: str  # what to write in a script
    default_for: tuple[str, ...] = ()  # languages engine: auto speaks with this voice

    def to_json(self) -> dict[str, object]:
        return {
            "engine": self.engine,
            "id": self.id,
            "language": self.language,
            "name": self.name,
            "use": self.use,
            "default_for": list(self.default_for),
        }


def piper_available() -> bool:
    return importlib.util.find_spec("piper") is not None


def default_voices() -> dict[str, tuple[str, str]]:
    """For each built-in language, the (engine, voice id) ``engine: auto`` picks here: a
    packaged Piper voice for the language, else pyttsx3 with espeak-ng's voice."""
    found: dict[str, tuple[str, str]] = {}
    models = piper_model.packaged_models() if piper_available() else []
    for lang in LANGUAGES:
        model = next((m for m in models if m.language == lang), None)
        if model is not None:
            found[lang] = ("piper", model.name)
            continue
        try:
            found[lang] = ("pyttsx3", espeak_engine.resolve_espeak_voice(None, lang))
        except (InputError, ToolMissingError):
            continue
    return found


def voice_rows(engine: str | None = None) -> list[VoiceRow]:
    """Every voice, grouped by engine (piper, pyttsx3, espeak-ng), each engine's defaults first.
    An espeak-ng id two voices share (``yue``) is given once; the second is named by its file."""
    if engine is not None and engine not in ENGINES:
        raise InputError(f"unknown speech engine '{engine}'; use one of: {', '.join(ENGINES)}")
    defaults = default_voices()
    rows: list[VoiceRow] = []
    if engine in (None, "piper"):
        if piper_available():
            rows += [
                VoiceRow("piper", v.id, v.language, v.name, v.how_to_use) for v in
                piper_model.list_piper_voices()
            ]  # fmt: skip
        elif engine == "piper":
            raise EngineError("piper is not installed; pip install -e .[piper]")
    espeak: list[tuple[str, str, str]] = []
    if engine in (None, "pyttsx3", "espeak-ng"):
        try:
            espeak = _unique_ids(espeak_engine.espeak_voices())
        except ToolMissingError:
            if engine is not None:
                raise
    for name in ("pyttsx3", "espeak-ng"):
        if engine in (None, name):
            rows += [
                VoiceRow(name, vid, lang, label, f"voice: {{engine: {name}, name: {vid}}}")
                for vid, lang, label in espeak
            ]
    marked = [
        VoiceRow(r.engine, r.id, r.language, r.name, r.use,
                 tuple(lang for lang, (e, v) in defaults.items() if (e, v) == (r.engine, r.id)))
        for r in rows
    ]  # fmt: skip
    order = {name: i for i, name in enumerate(ENGINES)}
    return sorted(marked, key=lambda r: (order[r.engine], not r.default_for))


def _unique_ids(voices: tuple[tuple[str, str, str], ...]) -> list[tuple[str, str, str]]:
    """(id, language, name) rows with distinct ids."""
    seen: set[str] = set()
    out = []
    for lang, name, file in voices:
        vid = lang if lang.lower() not in seen else file
        seen.add(vid.lower())
        out.append((vid, lang, name.replace("_", " ")))
    return out
