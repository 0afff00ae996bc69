"""Speech: text to verified clips, through pyttsx3, the espeak-ng command line or Piper, cached.

Imports are lazy (PEP 562): ``import generator.speech`` loads nothing, so the CLI starts fast and
each pyttsx3 worker process (``python -m generator.speech.pyttsx3_worker``) skips numpy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.speech.batch import synthesize_all, synthesize_each
    from generator.speech.cache import SpeechCache
    from generator.speech.engine import Clip, Voice, VoiceInfo
    from generator.speech.select import list_voices, load_voice

__all__ = [
    "Clip",
    "SpeechCache",
    "Voice",
    "VoiceInfo",
    "list_voices",
    "load_voice",
    "synthesize_all",
    "synthesize_each",
]

_WHERE = {
    "Clip": "engine",
    "Voice": "engine",
    "VoiceInfo": "engine",
    "SpeechCache": "cache",
    "synthesize_all": "batch",
    "synthesize_each": "batch",
    "load_voice": "select",
    "list_voices": "select",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
