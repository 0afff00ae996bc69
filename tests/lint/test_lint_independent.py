"""The care linter on lines nobody tuning it has read (tests/lint/independent/), written by
writers who saw only the categories and never the rules, the corpus or the code; kept outside
tests/lint/corpus/ so training never reads them, and the misses are never printed, so a set stays a
fair measure until it is used for tuning (then write a new one). A line that also appears in the
corpus (or an earlier set) is left out: it is not unseen. See docs/linter.md.

- older adults' set, ``{lang}.elder.yaml`` (56 English and 38 Spanish lines, session 27: the
  held-back half of a helper's lines for chair groups, care homes and falls classes, split by kind;
  the development half is ``tests/lint/development/en.elder-helper.yaml`` and
  ``tests/lint/corpus/es.train-elder-helper.yaml``).
- eighteenth set, ``{lang}.eighteenth.yaml`` (400 + 400 lines, session 28, eight new voices per
  language, from a Dorchester dental hygienist and a Southend bingo caller to a Bulawayo
  headmistress; from a Pamplona ambulance technician and a Bucaramanga lab head in *usted* to a
  Chiapas marimba player in *vos*; the two languages written apart): read once, when it came.
- seventeenth set, ``{lang}.seventeenth.yaml`` (400 + 400 lines, session 26, eight new voices per
  language, from a Samoan-Kiwi youth leader in South Auckland, a Hilo ukulele teacher in Hawaiian
  Pidgin and a Kampala respiratory physiotherapist to an El Ejido greenhouse forewoman, a Cali
  recreovía instructor in *vos* and a Mazatlán tuba player in *usted*; the two languages written
  apart; each line names its voice): read once when it came, before anything was changed, then
  after session 26's retrained English word model, and once more after its Spanish "arrancar".

The ``--deep`` thresholds are chosen on ``tests/lint/calibration/`` (two more writers per
language), never on these sets. Earlier sets are development data once read four times or more
(tests/lint/corpus/): the first since session 10 (``*.train-w``), the second to fourth since
session 14 (``*.train-set2`` to ``-set4``), the fifth to seventh since session 15 (``-set5`` to
``-set7``), the eighth since session 18 (``-set8``, read six times; last reading at the end of
session 17: en 81.1 / 2.6, --deep 88.8 / 3.6, es 81.4 / 1.5, --deep 89.4 / 3.0), the ninth and
tenth since session 21 (``-set9``, ``-set10``; last readings at the end of session 20: ninth 81.4
/ 4.6, 91.5 / 4.6, 81.4 / 1.5, 91.0 / 1.5; tenth 83.6 / 4.6, 92.3 / 4.6, 85.3 / 1.5, 91.9 / 2.5),
the eleventh since session 22 (``-set11``, read five times; last reading in session 22, before
the retrain: 89.8 / 2.1, 95.7 / 3.7, 77.4 / 3.7, 89.2 / 4.8), the twelfth and thirteenth since
session 23 (``-set12``, ``-set13``, each read four times; last readings at the start of session 23,
recall / false flags, en / en --deep / es / es --deep: twelfth 83.0 / 3.0, 92.5 / 4.1, 76.5 / 4.5,
88.5 / 5.0; thirteenth 78.8 / 2.6, 88.4 / 3.6, 80.8 / 3.6, 88.9 / 6.2), the fourteenth to
sixteenth since session 26 (``-set14`` to ``-set16``, read five times or more, the sixteenth's
lines never printed; their last readings, at the end of session 25, are in each file's header).
Their last readings, 2026-12-06, at the end of session 14 (recall / false flags, en / en
--deep / es / es --deep): fifth 88.2 / 4.5, 90.8 / 5.4, 72.8 / 4.4, 80.0 / 4.4; sixth 83.2 / 4.8,
88.5 / 4.8, 79.4 / 2.5, 83.4 / 2.5; seventh 85.1 / 5.5, 89.7 / 5.5, 75.0 / 2.5, 81.0 / 3.0; and at
the end of session 13: second 83.0 / 3.7, 88.8 / 4.2, 77.7 / 2.1, 85.1 / 2.1; third 79.5 / 3.7,
89.2 / 4.3, 76.6 / 2.5, 83.2 / 2.5; fourth 73.4 / 1.1, 78.2 / 1.6, 73.2 / 3.6, 81.4 / 4.1."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.lint.rules import lint_text

FOLDER = Path(__file__).parent / "independent"
CORPUS = Path(__file__).parent / "corpus"
CALIBRATION = Path(__file__).parent / "calibration"  # chose the Spanish --deep threshold
# (recall, false flags) each set must keep, per (language, --deep): the last reading, less about a
# point of recall and plus half a point of false flags. The readings (en / en --deep / es / es --deep):
# - eighth set (session 14, eight voices per language), first reading, before anything changed:
#   en 76.4 / 2.6, --deep 85.6 / 2.6, es 76.8 / 1.5, --deep 82.3 / 1.5.
# - after session 14 (its rules, and the English word model retrained with the second to fourth
#   sets, --deep threshold 5.50): eighth 81.0 / 2.6, 88.2 / 2.6, 76.8 / 1.5, 82.3 / 1.5.
# - ninth set (session 15, eight voices per language), first reading, before anything changed:
#   en 81.2 / 4.6, --deep 87.3 / 4.6, es 76.3 / 1.5, --deep 86.4 / 2.0.
# - after session 15 (the Spanish word model and both encoders retrained with the second to
#   seventh sets, --deep thresholds 4.66 and 2.78; the English word model unchanged): eighth 81.1 /
#   2.6, 88.8 / 3.6, 81.4 / 1.5, 89.4 / 3.0; ninth 81.4 / 4.6, 91.5 / 4.6, 81.4 / 1.5, 91.0 / 1.5.
# - tenth set (session 16, eight voices per language), first reading: en 83.1 / 4.6, --deep 92.3 /
#   4.6, es 85.3 / 1.5, --deep 91.9 / 2.5 (the same after session 16's rules).
# - eleventh set (session 18, eight voices per language), first reading, before anything changed:
#   en 89.8 / 3.7, --deep 93.5 / 3.7, es 76.9 / 3.7, --deep 89.8 / 4.2.
# - twelfth set (session 20, eight voices per language, two writers who never saw each other's
#   lines), first reading, before anything changed: en 82.0 / 3.0, --deep 89.5 / 3.0, es 76.5 /
#   4.5, --deep 89.0 / 5.5.
# - thirteenth set (session 21, eight voices per language, the two languages written apart),
#   first reading, before the models were retrained: en 78.3 / 4.6, --deep 84.8 / 5.1, es 80.8 /
#   3.6, --deep 87.4 / 6.2.
# - after session 21 (the English word model and both encoders retrained with the second to tenth
#   sets, --deep thresholds 3.88 and 2.48; the Spanish word model unchanged): eleventh 89.8 / 2.1,
#   95.7 / 3.7, 77.4 / 3.7, 89.2 / 4.8; twelfth 81.0 / 3.0, 92.0 / 4.1, 76.5 / 4.5, 88.5 / 5.0;
#   thirteenth 78.3 / 2.6, 88.4 / 3.6, 80.8 / 3.6, 88.9 / 6.2.
# - fourteenth set (session 22, eight voices per language, the two languages written apart), first
#   reading, before anything changed: en 86.7 / 2.1, --deep 93.3 / 4.1, es 80.5 / 3.6, --deep 90.3
#   / 3.6.
# - after session 22's rules (memory-recall, "till" as "until", a school counsellor's missed lines;
#   no model retrained): eleventh unchanged; twelfth 83.0 / 3.0, 92.5 / 4.1, 76.5 / 4.5, 88.5 /
#   5.0; thirteenth 78.8 / 2.6, 88.4 / 3.6, 80.8 / 3.6, 88.9 / 6.2; fourteenth 87.2 / 2.1, 93.8 /
#   4.1, 80.5 / 3.6, 90.3 / 3.6.
# - fifteenth set (session 23, eight voices per language, the two languages written apart), first
#   reading, before anything changed: en 81.5 / 4.2, --deep 91.0 / 6.3, es 81.0 / 2.5, --deep 87.5
#   / 4.5.
# - after session 23 (the twelfth and thirteenth sets became development data; dialect spellings
#   read as the words they spell; Spanish orders to usted, ustedes, vosotros and vos read as tú
#   orders, and usted's softeners and negative orders; rules from the two sets' misses and a
#   Bogotá therapist's usted lines; no model retrained): fourteenth 87.2 / 2.1, 93.8 / 4.1, 85.1
#   / 3.6, 91.8 / 3.6; fifteenth 81.0 / 4.2, 91.0 / 6.3, 82.0 / 2.5, 87.5 / 4.5.
# - sixteenth set (session 25), first reading, before anything changed: en 66.0 / 3.6, --deep
#   81.7 / 6.7, es 81.8 / 1.0, --deep 91.4 / 1.5; English's dialect voices lowest (Doric 3 of 23
#   risky lines caught, patois 13 of 24, Lancashire 12 of 19; the standard voices 81-96 %).
# - after session 25's dialect spellings (generator/lint/spellings.py): fourteenth unchanged;
#   fifteenth 81.5 / 4.2, --deep 91.5 / 6.3; sixteenth en 67.0 / 3.6, --deep 80.6 / 6.7 (Spanish
#   unchanged).
# - seventeenth set (session 26), first reading, before anything changed: en 79.0 / 6.0, --deep
#   92.5 / 9.5, es 80.0 / 5.5, --deep 90.0 / 8.0.
# - after session 26 (the English word model retrained with the dialect lines and the fourteenth
#   to sixteenth sets, none from this set; an endorsed quotation keeps a rule's finding; the
#   Spanish retrain not shipped): en 82.0 / 5.0, --deep 93.5 / 9.5; es unchanged; then Spanish
#   "arrancar" read as forcing only with a body part (from the development sets): es 80.0 / 5.0,
#   --deep 90.0 / 7.5.
# - the fourteenth to sixteenth sets' floors went with them into the corpus (session 26).
# - after session 27 (each sentence of a short text scored alone too; older adults' rules; both
#   word models retrained; --deep thresholds chosen again on the calibration writers, 4.34 and
#   2.54): en 82.5 / 5.0, --deep 91.5 / 7.5; es 82.0 / 6.0, --deep 90.0 / 8.5.
# - older adults' set, ``{lang}.elder.yaml`` (session 27: the held-back half of a helper's lines
#   for chair groups, care homes and falls classes; the other half is development data): before
#   anything changed, en 64.3 / 3.6, --deep 89.3 / 3.6, es 50.0 / 0.0, --deep 65.0 / 0.0; after
#   session 27, en 71.4 / 3.6, --deep 89.3 / 3.6, es 60.0 / 5.6, --deep 65.0 / 5.6 (28 + 28
#   English lines, 20 + 18 Spanish: one line is 3.6 and 5.0 points).
# - eighteenth set, ``{lang}.eighteenth.yaml`` (session 28, eight new voices per language, the two
#   languages written apart), first reading, before anything changed: en 91.0 / 4.0, --deep 96.0 /
#   6.5, es 84.0 / 7.0, --deep 86.5 / 7.5.
FLOORS = {
    "seventeenth": {
        ("en", False): (0.82, 0.05),
        ("en", True): (0.91, 0.08),
        ("es", False): (0.81, 0.065),
        ("es", True): (0.89, 0.09),
    },
    "elder": {
        ("en", False): (0.70, 0.04),
        ("en", True): (0.89, 0.04),
        ("es", False): (0.60, 0.06),
        ("es", True): (0.65, 0.06),
    },
    "eighteenth": {
        ("en", False): (0.90, 0.045),
        ("en", True): (0.95, 0.07),
        ("es", False): (0.83, 0.075),
        ("es", True): (0.855, 0.08),
    },
}
TARGET_RECALL, TARGET_FALSE = 0.95, 0.02
MIN_LINES = {
    "seventeenth": 170,
    "elder": 15,
    "eighteenth": 180,
}  # risky and safe lines each, after leaving out seen ones


SETS = tuple(FLOORS)  # in the order they were written


def _file(lang: str, part: str) -> Path:
    return FOLDER / f"{lang}.{part}.yaml"


def _measure(lang: str, deep: bool = False, part: str = "seventeenth") -> tuple[float, float]:
    """(recall, false flags) on one set: ``part`` one of ``SETS``.
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
    assert len(risky) >= MIN_LINES[part] and len(safe) >= MIN_LINES[part]
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
    reason="targets not met: on the eighteenth set, 91.0 % (en) and 84.0 % (es) caught plainly, "
    "false flags 4.0 % and 7.0 %; with --deep 96.0 % / 6.5 % and 86.5 % / 7.5 %; see docs/linter.md",
    strict=False,
)
@pytest.mark.parametrize("part, lang, deep", WAYS)
def test_independent_writers_lines_meet_the_targets(part: str, lang: str, deep: bool) -> None:
    recall, false = _measure(lang, deep, part)
    assert recall >= TARGET_RECALL and false <= TARGET_FALSE, (round(recall, 3), round(false, 3))
