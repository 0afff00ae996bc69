"""What a phrase rule's finding is, and how findings that overlap become one: several patterns
of one rule on the same words, two rules on the same words (the more particular names them), and
one order said twice in one sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Finding:
    """A risky phrase: ``phrase`` is ``text[start:end]`` as the author wrote it."""

    rule_id: str
    level: str
    category: str
    phrase: str
    suggestion: str
    start: int
    end: int


# When two rules quote exactly the same words, the more particular one names them ("aunque
# duela" is pain treated as nothing, not force in general; "let go" to my voice is surrender).
PRECEDENCE = (
    "push-through-pain",
    "breath-risk",
    "healing-claim",
    "forced-outcome",
    "surrender-voice",
    "narrator-touch",
    "sexualised",
    "appearance-goal",
    "body-judgement",
    "eyes-closed-order",
    "urgency",
    "forcing",
    "command",
)


def _rank(rule_id: str) -> int:
    return PRECEDENCE.index(rule_id) if rule_id in PRECEDENCE else len(PRECEDENCE)


NEAR = 60  # two findings of one rule this close in one sentence are one order, said once


def _inside(finding: Finding, kept: Finding) -> bool:
    """The very same words as ``kept``, or words inside them that a less particular rule found
    ("no time" in "you'll be dancing again in no time" is a promise of recovery, not urgency)."""
    if (kept.start, kept.end) == (finding.start, finding.end):
        return True
    within = kept.start <= finding.start and finding.end <= kept.end
    return within and _rank(kept.rule_id) < _rank(finding.rule_id)


def dedupe(found: list[Finding], text: str | None = None) -> list[Finding]:
    """One finding per rule per stretch of text (several patterns may hit the same words), and
    one finding for the very same words, or for words inside another's (the rule first in
    ``PRECEDENCE``). With ``text``, two
    findings of one rule with one rewrite, close together in one sentence ("no cambies de
    postura hasta que yo te lo indique"), are one finding quoting both: the same advice twice
    for one order is noise."""
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (f.start, -f.end, _rank(f.rule_id), f.rule_id)):
        if any(k.rule_id == finding.rule_id and k.end > finding.start for k in kept):
            continue
        if any(_inside(finding, k) for k in kept):
            continue
        if text is not None:
            for i, k in enumerate(kept):
                between = text[k.end : finding.start]
                if (
                    (k.rule_id, k.suggestion, k.level)
                    == (finding.rule_id, finding.suggestion, finding.level)
                    and 0 <= len(between) <= NEAR
                    and not re.search(r"[.!?…;\n]", between)
                ):
                    kept[i] = replace(k, phrase=text[k.start : finding.end], end=finding.end)
                    break
            else:
                kept.append(finding)
            continue
        kept.append(finding)
    return kept
