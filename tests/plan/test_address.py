"""A script in the Spanish of Argentina, Uruguay or Paraguay (``language: es-AR``) hears the
built-in words in *vos*; one that says ``address: usted`` hears them in *usted* (a therapist's
track no longer switches to *tú* between her sentences and the built-in ones). The author's own
lines are said as written."""

from __future__ import annotations

import re

import pytest

from generator.care.phrases import comment_note
from generator.care.softeners import softeners_in
from generator.errors import InputError
from generator.plan.planner import plan_session
from generator.plan.types import Plan
from generator.script.load import load_text

SR = 8000
TU = re.compile(
    r"\b(puedes|quieres|tienes|prefieres|sientes|recuéstate|siéntate|quédate|acomódate|"
    r"apetece|apetezca|cojín|tumbada|tú|ti)\b",
    re.I,
)
# and in usted also no te, tu or notas ("suelta", "deja" are usted's too: "toma aire y lo suelta")
USTED_TU = re.compile(r"\b(notas|te|tu|tus|contigo|" + TU.pattern[3:], re.I)
OWN_TU = "Puedes quedarte aquí, si te apetece, con un cojín."  # the author chose these words
SCRIPT = f"""holdspace: 1
title: Caderas para la tarde
language: LANG
ADDRESS
segments:
  - speak: Hola, Sal. Tomate tu tiempo para llegar.
  - breath: extended_exhale
    rounds: 2
  - pose: reclined_figure_four
    sides: both
    hold: 90s
  - pose: butterfly
    hold: 60s
    cue: "{OWN_TU}"
  - pose: savasana
    hold: 2m
"""


def measure(text: str) -> int:
    return round(len(text.split()) * 0.4 * SR)


def plan(language: str, address: str = "") -> Plan:
    script = SCRIPT.replace("LANG", language).replace("ADDRESS", address)
    return plan_session(load_text(script, "t.yaml"), measure, sample_rate=SR)


def test_built_in_words_are_in_vos_and_the_authors_as_written() -> None:
    p = plan("es-AR")
    lines = [line.text for line in p.lines()]
    said = " ".join(lines)
    assert OWN_TU in lines and "Hola, Sal. Tomate tu tiempo para llegar." in said
    built_in = [t for t in lines if OWN_TU not in t]
    assert not [t for t in built_in if TU.search(t)], [t for t in built_in if TU.search(t)]
    for vos in ("podés", "tenés", "recostate", "Vos decidís"):
        assert vos in said, vos
    assert any("acostada" in c.title for c in p.chapters)
    assert "almohadón" in p.summary and not TU.search(p.summary)


def test_the_same_script_in_spanish_without_a_region_stays_in_tu() -> None:
    said = " ".join(line.text for line in plan("es").lines())
    assert "puedes" in said.lower() and "podés" not in said
    assert not re.search(r"\b(podés|tenés|recostate|sentate)\b", said)


def test_vos_plans_are_the_same_every_time() -> None:
    assert plan("es-AR").to_json() == plan("es_ar").to_json()


USTED = "address: usted"


def test_built_in_words_are_in_usted_and_the_authors_as_written() -> None:
    p = plan("es", USTED)
    lines = [line.text for line in p.lines()]
    said = " ".join(lines)
    assert OWN_TU in lines and "Hola, Sal. Tomate tu tiempo para llegar." in said
    own = {OWN_TU, "Hola, Sal.", "Tomate tu tiempo para llegar."}
    built_in = [t for t in lines if t not in own]
    wrong = [t for t in built_in if USTED_TU.search(t.replace("un cojín", ""))]
    assert not wrong, wrong
    for usted in ("puede", "Gracias por tomarse este tiempo"):
        assert usted in said, usted
    assert any("acostada" in c.title for c in p.chapters)  # not Spain's "tumbada"
    assert not USTED_TU.search(p.summary.replace("cojín", ""))  # Colombia's cushion too


