"""A breathing block in time: an introduction, rounds of exact length with a cue at each phase
(full words, then one word, then silence so the listener can follow alone), a reminder after half
a minute and then about once a minute that the natural breath is always an option, a line saying
the counting has ended, and the limits a block keeps."""

from __future__ import annotations

from generator.care.breathing import (
    BreathPattern,
    all_patterns,
    breath_cues,
    closest_patterns,
    custom_pattern,
    get_pattern,
    short_cue,
)
from generator.plan import roles
from generator.plan.builder import Builder
from generator.plan.holds import fill_hold
from generator.plan.types import Event
from generator.plan.wording import REMINDER_TRIES
from generator.script.model import Breath

MAX_BREATHS_PER_MINUTE = 12.0
MAX_BREATH_BLOCK_S = 300.0
REMINDER_EVERY_S = 60.0
FIRST_REMINDER_S = 30.0  # a one-minute block still hears the offer while the counting goes on
NATURAL_BREATH_S = 60.0
QUIET_MARGIN_S = 5.0  # a breathing block stays this far inside the session's longest silence
FEWEST_ROUNDS = 2  # a breathing block fitted to a short length keeps at least this many


def breath(b: Builder, seg: Breath) -> None:
    pattern = pattern_of(b, seg)
    w = b.words(seg.line, "breathing")
    lang = w.language
    if b.auto_chapters:  # a natural-breath block has its own name: two "Breathing" chapters
        b.chapter(w.chapter_title("breathing" if pattern.paced else "natural_breath"))
    if not pattern.paced:  # natural breath: just noticing, with the usual care for silence
        b.say(b.fresh(pattern.intro(lang)), seg.line, roles.BREATH_INTRO)
        event = b.timed(roles.HOLD, b.samples(NATURAL_BREATH_S), seg.line, roles.NATURAL)
        fill_hold(b, event, seg.line, words=False)
        return
    rate = pattern.rate_per_minute() or 0.0
    rounds = _rounds(b, seg, pattern)
    if rate > MAX_BREATHS_PER_MINUTE and not seg.override:
        raise b.fail(
            f"this breathing is {rate:.0f} breaths a minute; over {MAX_BREATHS_PER_MINUTE:.0f} is "
            "not offered by default (slow it down, or add override: true if you mean it)",
            seg.line,
        )
    if pattern.cycle_seconds * rounds > MAX_BREATH_BLOCK_S and not seg.override:
        raise b.fail(
            f"this breathing block lasts {pattern.cycle_seconds * rounds / 60:.1f} minutes; blocks "
            f"over {MAX_BREATH_BLOCK_S / 60:.0f} minutes need override: true (or fewer rounds)",
            seg.line,
        )
    b.say(b.fresh(pattern.intro(lang)), seg.line, roles.BREATH_INTRO)
    for extra in (
        pattern.caution(lang) if pattern.needs_caution else None,
        pattern.skip_holds(lang),
    ):
        if extra:
            b.say(extra, seg.line, roles.BREATH_INTRO)
    _speak_rounds(b, seg, pattern, rounds)
    b.say(w.breath_outro(b.recent_softeners()), seg.line, roles.BREATH_OUTRO)


def _speak_rounds(b: Builder, seg: Breath, pattern: BreathPattern, rounds: int) -> None:
    """The rounds in time, each phase with its cue while there are cues (full words, then one
    word). A natural-breath reminder after half a minute and then about once a minute, in an
    out-breath after its cue (never instead of it: every "in" has its "out"), not in the last
    round (the outro says the counting is over). And never a silence longer than the session
    allows: a one-word cue keeps the listener company when one would come."""
    w = b.words(seg.line, "breathing")
    lang = w.language
    phases = dict(pattern.phases())
    last_reminder = b.cursor - b.samples(REMINDER_EVERY_S - FIRST_REMINDER_S)
    reminder_gap = b.samples(REMINDER_EVERY_S)
    quiet_most = b.samples(max(b.session.care.max_silence - QUIET_MARGIN_S, 1.0))
    fit, gap = b.samples(0.1), b.samples(0.4)  # room at a phase's end; cue to reminder
    last_sound = b.cursor

    def say(start: int, text: str) -> int:
        end = start + b.measure(text)
        b.add(Event(roles.SPEECH, start, end, seg.line, text, roles.BREATH))
        return end

    for index, phase, words in breath_cues(pattern, rounds, lang):
        event = b.timed(roles.HOLD, b.samples(phases[phase]), seg.line, phase)
        room = event.end - event.start - fit
        words = b.local(words) if words else words  # in vos or usted where the script speaks so
        if words and b.measure(words) > room:
            words = b.local(short_cue(phase, lang))  # full words too long for this phase
        if not words and event.end - last_sound > quiet_most:
            # a long quiet: one word, so the track never seems stopped
            words = b.local(short_cue(phase, lang))
        if words and b.measure(words) <= room:
            last_sound = say(event.start, words)
        cue_end = last_sound + gap if last_sound > event.start else event.start
        if phase != roles.EXHALE or index >= rounds - 1:
            continue
        if event.start - last_reminder < reminder_gap:
            continue
        for _ in range(REMINDER_TRIES):  # the next reminder that fits this out-breath
            reminder = b.local(w.breath_reminder(b.recent_softeners()))
            if cue_end + b.measure(reminder) <= event.start + room:
                last_sound = say(cue_end, reminder)
                last_reminder = event.start
                break


def _rounds(b: Builder, seg: Breath, pattern: BreathPattern) -> int:
    """The rounds as written, or (fitting a length) that many × ``rounds_scale``: at least
    ``FEWEST_ROUNDS`` (or as written, if fewer), at most the pattern's most or a 5-minute block
    (unless the script overrides that)."""
    written = seg.rounds or pattern.rounds_default or 6
    if b.rounds_scale == 1.0:
        return written
    most = max(written, pattern.rounds_max)
    if not seg.override:
        most = max(written, min(most, int(MAX_BREATH_BLOCK_S // pattern.cycle_seconds)))
    fewest = min(written, FEWEST_ROUNDS)
    return max(fewest, min(most, round(written * b.rounds_scale)))


def pattern_of(b: Builder, seg: Breath) -> BreathPattern:
    """The named pattern, or the author's own timing; an unknown name is an error at its line."""
    explicit = seg.inhale is not None or seg.exhale is not None or seg.hold_in or seg.hold_out
    if seg.pattern is not None:
        if explicit:
            raise b.fail("breath takes a pattern name or inhale/exhale seconds, not both", seg.line)
        pattern = get_pattern(seg.pattern)
        if pattern is None:
            near = closest_patterns(seg.pattern)
            names = ", ".join(p.id for p in all_patterns())
            hint = (
                f"did you mean {', '.join(repr(n) for n in near)}?" if near else f"known: {names}"
            )
            raise b.fail(f"unknown breathing pattern {seg.pattern!r}; {hint}", seg.line)
        return pattern
    return custom_pattern(
        seg.inhale or 0.0, seg.exhale or 0.0, seg.hold_in, seg.hold_out, seg.rounds
    )
