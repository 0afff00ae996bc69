#!/usr/bin/env python3
"""Measure a rendered holdspace track the way a listener hears it (issue 15).

An independent tool: it does not import holdspace. It reads what a render with ``--stems`` leaves
beside ``X.mp3`` -- ``X.voice.wav``, ``X.ambient.wav``, ``X.cue.json`` (the plan) and ``X.vtt`` --
decodes everything with ffmpeg, and prints each figure with its target and PASS/FAIL:

    speech loudness      BS.1770 loudness of the MP3 over the plan's speech only   target ±1 LU
    program loudness     integrated loudness of the MP3 (ffmpeg ebur128)           (information)
    true peak            ffmpeg ebur128=peak=true                                  ≤ -1 dBTP
    momentary, LRA       median 400 ms loudness while speaking; loudness range     (information)
    bed under speech     voice stem's speech loudness - ambient stem's in holds    8-16 LU
    sibilance            voice stem: p99.5 of 20 ms 5-9 kHz energy - p99.5 0.3-3 kHz  ≤ -10 dB
    speaking rate        words / minutes of the plan's speech events               rate ±10 %
    bed mid-band share   ambient stem's energy share in 250 Hz-6 kHz in holds      ≥ 0.25
    bed swing            largest max-min of 1 s RMS level within any 20 s of holds ≤ 6 dB
    captions             longest line, most lines in a cue, longest cue, words split  42 / 2 / 7 s / 0

docs/listening.md defines each figure exactly. Usage:

    python3 scripts/listen_check.py audio_out/gentle-hips.mp3
    python3 scripts/listen_check.py --target -19 bedtime.mp3 --json
    python3 scripts/listen_check.py --table /tmp/lc/*.mp3      # a markdown table, one row a track

The exit status is 0 when every target holds, 1 when one fails, 2 when an input is missing.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.ndimage import maximum_filter1d, minimum_filter1d
from scipy.signal import lfilter

SEGMENT_S = 0.1  # loudness blocks are 4 of these (400 ms), one starting every 100 ms
BLOCK_SEGMENTS = 4
ABSOLUTE_GATE = -70.0  # LUFS
RELATIVE_GATE = -10.0  # LU
SPEECH_MERGE_S = 1.0  # speech events closer than this make one speaking span
HOLD_MARGIN_S = 2.0  # a hold region keeps this far from any speech or tone
SIB_FRAME_S = 0.02
SIB_HIGH = (5000.0, 9000.0)
SIB_LOW = (300.0, 3000.0)
SIB_VOICED_DB = 40.0  # voiced frames: 0.3-3 kHz energy within this of the loudest frame
SIB_PERCENTILE = 99.5
MID_BAND = (250.0, 6000.0)
SWING_LEVEL_S = 1.0
SWING_WINDOW_S = 20.0
CHUNK_S = 10.0
FULL_SCALE = 32767 / 32768  # a decoded 16-bit sample at or over this is clipped

DEFAULT_TARGET = -16.0
DEFAULT_RATE = 130.0


# -- reading audio --------------------------------------------------------------------------------
def probe(path: Path) -> tuple[int, int]:
    """(sample rate, channels) of the first audio stream."""
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
         "stream=sample_rate,channels", "-of", "json", str(path)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    stream = json.loads(out.stdout)["streams"][0]
    return int(stream["sample_rate"]), int(stream["channels"])


def pcm_chunks(path: Path, channels: int, chunk: int) -> Iterator[np.ndarray]:
    """The first audio stream decoded by ffmpeg (an MP3's encoder delay and padding trimmed),
    as float32 arrays of ``chunk`` frames × channels (the last one shorter)."""
    cmd = ["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a:0", "-f", "f32le",
           "-acodec", "pcm_f32le", "-"]  # fmt: skip
    with subprocess.Popen(cmd, stdout=subprocess.PIPE) as proc:
        assert proc.stdout is not None
        size = chunk * channels * 4
        while True:
            data = proc.stdout.read(size)
            if not data:
                break
            usable = len(data) - len(data) % (4 * channels)
            yield np.frombuffer(data[:usable], dtype="<f4").reshape(-1, channels)
        if proc.wait() != 0:
            raise RuntimeError(f"ffmpeg could not decode {path}")


def k_weighting(sample_rate: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The two BS.1770 K-weighting biquads (high shelf, then high pass) at any sample rate,
    from the analogue prototype as libebur128 derives them."""
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / sample_rate)
    vh = 10 ** (gain_db / 20)
    vb = vh**0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf_b = np.array([vh + vb * k / q + k * k, 2 * (k * k - vh), vh - vb * k / q + k * k]) / a0
    shelf_a = np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0])
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / sample_rate)
    d = 1 + k / q + k * k
    hp_b = np.array([1.0, -2.0, 1.0])
    hp_a = np.array([1.0, 2 * (k * k - 1) / d, (1 - k / q + k * k) / d])
    return [(shelf_b, shelf_a), (hp_b, hp_a)]


