"""The built-in Spanish said in *usted* (``address: usted``; generator/data/usted.yaml through
generator/care/forms.py): every *tú* form of the built-in text turned, nothing else touched."""

from __future__ import annotations

import re
import unicodedata

import pytest
from spanish_text import BUILT_IN

from generator.care.data import load_yaml
from generator.care.forms import KINDS, in_address


def to_usted(text: str) -> str:
    return in_address(text, "usted")


# The closing's `farewell` entries are regular expressions that find an author's own goodbye
# ("\bcu[ií]date\b"); they are never said, and they must find the author's words as written.
SAID = [t for t in BUILT_IN if "\\" not in t]
TABLE = load_yaml("usted.yaml")

PRONOUNS = ["te", "tu", "tus", "ti", "tú", "contigo", "tuyo", "tuya", "tuyos", "tuyas"]
# tú forms no rule below builds from an infinitive: irregular stems, and "estar", whose tú forms
# carry an accent its demonstratives ("estas posturas") do not
IRREGULAR = ["vas", "estás", "estés", "eres", "seas", "has", "hayas", "haz", "hagas", "sal",
             "salgas", "ven", "vengas", "pon", "pongas", "ten", "tengas", "di", "digas", "ve",
             "vayas", "oyes", "oigas", "veas", "sabes", "sepas", "oirás", "podrás", "podrías",
             "querrás", "querrías", "tendrás", "tendrías", "harás", "harías", "saldrás",
             "vendrás", "pondrás", "dirás", "sabrás", "habrás"]  # fmt: skip
SHORT_ORDERS = {"haz", "sal", "ven", "pon", "ten", "di", "ve", "da", "oye"}  # "ponte", "date"
# Words that look like a tú form of a verb the text uses but are not one: nouns, adjectives,
# demonstratives, a preposition, and third persons about a thing ("la silla que sostiene su peso").
NOT_TU = {
    "par",  # "un par de bloques" (and so "parte" is not "par" + "te")
    "se", "para", "esta", "estas",  # pronoun, preposition, demonstratives ("ser", "parar", "estar")
    "pausa", "pausas", "cuenta", "forma", "formas", "juntas", "ayuda",  # nouns and adjectives
    "remueve", "sostiene", "mantiene", "suele", "hace", "funciona", "quita", "sustituye",
    "viene", "trata", "termina", "acaba", "resulta", "dura", "aleja", "atiende",
    "da",  # third persons ("les da un lugar")
    "descarga", "escucha", "queda",  # the page's "la descarga", "se escucha", "no queda espacio"
}  # fmt: skip


def _plain(word: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn"
    ).lower()


def _words(text: str) -> list[re.Match[str]]:
    return list(re.finditer(r"\w+", text))


def _stems(stem: str) -> set[str]:
    """A stem and its stem-changed forms ("pod" → "pued", "sent" → "sient", "sint")."""
    out = {stem}
    m = re.search(r"([eo])([^aeiou]*)$", stem)
    if m:
        head, tail = stem[: m.start()], m.group(2)
        if m.group(1) == "e":
            out |= {head + "ie" + tail, head + "i" + tail}
        else:
            out.add(head + "ue" + tail)
    return out


def _verbs() -> set[str]:
    """The infinitives the built-in text uses, read from the text itself: each infinitive
    ("notar", "sentarte", "acercarla") and each gerund ("apoyándote" → "apoyar")."""
    verbs: set[str] = set()
    for text in BUILT_IN:
        for m in _words(text):
            w = _plain(m.group(0))
            inf = re.fullmatch(r"(\w+?(?:ar|er|ir))(?:te|se|me|nos)?(?:la|las|lo|los|le|les)?", w)
            if inf:
                verbs.add(inf.group(1))
            ger = re.fullmatch(r"(\w+?)(ando|iendo|yendo)(?:te|se|me|nos)?(?:la|las|lo|los)?", w)
            if ger:
                verbs |= {ger.group(1) + "ar"} if ger.group(2) == "ando" else {
                    ger.group(1) + "er", ger.group(1) + "ir"}  # fmt: skip
    return verbs - NOT_TU


