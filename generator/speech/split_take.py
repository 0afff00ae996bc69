"""One long take cut into the files of its lines: the lines said in sheet order, a pause between
each two, cut at the ``n - 1`` longest pauses.

The take is decoded once, mono, 16-bit (at most ``MAX_TAKE_S``: 40 minutes is 230 MB at 48 kHz),
through ``generator.runner`` like every recording. Its level is measured in 20 ms frames: the
noise floor is their 10th percentile, the speech level their 98th, and a frame is sound when it
is a quarter of the way from the one to the other (6-15 dB over the floor). The pauses between
sounds that are at least ``MIN_PAUSE_S`` long are the candidates; the ``n - 1`` longest are the
cuts, each in its middle. A file keeps at most ``KEEP_S`` of silence before and after its words
(the voice trims the rest). A take with fewer pauses than cuts is refused, naming how many it
found; so is one with more pauses as long as the cuts (three quarters of their median, and at
least ``LONG_PAUSE_S``) than there are cuts: more lines were said than are listed, and cutting it
would put one line's words in another's file. A longer pause left over gets a warning, as a
line said with a long pause inside it may have been cut in two.
"""

from __future__ import annotations

import logging
import wave
from pathlib import Path

import numpy as np

from generator.errors import InputError
from generator.output.files import atomic_files
from generator.speech.recording_audio import MAX_TAKE_S, bad, check_file, decode
from generator.speech.recording_clean import runs
from generator.speech.recording_names import shown

log = logging.getLogger(__name__)

FRAME_S = 0.020
MIN_PAUSE_S = 0.5  # a pause between lines is at least this long
LONG_PAUSE_S = 1.2  # a pause this long not cut at gets a warning
KEEP_S = 1.0
MIN_SOUND_S = 0.06  # shorter sounds (a click, a breath) do not end a pause
CHUNK = 1 << 20  # samples measured at a time: the take is never copied to float whole


def frame_levels(x: np.ndarray, frame: int) -> np.ndarray:
    """dBFS of each ``frame`` samples of int16 ``x``."""
    out = []
    step = CHUNK // frame * frame
    for at in range(0, len(x) - len(x) % frame, step):
        part = x[at : min(at + step, len(x) - len(x) % frame)].astype(np.float64) / 32768.0
        out.append(np.mean(part.reshape(-1, frame) ** 2, axis=1))
    power = np.concatenate(out) if out else np.zeros(0)
    return 10 * np.log10(np.maximum(power, 1e-14))


def find_cuts(db: np.ndarray, count: int, frame_s: float) -> list[tuple[int, int]]:
    """(first, end) frame of each of ``count`` parts of a take with these frame levels."""
    noise, speech = float(np.percentile(db, 10)), float(np.percentile(db, 98))
    sound = db > noise + min(max(0.25 * (speech - noise), 6.0), 15.0)
    shortest = max(1, round(MIN_SOUND_S / frame_s))
    sounds = [r for r in runs(sound) if r[1] - r[0] >= shortest]
    if not sounds:
        raise ValueError("no speech found")
    pauses = [(b[0] - a[1], a[1], b[0]) for a, b in zip(sounds, sounds[1:], strict=False)]
    pauses = [p for p in pauses if p[0] * frame_s >= MIN_PAUSE_S]
    if len(pauses) < count - 1:
        raise ValueError(f"found {len(pauses) + 1}")
    chosen = sorted(sorted(pauses, reverse=True)[: count - 1], key=lambda p: p[1])
    left = sorted(pauses, reverse=True)[count - 1 :]
    if chosen and left:  # as long as the pauses between lines: more lines said than listed
        between = max(LONG_PAUSE_S / frame_s, 0.75 * float(np.median([p[0] for p in chosen])))
        extra = [p for p in left if p[0] >= between]
        if extra:
            raise ValueError(f"found {count + len(extra)}")
    if left and left[0][0] * frame_s >= LONG_PAUSE_S:
        log.warning(
            "holdspace: the take has %d more long pauses than the lines need (the longest %.1f "
            "s, at %.0f s): a line with a long pause inside it may be cut in two; listen to "
            "the files",
            len([p for p in left if p[0] * frame_s >= LONG_PAUSE_S]),
            left[0][0] * frame_s,
            left[0][1] * frame_s,
        )
    bounds = [sounds[0][0]]
    for _, end, start in chosen:
        bounds += [end, start]
    bounds.append(sounds[-1][1])
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]


def split_take(take: Path, folder: Path, stems: list[str]) -> list[Path]:
    """Cut ``take`` into ``FOLDER/<stem>.wav``, one per stem in order; every file is written
    only when all can be (nothing is replaced)."""
    check_file(take, max_bytes=4 * 2**30)
    x, rate = decode(take, MAX_TAKE_S, channels=1, codec="pcm_s16le")
    mono = x[:, 0]
    if len(mono) > (MAX_TAKE_S + 0.5) * rate:
        raise bad(take, f"is longer than {MAX_TAKE_S / 60:g} minutes; cut it into shorter takes")
    frame = max(1, round(FRAME_S * rate))
    db = frame_levels(mono, frame)
    if len(db) == 0:
        raise bad(take, "holds no audio")
    try:
        parts = find_cuts(db, len(stems), FRAME_S)
    except ValueError as exc:
        found = str(exc)
        if int(found.split()[-1]) > len(stems):
            raise bad(
                take,
                f"{found} spoken parts with a pause as long as those between lines, and "
                f"{len(stems)} lines are still to record; say only the lines the sheet lists "
                "still to record, in its order (not those it marks to record last); nothing "
                "was written",
            ) from None
        raise bad(
            take,
            f"{found} spoken part{'' if found.endswith(' 1') else 's'} with a pause of at least "
            f"{MIN_PAUSE_S:g} s between them, and "
            f"{len(stems)} lines are still to record; a take is cut into every line still to "
            "record, in the sheet's order, with about two seconds between lines; to record only "
            "some lines, save each as its own file, named as in lines.csv; nothing was written",
        ) from None
    targets = tuple(folder / f"{stem}.wav" for stem in stems)
    for target in targets:
        if target.exists():
            raise InputError(f"--split: {shown(target)} exists already; nothing was written")
    keep = round(KEEP_S * rate)
    # each file ends, and the next begins, no further than the middle of the pause between them
    middles = [0] + [(a[1] + b[0]) * frame // 2 for a, b in zip(parts, parts[1:], strict=False)]
    middles.append(len(mono))
    with atomic_files(targets) as temps:
        for i, ((first, end), temp) in enumerate(zip(parts, temps, strict=True)):
            lo = max(middles[i], first * frame - keep)
            hi = min(middles[i + 1], end * frame + keep)
            with wave.open(str(temp), "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(rate)
                out.writeframes(np.ascontiguousarray(mono[lo:hi], dtype="<i2").tobytes())
    return list(targets)
