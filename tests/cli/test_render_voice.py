"""``render --voice``: another voice for one render, without editing the script (real engines)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli.main import cli

TINY = """holdspace: 1
title: Voice check
voice: {engine: piper, rate: 110}
ambient: {bed: none}
care: {opening: false, closing: false}
segments:
  - speak: "Welcome. This is a short check of the voice."
  - pause: 2s
"""


def _script(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_the_voice_named_speaks_at_the_script_s_rate(tmp_path: Path) -> None:
    out = tmp_path / "tiny.mp3"
    res = CliRunner().invoke(
        cli, ["render", str(_script(tmp_path)), "--voice", "espeak-ng:en-gb", "-v", "-o", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert "voice: espeak-ng" in res.stderr and "voice en-gb at 110 wpm" in res.stderr, res.stderr
    assert out.stat().st_size > 10_000


def test_a_voice_id_alone_picks_its_engine(tmp_path: Path) -> None:
    out = tmp_path / "tiny.mp3"
    res = CliRunner().invoke(
        cli, ["render", str(_script(tmp_path)), "--voice", "en-gb", "-v", "-o", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert "voice en-gb" in res.stderr, res.stderr


def test_a_wrong_voice_is_one_line_against_the_option_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    out = tmp_path / "tiny.mp3"
    for value, said in [
        ("nosuch", "--voice: unknown espeak-ng voice 'nosuch'"),
        ("piper:nosuch", "--voice: unknown piper voice 'nosuch'"),
        ("klingon:x", "--voice: unknown speech engine 'klingon'"),
        ("espeak", "--voice: unknown espeak-ng voice 'espeak'"),  # and the engine is suggested
    ]:
        res = CliRunner().invoke(cli, ["render", str(_script(tmp_path)), "--voice", value,
                                       "-o", str(out)])  # fmt: skip
        assert res.exit_code == 2, res.output
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(said), lines
        assert ("or the engine espeak-ng?" in lines[0]) is (value == "espeak")
        assert "Traceback" not in res.output
    assert list(tmp_path.iterdir()) == [tmp_path / "tiny.yaml"]


def test_a_voice_for_another_language_is_said_once_and_still_used(tmp_path: Path) -> None:
    spanish = tmp_path / "es.yaml"
    spanish.write_text(TINY.replace("title:", "language: es\ntitle:").replace(
        "Welcome. This is a short check of the voice.", "Hola. Esto es una prueba de la voz."
    ), encoding="utf-8")  # fmt: skip
    out = tmp_path / "es.mp3"
    res = CliRunner().invoke(cli, ["render", str(spanish), "--voice", "en-gb", "-o", str(out)])
    assert res.exit_code == 0, res.output
    warned = [line for line in res.stderr.splitlines() if "--voice en-gb" in line]
    assert warned == ["holdspace: --voice en-gb speaks en, and es.yaml is in es: its words will "
                      "be read with en sounds"]  # fmt: skip
    assert out.exists()
    same = CliRunner().invoke(cli, ["render", str(_script(tmp_path)), "--voice", "en-gb",
                                    "-o", str(tmp_path / "en.mp3")])  # fmt: skip
    assert "speaks" not in same.stderr
