"""``address-mixed`` (generator/lint/address.py): an own line in *tú* in a script in *usted*."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from spanish_text import BUILT_IN

from generator.care.forms import in_address
from generator.cli.main import cli
from generator.lint.address import EXAMPLE, tu_words
from generator.lint.helpline import pressure

SCRIPT = """\
holdspace: 1
title: Prueba
language: es
ADDRESS
care:
  opening: "Buenas tardes. Puede acomodarse como necesite. Puedes salir cuando quieras."
segments:
  - pose: butterfly
    hold: 70s
    cue: "Si lo desea, junte las plantas de los pies; tu cuerpo sabe."ALLOW
  - speak: "Usted respira a su ritmo, cómodamente. Quédese aquí si le sienta bien."
  - pose: savasana
    hold: 2m
"""


def _lint(tmp_path: Path, address: str = "address: usted", allow: str = "") -> list[str]:
    path = tmp_path / "s.yaml"
    path.write_text(SCRIPT.replace("ADDRESS", address).replace("ALLOW", allow), "utf-8")
    result = CliRunner().invoke(cli, ["lint", str(path)])
    return [line for line in result.stdout.splitlines() if "address-mixed" in line]


def test_a_tu_line_in_an_usted_script_is_warned_with_its_usted_words(tmp_path: Path) -> None:
    found = _lint(tmp_path)
    assert len(found) == 2, found
    assert ':6: warning address-mixed: "Puedes, quieras"' in found[0]
    assert "«Puede salir cuando quiera.»" in found[0]  # the sentence, in usted
    assert ':10: warning address-mixed: "tu"' in found[1] and "su cuerpo sabe" in found[1]


def test_a_script_in_tu_or_an_allowed_line_hears_nothing(tmp_path: Path) -> None:
    assert _lint(tmp_path, address="") == []
    allow = "  # holdspace: allow address-mixed because she quotes a client"
    assert len(_lint(tmp_path, allow=allow)) == 1  # the opening's line is still warned


def test_no_built_in_line_in_usted_reads_as_tu() -> None:
    """The built-in words as an usted script says them: none would be warned if an author
    wrote them (the check reads only forms usted never has)."""
    said = [in_address(t, "usted") for t in BUILT_IN if "\\" not in t]
    assert not [t for t in said if tu_words(t)]
    for tu in ("Relájate.", "Quédate quieta.", "Puedes parar.", "Es para ti.", "Sentarte."):
        assert tu_words(tu), tu
    for usted in ("Rápidamente.", "Usted respira.", "Deje que baje.", "Tome aire y suéltelo."):
        assert not tu_words(usted), usted


RISKY = """\
holdspace: 1
title: Prueba
language: LANGUAGE
ADDRESS
care:
  resource: "RESOURCE"
segments:
  - speak: "Relájate y no abras los ojos hasta que yo lo diga."
  - speak: "Empuja más fuerte, el dolor es bueno; hoy vas a soltar."
  - speak: "Respira rápido y aguanta el aire."
  - pose: butterfly
