"""Where holdspace writes: every output is checked before any work starts, never replaces a file
the script reads, a folder or a device, and lands whole; batch names never collide, and an
interrupted batch says truthfully what it wrote. Also the smaller command-line promises that sit
beside them: lint reports every file, ``--length`` takes the form holdspace prints, ``new`` needs a
name, a cover with too many pixels says so.

Bad input ends with exit status 2, exactly one line on stderr, no traceback and nothing written; an
autouse guard makes reaching speech synthesis or encoding an error of its own.
"""

from __future__ import annotations

import json
import os
import stat
import struct
import time
import zlib
from pathlib import Path
from types import SimpleNamespace

import click
import pytest
from click.testing import CliRunner
from conftest import ReachedWork, one_error_line, refuse_real_work

from generator.batch import jobs as batching
from generator.batch import local
from generator.batch.playlist import write_playlist
from generator.cli.main import cli
from generator.cli.options import parse_length
from generator.errors import BatchInterrupted, InputError
from generator.output import files as files_module
from generator.output.cover import load_cover
from generator.output.files import atomic_files, atomic_write_text, name_max
from generator.output.paths import check_output, render_files, session_inputs
from generator.render import track as render_module
from generator.render.track import RenderOptions
from generator.script.model import AmbientSettings, Session, Speak, VoiceSettings
from generator.speech import voices as voices_module

VALID = "holdspace: 1\ntitle: T\nsegments:\n  - speak: Hello.\n"
RISKY = "holdspace: 1\ntitle: Risky\nsegments:\n  - speak: Close your eyes.\n"
BROKEN = 'holdspace: 1\ntitle: B\nsegments:\n  - speak: "Hello.\n'


