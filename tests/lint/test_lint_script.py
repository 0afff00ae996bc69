"""`holdspace lint`: findings name the line of the words, suppression is visible, exit status."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.main import cli
from generator.plan.estimate import estimated_plan
from generator.plan.planner import plan_session
from generator.script.load import load_text

RISKY = """\
holdspace: 1
title: Risky
segments:
  - speak: "Close your eyes. This pose releases stored trauma."
  - pose: pigeon
    cue: >-
      Push through the pain
      and stay there.
    hold: 2m
  - speak: "You will feel lighter."  # holdspace: allow forced-outcome because a quote we discuss
  - speak: "Hold it."  # holdspace: allow command
  - pose: butterfly
    cue: "Sit with the soles of the feet together."
    hold: 50s
"""


def _lint(tmp_path: Path, text: str, *args: str):
    p = tmp_path / "s.yaml"
    p.write_text(text)
    return CliRunner().invoke(cli, ["lint", str(p), *args]), p


def test_findings_name_line_rule_phrase_and_suggestion(tmp_path: Path) -> None:
    res, p = _lint(tmp_path, RISKY)
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert f'{p}:4: error eyes-closed-order: "Close your eyes" — ' in lines[0]
    assert any(
        ln.startswith(f'{p}:4: error healing-claim: "releases stored trauma" — ') for ln in lines
    )
    assert any(
        ln.startswith(f'{p}:6: error push-through-pain: "Push through the pain"') for ln in lines
    )
    assert not any("forced-outcome" in ln for ln in lines)  # allowed, with a reason
    assert any(f"{p}:11: warning allow-without-reason" in ln for ln in lines)
    assert any(f"{p}:13: warning hold-without-exit" in ln for ln in lines)


def test_json_output(tmp_path: Path) -> None:
    import json

    res, _ = _lint(tmp_path, RISKY, "--json")
    found = json.loads(res.stdout)
    assert {"file", "line", "level", "rule", "phrase", "suggestion"} <= set(found[0])


def test_clean_script_exits_zero(tmp_path: Path) -> None:
    res, _ = _lint(
        tmp_path, "holdspace: 1\ntitle: T\nsegments:\n  - speak: 'If you like, rest here.'\n"
    )
    assert res.exit_code == 0 and res.stdout == ""


def test_shipped_sessions_lint_clean() -> None:
    sessions = sorted((Path(__file__).resolve().parents[2] / "sessions").glob("*.yaml"))
    res = CliRunner().invoke(cli, ["lint", *map(str, sessions)])
    assert res.exit_code == 0, res.stdout
    assert res.stdout == ""


def test_render_refuses_lint_errors_before_any_work(tmp_path: Path) -> None:
    p = tmp_path / "s.yaml"
    p.write_text(RISKY)
    res = CliRunner().invoke(cli, ["render", str(p), "-o", str(tmp_path / "o.mp3")])
    assert res.exit_code == 1
    assert "not rendering" in res.stderr.splitlines()[-1]
    assert not list(tmp_path.glob("o.mp3*")) and not list(tmp_path.glob(".o.mp3*"))


def test_a_marked_silence_is_not_a_long_silence(tmp_path: Path) -> None:
    text = (
        "holdspace: 1\ntitle: T\ncare: {opening: false, closing: false}\nsegments:\n"
        "  - speak: 'If you like, rest here.'\n  - pause: 3m\n    silent: true\n"
        "  - speak: 'Welcome back, whenever you like.'\n"
    )
    res, _ = _lint(tmp_path, text)
    assert res.exit_code == 0 and res.stdout == ""
    res, p = _lint(tmp_path, text.replace("    silent: true\n", "    silent: false\n"))
    assert res.stdout == ""  # an unmarked pause gets chimes, so it is not silent either


def test_a_length_is_refused_by_lint_only_when_far_out_of_reach(tmp_path: Path) -> None:
    """lint guesses sentence lengths from words; a length near what the guess can reach is for
    plan and render to judge with the real voice, one far from it is an error at once."""
    body = 'segments:\n  - speak: "You might notice the floor under you, if you like."\n'
    body += "  - pause: 60s\n"
    head = "holdspace: 1\ntitle: T\ncare: {opening: false, closing: false}\n"
    near, p = _lint(tmp_path, head + "length: 1m7s\n" + body)  # guessed at 1:13
    assert near.exit_code == 0, near.output  # a warning: the voice may well say it in time
    assert near.stdout.startswith(f'{p}:4: warning length-near-edge: "length: 1m7s" — ')
    assert (
        "the nearest this script can be is about 1:10, so 1:07 may be out of reach" in near.stdout
    )
    far, p = _lint(tmp_path, head + "length: 10m\n" + body)
    assert far.exit_code == 2
    assert far.stderr.startswith(f"{p}:4: cannot fit 10:00")
    assert "the nearest this script can be is about " in far.stderr  # a guess, said as one


def test_the_margin_for_a_guessed_length_is_a_share_of_the_speech_not_of_the_holds(
    tmp_path: Path,
) -> None:
    """Holds are exact; only the speech is guessed. A session of long holds asked for two thirds
    of its shortest was let through (as "near the edge") when the margin was a share of the whole
    length: plan then refused it."""
    head = "holdspace: 1\ntitle: T\ncare: {opening: false, closing: false}\n"
    body = "segments:\n" + "".join(
        f"  - pose: {name}\n    cue: Settle in, if you like.\n    hold: 3m\n"
        for name in ("butterfly", "reclined_butterfly", "savasana")
    )
    full, _ = _lint(tmp_path, head + body)
    assert full.exit_code == 0, full.output
    short = _lint(tmp_path, head + "length: 3m\n" + body)[0]
    assert short.exit_code == 2, short.output  # 4:31 with every hold at its shortest
    assert "the nearest this script can be is about " in short.stderr


REST = """\
holdspace: 1
title: Rest
care: {safety_notes: NOTES}
segments:
  - pose: savasana
    cue: "Settle into rest on your back, knees bent."
    hold: 45s
