"""The built-in Spanish said in *vos*, for a script written for Argentina, Uruguay or Paraguay
(``language: es-AR``, ``es-UY``, ``es-PY``).

The built-in words are written in *tú* ("puedes", "recuéstate"); in Buenos Aires *tú* sounds
like a dubbed film, far from the close voice a guided practice wants. The built-in text is a
closed set, so a word table (``generator/data/voseo.yaml``) turns each *tú* form it uses into
its *vos* form ("podés", "recostate") and the few words of Spain into the Río de la Plata's
("si te apetece" → "si tenés ganas", "cojín" → "almohadón"). Only built-in words go through it:
an author's own lines are said as written (``generator.plan.builder``).
"""

from __future__ import annotations

import functools
import re

from generator.care.data import load_yaml

VOS_REGIONS = frozenset({"ar", "uy", "py"})  # where vos is how everyone speaks, in any register
_START = re.compile(r"(?:^|[.!?…:;]\s*|[¿¡]\s*)$")  # what comes before a sentence's first word


def speaks_vos(language: str) -> bool:
    """Is ``language`` (a script's ``language:``) Spanish of a region that speaks in *vos*?"""
    base, _, region = language.strip().lower().replace("_", "-").partition("-")
    return base == "es" and region.split("-")[0] in VOS_REGIONS


@functools.cache
def _table() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str] | None]:
    data = load_yaml("voseo.yaml")
    words: dict[str, str] = {k.casefold(): v for k, v in data["words"].items()}
    longest_first = sorted(words, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, longest_first)) + r")(?!\w)", re.I)
    keep = data.get("keep") or []
    kept = (
        re.compile(r"(?<!\w)(" + "|".join(map(re.escape, keep)) + r")(?!\w)", re.I)
        if keep
        else None
    )
    return pattern, words, kept


def to_vos(text: str) -> str:
    """Built-in ``text`` with its *tú* forms in *vos*. A capitalised word inside a sentence is
    left alone: it is a name ("Hola, Sal"), not an order."""
    pattern, words, kept = _table()
    spared = [m.span() for m in kept.finditer(text)] if kept else []

    def swap(m: re.Match[str]) -> str:
        said = m.group(0)
        if any(a <= m.start() < b for a, b in spared):
            return said
        if said[0].isupper() and not _START.search(text[: m.start()]):
            return said
        new = words[said.casefold()]
        return new[0].upper() + new[1:] if said[0].isupper() else new

    return pattern.sub(swap, text)