"""


def _findings(tmp_path: Path, language: str, address: str, resource: str) -> list[str]:
    path = tmp_path / "r.yaml"
    text = RISKY.replace("LANGUAGE", language).replace("ADDRESS", address)
    path.write_text(text.replace("RESOURCE", resource), "utf-8")
    result = CliRunner().invoke(cli, ["lint", str(path)])
    return [line for line in result.stdout.splitlines() if "address-mixed" not in line]


def _examples(found: list[str]) -> list[str]:
    return [m.group(1) for line in found for m in EXAMPLE.finditer(line.split(" — ", 1)[1])]


def test_lint_offers_its_sentences_in_the_scripts_address(tmp_path: Path) -> None:
    """A therapist writing in usted was offered "quizá notes…" and "puedes salir cuando
    quieras" to paste into her script: each suggestion's example is now in her address, and the
    words to her (the author) stay as they were."""
    resource = "Asegúrese de llamarme mañana."
    in_tu = _findings(tmp_path, "es", "", "Asegúrate de llamarme mañana.")
    in_usted = _findings(tmp_path, "es", "address: usted", resource)
    assert len(in_usted) == len(in_tu) >= 7  # the same findings, rule by rule
    said = _examples(in_usted)
    assert len(said) == len(in_usted)
    assert not [s for s in said if tu_words(s)], said
    assert "quizá note si algo quiere suavizarse un poco; si nada cambia, también está bien" in said
    assert "si lo desea, puede contarme cómo le fue" in said  # the helpline's rewrite
    assert all(line.split(" — ")[1].split(" p. ej.")[0] in tu.split(" — ")[1]
               for line, tu in zip(in_usted, in_tu, strict=True))  # fmt: skip
    in_vos = _examples(_findings(tmp_path, "es-AR", "", "Contame mañana cómo te fue."))
    assert "si tenés ganas, podés contarme cómo te fue" in in_vos
    assert "quizá notes algo, o nada; las dos cosas están bien" in _examples(in_tu)


def test_a_helpline_in_usted_or_vos_is_an_offer_or_pressure_as_in_tu() -> None:
    """Usted's and vos's "si lo desea, puede llamarme" is an offer; "asegúrese de llamarme",
    "llámeme", "contame" press, as "asegúrate" and "llámame" do."""
    for pressing in ("Asegúrese de llamarme mañana.", "Llámeme mañana y cuénteme.",
                     "Contame mañana cómo te fue.", "No se olvide de escribirme.",
                     "Tenés que avisarme.",
                     "Llámame mañana; hablar puede ayudar."):  # fmt: skip
        assert pressure(pressing, "es"), pressing
    for offer in ("Si lo desea, puede llamarme mañana.", "Cuando quiera, escríbame.",
                  "Si querés, contame cómo te fue.", "Si lo necesita, llame al centro."):  # fmt: skip
        assert pressure(offer, "es") is None, offer


@pytest.mark.parametrize(
    ("said", "usted"),
    [
        ("Relájate y deja que tu cuerpo se abra.", "Relájese y deje que su cuerpo se abra."),
        ("Toma lo que te sirva y deja el resto.", "Tome lo que le sirva y deje el resto."),
        (
            "Entrégate al suelo, suelta la cadera y confía.",
            "Entréguese al suelo, suelte la cadera y confíe.",
        ),  # fmt: skip
        (
            "Muévete cuando quieras, pero respira despacio.",
            "Muévase cuando quiera, pero respire despacio.",
        ),  # fmt: skip
        ("Y ahora relájate.", "Y ahora relájese."),
        # "deja", "baja", "sube" are also the present tense: turned only where an order stands
        (
            "Relájate si quieres y nota cómo tu respiración deja de ir deprisa.",
            "Relájese si quiere y note cómo su respiración deja de ir deprisa.",
        ),
        (
            "Si quieres, baja la rodilla mientras el aire sube y baja.",
            "Si quiere, baje la rodilla mientras el aire sube y baja.",
        ),
    ],
)
def test_a_tu_line_is_offered_whole_in_usted_orders_and_all(
    tmp_path: Path, said: str, usted: str
) -> None:
    """A tester's "Relájate y deja que tu cuerpo se abra para el parto." was told only "write
    it in usted": its orders had no entry in the table. An order where an order stands (first in
    its clause, after "y", "pero") of a verb lint knows is said to usted, its stress kept."""
    path = tmp_path / "o.yaml"
    path.write_text(
        f'holdspace: 1\ntitle: T\nlanguage: es\naddress: usted\nsegments:\n  - speak: "{said}"\n',
        "utf-8",
    )
    found = [
        line
        for line in CliRunner().invoke(cli, ["lint", str(path)]).stdout.splitlines()
        if "address-mixed" in line
    ]
    assert len(found) == 1 and f"«{usted}»" in found[0], found