@pytest.fixture(autouse=True)
def _no_real_work(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    refuse_real_work(monkeypatch)
    monkeypatch.chdir(tmp_path)


def _snapshot(folder: Path) -> dict[Path, bytes | None]:
    """Every path under ``folder`` with its bytes (None for a folder or a special file)."""
    return {
        p: p.read_bytes() if p.is_file() and not p.is_symlink() else None for p in folder.rglob("*")
    }


_one_line = one_error_line


def _script(folder: Path, text: str = VALID, name: str = "s.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- 1. an output never replaces a file the script reads -------------------------------------------


def test_render_refuses_to_write_over_its_own_script(runner: CliRunner, tmp_path: Path) -> None:
    script = _script(tmp_path)
    before = _snapshot(tmp_path)
    line = _one_line(runner.invoke(cli, ["render", "s.yaml", "-o", "s.yaml"]), "--output s.yaml")
    assert "the script itself" in line and "another file name" in line
    assert _snapshot(tmp_path) == before
    assert script.read_text() == VALID


@pytest.mark.parametrize(
    ("key", "name", "words"),
    [
        ("ambient: {file: rain.mp3}", "rain.mp3", "the script's ambient file"),
        ("cover: cover.mp3", "cover.mp3", "the script's cover image"),
    ],
    ids=["ambient-file", "cover"],
)
def test_render_refuses_to_write_over_a_file_the_script_uses(
    runner: CliRunner, tmp_path: Path, key: str, name: str, words: str
) -> None:
    _script(tmp_path, VALID.replace("segments:", f"{key}\nsegments:"))
    (tmp_path / name).write_bytes(b"the author's own file")
    before = _snapshot(tmp_path)
    _one_line(runner.invoke(cli, ["render", "s.yaml", "-o", name]), f"--output {name}", words)
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("key", "args", "words"),
    [
        ("cover: x.lrc", ["-o", "x.mp3"], "x.lrc would overwrite the script's cover image"),
        (
            "ambient: {file: x.ambient.wav}",
            ["-o", "x.mp3", "--stems", "--no-sidecars"],
            "x.ambient.wav would overwrite the script's ambient file",
        ),
    ],
    ids=["sidecar-over-cover", "stem-over-ambient"],
)
def test_a_file_written_beside_the_mp3_never_replaces_an_input(
    runner: CliRunner, tmp_path: Path, key: str, args: list[str], words: str
) -> None:
    _script(tmp_path, VALID.replace("segments:", f"{key}\nsegments:"))
    (tmp_path / key.split()[-1].strip("{}")).write_bytes(b"the author's own file")
    before = _snapshot(tmp_path)
    _one_line(runner.invoke(cli, ["render", "s.yaml", *args]), "--output x.mp3", words)
    assert _snapshot(tmp_path) == before


def test_every_file_a_script_reads_is_an_input(tmp_path: Path) -> None:
    session = Session(
        path="s.yaml",
        title="T",
        segments=(Speak("Hello.", 4),),
        cover=str(tmp_path / "c.png"),
        ambient=AmbientSettings(bed="file", file=str(tmp_path / "rain.wav")),
        voice=VoiceSettings(engine="piper", model=str(tmp_path / "v.onnx")),
    )
    assert session_inputs(session) == [
        (Path("s.yaml"), "script"),
        (tmp_path / "rain.wav", "ambient file"),
        (tmp_path / "c.png", "cover image"),
        (tmp_path / "v.onnx", "Piper voice"),
        (tmp_path / "v.onnx.json", "Piper voice config"),
    ]


def test_your_own_recordings_are_inputs_too(runner: CliRunner, tmp_path: Path) -> None:
    voice = tmp_path / "my-voice"
    voice.mkdir()
    for name in ("hello-1a2b.wav", "close-3c4d.MP3", "notes.txt"):
        (voice / name).write_bytes(b"the teacher's own voice")
    session = Session(
        path="s.yaml", title="T", segments=(Speak("Hello.", 4),),
        voice=VoiceSettings(engine="recorded", folder=str(voice)),
    )  # fmt: skip
    assert session_inputs(session)[1:] == [
        (voice / "close-3c4d.MP3", "recording"),
        (voice / "hello-1a2b.wav", "recording"),
    ]
    _script(
        tmp_path,
        VALID.replace("segments:", "voice: {engine: recorded, folder: my-voice}\nsegments:"),
    )
    before = _snapshot(tmp_path)
    result = runner.invoke(cli, ["render", "s.yaml", "-o", "my-voice/close-3c4d.MP3"])
    _one_line(result, "my-voice/close-3c4d.MP3", "recording")
    assert _snapshot(tmp_path) == before


def test_plan_svg_that_swallowed_the_script_name_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    """`plan --svg s.yaml` reads as: draw the default session into s.yaml."""
    script = _script(tmp_path)
    line = _one_line(runner.invoke(cli, ["plan", "--svg", "s.yaml"]), "--svg s.yaml")
    assert "give a file name ending in .svg" in line and "before --svg" in line
    assert script.read_text() == VALID


def test_plan_svg_over_the_script_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    script = _script(tmp_path)
    _one_line(runner.invoke(cli, ["plan", "s.yaml", "--svg", "s.yaml"]), "the script itself")
    assert script.read_text() == VALID


def test_plan_svg_over_a_file_the_script_uses_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    _script(tmp_path, VALID.replace("segments:", "cover: art.svg\nsegments:"))
    (tmp_path / "art.svg").write_text("<svg/>")
    before = _snapshot(tmp_path)
    line = _one_line(runner.invoke(cli, ["plan", "s.yaml", "--svg", "art.svg"]), "--svg art.svg")
    assert "cover image" in line
    assert _snapshot(tmp_path) == before


# -- 2. never a folder, device, pipe or socket -------------------------------------------------------


def test_a_pipe_as_the_output_is_refused_and_stays_a_pipe(
    runner: CliRunner, tmp_path: Path
) -> None:
    _script(tmp_path)
    os.mkfifo(tmp_path / "out.mp3")
    line = _one_line(runner.invoke(cli, ["render", "s.yaml", "-o", "out.mp3"]), "--output out.mp3")
    assert "not a regular file" in line
    assert stat.S_ISFIFO(os.lstat(tmp_path / "out.mp3").st_mode)


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_link_to_a_device_as_the_output_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    _script(tmp_path)
    (tmp_path / "null.mp3").symlink_to("/dev/null")
    _one_line(runner.invoke(cli, ["render", "s.yaml", "-o", "null.mp3"]), "not a regular file")
    assert (tmp_path / "null.mp3").is_symlink()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_pipe_as_the_svg_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    _script(tmp_path)
    os.mkfifo(tmp_path / "t.svg")
    _one_line(runner.invoke(cli, ["plan", "s.yaml", "--svg", "t.svg"]), "not a regular file")
    assert stat.S_ISFIFO(os.lstat(tmp_path / "t.svg").st_mode)


# -- 11. the shape of -o ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "words"),
    [
        ("out.wav", "give a file name ending in .mp3"),
        ("out", "give a file name ending in .mp3"),
        ("newdir/", "there is no folder newdir"),
        ("adir/", "is a folder"),
        ("", "is empty"),
    ],
)
def test_the_output_must_be_an_mp3_file_name(
    runner: CliRunner, tmp_path: Path, output: str, words: str
) -> None:
    _script(tmp_path)
    (tmp_path / "adir").mkdir()
    before = _snapshot(tmp_path)
    line = _one_line(runner.invoke(cli, ["render", "s.yaml", "-o", output]), "--output", words)
    assert _snapshot(tmp_path) == before, line


