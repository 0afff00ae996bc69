"""``holdspace record``: the recording sheet (lines.csv, sheet.txt), what a folder holds against
it, ``--check`` (writes nothing; exit status 1 while lines are missing) and ``--split`` (one
long take cut into the lines' files)."""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import one_error_line, require_tool
from recordings import ESPEAK_RATE, encode, espeak, tone_file

from generator.cli.main import cli
from generator.mix.bell import Tones
from generator.plan.planner import session_seed
from generator.render.prepare import spoken_texts
from generator.script.load import load_session, load_text
from generator.speech.recording_audio import read_recording
from generator.speech.recording_clean import clean
from generator.speech.recording_names import line_stem

SCRIPT = """\
holdspace: 1
title: Sheet Test
care: {opening: false, closing: false}
segments:
  - speak: "Welcome. You can stop at any time."
  - pose: childs_pose
    hold: 20s
  - speak: "When you are ready, let your breath slow down, and notice the floor."
  - speak: "Thank you."
"""


def rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "lines.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "sheet.yaml"
    path.write_text(SCRIPT)
    return path


def record(*args: str) -> object:
    return CliRunner().invoke(cli, ["record", *args])


def test_the_sheet_lists_every_line_once_in_speaking_order(script: Path, tmp_path: Path) -> None:
    folder = tmp_path / "my-voice"
    result = record(str(script), "-o", str(folder))
    assert result.exit_code == 0, result.output
    session = load_session(script)
    texts = spoken_texts(session, 44100, session_seed(session), None, Tones(44100).length)
    listed = rows(folder)
    assert (folder / "lines.csv").read_text().startswith("file,text\n")
    assert [r["text"] for r in listed] == list(dict.fromkeys(texts))
    assert [r["file"] for r in listed] == [line_stem(t) for t in texts]
    assert any("child" in r["text"].lower() for r in listed)  # built-in words too
    sheet = (folder / "sheet.txt").read_text()
    assert all(r["file"] in sheet for r in listed)
    assert "== Child's pose ==" in sheet and "20-30 cm" in sheet
    assert "part 1 of 3 of one sentence" in sheet  # "When you are ready, …" in three clauses
    assert result.stdout.splitlines() == [
        f"wrote {folder}/lines.csv and sheet.txt: {len(listed)} lines",
        f"recorded 0 of {len(listed)}; {len(listed)} to record",
    ]


def test_a_spanish_script_s_sheet_is_in_spanish(tmp_path: Path) -> None:
    """A Buenos Aires tester's sheet for his Spanish script said how to record in English."""
    path = tmp_path / "hoja.yaml"
    path.write_text(
        "holdspace: 1\ntitle: Hoja\nlanguage: es\nsegments:\n  - breath: extended_exhale\n"
        "    rounds: 2\n  - pose: mariposa\n    hold: 40s\n"
    )
    folder = tmp_path / "mi-voz"
    result = record(str(path), "-o", str(folder))
    assert result.exit_code == 0, result.output
    sheet = (folder / "sheet.txt").read_text()
    assert sheet.startswith("Hoja de grabación: Hoja\nde ")
    assert "Graba cada frase en un archivo propio" in sheet and "20-30 cm" in sheet
    assert "(acogedor, sin prisa)" in sheet  # the opening's tone
    assert "dila dentro de la inhalación de 4 s" in " ".join(sheet.split())  # a breath cue
    assert "Record each line" not in sheet and "welcoming" not in sheet


def test_reordering_the_script_keeps_every_file_name(script: Path, tmp_path: Path) -> None:
    """(The built-in words vary with the seed, which comes from the script unless given.)"""
    record(str(script), "-o", str(tmp_path / "a"), "--seed", "7")
    moved = tmp_path / "moved.yaml"
    moved.write_text(
        SCRIPT.replace('  - speak: "Thank you."\n', "").replace(
            "segments:\n", 'segments:\n  - speak: "Thank you."\n'
        )
    )
    record(str(moved), "-o", str(tmp_path / "b"), "--seed", "7")
    a, b = rows(tmp_path / "a"), rows(tmp_path / "b")
    assert [r["file"] for r in a] != [r["file"] for r in b]  # another order ...
    assert {r["file"] for r in a} == {r["file"] for r in b}  # ... the same names


