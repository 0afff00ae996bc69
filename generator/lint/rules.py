"""The language linter's text part: find risky phrases in one piece of text.

Two layers. The phrase rules (``generator.lint.engine``, data in
``generator/data/lint_rules.yaml``) name the risk, quote the words and offer a gentler rewrite;
negation, quotation and softeners decide whether a match stands. Where no rule fires, a small
trained model (``generator.lint.model``) gives a second opinion on each sentence, reported as a
warning under the rule id of the kind of risk it sees. File, line and suppression handling live in
``generator.lint.script``.
"""

from __future__ import annotations

from typing import Any

from generator.care.data import LANGUAGES, normalize_lang
from generator.lint import encoder, scope
from generator.lint.engine import (
    LEVELS,
    Rule,
    has_breath_opt_out,
    has_exit_offer,
    placed,
    rule_findings,
    rule_ids,
    rule_scan,
    rules,
)
from generator.lint.findings import Finding, dedupe
from generator.lint.model import judge

__all__ = [
    "LEVELS",
    "Finding",
    "Rule",
    "has_breath_opt_out",
    "has_exit_offer",
    "lint_text",
    "rule_ids",
    "rules",
]


def __getattr__(name: str) -> Any:
    """``RULES`` is loaded on first access, so importing this module reads no files."""
    if name == "RULES":
        return rules()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def lint_text(text: str, lang: str, deep: bool = False) -> list[Finding]:
    """Risky phrases in ``text`` (one line or paragraph of ``lang``), in order of position.
    ``deep``: also ask the fine-tuned encoder (``generator.lint.encoder``; needs the ``deep``
    extra) about sentences the rules and the word model let go."""
    lang = normalize_lang(lang)
    # as heard: "Welcome.  [pause 2s] Relax." is said "Welcome. Relax.", so "Relax" leads
    heard, where = scope.spoken(text, lang)
    found, cleared = rule_scan(heard, lang)
    judged = judge(heard, lang, found, cleared, encoder.load(lang) if deep else None)
    return placed(dedupe(judged, heard), text, where)


def lint_any_language(text: str, lang: str) -> list[Finding]:
    """Findings in ``text`` read as ``lang`` and as every other language holdspace has words for,
    ``lang``'s first: for words a listener's row brings (a helpline, a name), which may be in
    another language than the track (an English "You must call 999 now." passed Spanish rules).
    Warnings only where a rule matched: the word model was trained on cues, not on a note to the
    client, and warned "text me tomorrow how it went" as touch."""

    def judged(language: str) -> list[Finding]:
        rules = [(f.start, f.end) for f in rule_findings(text, language)]
        return [
            f
            for f in lint_text(text, language)
            if f.level == "error" or any(f.start < b and a < f.end for a, b in rules)
        ]

    findings = judged(lang)
    for other in LANGUAGES:
        if other != normalize_lang(lang):
            findings += [
                f
                for f in judged(other)
                if not any(f.start < g.end and g.start < f.end for g in findings)
            ]  # words both languages question are reported once, in the track's language
    return sorted(findings, key=lambda f: f.start)
