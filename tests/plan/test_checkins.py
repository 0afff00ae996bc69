"""Which check-ins are said: varied, each offering a way out, never the same twice in a row, the
same for the same seed."""

from __future__ import annotations

import re

import pytest

from generator.care.data import LANGUAGES
from generator.care.softeners import sentences
from generator.lint.rules import has_exit_offer
from generator.plan.checkins import KINDS, CheckIns, choose_check_ins

# An independent check (not the linter's list) that a check-in offers a way out.
EXIT = {
    "en": re.compile(
        r"come out|coming out|ease off|easing off|back(ing)? off|stop|pause|leave the shape", re.I
    ),
    "es": re.compile(r"salir|sal del|afloj|parar|pausa|retroceder|deshacer la postura", re.I),
}


def words(text: str) -> int:
    return len(text.split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_choice_is_deterministic_per_seed(lang: str) -> None:
    assert choose_check_ins(20, lang, seed=7) == choose_check_ins(20, lang, seed=7)
    assert choose_check_ins(20, lang, seed=7) != choose_check_ins(20, lang, seed=8)
    assert choose_check_ins(0, lang, seed=7) == []


@pytest.mark.parametrize("seed", [0, 1, 42, 2024])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_check_in_offers_a_way_out_and_never_repeats_back_to_back(
    lang: str, seed: int
) -> None:
    items = choose_check_ins(200, lang, seed)
    assert len(items) == 200
    assert all(a.text != b.text for a, b in zip(items, items[1:], strict=False))
    assert {c.kind for c in items} == set(KINDS)
    for item in items:
        assert EXIT[lang].search(item.text), item.text
        assert has_exit_offer(item.text, lang), item.text
        assert words(item.text) <= 25


# A rest has no shape to come out of: its way out is moving, changing position or stopping.
REST_EXIT = {
    "en": re.compile(r"\bmove\b|change position|stop|pause", re.I),
    "es": re.compile(r"moverte|cambiar de posición|parar|pausa", re.I),
}


@pytest.mark.parametrize("seed", [0, 1, 42, 2024])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_check_in_has_a_resting_form_with_a_rests_own_way_out(lang: str, seed: int) -> None:
    items = choose_check_ins(200, lang, seed)
    rests = [c.line(resting=True) for c in items]
    assert all(a != b for a, b in zip(rests, rests[1:], strict=False))
    for item, rest in zip(items, rests, strict=True):
        assert REST_EXIT[lang].search(rest) and has_exit_offer(rest, lang), rest
        assert not re.search(r"come out|coming out|\bsalir\b", rest, re.I), rest
        assert words(rest) <= 25
        if item.kind != "exit":  # the same noticing or moving words, with a rest's way out
            assert rest.startswith(item.base)
        if item.kind == "move":  # it offers moving already: the tail offers stopping, not again
            tail = rest.removeprefix(item.base)
            assert re.search(r"stop|parar", tail, re.I) and not re.search(
                r"move|moverte|posici", tail, re.I
            )
    assert choose_check_ins(200, lang, seed) == items  # the shapes' words did not change either
    # a rest's way out is not said again within two check-ins ("You can stop at any point."
    # twice, 90 s apart, in a three-minute rest)
    outs = [sentences(rest)[-1] for rest in rests]
    assert all(c not in (a, b) for a, b, c in zip(outs, outs[1:], outs[2:], strict=False))


def test_the_sequence_goes_on_across_holds_and_own_lines_take_turns() -> None:
    built_in = CheckIns("en", seed=3)
    first = [built_in.peek(k) for k in range(3)]
    built_in.use(2)
    assert built_in.peek(0) == first[2]
    own = CheckIns(None, seed=3, own=("One.", "Two."))
    assert [own.peek(k) for k in range(3)] == ["One.", "Two.", "One."]
    assert not CheckIns(None, seed=3).available
