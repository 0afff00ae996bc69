"""Ambient beds: deterministic in any block sizes, calibrated, click-free; file beds loop cleanly."""

from __future__ import annotations

import os
import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest

from generator.errors import InputError
from generator.mix.beds import filebed
from generator.mix.beds.catalog import BED_REFERENCE_LUFS, BUILTIN_BEDS, check_bed, open_bed
from generator.script.model import AmbientSettings

PROCEDURAL = [name for name in BUILTIN_BEDS if name != "none"]
LAYOUTS = [(44100, 2), (44100, 1), (48000, 2), (48000, 1)]
LAYOUT_IDS = [f"{rate}-{'stereo' if ch == 2 else 'mono'}" for rate, ch in LAYOUTS]
SCRIPT = "/sessions/hips.yaml"
# A join (read boundary, internal chunk boundary, loop wrap) may not step further than this many
# times the 99.99th percentile of the bed's own sample-to-sample steps.
JOIN_STEP_FACTOR = 1.5


def need_ffmpeg() -> None:
    """Skip without ffmpeg, except in CI (CI=true), where a missing install must fail."""
    if shutil.which("ffmpeg") and shutil.which("ffprobe"):
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("ffmpeg/ffprobe are required in CI")
    pytest.skip("ffmpeg/ffprobe not installed")


def read_in_random_blocks(bed, total: int, seed: int = 0) -> tuple[np.ndarray, list[int]]:
    rng = np.random.default_rng(seed)
    parts, joins, n = [], [], 0
    while n < total:
        size = min(int(rng.choice([1, 2, 17, 1000, 2345, 4096, 44100, 100_000])), total - n)
        parts.append(bed.read(size))
        n += size
        joins.append(n)
    return np.concatenate(parts), joins[:-1]


def pyln(x: np.ndarray, rate: int) -> float:
    return pyloudnorm.Meter(rate).integrated_loudness(x.astype(np.float64))


# ---------------------------------------------------------------- built-in beds


def test_builtin_names_have_descriptions() -> None:
    assert {"pink-noise", "brown-noise", "ocean", "rain", "drone", "none"} <= set(BUILTIN_BEDS)
    assert all(isinstance(d, str) and d and "\n" not in d for d in BUILTIN_BEDS.values())


@pytest.mark.parametrize(("rate", "channels"), LAYOUTS, ids=LAYOUT_IDS)
@pytest.mark.parametrize("name", list(BUILTIN_BEDS))
def test_deterministic_in_any_block_sizes(name: str, rate: int, channels: int) -> None:
    total = 6 * rate
    whole = open_bed(AmbientSettings(bed=name), rate, channels, seed=11).read(total)
    pieces, _ = read_in_random_blocks(
        open_bed(AmbientSettings(bed=name), rate, channels, 11), total
    )
    assert whole.dtype == np.float32 and whole.shape == (total, channels)
    assert np.array_equal(whole, pieces)
    assert np.isfinite(whole).all()


@pytest.mark.parametrize("name", PROCEDURAL)
def test_seed_varies_the_stream(name: str) -> None:
    a = open_bed(AmbientSettings(bed=name), 44100, 2, seed=1).read(44100)
    b = open_bed(AmbientSettings(bed=name), 44100, 2, seed=2).read(44100)
    assert not np.array_equal(a, b)


@pytest.mark.parametrize("rate", [8000, 22050, 96000])
def test_other_rates_work(rate: int) -> None:
    for name in PROCEDURAL:
        a = open_bed(AmbientSettings(bed=name), rate, 2, seed=1).read(3 * rate)
        b, _ = read_in_random_blocks(open_bed(AmbientSettings(bed=name), rate, 2, 1), 3 * rate)
        assert np.array_equal(a, b) and np.isfinite(a).all() and a.any()


def test_none_is_silence() -> None:
    bed = open_bed(AmbientSettings(bed="none"), 44100, 2, seed=0)
    assert not bed.read(100_000).any()


@pytest.mark.parametrize(
    ("rate", "channels"),
    [
        pytest.param(*layout, id=lid, marks=[pytest.mark.slow] if layout[0] == 48000 else [])
        for layout, lid in zip(LAYOUTS, LAYOUT_IDS, strict=True)
    ],
)
@pytest.mark.parametrize("name", PROCEDURAL)
def test_calibrated_to_reference(name: str, rate: int, channels: int) -> None:
    x = open_bed(AmbientSettings(bed=name), rate, channels, seed=5).read(60 * rate)
    assert pyln(x, rate) == pytest.approx(BED_REFERENCE_LUFS, abs=0.5)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 3, 12345, -7, 2**40])
