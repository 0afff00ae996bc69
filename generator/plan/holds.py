"""What fills a hold or a pause: check-ins at least every ``check_in_every`` (and at least once
in every pose hold of a minute or more), the first offering a way out and later ones whenever
``EXIT_EVERY_S`` would otherwise pass without one (so a long rest is not told to come out every
50 s, and never goes two minutes without hearing it may), then soft chimes
wherever a silence would still run longer than ``max_silence`` or, inside holds and pauses,
``chime_every`` (at most 90 s). Which check-in is said is chosen in ``generator.plan.checkins``."""

from __future__ import annotations

import functools
import math

from generator.care.softeners import NONE, first_softeners
from generator.plan import roles
from generator.plan.builder import Builder
from generator.plan.types import Event
from generator.script.model import CareSettings

CHECK_IN_MARGIN_S = 2.0  # a check-in ends at least this long before the next cue
MIN_CHECK_IN_SPACING_S = 8.0  # holds cut finer than this are left quiet
EXIT_OFFER_HOLD_S = 60.0  # a pose hold this long offers a way out in words at least once
EXIT_EVERY_S = 120.0  # and then again at least this often


def hears_check_in(care: CareSettings, hold_s: float) -> bool:
    """Whether a pose hold of ``hold_s`` seconds gets check-ins (``holdspace lint`` asks the
    same): longer than the check-in interval, or long enough to be owed a way out in words."""
    return hold_s > min(care.check_in_every, care.max_silence) or hold_s >= EXIT_OFFER_HOLD_S


def fill_hold(
    b: Builder,
    event: Event,
    line: int,
    words: bool,
    then: str | None = None,
    resting: bool = False,
) -> None:
    """Check-ins (with ``words``) and chimes inside ``event``; its length never changes.

    ``then`` is the author's text that follows the hold, if any: the last check-in keeps clear of
    its softeners. ``resting``: a rest pose, whose check-ins never speak of a shape."""
    care_settings = b.session.care
    length = event.end - event.start
    # words at least every check_in_every, and no longer apart than max_silence either
    interval = b.samples(min(care_settings.check_in_every, care_settings.max_silence))
    placed: list[tuple[int, int]] = []
    hears = hears_check_in(care_settings, length / b.sample_rate)
    if words and not hears and b.check_ins.available and _offer_owed(b, event):
        placed += _one_offer(b, event, line, then, resting)
    elif words and hears:
        if not b.check_ins.available:
            b.words(line, "check-in")  # the error that says what to write
        _begin(b, then, resting)
        margin = b.samples(CHECK_IN_MARGIN_S)
        n = max(1, math.ceil(length / interval) - 1)
        while n > 0:
            spacing = length / (n + 1)
            offers = _offers(b, length, n, once=resting and care_settings.place == "bed")
            b.check_ins.retract()
            texts = [b.check_ins.peek(k, offers[k]) for k in range(n)]
            if all(b.spoken_length(t) + margin <= spacing for t in texts):
                break
            n += 1
            if spacing < b.samples(MIN_CHECK_IN_SPACING_S):  # too short for words: leave it quiet
                n = 0
        for k in range(n):
            at = event.start + round(length * (k + 1) / (n + 1))
            text = b.check_ins.peek(k, offers[k])
            placed.append((at, b.say_at(at, text, line, roles.CHECK_IN)))
        b.check_ins.use(n)
    _chimes(b, event, placed, line)


def _offer_owed(b: Builder, event: Event) -> bool:
    """Whether, by the end of ``event``, the listener would have gone more than ``EXIT_EVERY_S``
    without hearing in words that they may come out: short holds in a row, each too short for a
    check-in, with cues that offer none (a tester's track fitted to a shorter length went 7.5
    minutes). Clauses are read three at a time: "You can move," "or sit up," "at any time."."""
    from generator.plan.wording import known_language

    lang = known_language(b.session.language)
    if lang is None or b.session.care.place == "bed":  # near sleep: offered once, not repeated
        return False
    # "Whenever it feels right, gently come out, and set up for the other side" tells when a
    # side ends: an instruction, not an offer to stop
    instructions = (roles.SWITCH, roles.EXIT)
    said = [
        e
        for e in b.events
        if e.kind == roles.SPEECH and e.role not in instructions and e.end <= event.start
    ]
    last = 0
    for i in range(len(said) - 1, -1, -1):
        if _offers_way_out(" ".join(e.text or "" for e in said[max(0, i - 2) : i + 1]), lang):
            last = said[i].end
            break
    return event.end - last > b.samples(EXIT_EVERY_S)


@functools.lru_cache(maxsize=4096)
def _offers_way_out(text: str, lang: str) -> bool:
    from generator.lint.engine import has_exit_offer  # the linter knows the offers' words

    return has_exit_offer(text, lang)


def _begin(b: Builder, then: str | None, resting: bool) -> None:
    """A hold's check-ins begin: clear of the softeners just said and of the author's next."""
    lang = b.session.language
    b.check_ins.begin(
        b.recent_softeners(),
        first_softeners(then, lang) if then else NONE,
        resting,
        sparing=b.sparing(),
    )


def _one_offer(
    b: Builder, event: Event, line: int, then: str | None, resting: bool
) -> list[tuple[int, int]]:
    """One check-in offering a way out in the middle of a hold too short for check-ins, when it
    fits with room to spare; else none (the cue stands alone)."""
    _begin(b, then, resting)
    length = event.end - event.start
    text = b.check_ins.peek(0, True)
    if b.spoken_length(text) + b.samples(CHECK_IN_MARGIN_S) > length // 2:
        b.check_ins.retract()
        return []
    at = event.start + length // 2
    placed = [(at, b.say_at(at, text, line, roles.CHECK_IN))]
    b.check_ins.use(1)
    return placed


def _offers(b: Builder, length: int, n: int, once: bool = False) -> list[bool]:
    """Which of ``n`` evenly spaced check-ins in a hold of ``length`` samples offer a way out:
    the first, and any after which the next offer could not come within ``EXIT_EVERY_S``; with
    ``once`` (a rest in bed, where the listener may be falling asleep), the first only: "you can
    stop at any point" every two minutes reads as a nudge to get up."""
    if once:
        return [k == 0 for k in range(n)]
    every = b.samples(EXIT_EVERY_S)
    at = [round(length * (k + 1) / (n + 1)) for k in range(n)] + [length]
    offers, last = [], None
    for k in range(n):
        offer = last is None or at[k + 1] - last > every
        offers.append(offer)
        last = at[k] if offer else last
    return offers


def _chimes(b: Builder, event: Event, sounds: list[tuple[int, int]], line: int) -> None:
    care_settings = b.session.care
    limit = b.samples(min(care_settings.max_silence, care_settings.chime_every))
    chime = b.tone_length(roles.CHIME_STRIKES)
    # The quiet began at the last sound before this span, which is earlier when a pause follows
    # a pause; a pause marked silent is quiet on purpose and ends the count.
    heard = [
        e.end
        for e in b.events
        if e.end <= event.start
        and (e.kind in (roles.SPEECH, roles.TONE) or e.role == roles.SILENCE)
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
            b.add(
                Event(
                    roles.TONE,
                    at,
                    at + chime,
                    line,
                    role=roles.CHIME,
                    strikes=roles.CHIME_STRIKES,
                )  # fmt: skip
            )
