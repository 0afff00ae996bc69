"""The care linter's second opinion: a small logistic-regression model over the hashed features of
``generator.lint.features``, trained by ``scripts/train_lint_model.py`` on the labelled corpus
(``tests/lint/corpus/*.dev.yaml`` and ``*.extra.yaml``) and shipped as weights in
``generator/data/lint_model_LANG.yaml`` (JSON, which is also YAML; one file per language, so a
lint reads only its own).

It looks at each sentence the phrase rules left alone. A sentence scoring at or above the
language's threshold is reported as a *warning* under the rule id of the word field that pushed
it most (``force`` → ``forcing``, ``healing`` → ``healing-claim``…), quoting the sentence and
offering that rule's gentler rewrite. Pure Python: a dictionary lookup per feature.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import re
from dataclasses import dataclass

from generator.lint import features as feats
from generator.lint.engine import Finding, rules_for

MODEL_FILE = "lint_model_{lang}.yaml"
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
WHOLE = 240  # a text this short is judged whole, as the corpus lines the model learned from
_SENTENCE = re.compile(r"[^.!?…\n]+[.!?…]*")


@dataclass(frozen=True)
class Model:
    bias: float
    threshold: float
    weights: dict[int, float]


@functools.cache
def load(lang: str) -> Model | None:
    """The shipped model for ``lang``, or None when there is none."""
    resource = importlib.resources.files("generator").joinpath("data", MODEL_FILE.format(lang=lang))
    try:
        raw = json.loads(resource.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    weights = {int(k): float(v) for k, v in raw["weights"].items()}
    return Model(float(raw["bias"]), float(raw["threshold"]), weights)


def score(text: str, lang: str, model: Model | None = None) -> float:
    """The model's score for ``text`` (higher: riskier); 0 threshold-free margin is the bias."""
    model = model or load(lang)
    if model is None:
        return float("-inf")
    w = model.weights
    return model.bias + sum(w.get(h, 0.0) * v for h, v in feats.features(text, lang).items())


def _field(text: str, lang: str, model: Model) -> str:
    """The word field whose words pushed ``text``'s score up most (``command`` if none did)."""
    push: dict[str, float] = {}
    for name in feats.feature_names(text, lang):
        if name.startswith("L:"):
            field = name[2:].lstrip("~q")
            push[field] = push.get(field, 0.0) + model.weights.get(feats.bucket(name), 0.0)
    best = max(push, key=push.get, default=None)
    return best if best in FIELD_RULES and push[best] > 0 else "command"


@functools.cache
def _rule_for(rule_id: str, lang: str):
    for rule in rules_for(lang):
        if rule.id == rule_id:
            return rule
    return None


def model_findings(text: str, lang: str, skip: list[tuple[int, int]] = ()) -> list[Finding]:
    """Warnings for the sentences of ``text`` the model finds risky, leaving out any sentence
    that overlaps a span in ``skip`` (words the phrase rules have judged, either way)."""
    model = load(lang)
    if model is None:
        return []
    found: list[Finding] = []
    spans = [(0, len(text))] if len(text) <= WHOLE else [m.span() for m in _SENTENCE.finditer(text)]
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        sentence = text[start:end]
        if len(sentence.split()) < MIN_WORDS or any(a < end and start < b for a, b in skip):
            continue
        if score(sentence, lang, model) < model.threshold:
            continue
        rule = _rule_for(FIELD_RULES[_field(sentence, lang, model)], lang)
        if rule is None:
            continue
        found.append(
            Finding(rule.id, "warning", rule.category, sentence, rule.suggestion, start, end)
        )
    return found
