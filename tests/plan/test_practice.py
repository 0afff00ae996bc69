"""The practice rules in the plan: poses, breathing, check-ins, chimes, opening, closing, fitting
to a length. A fake voice (0.4 s a word) makes every time exact."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from generator.care.breathing import all_patterns, get_pattern
from generator.care.numbers import duration_words
from generator.care.poses import all_poses, get_pose
from generator.errors import InputError
from generator.lint.rules import has_exit_offer
from generator.plan.holds import EXIT_EVERY_S
from generator.plan.planner import plan_session
from generator.plan.types import Plan
from generator.script.load import load_session, load_text

SR = 8000
ROOT = Path(__file__).resolve().parents[2]


def measure(text: str) -> int:
    return round(len(text.split()) * 0.4 * SR)


def plan(body: str, head: str = "", **kw) -> Plan:
    script = f"holdspace: 1\ntitle: T\n{head}segments:\n{body}"
    return plan_session(load_text(script, "t.yaml"), measure, sample_rate=SR, **kw)


@pytest.mark.parametrize("pose", [p.id for p in all_poses()])
def test_every_built_in_pose_plans_with_built_in_words(pose: str) -> None:
    p = plan(f"  - pose: {pose}\n")
    info = get_pose(pose)
    holds = [e for e in p.events if e.kind == "hold"]
    assert len(holds) == (2 if info.has_sides else 1)
    for h in holds:
        assert h.end - h.start == round(info.hold_default * SR)
    if info.has_sides:
        assert [h.role for h in holds] == ["hold:left", "hold:right"]
        assert any(e.role == "switch" for e in p.speech())


_ONE_SIDE = {"en": ("one side", "that side"), "es": ("un lado", "ese lado")}


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("pose", [p.id for p in all_poses() if p.has_sides])
def test_a_sided_shapes_words_never_undo_the_side_just_named(pose: str, lang: str) -> None:
    """ "We'll begin with the left side: your knees lowering to the left." is followed by "to
    that side", never "to one side"; done once without sides, "one side" (nothing was named)."""
    one, that = _ONE_SIDE[lang]
    info = get_pose(pose)
    other = {"en": "the other side", "es": "el otro lado"}[lang]
    for entry in info.entry(lang, with_caution=False):
        assert one not in entry.lower(), entry
        # "…leaning to your left. … leaning a little to the other side" (a tester's chair track)
        assert other not in entry.lower(), entry
    head = f"language: {lang}\ncare: {{opening: false, closing: false}}\n"
    for sides, unwanted in (("both", one), ("none", that)):
        for seed in range(len(info.entry(lang, with_caution=False))):
            p = plan(f"  - pose: {pose}\n    sides: {sides}\n", head, seed=seed)
            cue = " ".join(e.text for e in p.speech() if e.role == "cue")
            assert unwanted not in cue.lower(), (sides, cue)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("pose", [p.id for p in all_poses() if p.has_sides])
def test_a_limb_the_side_named_is_that_limb_not_one(pose: str, lang: str) -> None:
    """ "We'll begin with the left side: your left knee forward. … bring one knee forward" undid
    the side; it is "that knee" (and "one knee" when done once, without sides)."""
    import re

    from generator.care.phrases import phrase_data

    info = get_pose(pose)
    named = [
        (one, that)
        for one, that in phrase_data(lang)["named_limb"].items()
        if re.search(rf"\b{one.split()[-1]}\b", info.lead(lang, "left").lower())
    ]
    head = f"language: {lang}\ncare: {{opening: false, closing: false}}\n"
    for seed in range(len(info.entry(lang, with_caution=False))):
        both = plan(f"  - pose: {pose}\n    sides: both\n", head, seed=seed)
        cue = " ".join(e.text for e in both.speech() if e.role == "cue").lower()
        cue = cue.replace(info.title(lang).lower(), "")  # "one knee to chest" is its name
        assert not any(re.search(rf"\b{one}\b", cue) for one, _ in named), cue
        once = plan(f"  - pose: {pose}\n    sides: none\n", head, seed=seed)
        cue = " ".join(e.text for e in once.speech() if e.role == "cue").lower()
        entries = " ".join(info.entry(lang, with_caution=False)).lower()
        assert not any(that in cue and that not in entries for _, that in named), cue


