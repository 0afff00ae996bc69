"""Built-in spoken text: varied check-ins that always offer a way out, an opening that says what
will happen, and a closing that grounds and points to care."""

from __future__ import annotations

import re

import pytest

from generator.care.closing import with_added
from generator.care.data import LANGUAGES
from generator.care.greetings import greeted
from generator.care.numbers import duration_words
from generator.care.phrases import (
    chapter_title,
    check_in_pool,
    closing_text,
    comment_note,
    exit_tails,
    opening_text,
    side_name,
)
from generator.care.poses import get_pose
from generator.lint.rules import lint_text
from generator.plan.checkins import KINDS
from generator.plan.wording import Wording

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
def test_pools_are_big_enough_and_short(lang: str) -> None:
    pool = check_in_pool(lang)
    for kind in KINDS:
        assert len([text for k, text in pool if k == kind]) >= 8, kind
    assert all(words(text) <= 15 for _, text in pool)
    assert len(exit_tails(lang)) >= 8 and all(words(t) <= 15 for t in exit_tails(lang))
    assert all(EXIT[lang].search(text) for k, text in pool if k == "exit")


@pytest.mark.parametrize(
    ("lang", "seconds", "expected"),
    [
        ("en", 60, "a minute"),
        ("en", 430, "seven minutes"),
        ("en", 1190, "twenty minutes"),
        ("en", 1530, "twenty-five minutes"),
        ("en", 3600, "an hour"),
        ("en", 5400, "an hour and a half"),
        ("en", 9000, "two and a half hours"),
        ("es", 60, "un minuto"),
        ("es", 1200, "veinte minutos"),
        ("es", 2700, "cuarenta y cinco minutos"),
        ("es", 4500, "una hora y cuarto"),
        ("es", 5400, "una hora y media"),
        ("es", 7200, "dos horas"),
    ],
)
def test_durations_are_spoken_naturally(lang: str, seconds: float, expected: str) -> None:
    assert duration_words(lang, seconds) == expected


@pytest.mark.parametrize(
    ("lang", "stop", "eyes", "anchors", "feelings"),
    [
        ("en", r"\b(stop|pause)\b", r"eyes can stay open", r"feet.*sounds.*hands", r"feelings"),
        (
            "es",
            r"\b(parar|pausar)\b",
            r"ojos pueden quedarse abiertos",
            r"pies.*sonidos.*manos",
            r"sentimientos",
        ),
    ],
)
def test_opening_covers_choice_eyes_anchors_and_feelings(
    lang: str, stop: str, eyes: str, anchors: str, feelings: str
) -> None:
    text = " ".join(opening_text(lang, 1200, ["x"]))
    for pattern in (stop, eyes, anchors, feelings):
        assert re.search(pattern, text, re.I), pattern


def outline_item(lang: str, name: str, both_sides: bool = False) -> str:
    return Wording(lang, 0).outline_item(get_pose(name), both_sides)


def test_opening_outline_names_the_shapes_and_the_real_duration() -> None:
    outline = [
        outline_item("en", "child's pose"),
        outline_item("en", "pigeon", both_sides=True),
        outline_item("en", "butterfly"),
        "a rest",
    ]
    text = opening_text("en", 1200, outline)
    assert (
        "This practice takes twenty minutes: child's pose, pigeon on each side, butterfly, and a rest."
        in text
    )
    # the length said honestly: to five minutes past twenty when that is within a minute, else
    # to the minute; "about" when what is said is more than 20 s off (36:46 is not "thirty-five")
    assert any("takes twenty-two minutes" in s for s in opening_text("en", 1330, outline))
    assert any("takes about thirty minutes" in s for s in opening_text("en", 1742, outline))
    assert any("takes thirty-seven minutes" in s for s in opening_text("en", 2206, outline))
    assert any("takes about thirty-eight minutes" in s for s in opening_text("en", 2253, outline))
    assert any("dura alrededor de catorce minutos" in s for s in opening_text("es", 870, []))
    es = [outline_item("es", "childs_pose"), outline_item("es", "pigeon", True), "un descanso"]
    assert (
        "Esta práctica dura veinte minutos: postura del niño, paloma a cada lado y un descanso."
        in (opening_text("es", 1200, es))
    )
    assert any("diez minutos" in s for s in opening_text("es", 600, []))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_chair_sessions_get_a_chair_welcome(lang: str) -> None:
    chair = opening_text(lang, 600, [], chair=True)[0]
    assert chair != opening_text(lang, 600, [])[0]
    assert re.search(r"chair|silla", chair)


