"""The care linter's phrase rules: find risky phrases in one piece of text.

Rules are data (``generator/data/lint_rules.yaml``): each has an id, a category, a level, a
language, regex patterns and a gentler suggestion. Patterns are matched against a folded copy of
the text (lower case, no accents: ``generator.lint.scope``), so one pattern covers "relájate",
"Relajate" and "RELÁJATE". A match stands unless its context clears it:

- a negation reaches it ("this is not a cure", "there's no need to push"), for negatable rules;
- it is quoted or reported ("you may have heard that …") and the text corrects it ("… that isn't
  true", "you won't hear that here");
- a softener in its sentence makes it an invitation ("if you like, close your eyes"), for
  softenable rules, unless the sentence also presses ("… but be quick", "it's important that");
- one of the rule's ``unless`` patterns is in its sentence, or none of its ``requires`` is.

``generator.lint.rules`` adds the model's second opinion; file, line and suppression handling
live in ``generator.lint.script``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Any

from generator.care.data import LANGUAGES, load_yaml, normalize_lang
from generator.lint import scope
from generator.lint.findings import Finding, dedupe
from generator.lint.patterns import LazyPattern

LEVELS: tuple[str, ...] = ("error", "warning")
_ID = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
_MACRO = re.compile(r"<<([A-Z_]+)>>")
_ESCAPE_OR_CHAR = re.compile(r"\\.|.", re.DOTALL)
_CAPITAL = re.compile(r"(?<!\\)(?<!\(\?)[A-Z]")  # not an escape (\S) nor (?P<name>


@dataclass(frozen=True)
class Rule:
    """One rule for one language (``any`` applies to every language)."""

    id: str
    category: str
    level: str
    language: str
    patterns: tuple[LazyPattern, ...]
    suggestion: str
    unless: tuple[LazyPattern, ...] = ()
    softenable: bool = False
    negatable: bool = True
    quotable: bool = True  # False: inside a corrected quotation it still counts (a web address)
    opt_out_level: str | None = None  # level used when the text has a breath opt-out
    requires: tuple[LazyPattern, ...] = ()
    # (words, suggestion): a rewrite that fits the words better than the rule's general one
    fitted: tuple[tuple[LazyPattern, str], ...] = ()

    def suggestion_for(self, folded: str, sentence: str = "") -> str:
        """The rewrite for these (folded) words: the first ``fitted`` one whose words they
        contain ("relax now" gets an offer to soften, "don't move" one to move), else the first
        whose words the rest of their ``sentence`` holds ("You must" forgive yourself: a
        rewrite about feelings, not about staying in a pose), else the rule's own."""
        for text in (folded, sentence):
            fit = next((rewrite for words, rewrite in self.fitted if words.search(text)), None)
            if fit is not None:
                return fit
        return self.suggestion


@dataclass(frozen=True)
class Context:
    """Per-language lists that decide whether a match stands."""

    softeners: tuple[LazyPattern, ...]
    negations: frozenset[str]
    opt_outs: tuple[LazyPattern, ...]
    exit_offers: tuple[LazyPattern, ...]
    reported: tuple[LazyPattern, ...]
    negation_openers: tuple[LazyPattern, ...]
    post_negations: tuple[LazyPattern, ...]
    corrections: tuple[LazyPattern, ...]
    endorsements: tuple[LazyPattern, ...]
    attributions: tuple[LazyPattern, ...]
    pressure: tuple[LazyPattern, ...]
    softener_breaks: tuple[LazyPattern, ...]
    window: int
    boundaries: frozenset[str]


def _fold_pattern(pattern: str) -> str:
    """Fold a pattern like the text (lower case, no accents) but keep escapes (``\\S``, ``\\B``)."""
    if pattern.isascii():  # the usual case: only capitals need lowering
        return _CAPITAL.sub(lambda m: m.group().lower(), pattern)
    folded = _ESCAPE_OR_CHAR.sub(
        lambda m: m.group() if len(m.group()) == 2 else scope.fold(m.group()), pattern
    )
    return folded.replace("(?p<", "(?P<").replace("(?p=", "(?P=")


def _compile(
    patterns: Any, macros: dict[str, str], where: str, eager: bool = False
) -> tuple[LazyPattern, ...]:
    """Folded, macro-expanded patterns, compiled on first use (``eager``: now, to check them)."""
    compiled = []
    for pattern in patterns or ():
        lazy = LazyPattern(_fold_pattern(_MACRO.sub(lambda m: macros[m.group(1)], pattern)))
        if eager:
            try:
                lazy.regex  # noqa: B018 - compiling is the check
            except re.error as exc:
                raise ValueError(
                    f"lint_rules.yaml: bad pattern in {where}: {pattern!r}: {exc}"
                ) from exc
        compiled.append(lazy)
    return tuple(compiled)