def _tu_forms(verbs: set[str]) -> tuple[set[str], set[str]]:
    """Every tú form of ``verbs`` (present, subjunctive, past, future, conditional, order) and
    the orders alone, unaccented (the order is what takes a pronoun after it)."""
    forms: set[str] = set()
    orders: set[str] = set()
    for v in verbs:
        stem, ar = v[:-2], v.endswith("ar")
        for s in _stems(stem):
            if ar:
                sub = re.sub(r"c$", "qu", re.sub(r"g$", "gu", re.sub(r"z$", "c", s)))
                forms |= {s + "as", sub + "es"}
                orders.add(s + "a")
            else:
                sub = re.sub(r"c$", "z", re.sub(r"g$", "j", s))
                forms |= {s + "es", sub + "as", s + "zcas", s + "gas", s + "igas"}
                orders.add(s + "e")
        forms |= {stem + ("abas" if ar else "ías"), stem + ("aste" if ar else "iste")}
        forms |= {v + "ás", v + "ías"}
    forms |= {k for k in TABLE["words"] if " " not in k}  # and every tú word of the table itself
    return forms | orders, {_plain(o) for o in orders} | SHORT_ORDERS


def _shielded(said: str) -> list[tuple[int, int]]:
    """Where a tú-looking word is meant: a keep phrase, or the usted words a phrase puts in
    ("le sienta bien", "se sienta")."""
    spans = [m.span() for k in TABLE["keep"] for m in re.finditer(re.escape(k), said, re.I)]
    for new in TABLE["phrases"].values():
        spans += [m.span() for m in re.finditer(rf"(?<!\w){re.escape(new)}(?!\w)", said, re.I)]
    return spans


def _left_in(said: str, forms: set[str], orders: set[str], verbs: set[str]) -> list[str]:
    """The tú forms left in ``said``: a tú pronoun anywhere; a tú form of a verb the text uses
    (outside a keep phrase); an order, an infinitive or a gerund with "te" after it
    ("recuéstate", "sentarte", "apoyándote"); an order with a pronoun after it ("ábrela")."""
    usted = {v.lower() for v in TABLE["words"].values() if " " not in v}  # "puede", "nota"…
    spans = _shielded(said)
    left = []
    for m in _words(said):
        word, plain = m.group(0).lower(), _plain(m.group(0))
        if word in PRONOUNS:
            left.append(word)
            continue
        if any(a <= m.start() < b for a, b in spans):
            continue
        if word in forms and word not in usted and word not in NOT_TU:
            left.append(word)
            continue
        if word in IRREGULAR:
            left.append(word)
            continue
        tail = re.fullmatch(r"(\w+?)(te|tela|telas|telo|telos|la|las|lo|los|le|les)", plain)
        if tail and plain not in NOT_TU:
            base, clitic = tail.groups()
            if (
                base in orders
                or clitic.startswith("te")
                and (base in verbs or re.search(r"(ando|iendo)$", base))
            ):
                left.append(word)
    return left


def test_no_tu_form_of_the_built_in_text_is_left() -> None:
    """Every built-in Spanish line, in usted: no tú pronoun (te, tu, ti, contigo…), no tú form of
    a verb the text itself uses ("notar" → "notas", "sentar" → "sientes", "querer" → "quieras",
    "apartar" → "aparta"), no order, infinitive or gerund with "te" after it ("recuéstate",
    "sentarte", "apoyándote"). The verbs are read from the text, so a line added later with a new
    verb is caught."""
    verbs = _verbs()
    forms, orders = _tu_forms(verbs)
    assert {"sentar", "notar", "apoyar", "mover", "recostar"} <= verbs  # the check has verbs
    assert {"sientes", "notas", "muevas", "recuesta"} <= forms
    problems = {text: left for text in SAID if (left := _left_in(to_usted(text), forms, orders,
                                                                 verbs))}  # fmt: skip
    assert not problems, "\n".join(f"{t!r}: {' '.join(w)}" for t, w in problems.items())