def band_energy(frames: np.ndarray, sample_rate: int, bands: list[tuple[float, float]]) -> list:
    """Mean-square energy of each row of ``frames`` within each band, from a Hann-windowed
    spectrum (scaled so that a band holding the whole signal gives its mean square)."""
    n = frames.shape[1]
    window = np.hanning(n + 2)[1:-1].astype(np.float32)  # no zero end points
    spec = np.fft.rfft(frames * window, axis=1)
    power = spec.real**2 + spec.imag**2
    power[:, 1 : (n + 1) // 2] *= 2  # one-sided: every bin but DC (and Nyquist) counts twice
    power /= n * float(np.sum(window**2))
    freqs = np.fft.rfftfreq(n, 1 / sample_rate)
    out = []
    for lo, hi in bands:
        sel = (freqs >= lo) & (freqs < hi)
        out.append(power[:, sel].sum(axis=1))
    return out


@dataclass
class Analysis:
    """Per-segment and per-frame figures of one file, read in one streaming pass."""

    sample_rate: int
    channels: int
    samples: int = 0
    clipped: int = 0  # samples at full scale (a 16-bit stem louder than it can hold)
    k_energy: np.ndarray = field(default_factory=lambda: np.zeros(0))  # per 100 ms, summed
    mean_square: np.ndarray | None = None  # per 100 ms, of the channels' mean, unweighted
    mid_energy: np.ndarray | None = None  # per 100 ms (Hann), in MID_BAND
    all_energy: np.ndarray | None = None  # per 100 ms (Hann), whole band
    sib_high: np.ndarray | None = None  # per 20 ms frame (Hann) in SIB_HIGH
    sib_low: np.ndarray | None = None  # per 20 ms frame (Hann) in SIB_LOW

    @property
    def segment(self) -> int:
        return round(SEGMENT_S * self.sample_rate)


def analyse(path: Path, bed: bool = False, sibilance: bool = False, weight: int = 0) -> Analysis:
    """Read ``path`` once. K-weighted energy per 100 ms segment, summed over channels as
    BS.1770 does; a file with fewer channels than ``weight`` (a mono stem of a stereo mix) is
    counted as if it played on ``weight`` channels. ``bed`` adds per-segment spectra of the
    channels' mean; ``sibilance`` adds 20 ms frame band energies of the channels' mean."""
    sr, channels = probe(path)
    a = Analysis(sr, channels)
    seg = a.segment
    frame = round(SIB_FRAME_S * sr)
    whole_both = math.lcm(seg, frame)  # chunks of whole segments and whole frames
    chunk = whole_both * max(1, round(CHUNK_S * sr / whole_both))
    filters = k_weighting(sr)
    state = [np.zeros((2, channels)) for _ in filters]
    scale = max(1, weight) / channels if weight > channels else 1.0
    k_parts, ms_parts, mid_parts, all_parts, hi_parts, lo_parts = [], [], [], [], [], []
    for block in pcm_chunks(path, channels, chunk):
        a.samples += len(block)
        a.clipped += int(np.count_nonzero(np.abs(block) >= FULL_SCALE))
        whole = len(block) - len(block) % seg
        y = block.astype(np.float64)
        for i, (b, den) in enumerate(filters):
            y, state[i] = lfilter(b, den, y, axis=0, zi=state[i])
        if whole:
            sq = (y[:whole] ** 2).sum(axis=1) * scale
            k_parts.append(sq.reshape(-1, seg).mean(axis=1))
        mono = block.mean(axis=1)
        if bed and whole:
            segs = mono[:whole].reshape(-1, seg)
            ms_parts.append((segs.astype(np.float64) ** 2).mean(axis=1))
            mid, total = band_energy(segs, sr, [MID_BAND, (0.0, sr)])
            mid_parts.append(mid)
            all_parts.append(total)
        if sibilance:
            n = len(mono) - len(mono) % frame
            if n:
                hi, lo = band_energy(mono[:n].reshape(-1, frame), sr, [SIB_HIGH, SIB_LOW])
                hi_parts.append(hi)
                lo_parts.append(lo)
    a.k_energy = np.concatenate(k_parts) if k_parts else np.zeros(0)
    if bed:
        a.mean_square = np.concatenate(ms_parts) if ms_parts else np.zeros(0)
        a.mid_energy = np.concatenate(mid_parts) if mid_parts else np.zeros(0)
        a.all_energy = np.concatenate(all_parts) if all_parts else np.zeros(0)
    if sibilance:
        a.sib_high = np.concatenate(hi_parts) if hi_parts else np.zeros(0)
        a.sib_low = np.concatenate(lo_parts) if lo_parts else np.zeros(0)
    return a


# -- loudness -------------------------------------------------------------------------------------
def lufs(energy: float) -> float:
    return -0.691 + 10 * math.log10(energy) if energy > 0 else -math.inf


def block_energies(k_energy: np.ndarray) -> np.ndarray:
    """400 ms blocks, one starting every 100 ms: block j covers segments j..j+3."""
    if len(k_energy) < BLOCK_SEGMENTS:
        return np.zeros(0)
    c = np.concatenate([[0.0], np.cumsum(k_energy)])
    return (c[BLOCK_SEGMENTS:] - c[:-BLOCK_SEGMENTS]) / BLOCK_SEGMENTS


def gated_loudness(blocks: np.ndarray) -> float:
    """BS.1770-4 integrated loudness of the given blocks' energies: absolute gate at -70 LUFS,
    relative gate 10 LU under the loudness of the blocks that pass it."""
    with np.errstate(divide="ignore"):
        level = -0.691 + 10 * np.log10(blocks)
    above = blocks[level > ABSOLUTE_GATE]
    if above.size == 0:
        return -math.inf
    relative = lufs(float(above.mean())) + RELATIVE_GATE
    kept = blocks[(level > ABSOLUTE_GATE) & (level > relative)]
    return lufs(float(kept.mean()))


def spans_merged(events: list[dict], gap_s: float) -> list[tuple[float, float]]:
    """(start, end) of the events in time order, merged where the gap between them is < gap_s."""
    out: list[list[float]] = []
    for e in sorted(events, key=lambda e: (e["start_s"], e["end_s"])):
        if out and e["start_s"] - out[-1][1] < gap_s:
            out[-1][1] = max(out[-1][1], e["end_s"])
        else:
            out.append([e["start_s"], e["end_s"]])
    return [(a, b) for a, b in out]


def block_times(count: int) -> tuple[np.ndarray, np.ndarray]:
    """Start and centre (seconds) of each of ``count`` blocks."""
    start = np.arange(count) * SEGMENT_S
    return start, start + BLOCK_SEGMENTS * SEGMENT_S / 2


def centred_in(times: np.ndarray, spans: list[tuple[float, float]]) -> np.ndarray:
    mask = np.zeros(len(times), dtype=bool)
    for a, b in spans:
        mask |= (times >= a) & (times < b)
    return mask


def inside(starts: np.ndarray, length: float, spans: list[tuple[float, float]]) -> np.ndarray:
    """Which windows [start, start + length) lie wholly within one of ``spans``."""
    eps = 1e-9
    mask = np.zeros(len(starts), dtype=bool)
    for a, b in spans:
        mask |= (starts >= a - eps) & (starts + length <= b + eps)
    return mask


def speech_blocks(k_energy: np.ndarray, speech: list[tuple[float, float]]) -> np.ndarray:
    blocks = block_energies(k_energy)
    _, centre = block_times(len(blocks))
    return blocks[centred_in(centre, speech)]


def ebur128(path: Path) -> dict[str, float]:
    """Integrated loudness, loudness range and true peak by ffmpeg's ebur128 filter."""
    err = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-map", "0:a:0", "-filter_complex",
         "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True, text=True, timeout=900,
    ).stderr  # fmt: skip
    summary = err[err.rfind("Summary:") :]

    def grab(pattern: str) -> float:
        m = re.search(pattern + r"\s+(-?[\d.]+|-inf)", summary, re.S)
        if not m:
            raise RuntimeError(f"no {pattern} in ffmpeg ebur128 output for {path}")
        return float(m.group(1))

    return {
        "integrated": grab(r"I:"),
        "lra": grab(r"LRA:"),
        "true_peak": grab(r"True peak:\s+Peak:"),
    }