@pytest.mark.parametrize("name", ["ocean", "rain", "drone"])
def test_calibration_holds_for_any_seed(name: str, seed: int) -> None:
    """The modulated beds: swells, drift and droplets average out within any 60 s."""
    x = open_bed(AmbientSettings(bed=name), 44100, 2, seed=seed).read(60 * 44100)
    assert pyln(x, 44100) == pytest.approx(BED_REFERENCE_LUFS, abs=0.5)


@pytest.mark.parametrize("name", PROCEDURAL)
def test_no_clicks_at_joins(name: str) -> None:
    rate = 44100
    bed = open_bed(AmbientSettings(bed=name), rate, 2, seed=3)
    x, joins = read_in_random_blocks(bed, 30 * rate, seed=4)
    steps = np.abs(np.diff(x.astype(np.float64), axis=0)).max(axis=1)
    typical = np.percentile(steps, 99.99)
    chunk_out = bed.chunk * bed.factor  # where the generator's internal chunks meet
    internal = list(range(chunk_out, len(x) - 1, chunk_out))
    at_joins = steps[[j - 1 for j in joins + internal]]
    assert at_joins.max() <= JOIN_STEP_FACTOR * typical
    assert steps.max() <= 3.0 * typical  # and no isolated spike anywhere (droplets included)


@pytest.mark.parametrize("name", PROCEDURAL)
def test_stereo_is_gently_decorrelated_and_mono_is_one_channel(name: str) -> None:
    x = open_bed(AmbientSettings(bed=name), 44100, 2, seed=9).read(20 * 44100)
    corr = np.corrcoef(x[:, 0], x[:, 1])[0, 1]
    assert 0.0 <= corr <= 0.7
    assert open_bed(AmbientSettings(bed=name), 44100, 1, seed=9).read(10).shape == (10, 1)


@pytest.mark.parametrize("name", PROCEDURAL)
def test_soft_spectrum(name: str) -> None:
    """Calm beds: almost no energy above 8 kHz, and none at DC."""
    x = open_bed(AmbientSettings(bed=name), 44100, 1, seed=2).read(10 * 44100)[:, 0]
    power = np.abs(np.fft.rfft(x.astype(np.float64))) ** 2
    freqs = np.fft.rfftfreq(len(x), 1 / 44100)
    assert power[freqs > 8000].sum() < 0.01 * power.sum()
    assert abs(float(x.mean())) < 1e-3


@pytest.mark.parametrize(("bed", "meant"), [("oceans", "ocean"), ("lluvia", "rain")])
def test_unknown_name_suggests_the_closest(bed: str, meant: str) -> None:
    """A typo, or the bed named in other words (as a manifest's bed cell is answered)."""
    settings = AmbientSettings(bed=bed, line=7)
    for call in (
        lambda: check_bed(settings, SCRIPT),
        lambda: open_bed(settings, 44100, 2, 0, SCRIPT),
    ):
        with pytest.raises(InputError) as err:
            call()
        assert err.value.file == SCRIPT and err.value.line == 7
        assert f"did you mean {meant!r}" in err.value.message
        assert str(err.value).startswith(f"{SCRIPT}:7: ")


def test_file_bed_without_a_path_is_an_input_error() -> None:
    with pytest.raises(InputError) as err:
        check_bed(AmbientSettings(bed="file", line=3), SCRIPT)
    assert err.value.line == 3 and "file" in err.value.message


# ---------------------------------------------------------------- file beds


def write_wav(path: Path, x: np.ndarray, rate: int) -> Path:
    x = np.atleast_2d(x.T).T
    with wave.open(str(path), "wb") as w:
        w.setnchannels(x.shape[1])
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def convert(src: Path, dst: Path) -> Path:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(src), str(dst)], check=True, timeout=60
    )
    return dst


def noise(seconds: float, rate: int, channels: int = 1, level: float = 0.1) -> np.ndarray:
    return level * np.random.default_rng(1).standard_normal((round(seconds * rate), channels))


