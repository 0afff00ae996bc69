"""The care rules the planner keeps, over every shipped session and every `holdspace new` template,
and on small scripts written to poke at each rule.

- every pose hold of a minute or more offers a way out in words at least once;
- nothing goes quiet for more than 90 s (a word or a soft chime) outside silence the author marked;
- no two sentences in a row share a softener ("if you like", "you might", "si te apetece"…);
- each pose's safety note is spoken after its cue, the author's too, unless switched off;
- the props the poses use are named in the opening;
- after a shape on the back, rolling onto one side is offered before sitting up.

A fake voice (0.4 s a word) makes every time exact and the library plans in a few seconds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.care.data import normalize_lang
from generator.care.phrases import PROPS, mentions_prop, mentions_rolling, phrase_data
from generator.care.poses import get_pose
from generator.care.softeners import softeners_in
from generator.errors import InputError
from generator.lint.rules import has_exit_offer
from generator.plan.planner import plan_session
from generator.plan.types import Event, Plan
from generator.script.load import load_text
from generator.script.model import Pose, Session

ROOT = Path(__file__).resolve().parents[2]
SR = 8000
QUIET_MAX_S = 90.0
EXIT_OFFER_HOLD_S = 60.0


def measure(text: str) -> int:
    return round(len(text.split()) * 0.4 * SR)


def _template(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.format(title="Evening", file="evening.yaml", length="{length}").replace(
        "{length}", "about 20 minutes"
    )


SCRIPTS = {f"sessions/{p.name}": p.read_text(encoding="utf-8")
           for p in sorted((ROOT / "sessions").glob("*.yaml"))}  # fmt: skip
SCRIPTS |= {f"template:{p.stem}": _template(p)
            for p in sorted((ROOT / "generator" / "data" / "templates").glob("*.yaml"))}  # fmt: skip
NAMES = sorted(SCRIPTS)


def plan_of(name: str, seed: int | None = None) -> tuple[Session, Plan]:
    session = load_text(SCRIPTS[name], name, base_dir=ROOT / "sessions")
    return session, plan_session(session, measure, sample_rate=SR, seed=seed)


def plan_text(body: str, head: str = "", **kw: object) -> Plan:
    script = f"holdspace: 1\ntitle: T\n{head}segments:\n{body}"
    return plan_session(load_text(script, "t.yaml"), measure, sample_rate=SR, **kw)


def pose_holds(plan: Plan) -> list[Event]:
    return [e for e in plan.events if e.kind == "hold" and e.role.split(":")[0] == "hold"]


def spoken(plan: Plan, role: str) -> str:
    return " ".join(e.text or "" for e in plan.speech() if e.role == role)


def check_ins_in(plan: Plan, hold: Event) -> str:
    return " ".join(
        e.text or ""
        for e in plan.speech()
        if e.role == "check_in" and hold.start <= e.start < hold.end
    )


def test_there_is_a_library_and_templates_to_check() -> None:
    assert len([n for n in NAMES if n.startswith("sessions/")]) >= 9
    assert {n for n in NAMES if n.startswith("template:")} == {
        "template:hips", "template:breath", "template:chair", "template:bedtime",
    }  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_every_hold_of_a_minute_offers_a_way_out_in_words(name: str) -> None:
    session, plan = plan_of(name)
    lang = normalize_lang(session.language)
    for hold in pose_holds(plan):
        if hold.end - hold.start < EXIT_OFFER_HOLD_S * SR:
            continue
        words = check_ins_in(plan, hold)
        assert has_exit_offer(words, lang), (
            f"{name}:{hold.line}: a {(hold.end - hold.start) / SR:.0f} s hold with no way out "
            f"offered in words: {words!r}"
        )


@pytest.mark.parametrize("name", NAMES)
def test_nothing_goes_quiet_for_more_than_90_seconds(name: str) -> None:
    _, plan = plan_of(name)
    marked = [(e.start, e.end) for e in plan.events if e.role == "silence"]
    sounds = sorted((e.start, e.end) for e in plan.events if e.kind in ("speech", "tone"))
    heard = 0
    for start, end in [*sounds, (plan.duration, plan.duration)]:
        gap = start - heard
        on_purpose = any(a <= heard and start <= b for a, b in marked)
        assert gap <= QUIET_MAX_S * SR or on_purpose, (
            f"{name}: {gap / SR:.0f} s without a word or a chime from {heard / SR:.0f} s"
        )
        heard = max(heard, end)


@pytest.mark.parametrize("name", NAMES)
def test_no_softener_is_said_twice_in_a_row(name: str) -> None:
    session, plan = plan_of(name)
    lines = [line.text for line in plan.lines()]
    for a, b in zip(lines, lines[1:], strict=False):
        shared = softeners_in(a, session.language) & softeners_in(b, session.language)
        assert not shared, f"{name}: {sorted(shared)} twice in a row: {a!r} / {b!r}"


@pytest.mark.parametrize("name", NAMES)
def test_softeners_are_few(name: str) -> None:
    """Far fewer hedges than before the content pass (gentle-hips said "if you like" 8 times,
    bedtime-hips 15): no more than one sentence in three carries one."""
    session, plan = plan_of(name)
    lines = [line.text for line in plan.lines() if line.role != "breath"]
    soft = [t for t in lines if softeners_in(t, session.language)]
    assert len(soft) <= len(lines) / 3, f"{name}: {len(soft)} of {len(lines)} sentences"
    if_you_like = sum(t.lower().count("if you like") for t in lines)
    assert if_you_like <= 6, f'{name}: "if you like" {if_you_like} times'


@pytest.mark.parametrize("name", NAMES)
def test_each_pose_safety_note_follows_its_cue(name: str) -> None:
    session, plan = plan_of(name)
    lang = normalize_lang(session.language)
    cautions = [e for e in plan.speech() if e.role == "caution"]
    for seg in (s for s in session.segments if isinstance(s, Pose)):
        caution = get_pose(seg.pose).caution(lang)
        if caution is None:
            continue
        first_hold = min(e.start for e in pose_holds(plan) if e.line == seg.line)
        cue_end = min(e.end for e in plan.speech() if e.role == "cue" and e.line == seg.line)
        said = " ".join(
            e.text or "" for e in cautions if e.line == seg.line and cue_end <= e.start < first_hold
        )
        assert caution in said, f"{name}:{seg.line}: {seg.pose}'s safety note is not spoken"


@pytest.mark.parametrize("name", NAMES)
def test_the_props_the_poses_use_are_named_in_the_opening(name: str) -> None:
    session, plan = plan_of(name)
    lang = normalize_lang(session.language)
    infos = [get_pose(s.pose) for s in session.segments if isinstance(s, Pose)]
    place = session.care.place or ("chair" if infos and all(i.chair for i in infos) else "floor")
    named = phrase_data(lang)["props"][place]
    opening = spoken(plan, "opening")
    for prop in dict.fromkeys(p for i in infos for p in i.props):
        if prop in named:
            assert mentions_prop(opening, prop, lang), f"{name}: the opening never names {prop}"


@pytest.mark.parametrize("name", NAMES)
def test_rolling_to_one_side_is_offered_after_a_shape_on_the_back(name: str) -> None:
    session, plan = plan_of(name)
    lang = normalize_lang(session.language)
    poses = [s for s in session.segments if isinstance(s, Pose)]
    for seg, after in zip(poses, [*poses[1:], None], strict=False):
        if not get_pose(seg.pose).on_back or (after and get_pose(after.pose).on_back):
            continue
        if _asleep_here(session, seg, after):
            continue  # test_in_bed_the_last_rest_ends_without_asking_to_move
        exit_end = max(e.end for e in plan.speech() if e.role == "exit" and e.line == seg.line)
        next_cue = min(
            (
                e.start
                for e in plan.speech()
                if e.start >= exit_end and e.role in ("cue", "closing")
            ),
            default=plan.duration,
        )
        words = " ".join(
            e.text or ""
            for e in plan.speech()
            if e.line == seg.line and e.role in ("exit", "caution") and e.start < next_cue
        )
        assert mentions_rolling(words, lang), f"{name}:{seg.line}: no roll to one side: {words!r}"


def _asleep_here(session, seg: Pose, after: Pose | None) -> bool:
    care = session.care
    lying = get_pose(seg.pose).position in ("back", "side")
    return care.place == "bed" and after is None and lying


def _ends_asleep(name: str) -> bool:
    session = load_text(SCRIPTS[name], name, base_dir=ROOT / "sessions")
    poses = [s for s in session.segments if isinstance(s, Pose)]
    return bool(poses) and _asleep_here(session, poses[-1], None)


@pytest.mark.parametrize("name", [n for n in NAMES if _ends_asleep(n)])
def test_in_bed_the_last_rest_ends_without_asking_to_move(name: str) -> None:
    """A listener in bed may be asleep by the last rest: no "start to move, roll to one side,
    sit up" just before the closing says they may stay asleep; that closing offers both."""
    session, plan = plan_of(name)
    poses = [s for s in session.segments if isinstance(s, Pose)]
    last = poses[-1].line
    held = max(e.start for e in plan.events if e.kind == "hold" and e.line == last)
    said = [e for e in plan.speech() if e.line == last and e.start > held]  # once it is held
    assert not [e for e in said if e.role in ("exit", "caution") and e.text and "roll" in e.text]
    if not poses[-1].exit:  # the author's own exit is theirs to word
        assert not [e for e in said if e.role == "exit"], [e.text for e in said if e.role == "exit"]
    if session.care.closing is True:  # the built-in closing offers staying, last
        closing = " ".join(e.text or "" for e in plan.speech() if e.role == "closing")
        sleep = {"en": "If sleep is close", "es": "Si el sueño está cerca"}[session.language[:2]]
        assert sleep in closing


