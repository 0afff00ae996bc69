"""Sidecars read back with independent parsers (webvtt-py, a strict LRC regex, json) must say
exactly what the plan says: same sentences, same titles, times within half a rounding unit."""

from __future__ import annotations

import html
import json
import os
import re
import stat
from fractions import Fraction
from pathlib import Path

import pytest
import webvtt

from generator.output.sidecars import (
    KINDS,
    atomic_write_text,
    chapters_json,
    chapters_vtt_text,
    cue_json,
    lrc_text,
    sidecar_path,
    vtt_text,
    write_sidecars,
)
from generator.plan.planner import plan_session
from generator.plan.types import ChapterMark, Event, Line, Plan
from generator.script.load import load_text

ENGLISH = """\
holdspace: 1
title: Gentle Hips
author: A. Teacher
segments:
  - speak: "Welcome. Everything here is an invitation. [pause 2s] Let's begin."
  - pause: 10s
  - pose: reclined_figure_four
    cue: "If you like, cross your left ankle over your right knee. You can come out at any time."
    sides: both
    hold: 90s
  - breath: {inhale: 4, exhale: 6, rounds: 3}
  - speak: "When you're ready, let your eyes open and look around the room."
"""

SPANISH = """\
holdspace: 1
title: Caderas suaves — añejo «ñ»
language: es
segments:
  - speak: "Bienvenida. Todo aquí es una invitación. Respira --> suelta & <descansa>."
  - pause: 1h10m
  - chapter: "Cierre: ¿cómo estás?"
  - speak: "¿Cómo estás? Puedes abrir los ojos, despacio."
"""


def words(text: str) -> int:
    return len(text.split()) * 4410


def odd(text: str) -> int:
    """Clip lengths that are not whole milliseconds, so rounding is exercised."""
    return len(text) * 1237 + 17


def make_plan(source: str, measure=words, sample_rate: int = 44100) -> Plan:
    return plan_session(load_text(source), measure=measure, sample_rate=sample_rate)


PLANS = {
    "english": lambda: make_plan(ENGLISH),
    "english-odd-48k": lambda: make_plan(ENGLISH, odd, 48000),
    "spanish-hour": lambda: make_plan(SPANISH),
    "spanish-odd": lambda: make_plan(SPANISH, odd, 44100),
}


@pytest.fixture(params=list(PLANS), ids=list(PLANS))
def plan(request: pytest.FixtureRequest) -> Plan:
    return PLANS[request.param]()


def speech(plan: Plan) -> list[Line]:
    """What the sidecars show: one line per sentence, its clauses joined back."""
    return plan.lines()


def clauses(plan: Plan) -> list[Event]:
    return sorted(plan.speech(), key=lambda e: e.start)


def close(parsed_s: float | Fraction, samples: int, sample_rate: int, unit_s: Fraction) -> bool:
    """Parsed time within half a unit of the exact time (plus float noise)."""
    error = abs(Fraction(parsed_s) - Fraction(samples, sample_rate))
    return error <= unit_s / 2 + Fraction(1, 10**9)