def file_settings(path: Path, line: int = 12) -> AmbientSettings:
    return AmbientSettings(bed="file", file=str(path), line=line)


@pytest.mark.parametrize(
    ("ext", "source_rate"),
    [("wav", 44100), ("wav", 22050), ("mp3", 48000), ("flac", 48000), ("ogg", 22050)],
)
def test_file_bed_loops_deterministically_and_calibrated(
    tmp_path: Path, ext: str, source_rate: int
) -> None:
    need_ffmpeg()
    wav = write_wav(tmp_path / "src.wav", noise(6.0, source_rate, 2), source_rate)
    path = wav if ext == "wav" else convert(wav, tmp_path / f"bed.{ext}")
    settings = file_settings(path)
    check_bed(settings, SCRIPT)
    bed = open_bed(settings, 44100, 2, seed=0, script=SCRIPT)
    period = bed.period
    assert abs(period - (6.0 - 1.5) * 44100) < 0.2 * 44100  # 6 s minus a 1.5 s crossfade
    whole = bed.read(3 * period + 123)
    pieces, _ = read_in_random_blocks(open_bed(settings, 44100, 2, 0, SCRIPT), len(whole))
    assert np.array_equal(whole, pieces)
    assert np.array_equal(whole[:period], whole[period : 2 * period])  # a loop, period exact
    assert pyln(whole, 44100) == pytest.approx(BED_REFERENCE_LUFS, abs=0.5)