def test_the_check_finds_what_it_should() -> None:
    """The check above, on lines left in tú: it finds each kind of tú form."""
    verbs = _verbs()
    forms, orders = _tu_forms(verbs)
    for tu, found in [
        ("Puedes salir cuando quieras.", ["puedes", "quieras"]),
        ("Recuéstate y déjalas bajar.", ["recuéstate", "déjalas"]),
        ("Sentarte, apoyándote en tu mano, te ayuda.", ["sentarte", "apoyándote", "tu", "te"]),
        ("Cuando quiera, aparta el apoyo y date la vuelta.", ["aparta", "date"]),
        ("Si notas tensión, ponte de lado.", ["notas", "ponte"]),
        ("Hágalo con calma, acomódese y descanse.", []),  # usted: nothing to find
    ]:
        assert _left_in(tu, forms, orders, verbs) == found, tu


@pytest.mark.parametrize(
    ("tu", "usted"),
    [
        # words: the verb changes person, the order changes mood, the pronoun moves
        ("Tú decides: puedes pausar la grabación.", "Usted decide: puede pausar la grabación."),
        ("Cuando quieras, sal de la postura con suavidad y prepárate para el lado {side}.",
         "Cuando quiera, salga de la postura con suavidad y prepárese para el lado {side}."),
        ("Cuando quieras, descruza las piernas y crúzalas al revés para el lado {side}.",
         "Cuando quiera, descruce las piernas y crúcelas al revés para el lado {side}."),
        ("deja que la rodilla de arriba se abra, o ábrela y ciérrala con suavidad.",
         "deje que la rodilla de arriba se abra, o ábrala y ciérrela con suavidad."),
        ("Aquí termina la cuenta; tu respiración puede volver a su propio ritmo.",
         "Aquí termina la cuenta; su respiración puede volver a su propio ritmo."),
        # "te" is "se" for what the listener does, "le" for what is given to them
        ("Sentarte sobre una manta doblada puede ayudarte a mantener la espalda larga.",
         "Sentarse sobre una manta doblada puede ayudarle a mantener la espalda larga."),
        ("¿Cómo te encuentras en este momento?", "¿Cómo se encuentra en este momento?"),
        ("Si algo no te sienta bien, puedes cambiarlo.", "Si algo no le sienta bien, puede cambiarlo."),
        ("solo hasta donde te sientas estable.", "solo hasta donde se sienta estable."),
        ("Quédate con lo que te sirva y deja el resto; puedes salir en cualquier momento.",
         "Quédese con lo que le sirva y deje el resto; puede salir en cualquier momento."),
        ("Cuando te parezca bien, haz una pausa y luego date la vuelta para el lado {side}.",
         "Cuando le parezca bien, haga una pausa y luego dese la vuelta para el lado {side}."),
        ("Lo que te indique quien te atiende va primero.", "Lo que le indique quien le atiende va primero."),
        # the softeners of Spain, as Latin America says them
        ("Si te apetece, recuéstate boca arriba y acerca las rodillas hacia ti.",
         "Si lo desea, recuéstese boca arriba y acerque las rodillas hacia usted."),
        ("Cuando te apetezca, baja los pies despacio y descansa.",
         "Cuando lo desee, baje los pies despacio y descanse."),
        # words of Spain
        ("Figura de cuatro tumbada", "Figura de cuatro acostada"),
        ("Te puede venir bien tener cerca un trozo de pared libre.",
         "Le puede venir bien tener cerca un espacio de pared libre."),
        ("En el embarazo, separar las rodillas deja sitio a la barriga.",
         "En el embarazo, separar las rodillas deja espacio para la barriga."),
        # whole sentences
        ("Gracias por dedicarte este tiempo.", "Gracias por tomarse este tiempo."),
        ("Entre medias hay una pausa contando hasta {hold}; si quieres, puedes saltarte las pausas.",
         "Entre inhalar y exhalar hay una pausa contando hasta {hold}; si quiere, puede saltarse las pausas."),
        # not the listener's verb: where the weight rests, a low lunge, a note for someone
        ("¿Dónde descansa tu peso en este momento?", "¿Dónde descansa su peso en este momento?"),
        ("Desde la zancada baja, quédate.", "Desde la zancada baja, quédese."),
        ("Incluye algunas notas para quien lleva una prótesis.",
         "Incluye algunas notas para quien lleva una prótesis."),
    ],
)  # fmt: skip
def test_tu_forms_become_usted(tu: str, usted: str) -> None:
    assert to_usted(tu) == usted


