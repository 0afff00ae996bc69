"""The built-in Spanish said in *vos* for a script in the Spanish of Argentina, Uruguay or
Paraguay: every *tú* form of the built-in text turned, nothing else touched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from spanish_text import BUILT_IN

from generator.care.data import load_yaml
from generator.care.forms import address_of, in_address
from generator.care.softeners import softeners_in


def speaks_vos(language: str) -> bool:
    return address_of(language) == "vos"


def to_vos(text: str) -> str:
    return in_address(text, "vos")


TABLE = load_yaml("voseo.yaml")


@pytest.mark.parametrize(
    ("language", "vos"),
    [("es-AR", True), ("es_uy", True), ("ES-PY", True), ("es", False), ("es-MX", False),
     ("es-ES", False), ("en-AR", False), ("es-419", False)],
)  # fmt: skip
def test_which_scripts_speak_in_vos(language: str, vos: bool) -> None:
    assert speaks_vos(language) is vos


@pytest.mark.parametrize(
    ("tu", "vos"),
    [
        ("Tú decides: puedes pausar la grabación.", "Vos decidís: podés pausar la grabación."),
        (
            "Si te apetece, recuéstate boca arriba y acerca las rodillas hacia ti.",
            "Si tenés ganas, recostate boca arriba y acercá las rodillas hacia vos.",
        ),
        (
            "Si te apetece moverte, los movimientos pequeños también valen.",
            "Si tenés ganas de moverte, los movimientos pequeños también valen.",
        ),
        (
            "Cuando te apetezca, baja los pies despacio y descansa.",
            "Cuando tengas ganas, bajá los pies despacio y descansá.",
        ),
        ("¿Notas alguna sensación? Si no notas nada, está bien.",
         "¿Notás alguna sensación? Si no notás nada, está bien."),
        ("Cuando quieras, siéntate y déjalas bajar.", "Cuando quieras, sentate y dejalas bajar."),
        ("Figura de cuatro tumbada", "Figura de cuatro acostada"),
        # not the listener's verb: the cushion leaves room, a low lunge, a note for someone
        ("Un cojín bajo el pecho deja sitio a la barriga.",
         "Un almohadón bajo el pecho deja sitio a la barriga."),
        ("Desde la zancada baja, quédate.", "Desde la zancada baja, quedate."),
        ("Incluye algunas notas para quien lleva una prótesis.",
         "Incluye algunas notas para quien lleva una prótesis."),
        # the subjunctive is how Buenos Aires says it too
        ("Cuando quieras, si lo prefieres.", "Cuando quieras, si lo preferís."),
        # a name is not an order
        ("Hola, Sal. Ven cuando quieras.", "Hola, Sal. Vení cuando quieras."),
    ],
)  # fmt: skip
def test_tu_forms_become_vos(tu: str, vos: str) -> None:
    assert to_vos(tu) == vos


def test_vos_is_said_once() -> None:
    """Built-in words pass the table more than once on their way (an echo check, then speech)."""
    for text in BUILT_IN:
        assert to_vos(to_vos(text)) == to_vos(text), text


def _left(text: str, words: list[str]) -> list[str]:
    kept = [m.span() for k in TABLE["keep"] for m in re.finditer(re.escape(k), text, re.I)]
    return [
        m.group(0)
        for w in words
        for m in re.finditer(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.I)
        if not any(a <= m.start() < b for a, b in kept)
    ]


def test_no_tu_form_of_the_built_in_text_is_left() -> None:
    """Every built-in Spanish line, in vos: no word of the table left, no order with an accented
    pronoun after it ("recuéstate"; gerunds and infinitives such as "apoyándote" are vos too),
    and none of the tú forms of the verbs the text itself uses ("notar" → "notas", "apartar" →
    "aparta"), so a line added later with a new verb is caught."""
    infinitives = {
        w.lower()
        for text in BUILT_IN
        for w in re.findall(r"\b(\w+?)(?:ar|er|ir)(?:te|se|la|las|lo|los)?\b", text)
    }
    verbs = {w.lower() for text in BUILT_IN for w in re.findall(r"\b\w+(?:ar|er|ir)\b", text)}
    tu_forms = {v[:-2] + ("as" if v.endswith("ar") else "es") for v in verbs}
    tu_forms |= {v[:-2] + ("a" if v.endswith("ar") else "e") for v in verbs}
    # nouns and third persons that look like a tú form of a verb the text uses
    not_orders = {"pausa", "ayuda", "pausas", "respiraciones", "cuenta", "forma", "formas",
                  "rodea", "posturas", "postura", "pasa", "cambia", "puede", "acaba", "resulta",
                  "dura", "sostiene", "mantiene", "remueve", "atiende", "suele", "hace",
                  "funciona", "quita", "sustituye", "viene", "explora", "siente", "trata",
                  "termina", "baja", "deja", "descansa", "gira", "lleva", "notas", "abajo",
                  "esta", "estas", "para", "juntas", "se", "aleja",
                  "descarga", "escucha", "queda", "capítulos"}  # fmt: skip
    assert infinitives  # the check has something to check
    problems = []
    for text in BUILT_IN:
        said = to_vos(text)
        problems += _left(said, [*TABLE["words"], *sorted(tu_forms - not_orders)])
        problems += [
            w
            for w in re.findall(r"\b\w*[áéíó]\w*(?:te|la|las|lo|los)\b", said)
            if not re.search(r"(?:ándo|éndo|ár|ér|ír)\w+$", w) and w.lower() not in not_orders
        ]
    assert not problems, " ".join(sorted(set(problems)))


def test_table_and_keep_phrases_are_used() -> None:
    """Every keep phrase protects a word of the table in some built-in line (no dead entries)."""
    joined = "\n".join(BUILT_IN)
    for phrase in TABLE["keep"]:
        if phrase == "voz baja":  # the page and recording-sheet words
            continue
        assert re.search(re.escape(phrase), joined, re.I), phrase


def test_softeners_are_heard_in_vos() -> None:
    """The planner keeps the same softener out of consecutive sentences: in vos too."""
    assert softeners_in("Si tenés ganas, sentate.", "es-AR") == {"si te apetece"}
    assert softeners_in("Cuando tengas ganas, bajá los pies.", "es") == {"cuando te apetezca"}
    assert softeners_in("Si lo preferís, quedate.", "es") == {"si lo prefieres"}


def test_the_table_is_valid_yaml_with_lowercase_keys() -> None:
    path = Path(__file__).resolve().parents[2] / "generator" / "data" / "voseo.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert all(k == k.lower() for k in data["words"])