@pytest.mark.parametrize("name", NAMES)
def test_the_same_script_and_seed_give_the_same_plan(name: str) -> None:
    _, a = plan_of(name, seed=11)
    _, b = plan_of(name, seed=11)
    assert json.dumps(a.to_json()) == json.dumps(b.to_json())


# -- the rules one by one -------------------------------------------------------------------------


def test_a_one_minute_hold_gets_a_check_in_even_when_check_ins_are_sparse() -> None:
    p = plan_text(
        "  - pose: knees_to_chest\n    hold: 60s\n",
        "care: {check_in_every: 180s, max_silence: 180s, opening: false, closing: false}\n",
    )
    (hold,) = pose_holds(p)
    assert has_exit_offer(check_ins_in(p, hold), "en")
    short = plan_text("  - pose: knees_to_chest\n    hold: 50s\n", "care: {check_in_every: 180s}\n")
    assert not check_ins_in(short, pose_holds(short)[0])


def test_own_check_ins_that_offer_a_way_out_are_said_where_one_is_owed() -> None:
    """Of an author's check-ins, one offering a way out is said in every hold of a minute or
    more (taking turns left two long holds with only "If your mind has wandered…"); in a rest,
    a line that speaks of coming out of a shape waits when another fits."""
    own = (
        "'If your mind has wandered, that is okay.'",
        "'Notice how this feels. You can ease off or come out whenever you like.'",
        "'Let the floor hold you.'",
        "'You can move, or stop the track, at any time.'",
    )
    head = f"care: {{check_ins: [{', '.join(own)}], opening: false, closing: false}}\n"
    body = "".join(
        f"  - pose: {pose}\n    hold: {hold}s\n    cue: Find your way into it.\n"
        for pose, hold in (("butterfly", 93), ("reclined_figure_four", 70), ("butterfly", 150))
    )
    p = plan_text(body + "  - pose: savasana\n    hold: 100s\n", head)
    holds = pose_holds(p)
    assert len(holds) >= 5
    for hold in holds:
        assert has_exit_offer(check_ins_in(p, hold), "en"), check_ins_in(p, hold)
    assert "come out" not in check_ins_in(p, holds[-1])  # the rest: no shape to come out of
    said = [check_ins_in(p, hold) for hold in holds]
    assert all(a != b for a, b in zip(said, said[1:], strict=False))  # never the same twice
    assert "If your mind has wandered" in " ".join(said)  # said where no way out is owed


