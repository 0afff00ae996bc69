"""Built-in words do not say again what was said a moment ago (generator/plan/repeats.py), and
the care that must be said each time still is."""

from __future__ import annotations

import pytest

from generator.care.phrases import phrase_data
from generator.plan.planner import plan_session
from generator.plan.repeats import echoes, without_echoes
from generator.plan.types import Plan
from generator.script.load import load_text

SR = 8000


def measure(text: str) -> int:
    return round(0.4 * len(text.split()) * SR)  # a fake voice: 0.4 s a word


def plan_text(body: str, head: str = "", lang: str = "en") -> Plan:
    script = f"holdspace: 1\ntitle: T\nlanguage: {lang}\n{head}segments:\n{body}"
    return plan_session(load_text(script, "t.yaml"), measure, sample_rate=SR)


def heard(plan: Plan) -> str:
    return " ".join(e.text or "" for e in plan.speech())


ANCHORS_OPENING = (
    "care:\n  opening: >-\n    Welcome. If the breath is not a comfortable place for your attention, "
    "you might notice your feet on the floor or the sounds around you.\n"
)


def test_the_natural_breath_does_not_offer_the_anchors_the_opening_just_offered() -> None:
    p = plan_text("  - breath: natural\n", ANCHORS_OPENING)
    said = heard(p)
    assert said.count("comfortable place for your attention") == 1
    assert "can be anchors instead" not in said
    assert "you can simply notice the breath as it is" in said  # the instruction stays
    head = "care:\n  opening: Welcome, and thank you for being here.\n"  # no anchors said before
    assert "can be anchors instead" in heard(plan_text("  - breath: natural\n", head))


def test_an_offer_said_long_ago_is_said_again() -> None:
    p = plan_text("  - pause: 6m\n  - breath: natural\n", ANCHORS_OPENING)
    assert "can be anchors instead" in heard(p)


def test_the_closing_does_not_ask_again_for_fingers_and_toes() -> None:
    p = plan_text("  - pose: savasana\n    hold: 2m\n")
    exit_said = " ".join(e.text or "" for e in p.speech() if e.role == "exit")
    closing = " ".join(e.text or "" for e in p.speech() if e.role == "closing")
    assert "fingers and toes" in exit_said
    assert "fingers and toes" not in closing
    assert closing.startswith("The practice is coming to an end now")
    care = phrase_data("en")["closing"]["care"]
    assert all(sentence.split(",")[0] in closing for sentence in care)
    es = plan_text("  - pose: savasana\n    hold: 2m\n", lang="es")
    assert heard(es).count("dedos de las manos y de los pies") <= 1


def test_the_closing_does_not_ask_again_to_look_around_the_room() -> None:
    own = "  - pause: 10s\n  - speak: When you are ready, look around the room.\n"
    closing = " ".join(e.text or "" for e in plan_text(own).speech() if e.role == "closing")
    assert "look around the room" not in closing
    assert "listen for a few sounds" in closing  # the other anchors stay
    assert "not a replacement for care" in closing
    asked_long_ago = "  - speak: Look around the room.\n  - pause: 6m\n"
    later = " ".join(
        e.text or "" for e in plan_text(asked_long_ago).speech() if e.role == "closing"
    )
    assert "look around the room" in later


def test_the_care_note_is_said_even_when_the_opening_said_it() -> None:
    head = (
        "care:\n  opening: >-\n    Welcome. This practice is not a replacement for care; if "
        "something difficult came up, reaching out to someone you trust, or to a professional, "
        "can help.\n"
    )
    closing = " ".join(e.text or "" for e in plan_text("  - pause: 10s\n", head).speech()
                       if e.role == "closing")  # fmt: skip
    assert "This practice is not a replacement for care." in closing
    assert "reaching out to someone you trust" in closing


def test_the_roll_note_is_shorter_the_second_time() -> None:
    p = plan_text(
        "  - pose: knees_to_chest\n  - pose: butterfly\n  - pose: savasana\n    hold: 1m\n"
    )
    cautions = [e.text or "" for e in p.speech() if e.role == "caution" and not e.continues]
    full = phrase_data("en")["roll"].split(",")[0]
    assert sum(c.startswith(full) for c in cautions) == 1
    assert phrase_data("en")["roll_again"] in cautions


@pytest.mark.parametrize(
    ("sentence", "earlier", "lang", "expected"),
    [
        ("Small movements can help here, like wiggling your fingers and toes.",
         ["When you're ready, begin with small movements of your fingers and toes."], "en", True),
        ("Breathing in your own way is always fine.",
         ["You can join in, or keep breathing your own way; any breath that feels okay is fine."],
         "en", False),
        ("Perhaps notice your feet, and whatever is underneath you.",
         ["Notice the bed underneath you."], "en", False),
        # the whole of a short sentence said again, inside a longer one
        ("If your eyes have been closed, you can let them open, and look around the room at a few "
         "things you can see.", ["Take your time to look around the room."], "en", True),
        ("If your eyes have been closed, you can let them open, and look around the room at a few "
         "things you can see.", ["Notice the room around you, and the floor."], "en", False),
        ("Si no te resulta cómodo poner la atención en la respiración, puedes llevarla a los pies, "
         "a las manos o a los sonidos de tu alrededor.",
         ["Si la respiración no te resulta cómoda, puedes poner la atención en los pies, las manos "
          "o los sonidos de tu alrededor."], "es", True),
    ],
)  # fmt: skip
def test_echoes_needs_most_of_the_words(
    sentence: str, earlier: list[str], lang: str, expected: bool
) -> None:
    assert echoes(sentence, earlier, lang) is expected


