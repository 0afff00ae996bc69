"""The words a composed script writes out: each pose's cue, switch and exit (its built-in
variants, chosen so that invitations vary: no two texts in a row open with the same softener, and
the least used softeners come first), the arrival, and the title."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.care.forms import address_of, in_address
from generator.care.phrases import named_limb
from generator.care.poses import PoseInfo
from generator.care.softeners import NONE, first_softeners, softeners_in
from generator.compose.rules import Choices, caution_leaves_out, rules
from generator.lint.cautions import word_findings
from generator.lint.rules import has_exit_offer

# words that would sound wrong where the practice happens (a cue in bed that speaks of the floor)
OUT_OF_PLACE = {"bed": {"en": ("floor",), "es": ("suelo",)}}


@dataclass(frozen=True)
class PoseWords:
    cue: str
    exit: str
    switch: str | None = None  # for a shape done on both sides: into the second side


@dataclass
class Picker:
    """Chooses among text variants, keeping invitations varied across the whole script."""

    language: str
    place: str
    rng: random.Random
    used: Counter[str] = field(default_factory=Counter)
    previous: frozenset[str] = NONE
    previous_of: dict[str, frozenset[str]] = field(default_factory=dict)  # by kind of text
    tails: list[str] = field(default_factory=list)  # exit tails not said yet
    last: PoseInfo | None = None  # the pose whose words were chosen last
    unnamed: tuple[str, ...] = ()  # titles of the shapes left out: no variant suggests them
    cautions: tuple[str, ...] = ()  # nor asks for what these advise against ("lie on your back")

    def pick(self, options: Sequence[str], kind: str = "") -> str:
        banned = OUT_OF_PLACE.get(self.place, {}).get(self.language, ())
        after = rules()["entry_after"][self.language]
        last = self.last.id if self.last else None
        fitting = [
            o
            for o in options
            if not any(w in o.lower() for w in (*banned, *self.unnamed))
            and all(pid == last for words, pid in after.items() if words in o.lower())
            and not (self.cautions and word_findings(o, self.language, self.cautions))
        ] or list(options)

        same_kind = self.previous_of.get(kind, NONE)

        def cost(text: str) -> tuple[bool, bool, int, float]:
            first = first_softeners(text, self.language)
            worn = sum(self.used[s] for s in softeners_in(text, self.language))
            return (bool(first & self.previous), bool(first & same_kind), worn, self.rng.random())

        best = min(fitting, key=cost)
        self.used.update(softeners_in(best, self.language))
        self.previous = self.previous_of[kind] = first_softeners(best, self.language)
        return best

    def pose_words(self, pose: PoseInfo) -> PoseWords:
        lang = self.language
        cue = self.pick(pose.entry(lang, with_caution=False, conditions=self.cautions), "cue")
        if pose.has_sides:  # composed shapes are done on both sides: the side names the limb
            cue = named_limb(lang, cue, pose.lead(lang, "left"))
        said_after = pose.caution(lang) or ""  # the planner says the caution after the cue
        if not has_exit_offer(cue, lang) and not has_exit_offer(said_after, lang):
            cue = f"{cue} {self.tail(pose.rest)}"  # a way out, in the cue itself
        # "the other side": the planner says the side in the pose's own words after it
        switch = (
            self.pick(pose.switch(lang, "right", other=True), "switch") if pose.has_sides else None
        )
        words = PoseWords(cue=cue, switch=switch, exit=self.pick(pose.exit(lang), "exit"))
        self.last = pose
        return words

    def tail(self, rest: bool = False) -> str:
        """A way out said after a cue that has none: each once before any again; for a rest,
        which is no shape to come out of, its own."""
        words = rules()["cue_exits"][self.language]
        if rest:
            return str(words["rest"])
        if not self.tails:
            self.tails = list(words["shape"])
        return self.tails.pop(self.rng.randrange(len(self.tails)))


def arrival(choices: Choices, rng: random.Random) -> str:
    """Arriving where the practice happens, in words that ask nothing ``--avoid`` left out."""
    every = rules()["arrival"][choices.language][choices.place]
    avoid = {*choices.avoid, *(a for c in choices.cautions for a in caution_leaves_out(c))}
    instead = [o for o in every if set(_instead_of(o)) & avoid]
    options = instead or [o for o in every if not _instead_of(o)]
    fitting = [o for o in options if not set(_asks(o)) & avoid]
    chosen = fitting[rng.randrange(len(fitting))] if len(fitting) < len(options) else None
    return _text(chosen or options[rng.randrange(len(options))])


def _text(option: str | dict) -> str:
    return option if isinstance(option, str) else str(option["text"])


def _asks(option: str | dict) -> list[str]:
    return [] if isinstance(option, str) else list(option.get("asks") or ())


def _instead_of(option: str | dict) -> list[str]:
    return [] if isinstance(option, str) else list(option.get("instead_of") or ())


def title(choices: Choices, shapes: Sequence[PoseInfo], rng: random.Random) -> str:
    """ "Slow Hips: Pigeon and Butterfly": a base for the focus and place, then the session's
    fullest shapes (the deepest, the focus's favourites first)."""
    words = rules()["titles"][choices.language]
    bases = words[choices.focus][choices.place]
    base = bases[rng.randrange(len(bases))]
    favour = set(rules()["focus"][choices.focus].get("favour") or ())
    ranked = sorted(
        range(len(shapes)), key=lambda i: (-shapes[i].depth, shapes[i].id not in favour, i)
    )
    names = [shapes[i].title(choices.language) for i in sorted(ranked[:2])]
    if not names:
        return base
    if choices.language == "en":
        small = set(words["small_words"])
        names = [
            " ".join(w if w in small and j else w[:1].upper() + w[1:] for j, w in
                     enumerate(name.split()))
            for name in names
        ]  # fmt: skip
    else:
        names = [name[:1].lower() + name[1:] for name in names]
        if choices.place == "chair":  # the base says "en la silla" already, once is enough
            names = [re.sub(r"\s+en\s+(?:la\s+)?silla$", "", name) for name in names]
    joiner = f" {words['and']} "
    # in the listener's Spanish, as the chapters are ("mariposa acostada", not Spain's "tumbada")
    return in_address(
        f"{base}: {joiner.join(names)}", address_of(choices.language_tag, choices.address)
    )