@pytest.mark.parametrize("pattern", [p.id for p in all_patterns()])
def test_every_built_in_breathing_pattern_plans_with_exact_rounds(pattern: str) -> None:
    info = get_pattern(pattern)
    p = plan(f"  - breath: {pattern}\n", "care: {opening: false, closing: false}\n")
    phases = [e for e in p.events if e.kind == "hold" and e.role != "natural"]
    if info.paced:
        assert phases[-1].end - phases[0].start == round(
            info.cycle_seconds * SR
        ) * info.rounds_default or (
            abs(phases[-1].end - phases[0].start - info.cycle_seconds * SR * info.rounds_default)
            <= len(phases)
        )
        offers = ("natural", "own rhythm", "own way", "normally", "or simply listen")
        before = [e.text.lower() for e in p.speech() if e.role != "breath_outro"]
        assert any(o in t for t in before for o in offers)  # offered before the rounds end
        # and the block ends by saying the counting has ended, after the last phase
        outro = [e for e in p.speech() if e.role == "breath_outro"]
        assert outro and outro[0].start >= phases[-1].end
        assert "count" in outro[0].text or "last round" in outro[0].text
    if info.needs_caution:
        assert any(line.text == info.caution("en") for line in p.lines())
        assert any(line.text == info.skip_holds("en") for line in p.lines())


def _exit_cue_gaps(p: Plan, hold) -> list[int]:
    """Gaps between moments a way out is offered, around and inside one hold."""
    groups: list[list] = []  # each check-in's phrases, said a sentence gap apart
    for e in sorted(p.speech(), key=lambda e: e.start):
        if e.role != "check_in" or not (hold.start <= e.start < hold.end):
            continue
        if groups and e.start - groups[-1][-1].end <= 1.5 * SR:
            groups[-1].append(e)
        else:
            groups.append([e])
    points = [hold.start]  # the cue that leads into the hold has just ended
    points += [g[0].start for g in groups if has_exit_offer(" ".join(e.text for e in g), "en")]
    points.append(hold.end)  # the next cue
    return [b - a for a, b in itertools.pairwise(sorted(set(points)))]


@pytest.mark.parametrize("hold_min", [1, 2, 3, 5, 7, 10])
@pytest.mark.parametrize("every", [30, 45, 60, 90, 120, 180])
def test_check_ins_keep_a_way_out_within_two_minutes(hold_min: int, every: int) -> None:
    """Words come every check-in interval; a way out in the first of them, then at least every
    EXIT_EVERY_S (or the interval, if wider), not in every one."""
    p = plan(
        f"  - pose: savasana\n    hold: {hold_min}m\n", f"care: {{check_in_every: {every}s}}\n"
    )
    hold = next(e for e in p.events if e.kind == "hold")
    assert hold.end - hold.start == hold_min * 60 * SR  # check-ins never change the hold
    if hold_min * 60 > every:
        interval = min(every, 60)  # max_silence's default is 60 s
        gaps = _exit_cue_gaps(p, hold)
        assert max(gaps) <= max(interval, EXIT_EVERY_S) * SR
        between = gaps[1:-1]  # from one offer to the next
        assert all(g > (EXIT_EVERY_S - interval) * SR for g in between), "offered too often"
    check_ins = [e for e in p.speech() if e.role == "check_in"]
    for e in check_ins:
        assert hold.start < e.start and e.end <= hold.end - 2 * SR
    groups = [c.text for c in check_ins]
    assert all(a != b for a, b in itertools.pairwise(groups))
    speech = sorted(p.speech(), key=lambda e: e.start)
    assert all(a.end <= b.start for a, b in itertools.pairwise(speech))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_short_holds_in_a_row_still_hear_a_way_out_every_two_minutes(lang: str) -> None:
    """A tester's track fitted to a shorter length held five shapes 45 s each, too short for
    check-ins, with cues that offered no way out: 7.5 minutes without one in words. A hold due
    one says it once, in its middle."""
    from generator.plan.holds import EXIT_EVERY_S

    cue = "Settle in." if lang == "en" else "Acomódate."
    body = "".join(f"  - pose: butterfly\n    hold: 45\n    cue: {cue}\n" for _ in range(8))
    p = plan(body, f"language: {lang}\ncare: {{opening: false, closing: false}}\n")
    said = sorted(
        (e for e in p.speech() if e.role not in ("switch", "exit")), key=lambda e: e.start
    )
    offers = [e.end for e in said if has_exit_offer(e.text, lang)]
    holds = [e for e in p.events if e.kind == "hold"]
    heard = [h for h in holds if any(h.start < o <= h.end for o in offers)]
    assert 2 <= len(heard) < len(holds)  # some holds, not every one
    ends = [0, *offers, p.duration]
    gaps = [b - a for a, b in itertools.pairwise(ends)]
    assert max(gaps) <= (EXIT_EVERY_S + 45) * SR, [g / SR for g in gaps]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("rest", [p.id for p in all_poses() if p.rest])