def weird_plan() -> Plan:
    """Hand-built: text no script could contain (newlines, blank lines) and times past an hour."""
    sr = 48000
    h = 3600 * sr
    events = (
        Event("speech", 0, sr, 1, "first\n\nline --> <b>bold</b> & co"),
        Event("pause", sr, h, 2, role="pause"),
        Event("speech", h + 7, h + 7 + sr // 3, 3, "  Más   tarde\tñandú  "),
        Event("speech", 3 * h + 1, 3 * h + 2, 4, "tiny"),  # shorter than a millisecond
    )
    chapters = (ChapterMark("Uno\n-->", 0, h), ChapterMark("Dos & <tres>", h, 3 * h + sr))
    return Plan("T\nitle", sr, 3 * h + sr, events, chapters, 1)


def empty_plan() -> Plan:
    return Plan("Nothing", 44100, 0, (), (), 0)


# -- WebVTT ---------------------------------------------------------------------------------------
def secs(ts: object) -> Fraction:
    """A webvtt-py Timestamp exactly (its ``in_seconds()`` drops the milliseconds)."""
    h, m, s, ms = (getattr(ts, k) for k in ("hours", "minutes", "seconds", "milliseconds"))
    return Fraction(h * 3600 + m * 60 + s) + Fraction(ms, 1000)


def read_vtt(text: str) -> list[webvtt.Caption]:
    assert text.startswith("WEBVTT\n")
    return list(webvtt.from_string(text, strict=True).captions)


def _sentences(plan: Plan) -> list[list[Event]]:
    sentences: list[list[Event]] = []
    for e in clauses(plan):
        if e.continues:
            sentences[-1].append(e)
        else:
            sentences.append([e])
    return sentences


def test_vtt_cues_are_readable_and_lose_no_word(plan: Plan) -> None:
    """At most two lines of 42 characters and 7 s a cue, in time order, never overlapping, and
    together exactly the words the voice says, none cut in two."""
    captions = read_vtt(vtt_text(plan))
    assert captions
    for cap in captions:
        lines = cap.text.split("\n")
        assert len(lines) <= 2 and all(len(html.unescape(line)) <= 42 for line in lines), lines
        assert secs(cap.end_time) - secs(cap.start_time) <= Fraction(7), cap.text
        assert re.fullmatch(r"\d{2}:\d{2}:\d{2}\.\d{3}", cap.start)
    said = " ".join(e.text or "" for e in clauses(plan)).split()
    shown = " ".join(html.unescape(c.text) for c in captions).split()
    assert shown == said
    for a, b in zip(captions, captions[1:], strict=False):
        assert secs(a.end_time) <= secs(b.start_time)


def test_long_sentences_are_cut_where_the_voice_pauses(plan: Plan) -> None:
    """A sentence said in clauses that does not fit one cue is cut at a clause boundary: its cues
    start and end within 1 ms of its clauses' own times; one that fits is one cue, and the lyrics
    keep one line per sentence as written."""
    sentences = _sentences(plan)
    assert len(sentences) < len(clauses(plan))  # these scripts have sentences said in clauses
    captions = read_vtt(vtt_text(plan))
    _, lyrics = read_lrc(lrc_text(plan, plan.title, None))
    assert len(lyrics) == len(sentences)
    ms, cs = Fraction(1, 1000), Fraction(1, 100)
    sr = plan.sample_rate
    times = [(e.start, e.end) for e in clauses(plan)]
    rest = list(captions)
    for (t, lyric), parts in zip(lyrics, sentences, strict=True):
        whole = " ".join(e.text or "" for e in parts)
        assert lyric == whole
        assert close(t, parts[0].start, sr, cs)
        mine = []
        while rest and secs(rest[0].start_time) < Fraction(parts[-1].end, sr) - ms:
            mine.append(rest.pop(0))
        assert close(secs(mine[0].start_time), parts[0].start, sr, ms)
        assert close(secs(mine[-1].end_time), parts[-1].end, sr, ms)
        assert " ".join(html.unescape(c.text) for c in mine).split() == whole.split()
        if len(whole) <= 84 and (parts[-1].end - parts[0].start) / sr <= 7:
            assert len(mine) == 1, whole
        for cap in mine[1:]:  # a cut falls on a clause's start, unless inside one long clause
            at = secs(cap.start_time)
            on_clause = any(close(at, s0, sr, ms) for s0, _ in times)
            inside_one = any(Fraction(s0, sr) < at < Fraction(e0, sr) for s0, e0 in times)
            assert on_clause or inside_one
    assert not rest
    # the comma that ended a clause is still there, followed by the next clause
    assert any(len(parts) > 1 and parts[0].text.endswith(",") for parts in sentences)


def test_vtt_escapes_markup_and_arrows_and_newlines() -> None:
    text = vtt_text(weird_plan())
    body = text.split("\n\n")
    assert body[0] == "WEBVTT"
    # every block is timing + one or two text lines: no blank line or --> leaked from the text
    for block in body[1:]:
        timing, *cue = block.rstrip("\n").split("\n")
        assert timing.count("-->") == 1 and 1 <= len(cue) <= 2
        assert all("-->" not in line and "<" not in line for line in cue)
    captions = read_vtt(text)
    assert [html.unescape(c.text).replace("\n", " ") for c in captions] == [
        "first line --> <b>bold</b> & co",
        "Más tarde ñandú",
        "tiny",
    ]
    assert captions[1].start == "01:00:00.000"  # 7 samples at 48 kHz round down
    assert captions[2].start == "03:00:00.000" and captions[2].end == "03:00:00.001"


def test_vtt_with_no_speech_is_a_valid_empty_file() -> None:
    assert vtt_text(empty_plan()) == "WEBVTT\n"
    assert read_vtt(vtt_text(empty_plan())) == []


def test_chapters_vtt_lists_chapters(plan: Plan) -> None:
    captions = read_vtt(chapters_vtt_text(plan))
    assert [c.text for c in captions] == [c.title for c in plan.chapters]
    for cap, ch in zip(captions, plan.chapters, strict=True):
        assert close(secs(cap.start_time), ch.start, plan.sample_rate, Fraction(1, 1000))
    assert [html.unescape(c.text) for c in read_vtt(chapters_vtt_text(weird_plan()))] == [
        "Uno -->",
        "Dos & <tres>",
    ]


# -- LRC ------------------------------------------------------------------------------------------
LRC_LINE = re.compile(r"\[(\d{2,3}):([0-5]\d)\.(\d{2})\](.*)")
LRC_TAG = re.compile(r"\[(ti|ar|length|re):([^\n]*)\]")


def read_lrc(text: str) -> tuple[dict[str, str], list[tuple[float, str]]]:
    assert text.endswith("\n") and "\r" not in text
    tags: dict[str, str] = {}
    lines: list[tuple[float, str]] = []
    for raw in text.splitlines():
        if m := LRC_LINE.fullmatch(raw):
            lines.append((int(m[1]) * 60 + int(m[2]) + int(m[3]) / 100, m[4]))
        elif m := LRC_TAG.fullmatch(raw):
            assert not lines, "tags come before timed lines"
            tags[m[1]] = m[2]
        else:
            raise AssertionError(f"not an LRC line: {raw!r}")
    return tags, lines


def test_lrc_lines_match_speech(plan: Plan) -> None:
    tags, lines = read_lrc(lrc_text(plan, plan.title, "A. Teacher"))
    assert tags["ti"] == plan.title and tags["ar"] == "A. Teacher"
    minutes, seconds = tags["length"].split(":")
    assert abs(int(minutes) * 60 + int(seconds) - plan.duration / plan.sample_rate) <= 0.5
    events = speech(plan)
    assert [text for _, text in lines] == [e.text for e in events]
    for (t, _), e in zip(lines, events, strict=True):
        assert close(t, e.start, plan.sample_rate, Fraction(1, 100))
    assert [t for t, _ in lines] == sorted(t for t, _ in lines)


def test_lrc_long_times_newlines_and_no_artist() -> None:
    tags, lines = read_lrc(lrc_text(weird_plan(), "T\nitle", None))
    assert "ar" not in tags and tags["ti"] == "T itle" and tags["length"] == "180:01"
    assert lines == [
        (0.0, "first line --> <b>bold</b> & co"),
        (3600.0, "Más tarde ñandú"),
        (10800.0, "tiny"),
    ]


def test_lrc_with_no_speech_has_only_tags() -> None:
    tags, lines = read_lrc(lrc_text(empty_plan(), "Nothing", ""))
    assert lines == [] and tags["length"] == "00:00" and "ar" not in tags


# -- JSON -----------------------------------------------------------------------------------------
def test_chapters_json_is_podcasting_2(plan: Plan) -> None:
    data = json.loads(chapters_json(plan))
    assert data["version"] == "1.2.0" and data["title"] == plan.title
    assert [c["title"] for c in data["chapters"]] == [c.title for c in plan.chapters]
    for item, ch in zip(data["chapters"], plan.chapters, strict=True):
        assert isinstance(item["startTime"], float | int)
        assert item["startTime"] == pytest.approx(ch.start / plan.sample_rate, abs=1e-6)
        assert item["endTime"] == pytest.approx(ch.end / plan.sample_rate, abs=1e-6)
    starts = [c["startTime"] for c in data["chapters"]]
    assert starts == sorted(starts) and starts[0] == 0


def test_chapters_json_keeps_accents_readable() -> None:
    text = chapters_json(make_plan(SPANISH))
    assert "Cierre: ¿cómo estás?" in text  # not \u escapes
    assert json.loads(chapters_json(empty_plan()))["chapters"] == []


def test_cue_json_is_the_plan(plan: Plan) -> None:
    data = json.loads(cue_json(plan))
    assert data == json.loads(json.dumps(plan.to_json()))
    assert data["title"] == plan.title
    spoken = [e for e in data["events"] if e["kind"] == "speech"]
    assert [e["text"] for e in spoken] == [e.text for e in plan.speech()]
    assert all({"start", "end", "start_s", "end_s"} <= set(e) for e in data["events"])


# -- writing --------------------------------------------------------------------------------------
def test_write_sidecars_writes_each_kind_beside_the_mp3(tmp_path: Path) -> None:
    plan = make_plan(SPANISH)
    mp3 = tmp_path / "caderas-suaves.mp3"
    paths = write_sidecars(mp3, plan, artist="Ana")
    assert [p.name for p in paths] == [
        "caderas-suaves.lrc",
        "caderas-suaves.vtt",
        "caderas-suaves.chapters.json",
        "caderas-suaves.cue.json",
    ]
    assert paths[0].read_text(encoding="utf-8") == lrc_text(plan, plan.title, "Ana")
    assert paths[1].read_text(encoding="utf-8") == vtt_text(plan)
    assert paths[2].read_text(encoding="utf-8") == chapters_json(plan)
    assert paths[3].read_text(encoding="utf-8") == cue_json(plan)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)


