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
  after; again after session 11 changed the Spanish ``--deep`` threshold.
- fifth set, ``{lang}.fifth.yaml`` (400 + 400 lines, session 11, eight voices per language, the
  Spanish written as Spaniards and Latin Americans talk): read once before the Spanish threshold
  changed, once after (Spanish ``--deep`` only).
- sixth set, ``{lang}.sixth.yaml`` (400 + 400 lines, session 12, eight new voices per language,
  the Spanish half from Spain, half Latin American): read once when it came, before anything
  was changed, and once after session 12's rule changes (the same figures).
- seventh set, ``{lang}.seventh.yaml`` (400 + 400 lines, session 13, eight new voices per
  language): read once when it came, before anything was changed, then twice after (numbers
  only): when the encoders were made exact and at the end of the session.

Session 11's Spanish ``--deep`` threshold was chosen on ``tests/lint/calibration/`` (two more
writers per language), never on these sets. The first set (measured once, en 77.4 % / 1.0 %, es
69.4 % / 2.6 %) is now development data: tests/lint/corpus/*.train-w.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.lint.rules import lint_text

FOLDER = Path(__file__).parent / "independent"
CORPUS = Path(__file__).parent / "corpus"
CALIBRATION = Path(__file__).parent / "calibration"  # chose the Spanish --deep threshold
# (recall, false flags) each set must keep, per (language, --deep): the last reading, less about a
# point of recall and plus half a point of false flags. The readings, all 2026-12-05:
# - second set: first en 84.0 % / 2.6 %, es 77.0 % / 3.6 %; after session 10 en 83.5 / 3.1, --deep
#   90.4 / 3.7, es 78.5 / 3.1; es --deep 92.1 / 4.1 (its encoder new), 85.6 / 3.1 (its threshold
#   chosen on the calibration writers, session 11).
# - third set: read once, en 81.4 / 5.3, --deep 89.3 / 5.8, es 76.1 / 3.0; after session 10 en
#   80.2 / 5.3, --deep 88.1 / 5.8, es 75.0 / 3.5, es --deep 90.8 / 9.0; session 11: 82.1 / 5.5.
# - fourth set: read before session 10 changed anything, en 73.4 / 2.1, --deep 79.3 / 2.6, es 70.6
#   / 5.2; after: en 73.9 / 1.6, --deep 79.3 / 2.1, es 72.7 / 5.2, es --deep 89.7 / 9.3; session
#   11: 83.5 / 7.3.
# - fifth set (session 11, eight voices per language): before the Spanish threshold changed, en
#   83.6 / 5.4, --deep 87.7 / 5.9, es 76.4 / 5.9, --deep 89.7 / 9.3; after, es --deep 85.1 / 5.9.
# - every set after session 11 retrained the word models and both encoders with six more writers
#   (en / en --deep / es / es --deep): second 83.0 / 3.7, 88.8 / 4.2, 77.7 / 2.1, 87.8 / 2.1;
#   third 79.0 / 5.3, 88.1 / 5.3, 76.6 / 2.5, 85.9 / 3.5; fourth 73.4 / 1.1, 77.1 / 1.6, 73.2 /
#   3.6, 84.5 / 5.2; fifth 84.1 / 5.0, 88.2 / 5.9, 72.8 / 4.4, 82.1 / 5.4.
# - sixth set (session 12), first reading: en 80.6 / 3.2, --deep 85.9 / 3.2, es 79.3 / 2.5,
#   --deep 86.4 / 2.5; the same after session 12's rules (which added one catch on the fifth set
#   in English, 84.6 / 5.0 and --deep 88.7 / 5.9).
# - seventh set (session 13, eight voices per language), first reading, before anything changed:
#   en 82.5 / 4.5, --deep 89.7 / 4.5, es 75.0 / 2.5, --deep 85.0 / 3.5 (the encoders as shipped,
#   on this machine's exact int8 sums).
# - every set after session 13: the encoders' sums made the same on every CPU and both --deep
#   thresholds chosen again on the calibration writers (5.26 -> 5.49, 3.01 -> 3.30; the figures
#   above were measured on a machine whose int8 sums saturated), and session 13's rules
#   (en / en --deep / es / es --deep): second 83.0 / 3.7, 88.8 / 4.2, 77.7 / 2.1, 85.1 / 2.1;
#   third 79.5 / 3.7, 89.2 / 4.3, 76.6 / 2.5, 83.2 / 2.5; fourth 73.4 / 1.1, 78.2 / 1.6, 73.2 /
#   3.6, 81.4 / 4.1; fifth 84.6 / 5.0, 89.2 / 5.9, 72.8 / 4.4, 80.0 / 4.4; sixth 80.6 / 3.2,
#   87.4 / 3.2, 79.3 / 2.5, 83.3 / 2.5; seventh 82.5 / 3.5, 88.1 / 3.5, 75.0 / 2.5, 81.0 / 3.0.
FLOORS = {
    "": {
        ("en", False): (0.82, 0.04),
        ("en", True): (0.88, 0.045),
        ("es", False): (0.77, 0.03),
        ("es", True): (0.84, 0.03),
    },
    "third": {
        ("en", False): (0.785, 0.042),
        ("en", True): (0.88, 0.048),
        ("es", False): (0.75, 0.03),
        ("es", True): (0.82, 0.03),
    },
    "fourth": {
        ("en", False): (0.72, 0.02),
        ("en", True): (0.77, 0.021),
        ("es", False): (0.72, 0.045),
        ("es", True): (0.8, 0.046),
    },
    "fifth": {
        ("en", False): (0.83, 0.055),
        ("en", True): (0.88, 0.064),
        ("es", False): (0.72, 0.05),
        ("es", True): (0.79, 0.049),
    },
    "sixth": {
        ("en", False): (0.79, 0.037),
        ("en", True): (0.86, 0.037),
        ("es", False): (0.78, 0.03),
        ("es", True): (0.82, 0.03),
    },
    "seventh": {
        ("en", False): (0.815, 0.04),
        ("en", True): (0.87, 0.04),
        ("es", False): (0.74, 0.03),
        ("es", True): (0.8, 0.035),
    },
}
TARGET_RECALL, TARGET_FALSE = 0.95, 0.02


SETS = tuple(FLOORS)  # in the order they were written


def _file(lang: str, part: str) -> Path:
    return FOLDER / (f"{lang}.{part}.yaml" if part else f"{lang}.yaml")


def _measure(lang: str, deep: bool = False, part: str = "") -> tuple[float, float]:
    """(recall, false flags) on one set: ``part`` "" is the second set, "third" the third…
    Lines also in the corpus or in an earlier set are left out."""
    earlier = [*CORPUS.glob(f"{lang}.*.yaml"), CALIBRATION / f"{lang}.yaml"]
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


WAYS = [(part, lang, deep) for part, floors in FLOORS.items() for lang, deep in sorted(floors)]


@pytest.mark.parametrize("part, lang, deep", WAYS)
def test_independent_writers_lines_do_not_fall_below_the_measurement(
    part: str, lang: str, deep: bool
) -> None:
    recall, false = _measure(lang, deep, part)
    min_recall, max_false = FLOORS[part][lang, deep]
    assert recall >= min_recall and false <= max_false, (round(recall, 3), round(false, 3))


@pytest.mark.xfail(
    reason="targets not met: on the six independent sets, 73-85 % caught plainly (en) and 73-79 % "
    "(es), false flags 1.1-5.0 % and 2.1-4.4 %; with --deep 78-89 % / 1.6-5.9 % and 80-85 % / "
    "2.1-4.4 %; see docs/linter.md",
    strict=False,
)
@pytest.mark.parametrize("part, lang, deep", WAYS)
def test_independent_writers_lines_meet_the_targets(part: str, lang: str, deep: bool) -> None:
    recall, false = _measure(lang, deep, part)
    assert recall >= TARGET_RECALL and false <= TARGET_FALSE, (round(recall, 3), round(false, 3))
