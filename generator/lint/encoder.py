"""The care linter's deep second opinion (``holdspace lint --deep``): a small sentence encoder
fine-tuned on the labelled corpus, for risky wording that neither a phrase rule nor the word model
catches.

Why: the word model reads words, not meaning, and learning more lines no longer moves it
(docs/linter.md measures this). The encoder (fine-tuned by ``scripts/train_lint_encoder.py``,
int8 ONNX) reads a sentence as a whole; on writers it never saw it raised recall by more than any
rule or line added. English: all-MiniLM-L6-v2 (6 layers, ~23 MB). Spanish: multilingual-e5-small
(12 layers, its vocabulary cut to Latin-script pieces, ~30 MB): an English encoder reads Spanish
as fragments. It is optional because it costs what plain linting never does: the ``deep`` extra
(onnxruntime to run the network, tokenizers for its vocabulary: both well kept, and faster and
more exact than code we would write) and 5-20 ms a sentence (Spanish's twice English's).

Files, all in ``generator/data/``: ``lint_encoder_LANG.onnx`` (input_ids, attention_mask → one
risk logit and one score per kind of risk for each sentence), ``lint_encoder_LANG.tokenizer.json``, ``lint_encoder_LANG.json``
(threshold, token limit, the rule ids of the kind-of-risk outputs, the model's sha256, and the
prefix the base model expects before a sentence, if any).

The network gives each sentence a risk logit (flagged at or above the shipped threshold) and a
score per kind of risk; a flagged sentence no rule matched is reported under the rule of the
likeliest kind, with that rule's rewrite.

Verdicts are cached per sentence in one SQLite file, ``lint-encoder.sqlite`` in
$HOLDSPACE_CACHE_DIR, else ${XDG_CACHE_HOME:-~/.cache}/holdspace/: table ``verdicts(key TEXT
PRIMARY KEY, logit REAL, rule TEXT)``, key = sha256 of the model's sha256 and the sentence, so a
new model never reads an old verdict. An unchanged script re-lints at the plain linter's speed. The cache is
an optimisation: a read or write error is logged and never fails a lint.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.resources
import importlib.util
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import DeepUnavailable

log = logging.getLogger(__name__)

STEM = "lint_encoder_{lang}"
BATCH = 32  # sentences per network call: padding to the longest costs little at this size


def cache_path() -> Path:
    override = os.environ.get("HOLDSPACE_CACHE_DIR")
    if override:
        return Path(override).expanduser() / "lint-encoder.sqlite"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "holdspace" / "lint-encoder.sqlite"


def has_model(lang: str) -> bool:
    """Is there a shipped encoder for ``lang``?"""
    return _resource(lang, ".json").is_file()


def _resource(lang: str, suffix: str) -> Any:
    return importlib.resources.files("generator").joinpath("data", STEM.format(lang=lang) + suffix)


@dataclass(frozen=True)
class Verdict:
    logit: float  # the sentence's risk (higher: riskier)
    rule: str  # the rule whose kind of risk it most resembles, for naming a finding


@dataclass(frozen=True)
class Encoder:
    """One language's encoder. The network is loaded at the first sentence the cache does not
    know, so re-linting an unchanged script never pays for it."""

    lang: str
    threshold: float  # a sentence is flagged at or above this logit
    rules: tuple[str, ...]  # the rule ids of the network's kind-of-risk outputs, in order
    sha256: str  # of the ONNX file: part of every cache key
    max_tokens: int  # longer sentences are cut (the training cut them the same way)
    model: Callable[[], bytes]  # the ONNX file's bytes, read when first needed
    vocabulary: Callable[[], str]  # tokenizer.json's text, likewise
    prefix: str = ""  # what the base model was pretrained to see first (multilingual-e5: "query: ")

    def verdicts(self, sentences: Sequence[str]) -> list[Verdict]:
        """Each sentence's verdict, from the cache where it can."""
        keys = [self._key(s) for s in sentences]
        known = _cache_get(keys)
        todo = sorted({s for s, k in zip(sentences, keys, strict=True) if k not in known})
        fresh = dict(zip(todo, self.run(todo), strict=True))
        if fresh:
            _cache_put({self._key(s): v for s, v in fresh.items()})
        return [known[k] if k in known else fresh[s] for s, k in zip(sentences, keys, strict=True)]

    def flags(self, sentences: Sequence[str]) -> list[str | None]:
        """For each sentence, the rule to name it under when the encoder flags it, else None."""
        return [v.rule if v.logit >= self.threshold else None for v in self.verdicts(sentences)]

    def run(self, sentences: list[str]) -> list[Verdict]:
        """Each sentence's verdict from the network itself (no cache), ``BATCH`` at a time."""
        return [
            v for i in range(0, len(sentences), BATCH) for v in self._run(sentences[i : i + BATCH])
        ]

    def _key(self, sentence: str) -> str:
        return hashlib.sha256(f"{self.sha256}\n{sentence}".encode()).hexdigest()

    @functools.cached_property
    def _network(self) -> tuple[Any, Any]:
        try:
            import onnxruntime  # noqa: PLC0415
            from tokenizers import Tokenizer  # noqa: PLC0415
        except ImportError as exc:  # installed, but broken (a missing library, a bad wheel)
            raise DeepUnavailable(
                f"lint --deep could not load the deep extra ({exc}); reinstall it: "
                "pip install --force-reinstall 'holdspace[deep]'"
            ) from None

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # same verdicts on any machine load; sentences are short
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(
            self.model(), options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_str(self.vocabulary())
        tokenizer.enable_truncation(max_length=self.max_tokens)
        pad = next((t for t in ("[PAD]", "<pad>") if tokenizer.token_to_id(t) is not None), "[PAD]")
        tokenizer.enable_padding(pad_id=tokenizer.token_to_id(pad) or 0, pad_token=pad)
        return session, tokenizer

    def _run(self, sentences: list[str]) -> list[Verdict]:
        import numpy as np  # noqa: PLC0415

        session, tokenizer = self._network
        batch = tokenizer.encode_batch([self.prefix + s for s in sentences])
        ids = np.array([e.ids for e in batch], dtype=np.int64)
        mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
        (out,) = session.run(None, {"input_ids": ids, "attention_mask": mask})
        # column 0: the risk logit, rounded so a verdict does not hang on a float's last bits;
        # the rest: one score per kind of risk
        return [
            Verdict(round(float(row[0]), 4), self.rules[int(np.argmax(row[1:]))]) for row in out
        ]


def require() -> None:
    """Raise DeepUnavailable, with the fix, unless the ``deep`` extra is installed."""
    for name in ("onnxruntime", "tokenizers"):
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):  # a module set to None, or one without a spec
            found = False
        if not found:
            raise DeepUnavailable(
                f"lint --deep needs the deep extra ({name} is not installed): "
                "pip install 'holdspace[deep]', or run scripts/setup.sh"
            )


