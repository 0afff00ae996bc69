"""Spanish orders in every form of address, read as the tú order the rules are written in.

The rules say "ignora el dolor", "relájate", "cierra los ojos"; writers also say them to usted
("Ignore el dolor y siga", "Relájese"), to ustedes ("Obedezcan", "Quédense quietos"), to vosotros
("Cerrad los ojos", "Relajaos") and in vos ("Soltá todo", "Movete"). From the verbs in
``generator/data/lint_verbs_es.yaml`` this makes each of those forms (with the pronouns written
onto them) and the tú form it is read as. ``scope.spoken`` respells them, so every rule hears all
five; a finding still quotes the author's words.

A bare usted or ustedes form is also the present subjunctive ("hasta que yo diga", "deja que mi
voz piense"), so it is read as an order only where an order stands: first in its clause, or
after "y", "pero", "ahora" (``OPENERS``). A form that is a tú form, or another word, is never
respelt.
"""

from __future__ import annotations

import functools
import re

from generator.care.data import load_yaml

# pronouns written onto an order, and what they become said to tú ("relájese" → "relájate")
_CLITICS = {
    "": "", "me": "me", "te": "te", "se": "te", "lo": "lo", "la": "la", "los": "los",
    "las": "las", "le": "le", "les": "les", "nos": "nos", "melo": "melo", "mela": "mela",
    "selo": "telo", "sela": "tela", "selos": "telos", "selas": "telas",
}  # fmt: skip
# forms that are everyday words of their own
_WORDS = frozenset({"entre", "entren", "pare", "paren", "pase", "pasen", "toque", "toques"})


@functools.cache
def imperative_forms() -> dict[str, tuple[str, bool]]:
    """Each folded form → (the tú form it is read as, whether it is a bare usted/ustedes form,
    an order only first in its clause)."""
    verbs: dict[str, list[str]] = load_yaml("lint_verbs_es.yaml")["verbs"]
    own: set[str] = set()
    made: dict[str, tuple[str, bool]] = {}
    for infinitive, (tu, stem) in verbs.items():
        own.update(tu + clitic for clitic in _CLITICS)
        ar = infinitive.endswith("ar")
        usted = stem + ("e" if ar else "a")
        stem_out = infinitive[:-1]  # relaja(r), move(r), abri(r): vosotros and vos forms
        for clitic, said in _CLITICS.items():
            target = tu + said
            for form in (usted, usted + "n"):
                made.setdefault(form + clitic, (target, clitic == ""))
            if clitic in ("", "se"):
                reflexive = stem_out + "os"  # relajaos, moveos, abrios
                made.setdefault(stem_out + "d" if clitic == "" else reflexive, (target, False))
            else:
                made.setdefault(stem_out + "d" + clitic, (target, False))  # cerradlos
            vos = stem_out + ("te" if clitic == "se" else clitic)  # soltate, cerralos, movete
            if clitic or not (infinitive.endswith("er") and vos == infinitive[:-2] + "e"):
                made.setdefault(vos, (target, False))  # not "pone", "hace": 3rd person
    # a softener's subjunctive as Buenos Aires often says it ("movete cuando querás"); vos in
    # the present ("tenés") is left as written: the word model learnt it so
    for tu, vos in _VOS_SUBJUNCTIVE.items():
        made.setdefault(vos, (tu, False))
    return {
        form: said
        for form, said in made.items()
        if form not in own and form not in _WORDS and form != said[0]
    }


_VOS_SUBJUNCTIVE = {"quieras": "queras", "puedas": "podas", "sientas": "sintas",
                    "prefieras": "preferas", "necesites": "necesites"}  # fmt: skip
_WORD = re.compile(r"[a-z]+")
# where a bare usted/ustedes form can be an order: at the start of a clause, or after these
_CLAUSE = re.compile(r"(?:^|[.,;:!?¡¿«»\"()\u2014\u2013-])\s*$")
OPENERS = frozenset(
    ["y", "e", "o", "u", "pero", "ahora", "ya", "luego", "bien", "entonces", "pues"]
    + ["mejor", "despues", "solo", "nomas"]
)


def respellings(folded: str) -> list[tuple[int, int, str]]:
    """(start, end, tú form) for each order in another form of address in ``folded`` text."""
    forms = imperative_forms()
    out = []
    before = ""
    for m in _WORD.finditer(folded):
        word = m.group(0)
        if word in forms:
            said, bare = forms[word]
            if not bare or before in OPENERS or _CLAUSE.search(folded[: m.start()]):
                out.append((m.start(), m.end(), said))
        before = word
    return out