@pytest.mark.parametrize(
    ("lang", "grounding", "care"),
    [
        (
            "en",
            [r"feet", r"sounds", r"fingers and toes", r"look around"],
            [r"not a replacement for care", r"someone you trust", r"professional"],
        ),
        (
            "es",
            [r"pies", r"sonidos", r"dedos", r"mirar alrededor"],
            [r"no sustituye", r"alguien de confianza", r"profesional"],
        ),
    ],
)
def test_closing_grounds_then_points_to_care(
    lang: str, grounding: list[str], care: list[str]
) -> None:
    sentences = closing_text(lang, None)
    text = " ".join(sentences)
    for pattern in grounding + care:
        assert re.search(pattern, text), pattern
    first_care = next(i for i, s in enumerate(sentences) if re.search(care[0], s))
    assert all(not re.search(care[0], s) for s in sentences[:first_care])
    assert first_care >= len(grounding)


def test_closing_adds_the_author_resource_line_only_when_given() -> None:
    line = "In the UK you can call Samaritans on 116 123."
    assert line in closing_text("en", line)
    assert closing_text("en", "  ") == closing_text("en", None)


@pytest.mark.parametrize(
    ("lang", "closing", "said"),
    [
        ("en", "Thanks for being here.", "HELP. Thanks for being here."),
        (
            "en",
            "Rest a moment. Goodbye for now. Be well.",
            "Rest a moment. HELP. Goodbye for now. Be well.",
        ),
        ("en", "Thank you. Now rest a moment.", "Thank you. Now rest a moment. HELP."),
        ("en", "Rest a moment.", "Rest a moment. HELP."),
        ("es", "Quédate un momento. Hasta pronto.", "Quédate un momento. HELP. Hasta pronto."),
        ("es", "Muchas gracias. ¡Cuídate!", "HELP. Muchas gracias. ¡Cuídate!"),
        ("es", "Quédate un momento.", "Quédate un momento. HELP."),
        # in usted (address: usted)
        ("es", "Quédese un momento. Cuídese.", "Quédese un momento. HELP. Cuídese."),
        ("es", "Descanse. Que esté bien.", "Descanse. HELP. Que esté bien."),
    ],
)
def test_an_own_closing_hears_its_resource_before_its_thanks(
    lang: str, closing: str, said: str
) -> None:
    assert with_added(lang, closing, "HELP.") == said
    assert with_added(lang, closing, "") == closing


@pytest.mark.parametrize("lang", LANGUAGES)
def test_small_words(lang: str) -> None:
    assert side_name(lang, "left") != side_name(lang, "right")
    titles = {chapter_title(lang, key) for key in ("opening", "closing", "breathing", "rest")}
    assert len(titles) == 4
    assert chapter_title(lang, "Opening") == chapter_title(lang, "opening")
    with pytest.raises(ValueError):
        side_name(lang, "middle")
    with pytest.raises(ValueError):
        chapter_title(lang, "intermission")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("poses", [True, False])
def test_comment_note_names_choice_and_care(lang: str, poses: bool) -> None:
    note = comment_note(lang, poses=poses)
    assert EXIT[lang].search(note)
    assert re.search(r"not a replacement|no sustituye", note)
    assert "\n" not in note
    # a breathing or grounding track says nothing of hip shapes it does not have
    assert bool(re.search(r"\b(hip|cadera)", note, re.I)) is poses


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_healing_claims_in_phrases(lang: str) -> None:
    from generator.care.phrases import all_texts

    for text in all_texts(lang):
        assert not [f for f in lint_text(text, lang) if f.rule_id == "healing-claim"], text
        assert not re.search(r"\b(heals?|cures?|sana|cura)\b", text, re.I), text