def test_check_ins_while_resting_never_speak_of_a_shape(lang: str, rest: str) -> None:
    """Lying still, "you can leave the shape" is odd, and "you can come out now" of a rest in a
    chair (a tester heard it); in a held shape it is what the words mean."""
    shape = re.compile(
        r"\b(shape|postura|ease off|easing off|back off|aflojar|come out|coming out|salir|sal)\b",
        re.IGNORECASE,
    )
    lengths = "".join(
        f"  - pose: {rest}\n    hold: 6m\n  - pose: butterfly\n    hold: 4m\n" for _ in range(4)
    )
    p = plan(lengths, f"language: {lang}\ncare: {{check_in_every: 30s}}\n")
    holds = [e for e in p.events if e.kind == "hold"]
    said = [
        (e, h)
        for e in p.speech()
        if e.role == "check_in"
        for h in holds
        if h.start < e.start < h.end
    ]
    resting = [e.text for e, h in said if holds.index(h) % 2 == 0]
    held = [e.text for e, h in said if holds.index(h) % 2 == 1]
    assert len(resting) >= 40 and not [t for t in resting if shape.search(t)]
    assert any(shape.search(t) for t in held)  # the same pool, where it fits


@pytest.mark.parametrize(
    ("lang", "out", "words", "other"),
    [
        ("en", "If this does not feel okay, you can come out and rest.", "come out", "Notice."),
        ("es", "Si esto no se siente bien, puedes salir y descansar.", "salir", "Nota el suelo."),
    ],
)
def test_an_own_check_in_about_coming_out_waits_while_resting(
    lang: str, out: str, words: str, other: str
) -> None:
    """A tester's "you can come out and rest" was said to listeners lying in the final rest."""
    care = f'language: {lang}\ncare:\n  check_in_every: 40s\n  check_ins: ["{out}", "{other}"]\n'
    p = plan("  - pose: butterfly\n    hold: 2m\n  - pose: savasana\n    hold: 3m\n", care)
    holds = [e for e in p.events if e.kind == "hold"]
    said = [e.text for e in p.speech() if e.role == "check_in" and holds[1].start < e.start]
    assert said and not [t for t in said if words in t], said
    assert any(words in e.text for e in p.speech() if e.role == "check_in")  # in the shape


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_bedtime_closing_welcomes_sleep_and_waking_alike(lang: str) -> None:
    def closing(place: str) -> str:
        p = plan(
            "  - pose: savasana\n    hold: 2m\n", f"language: {lang}\ncare: {{place: {place}}}\n"
        )
        return " ".join(e.text for e in p.speech() if e.role == "closing")

    floor, bed = closing("floor"), closing("bed")
    assert re.search(r"look around the room|mirar alrededor", floor)
    assert not re.search(r"look around the room|mirar alrededor", bed)
    assert re.search(r"sleep is close|el sueño está cerca", bed)  # staying is welcome
    assert re.search(r"more awake|despejarte", bed)  # and so is waking
    assert re.search(r"not a replacement for care|no sustituye", bed)  # the care note stays
    # and comes before staying or waking: a drowsy listener's last words are not a disclaimer
    care_at = re.search(r"not a replacement for care|no sustituye", bed).start()
    assert care_at < re.search(r"more awake|despejarte", bed).start()
    # sleep is the last thing offered, then the thanks: a tester's last words were "letting your
    # eyes open and finding a few things in the room"; the roll to one side is in waking's words
    assert re.search(
        r"(one side first is kinder to your back|hacia un lado suele ser más cómodo para la "
        r"espalda)\. (If sleep is close|Si el sueño está cerca)[^.]*\. (Thank you for taking this "
        r"time|Gracias por dedicarte este tiempo)\.$",
        bed,
    ), bed


@pytest.mark.parametrize(
    "closing", ['"Goodnight, Marguerite."', "false"], ids=["own closing", "no closing"]
)
def test_in_bed_the_last_rest_asks_nothing_whoever_words_the_closing(closing: str) -> None:
    """A tester's own bedtime closing ("Goodnight, Marguerite.") came after "slowly bring some
    movement back into your body" and a note about sitting up; with closing: false, the note
    came after her goodnight."""
    p = plan(
        "  - pose: reclined_butterfly\n    hold: 3m\n  - pose: savasana\n    hold: 5m\n",
        f"care: {{place: bed, closing: {closing}}}\n",
    )
    rest = max(e.line for e in p.speech())
    last = [e for e in p.speech() if e.line == rest and e.role in ("exit", "caution")]
    assert [e.text for e in last if e.role == "exit" or "roll" in (e.text or "")] == []
    floor = plan(
        "  - pose: reclined_butterfly\n    hold: 3m\n  - pose: savasana\n    hold: 5m\n",
        f"care: {{place: floor, closing: {closing}}}\n",
    )
    assert [e for e in floor.speech() if e.role == "exit" and e.line == rest]  # on the floor: asked


