"""`against-caution`: a script whose cautions say who it is for (after a hip replacement, in
pregnancy) is told where its own words, or a pose it names, ask for what they advise against."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.main import cli
from generator.compose.rules import caution_leaves_out
from generator.lint.cautions import pose_message, word_findings

HIP = ("hip_replacement",)
PREGNANCY = ("pregnancy",)
HYPER = ("hypermobility",)

ASKED = [  # (language, cautions, words a cue says, the words quoted)
    ("en", HIP, "If you like, cross your right leg over your left.", "cross your right leg"),
    ("en", HIP, "Sit with your ankles crossed and rest.", "ankles crossed"),
    ("en", HIP, "Let the knees cross the midline, slowly.", "cross the midline"),
    ("en", HIP, "Hug your knee right up to your chest.", "Hug your knee right up to your chest"),
    ("en", HIP, "Draw both knees in toward your chest.", "Draw both knees in toward your chest"),
    ("en", HIP, "You might fold all the way down.", "fold all the way"),
    ("en", HIP, "Lean forward and let your hands touch the floor.", "hands touch the floor"),
    ("en", HIP, "Reach down for your toes if you like.", "Reach down for your toes"),
    ("en", HIP, "Rest your chest on your thighs.", "chest on your thighs"),
    ("es", HIP, "Si quieres, cruza la pierna derecha sobre la izquierda.", "cruza la pierna"),
    ("es", HIP, "Siéntate con las piernas cruzadas.", "piernas cruzadas"),
    ("es", HIP, "Abraza la rodilla hasta el pecho.", "Abraza la rodilla hasta el pecho"),
    ("es", HIP, "Dóblate hasta el suelo, despacio.", "Dóblate hasta el suelo"),
    ("es", HIP, "Deja que las manos toquen el suelo.", "manos toquen el suelo"),
    ("en", PREGNANCY, "Now lie flat on your back.", "lie flat on your back"),
    ("en", PREGNANCY, "Roll onto your belly and rest.", "Roll onto your belly"),
    ("en", PREGNANCY, "Move into a deep twist.", "deep twist"),
    ("es", PREGNANCY, "Túmbate boca arriba.", "boca arriba"),
    ("es", PREGNANCY, "Recuéstate boca abajo un momento.", "boca abajo"),
    ("es", PREGNANCY, "Una torsión profunda, si te apetece.", "torsión profunda"),
    ("en", HYPER, "Straighten your legs and lock your knees.", "lock your knees"),
    ("en", HYPER, "Rest at the end of your range for a while.", "end of your range"),
    ("en", HYPER, "Let yourself sink into your hips.", "Let yourself sink into your hips"),
    ("es", HYPER, "Estira los brazos y bloquea los codos.", "bloquea los codos"),
    ("es", HYPER, "Quédate al final de tu recorrido.", "final de tu recorrido"),
]

SPARED = [  # the caution's words denied, its other way offered, or another caution's words
    ("en", HIP, "You don't need to cross your legs; both feet can rest on the floor."),
    ("en", HIP, "Rather than crossing your legs, let both feet rest on the floor."),
    ("en", HIP, "Keep your feet flat, without crossing your ankles."),
    ("en", HIP, "Feel your feet touch the floor, and your hands rest on your thighs."),
    ("en", HIP, "A small lean forward, with your hands on your thighs."),
    ("en", HIP, "Now lie flat on your back."),  # pregnancy's words, not this caution's
    ("es", HIP, "No hace falta cruzar las piernas; los dos pies pueden quedarse en el suelo."),
    ("es", HIP, "En lugar de cruzar las piernas, deja los pies en el suelo."),
    ("es", HIP, "Nota cómo los pies tocan el suelo."),
    ("en", PREGNANCY, "Rather than lying on your back, you might rest on your left side."),
    ("en", PREGNANCY, "Rest on your side, with a pillow between your knees."),
    ("en", PREGNANCY, "A small twist from the upper back, leaving your belly free."),
    ("en", PREGNANCY, "Cross your ankles if you like."),  # the hip caution's words
    ("es", PREGNANCY, "En lugar de estar boca arriba, puedes descansar de lado."),
    ("es", PREGNANCY, "Descansa de lado, con una almohada entre las rodillas."),
    ("en", (), "Cross your right leg over your left and fold all the way down."),  # no caution
]


@pytest.mark.parametrize(("lang", "cautions", "text", "quoted"), ASKED)
def test_words_that_ask_for_what_the_caution_advises_against_are_quoted(
    lang: str, cautions: tuple[str, ...], text: str, quoted: str
) -> None:
    found = word_findings(text, lang, cautions)
    assert [f.rule_id for f in found] == ["against-caution"], found
    assert quoted in found[0].phrase and found[0].level == "error"
    who = {"hip_replacement": "prótesis", "pregnancy": "embarazada", "hypermobility": "hiperlaxas"}
    assert who[cautions[0]] in found[0].suggestion or lang == "en"


@pytest.mark.parametrize(("lang", "cautions", "text"), SPARED)
def test_denied_or_offered_another_way_the_words_stand_clear(
    lang: str, cautions: tuple[str, ...], text: str
) -> None:
    assert word_findings(text, lang, cautions) == []


def test_the_message_quotes_the_pose_s_own_note_for_the_caution() -> None:
    """A tester read "Resting pose's own note says that after pregnancy it may not be advised":
    the note says resting on the left side is often more comfortable; nothing says "after"."""
    said = pose_message("savasana", "en", ("pregnancy",)) or ""
    assert said.startswith("Resting pose is a shape holdspace leaves out in pregnancy")
    assert "resting on your left side" in said and "after pregnancy" not in said
    sway = pose_message("windshield_wipers", "en", ("hip_replacement",)) or ""
    assert "turns one hip inward" in sway  # a tester: the knees dropping inward after a THR
    hip = pose_message("pigeon", "es", ("hip_replacement",)) or ""
    assert "con una prótesis de cadera" in hip and "«" in hip


@pytest.mark.parametrize("caution", ["hip_replacement", "pregnancy", "hypermobility"])
def test_every_pose_a_caution_leaves_out_is_named_and_none_other(caution: str) -> None:
    from generator.care.poses import all_poses
    from generator.compose.rules import avoided_by

    for pose in all_poses():
        out = bool(avoided_by(pose, caution_leaves_out(caution)))
        assert (pose_message(pose.id, "en", (caution,)) is not None) == out, pose.id
    assert pose_message("pigeon", "en", ()) is None


SCRIPT = """\
holdspace: 1
title: For Margaret
care: {{place: {place}, cautions: [{caution}]}}
segments:
  - pose: {pose}
    hold: 40
    cue: "{cue} You can come out whenever you like."
