"""scripts/listen_check.py measures what it says: each figure on small synthetic tracks whose
answer is known (a pyloudnorm reference over the same decoded samples, sines of known band
energy, a plan with a known word count, a hand-written WebVTT file)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest
from conftest import require_tool

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "listen_check.py"
SR = 44100


def _load():
    spec = importlib.util.spec_from_file_location("listen_check", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["listen_check"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


lc = _load()


@pytest.fixture(autouse=True)
def _tools() -> None:
    require_tool("ffmpeg")
    require_tool("ffprobe")


def write_wav(path: Path, x: np.ndarray, sr: int = SR) -> None:
    x = x if x.ndim == 2 else x[:, None]
    pcm = np.clip(np.round(x * 32767), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(x.shape[1])
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(pcm.tobytes())


def encode_mp3(wav: Path, mp3: Path) -> None:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-c:a", "libmp3lame", "-b:a", "192k",
         str(mp3)],
        check=True, timeout=60,
    )  # fmt: skip


def decode(path: Path, channels: int) -> np.ndarray:
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a:0", "-f", "f32le", "-"],
        capture_output=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    return np.frombuffer(out, dtype="<f4").reshape(-1, channels)


def sine(freq: float, seconds: float, amp: float, sr: int = SR) -> np.ndarray:
    t = np.arange(round(seconds * sr)) / sr
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def pyln(x: np.ndarray, sr: int = SR) -> float:
    pyloudnorm = pytest.importorskip("pyloudnorm")
    return float(pyloudnorm.Meter(sr).integrated_loudness(np.asarray(x, dtype=np.float64)))


def event(kind: str, start: float, end: float, text: str | None = None, role: str = "") -> dict:
    e = {"kind": kind, "start_s": start, "end_s": end, "role": role}
    if text is not None:
        e["text"] = text
    return e


# The synthetic track: 20 s, speech (two tones at different levels) at 2-6 s and 6.5-9 s (one
# span: the gap is < 1 s) and 16-18 s; a pose hold 9-16 s (its steady part: 11-14 s); a quiet
# pink-noise bed throughout.
SPEECH = [(2.0, 6.0), (6.5, 9.0), (16.0, 18.0)]
HOLD = (9.0, 16.0)
DURATION = 20.0


def pink(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / SR)
    spec[1:] /= np.sqrt(f[1:])
    spec[f < 40] = 0  # no rumble: a bed's 1 s level is steady
    x = np.fft.irfft(spec, n)
    return (x / np.sqrt(np.mean(x**2))).astype(np.float32)


@pytest.fixture(scope="module")
def track(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("track")
    n = round(DURATION * SR)
    voice = np.zeros(n, np.float32)
    levels = [(1000.0, 0.25), (500.0, 0.12), (2000.0, 0.2)]
    for (a, b), (freq, amp) in zip(SPEECH, levels, strict=True):
        i, j = round(a * SR), round(b * SR)
        voice[i:j] = sine(freq, b - a, amp)
    bed_mono = 0.01 * pink(n, 1)
    bed = np.stack([bed_mono, 0.01 * pink(n, 2)], axis=1)
    write_wav(d / "t.voice.wav", voice)
    write_wav(d / "t.ambient.wav", bed)
    mix = bed + voice[:, None]
    write_wav(d / "t.wav", mix)
    encode_mp3(d / "t.wav", d / "t.mp3")
    words = ["one two three four five six seven eight", "nine ten eleven twelve", "a b c"]
    events = [event("speech", a, b, w, "cue") for (a, b), w in zip(SPEECH, words, strict=True)]
    events.insert(2, event("hold", *HOLD, role="hold"))
    plan = {"sample_rate": SR, "duration_s": DURATION, "events": events, "chapters": []}
    (d / "t.cue.json").write_text(json.dumps(plan))
    (d / "t.vtt").write_text(
        "WEBVTT\n\n00:00:02.000 --> 00:00:06.000\none two three four five six seven eight\n\n"
        "00:00:06.500 --> 00:00:09.000\nnine ten eleven twelve\n\n"
        "00:00:16.000 --> 00:00:18.000\na b c\n"
    )
    return d / "t.mp3"


@pytest.fixture(scope="module")
def measured(track: Path) -> dict:
    return lc.measure(track, target=-16.0, rate=130.0)


def test_speech_loudness_matches_pyloudnorm_over_the_speech_samples(
    track: Path, measured: dict
) -> None:
    x = decode(track, 2)
    spans = lc.spans_merged([{"start_s": a, "end_s": b} for a, b in SPEECH], 1.0)
    assert spans == [(2.0, 9.0), (16.0, 18.0)]  # the 0.5 s gap is inside one span
    speech = np.concatenate([x[round(a * SR) : round(b * SR)] for a, b in spans])
    reference = pyln(speech)
    assert measured["figures"]["speech_lufs"]["value"] == pytest.approx(reference, abs=0.2)
    # and the exact value (unrounded) too
    blocks = lc.speech_blocks(lc.analyse(track).k_energy, spans)
    assert lc.gated_loudness(blocks) == pytest.approx(reference, abs=0.2)


def test_own_meter_matches_pyloudnorm_on_a_whole_file(track: Path, measured: dict) -> None:
    x = decode(track, 2)
    reference = pyln(x)
    assert lc.gated_loudness(lc.block_energies(lc.analyse(track).k_energy)) == pytest.approx(
        reference, abs=0.1
    )
    assert measured["figures"]["program_lufs"]["value"] == pytest.approx(reference, abs=0.2)


def test_true_peak_and_momentary(track: Path, measured: dict) -> None:
    f = measured["figures"]
    # the loudest moment is the 0.25 sine plus a little bed: -12 dBFS and a little more
    assert -12.5 < f["true_peak"]["value"] < -10.0
    assert f["true_peak"]["pass"] is True
    assert f["speech_lufs"]["pass"] is False  # about -17.6 to -20: not within -16 ±1
    x = decode(track, 2)
    # the median 400 ms block while speaking: most blocks lie inside the 2-6 s tone
    assert f["speech_momentary_median"]["value"] == pytest.approx(pyln(x[3 * SR : 5 * SR]), abs=0.3)


def test_gating_drops_quiet_blocks() -> None:
    loud = np.full(400, 1e-2)  # 40 s at -20.7 LUFS
    quiet = np.full(400, 1e-5)  # 30 dB down: under the relative gate
    silent = np.zeros(10)  # under the absolute gate
    blocks = lc.block_energies(np.concatenate([loud, quiet, silent]))
    # only the three blocks that straddle the loud/quiet edge count beside the loud ones
    assert lc.gated_loudness(blocks) == pytest.approx(lc.lufs(1e-2), abs=0.05)
    assert lc.gated_loudness(np.zeros(5)) == -np.inf
    assert lc.gated_loudness(np.full(5, 1e-9)) == -np.inf  # -90.7 LUFS: all under -70


def test_bed_under_speech_in_holds(track: Path, measured: dict) -> None:
    d = track.parent
    voice = lc_read(d / "t.voice.wav")[:, 0]
    bed = lc_read(d / "t.ambient.wav")
    spans = [(2.0, 9.0), (16.0, 18.0)]
    voice_ref = pyln(np.concatenate([np.stack([voice[round(a * SR) : round(b * SR)]] * 2, 1) for a, b in spans]))  # fmt: skip
    regions, kind = lc.bed_regions(json.loads((d / "t.cue.json").read_text()))
    assert kind == "pose holds"
    assert regions == [(11.0, 14.0)]  # 2 s clear of the speech on either side
    bed_ref = pyln(bed[11 * SR : 14 * SR])
    assert measured["figures"]["bed_under_speech"]["value"] == pytest.approx(
        voice_ref - bed_ref, abs=0.2
    )
    assert measured["detail"]["voice_stem_speech_lufs"] == pytest.approx(voice_ref, abs=0.2)
    # as heard: the MP3's speech over the MP3 in the same hold region (the bed alone there)
    x = decode(track, 2)
    heard = measured["figures"]["speech_lufs"]["value"] - pyln(x[11 * SR : 14 * SR])
    assert measured["detail"]["bed_under_speech_in_mix"] == pytest.approx(heard, abs=0.2)
    assert measured["detail"]["clipped_samples"] == {"voice_stem": 0, "ambient_stem": 0}


def test_clipped_stem_is_counted(tmp_path: Path) -> None:
    x = sine(1000.0, 1.0, 1.5)  # written to 16 bits, its peaks clip
    write_wav(tmp_path / "c.wav", x)
    clipped = lc.analyse(tmp_path / "c.wav").clipped
    assert clipped == np.count_nonzero(np.abs(np.round(x * 32767)) >= 32767) > 0


def lc_read(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32)
        return data.reshape(-1, w.getnchannels()) / 32767


def test_sibilance_of_known_band_energies(tmp_path: Path) -> None:
    """A steady 1 kHz 'vowel' (amplitude 0.3) with 7 kHz 'sibilants' (amplitude 0.1) in whole
    20 ms frames: 10 % of the frames, so the 99.5th percentiles are the sines' energies."""
    frame = round(0.02 * SR)
    n = 500 * frame
    x = sine(1000.0, n / SR, 0.3)
    hiss = sine(7000.0, n / SR, 0.1)
    for k in range(0, 500, 10):
        x[k * frame : (k + 1) * frame] += hiss[k * frame : (k + 1) * frame]
    x = np.concatenate([x, sine(1000.0, 1.0, 0.3 * 10 ** (-50 / 20))])  # not voiced: excluded
    write_wav(tmp_path / "v.wav", x)
    a = lc.analyse(tmp_path / "v.wav", sibilance=True)
    assert lc.sibilance(a) == pytest.approx(20 * np.log10(0.1 / 0.3), abs=0.5)
    # band energies themselves: a sine's mean square in its band, nothing in the other
    hi, lo = a.sib_high, a.sib_low
    assert 10 * np.log10(lo[1]) == pytest.approx(10 * np.log10(0.3**2 / 2), abs=0.1)
    assert 10 * np.log10(hi[0]) == pytest.approx(10 * np.log10(0.1**2 / 2), abs=0.1)
    assert hi[1] < 1e-6 * hi[0]