# -- plan regions ---------------------------------------------------------------------------------
def subtract(spans: list[tuple[float, float]], cuts: list[tuple[float, float]]) -> list:
    out = []
    for a, b in spans:
        pieces = [(a, b)]
        for c, d in cuts:
            pieces = [
                p for x, y in pieces for p in ((x, min(y, c)), (max(x, d), y)) if p[1] - p[0] > 1e-9
            ]
        out += pieces
    return sorted(out)


def bed_regions(plan: dict) -> tuple[list[tuple[float, float]], str]:
    """Steady bed: pose holds (kind hold, role hold…) at least 2 s from any speech or tone.
    A track without pose holds falls back to every hold and pause (a breathing or grounding
    track), with the same margin."""
    events = plan["events"]
    busy = [
        (e["start_s"] - HOLD_MARGIN_S, e["end_s"] + HOLD_MARGIN_S)
        for e in events
        if e["kind"] in ("speech", "tone")
    ]
    holds = [
        (e["start_s"], e["end_s"])
        for e in events
        if e["kind"] == "hold" and str(e.get("role", "")).startswith("hold")
    ]
    regions = subtract(holds, busy)
    if regions:
        return regions, "pose holds"
    quiet = [(e["start_s"], e["end_s"]) for e in events if e["kind"] in ("hold", "pause")]
    return subtract(merge(quiet), busy), "holds and pauses (no pose holds)"


