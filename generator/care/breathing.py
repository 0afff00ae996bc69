"""Breathing patterns and the words spoken with them, read from ``generator/data/breathing.yaml``.

Cues fade on purpose: counting every breath aloud is tiring to hear, so the first rounds get full
words, the next few a single word, and the rest are left to the listener (and the soft bed).
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.care.data import LANGUAGES, load_yaml, name_key, normalize_lang
from generator.care.numbers import number_words

PHASES: tuple[str, ...] = ("inhale", "top_up", "hold_in", "exhale", "hold_out")
FULL_ROUNDS = 2  # rounds with full words ("Breathing in…")
SHORT_ROUNDS = 3  # rounds after those with one word ("in…"); silence after that
LONG_HOLD = 5.0  # seconds; holds longer than this need a caution and an opt-out
DEFAULT_CUSTOM_ROUNDS = 6

Timing = Sequence[float]  # (inhale, hold_in, exhale, hold_out) in seconds
Cue = tuple[int, str, str | None]  # (round index from 0, phase, words or None for silence)


@dataclass(frozen=True)
class BreathText:
    """The words for one pattern in one language."""

    intro: str
    caution: str | None = None
    skip_holds: str | None = None
    name: str = ""  # its short name in this language, after "slow breathing" ("coherente")


@dataclass(frozen=True)
class BreathPattern:
    """A paced pattern in seconds. ``top_up`` is the second sip of a double inhale (the sigh)."""

    id: str
    aliases: tuple[str, ...]
    inhale: float
    exhale: float
    hold_in: float = 0.0
    hold_out: float = 0.0
    top_up: float = 0.0
    rounds_default: int = 0
    rounds_max: int = 0
    advanced: bool = False  # not offered to beginners by default
    texts: dict[str, BreathText] = field(default_factory=dict, hash=False, repr=False)

    @property
    def cycle_seconds(self) -> float:
        """Length of one round (all phases)."""
        return sum(seconds for _, seconds in self.phases())

    @property
    def paced(self) -> bool:
        """False for ``natural``: nothing is counted."""
        return self.cycle_seconds > 0

    @property
    def has_holds(self) -> bool:
        return self.hold_in > 0 or self.hold_out > 0

    @property
    def needs_caution(self) -> bool:
        """Holds longer than LONG_HOLD seconds: voice the caution and the skip-the-holds offer."""
        return max(self.hold_in, self.hold_out) > LONG_HOLD

    def phases(self) -> tuple[tuple[str, float], ...]:
        """The phases of one round that last longer than zero, in order, with their seconds."""
        seconds = {
            "inhale": self.inhale,
            "top_up": self.top_up,
            "hold_in": self.hold_in,
            "exhale": self.exhale,
            "hold_out": self.hold_out,
        }
        return tuple((phase, seconds[phase]) for phase in PHASES if seconds[phase] > 0)

    def rate_per_minute(self) -> float | None:
        """Breaths a minute, or None for ``natural``."""
        return 60.0 / self.cycle_seconds if self.paced else None

    def seconds(self, rounds: int | None = None) -> float:
        """Length of a block of ``rounds`` (default: ``rounds_default``)."""
        return self.cycle_seconds * (self.rounds_default if rounds is None else rounds)

    def name(self, lang: str) -> str:
        """The pattern's name in ``lang`` (its id, spaced, when it has none there)."""
        text = self.texts.get(normalize_lang(lang))
        return text.name if text and text.name else self.id.replace("_", " ")

    def intro(self, lang: str) -> str:
        return self.texts[normalize_lang(lang)].intro

    def caution(self, lang: str) -> str | None:
        return self.texts[normalize_lang(lang)].caution

    def skip_holds(self, lang: str) -> str | None:
        """The "skip the holds" opt-out; present for every pattern with holds."""
        return self.texts[normalize_lang(lang)].skip_holds


def _pattern(raw: dict[str, Any]) -> BreathPattern:
    texts = {
        lang: BreathText(
            intro=raw[lang]["intro"],
            caution=raw[lang].get("caution"),
            skip_holds=raw[lang].get("skip_holds"),
            name=raw[lang].get("name", ""),
        )
        for lang in LANGUAGES
    }
    return BreathPattern(
        id=str(raw["id"]),
        aliases=tuple(str(a) for a in raw.get("aliases", ())),
        inhale=float(raw.get("inhale", 0)),
        exhale=float(raw.get("exhale", 0)),
        hold_in=float(raw.get("hold_in", 0)),
        hold_out=float(raw.get("hold_out", 0)),
        top_up=float(raw.get("top_up", 0)),
        rounds_default=int(raw["rounds"]["default"]),
        rounds_max=int(raw["rounds"]["max"]),
        advanced=bool(raw.get("advanced", False)),
        texts=texts,
    )


@functools.cache
def _patterns() -> tuple[tuple[BreathPattern, ...], dict[str, BreathPattern]]:
    patterns = tuple(_pattern(raw) for raw in load_yaml("breathing.yaml")["patterns"])
    index: dict[str, BreathPattern] = {}
    for pattern in patterns:
        for name in (pattern.id, *pattern.aliases):
            if index.setdefault(name_key(name), pattern) is not pattern:
                raise ValueError(f"breathing.yaml: name {name!r} is used twice")
    return patterns, index