def test_speaking_rate_is_words_per_minute_of_speech(measured: dict) -> None:
    # 8 + 4 + 3 words over 4 + 2.5 + 2 s of speech events
    assert measured["figures"]["speaking_rate"]["value"] == pytest.approx(15 / 8.5 * 60, abs=0.05)
    assert lc.count_words("You're in charge here: — pause, or stop.") == 7
    plan = {"events": [event("speech", 0, 6, "one two three four five six seven eight nine ten"),
                       event("pause", 6, 9), event("speech", 9, 12, "one two three four five")]}  # fmt: skip
    assert lc.speaking_rate(plan) == 100.0


def test_bed_share_and_swing(tmp_path: Path) -> None:
    """Ambient: equal 100 Hz and 1 kHz sines (share 0.5) for 12 s, then the same 8 dB down."""
    a1, a2 = 0.1, 0.1 * 10 ** (-8 / 20)
    part = lambda amp: sine(100.0, 12.0, amp) + sine(1000.0, 12.0, amp)  # noqa: E731
    x = np.concatenate([part(a1), part(a2)])
    write_wav(tmp_path / "b.wav", np.stack([x, x], 1))
    a = lc.analyse(tmp_path / "b.wav", bed=True)
    regions = [(0.0, 24.0)]
    assert lc.bed_share(a, regions) == pytest.approx(0.5, abs=0.01)
    assert lc.bed_swing(a, regions) == pytest.approx(8.0, abs=0.05)
    # two regions apart: the step lies between them, so neither swings
    assert lc.bed_swing(a, [(0.0, 11.5), (12.5, 24.0)]) == pytest.approx(0.0, abs=0.05)
    # a 20 s window: a slow 1 dB/s fade over 30 s swings 19 dB within 20 s (1 s levels)
    fade = sine(1000.0, 30.0, 0.1) * 10 ** (-np.arange(round(30 * SR)) / SR / 20)
    write_wav(tmp_path / "f.wav", fade.astype(np.float32))
    swing = lc.bed_swing(lc.analyse(tmp_path / "f.wav", bed=True), [(0.0, 30.0)])
    assert swing == pytest.approx(19.0, abs=0.1)


