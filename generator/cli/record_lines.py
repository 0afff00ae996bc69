"""The lines ``holdspace record`` lists: what a session says, found by planning it.

Before anything is recorded the lines come from the plan with lengths guessed from the words
(``generator.render.prepare.spoken_texts``, as a render finds them before speaking). A few
built-in lines depend on how long the session turns out (the opening says its length), so each
length is also planned at a slower and a faster pace: a line that does not come up at all three
is marked on the sheet, to be recorded last. ``--check`` then plans with the recordings' own
lengths, as the render will, so what it lists is exactly what a render would still miss.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.errors import LengthOutOfReach
from generator.plan import roles
from generator.plan.planner import plan_session, session_seed
from generator.plan.types import Plan
from generator.render.prepare import ESTIMATE_S_PER_WORD, spoken_texts
from generator.script.model import Session
from generator.speech.recording_names import spoken
from generator.speech.recording_sheet import SheetLine, Spoken, sheet_lines, sheet_words

SAMPLE_RATE = 44100  # the plan's clock while the lines are found (as a render's by default)
OTHER_PACES = (0.7, 1.4)  # times the guessed length of a word: a faster and a slower speaker


def tone_length() -> Callable[[int], int]:
    from generator.mix.bell import Tones

    return Tones(SAMPLE_RATE).length


def guess(pace: float = 1.0) -> Callable[[str], int]:
    return lambda text: round(len(text.split()) * ESTIMATE_S_PER_WORD * pace * SAMPLE_RATE)


def planned(
    session: Session, measure: Callable[[str], int], seed: int, length: float | None
) -> Plan:
    """The plan, fitted to ``length`` (or the script's own ``length:``) if it can be; with
    guessed sentence lengths it may not, where the real voice will: then the plan at the
    nearest length the guesses allow, as close to the render as they get."""
    tones = tone_length()

    def plan(session: Session, length: float | None) -> Plan:
        return plan_session(session, measure, tone_length=tones, sample_rate=SAMPLE_RATE,
                            seed=seed, length=length)  # fmt: skip

    try:
        return plan(session, length)
    except LengthOutOfReach as exc:
        try:
            return plan(session, exc.nearest_s)
        except LengthOutOfReach:
            return plan(replace(session, length=None), None)


def session_lines(session: Session, seed: int | None, lengths: list) -> list[SheetLine]:
    """Every line the session may say at ``lengths``, noted from its first length's plan."""
    seed = session_seed(session) if seed is None else seed
    texts: list[str] = []
    steady: set[str] | None = None
    for length in lengths:
        texts += spoken_texts(session, SAMPLE_RATE, seed, length, tone_length())
        for pace in OTHER_PACES:
            said = {e.text or "" for e in planned(session, guess(pace), seed, length).speech()}
            steady = said if steady is None else steady & said
    said = said_in(planned(session, guess(), seed, lengths[0]), session.language)
    lines = sheet_lines(said, texts)
    return [line if line.text in (steady or set()) else line.varying() for line in lines]


def said_in(plan: Plan, lang: str | None = "en") -> list[Spoken]:
    """The plan's speech as the sheet notes it: chapter, role, the sentence a clause belongs
    to, the breath a cue is said in (in the script's language)."""
    w = sheet_words(lang)
    phases = {
        e.start: w["breath"].format(
            seconds=f"{(e.end - e.start) / SAMPLE_RATE:.3g}", phase=w["phases"].get(e.role, e.role)
        )
        for e in plan.events
        if e.kind == roles.HOLD and e.role in roles.BREATH_PHASES
    }
    sentences: list[list[Any]] = []
    for e in sorted(plan.speech(), key=lambda e: (e.start, e.end)):
        if e.continues and sentences:
            sentences[-1].append(e)
        else:
            sentences.append([e])
    out = []
    for group in sentences:
        whole = " ".join(e.text or "" for e in group) if len(group) > 1 else ""
        for i, e in enumerate(group, 1):
            chapter = next(
                (c.title for c in plan.chapters if c.start <= e.start < c.end),
                plan.chapters[-1].title if plan.chapters else "",
            )
            within = phases.get(e.start, "") if e.role == roles.BREATH else ""
            out.append(Spoken(e.text or "", e.role, chapter, whole, (i, len(group)), within))
    return out


def recorded_lines(
    session: Session, seed: int | None, lengths: list, folder: Path, guessed: list[SheetLine]
) -> tuple[list[SheetLine], list[str]]:
    """The sheet once there are recordings, and what the track says with them: its lines in the
    order the recordings' own plan says them (the opening's real length in its place), then the
    lines of ``guessed`` said only at other lengths, marked to record last."""
    plans = recorded_plans(session, seed, lengths, folder)
    needed = list(dict.fromkeys(e.text for plan in plans for e in plan.speech() if e.text))
    said = {spoken(t) for t in needed}
    lines = sheet_lines(
        said_in(plans[0], session.language), needed + [line.text for line in guessed]
    )
    return [line if line.text in said else line.varying() for line in lines], needed


def recorded_plans(
    session: Session, seed: int | None, lengths: list, folder: Path, jobs: int = 2
) -> list[Plan]:
    """The plans a render at ``lengths`` would make with these recordings: the recordings' own
    lengths (a line not recorded taken at its guessed length), as a render makes them; lines
    asked for only on the way (the opening's length before it settled) are not in them. Every
    recording is read, checked and made ready on the way, and kept in the cache, as a render
    would."""
    from generator.speech.cache import SpeechCache
    from generator.speech.clips import ClipStore
    from generator.speech.pipeline import ClipMaker
    from generator.speech.recorded import RecordedVoice

    seed = session_seed(session) if seed is None else seed
    voice = RecordedVoice(folder, None, 0)
    cache = SpeechCache()
    store = ClipStore(SpeechCache(cache.root / "prepared"), SAMPLE_RATE)
    maker = ClipMaker(voice, cache, store, jobs)
    rough = guess()

    def measure(text: str) -> int:
        if voice.recording(text) is None:
            return rough(text)
        maker.make([text])
        return store.info(text).length

    plans = []
    for length in lengths:
        wanted = spoken_texts(session, SAMPLE_RATE, seed, length, tone_length())
        maker.make([t for t in wanted if voice.recording(t) is not None])
        plans.append(planned(session, measure, seed, length))
    return plans