@pytest.mark.parametrize("lang", ["en", "es"])
def test_in_bed_no_built_in_check_in_asks_a_question(lang: str) -> None:
    """A tester heard "¿Qué sonidos oyes a tu alrededor?" in reclined butterfly at bedtime: a
    question asks for an answer, and in bed every hold is near sleep."""
    body = "  - pose: reclined_butterfly\n    hold: 5m\n  - pose: supine_twist\n    hold: 3m\n"

    def asked(place: str) -> list[str]:
        said = []
        for seed in range(12):
            p = plan(body, f"language: {lang}\ncare: {{place: {place}}}\n", seed=seed)
            said += [e.text for e in p.speech() if e.role == "check_in" and "?" in (e.text or "")]
        return said

    assert asked("floor")  # the pool has questions, asked where the listener is awake
    assert asked("bed") == []


@pytest.mark.parametrize("every", [90, 180])
def test_no_silence_longer_than_a_minute_in_holds_and_pauses(every: int) -> None:
    p = plan(
        "  - pose: savasana\n    hold: 10m\n  - pause: 5m\n",
        f"care: {{check_in_every: {every}s}}\n",
    )
    sounds = sorted((e.start, e.end) for e in p.events if e.kind in ("speech", "tone"))
    for (_, end), (start, _) in itertools.pairwise(sounds):
        assert start - end <= 60 * SR


def test_pauses_back_to_back_are_one_silence_for_the_chimes() -> None:
    """Three 90 s pauses in a row: each alone would get one chime at its middle, leaving 90 s
    between two chimes; counted from the last sound, no gap is over max_silence."""
    p = plan("  - speak: Rest here.\n" + "  - pause: 90s\n" * 3, "care: {max_silence: 60s}\n")
    sounds = sorted((e.start, e.end) for e in p.events if e.kind in ("speech", "tone"))
    for (_, end), (start, _) in itertools.pairwise(sounds):
        assert start - end <= 60 * SR
    assert sum(e.end - e.start for e in p.events if e.kind == "pause") == 3 * 90 * SR


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_phase_too_short_for_its_full_words_gets_the_one_word_cue(lang: str) -> None:
    """The sigh's one-second top-up: "a little more" does not fit, "more" does, so even the
    first rounds announce every phase."""
    p = plan("  - breath: sigh\n    rounds: 2\n", f"language: {lang}\n")
    top_ups = [e for e in p.events if e.kind == "hold" and e.role == "top_up"]
    cues = {e.start: e for e in p.speech() if e.role == "breath"}
    assert len(top_ups) == 2
    for hold in top_ups:
        assert hold.start in cues and cues[hold.start].end <= hold.end


def test_silent_pause_stays_silent() -> None:
    p = plan("  - pause: 5m\n    silent: true\n", "care: {opening: false, closing: false}\n")
    pause = next(e for e in p.events if e.kind == "pause")
    assert not [
        e for e in p.events if e.kind in ("speech", "tone") and pause.start <= e.start < pause.end
    ]


def test_same_seed_same_plan_and_another_seed_other_words() -> None:
    body = "  - pose: savasana\n    hold: 8m\n"
    assert plan(body, seed=7) == plan(body, seed=7)
    words = lambda p: [e.text for e in p.speech() if e.role == "check_in"]  # noqa: E731
    assert words(plan(body, seed=7)) != words(plan(body, seed=8))


def test_opening_and_closing_are_there_by_default_and_can_go() -> None:
    p = plan("  - pose: butterfly\n")
    roles = [e.role for e in p.speech()]
    assert roles[0] == "opening" and roles[-1] == "closing"
    assert [c.title for c in p.chapters][0] == "Opening" and p.chapters[-1].title == "Closing"
    opening = " ".join(e.text for e in p.speech() if e.role == "opening")
    assert "butterfly" in opening.lower()
    closing = " ".join(e.text for e in p.speech() if e.role == "closing")
    assert "not a replacement" in closing.lower() or "professional" in closing.lower()
    bare = plan("  - pose: butterfly\n", "care: {opening: false, closing: false}\n")
    assert {e.role for e in bare.speech()} & {"opening", "closing"} == set()
    own = plan("  - pose: butterfly\n", "care: {opening: 'Hello there.', closing: 'Bye now.'}\n")
    assert own.speech()[0].text == "Hello there." and own.speech()[-1].text == "Bye now."