def test_the_mp3_extension_is_case_insensitive(tmp_path: Path) -> None:
    check_output(tmp_path / "LOUD.MP3", render_files(tmp_path / "LOUD.MP3").targets())
    assert list(tmp_path.iterdir()) == []  # the writability probe leaves nothing


def test_the_default_folder_in_the_way_is_bad_input(runner: CliRunner, tmp_path: Path) -> None:
    _script(tmp_path)
    (tmp_path / "audio_out").write_text("a file, not a folder")
    _one_line(runner.invoke(cli, ["render", "s.yaml"]), "audio_out", "cannot create the folder")
    assert (tmp_path / "audio_out").read_text() == "a file, not a folder"


# -- 3. every file a render writes is checked before any work ---------------------------------------


@pytest.mark.parametrize(
    ("folder", "args", "hint"),
    [
        ("out.vtt", [], "--no-sidecars"),
        ("out.cue.json", [], "--no-sidecars"),
        ("out.ambient.wav", ["--stems"], "--stems"),
    ],
)
def test_a_folder_where_a_sidecar_or_stem_goes_is_bad_input(
    runner: CliRunner, tmp_path: Path, folder: str, args: list[str], hint: str
) -> None:
    _script(tmp_path)
    for name in ("out.mp3", "out.lrc", "out.chapters.json"):
        (tmp_path / name).write_text(f"earlier {name}")
    (tmp_path / folder).mkdir()
    before = _snapshot(tmp_path)
    result = runner.invoke(cli, ["render", "s.yaml", "-o", "out.mp3", *args])
    _one_line(result, "--output out.mp3", f"{folder} is a folder", hint)
    assert _snapshot(tmp_path) == before


def test_without_sidecars_their_names_do_not_matter(tmp_path: Path) -> None:
    (tmp_path / "out.vtt").mkdir()
    out = tmp_path / "out.mp3"
    check_output(out, render_files(out, sidecars=False).targets())


def test_a_render_writes_all_its_files_or_none(tmp_path: Path) -> None:
    """MP3, stems and sidecars are renamed together only once all are complete."""
    targets = tuple(tmp_path / n for n in ("t.mp3", "t.voice.wav", "t.lrc", "t.vtt"))
    for t in targets:
        t.write_text("old")
    with pytest.raises(RuntimeError), atomic_files(targets) as temps:
        for tmp in temps[:3]:
            tmp.write_text("new")
        raise RuntimeError("the encoder failed on the last file")
    assert [t.read_text() for t in targets] == ["old"] * 4
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(t.name for t in targets)

    with atomic_files(targets) as temps:
        for tmp in temps:
            tmp.write_text("new")
    assert [t.read_text() for t in targets] == ["new"] * 4
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(t.name for t in targets)


