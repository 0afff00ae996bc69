"""Readable captions: cut at the voice's own pauses, two lines of 42 characters, 7 s at most."""

from __future__ import annotations

from generator.output.captions import caption_cues, wrap
from generator.plan.types import ChapterMark, Event, Plan

SR = 1000  # one sample a millisecond: times read directly


def plan_of(*sentences: list[tuple[str, int, int]]) -> Plan:
    events = []
    for sentence in sentences:
        for i, (text, start, end) in enumerate(sentence):
            events.append(Event("speech", start, end, 1, text, "speak", continues=i > 0))
    last = max(e.end for e in events)
    return Plan("T", SR, last + 1000, tuple(events), (ChapterMark("T", 0, last + 1000),), 0)


def test_a_short_sentence_is_one_cue_from_its_first_word_to_its_last() -> None:
    cues = caption_cues(plan_of([("Breathe in slowly,", 0, 1500), ("and let it go.", 1800, 3000)]))
    assert [(c.start, c.end, c.lines) for c in cues] == [
        (0, 3000, ("Breathe in slowly, and let it go.",))
    ]


def test_a_long_sentence_is_cut_at_its_clauses() -> None:
    sentence = [
        ("If you like, let your knees fall a little wider,", 0, 3000),
        ("resting your hands wherever they are comfortable,", 3300, 6200),
        ("and notice the floor holding you.", 6500, 8600),
    ]
    cues = caption_cues(plan_of(sentence))
    assert [(c.start, c.end) for c in cues] == [(0, 3000), (3300, 6200), (6500, 8600)]
    for c in cues:
        assert len(c.lines) <= 2 and all(len(line) <= 42 for line in c.lines)
        assert c.end - c.start <= 7000
    assert " ".join(" ".join(c.lines) for c in cues) == " ".join(t for t, _, _ in sentence)


def test_a_cue_never_lasts_over_seven_seconds() -> None:
    sentence = [("Slowly now,", 0, 2000), ("very slowly,", 2300, 5000), ("rest here.", 5300, 7600)]
    cues = caption_cues(plan_of(sentence))
    assert all(c.end - c.start <= 7000 for c in cues)
    assert [(c.start, c.end) for c in cues] == [(0, 5000), (5300, 7600)]


def test_one_clause_too_long_for_a_cue_is_cut_between_words() -> None:
    text = (
        "Notice the weight of your body resting on the floor beneath you and the slow rhythm "
        "of your breathing as it comes and goes on its own"
    )
    cues = caption_cues(plan_of([(text, 1000, 11000)]))
    assert len(cues) >= 2 and cues[0].start == 1000 and cues[-1].end == 11000
    words = " ".join(" ".join(c.lines) for c in cues).split()
    assert words == text.split()  # no word lost or cut in two
    for a, b in zip(cues, cues[1:], strict=False):
        assert a.end == b.start
    assert all(len(c.lines) <= 2 and all(len(x) <= 42 for x in c.lines) for c in cues)
    assert all(c.end - c.start <= 7000 for c in cues)


def test_sentences_never_share_a_cue() -> None:
    cues = caption_cues(plan_of([("One.", 0, 500)], [("Two.", 1200, 1700)]))
    assert [c.lines for c in cues] == [("One.",), ("Two.",)]


def test_wrap_breaks_between_words_only() -> None:
    assert wrap("a " * 30) == ["a " * 14 + "a", "a " * 14 + "a"]  # as even as the words allow
    assert wrap("a " * 50) == ["a " * 20 + "a", "a " * 20 + "a", "a " * 7 + "a"]
    long_word = "x" * 50
    assert wrap(f"one {long_word} two") == ["one", long_word, "two"]


def test_no_word_is_left_hanging_alone() -> None:
    """A tester saw "okay." and "lentas" alone in cues: two lines are broken where they come out
    even, and a few words said slowly stay one cue."""
    lines = wrap("Moving, shifting or fidgeting is welcome all the way through, okay.")
    assert len(lines) == 2 and all(len(line.split()) >= 3 for line in lines)
    cues = caption_cues(plan_of([("Respiraciones muy lentas.", 0, 9000)]))
    assert [c.lines for c in cues] == [("Respiraciones muy lentas.",)]
