"""The care linter on lines nobody tuning it has read (tests/lint/independent/), written by
writers who saw only the categories and never the rules, the corpus or the code; kept outside
tests/lint/corpus/ so training never reads them, and the misses are never printed, so a set stays a
fair measure until it is used for tuning (then write a new one). A line that also appears in the
corpus (or an earlier set) is left out: it is not unseen. See docs/linter.md.

- second set, ``{lang}.yaml`` (391 English, 390 Spanish lines, 2026-12-05): read four times.
- third set, ``{lang}.third.yaml`` (402 + 402 lines, 2026-12-05, six voices): read once, after
  ``--deep`` was shipped.
- fourth set, ``{lang}.fourth.yaml`` (400 + 400 lines, 2026-12-05, eight voices per language,
  the Spanish often the English idea said in Spanish): read once before the Spanish encoder, once
  after.

The first set (measured once, en 77.4 % / 1.0 %, es 69.4 % / 2.6 %) is now development data:
tests/lint/corpus/*.train-w.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.lint.rules import lint_text

FOLDER = Path(__file__).parent / "independent"
CORPUS = Path(__file__).parent / "corpus"
# measured 2026-12-05: with ~330 new phrase patterns written from the development misses and the
# model retrained: en 84.0 % caught / 2.6 % falsely flagged, es 77.0 % / 3.6 %; read again after
# session 10's rules (written from my own lines) and the retrained word models: en 83.5 % /
# 3.1 %, es 78.5 % / 3.1 %
FLOOR = {"en": (0.83, 0.035), "es": (0.78, 0.035)}
# with lint --deep: en first measured 90.4 % / 3.1 %, after session 10 90.4 % / 3.7 %; es (its
# encoder new in session 10, measured once) 92.1 % / 4.1 %
DEEP_FLOOR = {"en": (0.89, 0.04), "es": (0.92, 0.045)}
HOW = [("en", False), ("es", False)] + [(lang, True) for lang in sorted(DEEP_FLOOR)]
# the third set, measured once (2026-12-05): en 81.4 % / 5.3 %, with --deep 89.3 % / 5.8 %;
# es 76.1 % / 3.0 %; after session 10: en 80.2 % / 5.3 %, --deep 88.1 % / 5.8 %, es 75.0 % / 3.5 %,
# es --deep 90.8 % / 9.0 %
THIRD_FLOOR = {
    ("en", False): (0.80, 0.06),
    ("en", True): (0.88, 0.065),
    ("es", False): (0.74, 0.04),
    ("es", True): (0.90, 0.095),
}
# the fourth set, measured once before anything was changed for it (2026-12-05): en 73.4 % /
# 2.1 %, with --deep 79.3 % / 2.6 %; es 70.6 % / 5.2 %; after session 10 (its second reading):
# en 73.9 % / 1.6 %, --deep 79.3 % / 2.1 %, es 72.7 % / 5.2 %, es --deep 89.7 % / 9.3 %
FOURTH_FLOOR = {
    ("en", False): (0.73, 0.025),
    ("en", True): (0.79, 0.03),
    ("es", False): (0.72, 0.055),
    ("es", True): (0.89, 0.095),
}
TARGET_RECALL, TARGET_FALSE = 0.95, 0.02


SETS = ("", "third", "fourth")  # in the order they were written


def _file(lang: str, part: str) -> Path:
    return FOLDER / (f"{lang}.{part}.yaml" if part else f"{lang}.yaml")


def _measure(lang: str, deep: bool = False, part: str = "") -> tuple[float, float]:
    """(recall, false flags) on one set: ``part`` "" is the second set, "third" the third…
    Lines also in the corpus or in an earlier set are left out."""
    earlier = [*CORPUS.glob(f"{lang}.*.yaml")]
    earlier += [_file(lang, before) for before in SETS[: SETS.index(part)]]
    seen = {
        " ".join(e["text"].lower().split())
        for path in earlier
        for e in yaml.safe_load(path.read_text(encoding="utf-8"))
    }
    entries = [
        e
        for e in yaml.safe_load(_file(lang, part).read_text(encoding="utf-8"))
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
    reason="targets not met: an independent writer's lines are caught 83.5 % (en) and 78.5 % "
    "(es), false flags 3.1 % and 3.1 %; with --deep 90.4 % / 3.7 % and 92.1 % / 4.1 %; see "
    "docs/linter.md",
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


@pytest.mark.parametrize("lang, deep", sorted(FOURTH_FLOOR))
def test_the_fourth_writers_lines_do_not_fall_below_the_measurement(lang: str, deep: bool) -> None:
    recall, false = _measure(lang, deep, "fourth")
    min_recall, max_false = FOURTH_FLOOR[lang, deep]
    assert recall >= min_recall and false <= max_false, (round(recall, 3), round(false, 3))