@pytest.mark.parametrize(
    "text",
    [
        "Puede acomodarse como necesite. Puede salir cuando quiera.",
        "Si lo desea, recuéstese boca arriba y acerque las rodillas hacia usted.",
        "Cuando tenga ganas, baje los pies despacio y descanse; le doy la bienvenida.",
        "¿Dónde descansa su peso? Si lo nota en la rodilla, afloje o cambie de posición.",
        "Hola, Te.",  # a name is not a pronoun
        "Hola, Sal.",  # nor an order
        "Para Tu, con cariño.",
    ],
)
def test_usted_and_names_are_left_as_they_are(text: str) -> None:
    assert to_usted(text) == text


def test_a_name_is_not_an_order() -> None:
    assert to_usted("Hola, Sal. Ven cuando quieras.") == "Hola, Sal. Venga cuando quiera."
    assert to_usted("Hola, Te. Te doy la bienvenida.") == "Hola, Te. Le doy la bienvenida."


def test_usted_is_said_once() -> None:
    """Built-in words pass the table more than once on their way (an echo check, then speech)."""
    for text in BUILT_IN:
        assert to_usted(to_usted(text)) == to_usted(text), text


def test_the_table_is_used_and_lowercase() -> None:
    """Keys are lowercase and in one kind only; every entry turns some built-in line (no dead
    entries, bar the pronouns kept for completeness); every keep phrase is in some line, before
    or after the table."""
    keys = [k for kind in KINDS for k in (TABLE.get(kind) or {})]
    assert all(
        k == k.lower() or kind == "sentences" for kind in KINDS for k in TABLE.get(kind) or {}
    )
    assert len(keys) == len({k.casefold() for k in keys})
    joined = "\n".join(BUILT_IN).casefold()
    unused = {k for k in keys if not re.search(rf"(?<!\w){re.escape(k.casefold())}(?!\w)", joined)}
    assert unused <= {"contigo", "tus"}, unused
    said = "\n".join(to_usted(t) for t in BUILT_IN)
    for phrase in TABLE["keep"]:
        if phrase == "voz baja":  # the page and recording-sheet words
            continue
        assert re.search(re.escape(phrase), joined + said, re.I), phrase


def test_no_phrase_of_the_table_is_left() -> None:
    """No phrase or sentence the table turns is heard in the built-in text in usted: the words of
    Spain ("si te apetece", "un trozo de pared", "deja sitio") are gone too."""
    turned = [k for kind in ("sentences", "phrases") for k in TABLE[kind]]
    for text in SAID:
        said = to_usted(text)
        left = [k for k in turned if re.search(rf"(?<!\w){re.escape(k)}(?!\w)", said, re.I)]
        assert not left, (said, left)


def test_lints_offered_sentences_open_with_no_tu_order() -> None:
    """lint offers its sentences to paste ("nota algo que puedas ver…", "toma lo que te sirva…")
    and they open with an order; "nota" and "toma" are also usted's "(usted) nota", so the check
    above lets them pass. A clause an offered sentence opens with starts with no tú order: a
    tester pasted "nota algo que pueda ver" into an usted script and lint said nothing."""
    from spanish_text import LINT_EXAMPLES

    _, orders = _tu_forms(_verbs())
    orders |= SHORT_ORDERS
    opening = re.compile(r"(?:^|[;:]\s*|,\s*y\s+)(\w+)")
    left = {
        said: first
        for text in LINT_EXAMPLES
        for said in [to_usted(text)]
        for first in [_plain(m.group(1)) for m in opening.finditer(said)]
        if first in orders
    }
    assert not left, left