def test_check_lists_the_missing_lines_writes_nothing_and_exits_1(
    script: Path, tmp_path: Path
) -> None:
    require_tool("ffmpeg")
    folder = tmp_path / "my-voice"
    record(str(script), "-o", str(folder))
    listed = rows(folder)
    for row in listed[:-1]:
        tone_file(folder / f"{row['file']}.flac", 0.6, 0.3)
    tone_file(folder / "an-old-line-0a1b2c.wav", 0.6, 0.3)
    before = sorted(p.name for p in folder.iterdir())
    result = record(str(script), "-o", str(folder), "--check")
    assert result.exit_code == 1, result.output
    last = listed[-1]
    assert result.stderr.splitlines() == [
        f"{folder}: recorded {len(listed) - 1} of {len(listed)}; 1 to record; no longer used: "
        "an-old-line-0a1b2c.wav; the recordings are fine",
    ]
    assert result.stdout.splitlines() == ["file,text", f"{last['file']},{last['text']}"]
    assert sorted(p.name for p in folder.iterdir()) == before
    # a recording saved under the line's words without the six characters: the name it needs
    tone_file(folder / f"{last['file'].rsplit('-', 1)[0]}.wav", 0.6, 0.3)
    hinted = record(str(script), "-o", str(folder), "--check")
    assert f"{last['file'].rsplit('-', 1)[0]}.wav (rename it {last['file']}.wav)" in hinted.stderr
    (folder / f"{last['file'].rsplit('-', 1)[0]}.wav").unlink()
    tone_file(folder / f"{last['file']}.mp3", 0.6, 0.3)
    assert record(str(script), "-o", str(folder), "--check").exit_code == 0
    again = record(str(script), "-o", str(folder))  # the sheet now shows them recorded
    assert again.stdout.splitlines()[1].startswith(
        f"the track says {len(listed)}: recorded {len(listed)} of {len(listed)}"
    )
    assert "[ ]" not in (folder / "sheet.txt").read_text().split("[ ] still to record", 1)[1]


def test_check_reads_every_recording_as_a_render_would(script: Path, tmp_path: Path) -> None:
    require_tool("ffmpeg")
    folder = tmp_path / "my-voice"
    record(str(script), "-o", str(folder))
    clipped = folder / f"{rows(folder)[0]['file']}.wav"
    tone_file(clipped, 1.0, 1.6)
    one_error_line(record(str(script), "-o", str(folder), "--check"), "is clipped",
                   prefix=f"{clipped}: ")  # fmt: skip


def test_the_folder_comes_from_the_script_or_minus_o(script: Path, tmp_path: Path) -> None:
    one_error_line(record(str(script)), "-o FOLDER")
    one_error_line(record(str(script), "-o", str(tmp_path / "none"), "--check"), "does not exist")
    own = tmp_path / "own.yaml"
    own.write_text(SCRIPT.replace("care:", "voice: {engine: recorded, folder: mine}\ncare:"))
    assert record(str(own)).exit_code == 0
    assert (tmp_path / "mine" / "lines.csv").is_file()
    one_error_line(record(str(script), "-o", str(own)), "is a file")


def take_of(texts: list[str], path: Path, pause_s: float = 2.0) -> list[float]:
    """One take of ``texts`` in order, ``pause_s`` apart, over a low noise floor; the words'
    lengths."""
    gap = np.zeros(round(pause_s * ESPEAK_RATE))
    parts, lengths = [gap], []
    for text in texts:
        words = espeak(text)
        parts += [0.25 * words / np.abs(words).max(), gap]
        lengths.append(len(words) / ESPEAK_RATE)
    x = np.concatenate(parts)
    encode(x + np.random.default_rng(5).normal(0, 10 ** (-70 / 20), len(x)), path, 48000)
    return lengths


def test_split_cuts_one_take_into_the_lines_still_missing(script: Path, tmp_path: Path) -> None:
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    folder = tmp_path / "my-voice"
    record(str(script), "-o", str(folder))
    listed = rows(folder)
    tone_file(folder / f"{listed[0]['file']}.wav", 0.6, 0.3)  # the first is recorded already
    take = tmp_path / "take.m4a"
    lengths = take_of([r["text"] for r in listed[1:]], take)
    result = record(str(script), "-o", str(folder), "--split", str(take))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"cut {take} into {len(listed) - 1} lines in {folder}"
    for row, length in zip(listed[1:], lengths, strict=True):
        x, rate, _ = read_recording(folder / f"{row['file']}.wav")
        assert abs(len(clean(x, rate)) / rate - length) < 0.2, row["text"]
    assert record(str(script), "-o", str(folder), "--check").exit_code == 0


def test_split_refuses_a_take_with_too_few_pauses(script: Path, tmp_path: Path) -> None:
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    folder = tmp_path / "my-voice"
    record(str(script), "-o", str(folder))
    take = tmp_path / "take.wav"
    take_of([r["text"] for r in rows(folder)[:3]], take)
    result = record(str(script), "-o", str(folder), "--split", str(take))
    one_error_line(result, "found 3 spoken parts", f"{len(rows(folder))} lines", prefix=f"{take}: ")
    # fewer lines than the sheet lists: not "say fewer lines" (a tester had said fewer), but how
    assert "save each as its own file, named as in lines.csv" in result.stderr
    assert "fewer" not in result.stderr
    assert not list(folder.glob("*.wav"))


OPENING = """\
holdspace: 1
title: Opening Test
care: {closing: false}
segments:
  - pose: butterfly
    hold: 2m
"""


