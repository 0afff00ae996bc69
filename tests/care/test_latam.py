"""The built-in Spanish in *tú* for a script of Latin America (``language: es-MX``, ``es-419``):
the few words of Spain said as Latin America says them, nothing else touched (a therapist in El
Paso heard "si te apetece" and "tumbada" as Peninsular, while *usted* already said "si lo desea"
and "acostada")."""

from __future__ import annotations

import re

import pytest
from spanish_text import BUILT_IN

from generator.care.forms import in_address, table_of
from generator.care.softeners import softeners_in
from generator.plan.estimate import estimated_plan
from generator.script.load import load_text

SPAIN = re.compile(
    r"\b(?:apetec\w*|tumb\w*|túmb\w*|trozo\s+de\s+pared|ha\s+sido\s+la\s+última)\b", re.I
)


@pytest.mark.parametrize(
    ("language", "address", "table"),
    [
        ("es-MX", "tú", "latam.yaml"),
        ("es-419", "tú", "latam.yaml"),
        ("es-co", "tú", "latam.yaml"),
        ("es", "tú", None),
        ("es-ES", "tú", None),
        ("es-MX", "usted", "usted.yaml"),
        ("es-AR", "vos", "voseo.yaml"),
        ("en-US", None, None),
    ],
)
def test_which_scripts_hear_latin_americas_words(
    language: str, address: str | None, table: str | None
) -> None:
    assert table_of(language, address) == table


def test_no_word_of_spain_is_left_in_the_built_in_text() -> None:
    left = {t: SPAIN.findall(in_address(t, "tú", language="es-MX")) for t in BUILT_IN}
    assert not {t: w for t, w in left.items() if w}


def test_the_softeners_are_still_heard_as_softeners() -> None:
    """ "si lo deseas" is a softener too: never twice in a row, in any address."""
    assert softeners_in("Si lo deseas, puedes quedarte aquí.", "es")


def test_a_mexican_track_says_acostada_and_si_lo_deseas_but_its_own_words_as_written() -> None:
    script = (
        "holdspace: 1\ntitle: T\nlanguage: LANG\ncare:\n  opening: Si te apetece, quédate aquí.\n"
        "segments:\n  - pose: reclined_figure_four\n  - breath: extended_exhale\n"
    )
    said = {
        lang: " ".join(
            e.text
            for e in estimated_plan(load_text(script.replace("LANG", lang), "t.yaml")).speech()
        )
        for lang in ("es-MX", "es")
    }
    assert "acostada" in said["es-MX"] and "tumbada" in said["es"]
    assert "Si te apetece, quédate aquí." in said["es-MX"]  # the author's own, as written
    assert not SPAIN.search(said["es-MX"].replace("Si te apetece, quédate aquí.", ""))