def test_the_first_sentence_is_always_kept() -> None:
    text = "Notice the breath. Notice the breath as it is, without changing it."
    assert without_echoes(text, ["Notice the breath as it is, without changing it."], "en") == (
        "Notice the breath."
    )
    assert without_echoes(text, [text], "en").startswith("Notice the breath.")


@pytest.mark.parametrize(
    ("lang", "greeting", "opening", "heard_first"),
    [
        ("en", "Hello, Maya.", "true", "Hello, Maya, and welcome. This is a gentle practice"),
        ("en", "Hello, Maya.", "Welcome. Thank you for being here.",
         "Hello, Maya, and welcome. Thank you for being here."),
        ("en", "Hello, Maya!", "Welcome. Thank you for being here.",
         "Hello, Maya! Welcome. Thank you for being here."),
        ("en", "Hello, Maya.", "Welcome back, Maya.", "Hello, Maya. Welcome back, Maya."),
        ("es", "Hola, Maya.", "true", "Hola, Maya, te doy la bienvenida. Esta es una práctica"),
    ],
)  # fmt: skip
def test_a_greeting_welcomes_once(lang: str, greeting: str, opening: str, heard_first: str) -> None:
    head = f"care:\n  greeting: {greeting!r}\n  opening: {opening}\n"
    said = heard(plan_text("  - pose: butterfly\n", head, lang=lang))
    assert said.startswith(heard_first), said[:120]


SIDE_POSES = [p.id for p in __import__("generator.care.poses", fromlist=["x"]).all_poses()
              if p.has_sides]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("pose", SIDE_POSES)
def test_the_second_side_is_named_once(pose: str, lang: str) -> None:
    """The switch says "the other side" and the side's own words say which ("This side: turning
    to your right."): "try the right side. This side: turning to your right" named it twice."""
    for seed in range(3):
        script = (
            f"holdspace: 1\ntitle: T\nlanguage: {lang}\n"
            f"care: {{opening: false}}\nsegments:\n  - pose: {pose}\n"
        )
        p = plan_session(load_text(script, "t.yaml"), measure, sample_rate=SR, seed=seed)
        said = " ".join(e.text or "" for e in p.speech() if e.role == "switch").lower()
        switch = said.split("this side:")[0].split("esta vez, ")[0]  # the lead may name it
        right = "right" if lang == "en" else "derech"
        assert said.count(right) >= 1, said
        assert "the right side" not in switch and "lado derecho" not in switch, switch


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_switch_says_the_other_side_twice(lang: str) -> None:
    other = "other" if lang == "en" else "otro"
    for pose in SIDE_POSES:
        info = __import__("generator.care.poses", fromlist=["x"]).get_pose(pose)
        for text in info.switch(lang, "right", other=True):
            assert text.lower().count(other) <= 1, text


@pytest.mark.parametrize(
    ("lang", "first"),
    [
        ("en", "We'll begin lying on your left side, your right knee on top."),
        ("es", "Para empezar, sobre el lado izquierdo, con la rodilla derecha arriba."),
    ],
)
def test_a_side_its_own_words_name_is_named_once(lang: str, first: str) -> None:
    p = plan_text("  - pose: side_lying_clam\n", "care: {opening: false}\n", lang=lang)
    cues = " ".join(e.text or "" for e in p.speech() if e.role == "cue")
    assert first in cues
    assert "left side: lying" not in cues and "izquierdo: sobre" not in cues


def test_no_roll_note_between_two_lying_shapes() -> None:
    """From the back onto the side is the roll itself: nobody sits up in between."""
    p = plan_text("  - pose: knees_to_chest\n  - pose: side_lying_clam\n  - pose: butterfly\n")
    cautions = [e for e in p.speech() if e.role == "caution" and "rolling" in (e.text or "")]
    assert cautions == []
    back_then_sit = plan_text("  - pose: knees_to_chest\n  - pose: butterfly\n")
    assert any("rolling" in (e.text or "") for e in back_then_sit.speech() if e.role == "caution")


def test_a_greeting_without_an_opening_is_said_once() -> None:
    head = "care:\n  greeting: Hello, Maya.\n  opening: false\n"  # (an empty opening is refused)
    said = heard(plan_text("  - pose: butterfly\n", head))
    assert said.startswith("Hello, Maya. Coming up next") and said.count("Hello, Maya") == 1