@pytest.mark.parametrize(
    "language, lines",
    [
        ("es", ("Puedes quedarte aquí o salir de la postura cuando quieras.",
                "Fíjate, si te apetece, en cómo está tu cuerpo ahora.")),
        ("en", ("You can stay here or come out of the shape whenever you like.",
                "Notice, if you like, how your body is right now.")),
    ],
)  # fmt: skip
def test_every_own_check_in_is_heard_with_a_way_out_added_where_one_is_owed(
    language: str, lines: tuple[str, str]
) -> None:
    """A therapist's two lines, one offering a way out and one noticing: every hold of a minute
    and more said the first, so the second was never heard, and the rest heard "come out of
    the shape". Now they take turns; the noticing line gets a short built-in way out where one
    is owed (a rest's own in the rest), so every hold still offers one."""
    head = (
        f"language: {language}\n"
        f"care: {{check_ins: [{', '.join(repr(x) for x in lines)}], opening: false, closing: false}}\n"
    )
    body = "".join(
        f"  - pose: {pose}\n    hold: {hold}s\n    cue: Find your way into it.\n"
        for pose, hold in (("butterfly", 120), ("reclined_figure_four", 60))
    )
    p = plan_text(body + "  - pose: side_lying_rest\n    hold: 120s\n", head)
    holds = pose_holds(p)
    said = [check_ins_in(p, hold) for hold in holds]
    heard = " ".join(said)
    assert lines[0] in heard and lines[1] in heard, said
    for words in said:
        assert has_exit_offer(words, language), words
    rest = said[-1]
    assert lines[0] not in rest and lines[1] in rest and rest != lines[1], rest


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_rest_in_bed_offers_its_way_out_once_then_lets_the_listener_be(language: str) -> None:
    """A night-shift nurse falling asleep in a 20-minute bed track heard "you can stop at any
    point" every two minutes, last "If you'd rather not rest any longer…": a nudge to get up.
    In bed the long rest offers a way out in its first check-in only; elsewhere it still comes
    back every two minutes."""
    care = (
        "care: {{opening: false, closing: false, check_in_every: 120s, max_silence: 120s{place}}}\n"
    )
    body = "  - pose: side_lying_rest\n    hold: 10m\n"
    for place, most in ((", place: bed", 1), ("", 99)):
        p = plan_text(body, f"language: {language}\n" + care.format(place=place))
        (rest,) = pose_holds(p)
        events = [
            e for e in p.speech() if e.role == "check_in" and rest.start <= e.start < rest.end
        ]
        said: list[str] = []  # one entry a check-in: its sentences follow within seconds
        for before, e in zip([None, *events], events, strict=False):
            if before is None or e.start - before.end > 10 * SR:
                said.append("")
            said[-1] += f" {e.text}"
        offers = [t for t in said if has_exit_offer(t, language)]
        assert len(said) >= 4 and offers and has_exit_offer(said[0], language), said
        assert len(offers) <= most and (most == 1 or len(offers) >= 2), said


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_rest_asks_no_questions(language: str) -> None:
    """A therapist's insomnia client heard "¿Qué notas ahora mismo?" through the final rest: a
    question asks for an answer. Resting check-ins are statements; shapes may still ask."""
    head = f"language: {language}\ncare: {{opening: false, closing: false}}\n"
    p = plan_text("  - pose: butterfly\n    hold: 5m\n  - pose: savasana\n    hold: 12m\n", head)
    shape, rest = pose_holds(p)
    assert check_ins_in(p, rest) and "?" not in check_ins_in(p, rest), check_ins_in(p, rest)


