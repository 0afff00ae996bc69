"""The lengths an author's own words give the practice (generator/lint/timing.py)."""

from __future__ import annotations

import pytest

from generator.lint.timing import said_minutes


@pytest.mark.parametrize(
    ("lang", "text", "said"),
    [
        ("en", "A ten-minute practice for tired hips.", ("ten-minute", 10.0)),
        ("en", "This breath practice lasts about eight minutes.", ("eight minutes", 8.0)),
        ("es", "Vamos a movernos por unos diez minutos.", ("diez minutos", 10.0)),
        ("es", "Esta práctica de respiración dura unos ocho minutos.", ("ocho minutos", 8.0)),
        ("en", "Stay in each shape for about three minutes.", None),
        ("en", "Take a minute to arrive.", None),
        ("es", "Quédate unos cinco minutos por cada lado.", None),
        ("es", "Quédate en cada postura unos cinco minutos.", None),
    ],
)
def test_a_length_is_the_practices_unless_said_of_a_part(
    lang: str, text: str, said: tuple[str, float] | None
) -> None:
    """ "por" is also "for" ("por unos diez minutos"), and a breathing practice's length is the
    track's: neither makes a length a part's."""
    assert said_minutes(text, lang) == said
