#!/usr/bin/env python3
"""Measure the care linter on the labelled corpus (tests/lint/corpus/*.yaml).

    .venv/bin/python scripts/lint_eval.py                      # every *.dev.yaml, per category
    .venv/bin/python scripts/lint_eval.py --heldout            # the held-out half: numbers only
    .venv/bin/python scripts/lint_eval.py --show tests/lint/corpus/en.dev.yaml   # and the misses

A risky line counts as caught when the linter reports any finding in it; a safe line counts as
falsely flagged when it gets any finding (error or warning). Per category: recall on risky lines,
the false-flag rate on safe lines, and precision (caught risky / every flagged line of that
category). The held-out files are only ever summarised: ``--show`` refuses them, so their lines
stay unseen and the next measurement stays fair.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.lint.engine import rule_findings  # noqa: E402
from generator.lint.rules import lint_text  # noqa: E402

CORPUS = ROOT / "tests" / "lint" / "corpus"


def load(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text("utf-8"))


def _pct(num: int, den: int) -> str:
    return f"{100 * num / den:5.1f}" if den else "    -"


def evaluate(path: Path, show: bool, lint=lint_text) -> dict[str, list[int]]:
    """Print the per-category table for one file; return totals {key: [tp, risky, fp, safe]}."""
    lang = path.name.split(".")[0]
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    misses: list[str] = []
    for entry in load(path):
        flagged = bool(lint(entry["text"], lang))
        risky = entry["label"] == "risky"
        for key in (entry["category"], "form:" + entry["form"], "ALL"):
            row = rows[key]
            if risky:
                row[0] += flagged
                row[1] += 1
            else:
                row[2] += flagged
                row[3] += 1
        if show and flagged != risky:
            what = "MISSED" if risky else "FALSE "
            misses.append(f"  {what} [{entry['category']}/{entry['form']}] {entry['text']}")
    print(f"\n{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    print(f"  {'category':<20} {'recall':>7} {'(n)':>7} {'false':>7} {'(n)':>7} {'prec':>6}")
    for key in sorted(rows, key=lambda k: (k == "ALL", k.startswith("form:"), k)):
        tp, n_risky, fp, n_safe = rows[key]
        prec = _pct(tp, tp + fp)
        print(
            f"  {key:<20} {_pct(tp, n_risky):>7} {f'{tp}/{n_risky}':>7} "
            f"{_pct(fp, n_safe):>7} {f'{fp}/{n_safe}':>7} {prec:>6}"
        )
    for line in misses:
        print(line)
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--heldout", action="store_true", help="the held-out half (numbers only)")
    ap.add_argument("--show", action="store_true", help="list missed and falsely flagged lines")
    ap.add_argument(
        "--rules-only", action="store_true", help="the phrase rules alone, without the model"
    )
    ap.add_argument(
        "--deep", action="store_true", help="with the encoder's second opinion (lint --deep)"
    )
    args = ap.parse_args()
    files = args.files or sorted(CORPUS.glob("*.heldout*.yaml" if args.heldout else "*.dev.yaml"))
    for path in files:
        path = path.resolve()
        if args.show and "heldout" in path.name:
            ap.error("--show lists lines; the held-out files are only ever summarised")
        if args.rules_only:
            lint = rule_findings
        elif args.deep:
            lint = functools.partial(lint_text, deep=True)
        else:
            lint = lint_text
        evaluate(path, args.show, lint)
    return 0


if __name__ == "__main__":
    sys.exit(main())
