"""The practice rules the planner follows: poses and sides, breathing, check-ins and chimes in
long holds, the opening and the closing. Built-in words come from ``generator.care`` through
``generator.plan.wording``; author text always wins.
"""

from __future__ import annotations

import math

from generator import care
from generator.script.model import Bell, Breath, Chapter, Pause, Pose, Speak
from generator.plan.planner import CHIME, Builder, Event

MAX_BREATHS_PER_MINUTE = 12.0
MAX_BREATH_BLOCK_S = 300.0
REMINDER_EVERY_S = 60.0
NATURAL_BREATH_S = 60.0
CHECK_IN_MARGIN_S = 2.0  # a check-in ends at least this long before the next cue


def build(b: Builder, opening_s: float | None) -> None:
    """Lay out the whole session: opening, every segment, closing."""
    s = b.session
    b.cursor = b.samples(s.pacing.lead_in)
    if b.auto_chapters:  # else the script's own chapter: items are all the chapters there are
        b.chapter(b.wording.chapter_title("opening"))  # titles fall back to English
    if s.bells.start:
        _bell(b, s.bells.line)
    if s.care.opening:
        text = s.care.opening if isinstance(s.care.opening, str) else None
        if text is None:
            w = _builtin(b, s.care.line, "opening")
            poses = [seg for seg in s.segments if isinstance(seg, Pose)]
            chair = bool(poses) and all(_pose_info(b, p).chair for p in poses)
            text = " ".join(w.opening(opening_s or 600.0, _outline(b), chair, bool(poses)))
        b.say(text, s.care.line, "opening")
    last_pose = max((i for i, seg in enumerate(s.segments) if isinstance(seg, Pose)), default=-1)
    closing_open = False
    occurrences: dict[str, int] = {}
    for i, seg in enumerate(s.segments):
        if b.auto_chapters and last_pose >= 0 and i == last_pose + 1:
            b.chapter(b.wording.chapter_title("closing"))
            closing_open = True
        if isinstance(seg, Speak):
            b.say(seg.text, seg.line, "speak")
        elif isinstance(seg, Pause):
            event = b.timed(
                "pause", b.samples(seg.seconds), seg.line, "silence" if seg.silent else "pause"
            )
            if not seg.silent:
                fill_hold(b, event, seg.line, words=False)
        elif isinstance(seg, Chapter):
            b.chapter(seg.title)
        elif isinstance(seg, Bell):
            b.timed("tone", b.tone_length(seg.strikes), seg.line, "bell", strikes=seg.strikes)
        elif isinstance(seg, Pose):
            info = _pose_info(b, seg)
            occurrences[info.id] = occurrences.get(info.id, -1) + 1
            pose(b, seg, info, occurrences[info.id])
        elif isinstance(seg, Breath):
            breath(b, seg)
    if s.care.closing:
        if b.auto_chapters and not closing_open:
            b.chapter(b.wording.chapter_title("closing"))
        if isinstance(s.care.closing, str):
            text = " ".join(t for t in (s.care.closing, s.care.resource) if t)
        else:
            text = " ".join(_builtin(b, s.care.line, "closing").closing(s.care.resource))
        b.say(text, s.care.line, "closing")
    if s.bells.end:
        _bell(b, s.bells.line)
    b._open_chapter(b.cursor)


def _bell(b: Builder, line: int) -> None:
    strikes = b.session.bells.strikes
    b.timed("tone", b.tone_length(strikes), line, "bell", strikes=strikes)


def _builtin(b: Builder, line: int, what: str):  # -> Wording
    """The wording, or a clear error when built-in words do not exist in the script's language."""
    language = b.session.language
    if _knows_words(b) or (what == "check-in" and b.session.care.check_ins):
        return b.wording
    raise b.fail(
        f"built-in {what} words exist in English and Spanish only, not {language!r}; write your "
        "own: care opening/closing/check_ins, and each pose's cue, switch and exit",
        b.session.language_line or line or 1,
    )


def _pose_info(b: Builder, seg: Pose) -> care.PoseInfo:
    info = care.get_pose(seg.pose)
    if info is None:
        near = list(dict.fromkeys(care.get_pose(n).id for n in care.closest_poses(seg.pose, 6)))[:3]
        hint = f"did you mean {', '.join(repr(n) for n in near)}? " if near else ""
        raise b.fail(f"unknown pose {seg.pose!r}; {hint}`holdspace poses` lists them", seg.line)
    return info


