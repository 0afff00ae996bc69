"""Options and arguments several commands share: the script, --length, --seed, the MP3 format."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import click

from generator.errors import InputError

DEFAULT_SESSION = "gentle-hips.yaml"
BITRATES = (64, 96, 128, 160, 192, 256, 320)  # generator.output.encode checks the same list
SAMPLE_RATES = ("44100", "48000")


def default_script() -> tuple[Path, bool]:
    """The script ``render``/``plan`` use when none is named, and whether it is the copy shipped
    with holdspace rather than one in ./sessions (then the command says which it used)."""
    here = Path.cwd() / "sessions" / DEFAULT_SESSION
    if here.is_file():
        return here, False
    shipped = Path(__file__).resolve().parents[2] / "sessions" / DEFAULT_SESSION
    if shipped.is_file():
        return shipped, True
    raise InputError(f"no script given and sessions/{DEFAULT_SESSION} not found; name a script")


def parse_length(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    """``generator.script.values.parse_length`` for an option (20m, 1h30m, 5:35, 1:00:00)."""
    if value is None:
        return None
    from generator.script import values

    try:
        return values.parse_length(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def parse_lengths(ctx: click.Context, param: click.Parameter, value: str | None) -> list:
    if not value:
        return [None]
    return [parse_length(ctx, param, part.strip()) for part in value.split(",") if part.strip()]


length_option = click.option(
    "--length",
    callback=parse_length,
    metavar="DURATION",
    help="Fit the session to this length (e.g. 10m, 20m, 1h, 5:35) by scaling holds within each pose's range.",
)
script_argument = click.argument("script", required=False, type=click.Path(path_type=Path))


def port_number(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """A TCP port for ``serve --port``: 1–65535, or 0 for any free one."""
    if value is None:
        return None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or int(text) > 65535:
        raise click.BadParameter(
            f"{value!r} is not a port number; give one from 1 to 65535, or 0 for any free one"
        )
    return int(text)


seed_option = click.option(
    "--seed",
    type=click.IntRange(0, 2**32 - 1),
    help="Seed for varied wording [default: derived from the script's title].",
)


def parse_loudness(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """``generator.script.values.parse_loudness`` for an option (-19, speech:-19, program:-16)."""
    if value is None:
        return None
    from generator.script import values

    try:
        return values.parse_loudness(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


loudness_option = click.option(
    "--loudness",
    callback=parse_loudness,
    metavar="LUFS",
    help="How loud to master: the voice's loudness (-16 by default; -19 for sleep tracks), or "
    "program:-16 for the whole track's [default: the script's loudness:, else -16].",
)


class Choice(click.Choice):
    """click's Choice that also says what was probably meant: a typo ('chiar'), or the value in
    other words ('silla' → chair, 'español' → es)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            from generator.care.data import did_you_mean

            hint = did_you_mean(str(value), [str(c) for c in self.choices])
            if not hint:
                raise
            listed = ", ".join(repr(str(c)) for c in self.choices)
            self.fail(f"{value!r} is not one of {listed}; {hint}", param, ctx)


voice_option = click.option(
    "--voice",
    metavar="VOICE",
    help="Speak with this voice instead of the script's: an engine (espeak-ng, piper), a voice "
    "from `holdspace voices` (en-gb), or both (piper:en_US-joe-medium); the script's rate and "
    "pitch stay.",
)


def with_voice(session: Any, value: str, path: Path, quiet: bool) -> Any:
    """``session`` spoken by the ``--voice`` named (checked, like the script's, before the first
    clip; a wrong one is reported against ``--voice``); a voice for another language than the
    script's is said, as its words will be read with that language's sounds."""
    from dataclasses import replace

    from generator.script.voices import base_language, voice_settings
    from generator.speech.select import check_voice, spoken_language

    chosen = voice_settings(value.strip(), session.voice)
    session = replace(session, voice=replace(chosen, source="--voice"))
    check_voice(session.voice, "--voice")  # a name misspelt, before anything is said of it
    spoken = spoken_language(session.voice)
    written = base_language(session.language)  # en-GB is en
    if spoken and spoken != written and not quiet:
        click.echo(
            f"holdspace: --voice {value} speaks {spoken}, and {path.name} is in "
            f"{session.language}: its words will be read with {spoken} sounds",
            err=True,
        )
    return session


def parse_script_voice(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--voice`` for a script being written: checked for its form here, for existence by
    ``render`` (which loads it before the first clip)."""
    if value is None:
        return None
    from generator.script.voices import voice_yaml

    try:
        voice_yaml(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return value.strip()


script_voice_option = click.option(
    "--voice",
    metavar="VOICE",
    callback=parse_script_voice,
    help="The voice the script names: an engine (espeak-ng, piper), a voice from `holdspace "
    "voices` (en-gb), or both (piper:en_US-joe-medium) [default: engine auto].",
)


def format_options(f: Any) -> Any:
    f = click.option(
        "--bitrate", type=click.Choice([str(b) for b in BITRATES]), default="128",
        show_default=True, help="MP3 bitrate in kb/s (constant bitrate).",
    )(f)  # fmt: skip
    f = click.option(
        "--channels", type=click.Choice(["stereo", "mono"]), default="stereo",
        show_default=True, help="Output channels.",
    )(f)  # fmt: skip
    f = click.option(
        "--sample-rate", type=click.Choice(SAMPLE_RATES), default="44100", show_default=True,
        help="Output sample rate in Hz.",
    )(f)  # fmt: skip
    return f


def output_format(sample_rate: str, channels: str, bitrate: str) -> Any:
    from generator.output.encode import OutputFormat

    return OutputFormat(
        sample_rate=int(sample_rate), channels=1 if channels == "mono" else 2, bitrate=int(bitrate)
    )


def shell_word(path: Path) -> str:
    """``path`` as it must be typed in a shell command: quoted when needed, and never read as an
    option (``-rf.yaml`` becomes ``./-rf.yaml``)."""
    text = str(path)
    return shlex.quote(f"./{text}" if text.startswith("-") else text)
