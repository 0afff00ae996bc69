"""The whole session in order: lead-in, opening bell and content note, every segment, the
grounding close, the end bell. Poses, breathing and what fills holds have modules of their own."""

from __future__ import annotations

from generator.care import closing as own_closing
from generator.care import phrases
from generator.care.greetings import greeted
from generator.care.phrases import mentions_prop
from generator.care.poses import PoseInfo
from generator.plan import roles
from generator.plan.breathing import breath
from generator.plan.builder import Builder
from generator.plan.holds import fill_hold
from generator.plan.poses import pose, pose_info, sides_of
from generator.script.model import Bell, Breath, Chapter, Pause, Pose, Speak
from generator.script.text import as_sentence

DEFAULT_OPENING_S = 600.0  # the length the first draft of the opening speaks of


def build(b: Builder, opening_s: float | None) -> None:
    """Lay out the whole session: opening, every segment, closing."""
    s = b.session
    b.cursor = b.samples(s.pacing.lead_in)
    if b.auto_chapters:  # else the script's own chapter: items are all the chapters there are
        b.chapter(b.wording.chapter_title("opening"))  # titles fall back to English
    if s.bells.start:
        b.bell(s.bells.line)
    infos = [pose_info(b, seg) for seg in s.segments if isinstance(seg, Pose)]
    _opening(b, infos, opening_s)
    last_pose = max((i for i, seg in enumerate(s.segments) if isinstance(seg, Pose)), default=-1)
    closing_open = False
    occurrences: dict[str, int] = {}
    following = iter([*infos[1:], None])
    preceding = iter([None, *infos[:-1]])
    for i, seg in enumerate(s.segments):
        if b.auto_chapters and last_pose >= 0 and i == last_pose + 1:
            b.chapter(b.wording.chapter_title("closing"))
            closing_open = True
        if isinstance(seg, Speak):
            b.say(seg.text, seg.line, roles.SPEAK)
        elif isinstance(seg, Pause):
            role = roles.SILENCE if seg.silent else roles.PAUSE
            event = b.timed(roles.PAUSE, b.samples(seg.seconds), seg.line, role)
            if not seg.silent:
                fill_hold(b, event, seg.line, words=False)
        elif isinstance(seg, Chapter):
            b.chapter(seg.title)
        elif isinstance(seg, Bell):
            b.timed(
                roles.TONE, b.tone_length(seg.strikes), seg.line, roles.BELL, strikes=seg.strikes
            )
        elif isinstance(seg, Pose):
            info = pose_info(b, seg)
            occurrences[info.id] = occurrences.get(info.id, -1) + 1
            pose(b, seg, info, occurrences[info.id], after=next(following), before=next(preceding))
        elif isinstance(seg, Breath):
            breath(b, seg)
    if s.care.closing:
        if b.auto_chapters and not closing_open:
            b.chapter(b.wording.chapter_title("closing"))
        resource = as_sentence(s.care.resource) if s.care.resource else s.care.resource
        if isinstance(s.care.closing, str):
            lang, closing = b.wording.language, as_sentence(s.care.closing)
            note = own_closing.care_note(lang, closing) if s.care.safety_notes else ""
            added = " ".join(t for t in (note, resource) if t)
            text = own_closing.with_added(lang, closing, added)
        else:
            bed = s.care.place == "bed"
            words = b.words(s.care.line, "closing")
            grounding = words.grounding(bed)  # what echoes a moment ago is left out; never the care
            care_note = words.closing(resource, bed)[len(grounding) :]
            text = " ".join([b.fresh(" ".join(grounding)), *care_note])
        b.say(text, s.care.line, roles.CLOSING)
    if s.bells.end:
        b.bell(s.bells.line)
    b.open_chapter(b.cursor)


def summary(b: Builder, duration_s: float) -> str:
    """What the track holds, for its description (the MP3 comment, a feed's episode, the page):
    what happens and for about how long, the props to have nearby and the notes switched on, in
    the opening's own words; "" in a language without built-in words."""
    from generator.script.text import about

    if not b.wording.known:
        return ""
    s = b.session
    place, props = _place_and_props(b, [pose_info(b, g) for g in s.segments if isinstance(g, Pose)])
    lang = b.wording.language
    return b.local(
        " ".join(
            phrases.summary_text(
                # as long as the opening said: a track fitted to 10:30 said "about ten minutes"
                # (its target, 630 s, rounds half to even) and its page "about 11 minutes"
                lang,
                about(b.opening_length_s or duration_s, lang),
                _outline(b),
                place,
                props,
                s.care.cautions,
            )
        )
    )


def _place_and_props(b: Builder, infos: list[PoseInfo]) -> tuple[str, tuple[str, ...]]:
    """Where the practice happens (a chair when every pose is a chair pose, unless the script
    says) and the props its poses use, in order: what the opening and the summary name."""
    care = b.session.care
    place = care.place or ("chair" if infos and all(i.chair for i in infos) else "floor")
    return place, tuple(dict.fromkeys(p for info in infos for p in info.props))


def _opening(b: Builder, infos: list[PoseInfo], opening_s: float | None) -> None:
    """The content note: the built-in one (what will happen, how long, the props to have nearby,
    a line for each condition the script switched notes on), or the author's, followed by the
    props their words do not name yet (unless safety notes are off) and those condition lines."""
    care = b.session.care
    place, props = _place_and_props(b, infos)
    if care.greeting and care.opening is not True and not isinstance(care.opening, str):
        # no opening: the greeting alone
        b.say(care.greeting, care.line, roles.OPENING)
    if care.opening is True:
        w = b.words(care.line, "opening")
        duration = opening_s or DEFAULT_OPENING_S
        b.opening_length_s = duration
        sentences = w.opening(duration, _outline(b), place, bool(infos), props, care.cautions)
        _greet_then(b, " ".join(sentences))
        return
    if isinstance(care.opening, str):
        _greet_then(b, care.opening)
        missing = tuple(p for p in props if not mentions_prop(care.opening, p, b.session.language))
        if care.safety_notes and b.wording.known and missing:
            line = b.wording.props_line(missing, place)
            if line:
                b.say(line, care.line, roles.OPENING)
    if care.cautions and b.wording.known:
        b.say(" ".join(b.wording.caution_intros(care.cautions)), care.line, roles.CAUTION)


def _greet_then(b: Builder, opening: str) -> None:
    """The greeting (if any) and the opening, welcoming once ("Hello, Maya, and welcome.")."""
    care = b.session.care
    greeting = care.greeting
    if greeting and b.wording.known:
        greeting, opening = greeted(b.session.language, greeting, opening)
    if greeting:
        b.say(greeting, care.line, roles.OPENING)
    if opening:
        b.say(opening, care.line, roles.OPENING)


def _outline(b: Builder) -> list[str]:
    """What the opening says will happen: each pose (and "on each side"), each breathing block."""
    items: list[str] = []
    for seg in b.session.segments:
        if isinstance(seg, Pose):
            info = pose_info(b, seg)
            item = b.wording.outline_item(info, sides_of(seg, info) == "both")
        elif isinstance(seg, Breath):
            item = b.wording.chapter_title("breathing").lower()
        else:
            continue
        if not items or items[-1] != item:
            items.append(item)
    return items
