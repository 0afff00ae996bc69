"""The care linter's model: a logistic regression over the hashed features of
``generator.lint.features``, trained by ``scripts/train_lint_model.py`` on the labelled corpus
(``tests/lint/corpus/``, every writer's file but the held-out sets, and the built-in text) and shipped as weights in
``generator/data/lint_model_LANG.yaml`` (JSON, which is also YAML; one file per language, so a lint
reads only its own; the weights are 16-bit integers, zlib-compressed and base64: most buckets are
zero, so the file stays small).

It reads every sentence (a text of up to ``WHOLE`` characters whole, as the corpus lines it learned
from) and has the last word on it:

- where a phrase rule matched, the rule's findings stand if the model's score reaches
  ``rule_threshold``, or if the sentence gives no reason to doubt them (``vetoable``: no negation,
  quotation or correction outside the matched words, and under ``VETO_WORDS`` words), so a quoted
  myth that the text corrects in words no list has is let go, but a plain order never is;
- where no rule matched, a score at or above ``threshold`` is a *warning* under the rule id of the
  word field that pushed it most (``force`` → ``forcing``, ``healing`` → ``healing-claim``…),
  quoting the sentence and offering that rule's gentler rewrite.

Both thresholds are chosen by cross-validation across writers for at most 2.5 % false flags. Pure
Python: a list lookup per feature.
"""

from __future__ import annotations

import array
import base64
import functools
import importlib.resources
import json
import re
import sys
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.lint import features as feats
from generator.lint import scope
from generator.lint.catalog import MECHANICAL_RULES, UNTRAINED_RULES
from generator.lint.engine import has_exit_offer, rules_for
from generator.lint.findings import Finding

if TYPE_CHECKING:
    from generator.lint.encoder import Encoder

MODEL_FILE = "lint_model_{lang}.yaml"
SCALE = 2000.0  # weights are stored as round(weight * SCALE), 16-bit
# the word field a finding is reported under, and the rule whose wording it borrows
FIELD_RULES = {
    "command": "command",
    "eyes": "eyes-closed-order",
    "healing": "healing-claim",
    "forced": "forced-outcome",
    "pain": "push-through-pain",
    "force": "forcing",
    "sexual": "sexualised",
    "touch": "narrator-touch",
    "surrender": "surrender-voice",
    "body": "body-judgement",
    "appearance": "appearance-goal",
    "urgency": "urgency",
    "breath": "breath-risk",
}
MIN_WORDS = 5  # shorter texts (titles, counted breath cues) are not what the model learned from
# the model may overrule a rule only on a sentence with a negation, quotation or correction in it
# (features.contested), or one this long: a plain order or claim has no context that could make it
# safe, and a short one too few words to judge it by
VETO_WORDS = 18
# a greeting and no more ("Good morning, everyone, it's Maya.", "Buenos días a todos, soy
# Lucía."): nothing to judge; `--deep` read one as an order
_NAME = r"[A-ZÁÉÍÓÚÑ][\w'-]+"
GREETING = re.compile(
    r"\s*(?:(?i:hello|hi|hiya|hey|good\s+(?:morning|afternoon|evening)|welcome(?:\s+back)?|"
    r"hola|buenos\s+d[ií]as|buenas(?:\s+tardes|\s+noches)?|bienvenid[oa]s?)[\s,!.]*)+"
    r"(?:(?:(?i:again|everyone|everybody|all|all\s+of\s+you|folks|friends|class|group|to\s+you|"
    r"a\s+todos|a\s+todas|todos|todas|de\s+nuevo|otra\s+vez)|" + _NAME + r")[\s,!.]*)*"
    r"(?:(?i:it'?s|i'?m|this\s+is|soy|les\s+habla|te\s+habla)\s+"
    + _NAME
    + r"(?:\s+"
    + _NAME
    + r")?(?:\s+(?i:here|aqu[ií]))?[\s,!.]*)?$"
)
WHOLE = 240  # a text this short is judged whole, as the corpus lines the model learned from
_SENTENCE = re.compile(r"[^.!?…\n]+[.!?…]*")


@dataclass(frozen=True)
class Model:
    bias: float
    rule_threshold: float  # a rule's finding stands at or above this score
    threshold: float  # the model alone flags at or above this score
    weights: array.array  # one 16-bit weight per feature bucket, times SCALE
    rule_marks: bool = False  # does the model see which rules matched?


