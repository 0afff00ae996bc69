"""A manifest row's helpline beside the script's own resource line (generator/lint/helpline.py)."""

from __future__ import annotations

import pytest

from generator.lint.helpline import repeated_number


@pytest.mark.parametrize(
    ("own", "helpline", "repeated"),
    [
        ("Ring me on 0113 496 0000.", "If you like, ring me on 0113 496 0000.", "0113 496 0000"),
        ("You can call or text 988, any time.", "If you need to talk, call or text 988.", "988"),
        (
            "Puedes llamar o mandar un mensaje al 988, a cualquier hora.",
            "Puedes llamar a la Línea 988 y marcar el 2 para español.",
            "988",
        ),
        ("Call 999 in an emergency.", "You can call 111 or 999.", None),  # 111 is new
        ("Call me on 0113 496 0000.", "Call the Samaritans on 116 123.", None),
        ("Take five minutes for yourself.", "You can call or text 988.", None),
        (None, "You can call or text 988.", None),
    ],
)
def test_a_helpline_whose_numbers_the_script_gives_already_is_repeated(
    own: str | None, helpline: str, repeated: str | None
) -> None:
    """A tester's US crisis line, 988, was said twice in a row: the check knew only numbers of
    five digits or more."""
    assert repeated_number(own, helpline) == repeated