def _outline(b: Builder) -> list[str]:
    items: list[str] = []
    for seg in b.session.segments:
        if isinstance(seg, Pose):
            info = _pose_info(b, seg)
            item = b.wording.outline_item(
                info, (seg.sides or ("both" if info.has_sides else "none")) == "both"
            )
        elif isinstance(seg, Breath):
            item = b.wording.chapter_title("breathing").lower()
        else:
            continue
        if not items or items[-1] != item:
            items.append(item)
    return items


def hold_length(b: Builder, seg: Pose, info: care.PoseInfo) -> int:
    """The hold per side: the author's or the pose's default, scaled when fitting to a length."""
    base = seg.hold if seg.hold is not None else info.hold_default
    lo, hi = min(info.hold_min, base), max(info.hold_max, base)
    return b.samples(min(hi, max(lo, base * b.hold_scale)))


def pose(b: Builder, seg: Pose, info: care.PoseInfo, occurrence: int) -> None:
    sides_key = seg.sides or ("both" if info.has_sides else "none")
    if sides_key != "none" and not info.has_sides:
        raise b.fail(
            f"{info.id} is done once, without sides; remove sides: or use sides: none", seg.line
        )
    sides = {"both": ("left", "right"), "left": ("left",), "right": ("right",)}.get(
        sides_key, (None,)
    )
    needs_words = seg.cue is None or seg.exit is None or (len(sides) > 1 and seg.switch is None)
    w = _builtin(b, seg.line, "pose") if needs_words else b.wording
    hold = hold_length(b, seg, info)
    for i, side in enumerate(sides):
        if b.auto_chapters:
            b.chapter(w.pose_chapter(info, side))
        if i == 0:
            if _knows_words(b):
                b.say(b.wording.coming_up(info), seg.line, "cue")
            b.say(seg.cue or w.pose_entry(info, occurrence), seg.line, "cue")
            if side and _knows_words(b) and not (seg.cue and _names_side(seg.cue, side)):
                only = len(sides) == 1
                b.say(_builtin(b, seg.line, "pose").side_intro(side, only), seg.line, "cue")
        else:
            if b.session.bells.sides:
                _bell(b, seg.line)
            b.say(seg.switch or w.pose_switch(info, side, occurrence), seg.line, "switch")
        event = b.timed("hold", hold, seg.line, f"hold:{side}" if side else "hold")
        fill_hold(b, event, seg.line, words=True)
    b.say(seg.exit or w.pose_exit(info, occurrence), seg.line, "exit")


def _knows_words(b: Builder) -> bool:
    try:
        care.normalize_lang(b.session.language)
    except ValueError:
        return False
    return True


def _names_side(text: str, side: str) -> bool:
    words = {"left": ("left", "izquierd"), "right": ("right", "derech")}[side]
    return any(wd in text.lower() for wd in words)


def fill_hold(b: Builder, event: Event, line: int, words: bool) -> None:
    """Check-ins (each offering a way out) at most ``check_in_every`` apart inside a hold, then
    soft chimes wherever a silence would still run longer than ``max_silence``."""
    care_settings = b.session.care
    length = event.end - event.start
    # words at least every check_in_every, and no longer apart than max_silence either
    interval = b.samples(min(care_settings.check_in_every, care_settings.max_silence))
    placed: list[tuple[int, int]] = []
    if words and length > interval:
        w = _builtin(b, line, "check-in")
        margin = b.samples(CHECK_IN_MARGIN_S)
        n = math.ceil(length / interval) - 1
        while n > 0:
            spacing = length / (n + 1)
            texts = [w.check_in(k) for k in range(n)]
            if all(b.spoken_length(t) + margin <= spacing for t in texts):
                break
            n += 1
            if spacing < b.samples(8.0):  # too short for words: leave it quiet
                n = 0
        for k in range(n):
            at = event.start + round(length * (k + 1) / (n + 1))
            placed.append((at, b.say_at(at, w.check_in(k), line, "check_in")))
        w.use_check_ins(n)
    _chimes(b, event, placed, line)


def _chimes(b: Builder, event: Event, sounds: list[tuple[int, int]], line: int) -> None:
    limit = b.samples(b.session.care.max_silence)
    chime = b.tone_length(CHIME)
    # The quiet began at the last sound before this span, which is earlier when a pause follows
    # a pause; a pause marked silent is quiet on purpose and ends the count.
    heard = [
        e.end
        for e in b.events
        if e.end <= event.start and (e.kind in ("speech", "tone") or e.role == "silence")
    ]
    edges = [max(heard, default=event.start), *[x for span in sounds for x in span], event.end]
    for quiet_from, quiet_to in zip(edges[::2], edges[1::2], strict=True):
        gap = quiet_to - quiet_from
        if gap <= limit:
            continue
        m = math.ceil(gap / limit) - 1
        while m and gap / (m + 1) < chime + b.samples(1.0):
            m -= 1
        for k in range(m):
            # At most the first falls before this span (the quiet before it was at most the
            # limit): it sounds as the span starts, which keeps every gap within the limit.
            at = max(quiet_from + round(gap * (k + 1) / (m + 1)), event.start)
            b.events.append(Event("tone", at, at + chime, line, role="chime", strikes=CHIME))