@functools.cache
def load(lang: str) -> Model | None:
    """The shipped model for ``lang``, or None when there is none."""
    resource = importlib.resources.files("generator").joinpath("data", MODEL_FILE.format(lang=lang))
    try:
        raw = json.loads(resource.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    weights = array.array("h")
    weights.frombytes(zlib.decompress(base64.b64decode(raw["weights"])))
    if sys.byteorder != "little":
        weights.byteswap()
    if len(weights) != feats.BUCKETS or raw["scale"] != SCALE:
        raise ValueError(f"{MODEL_FILE.format(lang=lang)} does not fit generator.lint.features")
    return Model(
        float(raw["bias"]),
        float(raw["rule_threshold"]),
        float(raw["threshold"]),
        weights,
        bool(raw.get("rule_marks", False)),
    )


def rule_marks(found: list[Finding], cleared: list[tuple[int, int]]) -> tuple[str, ...]:
    """What the phrase rules made of a text, as model features."""
    marks = [f"R:{f.rule_id}" for f in found]
    if found:
        marks.append("R:any")
    if cleared:
        marks.append("R:cleared")
    return tuple(sorted(set(marks)))


def score(text: str, lang: str, marks: tuple[str, ...] = (), model: Model | None = None) -> float:
    """The model's score for ``text`` (higher: riskier), given what the rules made of it."""
    model = model or load(lang)
    if model is None:
        return float("-inf")
    w = model.weights
    total = sum(w[h] * v for h, v in feats.features(text, lang, marks).items())
    return model.bias + total / SCALE


def _field(text: str, lang: str, model: Model) -> str:
    """The word field whose words pushed ``text``'s score up most (``command`` if none did)."""
    push: dict[str, float] = {}
    for name in feats.feature_names(text, lang)[0]:
        if name.startswith("L:"):
            field = name[2:].lstrip("~q")
            push[field] = push.get(field, 0.0) + model.weights[feats.bucket(name)]
    best = max(push, key=push.get, default=None)
    return best if best in FIELD_RULES and push[best] > 0 else "command"


@functools.cache
def _rule_for(rule_id: str, lang: str):
    """The rule ``rule_id`` of ``lang`` (its rewrite in the script's language), before one for
    any language (a Spanish healing claim was offered the English detox rule's rewrite)."""
    found = [rule for rule in rules_for(lang) if rule.id == rule_id]
    return min(found, key=lambda rule: rule.language == "any", default=None)


def vetoable(sentence: str, lang: str, matched: list[tuple[int, int]]) -> bool:
    """May the model overrule the phrase rules that matched ``matched`` in ``sentence`` (a short
    text is judged whole, so it may hold several sentences)? Only where the sentence the rule
    matched in is long (``VETO_WORDS``) or has a negation, or a quotation, report or correction
    comes there or after it (a myth quoted, then set aside): "You don't need to decide anything.
    I'll do the deciding for you." keeps its finding, and so does a short healing claim after a
    harmless sentence. (Within a sentence a negation still counts across a semicolon: a
    clause limit cost more false flags than it caught on the development lines.)"""
    for start, end in (m.span() for m in _SENTENCE.finditer(sentence)):
        inside = [(a - start, b - start) for a, b in matched if start <= a < end]
        if not inside:
            continue
        own = sentence[start:end]
        if len(own.split()) >= VETO_WORDS or feats.contested(own, lang, inside):
            return True
        later = [(a - start, b - start) for a, b in matched if a >= start]
        if feats.contested(sentence[start:], lang, later, negation=False):
            return True
    return False


def spans(text: str) -> list[tuple[int, int]]:
    """The stretches the model judges: the whole text if short, else each sentence."""
    found = [(0, len(text))] if len(text) <= WHOLE else [m.span() for m in _SENTENCE.finditer(text)]
    out = []
    for start, end in found:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
    return out


def judge(
    text: str,
    lang: str,
    found: list[Finding],
    cleared: list[tuple[int, int]],
    deep: Encoder | None = None,
) -> list[Finding]:
    """The phrase rules' ``found`` that the model lets stand, and its own warnings for risky
    sentences no rule matched. Without a shipped model, the rules' findings as they are. With
    ``deep`` (``generator.lint.encoder``), a sentence both let go is flagged when the encoder
    says so: the rules' findings if they matched it, else a warning under the encoder's kind."""
    model = load(lang)
    if model is None:
        return list(found)
    kept: list[Finding] = []
    doubted: list[tuple[int, int, list[Finding]]] = []  # let go: the encoder may flag them
    unjudged = MECHANICAL_RULES | UNTRAINED_RULES
    kept += [f for f in found if f.rule_id in unjudged]
    fixed = [f for f in found if f.rule_id in UNTRAINED_RULES]
    found = [f for f in found if f.rule_id not in unjudged]
    for start, end in spans(text):
        mine = [f for f in found if f.start < end and start < f.end]
        if not mine and any(f.start < end and start < f.end for f in fixed):
            continue  # an untrained rule has said it (the model's warning over it hid its error)
        near = [(a, b) for a, b in cleared if a < end and start < b]
        sentence = text[start:end]
        marks = rule_marks(mine, near) if model.rule_marks else ()
        s = score(sentence, lang, marks, model)
        if mine:
            matched = [(f.start - start, f.end - start) for f in mine]
            whole = _Whole(text, start, end, mine, near)
            if (
                s >= model.rule_threshold
                or not vetoable(sentence, lang, matched)
                or _stands_alone(whole, lang, model)
            ):
                kept += mine
                # a short text is judged whole; its other sentences still get their own say, so
                # fixing the one found does not reveal the next only on the next run
                doubted += _others(whole, lang, model, kept)
            else:
                doubted.append((start, end, mine))
            continue
        if len(sentence.split()) < MIN_WORDS or GREETING.match(sentence):
            continue
        if s < model.threshold:
            alone = _alone(text, start, end, lang, model)
            if alone is None:
                doubted.append((start, end, []))
            else:
                kept.append(alone)
            continue
        kept.append(_warning(sentence, lang, model, start, end))
    if deep is not None and doubted:
        flags = deep.flags([text[a:b] for a, b, _ in doubted])
        for (start, end, mine), rule_id in zip(doubted, flags, strict=True):
            if rule_id is not None:
                kept += mine or [_warning(text[start:end], lang, model, start, end, rule_id)]
    # a rule finding reaching past its sentence (rare) is kept whenever its start sentence keeps it
    return sorted((f for f in kept if f is not None), key=lambda f: (f.start, f.end))


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` (a short text judged whole), their spaces trimmed:
    none when it is one sentence (then the whole was judged already)."""
    parts = []
    for m in _SENTENCE.finditer(text, start, end):
        a, b = m.span()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        parts.append((a, b))
    return parts if len(parts) > 1 else []


@dataclass(frozen=True)
class _Whole:
    """A short text's span judged whole, with the rules' findings and cleared spans in it."""

    text: str
    start: int
    end: int
    found: list[Finding]
    cleared: list[tuple[int, int]]


def _others(
    whole: _Whole, lang: str, model: Model, kept: list[Finding | None]
) -> list[tuple[int, int, list[Finding]]]:
    """The sentences of a short text (judged whole, a rule's finding kept) that no rule matched
    or cleared, each scored alone: a warning added to ``kept`` where the model flags it; the
    rest returned for the encoder. One sentence alone: nothing to add."""
    doubted = []
    touched = [(f.start, f.end) for f in whole.found] + list(whole.cleared)
    for a, b in _parts(whole.text, whole.start, whole.end):
        sentence = whole.text[a:b]
        if len(sentence.split()) < MIN_WORDS or any(x < b and a < y for x, y in touched):
            continue
        if score(sentence, lang, (), model) >= model.threshold:
            kept.append(_warning(sentence, lang, model, a, b))
        else:
            doubted.append((a, b, []))
    return doubted


def _stands_alone(whole: _Whole, lang: str, model: Model) -> bool:
    """Whether a sentence of a short text (judged whole) with a rule's finding in it keeps the
    finding when scored on its own, as it would be written alone: a calm sentence before it
    lowered the whole text's score below the rule's threshold (a held-out risky line after a
    calm one was caught 67 times in 100 in English, 59 in Spanish; alone, 83 and 78)."""
    for a, b in _parts(whole.text, whole.start, whole.end):
        own = [f for f in whole.found if f.start < b and a < f.end]
        if own:
            near = [(x, y) for x, y in whole.cleared if x < b and a < y]
            marks = rule_marks(own, near) if model.rule_marks else ()
            if score(whole.text[a:b], lang, marks, model) >= model.rule_threshold:
                return True
    return False


def _alone(text: str, start: int, end: int, lang: str, model: Model) -> Finding | None:
    """A warning for a sentence of a short text (judged whole) that the model flags on its own:
    a calm first sentence diluted a risky second one ("Sit up tall with both feet flat on the
    floor. This will loosen up those stiff old hips." passed; the second alone did not). Not
    where the sentence is contested, as a rule's finding would be (``vetoable``): a negation in
    it, or a quotation, report or correction there or after it (a myth quoted, then set aside);
    nor where the text offers a way out ("¿Estás seguro de que quieres seguir? También puedes
    parar." is a check-in, though its question alone reads as pressure)."""
    if has_exit_offer(text[start:end], lang):
        return None
    for a, b in _parts(text, start, end):
        sentence = text[a:b]
        if len(sentence.split()) < MIN_WORDS or score(sentence, lang, (), model) < model.threshold:
            continue
        if not (
            feats.contested(sentence, lang) or feats.contested(text[a:end], lang, negation=False)
        ):
            return _warning(sentence, lang, model, a, b)
    return None


def _warning(
    sentence: str, lang: str, model: Model, start: int, end: int, rule_id: str | None = None
) -> Finding | None:
    """A warning for the whole ``sentence``, under ``rule_id`` (the encoder's kind of risk), else
    under the rule of the word field that pushed the model's score most."""
    rule = _rule_for(rule_id or FIELD_RULES[_field(sentence, lang, model)], lang)
    if rule is None:
        return None
    suggestion = rule.suggestion_for(scope.fold(sentence))
    return Finding(rule.id, "warning", rule.category, sentence, suggestion, start, end)


def model_findings(text: str, lang: str, skip: list[tuple[int, int]] = ()) -> list[Finding]:
    """The model's own warnings for ``text`` (no rule findings to weigh), leaving out any
    sentence that overlaps a span in ``skip``."""
    return [
        f for f in judge(text, lang, [], []) if not any(a < f.end and f.start < b for a, b in skip)
    ]
