"""The words the planner speaks when the author has not written them (check-ins aside: see
``generator.plan.checkins``).

One seam between the pure planner and the care library (``generator.care``): every choice among
variants is made here, deterministically from the seed, so the same script and seed always give
the same words. A script in a language without built-in words gets English chapter titles, and
an error for any other built-in words it would need (``Builder.words``).
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable

from generator.care import phrases
from generator.care.breathing import natural_breath_outro, natural_breath_reminder
from generator.care.data import normalize_lang
from generator.care.poses import PoseInfo
from generator.care.softeners import NONE, first_softeners, softeners_in

REMINDER_TRIES = 3  # natural-breath reminders looked at to find one that fits


def known_language(language: str) -> str | None:
    """``en`` or ``es`` for a language with built-in words (``en-GB`` is ``en``), else None."""
    try:
        return normalize_lang(language)
    except ValueError:
        return None


class Wording:
    def __init__(self, language: str, seed: int) -> None:
        found = known_language(language)
        self.known = found is not None
        self.language = found or "en"
        self.seed = seed
        self._reminders = 0
        self._outros = 0

    def _pick(
        self, options: tuple[str, ...] | list[str], *key: object, avoid: frozenset[str] = NONE
    ) -> str:
        """One of ``options``, chosen by the seed and ``key``; those whose first sentence shares
        a softener with the sentence just heard (``avoid``) are left out when others remain."""
        fitting = [o for o in options if not first_softeners(o, self.language) & avoid]
        options = fitting or list(options)
        rng = random.Random(self.seed ^ zlib.crc32(repr(key).encode()))
        return options[rng.randrange(len(options))]

    def chapter_title(self, key: str) -> str:
        return phrases.chapter_title(self.language, key)

    def pose_chapter(self, pose: PoseInfo, side: str | None) -> str:
        title = pose.title(self.language)
        if not side:
            return title
        return phrases.side_chapter(self.language, title, side)

    def pose_entry(
        self, pose: PoseInfo, occurrence: int, avoid: frozenset[str] = NONE, named_side: bool = True,
        conditions: tuple[str, ...] = (),
    ) -> str:  # fmt: skip
        """The pose's entry words, without its caution (``pose_notes`` says that), for the
        script's ``conditions``; a sided shape's "that side" is "one side" when it is done
        without sides, so no side was just named."""
        entries = pose.entry(self.language, with_caution=False, conditions=conditions)
        text = self._pick(entries, "entry", pose.id, occurrence, avoid=avoid)
        if not named_side:
            return phrases.unnamed_side(self.language, text)
        if pose.has_sides:
            return phrases.named_limb(self.language, text, pose.lead(self.language, "left"))
        return text

    def pose_notes(self, pose: PoseInfo, caution: bool, conditions: tuple[str, ...]) -> list[str]:
        """The pose's caution (with ``caution``) and its notes for ``conditions``."""
        notes = [pose.caution(self.language)] if caution else []
        notes += [pose.note(self.language, c) for c in conditions]
        return [n for n in notes if n]

    def roll_note(self, again: bool = False) -> str:
        return phrases.roll_note(self.language, again)

    def lie_down_note(self) -> str:
        return phrases.lie_down_note(self.language)

    def coming_up(self, pose: PoseInfo) -> str:
        """Names what comes next, so an author's cue never arrives unannounced."""
        return phrases.coming_up(self.language, self.outline_item(pose, False))

    def side_intro(self, pose: PoseInfo, side: str, only: bool = False) -> str:
        """Which side comes first, or (``only``) the one side this pose is done on: "we'll
        begin with" would promise another side that never comes. Says what the side means in
        this pose ("your left foot forward"): "the left side" of a twist or a lunge is a guess."""
        key = "side_only" if only else "side_intro"
        name = phrases.side_name(self.language, side)
        lead = pose.lead(self.language, side)
        data = phrases.phrase_data(self.language)
        if data["side_words"].format(side=name) in lead:
            key += "_lead"  # "lying on your left side": "the left side" would say it twice
        return data[key].format(side=name, lead=lead)

    def side_lead(self, pose: PoseInfo, side: str) -> str:
        """The next side in the body's words, after the switch ("This side: your right foot
        forward."): the switch names the side, not what it means in this pose."""
        template = phrases.phrase_data(self.language)["side_lead"]
        return template.format(lead=pose.lead(self.language, side))

    def pose_switch(
        self,
        pose: PoseInfo,
        side: str,
        occurrence: int,
        avoid: frozenset[str] = NONE,
        other: bool = False,
    ) -> str:
        switches = pose.switch(self.language, side, other)
        return self._pick(switches, "switch", pose.id, occurrence, avoid=avoid)

    def pose_exit(self, pose: PoseInfo, occurrence: int, avoid: frozenset[str] = NONE) -> str:
        return self._pick(pose.exit(self.language), "exit", pose.id, occurrence, avoid=avoid)

    def breath_reminder(self, avoid: frozenset[str] = NONE) -> str:
        """The next "your natural breath is always an option" line, in turn."""
        text = self._in_turn(natural_breath_reminder, self._reminders + self.seed % 6, avoid)
        self._reminders += 1
        return text

    def breath_outro(self, avoid: frozenset[str] = NONE) -> str:
        """The next "the counting ends here" line, in turn, said after a block's last round."""
        text = self._in_turn(natural_breath_outro, self._outros + self.seed % 3, avoid)
        self._outros += 1
        return text

    def _in_turn(self, line: Callable[[str, int], str], at: int, avoid: frozenset[str]) -> str:
        """``line(language, at)``, or one of the next when it shares a softener with the
        sentence just heard."""
        for k in range(REMINDER_TRIES):
            text = line(self.language, at + k)
            if not softeners_in(text, self.language) & avoid:
                break
        return text

    def opening(
        self,
        duration_s: float,
        outline: list[str],
        place: str,
        poses: bool = True,
        props: tuple[str, ...] = (),
        cautions: tuple[str, ...] = (),
    ) -> list[str]:
        return phrases.opening_text(
            self.language, duration_s, outline, poses=poses, place=place, props=props,
            cautions=cautions,
        )  # fmt: skip

    def props_line(self, props: tuple[str, ...], place: str) -> str | None:
        return phrases.props_line(self.language, props, place)

    def caution_intros(self, cautions: tuple[str, ...]) -> list[str]:
        return phrases.caution_intros(self.language, cautions)

    def closing(self, resource: str | None, bed: bool = False) -> list[str]:
        return phrases.closing_text(self.language, resource, bed)

    def grounding(self, bed: bool = False) -> list[str]:
        """The closing's grounding sentences, the start of ``closing``."""
        return phrases.closing_grounding(self.language, bed)

    def outline_item(self, pose: PoseInfo, both_sides: bool) -> str:
        """How a pose is named in the opening's outline and in "coming up next"."""
        title = pose.title(self.language)
        label = title[:1].lower() + title[1:]
        if not both_sides:
            return label
        return phrases.phrase_data(self.language)["opening"]["each_side"].format(name=label)
