"""The on-disk speech cache: hits, misses, damage detection, atomic writes, keys."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import numpy as np
import pytest
from fake_voice import FakeVoice

from generator.speech.batch import synthesize_all
from generator.speech.cache import SpeechCache, decode_entry, default_root, encode_entry
from generator.speech.engine import Clip
from generator.speech.espeak_engine import EspeakVoice
from generator.speech.piper_engine import PiperSpeaker
from generator.speech.piper_model import PiperModel
from generator.speech.pyttsx3_engine import Pyttsx3Voice

TEXTS = ["Breathe in slowly.", "And breathe out.", "Rest here."]


def entries(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_second_run_is_served_entirely_from_cache(tmp_path: Path) -> None:
    voice, cache = FakeVoice(), SpeechCache(tmp_path)
    first = synthesize_all(voice, TEXTS, cache)
    assert (cache.hits, cache.misses) == (0, 3)
    second = synthesize_all(voice, TEXTS, cache)
    assert (cache.hits, cache.misses) == (3, 0)
    assert len(voice.spoken) == 3
    for text in TEXTS:
        np.testing.assert_array_equal(first[text].samples, second[text].samples)
        assert second[text].engine == "fake"


def test_a_fresh_cache_object_reads_what_another_wrote(tmp_path: Path) -> None:
    synthesize_all(FakeVoice(), TEXTS, SpeechCache(tmp_path))
    voice, cache = FakeVoice(), SpeechCache(tmp_path)
    synthesize_all(voice, TEXTS, cache)
    assert cache.hits == 3 and voice.spoken == []


def test_round_trip_is_bit_exact_and_keeps_the_engine() -> None:
    samples = np.random.default_rng(1).uniform(-1, 1, 1000).astype(np.float32)
    decoded = decode_entry(encode_entry(Clip(samples, 24000, "espeak-ng")))
    assert decoded is not None
    assert decoded.sample_rate == 24000 and decoded.engine == "espeak-ng"
    assert decoded.samples.dtype == np.float32
    np.testing.assert_array_equal(decoded.samples, samples)


def damage_flip(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d[: len(d) // 2],
        lambda d: d[:20],
        lambda d: b"",
        damage_flip,
        lambda d: d + b"\x00\x00\x00\x00",
        lambda d: b"garbage" * 100,
    ],
    ids=["truncated", "header-only", "empty", "bit-flip", "trailing", "garbage"],
)
def test_damaged_entries_are_spoken_again(tmp_path: Path, damage, caplog) -> None:
    voice, cache = FakeVoice(), SpeechCache(tmp_path)
    synthesize_all(voice, TEXTS, cache)
    victim = entries(tmp_path)[0]
    victim.write_bytes(damage(victim.read_bytes()))
    with caplog.at_level(logging.INFO, logger="generator.speech.cache"):
        clips = synthesize_all(voice, TEXTS, cache)
    assert (cache.hits, cache.misses) == (2, 1)
    assert len(voice.spoken) == 4
    assert all(c.samples.size == voice.samples_for(t) for t, c in clips.items())
    assert decode_entry(victim.read_bytes()) is not None  # repaired on disk
    assert "damaged" in caplog.text


def test_writes_leave_only_complete_entries(tmp_path: Path) -> None:
    synthesize_all(FakeVoice(), TEXTS, SpeechCache(tmp_path))
    files = entries(tmp_path)
    assert len(files) == 3
    assert all(p.suffix == ".clip" and not p.name.startswith(".") for p in files)


def test_a_failed_write_leaves_no_temp_file_and_does_not_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    def refuse(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("generator.speech.cache.os.replace", refuse)
    caplog.set_level(logging.WARNING)  # a CLI test run before with -q left the root at ERROR
    clips = synthesize_all(FakeVoice(), TEXTS, SpeechCache(tmp_path))
    assert len(clips) == 3
    assert entries(tmp_path) == []
    assert "disk full" in caplog.text


def test_an_unusable_cache_directory_does_not_fail_the_render(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    cache = SpeechCache(blocker / "speech")
    assert len(synthesize_all(FakeVoice(), TEXTS, cache)) == 3


def test_concurrent_writers_of_one_entry_never_expose_a_partial_file(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    key = cache.key("voice", "text")
    clip = FakeVoice().synthesize("Breathe in slowly and fully now.")
    cache.put(key, clip)
    stop = threading.Event()
    bad: list[int] = []

    def writer() -> None:
        other = SpeechCache(tmp_path)
        while not stop.is_set():
            other.put(key, clip)

    def reader() -> None:
        for _ in range(300):
            data = cache.path(key).read_bytes()
            if decode_entry(data) is None:
                bad.append(len(data))

    writers = [threading.Thread(target=writer) for _ in range(2)]
    for thread in writers:
        thread.start()
    reader()
    stop.set()
    for thread in writers:
        thread.join()
    assert bad == []
    assert [p.name for p in entries(tmp_path)] == [f"{key}.clip"]


def base_key(voice, text: str = "Rest here.") -> str:
    return SpeechCache.key(voice.cache_key(), text)


def piper(tmp_path: Path, content: bytes = b"model", rate: int = 145) -> PiperSpeaker:
    model = tmp_path / f"{content.decode()}.onnx"
    model.write_bytes(content)
    config = tmp_path / f"{content.decode()}.onnx.json"
    config.write_text("{}")
    return PiperSpeaker(PiperModel(model, config, "m", "en", "en_US"), rate=rate, version="1.8.0")


def test_key_changes_with_everything_that_changes_the_audio(tmp_path: Path) -> None:
    espeak = EspeakVoice("en-us", 140, 50, "1.51")
    pyttsx3 = Pyttsx3Voice("en-us", 140, 50, "1.51", "2.99")
    keys = [
        base_key(espeak),
        base_key(espeak, "Rest here now."),
        base_key(EspeakVoice("en-gb", 140, 50, "1.51")),
        base_key(EspeakVoice("en-us", 130, 50, "1.51")),
        base_key(EspeakVoice("en-us", 140, 60, "1.51")),
        base_key(EspeakVoice("en-us", 140, 50, "1.52")),
        base_key(pyttsx3),
        base_key(Pyttsx3Voice("en-us", 140, 50, "1.51", "2.98")),
        base_key(Pyttsx3Voice("en-us", 140, 50, "1.52", "2.99")),
        base_key(piper(tmp_path)),
        base_key(piper(tmp_path, b"other")),
        base_key(piper(tmp_path, rate=130)),
        base_key(FakeVoice()),
        base_key(FakeVoice(version="2")),
    ]
    assert len(set(keys)) == len(keys)


def test_key_ignores_what_does_not_change_the_audio() -> None:
    assert base_key(EspeakVoice("en-us", 140, 50, "1.51")) == base_key(
        EspeakVoice("en-us", 140, 50, "1.51", note="auto: piper not installed")
    )


def test_default_root_honours_override_then_xdg(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOLDSPACE_CACHE_DIR", str(tmp_path / "override"))
    assert default_root() == tmp_path / "override"
    monkeypatch.delenv("HOLDSPACE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_root() == tmp_path / "xdg" / "holdspace" / "speech"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_root() == Path.home() / ".cache" / "holdspace" / "speech"