"""


def test_a_caution_said_after_the_cue_counts_as_its_way_out(tmp_path: Path) -> None:
    """savasana's own caution ("You can move, or sit up, at any time.") follows the cue when
    safety notes are on; turned off, the cue alone offers no way out."""
    res, p = _lint(tmp_path, REST.replace("NOTES", "true"))
    assert "hold-without-exit" not in res.stdout, res.stdout
    res, p = _lint(tmp_path, REST.replace("NOTES", "false"))
    assert f"{p}:6: warning hold-without-exit" in res.stdout, res.stdout
    one_off = REST.replace("NOTES", "true").replace(
        "    hold:", "    safety_note: false\n    hold:"
    )
    res, p = _lint(tmp_path, one_off)  # this pose's note switched off: not said, no way out
    assert f"{p}:6: warning hold-without-exit" in res.stdout, res.stdout


@pytest.mark.parametrize(("hold", "warned"), [("59s", True), ("60s", False), ("2m", False)])
def test_hold_without_exit_agrees_with_the_plan_about_check_ins(
    tmp_path: Path, hold: str, warned: bool
) -> None:
    """A hold of a minute or more gets a check-in with a way out (the plan says so), so its cue
    need not offer one; a README-only tester was warned about a 60 s hold that got one."""
    script = REST.replace("NOTES", "false").replace("hold: 45s", f"hold: {hold}")
    res, p = _lint(tmp_path, script)
    assert ("hold-without-exit" in res.stdout) is warned, res.stdout
    session = load_text(script, str(p))
    plan = plan_session(session, lambda text: 8000 * len(text.split()) // 3, sample_rate=8000)
    said = [e.role for e in plan.events if e.kind == "speech"]
    assert ("check_in" in said) is not warned


def test_hold_without_exit_judges_the_hold_fitted_to_the_script_s_length(tmp_path: Path) -> None:
    """A tester's 60 s holds were fitted to the script's ``length:`` at 45 s, got no check-in,
    and lint said nothing: it judged the hold as written. It judges the hold the plan has."""
    script = REST.replace("NOTES", "false").replace("hold: 45s", "hold: 60s")
    script = script.replace("savasana", "butterfly").replace(
        "Settle into rest on your back, knees bent", "Sit with the soles together"
    )
    res, p = _lint(tmp_path, script)
    assert "hold-without-exit" not in res.stdout, res.stdout
    shorter = round(estimated_plan(load_text(script, str(p))).duration / 8000) - 20
    res, p = _lint(tmp_path, script.replace("care:", f"length: {shorter}s\ncare:"))
    (line,) = [ln for ln in res.stdout.splitlines() if "hold-without-exit" in ln]
    assert "fitted to the script's length, this 60 s hold lasts 4" in line, line


def test_timing_warnings_speak_the_script_s_language(tmp_path: Path) -> None:
    head = "holdspace: 1\ntitle: T\nlanguage: es\ncare: {safety_notes: false}\nsegments:\n"
    res, p = _lint(tmp_path, head + '  - pose: savasana\n    cue: "Túmbate."\n    hold: 30s\n')
    (line,) = [ln for ln in res.stdout.splitlines() if "hold-without-exit" in ln]
    assert 'añade p. ej. "puedes salir cuando quieras"' in line and "add e.g." not in line
    res, p = _lint(tmp_path, head + "  - pose: low_lunge\n    hold: 30m\n")
    (line,) = [ln for ln in res.stdout.splitlines() if "hold-out-of-range" in ln]
    assert "se mantiene de 30s a" in line


def test_the_title_album_and_chapters_are_read_by_the_phrase_rules(tmp_path: Path) -> None:
    res, p = _lint(
        tmp_path,
        'holdspace: 1\ntitle: "This pose releases trauma stored in your hips"\n'
        'album: "Evening practice"\nsegments:\n'
        '  - chapter: "Push through the pain"\n  - speak: "Welcome."\n'
        '  - chapter: "Caderas sin prisa: postura del niño y gato y vaca"\n'
        '  - speak: "Welcome back."\n',
    )
    lines = res.stdout.splitlines()
    assert res.exit_code == 1
    assert [line.split(": ")[0] for line in lines] == [f"{p}:2", f"{p}:5"], lines
    assert "healing-claim" in lines[0] and "push-through-pain" in lines[1]
    assert '"releases trauma stored in your hips"' in lines[0]  # one claim, quoted once


def test_a_segment_allow_needs_a_reason_like_an_inline_one(tmp_path: Path) -> None:
    res, p = _lint(
        tmp_path,
        'holdspace: 1\ntitle: T\nsegments:\n  - speak: "Relax now."\n    allow: [command]\n'
        '  - speak: "Hold it."\n    allow: [command]  # because we quote an old teacher\n',
    )
    assert res.stdout.splitlines() == [
        f'{p}:5: warning allow-without-reason: "allow command" — say why: '
        "allow: [command]  # because …"
    ]


def test_a_spanish_script_gives_its_reason_with_porque(tmp_path: Path) -> None:
    """A tester in Bogotá wrote "# holdspace: allow command porque …" and was still refused."""
    res, _ = _lint(
        tmp_path,
        "holdspace: 1\ntitle: T\nlanguage: es\nsegments:\n"
        '  - speak: "Relájate ya."  # holdspace: allow command porque citamos a una maestra\n'
        '  - speak: "Quédate quieta."\n    allow: [command]  # porque es un ejemplo\n',
    )
    assert res.exit_code == 0 and res.stdout == "", res.output


def test_own_check_ins_with_no_way_out_are_not_a_warning_any_more(tmp_path: Path) -> None:
    """A short built-in way out follows an author's line that offers none where a hold owes one
    (tests/plan/test_checkins.py), so their lines need not offer one themselves (this was a
    hold-without-exit warning, and the planner then said only the line that offered one)."""
    body = (
        "holdspace: 1\ntitle: T\nlanguage: {lang}\n"
        'care: {{check_ins: ["Notice your breath.", "Notice the floor under you."]}}\n'
        "segments:\n  - pose: butterfly\n    hold: 4m\n"
        '    cue: "Sit with the soles of your feet together."\n'
    )
    for lang in ("en", "es"):
        res, _ = _lint(tmp_path, body.format(lang=lang))
        assert res.stdout == "" and res.exit_code == 0


def test_a_hold_outside_its_poses_range_is_a_warning_at_its_line(tmp_path: Path) -> None:
    """Thirty minutes of a lunge held 30 s to 1m30s: a warning at the hold's line with the
    range; within the range or shorter, or allowed with a reason, nothing."""
    head = "holdspace: 1\ntitle: T\nsegments:\n  - pose: low_lunge\n"
    res, p = _lint(tmp_path, head + "    hold: 30m\n")
    assert res.exit_code == 0  # a warning
    (line,) = res.stdout.splitlines()
    assert line.startswith(f'{p}:5: warning hold-out-of-range: "hold: 30m" — low lunge is held 30s')
    short, _ = _lint(tmp_path, head + "    hold: 20s\n")
    assert short.stdout == ""  # a shorter hold asks less of the body (under 15 s: see below)
    fine, _ = _lint(tmp_path, head + "    hold: 1m\n")
    assert fine.stdout == ""
    allowed = (
        head + "    hold: 3m  # holdspace: allow hold-out-of-range because a teacher is present\n"
    )
    assert _lint(tmp_path, allowed)[0].stdout == ""


def test_a_bare_number_that_meant_minutes_is_a_warning(tmp_path: Path) -> None:
    """ "hold: 2" on butterfly (held 45s to 5m) is two seconds; the author meant two minutes.
    A short hold written as seconds ("30s", "30") is left alone unless under half the shortest."""
    head = "holdspace: 1\ntitle: T\nsegments:\n  - pose: butterfly\n"
    res, p = _lint(tmp_path, head + "    hold: 2  # two\n")
    (line,) = res.stdout.splitlines()
    assert line == (
        f'{p}:5: warning hold-out-of-range: "hold: 2" — a number alone is seconds: 2 s of '
        "butterfly, which is held 45s to 5m; for minutes, write 2m"
    )
    for fine in ("hold: 25s", "hold: 30", "hold: 2m"):
        assert _lint(tmp_path, head + f"    {fine}\n")[0].stdout == "", fine
    # under half the shortest hold: hardly time to settle, and "5s" may have meant minutes (a
    # tester's typo went unnoticed)
    res, p = _lint(tmp_path, head + "    hold: 5s\n")
    assert res.stdout == (
        f'{p}:5: warning hold-out-of-range: "hold: 5s" — butterfly is held 45s to 5m; 5s is '
        "hardly time to settle into it; for minutes, write 5m\n"
    )
    res, p = _lint(tmp_path, head + "    hold: 20s\n")  # 20 minutes is out of its range
    assert res.stdout.endswith("20s is hardly time to settle into it\n"), res.stdout
    res, p = _lint(tmp_path, "holdspace: 1\ntitle: T\nlength: 20\nsegments:\n  - pose: butterfly\n")
    assert res.exit_code == 2 and res.stderr == (
        f"{p}:3: length must be at least 60 s, got 20 s (a number alone is seconds); for "
        "minutes, write 20m\n"
    )


def test_a_clean_run_says_so_and_a_run_with_findings_counts_them(tmp_path: Path) -> None:
    """A user who sees nothing cannot tell "clean" from "nothing ran": the last line says which."""
    sessions = Path(__file__).resolve().parents[2] / "sessions"
    example, breathing = str(sessions / "example.yaml"), str(sessions / "breathing-5min.yaml")
    risky = tmp_path / "risky.yaml"
    risky.write_text(
        "holdspace: 1\ntitle: T\nsegments:\n"
        '  - speak: "Close your eyes now. You will feel lighter after this."\n'
    )
    clean = CliRunner().invoke(cli, ["lint", example, breathing])
    assert clean.exit_code == 0 and clean.stdout == ""
    assert clean.stderr == "2 scripts: nothing to question\n"
    found = CliRunner().invoke(cli, ["lint", str(risky)])
    assert found.exit_code == 1 and len(found.stdout.splitlines()) == 2
    assert found.stderr == "1 script: 2 findings (2 errors)\n"
    quiet = CliRunner().invoke(cli, ["lint", "-q", example])
    assert quiet.exit_code == 0 and quiet.output == ""
    as_json = CliRunner().invoke(cli, ["lint", "--json", example])
    assert as_json.stdout == "[]\n" and as_json.stderr == ""


def test_a_resource_that_presses_the_listener_is_a_warning_as_a_manifest_helpline_is(
    tmp_path: Path,
) -> None:
    """A therapist's "Llámame mañana sin falta…" in ``care: {resource: …}`` passed, while the
    same words in a manifest's helpline were a helpline-pressure warning; both are spoken in the
    same closing."""
    head = "holdspace: 1\ntitle: T\nlanguage: {lang}\ncare:\n  resource: {text}\n"
    body = "segments:\n  - pose: butterfly\n"
    text = '"Llámame mañana sin falta para contarme cómo te ha ido."'
    res, p = _lint(tmp_path, head.format(lang="es", text=text) + body)
    assert res.stdout.splitlines() == [
        f'{p}:5: warning helpline-pressure: "Llámame" — una línea de ayuda es un ofrecimiento: '
        'p. ej. "si te apetece, puedes contarme cómo te fue"'
    ]
    offer = '"If you like, you can call me tomorrow."'
    assert _lint(tmp_path, head.format(lang="en", text=offer) + body)[0].stdout == ""
    allowed = '"Make sure you call me."  # holdspace: allow helpline-pressure because we agreed'
    assert _lint(tmp_path, head.format(lang="en", text=allowed) + body)[0].stdout == ""


def test_a_script_in_a_language_the_rules_cannot_read_is_never_called_clean(tmp_path: Path) -> None:
    """A tester's French draft ("Fermez les yeux. Vous devez vous détendre. Cela guérira votre
    hanche.") was "1 script: nothing to question", which she took to mean it was safe."""
    res, p = _lint(
        tmp_path,
        "holdspace: 1\ntitle: T\nlanguage: fr\ncare: {opening: false, closing: false}\nsegments:\n"
        '  - speak: "Fermez les yeux. Vous devez vous détendre. Cela guérira votre hanche."\n',
    )
    assert res.exit_code == 0 and res.stdout == ""
    assert res.stderr == (
        f"{p}: note: the care rules read English and Spanish only; the words of this 'fr' script "
        "were not checked (only its timing): read them against the categories in docs/linter.md\n"
        "1 script (1 with words not checked: see the note above): nothing to question\n"
    )