def make_rule(
    raw: dict[str, Any], macros: dict[str, str], eager: bool = False, lang: str = "en"
) -> Rule:
    """One rule from the file; a rule for ``any`` language says its rewrites in ``lang`` where
    it has them (``suggestion_es``, a fitted suggestion's ``es``)."""
    where = raw["id"]
    rule = Rule(
        id=raw["id"],
        category=raw["category"],
        level=raw["level"],
        language=raw["language"],
        patterns=_compile(raw["patterns"], macros, where, eager),
        suggestion=raw.get(f"suggestion_{lang}", raw["suggestion"]),
        unless=_compile(raw.get("unless"), macros, where, eager),
        softenable=bool(raw.get("softenable", False)),
        negatable=bool(raw.get("negatable", True)),
        quotable=bool(raw.get("quotable", True)),
        opt_out_level=raw.get("opt_out_level"),
        requires=_compile(raw.get("requires"), macros, where, eager),
        fitted=tuple(
            (_compile([f["words"]], macros, where, eager)[0], str(f.get(lang, f["suggestion"])))
            for f in raw.get("fitted_suggestions") or ()
        ),
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
    """All rules, in file order, every pattern compiled (read once; checks the whole file)."""
    data = load_yaml("lint_rules.yaml")
    return tuple(make_rule(raw, data["macros"], eager=True) for raw in data["rules"])


@functools.cache
def rules_for(lang: str) -> tuple[Rule, ...]:
    """The rules that apply to ``lang``, their patterns compiled only when first needed."""
    data = load_yaml("lint_rules.yaml")
    return tuple(
        make_rule(raw, data["macros"], lang=lang)
        for raw in data["rules"]
        if raw["language"] in (lang, "any")
    )


@functools.cache
def context(lang: str) -> Context:
    """The softeners, negations, opt-outs, exit offers and quotation cues of ``lang``."""
    data = load_yaml("lint_rules.yaml")
    macros = data["macros"]

    def lists(key: str) -> tuple[LazyPattern, ...]:
        return _compile(data[key][lang], macros, key)

    return Context(
        softeners=lists("softeners"),
        negations=frozenset(scope.fold(w) for w in data["negations"][lang]),
        opt_outs=lists("breath_opt_outs"),
        exit_offers=lists("exit_offers"),
        reported=lists("reported_speech"),
        negation_openers=lists("negation_openers"),
        post_negations=lists("post_negations"),
        corrections=lists("corrections"),
        endorsements=lists("endorsements"),
        attributions=lists("attributions"),
        pressure=lists("pressure"),
        softener_breaks=lists("softener_breaks"),
        window=int(data["negation_window"]),
        boundaries=frozenset(scope.fold(w) for w in data["clause_boundaries"][lang]),
    )


def rule_ids() -> list[str]:
    """The distinct rule ids, sorted (for ``allow:`` validation and docs)."""
    return sorted({rule.id for rule in rules()})


def _any(patterns: tuple[LazyPattern, ...], text: str) -> bool:
    return any(p.search(text) for p in patterns)


class _Text:
    """One text, folded, with its quotations found once."""

    def __init__(self, folded: str, ctx: Context) -> None:
        self.folded = folded
        self.ctx = ctx
        self.quotes = scope.quotes(folded, ctx.reported)
        self.opted_out = _any(ctx.opt_outs, folded)

    def corrected(self, start: int, end: int) -> bool:
        """Is ``folded[start:end]`` inside a quotation the text then corrects (or denies)?"""
        quote = scope.quote_at(self.quotes, start, end)
        if quote is None:
            return False
        left, right = scope.around_quote(self.folded, quote)
        ctx = self.ctx
        rest = scope.outside(self.folded, quote, left, right)
        if _any(ctx.corrections, rest):
            return True
        if _any(ctx.endorsements, rest):
            return False  # "… and they're right", "… so close yours"
        if _any(ctx.attributions, rest):
            return True  # hearsay ("some recordings say …") brought up to be set aside
        before = self.folded[scope.phrase_start(self.folded, quote.start, left) : quote.start]
        return scope.negated(before, ctx.negations, ctx.window, ctx.boundaries)

    def negated(self, start: int, end: int, left: int, right: int) -> bool:
        """A negation before the match in its phrase ("there's no need to push"), or just after
        it ("holding the breath isn't necessary")."""
        ctx = self.ctx
        before = self.folded[scope.phrase_start(self.folded, start, left) : start]
        first = scope.WORD.match(self.folded, start)
        if first and first.group() in ctx.boundaries:
            return False  # "no respires *hasta que* cuente": the negation stops at "hasta"
        if scope.negated(before, ctx.negations, ctx.window, ctx.boundaries):
            return True
        if _any(ctx.negation_openers, before):
            return True
        after = self.folded[end:right]
        return any(p.match(after) for p in ctx.post_negations)

    def stands(self, rule: Rule, start: int, end: int) -> bool:
        folded = self.folded
        left, right = scope.sentence_bounds(folded, start, end)
        sentence = folded[left:right]
        if rule.negatable and self.negated(start, end, left, right):
            return False
        if rule.requires and not _any(rule.requires, sentence):
            return False
        if _any(rule.unless, sentence):
            return False
        if rule.softenable and self.softened(start, end, left, right):
            return False
        return not (rule.quotable and self.corrected(start, end))

    def softened(self, start: int, end: int, left: int, right: int) -> bool:
        """A softener in the sentence that reaches the match (no "and then", "but", "because"…
        between them), and no pressure in this sentence or the next ("it's important that…")."""
        folded, ctx = self.folded, self.ctx
        reach = False
        for pattern in ctx.softeners:
            for m in pattern.finditer(folded, left, right):
                between = folded[m.end() : start] if m.end() <= start else folded[end : m.start()]
                if not _any(ctx.softener_breaks, between):
                    reach = True
                    break
            if reach:
                break
        if not reach:
            return False
        _, after = scope.sentence_bounds(folded, right + 1, right + 1)
        return not _any(ctx.pressure, folded[left : max(after, right)])


def rule_findings(text: str, lang: str) -> list[Finding]:
    """What the phrase rules find in ``text`` (one line or paragraph of ``lang``) as it is
    heard (``scope.spoken``), in order, quoted as written."""
    heard, where = scope.spoken(text, lang)
    return placed(rule_scan(heard, lang)[0], text, where)


def placed(found: list[Finding], text: str, where: list[int]) -> list[Finding]:
    """Findings in the heard text (``scope.spoken``), at their offsets in ``text`` as written."""
    out = []
    for f in found:
        start, end = where[f.start], where[f.end - 1] + 1 if f.end > f.start else where[f.end]
        out.append(replace(f, phrase=text[start:end], start=start, end=end))
    return out


def _to_sentence_end(doc: _Text, start: int) -> str:
    """The folded text from ``start`` to the end of its sentence."""
    end = _SENTENCE_END.search(doc.folded, start)
    return doc.folded[start : end.end() if end else len(doc.folded)]


_SENTENCE_END = re.compile(r"[.!?;]")


def rule_scan(text: str, lang: str) -> tuple[list[Finding], list[tuple[int, int]]]:
    """The rules' findings in ``text``, and the spans of matches its context cleared (negated,
    softened, corrected): words the rules have already judged, which the model leaves alone."""
    lang = normalize_lang(lang)
    return scan(text, lang, rules_for(lang))


def scan(
    text: str, lang: str, rules: tuple[Rule, ...]
) -> tuple[list[Finding], list[tuple[int, int]]]:
    """``rule_scan`` with other rules (a caution's, ``generator.lint.cautions``), judged in the
    same context: negated, softened or corrected, a match does not stand."""
    nfc, where = scope.composed(text)
    doc = _Text(scope.fold(nfc), context(lang))
    found: list[Finding] = []
    cleared: list[tuple[int, int]] = []
    for rule in rules:
        for pattern in rule.patterns:
            for match in pattern.finditer(doc.folded):
                start, end = match.span("p") if "p" in pattern.groupindex else match.span()
                if start == end:
                    continue
                s, e = where[start], where[end]
                if not doc.stands(rule, start, end):
                    cleared.append((s, e))
                    continue
                level = rule.opt_out_level if rule.opt_out_level and doc.opted_out else rule.level
                found.append(
                    Finding(
                        rule.id,
                        level,
                        rule.category,
                        text[s:e],
                        rule.suggestion_for(doc.folded[start:end], _to_sentence_end(doc, start)),
                        s,
                        e,
                    )
                )
    return dedupe(found, text), cleared


def has_exit_offer(text: str, lang: str) -> bool:
    """Does ``text`` offer a way out (come out, ease off, pause, at any time…)? For timing rules."""
    return _any(context(normalize_lang(lang)).exit_offers, scope.fold(text))


def has_breath_opt_out(text: str, lang: str) -> bool:
    """Does ``text`` offer to skip holds or return to the natural breath?"""
    return _any(context(normalize_lang(lang)).opt_outs, scope.fold(text))
