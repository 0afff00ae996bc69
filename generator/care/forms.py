"""Built-in words said in another form of address, by a table of what to turn into what.

The built-in Spanish is written in *tú*. For a listener addressed in *vos* (``language: es-AR``:
in Buenos Aires *tú* sounds like a dubbed film, far from the close voice a guided practice
wants) or *usted* (``address: usted``: a therapist with a client, in Colombia, Mexico and much
of Latin America, whose track would otherwise switch to *tú* between her own sentences and the
built-in ones) a table in ``generator/data/`` turns each *tú* form the built-in text uses into
that form, and the few words of Spain into the region's. Its entries are whole ``sentences``,
``phrases`` (several words: "te" is "se" or "le" in *usted* by what follows it) and single
``words``, any case (a capital is kept), all tried together, the longest first; ``keep`` lists
phrases where a word of the table is not the listener's verb ("zancada baja"), left as they
are. A capitalised word inside a sentence is a name ("Hola, Sal"), never turned. Only built-in
words go through a table (the planner's, lint's suggested sentences, a published page's): an
author's own lines are said as written (``generator.plan.builder``).
"""

from __future__ import annotations

import functools
import re

from generator.care.data import load_yaml

KINDS = ("sentences", "phrases", "words")
TABLES = {"vos": "voseo.yaml", "usted": "usted.yaml"}  # tú is how the built-in words are written
LATAM_TU = "latam.yaml"  # tú as Latin America says the few words of Spain (es-MX, es-419…)
VOS_REGIONS = frozenset({"ar", "uy", "py"})  # where vos is how everyone speaks, in any register
# what comes before a sentence's first word (a pause marker, "[pause 2s]", ends a sentence too)
_START = re.compile(r"(?:^|[.!?…:;\]]\s*|[¿¡]\s*)$")


# where an order stands in an author's line: first in its clause, or after "y", "o", "pero"
JOINERS = r"(?:y|o|pero|ahora)"  # the words an order may follow (lint's address-mixed too)
_CLAUSE_START = re.compile(r"(?:^|[.!?…:;,\]¡¿])\s*$")
_JOINED = re.compile(rf"(?:(?<=\W)|^)(?:{JOINERS}\s+)+$", re.I)
_LAST_WORD = re.compile(r"(\w+)\W*$")


@functools.cache
def _table(name: str) -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str] | None]:
    data = load_yaml(name)
    swaps: dict[str, str] = {}
    for kind in KINDS:
        for said, new in (data.get(kind) or {}).items():
            if said.casefold() in swaps:
                raise ValueError(f"{name}: {said!r} is in the table twice")
            swaps[said.casefold()] = new
    longest_first = sorted(swaps, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, longest_first)) + r")(?!\w)", re.I)
    keep = data.get("keep") or []
    kept = (
        re.compile(r"(?<!\w)(" + "|".join(map(re.escape, keep)) + r")(?!\w)", re.I)
        if keep
        else None
    )
    return pattern, swaps, kept


@functools.cache
def bare_orders(name: str = "usted.yaml") -> frozenset[str]:
    """The table's single-word orders that are also the present tense ("deja" → "deje": "tu
    respiración deja de ir deprisa" is no order): the mood changes the last vowel."""
    words = load_yaml(name).get("words") or {}
    flip = {"a": "e", "e": "a"}
    return frozenset(
        said.casefold() for said, new in words.items() if flip.get(said[-1:]) == new[-1:]
    )


def order_stands(text: str, start: int, present: frozenset[str]) -> bool:
    """Does the word at ``text[start]`` stand where an order stands: first in its clause, or
    after "y", "o", "pero", "ahora" (unless the word before that is one of ``present``, forms
    that are also the present tense, not standing as an order itself: "el aire sube y baja")?"""
    before = text[:start]
    joined = _JOINED.search(before)
    if joined is not None:
        before = before[: joined.start()]
    if _CLAUSE_START.search(before):
        return True
    last = _LAST_WORD.search(before) if joined is not None else None
    if last is None:
        return False
    return last.group(1).casefold() not in present or order_stands(text, last.start(1), present)


def turned(text: str, table: str, own_words: bool = False) -> str:
    """``text`` with every entry of ``table`` (a file in generator/data/) turned. For an
    author's ``own_words`` (lint's proposal), an order that is also the present tense is turned
    only where an order stands; the built-in words use such a form only as an order."""
    pattern, swaps, kept = _table(table)
    spared = [m.span() for m in kept.finditer(text)] if kept else []
    bare = bare_orders(table) if own_words else frozenset()

    def swap(m: re.Match[str]) -> str:
        said = m.group(0)
        if any(a <= m.start() < b for a, b in spared):
            return said
        if said.casefold() in bare and not order_stands(text, m.start(), bare):
            return said
        if said[0].isupper() and not _START.search(text[: m.start()]):
            return said
        new = swaps[said.casefold()]
        return new[0].upper() + new[1:] if said[0].isupper() else new

    return pattern.sub(swap, text)


def _language_parts(language: str) -> tuple[str, str]:
    """(``es``, ``ar``) for ``es-AR``, ``es_ar`` or ``es-AR-x``."""
    base, _, region = language.strip().lower().replace("_", "-").partition("-")
    return base, region.split("-")[0]


def is_spanish(language: str) -> bool:
    """Is ``language`` (a script's ``language:``) Spanish, of any region?"""
    return _language_parts(language)[0] == "es"


def address_spelled(said: str) -> str:
    """An ``address:`` as written (``Usted``, ``tu``) in the form of ``ADDRESSES``."""
    said = said.strip().lower()
    return {"tu": "tú"}.get(said, said)


def address_of(language: str, address: str | None = None) -> str | None:
    """How built-in words speak to the listener: the script's ``address:`` if it says one, else
    *vos* for the Spanish of Argentina, Uruguay and Paraguay, else *tú*; None for a language
    without forms of address to choose."""
    base, region = _language_parts(language)
    if base != "es":
        return None
    return address or ("vos" if region in VOS_REGIONS else "tú")


def table_of(language: str, address: str | None) -> str | None:
    """The table built-in words go through for a listener of ``language`` addressed in
    ``address`` (see ``address_of``): *vos* or *usted*, or for *tú* outside Spain (``es-MX``,
    ``es-419``) Latin America's words for the few of Spain's; None: as written."""
    if address in TABLES:
        return TABLES[address]
    base, region = _language_parts(language)
    return LATAM_TU if base == "es" and address == "tú" and region not in ("", "es") else None


def in_address(
    text: str, address: str | None, own_words: bool = False, language: str | None = None
) -> str:
    """Built-in ``text`` (written in *tú*) as said in ``address``; ``own_words``: an author's
    line, proposed in that address (see ``turned``); ``language`` (``es-MX``): *tú* in its
    region's words."""
    table = table_of(language, address) if language else TABLES.get(address or "")
    return turned(text, table, own_words) if table else text