def test_chimes_keep_long_quiet_under_chime_every_whatever_max_silence_says() -> None:
    head = "care: {check_in_every: 180s, max_silence: 600s, opening: false, closing: false%s}\n"
    body = "  - pose: savasana\n    hold: 9m\n"
    for chime_every, limit in ((None, 90), ("60s", 60)):
        extra = f", chime_every: {chime_every}" if chime_every else ""
        p = plan_text(body, head % extra)
        sounds = sorted((e.start, e.end) for e in p.events if e.kind in ("speech", "tone"))
        (hold,) = pose_holds(p)
        inside = [s for s in sounds if hold.start <= s[0] < hold.end]
        edges = [hold.start, *(x for s in inside for x in s), hold.end]
        gaps = [b - a for a, b in zip(edges[::2], edges[1::2], strict=True)]
        assert max(gaps) <= limit * SR
        assert any(e.role == "chime" for e in p.events)


def test_the_hold_is_exact_whatever_is_said_around_it() -> None:
    p = plan_text("  - pose: butterfly\n    hold: 2m\n    cue: If you like, sit down.\n")
    (hold,) = pose_holds(p)
    assert hold.end - hold.start == 120 * SR


def test_the_caution_follows_an_author_cue_unless_safety_notes_are_off() -> None:
    body = "  - pose: reclined_figure_four\n    cue: Lie down and cross one ankle over a knee.\n"
    caution = get_pose("reclined_figure_four").caution("en")
    assert caution in spoken(plan_text(body), "caution")
    off = plan_text(body, "care: {safety_notes: false}\n")
    assert not [e for e in off.speech() if e.role == "caution"]
    # built-in entry words always carry their caution
    built_in = plan_text("  - pose: butterfly\n", "care: {safety_notes: false}\n")
    assert get_pose("butterfly").caution("en") in spoken(built_in, "caution")


