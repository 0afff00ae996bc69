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

from generator.care import phrases
from generator.care.breathing import natural_breath_reminder
from generator.care.data import normalize_lang
from generator.care.poses import PoseInfo


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

    def _pick(self, options: tuple[str, ...] | list[str], *key: object) -> str:
        rng = random.Random(self.seed ^ zlib.crc32(repr(key).encode()))
        return options[rng.randrange(len(options))]

    def chapter_title(self, key: str) -> str:
        return phrases.chapter_title(self.language, key)

    def pose_chapter(self, pose: PoseInfo, side: str | None) -> str:
        title = pose.title(self.language)
        if not side:
            return title
        return (
            f"{title}, {phrases.side_name(self.language, side)}"
            if self.language == "es"
            else f"{title}, {side} side"
        )

    def pose_entry(self, pose: PoseInfo, occurrence: int) -> str:
        return self._pick(pose.entry(self.language), "entry", pose.id, occurrence)

    def coming_up(self, pose: PoseInfo) -> str:
        """Names what comes next, so an author's cue never arrives unannounced."""
        return phrases.coming_up(self.language, self.outline_item(pose, False))

    def side_intro(self, side: str, only: bool = False) -> str:
        """Which side comes first, or (``only``) the one side this pose is done on: "we'll
        begin with" would promise another side that never comes."""
        template = phrases.phrase_data(self.language)["side_only" if only else "side_intro"]
        return template.format(side=phrases.side_name(self.language, side))

    def pose_switch(self, pose: PoseInfo, side: str, occurrence: int) -> str:
        return self._pick(pose.switch(self.language, side), "switch", pose.id, occurrence)

    def pose_exit(self, pose: PoseInfo, occurrence: int) -> str:
        return self._pick(pose.exit(self.language), "exit", pose.id, occurrence)

    def breath_reminder(self) -> str:
        text = natural_breath_reminder(self.language, self._reminders + self.seed % 6)
        self._reminders += 1
        return text

    def opening(
        self, duration_s: float, outline: list[str], chair: bool, poses: bool = True
    ) -> list[str]:
        return phrases.opening_text(self.language, duration_s, outline, chair=chair, poses=poses)

    def closing(self, resource: str | None) -> list[str]:
        return phrases.closing_text(self.language, resource)

    def outline_item(self, pose: PoseInfo, both_sides: bool) -> str:
        """How a pose is named in the opening's outline and in "coming up next"."""
        title = pose.title(self.language)
        label = title[:1].lower() + title[1:]
        if not both_sides:
            return label
        return phrases.phrase_data(self.language)["opening"]["each_side"].format(name=label)
