"""Session → Plan. Pure: no I/O. Speech lengths come from a ``measure`` callback.

``plan_session`` is the one entry point: it builds the timeline with the practice rules
(``generator.plan.practice``), says the real length in the opening, and fits the session to a
length when one is asked for (``generator.plan.fit``).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

from generator.plan.builder import Builder
from generator.plan.checkins import CheckIns
from generator.plan.fit import fit, settle
from generator.plan.practice import build, summary
from generator.plan.types import ChapterMark, Measure, Plan
from generator.plan.wording import Wording, known_language
from generator.script.model import Chapter, Session

DEFAULT_SAMPLE_RATE = 44100
MP3_FRAME = 1152  # samples per MPEG-1 Layer III frame, at 44.1 and 48 kHz alike
SHORT_TRIM = 47  # 1152 − 576 (LAME's encoder delay) − 529 (the decoder's)


def plan_session(
    session: Session,
    measure: Measure,
    *,
    tone_length: Callable[[int], int] | None = None,
    sample_rate: int = DEFAULT_SAMPLE_RATE,
    seed: int | None = None,
    length: float | None = None,
) -> Plan:
    """Lay out every event of ``session`` in time; ``measure(text)`` gives a clause's samples.

    ``length`` (or the script's ``length:``) fits the session to that many seconds by scaling
    holds within each pose's range (and breath rounds within bounds).
    """
    seed = session_seed(session) if seed is None else seed
    tones = tone_length or (lambda strikes: round((6.0 + 4.0 * max(strikes - 1, 0)) * sample_rate))

    def run(scale: float = 1.0, rounds: float = 1.0, opening_s: float | None = None) -> Plan:
        b = Builder(
            session=session,
            measure=measure,
            tone_length=tones,
            sample_rate=sample_rate,
            wording=Wording(session.language, seed),
            check_ins=CheckIns(
                known_language(session.language),
                seed,
                session.care.check_ins,
                in_bed=session.care.place == "bed",
            ),
            auto_chapters=not any(isinstance(s, Chapter) for s in session.segments),
            hold_scale=scale,
            rounds_scale=rounds,
        )
        build(b, opening_s)
        b.check_limit(b.events[-1].line if b.events else 1, b.samples(session.pacing.tail))
        duration = decodable_length(b.cursor + b.samples(session.pacing.tail))
        return Plan(
            title=session.title,
            sample_rate=sample_rate,
            duration=duration,
            events=tuple(b.events),
            chapters=_chapters(b.marks, duration),
            seed=seed,
            summary=summary(b, duration / sample_rate),
        )

    target = length if length is not None else session.length
    if target is not None:
        return fit(run, target, session, from_option=length is not None)
    return settle(lambda s: run(opening_s=s), run())


def decodable_length(samples: int) -> int:
    """The track's length, nudged (by at most 46 samples, 1 ms of silence) off the few lengths
    that ffmpeg, and the players built on it (Chromium among them), decode too long.

    When a track ends 1–46 samples into an MP3 frame, the LAME end padding spans two frames and
    those decoders trim only the last one: the listener gets up to 46 samples past the planned end
    (measured: a 10,133,038-sample track decoded as 10,133,039). Ending a little later makes every
    decoder give exactly the planned length.
    """
    rest = samples % MP3_FRAME
    return samples + SHORT_TRIM - rest if 0 < rest < SHORT_TRIM else samples


def _chapters(marks: list[tuple[str, int]], duration: int) -> tuple[ChapterMark, ...]:
    merged: list[tuple[str, int]] = []
    for title, start in marks:
        if merged and merged[-1][1] == start:
            merged[-1] = (title, start)  # a later chapter at the same moment wins
        else:
            merged.append((title, start))
    if not merged:
        return ()
    merged[0] = (merged[0][0], 0)
    ends = [start for _, start in merged[1:]] + [duration]
    return tuple(ChapterMark(t, s, e) for (t, s), e in zip(merged, ends, strict=True) if e > s)


def session_seed(session: Session) -> int:
    """A seed from the script's title, so the same script always gets the same wording, and an
    edit elsewhere (a comment, a cue, a voice line) leaves the built-in words it does not touch
    as they were: a recording sheet stays valid. How often they hedge is bounded by the planner
    (``Builder.sparing``), not by the seed's luck."""
    return zlib.crc32(session.title.encode("utf-8"))
