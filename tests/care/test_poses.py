"""The pose library: complete words in every language, forgiving names, sane holds."""

from __future__ import annotations

import copy
import dataclasses
import re

import pytest

from generator.care.data import LANGUAGES, name_key
from generator.care.poses import CONDITIONS, all_poses, closest_poses, get_pose

REQUIRED = [
    "childs_pose",
    "pigeon",
    "reclined_figure_four",
    "frog",
    "butterfly",
    "happy_baby",
    "low_lunge",
    "lizard",
    "supine_twist",
    "knees_to_chest",
    "legs_up_wall",
    "seated_rest",
    "savasana",
    "chair_figure_four",
    "chair_forward_fold",
    "chair_twist",
    "chair_butterfly",
    "chair_rest",
]

# practice.md: typical hold range (seconds) -> our min/max; "any" for seated_rest is open.
PRACTICE_HOLDS = {
    "childs_pose": (60, 180),
    "pigeon": (60, 180),
    "reclined_figure_four": (60, 120),
    "frog": (60, 180),
    "butterfly": (60, 180),
    "happy_baby": (60, 120),
    "low_lunge": (30, 90),
    "lizard": (60, 120),
    "supine_twist": (60, 120),
    "knees_to_chest": (30, 60),
    "legs_up_wall": (180, 300),
    "savasana": (120, 480),
}
SIDED = {
    "pigeon",
    "reclined_figure_four",
    "low_lunge",
    "lizard",
    "supine_twist",
    "chair_figure_four",
    "chair_twist",
    # added for holdspace compose
    "one_knee_to_chest",
    "side_lying_clam",
    "chair_knee_hug",
    "chair_side_bend",
    "chair_leg_stretch",
    "chair_lunge",
}
WITH_CAUTION = {
    "childs_pose",
    "pigeon",
    "frog",
    "happy_baby",
    "low_lunge",
    "supine_twist",
    "savasana",
}
INVITATION = {
    "en": re.compile(
        r"\b(if you like|you might|when you're ready|you're welcome|whenever)\b", re.I
    ),
    "es": re.compile(r"\b(si te apetece|si quieres|cuando quieras|puedes)\b", re.I),
}
SIDE_WORD = {"en": ("left", "right"), "es": ("izquierdo", "derecho")}
POSE_IDS = [p.id for p in all_poses()]


def test_library_has_every_required_pose() -> None:
    assert set(REQUIRED) <= set(POSE_IDS)


def test_ids_are_unique_and_snake_case() -> None:
    assert len(POSE_IDS) == len(set(POSE_IDS))
    assert all(re.fullmatch(r"[a-z]+(_[a-z0-9]+)*", pid) for pid in POSE_IDS)


def test_names_are_unique_across_poses_after_normalising() -> None:
    owners: dict[str, str] = {}
    for pose in all_poses():
        for name in pose.names:
            assert owners.setdefault(name_key(name), pose.id) == pose.id, name


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("pid", POSE_IDS)
def test_every_pose_has_all_text(pid: str, lang: str) -> None:
    pose = get_pose(pid)
    assert pose is not None
    assert pose.title(lang)
    assert len(pose.entry(lang)) >= 2 and len(set(pose.entry(lang))) == len(pose.entry(lang))
    assert len(pose.exit(lang)) >= 2
    assert pose.options(lang)
    for cue in pose.entry(lang) + pose.entry(lang, conditions=CONDITIONS):
        assert INVITATION[lang].search(cue), cue
    for side, word in zip(("left", "right"), SIDE_WORD[lang], strict=True):
        switches = pose.switch(lang, side)
        assert switches and all(word in s and "{" not in s for s in switches)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("pid", sorted(WITH_CAUTION))
def test_cautions_from_practice_notes_are_voiced_in_every_entry(pid: str, lang: str) -> None:
    pose = get_pose(pid)
    assert pose is not None
    caution = pose.caution(lang)
    assert caution
    assert all(cue.endswith(caution) for cue in pose.entry(lang))


@pytest.mark.parametrize("pid", POSE_IDS)
def test_holds_are_ordered(pid: str) -> None:
    pose = get_pose(pid)
    assert pose is not None
    assert 0 < pose.hold_min <= pose.hold_default <= pose.hold_max


@pytest.mark.parametrize(("pid", "expected"), sorted(PRACTICE_HOLDS.items()))
def test_holds_cover_the_practice_notes(pid: str, expected: tuple[int, int]) -> None:
    """The typical range from practice.md is a default; fitting to a length may go gently beyond
    it (shorter for a 10-minute track, longer for a yin-style 30), within the library's bounds."""
    pose = get_pose(pid)
    assert pose is not None
    low, high = expected
    assert low <= pose.hold_default <= high
    assert pose.hold_min <= low and pose.hold_max >= high
    assert pose.hold_min >= 0.5 * low - 10 and pose.hold_max <= 2.5 * high


def test_sides_match_practice_notes() -> None:
    assert {p.id for p in all_poses() if p.has_sides} == SIDED


