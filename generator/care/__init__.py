"""The care layer: pose library, breathing patterns, built-in spoken text (en, es) and the
language linter. Words and rules are data under ``generator/data``; nothing is read at import.
"""

from __future__ import annotations

from generator.care.data import LANGUAGES, normalize_lang
from generator.care.breathing import (
    BreathPattern,
    all_patterns,
    breath_cues,
    closest_patterns,
    custom_pattern,
    get_pattern,
    natural_breath_reminder,
    rate_per_minute,
    short_cue,
)
from generator.lint.rules import Finding, has_breath_opt_out, has_exit_offer, lint_text, rule_ids
from generator.care.phrases import (
    CheckIn,
    chapter_title,
    check_in_pool,
    choose_check_ins,
    closing_text,
    coming_up,
    comment_note,
    duration_words,
    opening_text,
    outline_item,
    side_name,
)
from generator.care.poses import PoseInfo, all_poses, closest_poses, get_pose

__all__ = [
    "LANGUAGES",
    "BreathPattern",
    "CheckIn",
    "Finding",
    "PoseInfo",
    "all_patterns",
    "all_poses",
    "breath_cues",
    "short_cue",
    "chapter_title",
    "check_in_pool",
    "choose_check_ins",
    "closest_patterns",
    "closest_poses",
    "closing_text",
    "comment_note",
    "coming_up",
    "custom_pattern",
    "duration_words",
    "get_pattern",
    "get_pose",
    "has_breath_opt_out",
    "has_exit_offer",
    "lint_text",
    "natural_breath_reminder",
    "normalize_lang",
    "opening_text",
    "outline_item",
    "rate_per_minute",
    "rule_ids",
    "side_name",
]
