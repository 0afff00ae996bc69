"""The language linter's text part: find risky phrases in one piece of text.

Rules are data (``generator/data/lint_rules.yaml``): each has an id, a category, a level, a
language, regex patterns and a gentler suggestion. Few false alarms matter as much as catching
commands: a softener in the same sentence ("if you like, close your eyes") or a nearby negation
("this is not a cure") clears a match. File, line and suppression handling live in the CLI layer.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from generator.care.data import LANGUAGES, load_yaml, normalize_lang

LEVELS: tuple[str, ...] = ("error", "warning")
_ID = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
_MACRO = re.compile(r"<<([A-Z_]+)>>")
_SENTENCE_BREAK = re.compile(r"[.!?;…\n]|\b(?:but|pero|sino)\b", re.IGNORECASE)
_PHRASE_BREAK = re.compile(r"[,:—–()\"«»]")
_WORD = re.compile(r"[\w']+")
_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class Rule:
    """One rule for one language (``any`` applies to every language)."""

    id: str
    category: str
    level: str
    language: str
    patterns: tuple[re.Pattern[str], ...]
    suggestion: str
    unless: tuple[re.Pattern[str], ...] = ()
    softenable: bool = False
    negatable: bool = True
    opt_out_level: str | None = None  # level used when the text has a breath opt-out


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


@dataclass(frozen=True)
class _Context:
    """Per-language lists that decide whether a match stands."""

    softeners: tuple[re.Pattern[str], ...]
    negations: frozenset[str]
    opt_outs: tuple[re.Pattern[str], ...]
    exit_offers: tuple[re.Pattern[str], ...]


def _compile(patterns: Any, macros: dict[str, str], where: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in patterns or ():
        expanded = _MACRO.sub(lambda m: macros[m.group(1)], pattern)
        try:
            compiled.append(re.compile(expanded, _FLAGS))
        except re.error as exc:
            raise ValueError(
                f"lint_rules.yaml: bad pattern in {where}: {pattern!r}: {exc}"
            ) from exc
    return tuple(compiled)


def _rule(raw: dict[str, Any], macros: dict[str, str]) -> Rule:
    rule = Rule(
        id=raw["id"],
        category=raw["category"],
        level=raw["level"],
        language=raw["language"],
        patterns=_compile(raw["patterns"], macros, raw["id"]),
        suggestion=raw["suggestion"],
        unless=_compile(raw.get("unless"), macros, raw["id"]),
        softenable=bool(raw.get("softenable", False)),
        negatable=bool(raw.get("negatable", True)),
        opt_out_level=raw.get("opt_out_level"),
    )
    if not _ID.match(rule.id):
        raise ValueError(f"lint_rules.yaml: rule id {rule.id!r} is not kebab-case")
    if rule.level not in LEVELS or rule.opt_out_level not in (*LEVELS, None):
        raise ValueError(f"lint_rules.yaml: rule {rule.id} has an unknown level")
    if rule.language not in (*LANGUAGES, "any"):
        raise ValueError(f"lint_rules.yaml: rule {rule.id} has unknown language {rule.language!r}")
    if not rule.patterns or not rule.suggestion:
        raise ValueError(f"lint_rules.yaml: rule {rule.id} needs patterns and a suggestion")
    return rule


@functools.cache
def rules() -> tuple[Rule, ...]:
    """All rules, in file order (read once)."""
    data = load_yaml("lint_rules.yaml")
    return tuple(_rule(raw, data["macros"]) for raw in data["rules"])


@functools.cache
def _context(lang: str) -> _Context:
    data = load_yaml("lint_rules.yaml")
    macros = data["macros"]
    return _Context(
        softeners=_compile(data["softeners"][lang], macros, "softeners"),
        negations=frozenset(w.lower() for w in data["negations"][lang]),
        opt_outs=_compile(data["breath_opt_outs"][lang], macros, "breath_opt_outs"),
        exit_offers=_compile(data["exit_offers"][lang], macros, "exit_offers"),
    )


def __getattr__(name: str) -> Any:
    """``RULES`` is loaded on first access, so importing this module reads no files."""
    if name == "RULES":
        return rules()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def rule_ids() -> list[str]:
    """The distinct rule ids, sorted (for ``allow:`` validation and docs)."""
    return sorted({rule.id for rule in rules()})


def _plain(text: str) -> str:
    """Curly apostrophes become straight ones; the length stays the same, so offsets still fit."""
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left, right = 0, len(text)
    for brk in _SENTENCE_BREAK.finditer(text):
        if brk.end() <= start:
            left = brk.end()
        elif brk.start() >= end:
            right = brk.start()
            break
    return left, right


def _negated(prefix: str, ctx: _Context, window: int) -> bool:
    """A negation word among the last ``window`` words of the phrase just before the match."""
    breaks = list(_PHRASE_BREAK.finditer(prefix))
    if breaks:
        prefix = prefix[breaks[-1].end() :]
    for word in _WORD.findall(prefix)[-window:]:
        word = word.lower()
        if word in ctx.negations or ("n't" in ctx.negations and word.endswith("n't")):
            return True
    return False


def _applies(rule: Rule, lang: str) -> bool:
    return rule.language in (lang, "any")


def lint_text(text: str, lang: str) -> list[Finding]:
    """Risky phrases in ``text`` (one line or paragraph of ``lang``), in order of position."""
    lang = normalize_lang(lang)
    plain = _plain(text)
    ctx = _context(lang)
    window = int(load_yaml("lint_rules.yaml")["negation_window"])
    opted_out = any(p.search(plain) for p in ctx.opt_outs)
    found: list[Finding] = []
    for rule in rules():
        if not _applies(rule, lang):
            continue
        for pattern in rule.patterns:
            for match in pattern.finditer(plain):
                start, end = match.span()
                if start == end:
                    continue
                left, right = _sentence_bounds(plain, start, end)
                sentence = plain[left:right]
                if rule.negatable and _negated(plain[left:start], ctx, window):
                    continue
                if any(u.search(sentence) for u in rule.unless):
                    continue
                if rule.softenable and any(s.search(sentence) for s in ctx.softeners):
                    continue
                level = rule.opt_out_level if rule.opt_out_level and opted_out else rule.level
                phrase = text[start:end]
                found.append(
                    Finding(rule.id, level, rule.category, phrase, rule.suggestion, start, end)
                )
    return _dedupe(found)


def _dedupe(found: list[Finding]) -> list[Finding]:
    """One finding per rule per stretch of text (several patterns may hit the same words)."""
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (f.start, -f.end, f.rule_id)):
        if any(k.rule_id == finding.rule_id and k.end > finding.start for k in kept):
            continue
        kept.append(finding)
    return kept


def has_exit_offer(text: str, lang: str) -> bool:
    """Does ``text`` offer a way out (come out, ease off, pause, at any time…)? For timing rules."""
    plain = _plain(text)
    return any(p.search(plain) for p in _context(normalize_lang(lang)).exit_offers)


def has_breath_opt_out(text: str, lang: str) -> bool:
    """Does ``text`` offer to skip holds or return to the natural breath?"""
    plain = _plain(text)
    return any(p.search(plain) for p in _context(normalize_lang(lang)).opt_outs)