def test_check_and_render_ask_only_for_the_lines_the_track_says(tmp_path: Path) -> None:
    """The opening says the track's length, which the recordings' own pace decides: the sheet
    guesses it ("Also said at some lengths"), --check names the one the track says, and once it
    is recorded --check passes and the render says nothing is missing, though the guessed
    lines were never recorded."""
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    folder = tmp_path / "v"
    script = tmp_path / "mine.yaml"  # the voice named from the start: the wording stays put
    script.write_text(
        OPENING.replace("care:", f"voice: {{engine: recorded, folder: {folder}}}\ncare:")
    )
    assert record(str(script), "-o", str(folder)).exit_code == 0

    def say(text: str, stem: str) -> None:  # espeak-ng's own WAV file, as a phone would save one
        subprocess.run(["espeak-ng", "-s", "150", "-w", str(folder / f"{stem}.wav"),
                        text], check=True, timeout=60)  # fmt: skip

    for row in rows(folder):
        if "takes" not in row["text"]:  # the length lines: "This practice takes … minutes"
            say(row["text"], row["file"])
    first = record(str(script), "-o", str(folder), "--check")
    assert first.exit_code == 1
    (named,) = [line for line in first.stdout.splitlines()[1:]]
    stem, text = named.split(",", 1)
    assert "takes" in text
    say(text.strip('"'), stem)
    again = record(str(script), "-o", str(folder), "--check")
    assert again.exit_code == 0, again.output
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        OPENING.replace("care:", f"voice: {{engine: recorded, folder: {folder}}}\ncare:")
    )
    rendered = CliRunner().invoke(cli, ["render", str(mine), "-o", str(tmp_path / "t.mp3")])
    assert rendered.exit_code == 0, rendered.output
    assert "not recorded" not in rendered.stderr
    sheet = record(str(script), "-o", str(folder))
    assert "no longer used" not in sheet.stdout and stem not in sheet.stdout
    # the plain summary counts what --check counts (a tester saw "91 of 93" beside "91 of 91")
    checked = re.search(r"recorded (\d+) of (\d+)", again.stderr).groups()
    assert f"the track says {checked[1]}: recorded {checked[0]} of {checked[1]}" in sheet.stdout
    # planned with the recordings' own lengths: the length line the track says is in its place
    # in the opening (recorded), the guessed ones only after every line the track says
    order = [row["text"] for row in rows(folder)]
    assert order.index(text.strip('"')) < order.index("Coming up next: butterfly.")
    others = [t for t in order if "takes" in t and t != text.strip('"')]
    last_said = max(i for i, t in enumerate(order) if t not in others)
    assert others and all(order.index(t) > last_said for t in others)
    page = (folder / "sheet.txt").read_text(encoding="utf-8")
    number = order.index(text.strip('"')) + 1
    assert page.index(f"[x] {number:3d}  {stem}") < page.index("== Also said at some lengths ==")


def test_split_refuses_a_take_with_more_lines_than_the_sheet_lists(
    script: Path, tmp_path: Path
) -> None:
    """A tester read lines the split did not expect: cutting at the longest pauses then put one
    line's words in another's file. A take with more parts than lines is refused."""
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    folder = tmp_path / "my-voice"
    record(str(script), "-o", str(folder))
    listed = rows(folder)
    tone_file(folder / f"{listed[0]['file']}.wav", 0.6, 0.3)
    take = tmp_path / "take.wav"
    take_of([r["text"] for r in listed], take)  # the recorded first line read again
    result = record(str(script), "-o", str(folder), "--split", str(take))
    one_error_line(
        result, f"found {len(listed)} spoken parts", f"{len(listed) - 1} lines", prefix=f"{take}: "
    )
    assert sorted(p.name for p in folder.glob("*.wav")) == [f"{listed[0]['file']}.wav"]


def test_a_length_the_guesses_cannot_reach_still_gives_a_sheet(tmp_path: Path) -> None:
    """A script with ``length:`` that the real voice fits, but the guessed sentence lengths fall
    short of (a tester's 9:30 guessed at 10:25 at the nearest): the sheet is made from the plan at
    the nearest length, not refused."""
    from generator.cli.record_lines import guess, planned
    from generator.errors import LengthOutOfReach
    from generator.plan.planner import plan_session

    text = OPENING.replace("care:", "length: LENGTH\ncare:")
    try:
        plan_session(load_text(text.replace("LENGTH", "60s")), guess(), sample_rate=44100, seed=1)
    except LengthOutOfReach as exc:
        nearest = exc.nearest_s
    target = round(nearest * 0.9)  # out of the guesses' reach, within a real voice's
    session = load_text(text.replace("LENGTH", f"{target}s"))
    assert abs(planned(session, guess(), 1, None).duration / 44100 - nearest) < 6
    script = tmp_path / "fitted.yaml"
    script.write_text(text.replace("LENGTH", f"{target}s"))
    result = record(str(script), "-o", str(tmp_path / "v"))
    assert result.exit_code == 0, result.output
    assert rows(tmp_path / "v")
