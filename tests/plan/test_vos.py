"""A script in the Spanish of Argentina, Uruguay or Paraguay (``language: es-AR``) hears the
built-in words in *vos*; the author's own lines are said as written."""

from __future__ import annotations

import re

from generator.plan.planner import plan_session
from generator.plan.types import Plan
from generator.script.load import load_text

SR = 8000
TU = re.compile(
    r"\b(puedes|quieres|tienes|prefieres|sientes|recuéstate|siéntate|quédate|acomódate|"
    r"apetece|apetezca|cojín|tumbada|tú|ti)\b",
    re.I,
)
OWN_TU = "Puedes quedarte aquí, si te apetece, con un cojín."  # the author chose these words
SCRIPT = f"""holdspace: 1
title: Caderas para la tarde
language: LANG
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


def plan(language: str) -> Plan:
    return plan_session(
        load_text(SCRIPT.replace("LANG", language), "t.yaml"), measure, sample_rate=SR
    )


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