def test_an_own_check_in_the_track_never_says_is_a_warning(tmp_path: Path) -> None:
    """A therapist's four check-ins were heard as #1, #2, #1, #2 in her short holds: her pain
    line was never said, and nothing told her."""
    lines = [f"Line {n}, and you can stop whenever you like." for n in range(1, 7)]
    body = (
        "holdspace: 1\ntitle: T\ncare:\n  check_in_every: 60s\n  check_ins:\n"
        + "".join(f'    - "{line}"\n' for line in lines)
        + "segments:\n  - pose: butterfly\n    hold: 2m\n"
    )
    res, p = _lint(tmp_path, body)
    unsaid = [x for x in res.stdout.splitlines() if "check-in-unsaid" in x]
    assert unsaid and all(x.startswith(f"{p}:5: warning check-in-unsaid: ") for x in unsaid)
    assert '"Line 6, and you can stop whenever you like."' in " ".join(unsaid)
    assert '"Line 1,' not in " ".join(unsaid)  # said first
    few = body.replace("".join(f'    - "{line}"\n' for line in lines[2:]), "")
    res, _ = _lint(tmp_path, few.replace("hold: 2m", "hold: 5m"))  # both said: nothing to say
    assert "check-in-unsaid" not in res.stdout, res.stdout


@pytest.mark.parametrize(
    ("lang", "said", "other"),
    [
        ("en", "Today we'll move gently for about six minutes.", "Take a minute to arrive."),
        (
            "es",
            "Esta práctica dura unos seis minutos.",
            "Quédate en cada postura unos cinco minutos.",
        ),
    ],
)
def test_an_own_opening_that_promises_another_length_is_a_warning(
    tmp_path: Path, lang: str, said: str, other: str
) -> None:
    """A tester's own opening said "about six minutes" for tracks of 9:00 and 11:00 (fitted to
    their length). A length said of a part ("each shape for about five minutes"), or a minute
    to arrive, is not the track's."""
    head = f"holdspace: 1\ntitle: T\nlanguage: {lang}\nlength: LENGTH\n"
    body = (
        "segments:\n  - pose: chair_butterfly\n    hold: 2m\n  - pose: chair_rest\n    hold: 2m\n"
    )
    script = head + f'care: {{opening: "{said}"}}\n' + body
    res, p = _lint(tmp_path, script.replace("LENGTH", "10m"))
    words = "six minutes" if lang == "en" else "seis minutos"
    assert f'{p}:5: warning length-said: "{words}" — ' in res.stdout, res.stdout
    assert ("about 10:00" if lang == "en" else "unos 10:00") in res.stdout
    res, _ = _lint(tmp_path, script.replace("LENGTH", "6m20s"))  # near enough to "about six"
    assert "length-said" not in res.stdout, res.stdout
    res, _ = _lint(
        tmp_path, (head + f'care: {{opening: "{other}"}}\n' + body).replace("LENGTH", "10m")
    )
    assert "length-said" not in res.stdout, res.stdout


