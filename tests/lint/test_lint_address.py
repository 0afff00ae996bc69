"""``address-mixed`` (generator/lint/address.py): an own line in *tú* in a script in *usted*."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from spanish_text import BUILT_IN

from generator.care.forms import in_address
from generator.cli.main import cli
from generator.lint.address import tu_words

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