def test_an_interrupt_while_renaming_finishes_the_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets = tuple(tmp_path / n for n in ("t.mp3", "t.lrc", "t.vtt"))
    real = os.replace
    calls = []

    def interrupted_once(src: object, dst: object) -> None:
        real(src, dst)
        calls.append(dst)
        if len(calls) == 1:
            raise KeyboardInterrupt

    monkeypatch.setattr(files_module.os, "replace", interrupted_once)
    with pytest.raises(KeyboardInterrupt), atomic_files(targets) as temps:
        for tmp in temps:
            tmp.write_text("new")
    assert [t.read_text() for t in targets] == ["new"] * 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(t.name for t in targets)


# -- 14. long names ---------------------------------------------------------------------------------


def test_the_longest_legal_name_is_written(tmp_path: Path) -> None:
    """The hidden temp name is longer than the final one; it is cut, the final name is not."""
    longest = name_max(tmp_path)
    out = tmp_path / ("a" * (longest - 4) + ".mp3")
    check_output(out, render_files(out, sidecars=False).targets())
    with atomic_files((out,)) as (tmp,):
        tmp.write_bytes(b"mp3")
    assert out.read_bytes() == b"mp3"
    svg = tmp_path / ("b" * (longest - 4) + ".svg")
    atomic_write_text(svg, "<svg/>")
    assert svg.read_text() == "<svg/>"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([out.name, svg.name])


def test_a_name_too_long_is_one_clear_line(runner: CliRunner, tmp_path: Path) -> None:
    _script(tmp_path)
    name = "b" * name_max(tmp_path) + ".mp3"
    line = _one_line(runner.invoke(cli, ["render", "s.yaml", "-o", name]), "too long")
    assert "read-only" not in line and "internal error" not in line
    assert len(line) < 300  # the name is shortened in the message


def test_a_sidecar_name_too_long_names_the_way_out(runner: CliRunner, tmp_path: Path) -> None:
    _script(tmp_path)
    name = "a" * (name_max(tmp_path) - 4) + ".mp3"  # legal; name.chapters.json is not
    line = _one_line(runner.invoke(cli, ["render", "s.yaml", "-o", name]), "too long")
    assert "chapters" in line and "--no-sidecars" in line
    assert [p.name for p in tmp_path.iterdir()] == ["s.yaml"]


# -- 4, 5. batch: names never collide, the folder is a folder ---------------------------------------


def test_batch_refuses_two_scripts_whose_tracks_share_a_name(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "in").mkdir()
    _script(tmp_path / "in", VALID.replace("T", "Tiny"), "tiny.yaml")
    _script(tmp_path / "in", VALID.replace("T", "Tiny"), "tiny-copy.yaml")
    result = runner.invoke(cli, ["batch", "in", "-o", "lib", "-j", "1"])
    line = _one_line(result, "in/tiny.yaml", "in/tiny-copy.yaml", "lib/tiny.mp3")
    assert line.startswith("in/tiny.yaml:2: ") and "different title" in line
    assert not (tmp_path / "lib").exists()


def test_batch_names_a_script_once_however_it_is_spelled(tmp_path: Path) -> None:
    script = _script(tmp_path, VALID.replace("T", "Tiny"), "tiny.yaml")
    found = batching.find_scripts((tmp_path, script.relative_to(tmp_path), script.resolve()))
    jobs = batching.plan_jobs(found, tmp_path / "lib", [120.0, 120.0, 90.0])
    assert [j.output.name for j in jobs] == ["tiny-2m.mp3", "tiny-1m30s.mp3"]


