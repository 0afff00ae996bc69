"""Choose `lint --deep`'s threshold on writers nothing was made from.

    python scripts/calibrate_lint_encoder.py --lang es           # print the choice
    python scripts/calibrate_lint_encoder.py --lang es --write   # and ship it

The lines are ``tests/lint/calibration/LANG.yaml``: writers who saw only the category list, whose
lines no rule was written from and no model trained on. For each line: does the linter alone
flag it, and the highest logit the encoder gives a sentence ``lint --deep`` would ask it about
(the ones the rules and the word model let go). The threshold chosen is the one that makes the
linter with the encoder best by the issue's own trade: recall minus ``COST`` times false flags,
``COST`` = 2.5 because the targets allow 5 points of misses against 2 of false flags. Of thresholds
within half a point of the best (``SLACK``: about two lines, closer than the lines can tell), the
highest. (``--fold`` in train_lint_encoder.py chose on three development writers whose misses the
rules had been written on; docs/linter.md, "choosing the threshold again".) Runs with the
product's own ``deep`` extra; prints numbers only, never a line of text.

    python scripts/calibrate_lint_encoder.py --lang en --model /tmp/new   # a model not shipped
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.lint import encoder  # noqa: E402
from generator.lint.engine import rule_scan  # noqa: E402
from generator.lint.findings import dedupe  # noqa: E402
from generator.lint.model import judge  # noqa: E402

COST = 2.5  # a false flag costs as much as 2.5 misses: the targets allow 5 % misses, 2 % false
SLACK = 0.005  # half a point of that score: about two lines of 400, what one writer more could move
FOLDER = ROOT / "tests" / "lint" / "calibration"


@dataclass
class Listener:
    """Stands in for the encoder in ``judge``: records the logits of the sentences it is asked
    about and flags none, so the verdict is the linter's alone."""

    real: encoder.Encoder
    logits: list[float] = field(default_factory=list)

    def flags(self, sentences: Sequence[str]) -> list[str | None]:
        self.logits += [v.logit for v in self.real.verdicts(sentences)]
        return [None] * len(sentences)


def candidate(lang: str, folder: Path) -> encoder.Encoder:
    """An encoder the trainer wrote to ``folder`` (``--out``), not yet shipped."""
    meta = json.loads((folder / f"lint_encoder_{lang}.json").read_text("utf-8"))
    model = (folder / f"lint_encoder_{lang}.onnx").read_bytes()
    return encoder.build(
        lang, model, (folder / f"lint_encoder_{lang}.tokenizer.json").read_text("utf-8"), meta
    )


def measure(
    lang: str, real: encoder.Encoder | None = None
) -> list[tuple[bool, bool, float | None]]:
    """(risky, flagged by the linter alone, highest logit asked about) for each line."""
    real = real or encoder.load(lang)
    if real is None:
        raise SystemExit(f"no encoder for {lang}")
    rows = []
    for e in yaml.safe_load((FOLDER / f"{lang}.yaml").read_text("utf-8")):
        listener = Listener(real)
        found, cleared = rule_scan(e["text"], lang)
        plain = bool(dedupe(judge(e["text"], lang, found, cleared, listener)))  # type: ignore[arg-type]
        rows.append((e["label"] == "risky", plain, max(listener.logits, default=None)))
    return rows


def rates(rows, t: float) -> tuple[float, float]:
    """(recall, false flags) of the linter with the encoder at threshold ``t``."""
    flag = [plain or (s is not None and s >= t) for _, plain, s in rows]
    risky = [f for (r, _, _), f in zip(rows, flag, strict=True) if r]
    safe = [f for (r, _, _), f in zip(rows, flag, strict=True) if not r]
    return sum(risky) / len(risky), sum(safe) / len(safe)


def choose(rows) -> float:
    """The highest threshold whose score is within ``SLACK`` of the best: among thresholds the
    calibration lines cannot tell apart, the one that flags least."""
    candidates = sorted({round(s, 2) for _, _, s in rows if s is not None}, reverse=True)
    scores = [(t, score(rows, t)) for t in candidates]
    best = max(value for _, value in scores)
    return next(t for t, value in scores if value >= best - SLACK - 1e-12)


def score(rows, t: float) -> float:
    recall, false = rates(rows, t)
    return recall - COST * false


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lang", choices=("en", "es"), required=True)
    ap.add_argument("--write", action="store_true", help="write the threshold into the json")
    ap.add_argument("--model", type=Path, help="a folder the trainer wrote (--out) instead")
    args = ap.parse_args()
    real = candidate(args.lang, args.model) if args.model else encoder.load(args.lang)
    rows = measure(args.lang, real)
    plain = rates(rows, float("inf"))
    n_risky = sum(r for r, _, _ in rows)
    print(f"{args.lang}: {n_risky} risky and {len(rows) - n_risky} safe lines")
    print(f"  linter alone:           recall {100 * plain[0]:.1f} %, false {100 * plain[1]:.1f} %")
    chosen = choose(rows)
    for name, t in (("its own", real.threshold), ("chosen", chosen)):
        recall, false = rates(rows, t)
        print(
            f"  {name} threshold {t:5.2f}: recall {100 * recall:.1f} %, false {100 * false:.1f} %"
            f" (recall - {COST} x false: {100 * score(rows, t):.1f})"
        )
    if args.write:
        folder = args.model or ROOT / "generator" / "data"
        path = folder / f"lint_encoder_{args.lang}.json"
        meta = json.loads(path.read_text("utf-8"))
        meta["threshold"] = chosen
        meta["threshold_from"] = "scripts/calibrate_lint_encoder.py (tests/lint/calibration/)"
        path.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", "utf-8")
        print(f"  wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
