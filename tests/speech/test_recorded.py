"""The recorded voice, part by part, with made-up recordings (espeak-ng at -30 to -6 dBFS, 0.5-2 s
of silence around the words, a low noise floor; ffmpeg saves them as a phone might): file names
from the words, reading every format, refusing bad files with one line, the cleaning (trim, high
pass, gate), the cache keys, and lines not recorded (fallback or refusal)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np
import pytest
from conftest import require_tool
from fake_voice import FakeVoice
from recordings import ESPEAK_RATE, encode, espeak, make_recording, tone_file

from generator.errors import InputError
from generator.script.load import load_text
from generator.speech.batch import synthesize_all
from generator.speech.cache import SpeechCache
from generator.speech.prepare import clip_loudness, prepare_clip
from generator.speech.recorded import RecordedVoice
from generator.speech.recording_audio import read_recording
from generator.speech.recording_clean import PRE_ROLL_S, clean
from generator.speech.recording_names import line_stem
from generator.speech.select import load_voice

WELCOME = "Welcome to this practice."
FORMATS = [  # extension, sample rate, channels, peak dBFS, silence before, after
    (".wav", 44100, 2, -30.0, 0.5, 2.0),
    (".flac", 48000, 1, -6.0, 2.0, 0.5),
    (".mp3", 44100, 1, -18.0, 1.0, 1.0),
    (".ogg", 48000, 2, -24.0, 1.5, 0.8),
    (".m4a", 32000, 1, -10.0, 0.7, 1.5),
]


@pytest.fixture(autouse=True)
def _tools() -> None:
    require_tool("espeak-ng")
    require_tool("ffmpeg")


def onset(x: np.ndarray, rate: int, db: float = -40.0) -> float:
    """Seconds to the first sample within ``db`` of the clip's peak."""
    return int(np.argmax(np.abs(x) > np.abs(x).max() * 10 ** (db / 20))) / rate


def test_a_line_is_named_by_its_words_whatever_its_place_or_spacing() -> None:
    stem = line_stem("Welcome to this practice, and thank you for coming.")
    assert re.fullmatch(r"welcome-to-this-practice-and-[0-9a-f]{6}", stem)
    assert line_stem("  Welcome to  this practice, and thank you for coming. ") == stem
    assert line_stem("Welcome to this practice, and thank you for coming!") != stem
    assert line_stem("¿Cómo estás hoy?").startswith("como-estas-hoy-")
    assert re.fullmatch(r"line-[0-9a-f]{6}", line_stem("ゆっくり呼吸します"))


@pytest.mark.parametrize(("ext", "rate", "channels", "peak", "lead", "trail"), FORMATS)
def test_every_format_rate_and_level_is_read_and_trimmed_to_its_words(
    tmp_path: Path, ext: str, rate: int, channels: int, peak: float, lead: float, trail: float
) -> None:
    made = make_recording(
        WELCOME, tmp_path / f"line{ext}", peak_db=peak, lead_s=lead, trail_s=trail,
        rate=rate, channels=channels, noise_db=peak - 45,
    )  # fmt: skip
    x, got_rate, found = read_recording(made.path)
    assert got_rate == rate and x.dtype == np.float32 and x.ndim == 1
    assert abs(len(x) / rate - (lead + made.speech_s + trail)) < 0.08  # codec padding at most
    assert found.speech_db - found.noise_db > 30
    clip = clean(x, rate)
    seconds = len(clip) / rate
    # the words, 10 ms before them and a natural tail after: never the silence around them
    assert made.speech_s - 0.03 <= seconds <= made.speech_s + 0.45, seconds
    assert abs(onset(clip, rate) - PRE_ROLL_S) <= 0.012, onset(clip, rate)


def test_loudness_is_one_for_every_level_once_prepared(tmp_path: Path) -> None:
    levels = []
    for peak in (-30.0, -20.0, -6.0):
        made = make_recording(WELCOME, tmp_path / f"{peak}.wav", peak_db=peak, noise_db=-75)
        x, rate, _ = read_recording(made.path)
        levels.append(clip_loudness(prepare_clip(clean(x, rate), rate, 44100), 44100))
    assert max(levels) - min(levels) <= 0.2, levels


