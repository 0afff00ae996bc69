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

from generator.care.forms import address_of, turned


def speaks_vos(language: str) -> bool:
    """Is ``language`` (a script's ``language:``) Spanish of a region that speaks in *vos*?"""
    return address_of(language) == "vos"


def to_vos(text: str) -> str:
    """Built-in ``text`` with its *tú* forms in *vos* (``generator.care.forms``)."""
    return turned(text, "voseo.yaml")