def test_one_poses_safety_note_can_be_switched_off() -> None:
    """An author whose cue already says it differently (the chair side bend's note assumes a
    raised arm) switches that pose's note off; every other pose keeps its own."""
    body = (
        "  - pose: chair_side_bend\n    cue: Let one hand slide down the side of the chair.\n"
        "    safety_note: false\n"
        "  - pose: chair_figure_four\n    cue: Rest one ankle on the other knee.\n"
    )
    notes = spoken(plan_text(body, "care: {place: chair}\n"), "caution")
    assert get_pose("chair_side_bend").caution("en") not in notes
    assert get_pose("chair_figure_four").caution("en") in notes
    on = plan_text(body.replace("false", "true"), "care: {place: chair}\n")
    assert get_pose("chair_side_bend").caution("en") in spoken(on, "caution")
    # a listener's condition notes stay: the author chose them for the people listening
    body = "  - pose: savasana\n    safety_note: false\n"
    p = plan_text(body, "care: {cautions: pregnancy}\n")
    assert get_pose("savasana").note("en", "pregnancy") in spoken(p, "caution")
    assert get_pose("savasana").caution("en") not in spoken(p, "caution")


def test_a_poses_safety_note_switch_is_true_or_false() -> None:
    with pytest.raises(InputError, match="safety_note must be true or false") as caught:
        load_text("holdspace: 1\ntitle: T\nsegments:\n  - pose: frog\n    safety_note: no way\n")
    assert caught.value.line == 5


def test_condition_notes_are_spoken_when_switched_on() -> None:
    body = "  - pose: savasana\n    cue: Rest in any shape you like.\n"
    plain = plan_text(body)
    assert "pregnancy" not in " ".join(e.text or "" for e in plain.speech()).lower()
    p = plan_text(body, "care: {cautions: [pregnancy, hip_replacement], safety_notes: false}\n")
    notes = spoken(p, "caution")
    assert get_pose("savasana").note("en", "pregnancy") in notes  # side-lying, not flat
    assert "midwife" in spoken(p, "opening") and "surgeon" in spoken(p, "opening")
    es = plan_text("  - pose: supine_twist\n", "language: es\ncare: {cautions: hip_replacement}\n")
    assert get_pose("supine_twist").note("es", "hip_replacement") in spoken(es, "caution")