def test_the_gate_turns_the_room_down_between_words_and_leaves_the_words(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    words = [espeak("Rest here."), espeak("And notice.")]
    words = [w / np.abs(w).max() * 0.3 for w in words]
    gap = np.zeros(round(0.8 * ESPEAK_RATE))
    x = np.concatenate([gap, words[0], gap, words[1], gap])
    noise = rng.normal(0, 10 ** (-52 / 20), len(x))  # 40 dB under the words: gated
    x = (x + noise).astype(np.float32)
    y = clean(x, ESPEAK_RATE)
    start = round(0.8 * ESPEAK_RATE) - round(PRE_ROLL_S * ESPEAK_RATE)  # where y begins in x
    middle = slice(
        len(words[0]) + round(0.35 * ESPEAK_RATE), len(words[0]) + round(0.55 * ESPEAK_RATE)
    )
    before = x[start:][middle]
    after = y[middle]

    def db(v: np.ndarray) -> float:
        return 10 * np.log10(np.mean(np.square(v, dtype=np.float64)))

    assert db(before) - db(after) >= 8.0  # the room between words: turned down
    spoken = slice(round(PRE_ROLL_S * ESPEAK_RATE) + 200, len(words[0]) - 200)
    assert abs(db(x[start:][spoken]) - db(y[spoken])) < 0.5  # the words: as they were


def test_dc_and_rumble_are_removed(tmp_path: Path) -> None:
    words = espeak(WELCOME)
    t = np.arange(len(words) + ESPEAK_RATE) / ESPEAK_RATE
    pad = np.zeros(ESPEAK_RATE // 2)
    x = np.concatenate([pad, 0.3 * words / np.abs(words).max(), pad])
    x = (x + 0.05 + 0.03 * np.sin(2 * np.pi * 30 * t[: len(x)])).astype(np.float32)
    y = clean(x, ESPEAK_RATE)
    spectrum = np.abs(np.fft.rfft(y)) ** 2
    freqs = np.fft.rfftfreq(len(y), 1 / ESPEAK_RATE)
    low = spectrum[freqs < 40].sum() / spectrum.sum()
    assert abs(float(np.mean(y))) < 1e-3
    assert low < 0.01, low  # DC and 30 Hz were about a third of the energy


BAD = {
    "garbage": ("is not audio ffmpeg can decode", None),
    "empty": ("is empty", None),
    "silent": ("is silent", lambda p: tone_file(p, 2.0, 0.0)),
    "noise-only": ("holds no speech", None),
    "clipped": ("is clipped", lambda p: tone_file(p, 2.0, 1.6)),
    "clipped-mp3": ("is clipped", None),
    "too-long": ("far too long for one line", lambda p: tone_file(p, 121.0, 0.2, 8000)),
}


def bad_file(kind: str, path: Path) -> Path:
    if kind == "garbage":
        path.write_bytes(b"RIFF\x00\x00\x00\x00WAVEnot audio at all" * 50)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "clipped-mp3":  # lossy coding leaves the flat tops ringing near full scale
        path = path.with_suffix(".mp3")
        words = espeak(WELCOME)
        clipped = np.clip(2 * words / np.abs(words).max(), -1, 1)
        encode(np.concatenate([np.zeros(ESPEAK_RATE // 2), clipped]), path)
    elif kind == "noise-only":
        encode(np.random.default_rng(1).normal(0, 0.01, 2 * ESPEAK_RATE), path)
    else:
        BAD[kind][1](path)
    return path


@pytest.mark.parametrize("kind", list(BAD))
def test_a_bad_file_is_refused_with_one_line_naming_it(tmp_path: Path, kind: str) -> None:
    path = bad_file(kind, tmp_path / "welcome.wav")
    with pytest.raises(InputError) as caught:
        read_recording(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert BAD[kind][0] in message and "\n" not in message


def folder_with(tmp_path: Path, texts: list[str]) -> Path:
    folder = tmp_path / "my-voice"
    folder.mkdir(exist_ok=True)
    for i, text in enumerate(texts):
        make_recording(text, folder / f"{line_stem(text)}.flac", peak_db=-12 - 3 * i, seed=i)
    return folder


def test_lines_are_cached_by_the_recording_s_content_and_the_missing_by_the_fallback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    recorded, missing = ["Rest here.", "Notice the floor."], ["And come back to the room."]
    folder = folder_with(tmp_path, recorded)
    fallback = FakeVoice()
    voice = RecordedVoice(folder, lambda: fallback, 140)
    cache = SpeechCache(tmp_path / "cache")
    with caplog.at_level(logging.WARNING):
        clips = synthesize_all(voice, recorded + missing, cache)
        assert not caplog.records  # said once the plan is known: report()
        voice.report(recorded + missing)
    assert [clips[t].engine for t in recorded + missing] == ["recorded", "recorded", "fake"]
    assert fallback.spoken == missing  # a recorded line never reaches the fallback
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and line_stem(missing[0]) in warnings[0].getMessage()
    assert "1 line by" in voice.describe()
    keys = voice.cache_keys(recorded + missing, cache)
    assert keys[missing[0]] == fallback.cache_key()  # the very clip that voice speaks anywhere
    assert len(set(keys.values())) == 3
    # a line recorded again is read again; the others come from the cache
    first = clips[recorded[0]]
    make_recording(recorded[0], folder / f"{line_stem(recorded[0])}.flac", peak_db=-20, seed=9)
    again = RecordedVoice(folder, lambda: fallback, 140)
    assert again.cache_keys(recorded, cache)[recorded[0]] != keys[recorded[0]]
    clips = synthesize_all(again, recorded, cache)
    assert not np.array_equal(clips[recorded[0]].samples, first.samples)


def test_a_line_asked_for_only_on_the_way_to_the_plan_is_not_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The opening speaks the track's length, which its own words change: a line asked for
    before the plan settled ("ten minutes") and never said is neither warned about nor named
    in the track's tag, nor refused with fallback: none."""
    recorded, passing = ["Rest here."], ["This practice takes ten minutes."]
    folder = folder_with(tmp_path, recorded)
    voice = RecordedVoice(folder, FakeVoice, 140)
    synthesize_all(voice, recorded + passing, SpeechCache(tmp_path / "cache"))
    with caplog.at_level(logging.WARNING):
        voice.report(recorded)
    assert not caplog.records and "by" not in voice.describe()
    strict = RecordedVoice(folder, None, 140)
    strict.report(recorded)  # nothing said is missing: no refusal
    with pytest.raises(InputError, match="1 line not recorded"):
        strict.report(recorded + passing)


def test_the_fallback_is_not_loaded_while_every_line_is_recorded(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, ["Rest here."])

    def never() -> FakeVoice:
        raise AssertionError("the fallback was loaded")

    voice = RecordedVoice(folder, never, 140)
    synthesize_all(voice, ["Rest here."], SpeechCache(tmp_path / "cache"))
    assert voice.describe() == "your recordings in my-voice/"


def test_fallback_none_refuses_listing_every_missing_line(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, ["Rest here."])
    voice = RecordedVoice(folder, None, 140, "s.yaml", 3)
    with pytest.raises(InputError) as caught:
        synthesize_all(voice, ["Rest here.", "Notice the floor.", "Come back."], SpeechCache())
    message = str(caught.value)
    assert message.startswith("s.yaml:3: 2 lines not recorded")
    assert line_stem("Notice the floor.") in message and line_stem("Come back.") in message


def test_two_recordings_of_one_line_are_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, ["Rest here."])
    tone_file(folder / f"{line_stem('Rest here.')}.WAV", 1.0, 0.3)
    with pytest.raises(InputError, match="recordings of the same line; keep one"):
        synthesize_all(RecordedVoice(folder, None, 140), ["Rest here."], SpeechCache())


def test_a_recording_far_longer_than_its_words_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    folder.mkdir()
    tone_file(folder / f"{line_stem('Rest.')}.wav", 8.0, 0.3)  # 8 s of sound for one word
    voice = RecordedVoice(folder, None, 140)
    with pytest.raises(InputError, match=r"lasts 8\.\d s once the silence around it is trimmed"):
        synthesize_all(voice, ["Rest."], SpeechCache(tmp_path / "cache"))


def test_the_script_keys_load_a_recorded_voice(tmp_path: Path) -> None:
    folder_with(tmp_path, [])
    session = load_text(
        "holdspace: 1\ntitle: T\nvoice: {engine: recorded, folder: my-voice, fallback: "
        "espeak-ng, rate: 150}\nsegments: [{speak: Hi there.}]\n",
        "s.yaml",
        base_dir=tmp_path,
    )
    assert session.voice.folder == str(tmp_path / "my-voice")
    voice = load_voice(session.voice, "s.yaml", session.voice.line)
    assert isinstance(voice, RecordedVoice) and voice.rate == 150
    assert voice.fallback().describe().startswith("espeak-ng")


@pytest.mark.parametrize(
    ("voice", "words"),
    [
        ("{engine: recorded}", "s.yaml:3: voice engine: recorded needs folder:"),
        ("{folder: my-voice}", "s.yaml:3: voice folder: is only used by your own recordings"),
        ("{engine: piper, fallback: none}", "s.yaml:3: voice fallback: is only used by"),
        ("{engine: recorded, folder: v, fallback: siri}", "voice fallback 'siri' is not known"),
        ("{engine: recorded, folder: v, fallback: espeak-ng, rate: 70}", "with espeak-ng"),
    ],
)
def test_the_script_keys_are_checked_at_their_line(voice: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        load_text(f"holdspace: 1\ntitle: T\nvoice: {voice}\nsegments: [{{speak: Hi.}}]\n", "s.yaml")
    assert words in str(caught.value)
