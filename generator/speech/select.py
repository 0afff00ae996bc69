"""Turn VoiceSettings into a loaded Voice, checking everything before the first clip is spoken.

``auto`` picks Piper when it imports and has a voice for the language (a ``model``, a packaged
voice named by ``name``, or a packaged voice for the language), otherwise pyttsx3, and the
espeak-ng command line if pyttsx3 cannot start; describe() says why. An espeak-ng voice name
(``name: en-gb``) with ``auto`` means pyttsx3. ``recorded`` reads your own recordings
(``generator.speech.recorded``), with one of the others (``fallback``) for lines not recorded.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from generator.errors import EngineError, InputError, Pyttsx3Unusable, ToolMissingError
from generator.script.format import ENGINES
from generator.script.model import VoiceSettings
from generator.script.voices import base_language
from generator.speech import espeak_engine, piper_engine, piper_model, pyttsx3_engine
from generator.speech.engine import Voice
from generator.speech.rates import DEFAULT_RATE, espeak_slowest
from generator.speech.recorded import RecordedVoice

log = logging.getLogger(__name__)


def load_voice(settings: VoiceSettings, file: str | None = None, line: int | None = None) -> Voice:
    """The voice ``settings`` ask for; InputError (bad setting) or EngineError (missing tool)."""
    engine = settings.engine
    _check_engine(settings, file, line)
    if engine == "recorded":
        voice = _recorded(settings, file, line)
    elif engine == "auto":
        voice = _auto(settings, file, line)
    elif engine == "piper":
        voice = _piper(settings, "", file, line)
    elif engine == "espeak-ng":
        voice = _espeak(settings, "", file, line)
    else:
        voice = _pyttsx3(settings, "", file, line)
    log.debug("voice: %s", voice.describe())
    return voice


def check_voice(settings: VoiceSettings, file: str | None = None, line: int | None = None) -> None:
    """What ``load_voice`` would refuse in the settings' names and numbers, found without
    loading an engine or a voice (a plan guessed from the words, a batch's dry run): a voice
    misspelt is said there, not first at render. A tool missing is left to the render."""
    _check_engine(settings, file, line)
    if settings.engine == "recorded":
        if not settings.folder:
            raise InputError("voice engine: recorded needs folder: (your recordings)", file, line)
        if settings.fallback != "none":
            spoken = replace(settings, engine=settings.fallback, folder=None, fallback="auto")
            check_voice(spoken, file, line)
        return
    piper_named = settings.name is not None and any(
        m.answers_to(settings.name) for m in piper_model.packaged_models()
    )
    if settings.engine == "piper" or settings.model or (settings.engine == "auto" and piper_named):
        piper_model.find_model(settings.name, settings.model, settings.language, file, line)
    elif settings.name is not None:  # espeak-ng's voices, by pyttsx3 or the command line
        try:
            espeak_engine.resolve_espeak_voice(settings.name, settings.language, file, line)
        except ToolMissingError:
            return
    if settings.rate is not None and settings.engine in ("espeak-ng", "pyttsx3"):
        espeak_engine.check_rate(settings.rate, file, line)


def spoken_language(settings: VoiceSettings) -> str | None:
    """The language the voice named speaks ("en" for en-gb, en_US-joe-medium and its speaker
    part "joe"), or None when its name does not say (engine auto, a voice file)."""
    from generator.script.voices import voice_language

    if settings.name and settings.engine in ("auto", "piper"):
        for m in piper_model.packaged_models():
            if m.answers_to(settings.name):
                return m.language
    return voice_language(settings.name)


def _check_engine(settings: VoiceSettings, file: str | None, line: int | None) -> None:
    if settings.engine not in ENGINES:
        raise InputError(
            f"unknown speech engine '{settings.engine}'; use one of: {', '.join(ENGINES)}",
            file,
            line,
        )
    if settings.pitch is not None:
        espeak_engine.check_pitch(settings.pitch, file, line)


def _auto(settings: VoiceSettings, file: str | None, line: int | None) -> Voice:
    reason = piper_engine.piper_missing_reason()
    if reason is None:
        if settings.model or settings.name is None:
            model = piper_model.find_model(None, settings.model, settings.language, file, line)
            if model is not None:
                return _piper(settings, "auto: piper has a voice for this language", file, line)
            reason = f"no piper voice for language '{settings.language}'"
        elif any(m.answers_to(settings.name) for m in piper_model.packaged_models()):
            return _piper(settings, f"auto: '{settings.name}' is a piper voice", file, line)
        else:
            reason = f"'{settings.name}' is not a piper voice"
    elif settings.model:
        raise EngineError(f"{piper_engine.NOT_INSTALLED} (the voice names a piper model)")
    try:
        return _pyttsx3(settings, f"auto: {reason}", file, line)
    except Pyttsx3Unusable as exc:
        return _espeak(settings, f"auto: {reason}; pyttsx3 unusable: {exc}", file, line)


def _rate(settings: VoiceSettings, voice: str, file: str | None, line: int | None) -> int:
    """The heard words a minute for an espeak-ng voice (pyttsx3's too): checked, and said when
    the voice cannot go that slow."""
    rate = espeak_engine.check_rate(settings.rate or DEFAULT_RATE, file, line)
    if rate < espeak_slowest(voice):
        log.warning(
            "holdspace: espeak-ng's %s speaks no slower than about %d words a minute; rate %d "
            "is spoken at that",
            voice, espeak_slowest(voice), rate,
        )  # fmt: skip
    return rate


def _espeak(settings: VoiceSettings, note: str, file: str | None, line: int | None) -> Voice:
    if settings.model:  # it would be ignored, and the author would wonder why the voice is not it
        raise InputError(
            "a voice model file is only used by piper; set voice: {engine: piper}", file, line
        )
    version = espeak_engine.espeak_version()  # ToolMissingError when espeak-ng is not on PATH
    voice = espeak_engine.resolve_espeak_voice(settings.name, settings.language, file, line)
    return espeak_engine.EspeakVoice(
        voice=voice,
        rate=_rate(settings, voice, file, line),
        pitch=settings.pitch if settings.pitch is not None else espeak_engine.DEFAULT_PITCH,
        version=version,
        note=note,
    )


def _pyttsx3(settings: VoiceSettings, note: str, file: str | None, line: int | None) -> Voice:
    if settings.model:
        raise InputError(
            "a voice model file is only used by piper; set voice: {engine: piper}", file, line
        )
    cli_missing = False
    try:
        version = espeak_engine.espeak_version()
        name = espeak_engine.resolve_espeak_voice(settings.name, settings.language, file, line)
        driver_voice = espeak_engine.espeak_file_id(name)
    except ToolMissingError:
        # pyttsx3 only needs the library, but names are checked (and clips fall back) via the CLI
        cli_missing = True
        version = "unknown"
        primary = base_language(settings.language)
        name = settings.name or espeak_engine.DEFAULT_VOICES.get(primary, settings.language)
        driver_voice = name
    pyttsx3_engine.probe()
    if cli_missing:  # warned only once pyttsx3 is known to work; otherwise it is not used at all
        log.warning("espeak-ng command line missing: voice names unchecked, no fallback")
    return pyttsx3_engine.Pyttsx3Voice(
        voice=name,
        rate=_rate(settings, name, file, line),
        pitch=settings.pitch if settings.pitch is not None else espeak_engine.DEFAULT_PITCH,
        espeak_version=version,
        version=pyttsx3_engine.pyttsx3_version(),
        note=note,
        driver_voice=driver_voice,
    )


def _piper(settings: VoiceSettings, note: str, file: str | None, line: int | None) -> Voice:
    if piper_engine.piper_missing_reason() is not None:
        raise EngineError(piper_engine.NOT_INSTALLED)
    model = piper_model.find_model(settings.name, settings.model, settings.language, file, line)
    if model is None:
        raise InputError(
            f"no piper voice for language '{settings.language}'; use "
            f"{piper_model.ANY_MODEL_HOW}, or engine: pyttsx3",
            file,
            line,
        )
    if settings.pitch is not None:
        log.warning("holdspace: piper has no pitch setting; pitch: %d is ignored", settings.pitch)
    rate = settings.rate if settings.rate is not None else DEFAULT_RATE
    low, high = piper_engine.RATE_RANGE
    if not low <= rate <= high:
        raise InputError(f"voice rate {rate} is outside {low}-{high} words per minute", file, line)
    return piper_engine.PiperSpeaker(
        model=model, rate=rate, version=piper_model.piper_version(), note=note
    )


def _recorded(settings: VoiceSettings, file: str | None, line: int | None) -> Voice:
    """Your recordings; the other settings describe the fallback, loaded when a line needs it."""
    if not settings.folder:
        raise InputError("voice engine: recorded needs folder: (your recordings)", file, line)
    spoken = replace(settings, engine=settings.fallback, folder=None, fallback="auto")
    fallback = None if settings.fallback == "none" else (lambda: load_voice(spoken, file, line))
    rate = settings.rate or DEFAULT_RATE
    return RecordedVoice(Path(settings.folder), fallback, rate, file, line)