def test_opening_states_the_real_length() -> None:
    p = plan("  - pose: savasana\n    hold: 10m\n")
    opening = " ".join(e.text for e in p.speech() if e.role == "opening")
    minutes = round(p.duration / SR / 60)
    assert duration_words("en", minutes * 60) in opening


@pytest.mark.parametrize("minutes", [10, 20, 30])
def test_the_default_session_fits_10_20_and_30_minutes(minutes: int) -> None:
    session = load_session(ROOT / "sessions" / "gentle-hips.yaml")
    p = plan_session(session, measure, sample_rate=SR, length=minutes * 60)
    assert abs(p.duration / SR - minutes * 60) <= 5


def test_an_unreachable_length_says_the_nearest_possible() -> None:
    with pytest.raises(
        InputError, match=r"--length 0:30 is out of reach: the nearest .* is \d+:\d\d"
    ):
        plan("  - pose: savasana\n", length=30)


@pytest.mark.parametrize(
    ("body", "length", "what"),
    [
        ("  - pose: savasana\n", 3600 * 3, "(every hold at its longest)"),
        ("  - pose: savasana\n    hold: 10m\n", 60, "(every hold at its shortest)"),
        ("  - breath: extended_exhale\n", 3600, "(breathing at its most rounds)"),
        (
            "  - pose: savasana\n  - breath: extended_exhale\n",
            3600 * 3,
            "(every hold at its longest and breathing at its most rounds)",
        ),
        (
            "  - speak: Notice the room.\n  - pause: 10s\n",
            600,
            "(only pose holds and breathing rounds fit a length, and it has neither)",
        ),
    ],
)
def test_out_of_reach_says_what_was_stretched_in_the_script_s_own_terms(
    body: str, length: int, what: str
) -> None:
    """A grounding track of words and pauses has no hold to be "at its longest" (a README-only
    tester's catch, batching grounding tracks at several lengths)."""
    with pytest.raises(InputError) as caught:
        plan(body, length=length)
    assert what in str(caught.value)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("  - pose: pigen\n", "did you mean 'pigeon'"),
        # the names as the author writes them: a Spanish name misspelt gets the Spanish name
        ("  - pose: mariposaa\n", "did you mean 'mariposa', 'mariposa tumbada'\\?"),
        ("  - pose: butterfly\n    sides: both\n", "without sides"),
        ("  - breath: boxx\n", "did you mean 'box'"),
        ("  - breath: {inhale: 1, exhale: 2}\n", "20 breaths a minute"),
        ("  - breath: {pattern: coherent, rounds: 60}\n", "need override: true"),
        ("  - breath: {pattern: box, inhale: 3}\n", "not both"),
    ],
)
def test_practice_mistakes_name_the_line(body: str, words: str) -> None:
    with pytest.raises(InputError, match=words) as info:
        plan(body)
    assert info.value.line == 4


@pytest.mark.parametrize(
    ("lang", "written", "meant"),
    [
        # a Spanish script gets Spanish names, an English one English names, for the same pose
        ("es", "figura de 4", "did you mean 'figura de cuatro', 'figura de cuatro en silla'\\?"),
        ("en", "figur 4", "did you mean 'figure 4', 'chair figure 4'\\?"),
    ],
)
def test_an_unknown_pose_is_answered_in_the_script_s_language(
    lang: str, written: str, meant: str
) -> None:
    with pytest.raises(InputError, match=meant):
        plan(f"  - pose: {written}\n", f"language: {lang}\n")


def test_a_pose_s_title_is_one_of_its_names() -> None:
    """The chapter "Figura de cuatro tumbada", copied into a script, is that pose."""
    p = plan("  - pose: Figura de cuatro tumbada\n  - pose: Knees side to side\n", "language: es\n")
    assert "Figura de cuatro tumbada, lado izquierdo" in [c.title for c in p.chapters]


def test_override_allows_a_long_block_and_still_offers_the_natural_breath() -> None:
    p = plan("  - breath: {pattern: coherent, rounds: 40, override: true}\n")
    texts = " ".join(e.text for e in p.speech())
    assert "natural breath" in texts.lower()


def test_spanish_sessions_use_spanish_words() -> None:
    p = plan("  - pose: pigeon\n", "language: es\n")
    assert p.chapters[1].title.startswith("Paloma")
    assert "izquierdo" in " ".join(e.text for e in p.speech())


def test_languages_without_built_in_words_must_bring_their_own() -> None:
    with pytest.raises(InputError, match="English and Spanish"):
        plan("  - pose: pigeon\n", "language: fr\n")