def test_bed_regions_fall_back_without_pose_holds() -> None:
    plan = {"events": [event("speech", 0, 2, "hi"), event("pause", 2, 20, role="pause"),
                       event("tone", 20, 24), event("hold", 24, 40, role="exhale")]}  # fmt: skip
    regions, kind = lc.bed_regions(plan)
    assert kind.startswith("holds and pauses")
    assert regions == [(4.0, 18.0), (26.0, 40.0)]


def test_captions(tmp_path: Path) -> None:
    text = (
        "WEBVTT\n\nNOTE a note\n\n"
        "1\n00:00:01.000 --> 00:00:04.500 align:start\nRest here &amp; breathe,\nsoftly now\n\n"
        "00:00:05.000 --> 00:00:14.250\nthis line is very much longer than forty-two characters\n"
        "and a second line\nand a third\n\n"
        "00:01:00.000 --> 00:01:03.000\nmedi\n\n00:01:03.000 --> 00:01:05.000\ntation ends\n"
    )
    (tmp_path / "c.vtt").write_text(text)
    spoken = [
        "Rest here & breathe, softly now this line is very much longer than forty-two",
        "characters and a second line and a third",
        "meditation ends",
    ]
    plan = {"events": [event("speech", i, i + 1, t) for i, t in enumerate(spoken)]}
    cap = lc.captions(tmp_path / "c.vtt", plan)
    assert cap == {
        "cues": 4,
        "longest_line": len("this line is very much longer than forty-two characters"),
        "most_lines": 3,
        "longest_cue_s": 9.25,
        "split_words": 1,  # "medi" | "tation"
    }
    # captions that do not hold the plan's words cannot place a split
    assert lc.split_words(lc.read_vtt(text), {"events": [event("speech", 0, 1, "other")]}) is None