def test_equal_power_join_keeps_rms_steady(tmp_path: Path) -> None:
    need_ffmpeg()
    path = write_wav(tmp_path / "noise.wav", noise(10.0, 44100), 44100)
    bed = open_bed(file_settings(path), 44100, 1, seed=0)
    assert bed.fade == round(filebed.CROSSFADE_SECONDS * 44100)
    period = bed.period
    x = bed.read(2 * period)[:, 0].astype(np.float64)
    window = round(0.05 * 44100)
    rms = np.sqrt(np.mean(x[: len(x) // window * window].reshape(-1, window) ** 2, axis=1))
    db = 20 * np.log10(rms / np.median(rms))
    around = slice((period - bed.fade) // window, (period + 2 * bed.fade) // window)
    assert db[around].min() > -1.5 and db[around].max() < 1.5


def test_loop_join_does_not_click(tmp_path: Path) -> None:
    """A tone with a non-integer number of cycles clicks when looped naively; not here."""
    need_ffmpeg()
    rate = 44100
    t = np.arange(round(3.33 * rate)) / rate
    path = write_wav(tmp_path / "tone.wav", 0.3 * np.sin(2 * np.pi * 440.0 * t), rate)
    bed = open_bed(file_settings(path), rate, 1, seed=0)
    period = bed.period
    x = bed.read(3 * period)[:, 0].astype(np.float64)
    steps = np.abs(np.diff(x))
    in_file = np.abs(np.diff(0.3 * np.sin(2 * np.pi * 440.0 * t))).max() * (x.max() / 0.3)
    for k in (1, 2):  # the wrap from the loop's end to its start
        assert steps[k * period - 1] <= JOIN_STEP_FACTOR * in_file
    assert steps.max() <= JOIN_STEP_FACTOR * in_file  # the crossfade itself is smooth too


@pytest.mark.parametrize("source_rate", [22050, 48000])
def test_file_is_resampled_to_the_output_rate(tmp_path: Path, source_rate: int) -> None:
    need_ffmpeg()
    t = np.arange(4 * source_rate) / source_rate
    path = write_wav(tmp_path / "tone.wav", 0.3 * np.sin(2 * np.pi * 500.0 * t), source_rate)
    bed = open_bed(file_settings(path), 44100, 2, seed=0)
    x = bed.read(2 * 44100)
    assert np.array_equal(x[:, 0], x[:, 1])  # mono source duplicated to stereo
    spectrum = np.abs(np.fft.rfft(x[:, 0].astype(np.float64)))
    assert np.fft.rfftfreq(len(x), 1 / 44100)[np.argmax(spectrum)] == pytest.approx(500.0, abs=1.0)


def test_stereo_file_to_mono_and_long_files_are_capped(tmp_path: Path, monkeypatch) -> None:
    need_ffmpeg()
    path = write_wav(tmp_path / "long.wav", noise(8.0, 44100, 2), 44100)
    monkeypatch.setattr(filebed, "MAX_FILE_SECONDS", 4.0)
    bed = open_bed(file_settings(path), 44100, 1, seed=0)
    assert bed.period + bed.fade == 4 * 44100
    assert bed.read(1000).shape == (1000, 1)


def _missing(tmp: Path) -> Path:
    return tmp / "rain.mp3"


def _folder(tmp: Path) -> Path:
    (tmp / "rain.mp3").mkdir()
    return tmp / "rain.mp3"


def _empty(tmp: Path) -> Path:
    (tmp / "rain.mp3").write_bytes(b"")
    return tmp / "rain.mp3"


def _not_audio(tmp: Path) -> Path:
    (tmp / "rain.mp3").write_text("this is a shopping list, not a song\n" * 20)
    return tmp / "rain.mp3"


def _no_frames(tmp: Path) -> Path:
    return write_wav(tmp / "rain.wav", np.zeros((0, 1)), 44100)


def _too_short(tmp: Path) -> Path:
    return write_wav(tmp / "rain.wav", noise(0.2, 44100), 44100)


def _silent(tmp: Path) -> Path:
    return write_wav(tmp / "rain.wav", np.zeros((44100 * 3, 1)), 44100)


BAD_FILES = {
    "missing": (_missing, "not found", True),
    "folder": (_folder, "folder", True),
    "empty": (_empty, "empty", True),
    "not-audio": (_not_audio, "not audio", True),
    "no-frames": (_no_frames, "too short", True),
    "too-short": (_too_short, "too short", True),
    "silent": (_silent, "silent", False),  # only decoding shows it
}


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_bad_files_are_input_errors_at_the_ambient_line(tmp_path: Path, case: str) -> None:
    make, words, caught_early = BAD_FILES[case]
    if case not in ("missing", "folder", "empty"):
        need_ffmpeg()
    path = make(tmp_path)
    settings = file_settings(path, line=12)
    calls = [lambda: open_bed(settings, 44100, 2, 0, SCRIPT)]
    if caught_early:
        calls.append(lambda: check_bed(settings, SCRIPT))
    else:
        check_bed(settings, SCRIPT)  # passes the cheap check
    for call in calls:
        with pytest.raises(InputError) as err:
            call()
        assert err.value.file == SCRIPT and err.value.line == 12
        assert words in err.value.message and path.name in err.value.message


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "rain.wav", noise(2.0, 44100), 44100)
    path.chmod(0)
    with pytest.raises(InputError, match="cannot be read"):
        check_bed(file_settings(path), SCRIPT)


def _mid_share_and_swing(name: str, seed: int) -> tuple[float, float]:
    """As a phone hears a bed (channels summed): the share of its energy in 250 Hz-6 kHz (100 ms
    Hann-windowed segments), and the largest change of its 1 s level within any 20 s."""
    sr = 44100
    x = open_bed(AmbientSettings(bed=name), sr, 2, seed=seed).read(150 * sr).mean(axis=1)
    seg = sr // 10
    frames = x[: len(x) // seg * seg].reshape(-1, seg).astype(np.float64) * np.hanning(seg)
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    freqs = np.fft.rfftfreq(seg, 1 / sr)
    share = float(power[:, (freqs >= 250) & (freqs <= 6000)].sum() / power.sum())
    square = np.concatenate(([0.0], np.cumsum(x.astype(np.float64) ** 2)))
    starts = np.arange(0, len(x) - sr, seg)
    level = 10 * np.log10((square[starts + sr] - square[starts]) / sr)
    swing = max(float(np.ptp(level[i : i + 191])) for i in range(0, len(level) - 191, 10))
    return share, swing


@pytest.mark.parametrize("seed", [1, 7, 42])
@pytest.mark.parametrize("name", PROCEDURAL)
def test_every_bed_carries_on_a_phone_speaker_and_never_surges(name: str, seed: int) -> None:
    """A phone's speaker plays little below 250 Hz: a quarter of every bed's energy lies above
    it (brown noise and the drone have a gentle upper layer for this); and no bed swells by
    more than 6 dB within 20 s, which is heard as a surge."""
    share, swing = _mid_share_and_swing(name, seed)
    assert share >= 0.25, f"{name}: {share:.2f} of its energy in 250 Hz-6 kHz"
    assert swing <= 6.0, f"{name}: its 1 s level swings {swing:.1f} dB within 20 s"
