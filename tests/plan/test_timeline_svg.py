"""The timeline picture (``holdspace plan --svg``) matches the plan it draws.

Plans come from a fake voice (one second per word), so nothing is synthesized and every time is
known; the SVG is read back with ElementTree, never compared as text.
"""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

import generator.render.prepare
from generator.cli.main import cli
from generator.plan.planner import plan_session
from generator.plan.roles import CHIME_STRIKES as CHIME
from generator.plan.timeline_svg import (
    BREATH_ROLES,
    MIN_TICK_PX,
    PLOT_WIDTH,
    TICK_STEPS_S,
    tick_step,
    timeline_svg,
)
from generator.plan.types import ChapterMark, Plan
from generator.script.load import load_text
from generator.script.model import Session
from generator.script.text import format_duration

SR = 44100
SVG = "{http://www.w3.org/2000/svg}"
HEAD = (
    "holdspace: 1\ntitle: {title}\npacing: {{sentence_gap: 0.5, lead_in: 2, tail: 5}}\n"
    "care: {{opening: false, closing: false}}\nsegments:\n"
)
# speech, a pose on both sides (holds with check-ins), a paced breath block, a natural breath, a
# long pause (soft chimes), an intended silence, a bell and a pause marker inside speech
RICH = (
    "  - chapter: Arrive\n"
    "  - speak: 'Welcome here. [pause 2s] Settle in.'\n"
    "  - pose: pigeon\n    sides: both\n    hold: 3m\n"
    "  - chapter: Breathe\n"
    "  - breath: {inhale: 4, exhale: 6, rounds: 4}\n"
    "  - breath: natural\n"
    "  - bell: {strikes: 2}\n"
    "  - pause: 3m\n"
    "  - pause: 20s\n    silent: true\n"
    "  - chapter: Close\n"
    "  - speak: Thank you.\n"
)


def fake_measure(text: str) -> int:
    """One second per word: no synthesis, exact times."""
    return len(text.split()) * SR


def make_plan(body: str, title: str = "T") -> Plan:
    script = HEAD.format(title=title) + body
    return plan_session(load_text(script, "t.yaml"), fake_measure, sample_rate=SR)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def marks(root: ET.Element, cls: str) -> list[ET.Element]:
    return [el for el in root.iter() if cls in (el.get("class") or "").split()]


def scale_of(root: ET.Element) -> tuple[float, float]:
    """The plot's left edge and px per second, as the picture declares them."""
    x0 = float(root.get("data-plot-x", "nan"))
    width = float(root.get("data-plot-width", "nan"))
    return x0, width / float(root.get("data-duration", "nan"))


# -- the picture ----------------------------------------------------------------------------------


def test_svg_is_xml_with_title_total_length_and_legend() -> None:
    plan = make_plan(RICH, title="Evening Hips")
    root = parse(timeline_svg(plan, plan.title))
    assert root.tag == f"{SVG}svg"
    assert 1100 <= float(root.get("width", "0")) <= 1300
    assert root.get("font-family") == "sans-serif"
    assert float(root.get("data-duration", "0")) == pytest.approx(plan.duration / SR, abs=1e-6)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Evening Hips" in texts
    assert any(format_duration(plan.duration / SR) in t for t in texts)
    assert marks(root, "legend")
    height = float(root.get("height", "0"))
    assert 200 <= height <= 600
    for el in root.iter():  # everything drawn fits inside the picture
        for attr in ("y", "cy", "y1", "y2"):
            if el.get(attr) is not None:
                assert 0 <= float(el.get(attr, "0")) <= height