def test_usted_wins_over_the_regions_vos_and_vos_can_be_chosen() -> None:
    said = " ".join(line.text for line in plan("es-AR", USTED).lines())
    assert "puede" in said and not re.search(r"\b(podés|tenés|recostate)\b", said)
    vos = " ".join(line.text for line in plan("es", "address: vos").lines())
    assert re.search(r"\b(podés|tenés)\b", vos)
    tu = " ".join(line.text for line in plan("es-AR", "address: tú").lines())
    assert "puedes" in tu.lower() and "podés" not in tu


def test_no_softener_is_heard_twice_in_a_row_in_usted() -> None:
    p = plan("es", USTED)
    heard = [softeners_in(line.text, "es") for line in p.lines()]
    assert any(heard)  # usted's "si lo desea", "cuando quiera" are known softeners
    assert not [a & b for a, b in zip(heard, heard[1:], strict=False) if a & b]


def test_the_written_content_note_speaks_usted_too() -> None:
    note = comment_note("es", address="usted")
    assert "puede pausar" in note and not TU.search(note)
    assert comment_note("es") != note  # tú by default


@pytest.mark.parametrize(
    ("language", "address", "message"),
    [
        ("en", "usted", "address is for Spanish, .* add language: es"),
        ("es", "formal", "address must be one of tú, vos, usted"),
    ],
)
def test_a_wrong_address_is_one_line_at_its_place(
    language: str, address: str, message: str
) -> None:
    with pytest.raises(InputError, match=message) as caught:
        plan(language, f"address: {address}")
    assert caught.value.line == 4


def test_usted_plans_are_the_same_every_time() -> None:
    assert plan("es", USTED).to_json() == plan("es", "address: Usted").to_json()


@pytest.mark.parametrize(
    ("language", "address", "said"),
    [("es", USTED, "si le resulta cómodo"), ("es-AR", "", "si te resulta cómodo")],  # vos: te
)
def test_the_breathings_own_cues_and_reminders_speak_the_same_way(
    language: str, address: str, said: str
) -> None:
    """A tester's usted track said "Tu respiración natural siempre es una opción." between the
    counts: the cues and reminders said inside the rounds went round the table."""
    script = SCRIPT.replace("LANG", language).replace("ADDRESS", address)
    script = script.replace("breath: extended_exhale\n    rounds: 2", "breath: box\n    rounds: 8")
    p = plan_session(load_text(script, "t.yaml"), measure, sample_rate=SR)
    counting = [e.text for e in p.speech() if e.role == "breath" and e.text]
    assert len(counting) > 20 and any(said in t for t in counting), counting
    assert any("respiración natural" in t for t in counting)  # a reminder is among them
    wrong = USTED_TU if address else TU
    assert not [t for t in counting if wrong.search(t)], counting


def test_usted_speaks_with_latin_americas_voice_unless_the_script_says() -> None:
    """Its words are Latin America's (acostada, si lo desea), so a tester's track in Spain's
    accent sounded wrong to her clients in Mexico City."""
    head = "holdspace: 1\ntitle: T\nlanguage: LANG\nADDRESS\nVOICE\nsegments:\n  - pause: 5s\n"

    def voice(language: str, address: str = USTED, named: str = "") -> tuple[str, str | None]:
        text = head.replace("LANG", language).replace("ADDRESS", address).replace("VOICE", named)
        settings = load_text(text, "t.yaml").voice
        return settings.language, settings.name

    assert voice("es") == ("es-419", None)
    assert voice("es-ES") == ("es-ES", None)  # Spain's, asked for
    assert voice("es", "") == ("es", None)  # tú: as before
    assert voice("es", USTED, "voice: {name: es}")[1] == "es"  # the script's own choice


def test_breathings_intro_in_usted_tells_how_the_breath_goes_not_an_order() -> None:
    """ "toma aire durante unos cuatro tiempos y lo suelta" (usted's description) is also tú's
    order "toma aire": a tester heard an order; in usted the breath is what moves."""
    said = " ".join(line.text for line in plan("es", USTED).lines())
    assert "el aire entra durante unos cuatro tiempos y sale durante unos seis" in said
    assert not re.search(r"\btoma aire\b", said)
