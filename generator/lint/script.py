"""``holdspace lint``: the care linter applied to a whole script, with lines and suppressions.

Phrase rules come from ``generator.lint.rules`` (rules are data); this module walks every piece of
author text, attaches the script line, honours visible suppressions, and adds the rules that need
the whole script: the timing rules that need a plan (``generator.lint.timing``: a hold with no way
out offered, ``long-silence``, a ``length:`` near the edge of reach, an own opening that says
another length), and ``comment-in-text``: an unquoted text cut short by ``#2`` (YAML
reads `` #`` as the start of a comment, so "Take breath #2 now." is spoken as "Take breath").

A finding is suppressed, visibly and with a reason, by either
- ``# holdspace: allow RULE-ID because …`` at the end of the segment's first line, or
- ``allow: [RULE-ID]`` on the segment, with a ``# because …`` comment on that line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import yaml

from generator.care.forms import address_of
from generator.errors import LengthOutOfReach
from generator.lint import address, catalog, cautions, helpline, places, timing
from generator.lint.engine import rule_findings
from generator.lint.rules import lint_text
from generator.lint.timing import Edge, field_line
from generator.lint.unsaid import unsaid_check_ins
from generator.plan.estimate import estimated_plan, guessed_edge
from generator.plan.fit import as_guess, far_out_of_reach
from generator.plan.types import Plan
from generator.plan.wording import known_language
from generator.script.format import ALLOW_COMMENT
from generator.script.model import Chapter, Pose, Session, Speak
from generator.script.yamlnodes import source_lines

# text YAML values the listener hears; and text that names the track or a chapter
_SPOKEN_KEYS = frozenset(
    {"speak", "cue", "switch", "exit", "opening", "closing", "resource", "greeting"}
)
_NAME_KEYS = frozenset({"title", "author", "album", "genre", "chapter"})
_CUT_BY_COMMENT = re.compile(r"[ \t]+(#\S.*)$")  # " #2 now." after a plain value


@dataclass(frozen=True)
class LintFinding:
    file: str
    line: int
    level: str  # error | warning
    rule: str
    phrase: str
    suggestion: str

    def __str__(self) -> str:
        return f'{self.file}:{self.line}: {self.level} {self.rule}: "{self.phrase}" — {self.suggestion}'

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def _texts(session: Session, lines: list[str]) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, text, allowed rule ids) for every piece of author text."""
    out: list[tuple[int, str, tuple[str, ...]]] = []
    c = session.care
    for key in ("greeting", "opening", "closing", "resource"):
        value = getattr(c, key)
        if isinstance(value, str):
            out.append((field_line(lines, c.line, key), value, ()))
    out += [(field_line(lines, c.line, "check_ins"), text, ()) for text in c.check_ins]
    for seg in session.segments:
        if isinstance(seg, Speak):
            out.append((seg.line, seg.text, seg.allow))
        elif isinstance(seg, Pose):
            for key in ("cue", "switch", "exit"):
                text = getattr(seg, key)
                if text:
                    out.append((field_line(lines, seg.line, key), text, seg.allow))
    return out


def _names(session: Session, lines: list[str]) -> list[tuple[int, str]]:
    """(line, text) of the names a listener reads on the phone: the track's title and album
    tags and its chapters. Names, not sentences: the phrase rules judge them, not the model."""
    out = [(field_line(lines, 1, key), getattr(session, key)) for key in ("title", "album")]
    out += [(seg.line, seg.title) for seg in session.segments if isinstance(seg, Chapter)]
    return [(line, text) for line, text in out if text]


def _comment_allows(source_lines: list[str], line: int) -> tuple[set[str], bool]:
    """Rule ids allowed by a ``# holdspace: allow`` comment on ``line``, and whether it gave a reason."""
    if not 0 < line <= len(source_lines):
        return set(), True
    match = ALLOW_COMMENT.search(source_lines[line - 1])
    if not match:
        return set(), True
    ids = {r.strip().lower() for r in match.group(1).split(",")}
    return ids, bool(match.group(2))


def lint_session(
    session: Session,
    source: str,
    plan: Plan | None = None,
    deep: bool = False,
    edge: Edge | None = None,
) -> list[LintFinding]:
    """Every finding in ``session`` (``source`` is the script text, for suppression comments;
    ``deep``: ask the fine-tuned encoder too, as ``lint_text``; ``edge``: its ``length:`` is
    near the edge of reach, by guessed sentence lengths)."""
    lines = source.splitlines()
    lang = known_language(session.language)
    listener = address_of(session.language, session.address)  # tú, vos, usted; None: not Spanish
    found: list[LintFinding] = []

    def add(
        line: int, level: str, rule: str, phrase: str, suggestion: str, allowed: tuple[str, ...]
    ) -> None:
        ids, reasoned = _comment_allows(lines, line)
        if rule in ids or rule in allowed:
            if not reasoned and rule in ids:
                found.append(
                    LintFinding(
                        session.path,
                        line,
                        "warning",
                        catalog.ALLOW_WITHOUT_REASON,
                        f"allow {rule}",
                        f"say why: # holdspace: allow {rule} because …",
                    )
                )
            return
        suggestion = address.examples_in(suggestion, listener)
        found.append(LintFinding(session.path, line, level, rule, phrase, suggestion))

    if lang is not None:
        texts = _texts(session, lines)
        for line, text, allowed in texts:
            for f in lint_text(text, lang, deep):
                add(line, f.level, f.rule_id, f.phrase, f.suggestion, allowed)
        cautions.check(session, lang, texts, add)
        if listener == "usted":
            address.mixed(texts, add)
        places.check(session, lang, add)
        for text, where in (
            (session.care.resource, field_line(lines, session.care.line, "resource")),
            (session.description, field_line(lines, 1, "description")),
        ):
            if text and (pressing := helpline.pressure(text, lang)):
                add(where, "warning", catalog.HELPLINE_PRESSURE, *pressing, ())
        for line, text in _names(session, lines):
            for f in rule_findings(text, lang):
                add(line, f.level, f.rule_id, f.phrase, f.suggestion, ())
        if session.description:  # read, not heard: a web address or a number is fine there
            where = field_line(lines, 1, "description")
            for f in rule_findings(session.description, lang):
                if f.rule_id not in catalog.MECHANICAL_RULES:
                    add(where, f.level, f.rule_id, f.phrase, f.suggestion, ())
        for seg in session.segments:
            timing.hold_rule(session, seg, lang, lines, add, plan)
    for seg in session.segments:
        timing.range_rule(seg, lang or "en", lines, add)
    if edge is not None:
        timing.near_edge(session, edge, lang or "en", add)
    if plan is not None:
        timing.silence_rule(session, plan, add)
        if lang is not None and edge is None:  # near the edge, the plan is not the track's
            timing.said_length(session, plan, lang, lines, add)
        where = field_line(lines, session.care.line, "check_ins")
        unsaid_check_ins(session, plan, where, lang or "en", add)
    _comment_rule(session, source, add)
    found += _allows_without_reason(session, lines)
    return sorted(found, key=lambda f: (f.line, f.rule))


