"""`holdspace new`: every template writes a commented script that loads, lints clean, plans and
validates against the editor schema."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from generator.cli.main import cli
from generator.plan.planner import plan_session
from generator.script.load import load_session
from generator.script.schema import json_schema


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("template", ["hips", "breath", "chair", "bedtime"])
def test_each_template_is_a_clean_start(
    tmp_path: Path, template: str, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    res = runner.invoke(
        cli, ["new", "evening: hips", "--template", template, "--language", language]
    )
    assert res.exit_code == 0, res.output
    path = tmp_path / "evening: hips.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=holdspace.schema.json\n")
    assert (tmp_path / "holdspace.schema.json").is_file()
    session = load_session(path)
    # English titles capitalise each word, Spanish ones only the first
    assert session.title == ("Evening: Hips" if language == "en" else "Evening: hips")
    lint = runner.invoke(cli, ["lint", str(path)])
    assert lint.exit_code == 0 and lint.stdout == ""
    plan = plan_session(session, lambda t: len(t.split()) * 17640)
    assert plan.duration > 60 * 44100
    jsonschema.validate(yaml.safe_load(text), json_schema())
    assert session.language == language
    # a Spanish author reads Spanish comments: the header's words are in the script's language
    header = text.splitlines()[1]
    assert ("sesión" in header or "práctica" in header or "posturas" in header) is (
        language == "es"
    )
    assert ("minutos)" in header) is (language == "es") and ("minutes)" in header) is (
        language == "en"
    )


def test_new_never_overwrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.yaml").write_text("keep me")
    res = CliRunner().invoke(cli, ["new", "mine"])
    assert res.exit_code == 2 and "already exists" in res.stderr
    assert (tmp_path / "mine.yaml").read_text() == "keep me"


def test_new_says_when_its_track_name_is_already_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sessions/example.yaml is titled "Evening Hips" too: rendering a new evening-hips would
    replace that track without a word, so `new` says so (and still writes the script)."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    quiet = runner.invoke(cli, ["new", "evening-hips"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    (tmp_path / "audio_out").mkdir()
    (tmp_path / "audio_out" / "morning-hips.mp3").write_bytes(b"a track")
    res = runner.invoke(cli, ["new", "morning-hips"])
    assert res.exit_code == 0 and (tmp_path / "morning-hips.yaml").is_file()
    (note,) = res.stderr.splitlines()
    assert "audio_out/morning-hips.mp3" in note and "already exists" in note and "-o" in note
    other = runner.invoke(cli, ["new", "noon-hips", "--title", "Noon"])
    assert other.exit_code == 0 and other.stderr == ""


@pytest.mark.parametrize(
    ("template", "voice", "line"),
    [
        ("bedtime", "espeak-ng:en-gb", "voice: {engine: espeak-ng, name: en-gb, rate: 130}"),
        ("hips", "piper", "voice: {engine: piper}"),
        ("breath", "en-gb", "voice: {engine: auto, name: en-gb}"),
    ],
)
def test_new_names_the_voice_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: str, voice: str, line: str
) -> None:
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(cli, ["new", "s", "--template", template, "--voice", voice])
    assert res.exit_code == 0, res.output
    text = (tmp_path / "s.yaml").read_text(encoding="utf-8")
    assert line in text.splitlines()
    session = load_session(tmp_path / "s.yaml")
    assert session.voice.engine == line.split("engine: ")[1].split(",")[0].rstrip("}")
    assert CliRunner().invoke(cli, ["lint", "s.yaml"]).exit_code == 0


@pytest.mark.parametrize("voice", ["klingon:x", "recorded", "piper:a b"])
def test_new_refuses_a_voice_it_cannot_name_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, voice: str
) -> None:
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(cli, ["new", "s", "--voice", voice])
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "--voice" in lines[0], lines
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("template", ["hips", "breath", "chair", "bedtime"])
@pytest.mark.parametrize(("address", "said"), [("usted", "Puede"), ("vos", "Podés")])
def test_a_spanish_starter_in_usted_or_vos_says_its_own_words_so(
    tmp_path: Path, template: str, address: str, said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A therapist who writes to clients in usted found --address on compose but not on new, and
    the breathing starter's own opening in tú (lint then warned its every line)."""
    from generator.lint.address import tu_words

    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    res = runner.invoke(
        cli, ["new", "consulta", "--template", template, "--language", "es", "--address", address]
    )
    assert res.exit_code == 0, res.output
    session = load_session(tmp_path / "consulta.yaml")
    assert session.address == address
    lint = runner.invoke(cli, ["lint", "consulta.yaml"])
    assert lint.exit_code == 0 and lint.stdout == "", lint.stdout
    own = " ".join(t for t in (session.care.opening, session.care.closing) if isinstance(t, str))
    if own:  # the breathing starter writes its own opening and closing
        assert said in own
        if address == "usted":
            assert not tu_words(own), own
    text = (tmp_path / "consulta.yaml").read_text("utf-8")
    runner.invoke(cli, ["new", "plain", "--template", template, "--language", "es"])
    plain = (tmp_path / "plain.yaml").read_text("utf-8").replace("Plain", "Consulta")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert comments == [  # the comments stay as they are, but the address's own
        line.replace("plain.yaml", "consulta.yaml")
        for line in plain.splitlines()
        if line.startswith("#") and not line.startswith("# address")
    ]


def test_address_is_for_a_spanish_starter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(cli, ["new", "x", "--address", "usted"])
    assert res.exit_code == 2 and not (tmp_path / "x.yaml").exists()
    assert res.stderr.strip().splitlines() == ["--address usted is for Spanish: add --language es"]