def merge(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


# -- the figures ----------------------------------------------------------------------------------
def sibilance(a: Analysis) -> float | None:
    """p99.5 of 5-9 kHz frame energy minus p99.5 of 0.3-3 kHz frame energy, in dB, over voiced
    frames (0.3-3 kHz energy within 40 dB of the loudest frame's)."""
    hi, lo = a.sib_high, a.sib_low
    if hi is None or lo is None or lo.size == 0 or lo.max() <= 0:
        return None
    voiced = lo >= lo.max() * 10 ** (-SIB_VOICED_DB / 10)
    h = np.percentile(hi[voiced], SIB_PERCENTILE)
    low = np.percentile(lo[voiced], SIB_PERCENTILE)
    if h <= 0:
        return -math.inf
    return 10 * math.log10(h / low)


def count_words(text: str) -> int:
    """Whitespace-separated tokens holding at least one letter or digit."""
    return sum(1 for t in text.split() if any(ch.isalnum() for ch in t))


def speaking_rate(plan: dict) -> float | None:
    speech = [e for e in plan["events"] if e["kind"] == "speech"]
    seconds = sum(e["end_s"] - e["start_s"] for e in speech)
    if seconds <= 0:
        return None
    words = sum(count_words(e.get("text") or "") for e in speech)
    return words / seconds * 60


def bed_share(a: Analysis, regions: list[tuple[float, float]]) -> float | None:
    """Energy share in 250 Hz-6 kHz over the 100 ms segments wholly inside ``regions``."""
    if a.mid_energy is None or a.all_energy is None:
        return None
    starts = np.arange(len(a.mid_energy)) * SEGMENT_S
    sel = inside(starts, SEGMENT_S, regions)
    total = a.all_energy[sel].sum()
    return float(a.mid_energy[sel].sum() / total) if total > 0 else None


def bed_swing(a: Analysis, regions: list[tuple[float, float]]) -> float | None:
    """1 s RMS level (a window every 100 ms, wholly inside one region); within each region, the
    largest max - min over the levels of windows that fit in any 20 s span (the whole region
    when it is shorter)."""
    if a.mean_square is None:
        return None
    n = round(SWING_LEVEL_S / SEGMENT_S)
    span = round((SWING_WINDOW_S - SWING_LEVEL_S) / SEGMENT_S) + 1  # windows per 20 s
    c = np.concatenate([[0.0], np.cumsum(a.mean_square)])
    level_all = (c[n:] - c[:-n]) / n
    starts = np.arange(len(level_all)) * SEGMENT_S
    worst = None
    for region in regions:
        sel = inside(starts, SWING_LEVEL_S, [region])
        if not sel.any():
            continue
        with np.errstate(divide="ignore"):
            level = 10 * np.log10(np.maximum(level_all[sel], 1e-20))
        size = min(span, len(level))
        hi = maximum_filter1d(level, size, origin=-(size // 2), mode="nearest")
        lo = minimum_filter1d(level, size, origin=-(size // 2), mode="nearest")
        valid = len(level) - size + 1
        swing = float((hi[:valid] - lo[:valid]).max())
        worst = swing if worst is None else max(worst, swing)
    return worst


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]


def vtt_time(stamp: str) -> float:
    parts = stamp.strip().split(":")
    seconds = float(parts[-1])
    if len(parts) >= 2:
        seconds += 60 * int(parts[-2])
    if len(parts) == 3:
        seconds += 3600 * int(parts[0])
    return seconds


def read_vtt(text: str) -> list[Cue]:
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = block.split("\n")
        at = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if at is None:
            continue  # the header, NOTE, STYLE
        a, b = lines[at].split("-->", 1)
        b = b.strip().split()[0]  # cue settings may follow
        body = tuple(html.unescape(line) for line in lines[at + 1 :] if line.strip())
        cues.append(Cue(vtt_time(a), vtt_time(b), body))
    return cues


def split_words(cues: list[Cue], plan: dict) -> int | None:
    """How many line or cue breaks fall inside a word of the plan's spoken text (between two
    letters or digits with no space between them in the plan). None when the captions do not
    hold the plan's words (then no break can be placed)."""
    speech = sorted(
        (e for e in plan["events"] if e["kind"] == "speech"), key=lambda e: e["start_s"]
    )
    spoken = " ".join((e.get("text") or "") for e in speech)
    chars, spaced = [], []
    gap = True
    for ch in spoken:
        if ch.isspace():
            gap = True
            continue
        chars.append(ch)
        spaced.append(gap)
        gap = False
    pieces = ["".join(line.split()) for cue in cues for line in cue.lines]
    if "".join(pieces) != "".join(chars):
        return None
    count, at = 0, 0
    for piece in pieces[:-1]:
        at += len(piece)
        if at and not spaced[at] and chars[at - 1].isalnum() and chars[at].isalnum():
            count += 1
    return count


def captions(vtt: Path, plan: dict) -> dict[str, Any]:
    cues = read_vtt(vtt.read_text(encoding="utf-8"))
    if not cues:
        return {"cues": 0}
    return {
        "cues": len(cues),
        "longest_line": max((len(line) for c in cues for line in c.lines), default=0),
        "most_lines": max(len(c.lines) for c in cues),
        "longest_cue_s": round(max(c.end - c.start for c in cues), 3),
        "split_words": split_words(cues, plan),
    }


# -- one track ------------------------------------------------------------------------------------
def sidecar(mp3: Path, suffix: str) -> Path:
    return mp3.with_name(mp3.name[: -len(mp3.suffix)] + suffix) if mp3.suffix else mp3


def rounded(x: float | None, digits: int = 1) -> float | None:
    if x is None or not math.isfinite(x):
        return None if x is None else x
    return round(x, digits)


DIGITS = {  # decimals shown (0: a whole number)
    "speech_lufs": 1,
    "program_lufs": 1,
    "true_peak": 1,
    "speech_momentary_median": 1,
    "lra": 1,
    "bed_under_speech": 1,
    "sibilance": 1,
    "speaking_rate": 1,
    "bed_mid_share": 2,
    "bed_swing": 1,
    "caption_longest_line": 0,
    "caption_most_lines": 0,
    "caption_longest_cue": 1,
    "caption_split_words": 0,
}
UNITS = {
    "speech_lufs": "LUFS",
    "program_lufs": "LUFS",
    "true_peak": "dBTP",
    "speech_momentary_median": "LUFS",
    "lra": "LU",
    "bed_under_speech": "LU",
    "sibilance": "dB",
    "speaking_rate": "wpm",
    "bed_mid_share": "",
    "bed_swing": "dB",
    "caption_longest_line": "chars",
    "caption_most_lines": "",
    "caption_longest_cue": "s",
    "caption_split_words": "",
}


def measure(mp3: Path, target: float = DEFAULT_TARGET, rate: float = DEFAULT_RATE) -> dict:
    """Every figure of one track, each {"value", "target", "pass"} (pass None: information)."""
    plan_path = sidecar(mp3, ".cue.json")
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    voice_path, ambient_path = sidecar(mp3, ".voice.wav"), sidecar(mp3, ".ambient.wav")
    vtt_path = sidecar(mp3, ".vtt")
    speech_events = [e for e in plan["events"] if e["kind"] == "speech"]
    speaking = spans_merged(speech_events, SPEECH_MERGE_S)

    mix = analyse(mp3)
    blocks = speech_blocks(mix.k_energy, speaking)
    speech_lufs = gated_loudness(blocks)
    with np.errstate(divide="ignore"):
        momentary = -0.691 + 10 * np.log10(blocks)
    momentary = momentary[momentary > ABSOLUTE_GATE]
    program = ebur128(mp3)
    own_program = gated_loudness(block_energies(mix.k_energy))

    figures: dict[str, dict[str, Any]] = {}

    def put(name: str, value: float | None, target_text: str, check: Any = None) -> None:
        """A figure, rounded as shown (DIGITS); PASS/FAIL judges the shown value, so a figure
        never reads 6.0 and fails "≤ 6". ``check`` None: for information."""
        if value is not None and math.isfinite(value):
            value = round(float(value), DIGITS[name]) if DIGITS[name] else int(round(value))
        ok = None if check is None or value is None else bool(check(value))
        figures[name] = {"value": value, "target": target_text, "pass": ok, "unit": UNITS[name]}

    put("speech_lufs", speech_lufs, f"{target:g} ±1", lambda v: abs(v - target) <= 1.0)
    put("program_lufs", program["integrated"], "info")
    put("true_peak", program["true_peak"], "≤ -1", lambda v: v <= -1.0)
    put("speech_momentary_median", float(np.median(momentary)) if momentary.size else None, "info")
    put("lra", program["lra"], "info")

    regions, region_kind = bed_regions(plan)
    mix_blocks = block_energies(mix.k_energy)
    mix_starts, _ = block_times(len(mix_blocks))
    mix_held = mix_blocks[inside(mix_starts, BLOCK_SEGMENTS * SEGMENT_S, regions)]
    mix_hold = gated_loudness(mix_held) if mix_held.size else None
    voice_speech = bed_hold = None
    clipped: dict[str, int] = {}
    if voice_path.is_file() and ambient_path.is_file():
        voice = analyse(voice_path, sibilance=True, weight=mix.channels)
        bed = analyse(ambient_path, bed=True, weight=mix.channels)
        clipped = {"voice_stem": voice.clipped, "ambient_stem": bed.clipped}
        voice_speech = gated_loudness(speech_blocks(voice.k_energy, speaking))
        bed_blocks = block_energies(bed.k_energy)
        starts, _ = block_times(len(bed_blocks))
        held = bed_blocks[inside(starts, BLOCK_SEGMENTS * SEGMENT_S, regions)]
        bed_hold = gated_loudness(held) if held.size else None
        under = voice_speech - bed_hold if bed_hold is not None else None
        put("bed_under_speech", under, "8 to 16", lambda v: 8.0 <= v <= 16.0)
        put("sibilance", sibilance(voice), "≤ -10", lambda v: v <= -10.0)
        put("bed_mid_share", bed_share(bed, regions), "≥ 0.25", lambda v: v >= 0.25)
        put("bed_swing", bed_swing(bed, regions), "≤ 6", lambda v: v <= 6.0)
    else:
        for name in ("bed_under_speech", "sibilance", "bed_mid_share", "bed_swing"):
            put(name, None, "no stems")

    put("speaking_rate", speaking_rate(plan), f"{rate:g} ±10%", lambda v: abs(v / rate - 1) <= 0.1)

    if vtt_path.is_file():
        cap = captions(vtt_path, plan)
        put("caption_longest_line", cap.get("longest_line"), "≤ 42", lambda v: v <= 42)
        put("caption_most_lines", cap.get("most_lines"), "≤ 2", lambda v: v <= 2)
        put("caption_longest_cue", cap.get("longest_cue_s"), "≤ 7", lambda v: v <= 7.0)
        put("caption_split_words", cap.get("split_words"), "0", lambda v: v == 0)
    else:
        for name in ("caption_longest_line", "caption_most_lines", "caption_longest_cue",
                     "caption_split_words"):  # fmt: skip
            put(name, None, "no .vtt")

    return {
        "track": mp3.name,
        "duration_s": round(mix.samples / mix.sample_rate, 3),
        "figures": figures,
        "detail": {
            "speaking_spans": len(speaking),
            "speech_blocks": int(blocks.size),
            "program_lufs_own_meter": rounded(own_program, 2),
            "voice_stem_speech_lufs": rounded(voice_speech, 2) if voice_speech else None,
            "bed_hold_lufs": rounded(bed_hold, 2) if bed_hold is not None else None,
            "mix_hold_lufs": rounded(mix_hold, 2) if mix_hold is not None else None,
            "bed_under_speech_in_mix": rounded(speech_lufs - mix_hold, 2)
            if mix_hold is not None
            else None,
            "bed_regions": region_kind,
            "bed_region_seconds": round(sum(b - a for a, b in regions), 1),
            "clipped_samples": clipped,
        },
        "pass": all(f["pass"] is not False for f in figures.values()),
    }


# -- output ---------------------------------------------------------------------------------------
LABELS = {
    "speech_lufs": "speech loudness",
    "program_lufs": "program loudness",
    "true_peak": "true peak",
    "speech_momentary_median": "momentary while speaking (median)",
    "lra": "loudness range (LRA)",
    "bed_under_speech": "bed under speech in holds",
    "sibilance": "sibilance (5-9 vs 0.3-3 kHz)",
    "speaking_rate": "speaking rate",
    "bed_mid_share": "bed 250 Hz-6 kHz share",
    "bed_swing": "bed 1 s level swing in 20 s",
    "caption_longest_line": "caption longest line",
    "caption_most_lines": "caption most lines in a cue",
    "caption_longest_cue": "caption longest cue",
    "caption_split_words": "caption words split",
}
SHORT = {
    "speech_lufs": "speech LUFS",
    "program_lufs": "program LUFS",
    "true_peak": "TP dBTP",
    "speech_momentary_median": "momentary median",
    "lra": "LRA",
    "bed_under_speech": "bed under speech LU",
    "sibilance": "sibilance dB",
    "speaking_rate": "wpm",
    "bed_mid_share": "bed mid share",
    "bed_swing": "bed swing dB",
    "caption_longest_line": "longest line",
    "caption_most_lines": "lines/cue",
    "caption_longest_cue": "longest cue s",
    "caption_split_words": "split words",
}


def verdict(ok: bool | None) -> str:
    return "info" if ok is None else ("PASS" if ok else "FAIL")


def show(value: Any, digits: int = 1) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float) and not math.isfinite(value):
        return "-inf" if value < 0 else "inf"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def report(result: dict) -> str:
    lines = [f"{result['track']}  ({result['duration_s'] / 60:.1f} min)"]
    for name, f in result["figures"].items():
        value = f"{show(f['value'], DIGITS[name])} {f['unit']}".strip()
        lines.append(f"  {LABELS[name]:<36}{value:>14}   target {f['target']:<10} {verdict(f['pass'])}")  # fmt: skip
    d = result["detail"]
    lines.append(
        f"  (bed figures over {d['bed_region_seconds']} s of {d['bed_regions']}; "
        f"voice stem speech {show(d['voice_stem_speech_lufs'])} LUFS, "
        f"bed in holds {show(d['bed_hold_lufs'])} LUFS; in the MP3, after its limiter, the "
        f"bed sits {show(d['bed_under_speech_in_mix'])} LU under the speech)"
    )
    for stem, count in d["clipped_samples"].items():
        if count:
            lines.append(
                f"  (the {stem.replace('_', ' ')} has {count} clipped samples: its figures are "
                "approximate; the mix itself is limited)"
            )
    return "\n".join(lines)


def table(results: list[dict]) -> str:
    names = list(SHORT)
    head = "| track | " + " | ".join(SHORT[n] for n in names) + " |"
    rule = "|---|" + "---:|" * len(names)
    targets = "| *target* | " + " | ".join(
        results[0]["figures"][n]["target"] if results else "" for n in names
    ) + " |"  # fmt: skip
    rows = [head, rule, targets]
    for r in results:
        cells = []
        for n in names:
            f = r["figures"][n]
            mark = {True: "", False: " ✗", None: ""}[f["pass"]]
            cells.append(show(f["value"], DIGITS[n]) + mark)
        rows.append(f"| {r['track'].removesuffix('.mp3')} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("mp3", nargs="+", type=Path, help="MP3s rendered with --stems")
    parser.add_argument("--target", type=float, default=DEFAULT_TARGET, help="speech LUFS (-16)")
    parser.add_argument("--rate", type=float, default=DEFAULT_RATE, help="words per minute (130)")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON (a list with --table)")
    out.add_argument("--table", action="store_true", help="print one markdown table row a track")
    args = parser.parse_args(argv)

    missing = [p for p in args.mp3 if not p.is_file() or not sidecar(p, ".cue.json").is_file()]
    if missing:
        print(f"listen_check: {missing[0]} or its .cue.json does not exist", file=sys.stderr)
        return 2
    results = [measure(p, args.target, args.rate) for p in args.mp3]
    if args.json:
        print(json.dumps(results if len(results) > 1 else results[0], indent=1, ensure_ascii=False))
    elif args.table:
        print(table(results))
    else:
        print("\n\n".join(report(r) for r in results))
    return 0 if all(r["pass"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