LIMB = {
    "en": re.compile(r"\b(foot|knee|ankle|leg|knees)\b|turning|leaning"),
    "es": re.compile(r"\b(pie|rodilla|tobillo|pierna|rodillas)\b|gira|inclin"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("pid", sorted(SIDED))
def test_every_side_says_which_limb_leads(pid: str, lang: str) -> None:
    """ "The left side" of a lunge, a twist or a clam is a guess; each side is said in the body's
    words, naming its own side, and the two sides mirror each other."""
    pose = get_pose(pid)
    assert pose is not None
    left, right = pose.lead(lang, "left"), pose.lead(lang, "right")
    assert LIMB[lang].search(left) and LIMB[lang].search(right), (left, right)
    words = {"en": ("left", "right"), "es": ("izquierd", "derech")}[lang]
    assert words[0] in left and words[1] in right
    swapped = re.sub(words[0], "@", left).replace(words[1], words[0]).replace("@", words[1])
    assert swapped == right


@pytest.mark.parametrize(
    ("lang", "pattern"),
    [("en", r"knees (in)?to (your )?chest"), ("es", r"rodillas (al|contra el) pecho")],
)
def test_happy_baby_always_offers_knees_to_chest(lang: str, pattern: str) -> None:
    pose = get_pose("happy_baby")
    assert pose is not None
    assert all(re.search(pattern, cue, re.I) for cue in pose.entry(lang))


@pytest.mark.parametrize(("lang", "pattern"), [("en", r"eyes.*open"), ("es", r"ojos.*abiertos")])
def test_savasana_offers_eyes_open_and_other_positions(lang: str, pattern: str) -> None:
    pose = get_pose("savasana")
    assert pose is not None
    assert all(re.search(pattern, cue, re.I) for cue in pose.entry(lang))
    positions = r"side|seated|sitting" if lang == "en" else r"de lado|sentad|sentándote"
    assert any(re.search(positions, o, re.I) for o in pose.options(lang))


@pytest.mark.parametrize(
    ("name", "pid"),
    [
        ("child's pose", "childs_pose"),
        ("Child’s Pose", "childs_pose"),
        ("childs-pose", "childs_pose"),
        ("CHILDS_POSE", "childs_pose"),
        ("balasana", "childs_pose"),
        ("sleeping pigeon", "pigeon"),
        ("Sleeping-Pigeon", "pigeon"),
        ("figure four", "reclined_figure_four"),
        ("bound angle", "butterfly"),
        ("Baddha Konasana", "butterfly"),
        ("viparita karani", "legs_up_wall"),
        ("legs up the wall", "legs_up_wall"),
        ("constructive_rest", "seated_rest"),
        ("constructive rest", "seated_rest"),
        ("happy baby", "happy_baby"),
        ("apanasana", "knees_to_chest"),
        ("reclined twist", "supine_twist"),
        ("seated wide knees", "chair_butterfly"),
        ("postura del niño", "childs_pose"),
        ("postura del nino", "childs_pose"),
    ],
)
def test_aliases_resolve_loosely(name: str, pid: str) -> None:
    pose = get_pose(name)
    assert pose is not None and pose.id == pid


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("pigen", "pigeon"),
        ("butterfy", "butterfly"),
        ("savasan", "savasana"),
        ("lizzard", "lizard"),
    ],
)
def test_typos_get_close_suggestions(typo: str, expected: str) -> None:
    assert get_pose(typo) is None
    assert closest_poses(typo)[0] == expected


def test_suggestions_are_bounded_and_empty_for_nonsense() -> None:
    assert len(closest_poses("pose", n=2)) <= 2
    assert closest_poses("qqqqxzzz") == []


def test_pose_info_is_frozen_and_accepts_regional_language_tags() -> None:
    pose = get_pose("pigeon")
    assert pose is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        pose.hold_default = 1  # type: ignore[misc]
    assert pose.title("en-US") == pose.title("en")
    assert pose.title("es_MX") == pose.title("es")
    with pytest.raises(ValueError):
        pose.title("fr")


def test_a_pose_with_sides_must_say_what_each_side_is() -> None:
    from generator.care.data import load_yaml
    from generator.care.poses import _pose

    data = load_yaml("poses.yaml")
    raw = copy.deepcopy(next(p for p in data["poses"] if p["id"] == "lizard"))
    assert _pose(raw, data["defaults"]).lead("es", "right") == "el pie derecho delante"
    del raw["es"]["side"]
    with pytest.raises(ValueError, match="says what each side is"):
        _pose(raw, data["defaults"])
    raw["es"]["side"] = {"left": "el pie izquierdo delante"}
    with pytest.raises(ValueError, match="one text for each of"):
        _pose(raw, data["defaults"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_script_for_a_condition_hears_the_smaller_shape_its_note_describes(lang: str) -> None:
    """A tester's listener after a hip replacement heard "knees wide and your feet turned out",
    then her note's "opening the knees only a little": for her, the cue is the smaller shape."""
    from generator.plan.estimate import estimated_plan
    from generator.script.load import load_text

    pose = get_pose("chair_butterfly")
    assert pose is not None
    usual, smaller = pose.entry(lang, False), pose.entry(lang, False, ("hip_replacement",))
    assert set(usual).isdisjoint(smaller) and pose.entry(lang, False, ("pregnancy",)) == usual
    wide = {"en": "turned out", "es": "hacia fuera"}[lang]
    assert any(wide in cue for cue in usual) and not any(wide in cue for cue in smaller)
    for cautions, expected in (("cautions: [hip_replacement], ", smaller), ("", usual)):
        text = (
            f"holdspace: 1\ntitle: T\nlanguage: {lang}\ncare: {{{cautions}"
            "opening: false, closing: false}\nsegments:\n  - pose: chair_butterfly\n"
        )
        said = " ".join(e.text for e in estimated_plan(load_text(text, "t.yaml")).speech())
        assert any(cue in said for cue in expected), said