def test_every_deep_shape_has_an_easier_way_in_its_safety_note() -> None:
    easier = {
        "en": r"easier|gentler|help|instead|switch|small",
        "es": r"fácil|suave|ayudar|cambi|pequeñ",
    }
    for pid in ("childs_pose", "pigeon", "reclined_figure_four", "frog", "butterfly", "happy_baby",
                "low_lunge", "lizard", "supine_twist", "chair_figure_four"):  # fmt: skip
        for lang, pattern in easier.items():
            caution = get_pose(pid).caution(lang)
            assert caution and re.search(pattern, caution), (pid, lang)
    for lang, words in {"en": ("knees closer", "further away", "under your thighs"),
                        "es": ("rodillas más juntas", "más lejos", "bajo los muslos")}.items():  # fmt: skip
        assert all(w in get_pose("butterfly").caution(lang) for w in words)


def test_props_are_named_after_an_author_opening_that_leaves_them_out() -> None:
    body = "  - pose: butterfly\n"
    p = plan_text(body, "care: {opening: Welcome. Let's begin.}\n")
    opening = spoken(p, "opening")
    assert opening.startswith("Welcome. Let's begin.")
    assert all(mentions_prop(opening, prop, "en") for prop in ("cushion", "blanket", "wall"))
    named = plan_text(body, "care: {opening: 'Have a cushion, a blanket and a wall nearby.'}\n")
    assert spoken(named, "opening") == "Have a cushion, a blanket and a wall nearby."
    off = plan_text(body, "care: {opening: Welcome., safety_notes: false}\n")
    assert spoken(off, "opening") == "Welcome."
    # props in the words of the author's country: named once, not again in Spain's words
    own = "Podés tener cerca un almohadón o una mantita doblada, y un pedazo de pared."
    rioplatense = plan_text(body, f"language: es\ncare: {{opening: '{own}'}}\n")
    assert spoken(rioplatense, "opening") == own


def test_the_opening_fits_where_the_practice_happens() -> None:
    body = "  - pose: savasana\n"
    bed = spoken(plan_text(body, "care: {place: bed}\n"), "opening")
    assert "in bed" in bed and "the bed underneath you" in bed and "thighs" not in bed
    assert "a pillow or two" in bed and "wall" not in bed
    floor = spoken(plan_text(body), "opening")
    assert "on the floor" in floor and "thighs" in floor
    es = spoken(plan_text(body, "language: es\ncare: {place: bed}\n"), "opening")
    assert "en la cama" in es and "almohadas" in es


def test_built_in_words_avoid_the_softener_just_heard() -> None:
    # an author cue ending in "whenever you like", then built-in check-ins and switch
    cue = "If you like, lie down and cross your ankles. You can come out whenever you like."
    for seed in range(12):
        p = plan_text(f"  - pose: reclined_figure_four\n    cue: {cue}\n    hold: 3m\n", seed=seed)
        lines = [line.text for line in p.lines()]
        for a, b in zip(lines, lines[1:], strict=False):
            assert not softeners_in(a, "en") & softeners_in(b, "en"), (seed, a, b)


def test_the_last_check_in_keeps_clear_of_the_author_exit_that_follows() -> None:
    exit_text = "Whenever you like, let your feet come down."
    for seed in range(12):
        p = plan_text(f"  - pose: savasana\n    hold: 5m\n    exit: {exit_text}\n", seed=seed)
        lines = [line.text for line in p.lines()]
        i = lines.index(exit_text)
        assert "whenever you like" not in softeners_in(lines[i - 1], "en"), (seed, lines[i - 1])


