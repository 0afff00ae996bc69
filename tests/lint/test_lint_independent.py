"""The care linter on lines nobody tuning it has read (tests/lint/independent/), written by
writers who saw only the categories and never the rules, the corpus or the code; kept outside
tests/lint/corpus/ so training never reads them, and the misses are never printed, so a set stays a
fair measure until it is used for tuning (then write a new one). A line that also appears in the
corpus (or an earlier set) is left out: it is not unseen. See docs/linter.md.

- second set, ``{lang}.yaml`` (391 English, 390 Spanish lines, 2026-12-05): read four times.
- third set, ``{lang}.third.yaml`` (402 + 402 lines, 2026-12-05, six voices): read once, after
  ``--deep`` was shipped.

The first set (measured once, en 77.4 % / 1.0 %, es 69.4 % / 2.6 %) is now development data:
tests/lint/corpus/*.train-w.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.lint.rules import lint_text

FOLDER = Path(__file__).parent / "independent"
CORPUS = Path(__file__).parent / "corpus"
# measured 2026-12-05, twice: with the model retrained on the new development lines, before new
# rules: en 79.3 % caught / 2.6 % falsely flagged, es 74.9 % / 3.6 %; then with ~330 new phrase
# patterns written from the development misses and the model retrained: en 84.0 % / 2.6 %,
# es 77.0 % / 3.6 %
FLOOR = {"en": (0.83, 0.03), "es": (0.76, 0.04)}
# with lint --deep (English only): measured once, 2026-12-05 (the set's fourth reading, numbers
# only; the encoder never saw it): en 90.4 % / 3.1 %
DEEP_FLOOR = {"en": (0.89, 0.035)}
HOW = [("en", False), ("es", False)] + [(lang, True) for lang in sorted(DEEP_FLOOR)]
# the third set, measured once (2026-12-05): en 81.4 % / 5.3 %, with --deep 89.3 % / 5.8 %;
# es 76.1 % / 3.0 %
THIRD_FLOOR = {
    ("en", False): (0.80, 0.06),
    ("en", True): (0.88, 0.065),
    ("es", False): (0.75, 0.035),
}
TARGET_RECALL, TARGET_FALSE = 0.95, 0.02


def _measure(lang: str, deep: bool = False, part: str = "") -> tuple[float, float]:
    """(recall, false flags) on one set: ``part`` "" is the second set, "third" the third."""
    earlier = [*CORPUS.glob(f"{lang}.*.yaml")] + ([FOLDER / f"{lang}.yaml"] if part else [])
    seen = {
        " ".join(e["text"].lower().split())
        for path in earlier
        for e in yaml.safe_load(path.read_text(encoding="utf-8"))
    }
    name = f"{lang}.{part}.yaml" if part else f"{lang}.yaml"
    entries = [
        e
        for e in yaml.safe_load((FOLDER / name).read_text(encoding="utf-8"))
        if " ".join(e["text"].lower().split()) not in seen
    ]
    risky = [e["text"] for e in entries if e["label"] == "risky"]
    safe = [e["text"] for e in entries if e["label"] == "safe"]
    assert len(risky) >= 170 and len(safe) >= 170
    caught = sum(bool(lint_text(text, lang, deep)) for text in risky)
    flagged = sum(bool(lint_text(text, lang, deep)) for text in safe)
    return caught / len(risky), flagged / len(safe)


@pytest.mark.parametrize("lang, deep", HOW)
def test_an_independent_writers_lines_do_not_fall_below_the_measurement(
    lang: str, deep: bool
) -> None:
    recall, false = _measure(lang, deep)
    min_recall, max_false = (DEEP_FLOOR if deep else FLOOR)[lang]
    assert recall >= min_recall and false <= max_false, (round(recall, 3), round(false, 3))


@pytest.mark.xfail(
    reason="targets not met: an independent writer's lines are caught 84.0 % (en) and 77.0 % "
    "(es), false flags 2.6 % and 3.6 %; with --deep (en) 90.4 % / 3.1 %; see docs/linter.md",
    strict=False,
)
@pytest.mark.parametrize("lang, deep", HOW)
def test_an_independent_writers_lines_meet_the_targets(lang: str, deep: bool) -> None:
    recall, false = _measure(lang, deep)
    assert recall >= TARGET_RECALL and false <= TARGET_FALSE, (round(recall, 3), round(false, 3))


@pytest.mark.parametrize("lang, deep", sorted(THIRD_FLOOR))
def test_the_third_writers_lines_do_not_fall_below_the_measurement(lang: str, deep: bool) -> None:
    recall, false = _measure(lang, deep, "third")
    min_recall, max_false = THIRD_FLOOR[lang, deep]
    assert recall >= min_recall and false <= max_false, (round(recall, 3), round(false, 3))
