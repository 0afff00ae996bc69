"""Built-in words the planner speaks when the author has not written them.

One seam between the planner and the care library (``generator.care``), so plan stays pure and
wording choices stay deterministic for a seed.
"""

from __future__ import annotations


class Wording:
    def __init__(self, language: str, seed: int) -> None:
        self.language = language
        self.seed = seed

    def chapter_title(self, key: str) -> str:
        return {"opening": "Opening", "closing": "Closing", "breathing": "Breathing"}[key]

    def pose_title(self, pose: str) -> str:
        return pose.replace("_", " ").strip().capitalize()

    def pose_chapter(self, pose: str, side: str | None) -> str:
        title = self.pose_title(pose)
        return f"{title}, {side} side" if side else title

    def pose_entry(self, pose: str) -> str:
        return f"When you're ready, you might come into {self.pose_title(pose).lower()}."

    def side_intro(self, side: str) -> str:
        return f"Starting with the {side} side."

    def pose_switch(self, pose: str, side: str) -> str:
        return f"When you're ready, gently come out, and set up for the {side} side."

    def pose_exit(self, pose: str) -> str:
        return "When you're ready, slowly come out of the pose."

    def breath_cue(self, phase: str, round_index: int) -> str | None:
        return {
            "inhale": "Breathing in.",
            "exhale": "And out.",
            "hold_in": "Holding.",
            "hold_out": "Resting.",
        }.get(phase)
