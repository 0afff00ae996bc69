"""Independent measurements of rendered files with ffprobe and ffmpeg's ebur128 filter only.

Nothing here imports holdspace: tests compare what holdspace planned with what these tools see.
"""

from __future__ import annotations

import json
import re
import subprocess
import wave
from pathlib import Path

import numpy as np


def ffprobe(path: Path) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
         "-show_chapters", str(path)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return json.loads(out.stdout)


def ebur128(path: Path) -> dict[str, float]:
    err = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-filter_complex",
         "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True, text=True, timeout=300,
    ).stderr  # fmt: skip
    summary = err[err.rfind("Summary:") :]

    def grab(pattern: str) -> float:
        m = re.search(pattern + r"\s+(-?[\d.]+|-inf)", summary, re.S)
        assert m, f"no {pattern} in ebur128 output"
        return float(m.group(1))

    return {"lufs": grab(r"I:"), "true_peak": grab(r"True peak:\s+Peak:")}


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as w:
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768
        return data.reshape(-1, w.getnchannels()), w.getframerate()


def decode_mp3(path: Path, sample_rate: int) -> np.ndarray:
    """The MP3 decoded by ffmpeg to mono float (encoder delay trimmed by the LAME header)."""
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-ac", "1", "-ar", str(sample_rate), "-f", "f32le", "-"],
        capture_output=True, check=True, timeout=300,
    )  # fmt: skip
    return np.frombuffer(out.stdout, dtype="<f4")


MP3_FRAME = 1152  # samples per MPEG-1 Layer III frame


def decoded_samples(path: Path) -> int:
    """How many samples a player gets from the MP3: ffmpeg decodes it and trims the encoder
    delay and padding the LAME header records, so this is exact."""
    proc = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-ac", "1", "-f", "u8", "-"],
        capture_output=True, check=True, timeout=300,
    )  # fmt: skip
    return len(proc.stdout)


def check_length(path: Path, plan: dict) -> None:
    """The MP3 holds exactly the planned samples, and the length a player shows before decoding
    (the container's, which counts whole frames) is at most two frames (~52 ms) longer."""
    decoded = decoded_samples(path)
    assert decoded == plan["duration_samples"], (
        f"{path.name}: {decoded} samples decoded, {plan['duration_samples']} planned"
    )
    shown = float(ffprobe(path)["format"]["duration"])
    assert 0 <= shown - plan["duration_s"] <= 2 * MP3_FRAME / plan["sample_rate"] + 1e-3


def rms_db(x: np.ndarray) -> float:
    x = np.asarray(x, dtype=np.float64)
    return float(10 * np.log10(np.mean(x * x) + 1e-20))


def speech_lufs(mp3: Path, plan: dict) -> float:
    """The loudness of the MP3 while the voice speaks, as scripts/listen_check.py (independent
    of holdspace) measures it: BS.1770 blocks centred in the plan's speech, gated."""
    import importlib.util
    import sys

    script = Path(__file__).resolve().parents[1] / "scripts" / "listen_check.py"
    if "listen_check" not in sys.modules:
        spec = importlib.util.spec_from_file_location("listen_check", script)
        module = importlib.util.module_from_spec(spec)
        sys.modules["listen_check"] = module
        spec.loader.exec_module(module)
    lc = sys.modules["listen_check"]
    speaking = lc.spans_merged([e for e in plan["events"] if e["kind"] == "speech"], 1.0)
    return lc.gated_loudness(lc.speech_blocks(lc.analyse(mp3).k_energy, speaking))