def test_one_band_per_chapter_at_the_planned_start_and_end() -> None:
    plan = make_plan(RICH)
    root = parse(timeline_svg(plan, plan.title))
    x0, scale = scale_of(root)
    bands = marks(root, "chapter")
    assert [b.get("data-title") for b in bands] == [c.title for c in plan.chapters]
    assert len(bands) == len(plan.chapters) == 3
    for band, c in zip(bands, plan.chapters, strict=True):
        assert float(band.get("data-start", "nan")) == pytest.approx(c.start / SR, abs=1e-6)
        assert float(band.get("data-end", "nan")) == pytest.approx(c.end / SR, abs=1e-6)
        left = float(band.get("x", "nan"))
        right = left + float(band.get("width", "nan"))
        assert left == pytest.approx(x0 + c.start / SR * scale, abs=0.5)
        assert right == pytest.approx(x0 + c.end / SR * scale, abs=0.5)
    # the bands tile the whole plot, and the axis uses the same scale
    assert float(bands[0].get("x", "nan")) == pytest.approx(x0, abs=0.5)
    ticks = marks(root, "tick")
    assert len(ticks) >= 2
    for t in ticks:
        assert float(t.get("x1", "nan")) == pytest.approx(
            x0 + float(t.get("data-t", "nan")) * scale, abs=0.5
        )


def test_every_kind_of_mark_is_drawn_as_often_as_the_plan_implies() -> None:
    plan = make_plan(RICH)
    root = parse(timeline_svg(plan, plan.title))
    ev = plan.events
    speech = [e for e in ev if e.kind == "speech" and e.role != "check_in"]
    check_ins = [e for e in ev if e.kind == "speech" and e.role == "check_in"]
    holds = [e for e in ev if e.kind == "hold" and e.role not in BREATH_ROLES]
    pauses = [e for e in ev if e.kind == "pause"]
    bells = [e for e in ev if e.kind == "tone" and e.strikes != CHIME]
    chimes = [e for e in ev if e.kind == "tone" and e.strikes == CHIME]
    expected = {
        "speech": len(speech),
        "check-in": len(check_ins),
        "hold": len(holds),
        "pause": len(pauses),
        "breath": RICH.count("- breath:"),  # one block per breathing item, not one per phase
        "bell": len(bells),
        "chime": len(chimes),
    }
    assert all(expected.values()), expected  # the script exercises every kind
    assert expected["hold"] == 2 and expected["bell"] == 1 and expected["pause"] == 3
    drawn = {kind: len([m for m in marks(root, kind) if "mark" in m.get("class", "")])
             for kind in expected}  # fmt: skip
    assert drawn == expected
    x0, scale = scale_of(root)
    for e, m in zip(holds, marks(root, "hold"), strict=True):  # in plan order, at the plan's time
        assert float(m.get("data-start", "nan")) == pytest.approx(e.start / SR, abs=1e-6)
        assert float(m.get("x", "nan")) == pytest.approx(x0 + e.start / SR * scale, abs=0.5)
    phases = [e for e in ev if e.kind == "hold" and e.role in BREATH_ROLES]
    block = marks(root, "breath")[0]
    assert float(block.get("data-start", "nan")) == pytest.approx(phases[0].start / SR, abs=1e-6)
    assert float(block.get("data-end", "nan")) == pytest.approx(
        phases[3 * 2 + 1].end / SR, abs=1e-6
    )  # 4 rounds of inhale + exhale


def test_titles_are_escaped() -> None:
    plan = make_plan(
        "  - chapter: 'Tom & Jerry <3 \"quoted\"'\n  - speak: 'Fish & chips <b>now</b>.'\n",
        title="'<Hips & \"Breath\">'",
    )
    svg = timeline_svg(plan, plan.title)
    assert "&lt;Hips &amp; " in svg and "<Hips" not in svg
    root = parse(svg)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert '<Hips & "Breath">' in texts
    assert marks(root, "chapter")[-1].get("data-title") == 'Tom & Jerry <3 "quoted"'
    tips = ["".join(t.itertext()) for t in root.iter(f"{SVG}title")]
    assert any("Fish & chips <b>now</b>." in t for t in tips)


def test_any_unicode_survives_and_characters_xml_cannot_hold_are_replaced() -> None:
    title = "Caderas suaves · 股関節 🧘‍♀️ שלום e\u0301"
    plan = make_plan("  - chapter: Ça va ✨\n  - speak: Hola.\n", title=f"'{title}'")
    root = parse(timeline_svg(plan, plan.title))
    assert title in ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert marks(root, "chapter")[0].get("data-title") == "Ça va ✨"
    broken = dataclasses.replace(
        plan, chapters=(ChapterMark("bad\x00\x1b\ud800 end\n", 0, plan.duration),)
    )
    svg = timeline_svg(broken, "nul\x00 and \ufffe")
    svg.encode("utf-8")  # no lone surrogates left
    root = parse(svg)
    assert marks(root, "chapter")[0].get("data-title") == "bad\ufffd\ufffd\ufffd end "