_BECAUSE = re.compile(r"#.*\b(?:because|porque)\b\s*\S", re.I)


def _allows_without_reason(session: Session, lines: list[str]) -> list[LintFinding]:
    """A segment's ``allow: [...]`` needs its reason in a ``# because …`` comment on that line
    (or the line above), as the inline allow comment does."""
    out = []
    for seg in session.segments:
        allowed = getattr(seg, "allow", ())
        if not allowed:
            continue
        line = field_line(lines, seg.line, "allow")
        near = lines[max(line - 2, 0) : line]
        if not any(_BECAUSE.search(text) for text in near):
            rules = ", ".join(allowed)
            out.append(
                LintFinding(
                    session.path,
                    line,
                    "warning",
                    catalog.ALLOW_WITHOUT_REASON,
                    f"allow {rules}",
                    f"say why: allow: [{rules}]  # because …",
                )
            )
    return out


_COMMENT_SAYS = {  # (in spoken words, in a name), in the script's language
    "en": (
        "text after '#' is a YAML comment and will not be spoken; put the sentence in quotes",
        "text after '#' is a YAML comment and is left out of the {key}; put the {key} in quotes",
    ),
    "es": (
        "el texto tras '#' es un comentario de YAML y no se dirá; pon la frase entre comillas",
        "el texto tras '#' es un comentario de YAML y queda fuera de {key}; pon {key} entre comillas",
    ),
}


def _comment_rule(session: Session, source: str, add) -> None:
    """``- speak: Take breath #2 now.`` is spoken as "Take breath": YAML starts a comment at
    `` #``. A comment written with no space after ``#`` is almost surely meant as text."""
    segments = session.segments
    for line, key, comment, segment in _cut_texts(source):
        spoken = key in _SPOKEN_KEYS or key == "check_ins"
        says = _COMMENT_SAYS.get(session.language, _COMMENT_SAYS["en"])
        suggestion = says[0] if spoken else says[1].format(key=key)
        allowed = getattr(segments[segment], "allow", ()) if segment is not None else ()
        add(line, "warning", catalog.COMMENT_IN_TEXT, comment[:60], suggestion, allowed)


def _cut_texts(source: str) -> Iterator[tuple[int, str, str, int | None]]:
    """(line, key, comment, segment index) for each unquoted text followed on its line by a
    comment with no space after the ``#``."""
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError:  # the loader has reported it already
        return
    lines = source_lines(source)

    def walk(node: yaml.Node | None, key: str | None, segment: int | None) -> Iterator:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                yield from walk(v, k.value if isinstance(k, yaml.ScalarNode) else None, segment)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                if key == "segments" and segment is None:
                    yield from walk(item, None, i)
                else:  # only the lines of check_ins are text items of a list
                    yield from walk(item, key if key == "check_ins" else None, segment)
        elif (
            isinstance(node, yaml.ScalarNode)
            and node.style is None
            and (key in _SPOKEN_KEYS or key in _NAME_KEYS or key == "check_ins")
        ):
            end = node.end_mark
            match = _CUT_BY_COMMENT.match(lines[end.line][end.column :])
            if match and not match.group(1)[1:].lower().startswith("holdspace:"):
                yield end.line + 1, key, match.group(1), segment

    yield from walk(root, None, None)


# the timing rules' messages, in the script's language (the phrase rules' are in lint_rules.yaml)
def lint_file(path: Path, session: Session, deep: bool = False) -> list[LintFinding]:
    return lint_source(session, path.read_bytes().decode("utf-8-sig", "replace"), deep)


def lint_source(session: Session, source: str, deep: bool = False) -> list[LintFinding]:
    """``lint_session`` with the plan a render would make, guessed from the words."""
    try:
        plan, edge = estimated_plan(session), None
        if session.length is not None and (near := guessed_edge(session, plan, session.length)):
            edge = Edge(session.length, near[1], near[0])  # reached, but only just
    except LengthOutOfReach as exc:
        if far_out_of_reach(
            exc, session.voice
        ):  # the nearest length is a guess from the words: said so
            raise as_guess(exc, session, False) from None
        # near the edge only by guessed lengths: plan and render judge it on the real voice
        plan, edge = (
            estimated_plan(replace(session, length=None)),
            Edge(exc.target_s, exc.nearest_s),
        )
    return lint_session(session, source, plan, deep, edge)
