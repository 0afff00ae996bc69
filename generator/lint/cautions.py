"""The ``against-caution`` rule: a script whose cautions (``care: {cautions: [...]}``, a manifest
row's ``caution``) say who it is for must not ask them for what those cautions advise against.

Two ways it can: in the author's own words ("cross your right leg over your left" for someone
after a hip replacement; the words are data, ``generator/data/lint_cautions.yaml``, judged in
context as the phrase rules are), or by a pose ``compose --caution`` leaves out (its own note
for the caution says it may not be advised, or advises another shape;
``generator/data/compose.yaml``): the listener hears the shape's cue, then its note. Errors, so
a track made for someone is not rendered leading them into it: a therapist who ticked a
client's ``caution`` in a manifest got "ok" and a track that crossed his legs after a hip
replacement, then said it may not be advised. What is advised differs with the operation, the
trimester and the time since, and the listener's own professional may have cleared a shape: the
author says so on its line (``# holdspace: allow against-caution because …``) and it is kept."""

from __future__ import annotations

import functools

from generator.care.data import load_yaml
from generator.lint import scope
from generator.lint.catalog import AGAINST_CAUTION as RULE
from generator.lint.engine import Rule, make_rule, placed, scan
from generator.lint.findings import Finding
from generator.script.model import Pose, Session

_POSE_MESSAGE = {
    "en": "{pose} is a shape holdspace leaves out {who}: its cue leads the listener in, and its "
    'own note follows ("{note}"); choose a shape that suits (holdspace compose --caution '
    "{caution} shows which), or, if their own professional has cleared it, say so on its line: "
    "# holdspace: allow against-caution because …",
    "es": "{pose} es una postura que holdspace deja fuera {who}: su entrada lleva a la persona a "
    "ella, y después se dice su nota («{note}»); elige una que convenga a esa persona "
    "(holdspace compose --caution {caution} muestra cuáles) o, si el profesional que la "
    "atiende la ha autorizado, dilo en la línea de la postura: # holdspace: allow "
    "against-caution because …",
}
_WHO = {
    "en": {
        "hip_replacement": "after a hip replacement",
        "pregnancy": "in pregnancy",
        "hypermobility": "for hypermobile joints",
    },
    "es": {
        "hip_replacement": "con una prótesis de cadera",
        "pregnancy": "en el embarazo",
        "hypermobility": "con articulaciones hiperlaxas",
    },
}


@functools.cache
def _rules(caution: str, lang: str) -> tuple[Rule, ...]:
    macros = load_yaml("lint_rules.yaml")["macros"]
    return tuple(
        make_rule({"id": RULE, "category": "caution", "level": "error", **raw}, macros, lang=lang)
        for raw in load_yaml("lint_cautions.yaml")["rules"]
        if raw["caution"] == caution and raw["language"] == lang
    )


def word_findings(text: str, lang: str, cautions: tuple[str, ...]) -> list[Finding]:
    """Where ``text`` asks for what one of ``cautions`` advises against, quoted as written."""
    rules = tuple(r for caution in cautions for r in _rules(caution, lang))
    if not rules:
        return []
    heard, where = scope.spoken(text, lang)
    return placed(scan(heard, lang, rules)[0], text, where)


def pose_message(pose_name: str, lang: str, cautions: tuple[str, ...]) -> str | None:
    """Why the pose ``pose_name`` does not suit one of ``cautions``: its own note advises against
    it (it is what ``compose --caution`` leaves out); None when it suits them all."""
    from generator.care.poses import get_pose
    from generator.compose.rules import avoided_by, caution_leaves_out

    pose = get_pose(pose_name)
    words = "es" if lang == "es" else "en"
    for caution in cautions:
        if pose is not None and avoided_by(pose, caution_leaves_out(caution)):
            who = _WHO[words].get(caution, caution)
            note = (pose.note(words, caution) or "").rstrip(".")
            title = pose.title(words)
            return _POSE_MESSAGE[words].format(pose=title, who=who, note=note, caution=caution)
    return None


def check(session: Session, lang: str, texts: list[tuple[int, str, tuple[str, ...]]], add) -> None:
    """Report (``add``, as ``lint_session``'s) every way ``session`` asks for what its cautions
    advise against: in ``texts`` (the author's words, with their lines and allows), and by a pose."""
    cautions = session.care.cautions
    if not cautions:
        return
    for line, text, allowed in texts:
        for f in word_findings(text, lang, cautions):
            add(line, "error", RULE, f.phrase, f.suggestion, allowed)
    for seg in session.segments:
        if isinstance(seg, Pose) and (why := pose_message(seg.pose, lang, cautions)):
            add(seg.line, "error", RULE, seg.pose, why, seg.allow)