def test_long_chapter_titles_are_cut_to_their_band_or_hidden() -> None:
    long = "A very long chapter title that goes on about the hips " * 2
    plan = make_plan(
        f"  - chapter: {long.strip()}\n  - speak: One.\n"
        "  - chapter: Wide enough for this one\n  - pause: 10m\n"
        f"  - chapter: {long.strip()}\n  - pause: 40s\n"
        f"  - chapter: {long.strip()}\n  - speak: Bye.\n",
        title="'" + "Long " * 39 + "'",
    )
    root = parse(timeline_svg(plan, plan.title))
    bands = {b.get("data-start"): b for b in marks(root, "chapter")}
    clips = {c.get("id"): next(iter(c)) for c in root.iter(f"{SVG}clipPath")}
    labels = marks(root, "chapter-title")
    assert 0 < len(labels) < len(bands)  # the bands a few seconds long have no room for words
    texts = []
    for label in labels:
        band = bands[label.get("data-start")]
        left = float(band.get("x", "nan"))
        right = left + float(band.get("width", "nan"))
        box = clips[label.get("clip-path", "")[len("url(#") : -1]]
        assert left <= float(box.get("x", "nan"))
        assert float(box.get("x", "nan")) + float(box.get("width", "nan")) <= right
        assert left <= float(label.get("x", "nan")) < right
        texts.append("".join(label.itertext()))
    assert "Wide enough for this one" in texts  # a title that fits is shown whole
    cut = [t for t in texts if t != "Wide enough for this one"]
    assert cut and all(t.endswith("…") and long.startswith(t[:-1]) for t in cut)
    title = marks(root, "title")[0]
    assert "".join(title.itertext()).endswith("…")


def test_a_three_hour_session_gets_quarter_hour_ticks_or_coarser() -> None:
    plan = make_plan("  - pause: 1h\n  - pause: 1h\n  - pause: 1h\n")
    root = parse(timeline_svg(plan, plan.title))
    _, scale = scale_of(root)
    ticks = [float(t.get("data-t", "nan")) for t in marks(root, "tick")]
    step = ticks[1] - ticks[0]
    assert step in (900, 1800) and step * scale >= MIN_TICK_PX
    assert 6 <= len(ticks) <= 20 and ticks[-1] <= plan.duration / SR
    labels = ["".join(t.itertext()) for t in marks(root, "tick-label")]
    assert "1 h" in labels and "3 h" in labels
    assert len(marks(root, "chime")) >= 150  # silence over a minute is broken by soft chimes


def test_a_one_minute_session_gets_ticks_in_seconds() -> None:
    plan = make_plan("  - speak: Hello.\n  - pause: 50s\n")
    assert 55 <= plan.duration / SR <= 65
    root = parse(timeline_svg(plan, plan.title))
    ticks = [float(t.get("data-t", "nan")) for t in marks(root, "tick")]
    assert len(ticks) >= 4 and ticks[1] - ticks[0] < 60
    labels = ["".join(t.itertext()) for t in marks(root, "tick-label")]
    assert labels[0] == "0" and "0:30" in labels


def test_a_plan_without_chapters_still_draws() -> None:
    plan = dataclasses.replace(
        make_plan("  - speak: Hello there. Welcome.\n  - pause: 30s\n"), chapters=()
    )
    root = parse(timeline_svg(plan, "No chapters"))
    assert marks(root, "chapter") == []
    assert len(marks(root, "speech")) == 2 and len(marks(root, "pause")) == 1
    assert any("no chapters" in "".join(t.itertext()) for t in root.iter(f"{SVG}text"))


@pytest.mark.parametrize("seconds", [8, 61, 300, 789, 1800, 3600, 3 * 3600, 4 * 3600])
def test_tick_spacing_is_the_finest_that_keeps_labels_apart(seconds: int) -> None:
    step = tick_step(seconds)
    scale = PLOT_WIDTH / seconds
    assert step in TICK_STEPS_S and step * scale >= MIN_TICK_PX
    finer = [s for s in TICK_STEPS_S if s < step]
    assert not finer or finer[-1] * scale < MIN_TICK_PX
    if seconds >= 600:
        assert step % 60 == 0  # whole minutes once a session is a few minutes long


