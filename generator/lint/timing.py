"""The rules about time: a hold too short for a check-in whose cue offers no way out, a hold
longer than its pose's range, a long silence, a ``length:`` just out of reach, an own opening
that promises another length than the track has. They judge the plan the track will have
(guessed from the words), not the words alone."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from generator.care.numbers import duration_words
from generator.care.poses import get_pose
from generator.lint import catalog
from generator.lint.rules import has_exit_offer
from generator.plan import roles
from generator.plan.holds import hears_check_in
from generator.plan.types import Plan
from generator.script.model import Pose, Session
from generator.script.text import format_duration, written_duration


def field_line(lines: list[str], start: int, key: str) -> int:
    """The line of ``key:`` at or after ``start`` (a segment's first line), else ``start``."""
    pattern = re.compile(rf"(^|[\s{{,]){key}\s*:")
    for i in range(max(start, 1) - 1, min(len(lines), start + 60)):
        if pattern.search(lines[i].split("#", 1)[0]):
            return i + 1
    return start


def _quoted(text: str, limit: int = 60) -> str:
    """``text`` for a finding's quote: whole up to ``limit`` characters, else cut at a word."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + "…"


def hold_rule(
    session: Session, seg: object, lang: str, lines: list[str], add, plan: Plan | None = None
) -> None:
    """A hold that gets no check-in (``hears_check_in``, as the planner decides, on the hold the
    plan has: a script fitted to its ``length:`` may hold shorter than written): its cue, or the
    caution said after it, must offer a way out."""
    if not isinstance(seg, Pose) or seg.cue is None:
        return
    hold, offered = _hold_and_offer(session, seg, lang, plan)
    if not hears_check_in(session.care, hold) and not offered:
        message = catalog.MESSAGES[lang or "en"]["hold-without-exit"]
        if seg.hold is not None and hold < seg.hold - 0.5:
            message = (
                catalog.MESSAGES[lang or "en"]["fitted"].format(
                    written=f"{seg.hold:.0f}", hold=f"{hold:.0f}"
                )
                + message
            )
        add(
            field_line(lines, seg.line, "cue"),
            "warning",
            catalog.HOLD_WITHOUT_EXIT,
            _quoted(seg.cue),
            message,
            seg.allow,
        )


def range_rule(seg: object, lang: str, lines: list[str], add) -> None:
    """A hold written longer than its pose's range (``holdspace poses``): thirty minutes of a
    lunge held 30 s to 1m30s is more than a gentle practice asks of a knee or a hip. A shorter
    hold asks less of the body, so it is left alone, unless it is under half the shortest: a
    tester's "hold: 5s" butterfly (held 45 s to 5 min) was hardly time to settle, and meant
    minutes."""
    if not isinstance(seg, Pose) or seg.hold is None:
        return
    info = get_pose(seg.pose)
    if info is None:
        return
    low, high = written_duration(info.hold_min), written_duration(info.hold_max)
    line = field_line(lines, seg.line, "hold")
    pose = info.title(lang).lower()
    written = lines[line - 1].split("#", 1)[0] if 0 < line <= len(lines) else ""
    bare = re.search(r"\bhold\s*:\s*(\d+)\s*[,}]?\s*$", written)
    if seg.hold < info.hold_min and bare and info.hold_min <= seg.hold * 60 <= info.hold_max:
        add(  # "hold: 2" on a shape held 1 to 4 minutes meant two minutes
            line,
            "warning",
            catalog.HOLD_OUT_OF_RANGE,
            f"hold: {bare.group(1)}",
            catalog.MESSAGES[lang]["hold-in-seconds"].format(
                n=bare.group(1), pose=pose, low=low, high=high
            ),
            seg.allow,
        )
    elif seg.hold < info.hold_min * TOO_SHORT:  # "hold: 5s" meant five minutes?
        n = f"{seg.hold:g}"
        fits = info.hold_min <= seg.hold * 60 <= info.hold_max and float(n).is_integer()
        hint = catalog.MESSAGES[lang]["hold-minutes"].format(n=n) if fits else ""
        held = written_duration(seg.hold)
        add(
            line,
            "warning",
            catalog.HOLD_OUT_OF_RANGE,
            f"hold: {held}",
            catalog.MESSAGES[lang]["hold-too-short"].format(
                pose=pose, low=low, high=high, held=held, hint=hint
            ),
            seg.allow,
        )
    if seg.hold <= info.hold_max:
        return
    add(
        line,
        "warning",
        catalog.HOLD_OUT_OF_RANGE,
        f"hold: {written_duration(seg.hold)}",
        catalog.MESSAGES[lang]["hold-out-of-range"].format(pose=pose, low=low, high=high),
        seg.allow,
    )


def _hold_and_offer(
    session: Session, seg: Pose, lang: str, plan: Plan | None = None
) -> tuple[float, bool]:
    """A pose's hold in seconds (its shortest side in ``plan``, which fitting to a length may
    have shortened; as written without one), and whether its cue (with the pose's caution, said
    right after it unless the script turned cautions off) offers a way out."""
    info = get_pose(seg.pose)
    hold = seg.hold if seg.hold is not None else (info.hold_default if info else 0)
    if plan is not None:
        planned = [
            (e.end - e.start) / plan.sample_rate
            for e in plan.events
            if e.kind == roles.HOLD and e.role == roles.HOLD and e.line == seg.line
        ]
        hold = min(planned, default=hold)
    said = info and session.care.safety_notes and seg.safety_note
    caution = (info.caution(lang) or "") if said else ""
    return hold, has_exit_offer(f"{seg.cue} {caution}", lang)


def silence_rule(session: Session, plan: Plan, add) -> None:
    sr = plan.sample_rate
    limit = round(session.care.max_silence * sr)
    silent = [(e.start, e.end) for e in plan.events if e.role == roles.SILENCE]
    sounds = sorted(
        (e.start, e.end, e.line) for e in plan.events if e.kind in (roles.SPEECH, roles.TONE)
    )
    for (_, end, _), (start, _, line) in zip(sounds, sounds[1:], strict=False):
        if start - end > limit and not any(a < start and end < b for a, b in silent):
            add(
                line,
                "warning",
                catalog.LONG_SILENCE,
                f"{(start - end) / sr:.0f} s without a sound",
                "a long silence can feel like the track stopped; add a check-in, or "
                "mark the pause `silent: true` if you mean it",
                (),
            )


_ENDS = {"es": {"shortest": "corto", "longest": "largo"}}


@dataclass(frozen=True)
class Edge:
    """A ``length:`` near the edge of reach by guessed sentence lengths: out of reach (``end``
    None) or just within it, near the "shortest" or "longest" the script can be."""

    target_s: float
    nearest_s: float
    end: str | None = None


def near_edge(session: Session, edge: Edge, lang: str, add) -> None:
    """A warning on a ``length:`` the guess from words puts just out of reach, or just within it
    (plan and render judge it on the voice; said, so lint's silence does not promise a track
    plan refuses: a tester's lint was clean, and plan then found the length 10 s out of reach)."""
    nearest = format_duration(round(edge.nearest_s / 10) * 10)
    key = "length-near-edge" if edge.end is None else "length-near-edge-inside"
    said = catalog.MESSAGES[lang][key].format(
        nearest=nearest,
        length=format_duration(edge.target_s),
        end=_ENDS.get(lang, {}).get(edge.end or "", edge.end),
    )
    phrase = f"length: {written_duration(edge.target_s)}"
    add(session.length_line or 1, "warning", catalog.LENGTH_NEAR_EDGE, phrase, said, ())


TOO_SHORT = 0.5  # a hold under half the pose's shortest is hardly time to settle into the shape
SAID_SLACK_MIN = 1.5  # "about six minutes" for 6:50 is fair; for 9:00 it is not
SAID_SLACK_SHARE = 0.2  # nor "thirty minutes" for 38:00


@functools.cache
def _spoken_lengths(lang: str) -> tuple[tuple[re.Pattern[str], float], ...]:
    """How a length in minutes is said or written ("six minutes", "a six-minute practice",
    "10 min", "half an hour", "media hora"), longest first so "twenty-five" is not "five"."""
    said = {duration_words(lang, n * 60, nearest_minute=True): n for n in range(1, 60)}
    said |= {duration_words(lang, n * 60): n for n in range(60, 181, 15)}
    said |= {"half an hour": 30, "an hour": 60} if lang == "en" else {"media hora": 30}
    found = []
    for words, minutes in sorted(said.items(), key=lambda kv: -len(kv[0])):
        flexible = re.escape(words).replace(r"\ ", r"[\s-]+").replace("minutes", "minutes?")
        flexible = flexible.replace("minutos", "minutos?").replace(
            r"a[\s-]+minute", r"(?:a|one)[\s-]+minute"
        )
        found.append((re.compile(rf"\b{flexible}\b", re.IGNORECASE), float(minutes)))
    unit = "minutes?|mins?" if lang == "en" else "minutos?|min"
    found.append((re.compile(rf"\b(\d{{1,3}})[\s-]*(?:{unit})\b", re.IGNORECASE), 0.0))
    return tuple(found)


# words before a length that make it the practice's ("a practice of about six minutes", "over the
# next ten minutes"), and words that make it a part's ("each shape for about three minutes"; not
# "por", which is also "for", nor breath: a breathing practice's length is the track's)
_WHOLE = {
    "en": r"\b(?:practice|session|track|recording|class|routine|sequence|meditation|this|next|"
    r"lasts?|takes?|spend|together|whole|today|we'?ll|we\s+will|for\s+(?:about|around|roughly|"
    r"some|just\s+over|just\s+under))\b",
    "es": r"\b(?:pr[aá]ctica|sesi[oó]n|pista|grabaci[oó]n|clase|rutina|secuencia|meditaci[oó]n|"
    r"esta|este|pr[oó]xim[ao]s?|dura|durar[aá]|juntos|juntas|entera|hoy|vamos\s+a|durante\s+"
    r"(?:unos|unas|aproximadamente|casi))\b",
}
_PART = {
    "en": r"\b(?:each|every|per|side|sides|shape|pose|hold|rest|stay)\b",
    "es": r"\b(?:cada|lado|lados|postura|forma|descanso|qu[eé]date)\b",
}
SAID_MIN_MINUTES = 3  # "take a minute to arrive" is not the track's length


def said_minutes(text: str, lang: str) -> tuple[str, float] | None:
    """The first length ``text`` gives the practice, in minutes, and its words ("a six-minute
    practice", "about six minutes" after "this practice"): None when it names none."""
    found = []
    for pattern, minutes in _spoken_lengths(lang):
        for m in pattern.finditer(text):
            value = minutes or float(m.group(1))
            before = text[max(0, m.start() - 50) : m.start()]
            after = text[m.end() : m.end() + 20]
            whole = re.search(_WHOLE[lang], before, re.I) or (
                m.group().lower().endswith(("-minute", " minute")) and re.match(r"\s*\w", after)
            )
            if value >= SAID_MIN_MINUTES and whole and not re.search(_PART[lang], before, re.I):
                found.append((m.start(), m.group(), value))
    return min(found)[1:] if found else None


def said_length(session: Session, plan: Plan, lang: str, lines: list[str], add) -> None:
    """An own opening (or description) that speaks of another length than the track has: a
    tester's "about six minutes" came with tracks of 9:00 and 11:00, fitted to their length."""
    seconds = plan.duration / plan.sample_rate
    texts = [(session.care.opening, field_line(lines, session.care.line, "opening"))]
    texts.append((session.description, field_line(lines, 1, "description")))
    for text, line in texts:
        said = said_minutes(text, lang) if isinstance(text, str) else None
        if said is None:
            continue
        words, minutes = said
        slack = max(SAID_SLACK_MIN, SAID_SLACK_SHARE * seconds / 60)
        if abs(minutes - seconds / 60) > slack:
            message = catalog.MESSAGES[lang]["length-said"].format(
                length=format_duration(round(seconds / 10) * 10)
            )
            add(line, "warning", catalog.LENGTH_SAID, words, message, ())