def test_write_sidecars_subset_all_kinds_and_unknown(tmp_path: Path) -> None:
    plan = make_plan(ENGLISH)
    mp3 = tmp_path / "x.mp3"
    assert write_sidecars(mp3, plan, artist=None, kinds=["vtt"]) == [tmp_path / "x.vtt"]
    assert {p.name for p in write_sidecars(mp3, plan, artist=None, kinds=KINDS)} == {
        "x.lrc",
        "x.vtt",
        "x.chapters.vtt",
        "x.chapters.json",
        "x.cue.json",
    }
    with pytest.raises(ValueError, match="unknown sidecar kind"):
        write_sidecars(tmp_path / "y.mp3", plan, artist=None, kinds=["lrc", "srt"])
    assert not (tmp_path / "y.lrc").exists()  # nothing written when one kind is wrong


def test_sidecar_path_keeps_dots_in_the_stem(tmp_path: Path) -> None:
    assert sidecar_path(tmp_path / "a.b.mp3", "cue").name == "a.b.cue.json"


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "f.vtt"
    target.write_text("old", encoding="utf-8")
    atomic_write_text(target, "ñ new\n")
    assert target.read_bytes() == "ñ new\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["f.vtt"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_atomic_write_failure_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "f.lrc"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(target, "bad \udc80 surrogate")

    def refuse(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("generator.output.files.os.replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.lrc"]


def test_atomic_write_into_a_missing_folder_fails(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write_text(tmp_path / "no" / "f.vtt", "x")