# -- the command line -----------------------------------------------------------------------------

SCRIPT = HEAD.format(title="'Hips & <Breath>'") + RICH


class FakePrepared:
    """Stands in for synthesis: the CLI gets a plan from the fake voice, instantly."""

    def __init__(
        self,
        session: Session,
        sample_rate: int,
        seed: int | None,
        progress: object = None,
        length: float | None = None,
    ) -> None:
        self.plan = plan_session(
            session, fake_measure, sample_rate=sample_rate, seed=seed, length=length
        )


class NoPrepared:
    """Any synthesis is a failure: a bad --svg must be refused before the work starts."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("reached speech synthesis before checking --svg")


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(SCRIPT, encoding="utf-8")
    return path


def test_cli_writes_the_svg(script: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator.render.prepare, "Prepared", FakePrepared)
    out = tmp_path / "out" / "timeline.svg"
    out.parent.mkdir()
    res = CliRunner().invoke(cli, ["plan", str(script), "--svg", str(out)])
    assert res.exit_code == 0, res.output
    root = ET.parse(out).getroot()
    assert root.tag == f"{SVG}svg" and len(marks(root, "chapter")) == 3
    assert res.stdout == f"wrote {out}\n"  # one line: the plan itself with --json, or without --svg
    assert sorted(p.name for p in out.parent.iterdir()) == ["timeline.svg"]  # no temp file left
    quiet = CliRunner().invoke(cli, ["plan", str(script), "--svg", str(out), "-q"])
    assert quiet.exit_code == 0 and "wrote" not in quiet.output


def test_cli_svg_with_json_keeps_stdout_json(
    script: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generator.render.prepare, "Prepared", FakePrepared)
    out = tmp_path / "t.svg"
    res = CliRunner().invoke(cli, ["plan", str(script), "--json", "--svg", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["title"] == "Hips & <Breath>" and res.stderr == ""
    root = ET.parse(out).getroot()
    assert len(marks(root, "chapter")) == len(data["chapters"])


@pytest.mark.parametrize(
    ("where", "words"),
    [
        pytest.param("missing/folder/t.svg", "does not exist; create it first", id="no-folder"),
        pytest.param("adir", "is a folder", id="a-folder"),
    ],
)
def test_cli_refuses_an_svg_path_it_cannot_write(
    script: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, words: str
) -> None:
    monkeypatch.setattr(generator.render.prepare, "Prepared", NoPrepared)
    (tmp_path / "adir").mkdir()
    before = sorted(tmp_path.rglob("*"))
    res = CliRunner().invoke(cli, ["plan", str(script), "--svg", str(tmp_path / where)])
    assert res.exit_code == 2, res.output
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("--svg") and words in lines[0]
    assert "Traceback" not in res.output and res.stdout == ""
    assert sorted(tmp_path.rglob("*")) == before


def test_audio_out_is_made_when_a_picture_goes_there_first(
    script: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's `plan … --svg audio_out/example.svg` works on a fresh clone: audio_out is
    the project's own output folder, made on first use as a render makes it."""
    monkeypatch.setattr(generator.render.prepare, "Prepared", FakePrepared)
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(cli, ["plan", str(script), "--svg", "audio_out/example.svg"])
    assert res.exit_code == 0, res.output
    assert ET.parse(tmp_path / "audio_out" / "example.svg").getroot() is not None


def test_a_picture_drawn_from_guessed_lengths_says_so(script: Path, tmp_path: Path) -> None:
    """`plan --estimate --svg`: the JSON says "estimate": true; the picture says it in its
    title, so a teacher does not take guessed times for the track's."""
    out = tmp_path / "guess.svg"
    res = CliRunner().invoke(cli, ["plan", str(script), "--estimate", "--svg", str(out)])
    assert res.exit_code == 0, res.output
    title = ET.parse(out).getroot().find("{http://www.w3.org/2000/svg}title")
    assert title is not None and "(estimated times)" in title.text