@pytest.mark.parametrize(("seconds", "suffix"), [(None, ""), (600, "-10m"), (90, "-1m30s")])
def test_a_track_name_says_its_length_exactly(seconds: float | None, suffix: str) -> None:
    assert batching.length_suffix(seconds) == suffix


def test_the_playlist_lists_a_file_once(tmp_path: Path) -> None:
    job = batching.Job(tmp_path / "a.yaml", tmp_path / "a.mp3", None)
    done = batching.Outcome(job, True, "", 60.0, 1, "A")
    write_playlist(tmp_path / "playlist.m3u8", [done, done])
    assert (tmp_path / "playlist.m3u8").read_text().splitlines().count("a.mp3") == 1


def test_batch_output_that_is_a_file_is_bad_input(runner: CliRunner, tmp_path: Path) -> None:
    _script(tmp_path)
    (tmp_path / "afile").write_text("mine")
    _one_line(runner.invoke(cli, ["batch", "s.yaml", "-o", "afile"]), "--output afile", "a file")
    assert (tmp_path / "afile").read_text() == "mine"


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc")
def test_batch_output_that_cannot_be_created_is_bad_input(
    runner: CliRunner, tmp_path: Path
) -> None:
    _script(tmp_path)
    result = runner.invoke(cli, ["batch", "s.yaml", "-o", "/proc/holdspace-lib"])
    _one_line(result, "--output /proc/holdspace-lib", "cannot create")


def test_batch_that_makes_nothing_writes_no_playlist(runner: CliRunner, tmp_path: Path) -> None:
    _script(tmp_path, BROKEN, "broken.yaml")
    result = runner.invoke(cli, ["batch", "broken.yaml", "-o", "lib"])
    assert result.exit_code == 1
    assert "0 of 1 tracks written; no playlist written" in result.stdout
    assert not (tmp_path / "lib").exists()