@pytest.mark.parametrize(
    ("segment", "said"),
    [
        ("  - pose: pigeon\n    cue: Viens.\n", "write pigeon's own switch: and exit:"),
        ("  - pose: butterfly\n", "write butterfly's own cue: and exit:"),
        ("  - breath: box\n", 'write the breaths as your own lines instead: - speak: "…"'),
    ],
)
def test_a_language_without_built_in_words_is_told_what_to_write_where(
    segment: str, said: str
) -> None:
    """A tester's French breath was sent to line 3 (language:) and told to write care
    opening/closing/check_ins and cues, none of which replaces the breathing words."""
    with pytest.raises(InputError) as err:
        plan(segment, "language: fr\ncare: {opening: false, closing: false}\n")
    assert said in str(err.value) and err.value.line == 6, (str(err.value), err.value.line)


def test_bells_at_start_end_and_side_switches_when_asked() -> None:
    p = plan("  - pose: pigeon\n", "bells: {start: true, end: true, sides: true, strikes: 2}\n")
    tones = [e for e in p.events if e.kind == "tone"]
    assert [e.strikes for e in tones] == [2, 2, 2]
    assert tones[0].start == 2 * SR  # after the lead-in, before the first word
    assert tones[-1].end <= p.duration and all(e.end <= tones[-1].start for e in p.speech())
    switch = next(e for e in p.speech() if e.role == "switch")
    left = next(e for e in p.events if e.role == "hold:left")
    assert tones[1].start == left.end and tones[1].end <= switch.start
    assert not [e for e in plan("  - pose: pigeon\n").events if e.kind == "tone" and e.strikes]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("segment", "shapes"), [("pose: butterfly", True), ("breath: box", False)])
def test_the_built_in_opening_speaks_of_shapes_only_when_there_are_poses(
    lang: str, segment: str, shapes: bool
) -> None:
    p = plan(f"  - {segment}\n", f"language: {lang}\n")
    opening = " ".join(e.text for e in p.speech() if e.role == "opening").lower()
    assert bool(re.search(r"shape|hip|postura|cadera", opening)) is shapes, opening
    assert re.search(r"stop at any time|parar en cualquier momento", opening)


@pytest.mark.parametrize(
    ("sides", "words"), [("both", "begin with the left"), ("right", "just the right")]
)
def test_the_side_words_promise_only_the_sides_that_come(sides: str, words: str) -> None:
    p = plan(f"  - pose: pigeon\n    sides: {sides}\n", "care: {opening: false, closing: false}\n")
    cues = " ".join(e.text for e in p.speech() if e.role == "cue").lower()
    assert words in cues
    assert ("begin with" in cues) is (sides == "both")


@pytest.mark.parametrize(
    ("lang", "pose", "said"),
    [
        ("en", "lizard", "We'll begin with the left side: your left foot forward."),
        ("en", "supine_twist", "We'll begin with the left side: your knees lowering to the left."),
        ("es", "pigeon", "Empezamos por el lado izquierdo: la rodilla izquierda delante."),
    ],
)
def test_the_first_side_is_said_in_the_body_s_words(lang: str, pose: str, said: str) -> None:
    """Before the words that move the body ("one foot forward"), so nobody has chosen a side yet."""
    p = plan(f"  - pose: {pose}\n", f"language: {lang}\ncare: {{opening: false}}\n")
    cues = " ".join(e.text for e in p.speech() if e.role == "cue")
    info = get_pose(pose)
    assert info is not None
    entries = [e.split(".")[0] for e in info.entry(lang, with_caution=False)]
    assert said in cues
    assert cues.index(said) < min(cues.find(e) for e in entries if e in cues)


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "This side: your right foot forward."), ("es", "Esta vez, el pie derecho delante.")],
)
def test_the_second_side_is_said_in_the_body_s_words_after_the_switch(lang: str, said: str) -> None:
    p = plan("  - pose: lizard\n", f"language: {lang}\ncare: {{opening: false}}\n")
    switch = " ".join(e.text for e in p.speech() if e.role == "switch")
    assert switch.endswith(said)
    own = plan(
        "  - pose: lizard\n    switch: Now the other way, right foot forward.\n",
        f"language: {lang}\ncare: {{opening: false}}\n",
    )
    assert " ".join(e.text for e in own.speech() if e.role == "switch") == (
        "Now the other way, right foot forward."
    )