def _cues(lang: str) -> dict[str, Any]:
    return load_yaml("breathing.yaml")["cues"][normalize_lang(lang)]


def all_patterns() -> list[BreathPattern]:
    return list(_patterns()[0])


def get_pattern(name: str) -> BreathPattern | None:
    """The pattern called ``name`` (id or alias, loosely matched), or None."""
    return _patterns()[1].get(name_key(name))


def closest_patterns(name: str, n: int = 3) -> list[str]:
    """Up to ``n`` pattern names (ids or aliases) close to ``name``, for "did you mean" hints."""
    by_key: dict[str, str] = {}
    for pattern in _patterns()[0]:
        for candidate in (pattern.id, *pattern.aliases):
            by_key.setdefault(name_key(candidate), candidate)
    return [by_key[k] for k in difflib.get_close_matches(name_key(name), list(by_key), n, 0.6)]


def custom_pattern(
    inhale: float,
    exhale: float,
    hold_in: float = 0.0,
    hold_out: float = 0.0,
    rounds: int | None = None,
) -> BreathPattern:
    """A pattern from explicit seconds, with built-in intro/caution/opt-out words to match."""
    texts = {}
    for lang in LANGUAGES:
        cues = _cues(lang)
        intro = cues["custom_intro"].format(
            inhale=number_words(lang, inhale), exhale=number_words(lang, exhale)
        )
        hold = max(hold_in, hold_out)
        if hold > 0:
            intro += " " + cues["custom_holds"].format(hold=number_words(lang, hold))
        texts[lang] = BreathText(
            intro=intro,
            caution=cues["custom_caution"] if hold > LONG_HOLD else None,
            skip_holds=cues["custom_skip_holds"] if hold > 0 else None,
        )
    rounds = DEFAULT_CUSTOM_ROUNDS if rounds is None else rounds
    return BreathPattern(
        id="custom",
        aliases=(),
        inhale=float(inhale),
        exhale=float(exhale),
        hold_in=float(hold_in),
        hold_out=float(hold_out),
        rounds_default=rounds,
        rounds_max=max(rounds, DEFAULT_CUSTOM_ROUNDS),
        texts=texts,
    )


def _as_pattern(pattern_or_seconds: BreathPattern | Timing) -> BreathPattern:
    if isinstance(pattern_or_seconds, BreathPattern):
        return pattern_or_seconds
    inhale, hold_in, exhale, hold_out = (float(s) for s in pattern_or_seconds)
    return BreathPattern("custom", (), inhale, exhale, hold_in, hold_out)


def rate_per_minute(pattern_or_seconds: BreathPattern | Timing) -> float | None:
    """Breaths a minute for a pattern or ``(inhale, hold_in, exhale, hold_out)``; None if unpaced."""
    return _as_pattern(pattern_or_seconds).rate_per_minute()


def breath_cues(
    pattern_or_seconds: BreathPattern | Timing, rounds: int | None, lang: str
) -> list[Cue]:
    """Which words go with each phase: full words first, then one word, then None (silence).

    ``rounds`` None means the pattern's default. The list has one item per phase per round, in
    time order; ``natural`` (nothing paced) gives an empty list.
    """
    pattern = _as_pattern(pattern_or_seconds)
    if rounds is None:
        rounds = pattern.rounds_default
    cues = _cues(lang)
    out: list[Cue] = []
    for index in range(rounds):
        for phase, _seconds in pattern.phases():
            if index < FULL_ROUNDS:
                variants = cues["full"][phase]
                out.append((index, phase, variants[index % len(variants)]))
            elif index < FULL_ROUNDS + SHORT_ROUNDS:
                out.append((index, phase, cues["short"][phase][0]))
            else:
                out.append((index, phase, None))
    return out


def short_cue(phase: str, lang: str) -> str:
    """The one-word cue for ``phase``: said instead of the full words when they would not fit
    in the phase (a one-second top-up), so no phase goes unannounced in the first rounds."""
    return _cues(lang)["short"][phase][0]


def natural_breath_reminder(lang: str, i: int) -> str:
    """The i-th "you can return to your natural breath" line; wording rotates so it never drones."""
    reminders = _cues(lang)["natural_reminders"]
    return reminders[i % len(reminders)]


def natural_breath_outro(lang: str, i: int) -> str:
    """The i-th line said when the last round is over: the counting has ended (a reminder that
    the natural breath is "an option" would come too late by then)."""
    outros = _cues(lang)["natural_outros"]
    return outros[i % len(outros)]


def cue_words(lang: str) -> list[str]:
    """Every built-in breathing string in ``lang`` (for lint tests and listings)."""
    cues = _cues(lang)
    words = [w for kind in ("full", "short") for vs in cues[kind].values() for w in vs]
    words += cues["natural_reminders"] + cues["natural_outros"]
    for pattern in all_patterns():
        words += [t for t in (pattern.intro(lang), pattern.caution(lang), pattern.skip_holds(lang))]
    return [w for w in words if w]