def test_roll_note_comes_after_a_shape_on_the_back_and_not_twice() -> None:
    p = plan_text("  - pose: knees_to_chest\n  - pose: butterfly\n")
    assert "rolling onto one side" in spoken(p, "caution")
    said_roll = plan_text(
        "  - pose: knees_to_chest\n    exit: Roll onto your side and come up.\n  - pose: butterfly\n"
    )
    assert "rolling onto one side" not in spoken(said_roll, "caution")
    both_on_back = plan_text("  - pose: knees_to_chest\n  - pose: savasana\n")
    assert spoken(both_on_back, "caution").count("rolling onto one side") == 1  # after savasana


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("chime_every", "2m", "chime_every"),
        ("chime_every", "10s", "chime_every"),
        ("cautions", "[knees]", "cautions"),
        ("cautions", "[]", "empty"),
        ("place", "sofa", "place"),
        ("safety_notes", "maybe", "safety_notes"),
    ],
)
def test_bad_care_values_are_refused_at_their_line(key: str, value: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        load_text(f"holdspace: 1\ntitle: T\ncare:\n  {key}: {value}\nsegments:\n  - pause: 5s\n")
    assert caught.value.line == 4


# -- the Spanish library ---------------------------------------------------------------------------

ENGLISH = re.compile(r"\b(you|the|and|Welcome|Coming up|Grounding)\b")


def test_the_spanish_grounding_track_is_spanish_short_and_has_no_shapes() -> None:
    session, plan = plan_of("sessions/anclaje-3min.yaml")
    assert normalize_lang(session.language) == "es"
    assert 150 <= plan.duration / SR <= 240
    words = " ".join(e.text or "" for e in plan.speech())
    assert not ENGLISH.search(words), ENGLISH.search(words)
    assert not pose_holds(plan) and not any(e.role in ("inhale", "exhale") for e in plan.events)
    assert "no sustituye" in spoken(plan, "closing")
    assert [c.title for c in plan.chapters][-1] == "Cierre"


def test_spanish_sessions_point_to_the_spanish_grounding_track() -> None:
    _, plan = plan_of("sessions/caderas-suaves.yaml")
    closing = spoken(plan, "closing")
    assert "Anclaje" in closing and "inglés" not in closing and "Grounding" not in closing


def test_spanish_side_chapters_say_lado() -> None:
    _, plan = plan_of("sessions/caderas-suaves.yaml")
    titles = [c.title for c in plan.chapters]
    assert "Figura de cuatro tumbada, lado izquierdo" in titles
    assert "Figura de cuatro tumbada, lado derecho" in titles


def test_spanish_built_in_words_read_as_spanish_not_a_translation() -> None:
    """The phrasings the review found translated word for word are gone, and no gendered pairs
    ("sentada o sentado") are left: the voice says one natural sentence."""
    from generator.care.phrases import all_texts
    from generator.care.poses import all_poses

    texts = all_texts("es")
    for pose in all_poses():
        texts += [*pose.entry("es"), *pose.exit("es"), *pose.switch("es", "left")]
        texts += [pose.note("es", c) or "" for c in ("hip_replacement", "pregnancy")]
    words = " ".join(texts)
    for calque in ("inquietarte", "nada que hacer", "Retroceder siempre", "ojos abiertos están",
                   "un cuidado profesional", "es bienvenid", "son bienvenid", "Eres libre"):  # fmt: skip
        assert calque not in words, calque
    assert not re.search(r"\b(\w+)a o \1o\b", words), re.search(r"\b(\w+)a o \1o\b", words)
    assert "la atención profesional" in words and "Siempre puedes aflojar" in words


def test_the_english_and_spanish_prop_lists_match() -> None:
    for place in ("floor", "chair", "bed"):
        assert set(phrase_data("en")["props"][place]) == set(phrase_data("es")["props"][place])
        assert set(phrase_data("en")["props"][place]) <= set(PROPS)


def test_poses_notes_lists_props_safety_notes_and_condition_notes() -> None:
    from click.testing import CliRunner

    from generator.cli.main import cli

    result = CliRunner().invoke(cli, ["poses", "--notes", "--language", "es"])
    assert result.exit_code == 0, result.output
    assert "pregnancy: En el embarazo, descansar sobre el lado izquierdo" in result.output
    assert "hip_replacement: Con una prótesis de cadera" in result.output
    assert "props: cushion, blanket, wall; position: seated" in result.output  # butterfly
    plain = CliRunner().invoke(cli, ["poses"]).output
    assert "pregnancy:" not in plain and "props:" not in plain


HEDGED = (
    "  - speak: >-\n"
    "      If you like, sit down. Perhaps close your eyes. You might rest your hands.\n"
    "      Whenever you're ready, notice your feet. Maybe notice the floor.\n"
    "  - pose: reclined_figure_four\n    hold: 4m\n"
    "  - pose: butterfly\n    hold: 3m\n"
)


def hedged_check_ins_while_over(p: Plan) -> list[str]:
    """Check-ins said with a softener while more than one sentence in four so far had one."""
    heard = soft = 0
    out = []
    for line in (line for line in p.lines() if line.role != "breath"):
        hedged = bool(softeners_in(line.text, "en"))
        if line.role == "check_in" and hedged and soft > heard / 4:
            out.append(line.text)
        heard, soft = heard + 1, soft + hedged
    return out


def test_after_much_hedging_check_ins_stop_hedging(monkeypatch: pytest.MonkeyPatch) -> None:
    """Five hedged sentences in a row: while more than one sentence in four has hedged, the
    check-ins the planner chooses carry no softener, whatever the seed (the bound is the
    planner's, not the seed's luck). Pose entries and exits are invitations by design."""
    for seed in range(8):
        assert hedged_check_ins_while_over(plan_text(HEDGED, seed=seed)) == [], seed
    # the same script without the bound: some seeds hedge there
    monkeypatch.setattr("generator.plan.builder.SOFT_SHARE", 1.0)
    assert any(hedged_check_ins_while_over(plan_text(HEDGED, seed=s)) for s in range(8))


def test_the_wording_seed_is_the_title() -> None:
    """A comment, a moved line or an edited cue leaves the other built-in words as they were (a
    recording sheet stays right); a new title picks others."""
    body = "  - pose: reclined_figure_four\n    hold: 4m\n  - pose: butterfly\n    hold: 3m\n"
    edited = body.replace("butterfly\n", "butterfly\n    cue: Sit, soles together.\n")

    def words(p: Plan) -> list[str]:  # the built-in words of the first pose (lines 4-5)
        return [line.text for line in p.lines() if line.role != "opening" and line.line < 6]

    first = plan_text(body)
    assert len(words(first)) > 5
    moved = plan_text(body.replace("  - pose", "  # a comment\n  - pose", 1))
    assert [line.text for line in moved.lines()] == [line.text for line in first.lines()]
    assert words(plan_text(edited)) == words(first)
    retitled = load_text(f"holdspace: 1\ntitle: Other\nsegments:\n{body}", "t.yaml")
    other = plan_session(retitled, measure, sample_rate=SR)
    assert [line.text for line in other.lines()] != [line.text for line in first.lines()]


def test_a_length_said_without_about_is_within_20_seconds() -> None:
    """The opening says "about" whenever the length it names is more than 20 s off. Near that
    edge the words flip ("about four minutes" makes 3:39.9 into 3:40.3, which would not need
    it); the planner then keeps "about", true either way (a tester heard "siete minutos" for
    6:39). Holds from 30 s to 90 s in half-seconds cross the edge."""
    from generator.care.numbers import duration_words

    named = {duration_words("en", m * 60): m * 60 for m in range(1, 30)}
    for tenths in range(300, 900, 5):
        p = plan_text(f"  - pose: savasana\n    hold: {tenths / 10}s\n")
        opening = " ".join(line.text for line in p.lines() if line.role == "opening")
        if "about" in opening:
            continue
        said = max((w for w in named if f"takes {w}" in opening), key=len)
        assert abs(named[said] - p.duration / p.sample_rate) <= 20, (tenths / 10, opening)


def test_a_floor_practice_ending_in_a_seated_rest_does_not_ask_for_a_chair() -> None:
    """A tester heard "on the floor and lying down", then "it can help to have a steady chair":
    the seated rest offers a chair as another seat, not a prop to have ready."""
    body = "  - pose: reclined_figure_four\n  - pose: seated_rest\n"
    opening = spoken(plan_text(body), "opening")
    assert "on the floor" in opening and "chair" not in opening


def test_a_paced_block_and_a_natural_breath_block_have_different_chapters() -> None:
    """A tester's podcast app listed "Breathing" twice, the paced block and the natural one."""
    p = plan_text("  - breath: extended_exhale\n  - breath: natural\n")
    titles = [c.title for c in p.chapters]
    assert "Breathing" in titles and "Natural breath" in titles
    es = plan_text("  - breath: extended_exhale\n  - breath: natural\n", "language: es\n")
    assert "Respiración natural" in [c.title for c in es.chapters]
