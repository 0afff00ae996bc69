"""The words the planner speaks when the author has not written them.

One seam between the pure planner and the care library (``generator.care``): every choice among
variants is made here, deterministically from the seed, so the same script and seed always give
the same words.
"""

from __future__ import annotations

import random
import zlib

from generator import care
from generator.care.phrases import _phrases


class Wording:
    def __init__(self, language: str, seed: int, own_check_ins: tuple[str, ...] = ()) -> None:
        self.own_check_ins = own_check_ins
        self.language = care.normalize_lang(language) if _known(language) else "en"
        self.seed = seed
        self._check_ins: list[str] = []
        self._next_check_in = 0
        self._reminders = 0

    def _pick(self, options: tuple[str, ...] | list[str], *key: object) -> str:
        rng = random.Random(self.seed ^ zlib.crc32(repr(key).encode()))
        return options[rng.randrange(len(options))]

    def chapter_title(self, key: str) -> str:
        return care.chapter_title(self.language, key)

    def pose_chapter(self, pose: care.PoseInfo, side: str | None) -> str:
        title = pose.title(self.language)
        if not side:
            return title
        return (
            f"{title}, {care.side_name(self.language, side)}"
            if self.language == "es"
            else (f"{title}, {side} side")
        )

    def pose_entry(self, pose: care.PoseInfo, occurrence: int) -> str:
        return self._pick(pose.entry(self.language), "entry", pose.id, occurrence)

    def coming_up(self, pose: care.PoseInfo) -> str:
        """Names what comes next, so an author's cue never arrives unannounced."""
        return care.coming_up(self.language, care.outline_item(self.language, pose.id))

    def side_intro(self, side: str, only: bool = False) -> str:
        """Which side comes first, or (``only``) the one side this pose is done on: "we'll
        begin with" would promise another side that never comes."""
        return _phrases(self.language)["side_only" if only else "side_intro"].format(
            side=care.side_name(self.language, side)
        )

    def pose_switch(self, pose: care.PoseInfo, side: str, occurrence: int) -> str:
        return self._pick(pose.switch(self.language, side), "switch", pose.id, occurrence)

    def pose_exit(self, pose: care.PoseInfo, occurrence: int) -> str:
        return self._pick(pose.exit(self.language), "exit", pose.id, occurrence)

    def check_in(self, offset: int = 0) -> str:
        """The check-in ``offset`` places after the next one (peek without using it up)."""
        i = self._next_check_in + offset
        if self.own_check_ins:
            return self.own_check_ins[i % len(self.own_check_ins)]
        while i >= len(self._check_ins):
            more = max(64, 2 * len(self._check_ins))
            self._check_ins = [
                c.text for c in care.choose_check_ins(more, self.language, self.seed)
            ]
        return self._check_ins[i]

    def use_check_ins(self, n: int) -> None:
        self._next_check_in += n

    def check_in_texts(self) -> list[str]:
        """Every check-in this wording could use soon (so they can be synthesized in one batch)."""
        return [self.check_in(i) for i in range(24)]

    def breath_reminder(self) -> str:
        text = care.natural_breath_reminder(self.language, self._reminders + self.seed % 6)
        self._reminders += 1
        return text

    def opening(
        self, duration_s: float, outline: list[str], chair: bool, poses: bool = True
    ) -> list[str]:
        return care.opening_text(self.language, duration_s, outline, chair=chair, poses=poses)

    def closing(self, resource: str | None) -> list[str]:
        return care.closing_text(self.language, resource)

    def outline_item(self, pose: care.PoseInfo, both_sides: bool) -> str:
        return care.outline_item(self.language, pose.id, both_sides)


def _known(language: str) -> bool:
    try:
        care.normalize_lang(language)
    except ValueError:
        return False
    return True