@pytest.mark.parametrize(
    ("lang", "switch", "lead"),
    [
        ("en", "Come back to the center. Then turn gently toward the right side.", None),
        ("en", "Now the right side.", "This side: turning to your right."),
        ("es", "Vuelve al centro. Luego gira despacio hacia la derecha.", None),
        ("es", "Ahora hacia el lado derecho.", "Esta vez, el torso girado hacia la derecha."),
    ],
)
def test_an_author_switch_in_the_pose_s_own_words_gets_no_second_lead(
    lang: str, switch: str, lead: str | None
) -> None:
    """A twist's side is a turn, not a foot: "turn toward the right" already says what "This
    side: turning to your right" would (heard twice in a rendered chair-hips)."""
    p = plan(
        f"  - pose: chair_twist\n    switch: {switch}\n",
        f"language: {lang}\ncare: {{opening: false}}\n",
    )
    said = [e.text for e in p.speech() if e.role == "switch"]
    assert " ".join(said).endswith(lead or switch.split(". ")[-1])
    assert len([t for t in said if t.startswith(("This side", "Esta vez"))]) == (lead is not None)


def by_letters(text: str) -> int:
    """Sentence lengths that change with the words ("thirty" is longer than "ten")."""
    return round(len(text) * 0.07 * SR)


@pytest.mark.parametrize("script", ["gentle-hips", "example", "grounding-3min"])
def test_the_nearest_length_quoted_is_the_same_whatever_was_asked_and_fits(script: str) -> None:
    """The opening speaks the length asked for, so a plan judged at an unreachable length is
    not the plan the script has at the nearest one: the advice quotes the latter, the same for
    every unreachable length on one side, and asking for it fits."""
    session = load_session(ROOT / "sessions" / f"{script}.yaml")
    quoted = {}
    for minutes in (1, 2, 90, 120, 180):
        with pytest.raises(InputError) as err:
            plan_session(session, by_letters, sample_rate=SR, length=minutes * 60)
        quoted[minutes] = re.search(r"can be is (\d+:\d\d(?::\d\d)?)", str(err.value)).group(1)
    assert quoted[1] == quoted[2] and quoted[90] == quoted[120] == quoted[180], quoted
    for side in (quoted[1], quoted[180]):
        parts = [int(x) for x in side.split(":")]
        seconds = sum(v * 60**i for i, v in enumerate(reversed(parts)))
        p = plan_session(session, by_letters, sample_rate=SR, length=seconds)
        assert abs(p.duration / SR - seconds) <= 5


@pytest.mark.parametrize("pattern", [p.id for p in all_patterns() if p.paced])
def test_a_reminder_never_takes_the_place_of_a_rounds_cue(pattern: str) -> None:
    """Every spoken "in" has its "out": the natural-breath reminder comes after a round's cue,
    inside that out-breath, and not in the last round (the outro says the counting is over)."""
    from generator.care.breathing import _cues, breath_cues

    p = plan(f"  - breath: {pattern}\n    rounds: 8\n", "care: {opening: false, closing: false}\n")
    phases = [e for e in p.events if e.kind == "hold" and e.role != "natural"]
    said = [e for e in p.speech() if e.role == "breath"]
    reminders = set(_cues("en")["natural_reminders"])
    cued = [(ph, words) for (_, _, words), ph in zip(breath_cues(get_pattern(pattern), 8, "en"),
                                                     phases, strict=True) if words]  # fmt: skip
    for ph, _words in cued:  # each cued phase still starts with a cue (full or one word)
        first = [e for e in said if e.start == ph.start]
        assert first and first[0].text not in reminders, (ph, first)
    for e in said:
        if e.text in reminders:
            (inside,) = [ph for ph in phases if ph.start <= e.start and e.end <= ph.end]
            assert (
                inside.role == "exhale"
                and inside.start < phases[-len(get_pattern(pattern).phases())].start
            )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_in_bed_the_way_between_lying_and_sitting_is_said(lang: str) -> None:
    """A tester of 67 with a stiff hip, lying in bed, heard seated circles, then "lie on your
    back", with no word on how to come up or down on a soft mattress."""
    from generator.care.phrases import lie_down_note, roll_note

    body = (
        "  - pose: seated_circles\n    hold: 1m\n  - pose: supine_twist\n    hold: 1m\n"
        "  - pose: butterfly\n    hold: 1m\n"
    )

    def notes(place: str) -> dict[str, list[str]]:
        """For each pose, which of the notes on the way between lying and sitting its words say."""
        p = plan(body, f"language: {lang}\ncare: {{place: {place}}}\n")
        out = {}
        for line, name in ((6, "circles"), (8, "twist"), (10, "butterfly")):
            words = " ".join(e.text for e in p.speech() if e.line == line and e.role == "caution")
            out[name] = sorted(
                k for k, v in (("up", up), ("again", again), ("down", down)) if v in words
            )
        return out

    up, again, down = roll_note(lang), roll_note(lang, True), lie_down_note(lang)
    # coming up to sit for the first shape, lowering onto one side on the way down, and (as on
    # the floor) rolling to one side after the shape on the back
    assert notes("bed") == {"circles": ["up"], "twist": ["again", "down"], "butterfly": []}
    assert notes("floor") == {"circles": [], "twist": ["up"], "butterfly": []}
    mine = plan(
        body.replace("hold: 1m\n  - pose: butterfly", "hold: 1m\n    cue: Roll onto your side, "
                     "then onto your back.\n  - pose: butterfly"),
        "care: {place: bed}\n",
    )  # fmt: skip
    assert lie_down_note("en") not in " ".join(e.text for e in mine.speech())  # said already


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("length", ["10m30s", "7m30s", "12m", "17m30s"])
def test_the_written_summary_gives_the_length_the_opening_says(lang: str, length: str) -> None:
    """A tester's track fitted to 10:30 said "alrededor de diez minutos" and its description and
    page "unos 11 minutos": a listener who reads and listens now meets one number."""
    p = plan(
        "  - pose: butterfly\n    hold: 3m\n  - pose: savasana\n    hold: 3m\n",
        head=f"language: {lang}\nlength: {length}\n",
    )
    minutes = {
        duration_words(lang, n * 60, nearest_minute=True).split()[0]: n for n in range(2, 60)
    }
    opening = " ".join(e.text for e in p.speech() if e.role == "opening")
    said = [n for word, n in minutes.items() if re.search(rf"\b{word} minut", opening)]
    written = re.search(r"(\d+) minut", p.summary)
    assert said and written and said == [int(written.group(1))], (opening, p.summary)