@functools.cache
def load(lang: str) -> Encoder | None:
    """The shipped encoder for ``lang`` (loaded once, its network when first needed); None when
    there is none for ``lang``. Raises DeepUnavailable when the ``deep`` extra is missing."""
    if not has_model(lang):
        return None
    require()
    meta = json.loads(_resource(lang, ".json").read_text(encoding="utf-8"))
    return _from_facts(
        lang,
        meta,
        meta["sha256"],
        float(meta["threshold"]),
        _resource(lang, ".onnx").read_bytes,
        functools.partial(_resource(lang, ".tokenizer.json").read_text, encoding="utf-8"),
    )


def build(lang: str, model: bytes, vocabulary: str, meta: dict[str, Any]) -> Encoder:
    """An encoder from its files' contents: the trainer scores its candidates through here, so a
    threshold is chosen on exactly what ships."""
    sha = hashlib.sha256(model).hexdigest()
    threshold = float(meta.get("threshold", 0.0))
    return _from_facts(lang, meta, sha, threshold, lambda: model, lambda: vocabulary)


def _from_facts(
    lang: str,
    meta: dict[str, Any],
    sha: str,
    threshold: float,
    model: Callable[[], bytes],
    vocabulary: Callable[[], str],
) -> Encoder:
    """An encoder from its facts file (``lint_encoder_LANG.json``) and readers of its files."""
    rules, prefix = tuple(meta["rules"]), str(meta.get("prefix", ""))
    return Encoder(lang, threshold, rules, sha, int(meta["max_tokens"]), model, vocabulary, prefix)


def _connect() -> sqlite3.Connection:
    path = cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=10)
    db.execute("CREATE TABLE IF NOT EXISTS verdicts (key TEXT PRIMARY KEY, logit REAL, rule TEXT)")
    return db


def _cache_get(keys: Sequence[str]) -> dict[str, Verdict]:
    try:
        with contextlib.closing(_connect()) as db:
            found: dict[str, Verdict] = {}
            unique = sorted(set(keys))
            for i in range(0, len(unique), 500):
                part = unique[i : i + 500]
                marks = ",".join("?" * len(part))
                query = f"SELECT key, logit, rule FROM verdicts WHERE key IN ({marks})"  # noqa: S608
                found.update((k, Verdict(v, r)) for k, v, r in db.execute(query, part))
            return found
    except (OSError, sqlite3.Error) as exc:
        log.warning("lint encoder cache unreadable (%s); scoring afresh", exc)
        return {}


def _cache_put(verdicts: dict[str, Verdict]) -> None:
    rows = sorted((k, v.logit, v.rule) for k, v in verdicts.items())
    try:
        with contextlib.closing(_connect()) as db, db:
            db.executemany("INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?)", rows)
    except (OSError, sqlite3.Error) as exc:
        log.warning("lint encoder cache not written (%s)", exc)