def test_a_length_near_the_edge_gets_no_length_said_from_the_unfitted_plan(tmp_path: Path) -> None:
    """A tester's lint said both "the nearest this script can be is about 11:30" and "the track
    will be about 15:20" (the length of the holds as written): near the edge the plan lint has
    is not the track's, so only the first is said."""
    head = "holdspace: 1\ntitle: T\nlength: 3m\n"
    care = 'care: {opening: "Today we\'ll move together for about three minutes."}\n'
    body = (
        "segments:\n  - pose: chair_butterfly\n    hold: 3m\n  - pose: chair_rest\n    hold: 3m\n"
    )
    res, _ = _lint(tmp_path, head + care + body)
    assert "length-said" not in res.stdout, res.stdout


def test_a_script_is_checked_for_a_listener_s_caution(tmp_path: Path) -> None:
    """A tester found the second pose her client's caution advised against only by copying the
    script and adding the caution to it: ``--caution`` checks as a manifest row's would."""
    body = (
        "holdspace: 1\ntitle: T\ncare: {place: chair}\nsegments:\n"
        "  - pose: chair_knee_hug\n    hold: 40\n  - pose: chair_leg_stretch\n    hold: 40\n"
    )
    res, p = _lint(tmp_path, body)
    assert res.exit_code == 0 and "against-caution" not in res.stdout, res.output
    res, p = _lint(tmp_path, body, "--caution", "hip_replacement")
    assert res.exit_code == 1, res.output
    found = [x.split(" — ")[0] for x in res.stdout.splitlines()]
    assert found == [
        f'{p}:5: error against-caution: "chair_knee_hug"',
        f'{p}:7: error against-caution: "chair_leg_stretch"',
    ]
    res, _ = _lint(tmp_path, body, "--caution", "hip_replacment")
    assert res.exit_code == 2 and res.stdout == "", res.output
    assert res.stderr.strip() == (
        "--caution 'hip_replacment' is not one of hip_replacement, pregnancy, hypermobility; "
        "did you mean 'hip_replacement'?"
    )


def test_a_length_reached_only_just_by_the_guess_is_a_warning(tmp_path: Path) -> None:
    """A tester's lint was clean and plan then found her length 10 s out of reach: the guess had
    fitted it 3 s inside the shortest the script could be. So near an edge, lint says so."""
    from generator.errors import LengthOutOfReach

    body = (
        "holdspace: 1\ntitle: T\ncare: {place: chair}\nlength: LENGTH\nsegments:\n"
        "  - pose: chair_side_bend\n    hold: 45\n  - pose: chair_figure_four\n    hold: 60\n"
    )
    with pytest.raises(LengthOutOfReach) as shortest:
        estimated_plan(load_text(body.replace("LENGTH", "1m"), "s.yaml"), length=1.0)
    edge = round(shortest.value.nearest_s)
    res, p = _lint(tmp_path, body.replace("LENGTH", f"{edge + 8}s"))
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith(f'{p}:4: warning length-near-edge: "length: ')
    assert "the shortest this script can be is about " in res.stdout
    res, _ = _lint(tmp_path, body.replace("LENGTH", f"{edge + 120}s"))
    assert "length-near-edge" not in res.stdout, res.stdout
