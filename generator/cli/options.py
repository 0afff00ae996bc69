"""Options and arguments several commands share: the script, --length, --seed, the MP3 format."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import click

from generator.errors import InputError

DEFAULT_SESSION = "gentle-hips.yaml"
BITRATES = (64, 96, 128, 160, 192, 256, 320)  # generator.output.encode checks the same list
SAMPLE_RATES = ("44100", "48000")
_CLOCK = re.compile(r"^(?:(\d+):([0-5]\d)|(\d+):([0-5]\d):([0-5]\d))$")


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
    """A length as people write it and as holdspace prints it: ``20m``, ``1h30m``, ``1200``,
    ``5:35`` (m:ss) or ``1:00:00`` (h:mm:ss), from 1 minute to 4 hours."""
    if value is None:
        return None
    from generator.script.text import parse_duration

    clock = _CLOCK.match(value.strip())
    if clock:
        m, s, h, hm, hs = (int(g) if g else 0 for g in clock.groups())
        seconds = float(m * 60 + s) if clock.group(1) else float(h * 3600 + hm * 60 + hs)
    else:
        try:
            seconds = parse_duration(value)
        except ValueError as exc:
            message = str(exc)
            if "is not a duration" in message:
                message = (
                    f"{value!r} is not a length; write minutes (20m, 1h30m), m:ss (5:35) "
                    "or h:mm:ss (1:00:00)"
                )
            raise click.BadParameter(message) from None
    if not 60 <= seconds <= 4 * 3600:
        raise click.BadParameter("choose a length from 1m to 4h")
    return seconds


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
seed_option = click.option(
    "--seed",
    type=click.IntRange(0, 2**32 - 1),
    help="Seed for varied wording [default: derived from the script].",
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
