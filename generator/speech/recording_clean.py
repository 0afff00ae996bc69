"""A recorded line made into a clip like a synthesized one: DC and rumble removed, the silence
before and after the words trimmed (a natural tail kept), the room between words turned down by
a gentle gate. The clip then goes through the clip preparation every voice's clips get
(``generator.speech.prepare``: resampled, brought to one loudness, peaks held, de-essed like the
TTS voices, faded), so recorded lines sit at one level however far from the microphone each was
said.

Everything is zero-phase or a gain, so no sound moves in time: the first word starts
``PRE_ROLL_S`` after the clip does, as a synthesized clip's does.

* High-pass: 2nd-order Butterworth at ``HIGHPASS_HZ``, run forwards and backwards (4th order,
  -6 dB at 80 Hz, no phase shift), after the mean is taken out.
* Levels: RMS over 10 ms every 2.5 ms. The noise floor is the 10th percentile of those values,
  the speech level the 98th. "Sound" is anything ``OPEN_OVER_NOISE`` over the floor (6-12 dB:
  a quarter of the way from the floor to the speech).
* Span: from the first sound to the last, where a sound shorter than ``MIN_SOUND_S`` counts only
  near a longer one (a "t" before its vowel, not a click in the silence), ``PRE_ROLL_S`` before
  it and, after it, the decay until it meets the floor (``TAIL_S``), faded out.
* Gate: where there is no sound for a while the level is turned down by as much as brings the
  floor ``GATE_TARGET_DB`` under the speech, at most ``GATE_MAX_DB``: a clean recording is not
  touched. It opens ``GATE_AHEAD_S`` before a sound, holds ``GATE_HOLD_S`` after one, and moves
  over ``GATE_RAMP_S``, so word onsets and endings are never cut.
"""

from __future__ import annotations

import numpy as np

HIGHPASS_HZ = 80.0
HOP_S = 0.0025
WINDOW_S = 0.010
OPEN_OVER_NOISE = (6.0, 12.0)  # dB over the floor that counts as sound (a quarter of the range)
MIN_SOUND_S = 0.030
NEAR_S = 0.200  # a shorter sound this close to a longer one belongs to the words
PRE_ROLL_S = 0.010  # kept before the first sound, as a synthesized clip keeps
TAIL_S = (0.080, 0.350)  # kept after the last sound: its decay, at least and at most
TAIL_OVER_NOISE_DB = 3.0  # the decay ends where it comes this close to the floor
TAIL_FADE_S = 0.040
GATE_TARGET_DB = 50.0
GATE_MAX_DB = 18.0
GATE_AHEAD_S = 0.015
GATE_HOLD_S = 0.080
GATE_RAMP_S = 0.030


def highpass(x: np.ndarray, rate: int) -> np.ndarray:
    """``x`` without DC and rumble: zero-phase high-pass at ``HIGHPASS_HZ``."""
    from scipy.signal import butter, sosfiltfilt

    y = x.astype(np.float64) - float(np.mean(x, dtype=np.float64))
    if len(y) < 64:
        return y.astype(np.float32)
    sos = butter(2, HIGHPASS_HZ, btype="highpass", fs=rate, output="sos")
    return sosfiltfilt(sos, y).astype(np.float32)


def envelope_db(x: np.ndarray, rate: int) -> tuple[np.ndarray, int]:
    """RMS (dBFS) over ``WINDOW_S`` centred on every ``HOP_S``, and the hop in samples."""
    hop = max(1, round(HOP_S * rate))
    width = max(hop, round(WINDOW_S * rate))
    c = np.concatenate([[0.0], np.cumsum(x.astype(np.float64) ** 2)])
    at = np.arange(0, len(x), hop)
    lo = np.clip(at - width // 2, 0, len(x))
    hi = np.clip(at - width // 2 + width, 0, len(x))
    power = (c[hi] - c[lo]) / np.maximum(hi - lo, 1)
    return 10 * np.log10(np.maximum(power, 1e-14)), hop


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of every run of True in ``mask``, end exclusive."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True))


def word_span(sound: np.ndarray, hop: int, rate: int) -> tuple[int, int] | None:
    """(first, last + 1) hop of the words: sounds of at least ``MIN_SOUND_S``, and shorter ones
    within ``NEAR_S`` of those."""
    found = runs(sound)
    long = [r for r in found if (r[1] - r[0]) * hop >= MIN_SOUND_S * rate]
    if not long:
        return None
    near = NEAR_S * rate / hop
    kept = [
        r
        for r in found
        if any(r[0] - b[1] <= near and b[0] - r[1] <= near for b in long) or r in long
    ]
    return kept[0][0], kept[-1][1]


def gate_gain(sound: np.ndarray, depth_db: float, hop: int, rate: int, n: int) -> np.ndarray:
    """Per-sample gain: 1 around sounds, ``-depth_db`` where there has been none for a while."""
    from scipy.ndimage import maximum_filter1d

    if depth_db <= 0:
        return np.ones(n, dtype=np.float32)
    floor = 10 ** (-depth_db / 20)
    target = np.where(sound, 1.0, floor)
    ahead = max(1, round(GATE_AHEAD_S * rate / hop))
    behind = max(1, round(GATE_HOLD_S * rate / hop))
    width = ahead + behind + 1
    held = maximum_filter1d(target, width, origin=width // 2 - ahead, mode="nearest")
    ramp = max(1, round(GATE_RAMP_S * rate / hop))
    smooth = np.convolve(np.pad(held, ramp, mode="edge"), np.ones(2 * ramp + 1) / (2 * ramp + 1))
    smooth = smooth[2 * ramp : 2 * ramp + len(held)]
    # the ramps begin inside the held span, so a sound still meets a gate fully open
    smooth = np.maximum(smooth, np.where(target >= 1.0, 1.0, floor))
    return np.interp(np.arange(n), np.arange(len(smooth)) * hop, smooth).astype(np.float32)


def clean(x: np.ndarray, rate: int) -> np.ndarray:
    """A recorded line (mono float32 at ``rate``) as a clip: see the module's doc. ``x`` must
    hold sound over its floor (``generator.speech.recording_audio.read_recording`` checks)."""
    y = highpass(x, rate)
    env, hop = envelope_db(y, rate)
    noise = float(np.percentile(env, 10))
    speech = float(np.percentile(env, 98))
    lo, hi = OPEN_OVER_NOISE
    sound = env > noise + min(max(0.25 * (speech - noise), lo), hi)
    span = word_span(sound, hop, rate)
    if span is None:  # only short sounds: keep what there is
        span = (int(np.argmax(sound)), len(sound) - int(np.argmax(sound[::-1])))
    first, last = span
    start = max(0, first * hop - round(PRE_ROLL_S * rate))
    tail_min, tail_max = (round(t * rate / hop) for t in TAIL_S)
    decay = env[last : last + tail_max] > noise + TAIL_OVER_NOISE_DB
    tail = int(np.argmin(decay)) if not decay.all() else len(decay)
    end = min(len(y), (last + max(tail, tail_min)) * hop)
    depth = min(max(GATE_TARGET_DB - (speech - noise), 0.0), GATE_MAX_DB)
    gain = gate_gain(sound, depth, hop, rate, len(y))
    out = (y * gain)[start:end]
    fade = min(round(TAIL_FADE_S * rate), len(out) // 2)
    if fade > 0:
        out[-fade:] *= (0.5 + 0.5 * np.cos(np.pi * (np.arange(fade) + 0.5) / fade)).astype(
            np.float32
        )
    return np.ascontiguousarray(out, dtype=np.float32)