def test_unsupported_language_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        check_in_pool("fr")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_authors_help_line_takes_the_place_of_the_general_one(lang: str) -> None:
    """Two lines of help back to back ("reaching out to someone you trust…" and the clinic's
    helpline) were heard as heavy: the author's own line replaces the general one; the care
    note that the practice is no replacement for care stays."""
    from generator.care.phrases import closing_text, phrase_data

    general, replacement = (
        phrase_data(lang)["closing"]["care"][1],
        phrase_data(lang)["closing"]["care"][0],
    )
    plain = closing_text(lang, None)
    assert general in plain and replacement in plain
    own = closing_text(lang, "You can call 116 123, day or night.")
    assert general not in own and replacement in own
    assert own.index(replacement) + 1 == own.index("You can call 116 123, day or night.")


def test_the_built_in_english_is_spelt_as_both_sides_of_the_atlantic_read_it() -> None:
    """A chaplain in Sheffield read "center" 34 times and "toward" 82 times in his staff's
    transcripts: the built-in English uses words spelt alike in British and American English
    ("the middle", "towards"), so no listener reads the other's spelling."""
    from pathlib import Path

    data = Path(__file__).resolve().parents[2] / "generator" / "data"
    sessions = data.parents[1] / "sessions"  # the shipped ones, which authors copy from
    files = [data / "phrases.en.yaml", data / "poses.yaml", data / "compose.yaml",
             data / "breathing.yaml", *sorted((data / "templates").glob("*.yaml")),
             *sorted(f for f in sessions.glob("*.yaml") if "\nlanguage: es" not in f.read_text())]  # fmt: skip
    marked = re.compile(
        r"\b(?:cent(?:er|re)s?|toward|colou?rs?|favou?rite|gr[ae]y|reali[sz]e[sd]?|"
        r"practicing|practising|mom|mum)\b",
        re.IGNORECASE,
    )
    found = {f.name: sorted(set(marked.findall(f.read_text(encoding="utf-8")))) for f in files}
    assert not {name: words for name, words in found.items() if words}


@pytest.mark.parametrize(
    ("lang", "greeting", "opening", "said"),
    [
        ("en", "Hello, Grace.", "Hi, it's Inés.", ("", "Hi, Grace, it's Inés.")),
        ("es", "Hola, Lucía.", "Hola, soy Inés.", ("", "Hola, Lucía, soy Inés.")),
        (
            "es",
            "Hola, Ramiro.",
            "Buenas tardes, habla Inés.",
            ("", "Buenas tardes, Ramiro, habla Inés."),
        ),
        ("es", "Hola, Lucía.", "¡Hola! Soy Inés.", ("", "¡Hola, Lucía! Soy Inés.")),
        ("en", "Hello, Grace.", "Hi Grace, it's me.", ("", "Hi Grace, it's me.")),
        ("en", "Hello, Grace.", "Hello.", ("", "Hello, Grace.")),
        # a group greeted, or a greeting of their own words: both said (a note says the first)
        (
            "en",
            "Hello, Grace.",
            "Good morning, everyone.",
            ("Hello, Grace.", "Good morning, everyone."),
        ),
        ("en", "Hello, Grace.", "Hi there, it's me.", ("Hello, Grace.", "Hi there, it's me.")),
        ("en", "Hello, Grace.", "Highlands air today.", ("Hello, Grace.", "Highlands air today.")),
    ],
)
def test_an_own_opening_that_greets_takes_the_listeners_name(
    lang: str, greeting: str, opening: str, said: tuple[str, str]
) -> None:
    """A tester's tracks said "Hello, Grace." and then "Hi, it's Inés.": greeted twice."""
    assert greeted(lang, greeting, opening) == said