def test_fitting_keeps_a_minute_of_the_last_rest() -> None:
    """A therapist's chair script fitted to 8 minutes had its closing rest, written as 90 s,
    held for 10: no rest at all for her client. The last rest keeps a minute (or what is
    written, if less); a length that would need less is out of reach, and says the nearest."""
    from generator.errors import LengthOutOfReach
    from generator.plan.roles import is_pose_hold
    from generator.script.model import Pose

    body = (
        "  - pose: chair_butterfly\n    hold: 2m\n  - pose: chair_side_bend\n    hold: 1m\n"
        "  - pose: chair_rest\n    hold: REST\n"
    )

    def holds(rest: str, length: str) -> dict[str, float]:
        text = body.replace("REST", rest)
        session = load_text(f"holdspace: 1\ntitle: T\nlength: {length}\nsegments:\n{text}", "t")
        fitted = plan(text, head=f"length: {length}\n")
        return {
            seg.pose: next(
                (e.end - e.start) / SR
                for e in fitted.events
                if e.line == seg.line and is_pose_hold(e.role)
            )
            for seg in session.segments
            if isinstance(seg, Pose)
        }

    squeezed = holds("90s", "6m")
    assert 60 <= squeezed["chair_rest"] < 90 and squeezed["chair_butterfly"] < 120, squeezed
    with pytest.raises(LengthOutOfReach, match="the nearest this script can be is"):
        holds("90s", "5m")
    assert holds("40s", "5m40s")["chair_rest"] == pytest.approx(40, abs=1)  # as written


@pytest.mark.parametrize(
    ("lang", "own", "note"),
    [
        ("en", "Thank you for coming today.", "This practice is not a replacement for care."),
        ("es", "Gracias por venir hoy.", "Esta práctica no sustituye a la atención profesional."),
    ],
)
def test_an_own_closing_keeps_the_care_note_unless_it_says_it_or_notes_are_off(
    lang: str, own: str, note: str
) -> None:
    """A tester's own closing silently lost "This practice is not a replacement for care.",
    though her resource line was kept. It is said before the resource and the thanks, as in the
    built-in closing; not when the closing says it in its own words, nor with safety notes off."""

    def closing(care: str) -> str:
        p = plan('  - speak: "Hello."\n', head=f"language: {lang}\ncare: {{{care}}}\n")
        return " ".join(e.text for e in p.speech() if e.role == "closing")

    said = closing(f'closing: "{own}", resource: "Ring 0113 496 0000."')
    assert said == f"{note} Ring 0113 496 0000. {own}", said
    assert closing(f'closing: "{own}"') == f"{note} {own}"
    mine = "This track is no substitute for care; you know where to find support. Take care."
    if lang == "es":
        mine = "Esta pista no reemplaza a la terapia. Cuídate."
    assert closing(f'closing: "{mine}"') == mine  # said in the author's words: once
    assert closing(f'closing: "{own}", safety_notes: false') == own
