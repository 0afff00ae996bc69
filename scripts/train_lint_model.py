#!/usr/bin/env python3
"""Train the care linter's model (generator/lint/model.py) from the labelled corpus.

    .venv/bin/python scripts/train_lint_model.py            # writes generator/data/lint_model_{en,es}.yaml
    .venv/bin/python scripts/train_lint_model.py --cv       # cross-writer figures only, writes nothing

Per language: logistic regression with L2 over the hashed features of generator/lint/features.py,
classes weighted equally and every writer's file weighted equally, trained on every labelled file
of tests/lint/corpus/ except the held-out sets (``*.heldout*.yaml``, never read here), plus the
built-in phrases and shipped sessions as safe lines (``library``).

The thresholds come from cross-validation across writers: the model is trained on all files but
one and scores that one, for every file. A line is flagged when a phrase rule matches it and the
model's score is at least ``rule_threshold`` or the model may not overrule it there
(``model.vetoable``), or when the score is at least ``threshold`` (the model alone). The pair is
the one with the highest recall whose false flags stay at or under --max-false on the files whose
writers the rules were never written against (``train-*``: see docs/linter.md), pooled.

Deterministic: L-BFGS from zeros, fixed folds; the same corpus gives byte-identical files. Training
needs numpy and scipy only; linting reads the weights with plain Python.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
import zlib
from pathlib import Path

import numpy as np
import yaml
from scipy import sparse
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.lint import features as feats  # noqa: E402
from generator.lint.engine import rule_scan  # noqa: E402
from generator.lint.model import (  # noqa: E402
    MIN_WORDS,
    MODEL_FILE,
    SCALE,
    rule_marks,
    spans,
    vetoable,
)

CORPUS = ROOT / "tests" / "lint" / "corpus"
DATA = ROOT / "generator" / "data"
HELD_BACK = "heldout"  # the held-out sets (heldout, heldout2): never read by this script
# files whose lines the phrase rules were written against: their rule figures are not honest
RULES_SEEN = ("dev", "extra", "library")
SESSIONS = ROOT / "sessions"


def library(lang: str) -> list[dict]:
    """Every built-in phrase and shipped session text of ``lang``, as safe lines: the linter must
    pass them, and they are the register real scripts are written in. Long texts are cut as the
    model cuts them when linting."""
    from generator.care.breathing import all_patterns, cue_words  # noqa: PLC0415
    from generator.care.phrases import all_texts  # noqa: PLC0415
    from generator.care.poses import all_poses  # noqa: PLC0415
    from generator.plan.checkins import choose_check_ins  # noqa: PLC0415

    texts = list(all_texts(lang)) + cue_words(lang)
    for pose in all_poses():
        texts += [pose.title(lang), *pose.entry(lang), *pose.exit(lang), *pose.options(lang)]
        texts += [*pose.switch(lang, "left"), *pose.switch(lang, "right"), pose.caution(lang) or ""]
    for pattern in all_patterns():
        texts += [pattern.intro(lang), pattern.caution(lang) or "", pattern.skip_holds(lang) or ""]
    texts += [c.text for c in choose_check_ins(100, lang, seed=3)]

    def strings(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [t for v in node.values() for t in strings(v)]
        if isinstance(node, list):
            return [t for v in node for t in strings(v)]
        return []

    for path in sorted(SESSIONS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if data.get("language", "en") == lang:
            texts += strings(data)
    pieces = {t[a:b] for t in texts if t for a, b in spans(t)}
    return [
        {"text": t, "label": "safe", "category": "general", "form": "blunt", "file": "library"}
        for t in sorted(pieces)
        if len(t.split()) >= MIN_WORDS
    ]


def corpus(lang: str) -> list[dict]:
    """Every labelled line of ``lang`` but the held-back set, each with its file (= writer)."""
    entries: list[dict] = []
    for path in sorted(CORPUS.glob(f"{lang}.*.yaml")):
        part = path.name.split(".")[1]
        if part.startswith(HELD_BACK):
            continue
        for entry in yaml.safe_load(path.read_text("utf-8")):
            entries.append({**entry, "file": part})
    return entries + library(lang)


def matrix(rows: list[dict[int, float]]) -> sparse.csr_matrix:
    data, ri, ci = [], [], []
    for i, row in enumerate(rows):
        for h, v in row.items():
            ri.append(i)
            ci.append(h)
            data.append(v)
    return sparse.csr_matrix((data, (ri, ci)), shape=(len(rows), feats.BUCKETS))


def fit(
    x: sparse.csr_matrix, y: np.ndarray, files: np.ndarray, l2: float
) -> tuple[np.ndarray, float]:
    """Logistic regression, each (file, class) pair weighted equally; returns (weights, bias)."""
    n, d = x.shape
    sw = np.zeros(n)
    groups = sorted({(f, c) for f, c in zip(files, y, strict=True)})
    for f, c in groups:
        m = (files == f) & (y == c)
        sw[m] = n / (len(groups) * m.sum())
    used = np.unique(x.indices)
    xs = x[:, used]

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-1], theta[-1]
        z = xs @ w + b
        p = 1 / (1 + np.exp(-z))
        ll = sw * (np.logaddexp(0, z) - y * z)
        g = sw * (p - y)
        grad = np.concatenate([xs.T @ g + l2 * w, [g.sum()]])
        return ll.sum() + 0.5 * l2 * w @ w, grad

    res = minimize(
        loss, np.zeros(len(used) + 1), jac=True, method="L-BFGS-B", options={"maxiter": 1000}
    )
    w = np.zeros(d)
    w[used] = res.x[:-1]
    return w, float(res.x[-1])


def quantize(w: np.ndarray) -> np.ndarray:
    return np.clip(np.round(w * SCALE), -32767, 32767).astype("<i2")


def flagged(
    score: np.ndarray,
    ruled: np.ndarray,
    words: np.ndarray,
    veto: np.ndarray,
    t_rule: float,
    t_model: float,
) -> np.ndarray:
    """Which lines the linter flags, as ``generator.lint.model.judge`` decides."""
    alone = (score >= t_model) & (words >= MIN_WORDS)
    return alone | (ruled & ((score >= t_rule) | ~veto))


def choose(
    y: np.ndarray,
    score: np.ndarray,
    ruled: np.ndarray,
    words: np.ndarray,
    veto: np.ndarray,
    max_false: float,
) -> tuple[float, float]:
    """(rule_threshold, threshold) with the most recall at false flags <= max_false."""
    grid = np.unique(np.round(score, 3))
    safe, risky = y == 0, y == 1
    best = (-1.0, 0.0, 0.0, 0.0)
    for t_model in grid[::-1]:
        alone = flagged(score, ruled, words, veto, np.inf, t_model)
        if alone[safe].mean() > max_false:
            break
        for t_rule in grid[grid <= t_model]:
            hit = flagged(score, ruled, words, veto, t_rule, t_model)
            if hit[safe].mean() <= max_false:
                rec = hit[risky].mean()
                key = (rec, -hit[safe].mean(), t_rule, t_model)
                if key > best:
                    best = key
                break
    return float(best[2]), float(best[3])


def _mean(a: np.ndarray) -> float:
    return float(a.mean()) if a.size else 0.0


def report(name: str, y: np.ndarray, hit: np.ndarray) -> str:
    return (
        f"{name:<10} recall {100 * _mean(hit[y == 1]):5.1f}  false {100 * _mean(hit[y == 0]):4.1f}"
        f"  ({hit[y == 1].sum()}/{(y == 1).sum()}, {hit[y == 0].sum()}/{(y == 0).sum()})"
    )


def train(lang: str, l2: float, max_false: float, verbose: bool, marks_on: bool) -> dict:
    entries = corpus(lang)
    scans = [rule_scan(e["text"], lang) for e in entries]
    marks = [rule_marks(found, cleared) if marks_on else () for found, cleared in scans]
    x = matrix([feats.features(e["text"], lang, m) for e, m in zip(entries, marks, strict=True)])
    y = np.array([e["label"] == "risky" for e in entries], dtype=float)
    files = np.array([e["file"] for e in entries])
    ruled = np.array([bool(found) for found, _ in scans])
    words = np.array([len(e["text"].split()) for e in entries])
    veto = np.array(
        [
            vetoable(e["text"], lang, [(f.start, f.end) for f in found])
            for e, (found, _) in zip(entries, scans, strict=True)
        ]
    )
    oof = np.zeros(len(entries))
    for part in sorted(set(files)):
        test = files == part
        w, b = fit(x[~test], y[~test], files[~test], l2)
        oof[test] = x[test] @ (quantize(w) / SCALE) + b
    honest = ~np.isin(files, RULES_SEEN)
    t_rule, t_model = choose(
        y[honest], oof[honest], ruled[honest], words[honest], veto[honest], max_false
    )
    hit = flagged(oof, ruled, words, veto, t_rule, t_model)
    figures = {}
    for part in sorted(set(files)):
        m = files == part
        figures[part] = [round(_mean(hit[m & (y == 1)]), 4), round(_mean(hit[m & (y == 0)]), 4)]
        if verbose:
            seen = " (rules written on it)" if part in RULES_SEEN else ""
            print(
                f"{lang} {report(part, y[m], hit[m])}   rules alone: "
                f"{100 * _mean(ruled[m & (y == 1)]):.1f} / {100 * _mean(ruled[m & (y == 0)]):.1f}{seen}"
            )
    if verbose:
        print(
            f"{lang} {report('honest', y[honest], hit[honest])}   thresholds {t_rule:.3f} / {t_model:.3f}"
        )
    w, b = fit(x, y, files, l2)
    q = quantize(w)
    return {
        "bias": round(b, 4),
        "rule_threshold": round(t_rule, 4),
        "threshold": round(t_model, 4),
        "bits": feats.BITS,
        "rule_marks": marks_on,
        "scale": SCALE,
        "weights": base64.b64encode(zlib.compress(q.tobytes(), 9)).decode("ascii"),
        "cross_writer": figures,
        "oof": oof,
        "y": y,
        "files": files,
        "ruled": ruled,
        "hit": hit,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cv", action="store_true", help="print cross-writer figures; write nothing")
    ap.add_argument("--l2", type=float, default=0.3)
    ap.add_argument("--max-false", type=float, default=0.025)
    ap.add_argument("--lang", choices=("en", "es"), action="append")
    ap.add_argument(
        "--rule-marks", action="store_true", help="let the model see which rules matched"
    )
    args = ap.parse_args()
    for lang in args.lang or ("en", "es"):
        model = train(lang, args.l2, args.max_false, True, args.rule_marks)
        for key in ("oof", "y", "files", "ruled", "hit"):
            model.pop(key)
        model = {
            "about": "generated by scripts/train_lint_model.py; do not edit",
            "language": lang,
            **model,
        }
        if not args.cv:
            out = DATA / MODEL_FILE.format(lang=lang)
            out.write_text(json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n", "utf-8")
            print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
