"""``address-mixed``: a line in *tú* in a script that speaks to the listener in *usted*.

With ``address: usted`` every built-in word is said in *usted* (``generator.care.forms``); an
author's own line is said as written, so a "Puedes salir cuando quieras." of hers is the one
place the track switches to *tú*, and a client hears it at once. A tester writing in *usted*
slipped exactly there, helped by lint's own suggestions. Only forms that cannot be *usted* are
read as *tú*: the pronouns (te, ti, tu, contigo), the present's -s ("puedes", "notas") and an
order or infinitive with "te" on its end ("recuéstate", "sentarte", and any stressed order
like "relájate"); "deja" or "respira" are *usted* too ("usted respira"), so they are not.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from generator.care.data import load_yaml
from generator.care.forms import JOINERS, TABLES, bare_orders, in_address, order_stands
from generator.lint.catalog import ADDRESS_MIXED
from generator.lint.scope import fold
from generator.lint.spanish_forms import usted_order

_PRONOUNS = ("te", "ti", "tu", "tus", "tú", "contigo", "tuyo", "tuya", "tuyos", "tuyas")
_SENTENCE = re.compile(r"[^.!?…]+[.!?…]*")
MESSAGE = (
    "este guion habla de usted (address: usted), y esta línea de tú: {fix}"
    " (las palabras incorporadas ya se dicen de usted)"
)


@functools.cache
def _tu() -> re.Pattern[str]:
    table = load_yaml("usted.yaml")
    said = {v.casefold() for kind in ("words", "phrases") for v in table[kind].values()}
    words = [
        w
        for w in table["words"]
        if w.casefold() not in said and (w.endswith("s") or w.endswith("te"))
    ]
    alternatives = sorted({*_PRONOUNS, *words}, key=len, reverse=True)
    # and any order with "te" on its end, its stress marked ("relájate", "acomódate"), but not
    # an adverb ("rápidamente")
    enclitic = r"\w*[áéíóú]\w*(?<!men)te"
    listed = "|".join(map(re.escape, alternatives))
    return re.compile(r"(?<!\w)(" + listed + "|" + enclitic + r")(?!\w)", re.I)


@functools.cache
def _kept() -> re.Pattern[str]:
    """The table's ``keep`` phrases: a word of the table that is no verb there ("algunas notas")."""
    keep = load_yaml("usted.yaml").get("keep") or ["(?!)"]
    return re.compile("|".join(map(re.escape, keep)), re.I)


def tu_words(sentence: str) -> list[str]:
    """The words of ``sentence`` that are *tú* and never *usted*."""
    return [m.group() for m in _tu().finditer(_kept().sub(" ", sentence))]


# where an order stands: first in its clause, or after "y", "pero", "o", "ahora"
_OPENING = re.compile(rf"(?:^|[,;:¡]\s*|\s)(?:{JOINERS}\s+)+(\w+)|(?:^|[,;:¡]\s*)(\w+)", re.I)


@functools.cache
def _usted_orders() -> dict[str, str]:
    """A listed verb's tú order (folded, generator/data/lint_verbs_es.yaml) → its usted order."""
    verbs = load_yaml("lint_verbs_es.yaml")["verbs"]
    return {tu: usted_order(inf, stem) for inf, (tu, stem) in verbs.items()}


def _order_in_usted(word: str) -> str:
    """``word`` (a tú order, with "te" on it or not) as the usted order, its stress kept where
    it was ("Relájate" → "Relájese", "entrégate" → "entréguese", "deja" → "deje"); else as it is."""
    folded = fold(word)
    orders = _usted_orders()
    if folded.endswith("te") and folded[:-2] in orders:
        said = orders[folded[:-2]] + "se"
    elif folded in orders:
        said = orders[folded]
    else:
        return word
    stress = next((i for i, c in enumerate(word) if c in "áéíóú"), None)
    if stress is not None and stress < len(said) and said[stress] in "aeiou":
        said = said[:stress] + "áéíóú"["aeiou".index(said[stress])] + said[stress + 1 :]
    return said[0].upper() + said[1:] if word[0].isupper() else said


def orders_in_usted(sentence: str) -> str:
    """``sentence`` with each order where an order stands said to usted (a line lint found in
    tú: "Relájate y deja que su cuerpo…" → "Relájese y deje que su cuerpo…")."""

    def turn(m: re.Match[str]) -> str:
        word = 1 if m.group(1) else 2
        if not order_stands(sentence, m.start(word), bare_orders()):
            return m.group(0)  # "el aire sube y baja": the present tense, twice
        return m.group(0)[: m.start(word) - m.start(0)] + _order_in_usted(m.group(word))

    return _OPENING.sub(turn, sentence)


def mixed(texts: Iterable[tuple[int, str, tuple[str, ...]]], add: Callable[..., None]) -> None:
    """A warning for each sentence of the author's ``texts`` (line, text, allowed) in *tú*."""
    for line, text, allowed in texts:
        for sentence in _SENTENCE.findall(text):
            found = tu_words(sentence)
            if not found:
                continue
            turned = orders_in_usted(in_address(sentence.strip(), "usted", own_words=True))
            fix = (
                f"p. ej. «{turned}»"
                if turned != sentence.strip() and not tu_words(turned)
                else "escríbela de usted (puede, quiera, se, le, su)"
            )
            add(line, "warning", ADDRESS_MIXED, ", ".join(dict.fromkeys(found)),
                MESSAGE.format(fix=fix), allowed)  # fmt: skip


# what a suggestion quotes: the sentences it offers to say ("p. ej. "…"", "prueba "…""), and the
# words it talks about ("ríndete"), which the listener's address says too
EXAMPLE = re.compile(r'"([^"]*)"')


def examples_in(suggestion: str, address: str | None) -> str:
    """``suggestion`` with what it quotes said in the listener's ``address``: a script in
    *usted* (or *vos*) is offered "puede salir cuando quiera", not the *tú* of the rules' data.
    The words to the author stay as they are."""
    if address not in TABLES:  # tú, or not Spanish: nothing to turn
        return suggestion
    return EXAMPLE.sub(lambda m: f'"{in_address(m.group(1), address)}"', suggestion)