def test_whole_track_report_table_and_json(track: Path, capsys: pytest.CaptureFixture) -> None:
    assert lc.main([str(track), "--target", "-18", "--rate", "106"]) == 1  # some targets fail
    out = capsys.readouterr().out
    assert "speech loudness" in out and "PASS" in out and "FAIL" in out
    lc.main(["--table", str(track)])
    rows = capsys.readouterr().out.strip().splitlines()
    assert len(rows) == 4 and rows[3].startswith("| t |")  # head, rule, targets, the track
    lc.main(["--json", "--rate", "106", str(track)])
    data = json.loads(capsys.readouterr().out)
    f = data["figures"]
    assert f["speaking_rate"]["pass"] is True  # 105.9 wpm is within 10 % of 106
    assert f["caption_longest_line"]["value"] == len("one two three four five six seven eight")
    assert f["caption_split_words"]["value"] == 0
    assert f["bed_mid_share"]["value"] is not None and f["bed_swing"]["value"] < 1.5


def test_missing_plan_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "x.mp3").write_bytes(b"")
    assert lc.main([str(tmp_path / "x.mp3")]) == 2
    assert "cue.json" in capsys.readouterr().err


def test_needs_no_holdspace_import() -> None:
    source = SCRIPT.read_text()
    assert "import generator" not in source and "from generator" not in source
    assert shutil.which("ffmpeg")
