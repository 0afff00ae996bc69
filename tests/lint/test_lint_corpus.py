"""The care linter measured on the labelled corpus (tests/lint/corpus/, see docs/linter.md).

The held-out half is read only here and by ``scripts/lint_eval.py --heldout``; it was never used
to write or tune a rule, the word fields or the model. A risky line is caught when the linter
reports anything in it; a safe line is falsely flagged when it gets any finding (error or
warning)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.care.data import LANGUAGES
from generator.lint import encoder, model
from generator.lint.rules import lint_text

CORPUS = Path(__file__).parent / "corpus"
TARGET_RECALL = 0.95
TARGET_FALSE = 0.02
# held-out figures (heldout + heldout2) when last measured (docs/linter.md), 2026-12-05:
# en 79.0 % / 1.9 %, es 74.9 % / 1.8 %; after session 10: en 79.8 % / 2.1 %, es 75.2 % / 1.5 %
# Session 14 (the English word model retrained with the second to fourth independent sets, now
# development data): plain en 82.4 % / 2.1 %, --deep en 86.2 % / 2.4 % (threshold 5.50)
# Session 26 (the English word model retrained with the dialect lines and the fourteenth to
# sixteenth sets; a quotation the text endorses no longer lets the model overrule a rule): en
# 82.7 % / 0.8 %, --deep 91.8 % / 1.9 %; Spanish unchanged (its retrain was worse on the
# calibration writers: 83.8 / 5.4 against 82.1 / 4.4; not shipped)
# Session 27 (each sentence of a short text scored alone too; older adults' rules; both word
# models retrained, the English one without the helper's older-adults lines, which made it worse):
# en 83.0 % / 0.8 %, es 80.5 % / 1.5 %; --deep en 90.7 % / 1.1 % (threshold 4.34, chosen again on
# the calibration writers: 3.88 before, 91.8 % / 1.9 %), es 85.9 % / 2.0 % (2.54)
HELD_OUT_FLOOR = {"en": (0.825, 0.01), "es": (0.80, 0.017)}
# with the fine-tuned encoder's second opinion (lint --deep), where one is shipped: measured
# 2026-12-05: en 85.6 % / 2.1 %; after session 10: en 86.2 % / 2.4 %; es (its encoder new in
# session 10) 86.4 % / 2.8 %, and with its threshold chosen on the calibration writers (session 11,
# scripts/calibrate_lint_encoder.py) 81.9 % / 2.0 %; after session 11 retrained the word models and
# both encoders with six more writers: plain en 79.5 % / 2.4 %, es 75.2 % / 1.5 %; --deep en
# 83.8 % / 2.7 %, es 82.1 % / 1.8 %. Session 13 (the encoders' sums made exact, the same on every
# CPU, and their thresholds chosen again on the calibration writers, 5.49 and 3.30): plain en
# 79.8 % / 2.4 %, es 75.5 % / 1.5 %; --deep en 84.8 % / 2.7 %, es 80.3 % / 1.5 %
# Session 15 (the Spanish word model and both encoders retrained with the second to seventh sets,
# thresholds 4.66 and 2.78): plain es 77.1 % / 1.5 %, --deep en 87.8 % / 2.4 %, es 83.7 % / 1.8 %
# Session 16 (text read as heard: [pause] markers and double spaces as breaks): es 77.3 % / 1.5 %,
# --deep 84.0 % / 1.8 % (one line more each); English unchanged. Session 21 (the English word
# model and both encoders retrained with the second to tenth sets, thresholds 3.88 and 2.48):
# plain en 81.4 % / 1.6 %, --deep en 91.2 % / 2.7 %, es 84.3 % / 2.0 %
DEEP_HELD_OUT_FLOOR = {"en": (0.90, 0.015), "es": (0.855, 0.022)}
# each language plainly, and with --deep where an encoder is shipped
HOW = [(lang, False) for lang in LANGUAGES] + [
    (lang, True) for lang in LANGUAGES if encoder.has_model(lang)
]
# the development lines, in sample: the model is regularised and may overrule a rule where the
# sentence contests it, so not every training line is caught (en 96.2 % / 1.0 %, es 93.7 % / 1.3 %;
# with session 11's six writers, whose lines no rule was written from: 93.2 % / 1.0 %, 90.8 % / 1.4 %;
# session 14 added the second to fourth independent sets: en 94.3 % / 0.7 % (its model retrained
# with them), es 88.5 % / 1.6 % (its model not: the retrain was no better on the calibration writers);
# session 15 added the fifth to seventh: en 93.1 % / 1.3 % (its model not retrained: no better on the
# calibration writers), es 89.3 % / 1.4 % (retrained with them, and shipped); sessions 18 and 21 added the
# eighth to tenth: en 92.2 % / 1.0 % (retrained with them, and shipped), es 88.6 % / 1.5 % (its
# retrain was worse on the calibration writers, not shipped); session 22 added the eleventh: en
# 92.3 % / 1.1 %, es 88.3 % / 1.6 % (both retrains worse on the calibration writers, not shipped)
# with the twelfth and thirteenth sets as development data and their rules (session 23): en
# 92.2 % / 1.1 %, es 89.3 % / 1.6 %
# (English's development lines gained 460 in dialect in session 25, read at 71.5 / 4.5)
# session 26 added the fourteenth to sixteenth sets: en 91.4 % / 1.1 % (retrained with them and
# the dialect lines, shipped), es 88.8 % / 1.7 % (its retrain worse on the calibration writers)
# session 27 added the older adults' lines (the English helper's half kept out: it made the model
# worse): en 91.6 % / 1.2 %, es 92.2 % / 1.5 % (both retrained and shipped)
DEV_FLOOR = {"en": (0.91, 0.014), "es": (0.915, 0.017)}
CATEGORIES = {
    "command",
    "eyes-closed-order",
    "healing-claim",
    "forced-outcome",
    "pain",
    "force",
    "breath-risk",
    "body-judgement",
    "surrender-voice",
    "touch",
    "sexual",
    "appearance",
    "urgency",
    "general",
}
FORMS = {"blunt", "softened", "reworded", "negated", "quoted", "long"}


def _entries(lang: str, half: str) -> list[dict]:
    """``half`` "heldout": every held-out file (heldout, heldout2); "dev": every other file."""
    entries: list[dict] = []
    for path in sorted(CORPUS.glob(f"{lang}.*.yaml")):
        if path.name.split(".")[1].startswith("heldout") == (half == "heldout"):
            entries += yaml.safe_load(path.read_text("utf-8"))
    return entries


def _measure(entries: list[dict], lang: str, deep: bool = False) -> tuple[float, float]:
    risky = [e for e in entries if e["label"] == "risky"]
    safe = [e for e in entries if e["label"] == "safe"]
    caught = sum(bool(lint_text(e["text"], lang, deep)) for e in risky)
    flagged = sum(bool(lint_text(e["text"], lang, deep)) for e in safe)
    return round(caught / len(risky), 4), round(flagged / len(safe), 4)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_corpus_files_are_well_formed_and_the_halves_do_not_overlap(lang: str) -> None:
    """(Messages give positions and counts only: held-out lines are never printed.)"""
    held_out = _entries(lang, "heldout")
    development = _entries(lang, "dev")
    for i, entry in enumerate(held_out + development):
        where = f"held-out #{i}" if i < len(held_out) else entry
        assert set(entry) == {"text", "label", "category", "form"}, where
        assert entry["label"] in ("risky", "safe") and entry["text"].strip(), where
        assert entry["category"] in CATEGORIES and entry["form"] in FORMS, where
    assert len(held_out) >= 300
    shared = {e["text"].strip().lower() for e in held_out} & {
        e["text"].strip().lower() for e in development
    }
    assert len(shared) == 0, f"{len(shared)} development lines also in the held-out half"


@pytest.mark.xfail(
    reason="targets not met yet: held-out recall 82.7 % (en) and 77.9 % (es), false flags "
    "0.8 % and 1.5 %; with --deep 91.8 % / 1.9 % and 84.0 % / 2.0 %; see docs/linter.md for "
    "what is missed and what comes next",
    strict=False,
)
@pytest.mark.parametrize("lang, deep", HOW)
def test_held_out_half_meets_the_targets(lang: str, deep: bool) -> None:
    recall, false = _measure(_entries(lang, "heldout"), lang, deep)
    assert recall >= TARGET_RECALL and false <= TARGET_FALSE, (recall, false)


@pytest.mark.parametrize("lang, deep", HOW)
def test_held_out_half_does_not_fall_below_the_last_measurement(lang: str, deep: bool) -> None:
    """(The encoder of --deep was trained on the development lines only.)"""
    recall, false = _measure(_entries(lang, "heldout"), lang, deep)
    min_recall, max_false = (DEEP_HELD_OUT_FLOOR if deep else HELD_OUT_FLOOR)[lang]
    assert recall >= min_recall and false <= max_false, (recall, false)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_development_lines_stay_caught(lang: str) -> None:
    """The lines the rules and model were written on: a regression guard, not a measure."""
    recall, false = _measure(_entries(lang, "dev"), lang)
    min_recall, max_false = DEV_FLOOR[lang]
    assert recall >= min_recall and false <= max_false, (recall, false)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shipped_model_loads_and_only_adds_warnings(lang: str) -> None:
    shipped = model.load(lang)
    assert shipped is not None and shipped.weights and shipped.threshold > 0
    risky = "Perhaps picture a storage unit of old feelings you can finally empty out."
    for finding in model.model_findings(risky, lang):
        assert finding.level == "warning" and finding.phrase == risky[finding.start : finding.end]
    assert model.model_findings("Too short to judge.", lang) == []


def test_a_negation_in_another_sentence_does_not_let_the_model_overrule_a_rule() -> None:
    """The model judges a short text whole; it may overrule a rule where a negation sits in the
    rule's own sentence, or where a correction follows, but not because an earlier sentence
    denies something else."""
    other = "You don't need to decide anything. I'll do the deciding for you."
    assert model.vetoable(other, "en", [(35, 55)]) is False
    assert [f.rule_id for f in lint_text(other, "en")] == ["surrender-voice"]
    same = "You don't need me to say it: I'll do the deciding for you."
    assert model.vetoable(same, "en", [(29, 49)]) is True
    myth = "Some teachers say hips store trauma. That doesn't hold up."
    assert model.vetoable(myth, "en", [(18, 35)]) is True


@pytest.mark.parametrize(
    ("lang", "endorsed", "set_aside", "words"),
    [
        (
            "en",
            'I always say "good girl," and I mean it kindly.',
            'Some teachers say "good girl"; you won\'t hear that here.',
            "good girl",
        ),
        (
            "es",
            'Siempre digo "buena chica", y lo digo con cariño.',
            'Hay profes que dicen "buena chica"; aquí no lo vas a oír.',
            "buena chica",
        ),
    ],
)
def test_a_quotation_the_narrator_endorses_does_not_let_the_model_overrule_a_rule(
    lang: str, endorsed: str, set_aside: str, words: str
) -> None:
    """A quotation may make a rule's words safe (a myth brought up to be set aside), so the model
    may overrule a rule there; not where the narrator says it is their own or agrees with it (a
    retrained model passed "I always say "good girl," and I mean it kindly.")."""

    def where(text: str) -> list[tuple[int, int]]:
        start = text.lower().index(words)
        return [(start, start + len(words))]

    assert model.vetoable(endorsed, lang, where(endorsed)) is False
    assert model.vetoable(set_aside, lang, where(set_aside)) is True
