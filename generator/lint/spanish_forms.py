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


def usted_order(infinitive: str, stem: str) -> str:
    """The usted order of a listed verb, from its stem: "dejar" (stem "dej") → "deje"."""
    return stem + ("e" if infinitive.endswith("ar") else "a")


@functools.cache
def imperative_forms() -> dict[str, tuple[str, bool]]:
    """Each folded form → (the tú form it is read as, whether it is a bare usted/ustedes form,
    an order only first in its clause)."""
    verbs: dict[str, list[str]] = load_yaml("lint_verbs_es.yaml")["verbs"]
    own: set[str] = set()
    made: dict[str, tuple[str, bool]] = {}
    for infinitive, (tu, stem) in verbs.items():
        own.update(tu + clitic for clitic in _CLITICS)
        usted = usted_order(infinitive, stem)
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


@functools.cache
def negative_forms() -> dict[str, str]:
    """A negative order to usted or ustedes → to tú: "no llore", "no lloren" → "no llores"
    (the tú negative is the usted form and an s), read only after "no", "ni", "nunca"."""
    verbs: dict[str, list[str]] = load_yaml("lint_verbs_es.yaml")["verbs"]
    out = {}
    for infinitive, (_, stem) in verbs.items():
        usted = usted_order(infinitive, stem)
        out[usted] = out[usted + "n"] = usted + "s"
    return out


_VOS_SUBJUNCTIVE = {"quieras": "queras", "puedas": "podas", "sientas": "sintas",
                    "prefieras": "preferas", "necesites": "necesites"}  # fmt: skip
_WORD = re.compile(r"[a-z]+")
# where a bare usted/ustedes form can be an order: at the start of a clause, or after these
_CLAUSE = re.compile(r"(?:^|[.,;:!?¡¿«»\"()\u2014\u2013-])\s*$")
OPENERS = frozenset(
    ["y", "e", "o", "u", "pero", "ahora", "ya", "luego", "bien", "entonces", "pues"]
    + ["mejor", "despues", "solo", "nomas"]
)


_NEGATIONS = frozenset({"no", "ni", "nunca", "jamas"})
_PRONOUNS = frozenset({"me", "te", "se", "lo", "la", "los", "las", "le", "les", "nos"})
# usted's softeners and offers, said to tú: "si lo desea" → "si lo deseas", "cuando quiera" →
# "cuando quieras", "si le apetece" → "si te apetece", "todo lo que pueda" → "lo que puedas"
_USTED_WORDS = {
    "quiera": "quieras", "quieran": "quieras", "desee": "desees", "deseen": "desees",
    "guste": "gustes", "gusten": "gustes", "necesite": "necesites", "necesiten": "necesites",
    "prefiera": "prefieras", "prefieran": "prefieras", "pueda": "puedas", "puedan": "puedas",
    "aguante": "aguantes", "aguanten": "aguantes", "quiere": "quieres", "quieren": "quieres",
    "desea": "deseas", "desean": "deseas", "gusta": "gustas", "gustan": "gustas",
    "prefiere": "prefieres", "prefieren": "prefieres", "necesita": "necesitas",
    "necesitan": "necesitas", "puede": "puedes", "pueden": "puedes", "tiene": "tienes",
    "tienen": "tienes", "debe": "debes", "deben": "debes", "le": "te", "les": "te",
}  # fmt: skip
_USTED_PHRASES = re.compile(
    r"\b(?:cuando|como)\s+(?:usted(?:es)?\s+)?(?:lo\s+)?"
    r"(?P<subj>quieran?|deseen?|gusten?|necesiten?|prefieran?|puedan?)\b"
    r"|\b(?:lo\s+que|cuanto)\s+(?:usted(?:es)?\s+)?(?P<most>puedan?|aguanten?)\b"
    r"|\bsi\s+(?:usted(?:es)?\s+)?(?:lo\s+)?"
    r"(?P<ind>quieren?|desean?|gustan?|prefieren?|necesitan?|pueden?)\b"
    r"|\bsi\s+(?P<dat>les?)\s+(?:apetece|provoca|parece|sirve|ayuda|viene|resulta|sienta|gusta)\b"
    # "Puede volver al centro", "Ustedes tienen que relajarse": usted's can, have to, must, first
    # in the clause (or after usted), with what follows (an infinitive, "que")
    r"|(?:^|[.,;:!?¡¿«\"(]\s*|\busted(?:es)?\s+|\b(?:y|pero|ahora|ya)\s+)"
    r"(?P<modal>pueden?|deben?)(?=\s+(?!(?:de|ser|haber|que)\b)(?:\w+\s+)?[a-z]+(?:ar|er|ir)"
    r"(?:se|lo|la|los|las|le|me)?\b)"
    # not "tiene que ver" (has to do with)
    r"|(?:^|[.,;:!?¡¿«\"(]\s*|\busted(?:es)?\s+)(?P<have>tienen?)(?=\s+que\s+(?!ver\b))"
    # "si se marea": if you get dizzy, said to usted
    r"|\bsi\s+(?P<refl>se)\s+(?P<feels>marea|cansa|agobia|asusta|angustia|siente|nota)n?\b"
)
# the infinitive after usted's "puede", "tiene que": its "se" is the listener ("relajarse")
_THEIR_INFINITIVE = re.compile(r"\s+(?:que\s+)?(?:\w+\s+)?[a-z]+(?:ar|er|ir)(se)\b")


def respellings(folded: str) -> list[tuple[int, int, str]]:
    """(start, end, tú form) for each order in another form of address in ``folded`` text,
    and for usted's softeners and offers."""
    forms, negatives = imperative_forms(), negative_forms()
    out = []
    words = list(_WORD.finditer(folded))
    for i, m in enumerate(words):
        word = m.group(0)
        before = words[i - 1].group(0) if i else ""
        j = i - 1  # past the pronouns before it: "no se mueva", "no lo abra"
        while j >= 0 and words[j].group(0) in _PRONOUNS:
            j -= 1
        said_to_tu = any(w.group(0) == "te" for w in words[j + 1 : i])  # "no te haga"
        if word in negatives and j >= 0 and words[j].group(0) in _NEGATIONS and not said_to_tu:
            out.append((m.start(), m.end(), negatives[word]))
            out += [(w.start(), w.end(), "te") for w in words[j + 1 : i] if w.group(0) == "se"]
        elif word in forms:
            said, bare = forms[word]
            if not bare or before in OPENERS or _CLAUSE.search(folded[: m.start()]):
                out.append((m.start(), m.end(), said))
    for m in _USTED_PHRASES.finditer(folded):
        name = next(k for k, v in m.groupdict().items() if v)
        if name == "refl":  # "se marea" → "te mareas"
            out.append((m.start(name), m.end(name), "te"))
            out.append((m.start("feels"), m.end(0), m.group("feels") + "s"))
            continue
        out.append((m.start(name), m.end(name), _USTED_WORDS[m.group(name)]))
        if name in ("modal", "have") and (then := _THEIR_INFINITIVE.match(folded, m.end(name))):
            out.append((then.start(1), then.end(1), "te"))
    return out