"""


def _lint(tmp_path: Path, text: str) -> list[str]:
    p = tmp_path / "s.yaml"
    p.write_text(text)
    res = CliRunner().invoke(cli, ["lint", str(p)])
    found = [ln.split(f"{p}:", 1)[1] for ln in res.stdout.splitlines() if f"{p}:" in ln]
    assert res.exit_code == (1 if found else 0), res.output  # errors: the render would refuse
    return found


def test_lint_names_the_words_and_the_pose_at_their_lines(tmp_path: Path) -> None:
    """A README-only tester's hip-replacement script: "cross your right leg over your left"
    passed, and a seated forward fold was followed by its own note saying it may not be
    advised."""
    text = SCRIPT.format(
        place="chair", caution="hip_replacement", pose="chair_forward_fold",
        cue="If you like, cross your right leg over your left.",
    )  # fmt: skip
    lines = _lint(tmp_path, text)
    assert lines[0].startswith('5: error against-caution: "chair_forward_fold" — Seated forward')
    assert "may not be advised" in lines[0]  # its own note, quoted
    assert lines[1].startswith('7: error against-caution: "cross your right leg')
    assert len(lines) == 2
    kept = SCRIPT.format(
        place="chair", caution="hip_replacement", pose="chair_side_bend",
        cue="Both feet on the floor, knees a little apart.",
    )  # fmt: skip
    assert _lint(tmp_path, kept) == []


def test_a_reasoned_allow_keeps_what_the_listener_s_professional_cleared(tmp_path: Path) -> None:
    text = SCRIPT.format(
        place="floor",
        caution="pregnancy",
        pose="cat_cow",
        cue="Then lie flat on your back.",
    ).replace(  # fmt: skip
        'whenever you like."',
        'whenever you like."  # holdspace: allow against-caution because '
        "her midwife said it is fine at 20 weeks",
    )
    assert _lint(tmp_path, text) == []


@pytest.mark.parametrize("caution", ["hip_replacement", "pregnancy", "hypermobility"])
@pytest.mark.parametrize("place", ["floor", "chair", "bed"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_session_composed_for_a_caution_asks_for_nothing_it_advises_against(
    caution: str, place: str, language: str
) -> None:
    """compose --caution leaves out the shapes and never says words the caution's notes advise
    against (its words are written into the script, so they are the script's own)."""
    from generator.compose.composer import compose
    from generator.compose.rules import Choices
    from generator.lint.script import lint_session
    from generator.script.load import load_text

    for seed, length in ((0, 900.0), (1, 1500.0), (5, 1500.0), (2, 1800.0)):
        choices = Choices(length, place, language=language, seed=seed, cautions=(caution,))
        made = compose(choices)
        findings = lint_session(load_text(made.text, "<composed>"), made.text)
        assert [f for f in findings if f.rule == "against-caution"] == [], (seed, length)
