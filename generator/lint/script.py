"""``holdspace lint``: the care linter applied to a whole script, with lines and suppressions.

Phrase rules come from ``generator.lint.rules`` (rules are data); this module walks every piece of
author text, attaches the script line, honours visible suppressions, and adds the rules that need
the whole script: the timing rules that need a plan (``hold-without-exit``: a hold with no way out
offered; ``long-silence``), and ``comment-in-text``: an unquoted text cut short by ``#2`` (YAML
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
from generator.care.poses import get_pose
from generator.errors import LengthOutOfReach
from generator.lint import address, catalog, cautions, helpline, places
from generator.lint.engine import rule_findings
from generator.lint.rules import has_exit_offer, lint_text
from generator.lint.unsaid import unsaid_check_ins
from generator.plan import roles
from generator.plan.estimate import estimated_plan
from generator.plan.fit import far_out_of_reach, refusal
from generator.plan.holds import hears_check_in
from generator.plan.types import Plan
from generator.plan.wording import known_language
from generator.script.format import ALLOW_COMMENT
from generator.script.model import Chapter, Pose, Session, Speak
from generator.script.text import written_duration
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
            out.append((_field_line(lines, c.line, key), value, ()))
    out += [(_field_line(lines, c.line, "check_ins"), text, ()) for text in c.check_ins]
    for seg in session.segments:
        if isinstance(seg, Speak):
            out.append((seg.line, seg.text, seg.allow))
        elif isinstance(seg, Pose):
            for key in ("cue", "switch", "exit"):
                text = getattr(seg, key)
                if text:
                    out.append((_field_line(lines, seg.line, key), text, seg.allow))
    return out


def _names(session: Session, lines: list[str]) -> list[tuple[int, str]]:
    """(line, text) of the names a listener reads on the phone: the track's title and album
    tags and its chapters. Names, not sentences: the phrase rules judge them, not the model."""
    out = [(_field_line(lines, 1, key), getattr(session, key)) for key in ("title", "album")]
    out += [(seg.line, seg.title) for seg in session.segments if isinstance(seg, Chapter)]
    return [(line, text) for line, text in out if text]


def _field_line(lines: list[str], start: int, key: str) -> int:
    """The line of ``key:`` at or after ``start`` (a segment's first line), else ``start``."""
    pattern = re.compile(rf"(^|[\s{{,]){key}\s*:")
    for i in range(max(start, 1) - 1, min(len(lines), start + 60)):
        if pattern.search(lines[i].split("#", 1)[0]):
            return i + 1
    return start


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
    session: Session, source: str, plan: Plan | None = None, deep: bool = False
) -> list[LintFinding]:
    """Every finding in ``session`` (``source`` is the script text, for suppression comments;
    ``deep``: ask the fine-tuned encoder too, as ``lint_text``)."""
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
            (session.care.resource, _field_line(lines, session.care.line, "resource")),
            (session.description, _field_line(lines, 1, "description")),
        ):
            if text and (pressing := helpline.pressure(text, lang)):
                add(where, "warning", catalog.HELPLINE_PRESSURE, *pressing, ())
        for line, text in _names(session, lines):
            for f in rule_findings(text, lang):
                add(line, f.level, f.rule_id, f.phrase, f.suggestion, ())
        if session.description:  # read, not heard: a web address or a number is fine there
            where = _field_line(lines, 1, "description")
            for f in rule_findings(session.description, lang):
                if f.rule_id not in catalog.MECHANICAL_RULES:
                    add(where, f.level, f.rule_id, f.phrase, f.suggestion, ())
        for seg in session.segments:
            _timing_rules(session, seg, lang, lines, add, plan)
    for seg in session.segments:
        _range_rule(seg, lang or "en", lines, add)
    if plan is not None:
        _silence_rule(session, plan, add)
        where = _field_line(lines, session.care.line, "check_ins")
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
        line = _field_line(lines, seg.line, "allow")
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
def _quoted(text: str, limit: int = 60) -> str:
    """``text`` for a finding's quote: whole up to ``limit`` characters, else cut at a word."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + "…"


def _timing_rules(
    session: Session, seg: object, lang: str, lines: list[str], add, plan: Plan | None = None
) -> None:
    """A hold that gets no check-in (``hears_check_in``, as the planner decides, on the hold the
    plan has: a script fitted to its ``length:`` may hold shorter than written): its cue, or the
    caution said after it, must offer a way out."""
    if not isinstance(seg, Pose) or seg.cue is None:
        return
    hold, offered = _hold_and_offer(session, seg, lang, plan)
    if not hears_check_in(session.care, hold) and not offered:
        message = catalog.MESSAGES[lang or "en"]["hold-without-exit"]
        if seg.hold is not None and hold < seg.hold - 0.5:
            message = (
                catalog.MESSAGES[lang or "en"]["fitted"].format(
                    written=f"{seg.hold:.0f}", hold=f"{hold:.0f}"
                )
                + message
            )
        add(
            _field_line(lines, seg.line, "cue"),
            "warning",
            catalog.HOLD_WITHOUT_EXIT,
            _quoted(seg.cue),
            message,
            seg.allow,
        )


def _range_rule(seg: object, lang: str, lines: list[str], add) -> None:
    """A hold written longer than its pose's range (``holdspace poses``): thirty minutes of a
    lunge held 30 s to 1m30s is more than a gentle practice asks of a knee or a hip. A shorter
    hold asks less of the body, so it is left alone."""
    if not isinstance(seg, Pose) or seg.hold is None:
        return
    info = get_pose(seg.pose)
    if info is None:
        return
    low, high = written_duration(info.hold_min), written_duration(info.hold_max)
    line = _field_line(lines, seg.line, "hold")
    pose = info.title(lang).lower()
    written = lines[line - 1].split("#", 1)[0] if 0 < line <= len(lines) else ""
    bare = re.search(r"\bhold\s*:\s*(\d+)\s*[,}]?\s*$", written)
    if seg.hold < info.hold_min and bare and info.hold_min <= seg.hold * 60 <= info.hold_max:
        add(  # "hold: 2" on a shape held 1 to 4 minutes meant two minutes
            line,
            "warning",
            catalog.HOLD_OUT_OF_RANGE,
            f"hold: {bare.group(1)}",
            catalog.MESSAGES[lang]["hold-in-seconds"].format(
                n=bare.group(1), pose=pose, low=low, high=high
            ),
            seg.allow,
        )
    if seg.hold <= info.hold_max:
        return
    add(
        line,
        "warning",
        catalog.HOLD_OUT_OF_RANGE,
        f"hold: {written_duration(seg.hold)}",
        catalog.MESSAGES[lang]["hold-out-of-range"].format(pose=pose, low=low, high=high),
        seg.allow,
    )


def _hold_and_offer(
    session: Session, seg: Pose, lang: str, plan: Plan | None = None
) -> tuple[float, bool]:
    """A pose's hold in seconds (its shortest side in ``plan``, which fitting to a length may
    have shortened; as written without one), and whether its cue (with the pose's caution, said
    right after it unless the script turned cautions off) offers a way out."""
    info = get_pose(seg.pose)
    hold = seg.hold if seg.hold is not None else (info.hold_default if info else 0)
    if plan is not None:
        planned = [
            (e.end - e.start) / plan.sample_rate
            for e in plan.events
            if e.kind == roles.HOLD and e.role == roles.HOLD and e.line == seg.line
        ]
        hold = min(planned, default=hold)
    said = info and session.care.safety_notes and seg.safety_note
    caution = (info.caution(lang) or "") if said else ""
    return hold, has_exit_offer(f"{seg.cue} {caution}", lang)


def _silence_rule(session: Session, plan: Plan, add) -> None:
    sr = plan.sample_rate
    limit = round(session.care.max_silence * sr)
    silent = [(e.start, e.end) for e in plan.events if e.role == roles.SILENCE]
    sounds = sorted(
        (e.start, e.end, e.line) for e in plan.events if e.kind in (roles.SPEECH, roles.TONE)
    )
    for (_, end, _), (start, _, line) in zip(sounds, sounds[1:], strict=False):
        if start - end > limit and not any(a < start and end < b for a, b in silent):
            add(
                line,
                "warning",
                catalog.LONG_SILENCE,
                f"{(start - end) / sr:.0f} s without a sound",
                "a long silence can feel like the track stopped; add a check-in, or "
                "mark the pause `silent: true` if you mean it",
                (),
            )


def lint_file(path: Path, session: Session, deep: bool = False) -> list[LintFinding]:
    return lint_source(session, path.read_bytes().decode("utf-8-sig", "replace"), deep)


def lint_source(session: Session, source: str, deep: bool = False) -> list[LintFinding]:
    """``lint_session`` with the plan a render would make, guessed from the words."""
    try:
        plan = estimated_plan(session)
    except LengthOutOfReach as exc:
        if far_out_of_reach(exc):  # the nearest length is a guess from the words: said so
            raise refusal(exc.target_s, exc.nearest_s, session, False, guessed=True) from None
        # near the edge only by guessed lengths: plan and render judge it on the real voice
        plan = estimated_plan(replace(session, length=None))
    return lint_session(session, source, plan, deep)