def test_no_scripts_found_names_the_folder(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    _one_line(runner.invoke(cli, ["batch", "empty", "-o", "lib"]), "no scripts found in empty")
    assert not (tmp_path / "lib").exists()


# -- 10. an interrupted batch says what it wrote ------------------------------------------------------


def _outcome(folder: Path, name: str, seconds: float, title: str) -> batching.Outcome:
    job = batching.Job(folder / f"{name}.yaml", folder / "lib" / f"{name}.mp3", None)
    return batching.Outcome(job, True, "", seconds, 1, title)


def test_an_interrupted_batch_counts_what_it_wrote_and_fixes_the_playlist(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "in").mkdir()
    _script(tmp_path / "in", VALID.replace("T", "First"), "a.yaml")
    _script(tmp_path / "in", VALID.replace("T", "Second"), "b.yaml")
    lib = tmp_path / "lib"
    lib.mkdir()
    for name in ("first.mp3", "second.mp3"):
        (lib / name).write_bytes(b"an earlier track")
    (lib / "playlist.m3u8").write_text(
        "#EXTM3U\n#EXTINF:15,First\nfirst.mp3\n#EXTINF:15,Second\nsecond.mp3\n"
        "#EXTINF:15,Gone\ngone.mp3\n"
    )
    finished = _outcome(Path("."), "second", 50.0, "Second")

    def interrupted(jobs: list, *args: object) -> list:
        (lib / "second.mp3").write_bytes(b"the new track")
        raise BatchInterrupted([finished])

    monkeypatch.setattr(local, "run", interrupted)
    result = runner.invoke(cli, ["batch", "in", "-o", "lib", "-j", "1"])
    assert result.exit_code == 130
    line = result.stderr.strip()
    assert "\n" not in line and "1 of 2 tracks were written" in line and "second.mp3" in line
    assert "earlier files are untouched" not in line
    # the finished track's own line, as a finished batch prints it, so a log keeps it
    assert result.stdout.splitlines() == [f"ok      {Path('lib/second.mp3')}  0:50  0.0 MB"]
    assert (lib / "playlist.m3u8").read_text().splitlines() == [
        "#EXTM3U",
        "#EXTINF:15,First",  # not reached: the earlier track and its entry stay
        "first.mp3",
        "#EXTINF:50,Second",  # the new track
        "second.mp3",
    ]


def test_a_batch_interrupted_before_any_track_says_so(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _script(tmp_path)

    def interrupted(jobs: list, *args: object) -> list:
        raise BatchInterrupted([])

    monkeypatch.setattr(local, "run", interrupted)
    result = runner.invoke(cli, ["batch", "s.yaml", "-o", "lib"])
    assert result.exit_code == 130
    assert "before any track was written" in result.stderr
    assert not (tmp_path / "lib" / "playlist.m3u8").exists()


def _fake_render(
    session: object, options: RenderOptions, progress: object = None
) -> SimpleNamespace:
    """In a worker: a quick track for 'fast', an endless one for 'slow'."""
    if options.output.name.startswith("slow"):
        time.sleep(3600)  # a stop signal interrupts this
    options.output.write_bytes(b"new")
    plan = SimpleNamespace(duration=44100, sample_rate=44100)
    return SimpleNamespace(plan=plan, size_bytes=3)


def test_an_interrupt_stops_the_renders_under_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers are stopped (not waited for), and the finished track is reported."""
    monkeypatch.setattr(local, "prepare", lambda job: None)
    monkeypatch.setattr(render_module, "render", _fake_render)
    fast = _script(tmp_path, VALID.replace("T", "Fast"), "fast.yaml")
    slow = _script(tmp_path, VALID.replace("T", "Slow"), "slow.yaml")
    jobs = [
        batching.Job(fast, tmp_path / "fast.mp3", None),
        batching.Job(slow, tmp_path / "slow.mp3", None),
    ]

    def interrupt_after_the_first(stage: str, done: int, total: int) -> None:
        if stage == "render":
            raise KeyboardInterrupt

    started = time.monotonic()
    with pytest.raises(BatchInterrupted) as stopped:
        local.run(jobs, object(), 2, interrupt_after_the_first)
    # waiting for the endless render would take an hour; stopping it takes seconds, even on a
    # machine so busy that starting two workers takes a minute
    assert time.monotonic() - started < 600
    assert [o.job.output.name for o in stopped.value.finished] == ["fast.mp3"]
    assert not (tmp_path / "slow.mp3").exists()


# -- 7, 6. lint reports every file, and what plan would refuse --------------------------------------


def test_lint_reports_every_file_past_a_broken_one(runner: CliRunner, tmp_path: Path) -> None:
    _script(tmp_path, RISKY, "risky.yaml")
    _script(tmp_path, BROKEN, "bad.yaml")
    result = runner.invoke(cli, ["lint", "bad.yaml", "risky.yaml", "nope.yaml"])
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert [e.split(":")[0] for e in errors] == ["bad.yaml", "nope.yaml"]
    assert "risky.yaml:4: error eyes-closed-order" in result.stdout


def test_lint_json_still_lists_the_findings_of_the_good_files(
    runner: CliRunner, tmp_path: Path
) -> None:
    _script(tmp_path, RISKY, "risky.yaml")
    _script(tmp_path, BROKEN, "bad.yaml")
    result = runner.invoke(cli, ["lint", "--json", "bad.yaml", "risky.yaml"])
    assert result.exit_code == 2
    assert {f["file"] for f in json.loads(result.stdout)} == {"risky.yaml"}
    assert result.stderr.startswith("bad.yaml:4: ")


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("ambient: {bed: white-noise}", "unknown ambient bed 'white-noise'"),
        ("ambient: {file: nope.wav}", "not found"),
        ("cover: nope.png", "no such file"),
    ],
    ids=["unknown-bed", "missing-ambient-file", "missing-cover"],
)
def test_lint_reports_what_plan_would_refuse(
    runner: CliRunner, tmp_path: Path, key: str, words: str
) -> None:
    _script(tmp_path, VALID.replace("segments:", f"{key}\nsegments:"))
    _one_line(runner.invoke(cli, ["lint", "s.yaml"]), "s.yaml:3: ", words)
    _one_line(runner.invoke(cli, ["plan", "s.yaml"]), "s.yaml:3: ", words)


# -- 16. --length in the form holdspace prints -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("5:35", 335.0), ("1:30", 90.0), ("90:00", 5400.0), ("1:00:00", 3600.0), ("20m", 1200.0)],
)
def test_length_takes_m_ss_and_h_mm_ss(text: str, seconds: float) -> None:
    assert parse_length(None, None, text) == seconds  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["1:75", "1:2", "a:bc", "1:00:00:00"])
def test_a_clock_that_is_not_one_says_how_to_write_a_length(text: str) -> None:
    with pytest.raises(click.BadParameter, match=r"m:ss \(5:35\)"):
        parse_length(None, None, text)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["10", "45"])
def test_a_number_alone_says_it_is_seconds_and_how_to_say_minutes(text: str) -> None:
    """A tester typed --length 10 for ten minutes and was told only the allowed range."""
    with pytest.raises(click.BadParameter, match=rf"{text} is {text} seconds .* e\.g\. {text}m"):
        parse_length(None, None, text)  # type: ignore[arg-type]


def test_a_clock_under_a_minute_says_it_is_seconds_and_how_to_say_minutes() -> None:
    """A teacher typed --length 0:12 (h:mm) for twelve minutes: it is m:ss, twelve seconds."""
    with pytest.raises(
        click.BadParameter, match=r"0:12 is 12 seconds \(m:ss\).* e\.g\. 12m or 12:00"
    ):
        parse_length(None, None, "0:12")  # type: ignore[arg-type]


def test_length_on_the_command_line_accepts_what_the_plan_prints(
    runner: CliRunner, tmp_path: Path
) -> None:
    _script(tmp_path)
    with pytest.raises(ReachedWork):  # accepted: planning went on as far as speaking
        runner.invoke(cli, ["plan", "s.yaml", "--length", "1:30"])


# -- 13. new needs a name ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", ".", "...", ".yaml", "sub/"])
def test_new_without_a_name_is_bad_input(runner: CliRunner, tmp_path: Path, name: str) -> None:
    (tmp_path / "sub").mkdir()
    before = _snapshot(tmp_path)
    _one_line(runner.invoke(cli, ["new", name]), "NAME", "holdspace new evening-hips")
    assert _snapshot(tmp_path) == before


def test_new_suggests_commands_that_work(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["new", "--", "-rf"])
    assert result.exit_code == 0, result.output
    assert "holdspace lint ./-rf.yaml && holdspace render ./-rf.yaml" in result.stdout
    assert "holdspace render ./-rf.yaml" in (tmp_path / "-rf.yaml").read_text()


# -- 17. a cover with too many pixels ---------------------------------------------------------------


def _png_header(width: int, height: int) -> bytes:
    """A PNG with only its header: enough for Pillow to know the size, nothing to decode."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("width", "height"), [(20000, 20000), (10000, 10000)])
def test_a_cover_with_too_many_pixels_says_so(tmp_path: Path, width: int, height: int) -> None:
    (tmp_path / "bomb.png").write_bytes(_png_header(width, height))
    with pytest.raises(InputError) as refused:
        load_cover(tmp_path / "bomb.png", "s.yaml", 3)
    message = str(refused.value)
    assert message.startswith("s.yaml:3: ")
    assert f"too many pixels ({width}×{height}); use an image under" in message
    assert "megapixels" in message and "Pillow" not in message


# -- nitpicks ---------------------------------------------------------------------------------------


def test_voices_for_a_language_nobody_speaks_says_so(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(voices_module, "voice_rows", lambda engine=None: [])
    result = runner.invoke(cli, ["voices", "--language", "zz"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no voice here speaks 'zz'" in result.stderr and len(result.stderr.splitlines()) == 1
