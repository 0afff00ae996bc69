"""A voice named in one word, as ``render --voice``, ``compose --voice``, ``new --voice`` and a
manifest's ``voice`` column take it: an engine, a voice id, or ``ENGINE:NAME``. Light on purpose
(no engine is imported): the commands that only write a script use it too; whether the voice
exists is checked where it is loaded, before the first clip."""

from __future__ import annotations

from dataclasses import replace

from generator.script.format import ENGINES
from generator.script.model import VoiceSettings


def voice_settings(value: str, base: VoiceSettings) -> VoiceSettings:
    """A voice named on the command line (``--voice``) or in a manifest's ``voice`` column: an
    engine (``espeak-ng``), a voice id from ``holdspace voices`` (``en-gb``, ``en_US-joe-medium``:
    the engine ``auto`` picks), or both (``piper:en_US-joe-medium``). The script's rate and pitch
    stay; its model or recordings folder does not."""
    engine, _, name = value.partition(":") if ":" in value else ("", "", value)
    if not engine and name in ENGINES:
        engine, name = name, ""
    return replace(
        base, engine=engine or "auto", name=name or None, model=None, folder=None, line=0
    )


def voice_yaml(value: str) -> str:
    """The script's ``voice:`` mapping for ``value`` (``{engine: piper, name: en_US-joe-medium}``);
    ValueError for an engine holdspace does not have, or ``recorded`` (which needs a folder)."""
    chosen = voice_settings(value.strip(), VoiceSettings())
    if chosen.engine == "recorded":
        raise ValueError(
            "recorded needs your recordings' folder: write voice: {engine: recorded, folder: "
            "…} in the script (docs/recording.md)"
        )
    if chosen.engine not in ENGINES:
        engines = ", ".join(e for e in ENGINES if e != "recorded")
        raise ValueError(f"unknown speech engine {chosen.engine!r}; use one of: {engines}")
    if chosen.name is None:
        return f"{{engine: {chosen.engine}}}"
    if not all(ch.isalnum() or ch in "-_.+" for ch in chosen.name):
        raise ValueError(f"{chosen.name!r} is not a voice id; holdspace voices lists them")
    return f"{{engine: {chosen.engine}, name: {chosen.name}}}"


def base_language(tag: str) -> str:
    """A language tag without its region ("en-GB", "es_MX", "es-419" → "en", "es", "es"): the
    language whose words and sounds are meant."""
    return tag.replace("_", "-").split("-")[0].lower()


def voice_language(name: str | None) -> str | None:
    """The language a voice id is for, from its first part (``en-gb``, ``en_US-joe-medium``,
    ``es-419``: en, en, es); None when the id does not say."""
    if not name:
        return None
    head = base_language(name.split("/")[-1])
    return head if head.isalpha() and len(head) in (2, 3) else None