def _rounds(b: Builder, seg: Breath, pattern: care.BreathPattern) -> int:
    written = seg.rounds or pattern.rounds_default or 6
    if b.rounds_mode == "fewest":
        return max(1, min(written, 2))
    if b.rounds_mode == "most":
        most = max(written, pattern.rounds_max)
        if not seg.override:
            most = min(most, int(MAX_BREATH_BLOCK_S // pattern.cycle_seconds))
        return max(written, most)
    return written


def breath(b: Builder, seg: Breath) -> None:
    pattern = _pattern(b, seg)
    w = _builtin(b, seg.line, "breathing")
    lang = w.language
    if b.auto_chapters:
        b.chapter(w.chapter_title("breathing"))
    if not pattern.paced:  # natural breath: just noticing, with the usual care for silence
        b.say(pattern.intro(lang), seg.line, "breath_intro")
        event = b.timed("hold", b.samples(NATURAL_BREATH_S), seg.line, "natural")
        fill_hold(b, event, seg.line, words=False)
        return
    rate = pattern.rate_per_minute() or 0.0
    rounds = _rounds(b, seg, pattern)
    if rate > MAX_BREATHS_PER_MINUTE and not seg.override:
        raise b.fail(
            f"this breathing is {rate:.0f} breaths a minute; over {MAX_BREATHS_PER_MINUTE:.0f} is not "
            "offered by default (slow it down, or add override: true if you mean it)",
            seg.line,
        )
    if pattern.cycle_seconds * rounds > MAX_BREATH_BLOCK_S and not seg.override:
        raise b.fail(
            f"this breathing block lasts {pattern.cycle_seconds * rounds / 60:.1f} minutes; blocks over "
            f"{MAX_BREATH_BLOCK_S / 60:.0f} minutes need override: true (or fewer rounds)",
            seg.line,
        )
    b.say(pattern.intro(lang), seg.line, "breath_intro")
    for extra in (
        pattern.caution(lang) if pattern.needs_caution else None,
        pattern.skip_holds(lang),
    ):
        if extra:
            b.say(extra, seg.line, "breath_intro")
    cues = care.breath_cues(pattern, rounds, lang)
    phases = dict(pattern.phases())
    last_reminder = b.cursor
    reminder_gap = b.samples(REMINDER_EVERY_S)
    fit = b.samples(0.1)
    for _round, phase, words in cues:
        event = b.timed("hold", b.samples(phases[phase]), seg.line, phase)
        room = event.end - event.start - fit
        if phase == "exhale" and event.start - last_reminder >= reminder_gap:
            reminder = w.breath_reminder()
            if b.measure(reminder) <= room:
                words = reminder
                last_reminder = event.start
        if words and b.measure(words) > room:
            words = care.short_cue(phase, lang)  # full words too long for this phase: one word
        if words and b.measure(words) <= room:
            b.events.append(
                Event(
                    "speech", event.start, event.start + b.measure(words), seg.line, words, "breath"
                )
            )
    b.say(w.breath_reminder(), seg.line, "breath_outro")


def _pattern(b: Builder, seg: Breath) -> care.BreathPattern:
    explicit = seg.inhale is not None or seg.exhale is not None or seg.hold_in or seg.hold_out
    if seg.pattern is not None:
        if explicit:
            raise b.fail("breath takes a pattern name or inhale/exhale seconds, not both", seg.line)
        pattern = care.get_pattern(seg.pattern)
        if pattern is None:
            near = care.closest_patterns(seg.pattern)
            names = ", ".join(p.id for p in care.all_patterns())
            hint = (
                f"did you mean {', '.join(repr(n) for n in near)}?" if near else f"known: {names}"
            )
            raise b.fail(f"unknown breathing pattern {seg.pattern!r}; {hint}", seg.line)
        return pattern
    return care.custom_pattern(
        seg.inhale or 0.0, seg.exhale or 0.0, seg.hold_in, seg.hold_out, seg.rounds
    )
