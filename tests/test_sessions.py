"""Every shipped script in sessions/ lints clean, plans, and keeps the care rules in its plan.

Plans here use a fake voice (0.4 s a word), so the whole library plans in a second or two without
synthesizing speech; the care rules checked are the ones a listener hears: an opening and a
closing with a care note, a way out offered often enough in every long hold, and no stretch of
quiet longer than the session's own ``care.max_silence`` (except silence the author marked).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.care.data import normalize_lang
from generator.care.poses import get_pose
from generator.cli.main import cli
from generator.lint.rules import has_exit_offer
from generator.plan.holds import EXIT_EVERY_S
from generator.plan.planner import plan_session
from generator.plan.types import Event, Plan
from generator.script.load import load_session
from generator.script.model import Pose, Session

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = sorted((ROOT / "sessions").glob("*.yaml"))
SR = 44100

# The length each shipped script is meant to have (seconds, with the fake voice), as its header
# comment says. A script not listed here is held to its own `length:` if it has one.
INTENDED = {
    "gentle-hips": (10 * 60, 16 * 60),
    "caderas-suaves": (10 * 60, 16 * 60),
    "hips-and-breath": (25 * 60, 35 * 60),
    "breathing-5min": (4 * 60 + 30, 6 * 60),
    "chair-hips": (12 * 60, 15 * 60),
    "bedtime-hips": (30 * 60, 45 * 60),
    "grounding-3min": (2 * 60 + 30, 4 * 60),
    "anclaje-3min": (2 * 60 + 30, 4 * 60),
}
GROUNDING_TRACKS = {"en": "grounding-3min", "es": "anclaje-3min"}
# Library sessions whose closing points to the grounding track in their own language, by its title.
POINT_TO_GROUNDING = {
    "hips-and-breath": "Grounding",
    "breathing-5min": "Grounding",
    "chair-hips": "Grounding",
    "bedtime-hips": "Grounding",
    "caderas-suaves": "Anclaje",
}
CARE_NOTE = {"en": "not a replacement for care", "es": "no sustituye"}


def fake_measure(text: str) -> int:
    return round(len(text.split()) * 0.4 * SR)


def plan_of(path: Path, length: float | None = None) -> tuple[Session, Plan]:
    session = load_session(path)
    return session, plan_session(session, measure=fake_measure, length=length)


def is_pose_hold(e: Event) -> bool:
    return e.kind == "hold" and (e.role == "hold" or e.role.startswith("hold:"))


def check_in_groups(session: Session, plan: Plan) -> list[tuple[int, str]]:
    """(start, text) of each check-in: its sentences are spoken one sentence_gap apart."""
    join = round((session.pacing.sentence_gap + 0.05) * SR)
    groups: list[list[Event]] = []
    for e in sorted((e for e in plan.events if e.role == "check_in"), key=lambda e: e.start):
        if groups and e.start - groups[-1][-1].end <= join:
            groups[-1].append(e)
        else:
            groups.append([e])
    return [(g[0].start, " ".join(e.text or "" for e in g)) for g in groups]


ids = [p.stem for p in SESSIONS]


def test_the_library_is_there() -> None:
    missing = set(INTENDED) - set(ids)
    assert not missing, f"sessions missing: {sorted(missing)}"


@pytest.mark.parametrize("path", SESSIONS, ids=ids)
def test_lints_clean(path: Path) -> None:
    result = CliRunner().invoke(cli, ["lint", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == "1 script: nothing to question\n", result.output


@pytest.mark.parametrize("path", SESSIONS, ids=ids)
def test_length_is_as_intended(path: Path) -> None:
    session, plan = plan_of(path)
    seconds = plan.duration / SR
    if path.stem in INTENDED:
        lo, hi = INTENDED[path.stem]
    elif session.length is not None:
        lo, hi = session.length - 5, session.length + 5
    else:
        lo, hi = 60, 4 * 3600
    assert lo <= seconds <= hi, (
        f"{path.name}: {seconds / 60:.1f} min, meant {lo / 60:g}-{hi / 60:g}"
    )


@pytest.mark.parametrize("path", SESSIONS, ids=ids)
def test_opens_with_a_content_note_and_closes_with_care(path: Path) -> None:
    session, plan = plan_of(path)
    speech = plan.speech()
    assert speech[0].role == "opening", "the first words are the opening"
    assert speech[-1].role == "closing", "the last words are the closing"
    lang = normalize_lang(session.language)
    opening = " ".join(e.text or "" for e in speech if e.role == "opening")
    closing = " ".join(e.text or "" for e in speech if e.role == "closing")
    assert has_exit_offer(opening, lang), "the opening says you can pause or stop"
    assert ("eyes" if lang == "en" else "ojos") in opening, "the opening mentions the eyes"
    assert CARE_NOTE[lang] in closing, "the closing has the care note"


@pytest.mark.parametrize("path", SESSIONS, ids=ids)
def test_every_long_hold_offers_a_way_out_often_enough(path: Path) -> None:
    """Words at least every check-in interval; the first of them offers a way out, and the offer
    comes again at least every EXIT_EVERY_S or check-in interval (not in every check-in: a long rest told to come out
    every 50 s sounds anxious, not kind)."""
    session, plan = plan_of(path)
    interval = round(min(session.care.check_in_every, session.care.max_silence) * SR)
    every = max(round(EXIT_EVERY_S * SR), interval)  # an author may space check-ins wider
    lang = normalize_lang(session.language)
    groups = check_in_groups(session, plan)
    for hold in filter(is_pose_hold, plan.events):
        if hold.end - hold.start <= interval:
            continue
        inside = [(s, t) for s, t in groups if hold.start <= s < hold.end]
        marks = [hold.start, *(s for s, _ in inside), hold.end]
        widest = max(b - a for a, b in zip(marks, marks[1:], strict=False))
        assert widest <= interval + 1, (
            f"{path.name}:{hold.line}: {widest / SR:.0f} s without words in a "
            f"{(hold.end - hold.start) / SR:.0f} s hold (at most {interval / SR:.0f} s)"
        )
        offers = [s for s, t in inside if has_exit_offer(t, lang)]
        assert offers and offers[0] == inside[0][0], f"{path.name}:{hold.line}: first check-in"
        gaps = [b - a for a, b in zip(offers, [*offers[1:], hold.end], strict=True)]
        assert max(gaps) <= every + 1, (
            f"{path.name}:{hold.line}: {max(gaps) / SR:.0f} s between ways out in a "
            f"{(hold.end - hold.start) / SR:.0f} s hold (at most {every / SR:.0f} s)"
        )
        if not session.care.check_ins:
            assert len(offers) <= 1 + (hold.end - offers[0]) // every, "offered too often"


@pytest.mark.parametrize("path", SESSIONS, ids=ids)
def test_no_silence_longer_than_max_silence(path: Path) -> None:
    session, plan = plan_of(path)
    limit = round(session.care.max_silence * SR)
    marked = [(e.start, e.end) for e in plan.events if e.role == "silence"]
    sounds = sorted((e.start, e.end) for e in plan.events if e.kind in ("speech", "tone"))
    heard_until = 0
    edges = [*sounds, (plan.duration, plan.duration)]
    for start, end in edges:
        gap = start - heard_until
        if gap > limit and not any(a <= heard_until and start <= b for a, b in marked):
            pytest.fail(
                f"{path.name}: {gap / SR:.0f} s without a sound at {heard_until / SR:.0f} s "
                f"(max_silence {session.care.max_silence:g} s)"
            )
        heard_until = max(heard_until, end)


@pytest.mark.parametrize("minutes", [10, 20, 30])
def test_gentle_hips_fits_10_20_30_minutes(minutes: int) -> None:
    _, plan = plan_of(ROOT / "sessions" / "gentle-hips.yaml", length=minutes * 60)
    assert abs(plan.duration / SR - minutes * 60) <= 5


@pytest.mark.parametrize(("name", "track"), sorted(POINT_TO_GROUNDING.items()))
def test_closings_point_to_the_grounding_track(name: str, track: str) -> None:
    session, plan = plan_of(ROOT / "sessions" / f"{name}.yaml")
    closing = " ".join(e.text or "" for e in plan.speech() if e.role == "closing")
    assert track in closing
    grounding = load_session(ROOT / "sessions" / f"{GROUNDING_TRACKS[session.language]}.yaml")
    assert grounding.title.startswith(track)  # the track it names is there, in its language


@pytest.mark.parametrize("name", sorted(GROUNDING_TRACKS.values()))
def test_the_grounding_tracks_have_no_poses_and_no_paced_breathing(name: str) -> None:
    _, plan = plan_of(ROOT / "sessions" / f"{name}.yaml")
    assert not any(is_pose_hold(e) or e.role in ("inhale", "exhale") for e in plan.events)


def test_bedtime_is_sparse_soft_and_ends_without_a_bell() -> None:
    session, plan = plan_of(ROOT / "sessions" / "bedtime-hips.yaml")
    assert session.care.check_in_every >= 150 and session.care.max_silence >= 150
    assert session.ambient.bed in ("drone", "brown-noise") and session.ambient.fade_out >= 30
    assert not any(e.kind == "tone" and e.strikes > 0 for e in plan.events), "no bell"
    longest = max(e.end - e.start for e in plan.events if is_pose_hold(e))
    assert longest >= 5 * 60 * SR


def test_chair_hips_stays_in_the_chair() -> None:
    session, _ = plan_of(ROOT / "sessions" / "chair-hips.yaml")
    poses = [s for s in session.segments if isinstance(s, Pose)]
    assert poses and all(get_pose(p.pose).chair for p in poses)


def test_caderas_suaves_is_spanish() -> None:
    session, plan = plan_of(ROOT / "sessions" / "caderas-suaves.yaml")
    assert session.language == "es"
    spoken = " ".join(e.text or "" for e in plan.speech())
    for english in (" you ", " the ", "Welcome", "Coming up"):
        assert english not in spoken
