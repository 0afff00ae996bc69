"""The ``holdspace`` command line. Commands are thin: they parse options and call the stages."""

from __future__ import annotations

import json
import logging
import signal
import sys
import time
from pathlib import Path
from typing import Any

import click

from generator.errors import HoldspaceError, InputError

DEFAULT_SESSION = "gentle-hips.yaml"
EXIT_INTERRUPTED = 130


class HoldspaceGroup(click.Group):
    """Every failure becomes one line on stderr and an exit status; never a traceback."""

    def main(self, args: Any = None, prog_name: str | None = None, **extra: Any) -> Any:
        extra.pop("standalone_mode", None)
        previous = signal.getsignal(signal.SIGTERM)
        if previous in (signal.SIG_DFL, None):
            signal.signal(signal.SIGTERM, _raise_interrupt)
        try:
            code = super().main(
                args=args, prog_name=prog_name or "holdspace", standalone_mode=False, **extra
            )
        except HoldspaceError as exc:
            _fail(str(exc), exc.exit_code)
        except click.UsageError as exc:
            cmd = exc.ctx.command_path if exc.ctx else "holdspace"
            _fail(f"{cmd}: {exc.format_message()} (see {cmd} --help)", 2)
        except click.ClickException as exc:
            _fail(f"holdspace: {exc.format_message()}", exc.exit_code)
        except (KeyboardInterrupt, click.exceptions.Abort):
            from generator import runner

            runner.stop_all()
            _fail(
                "holdspace: interrupted; earlier files are untouched and nothing half-written was left",
                EXIT_INTERRUPTED,
            )
        except BrokenPipeError:
            sys.exit(1)
        except Exception as exc:  # a bug: still one line, the traceback only with --debug
            _fail(
                f"holdspace: internal error: {type(exc).__name__}: {exc} (run with --debug and please report it)",
                1,
            )
        finally:
            if previous in (signal.SIG_DFL, None):
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
        sys.exit(code if isinstance(code, int) else 0)


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _fail(message: str, code: int) -> None:
    if logging.getLogger().isEnabledFor(logging.DEBUG):
        logging.getLogger("holdspace").debug("failure", exc_info=True)
    click.echo(message.replace("\n", " "), err=True)
    sys.exit(code)


def _setup_logging(verbose: bool, quiet: bool, debug: bool) -> None:
    level = (
        logging.DEBUG
        if debug
        else logging.INFO
        if verbose
        else logging.ERROR
        if quiet
        else logging.WARNING
    )
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root.addHandler(handler)
    root.setLevel(level)


def verbosity(f: Any) -> Any:
    f = click.option("--debug", is_flag=True, help="Log every external command; show tracebacks.")(
        f
    )
    f = click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")(f)
    f = click.option(
        "-v", "--verbose", is_flag=True, help="Say what happens (engine, cache, levels)."
    )(f)
    return f


def default_script() -> Path:
    for base in (Path.cwd() / "sessions", Path(__file__).resolve().parent.parent / "sessions"):
        if (base / DEFAULT_SESSION).is_file():
            return base / DEFAULT_SESSION
    raise InputError(f"no script given and sessions/{DEFAULT_SESSION} not found; name a script")


class Progress:
    """A one-line progress display on a terminal; silent when piped or --quiet."""

    LABELS = {
        "speech": "synthesizing speech",
        "measure": "measuring loudness",
        "encode": "encoding",
    }

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.started: dict[str, float] = {}
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        start = self.started.setdefault(stage, now)
        if now - self.last < 0.1 and done < total:
            return
        self.last = now
        frac = done / total if total else 1.0
        eta = (now - start) / frac * (1 - frac) if frac > 0 else 0
        bar = "#" * int(frac * 24)
        sys.stderr.write(
            f"\r{self.LABELS.get(stage, stage):<22} [{bar:<24}] {frac:4.0%}  ETA {eta:4.0f} s "
        )
        if done >= total:
            sys.stderr.write("\r" + " " * 70 + "\r")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 70 + "\r")


def output_format(sample_rate: int, channels: str, bitrate: int) -> Any:
    from generator.encode import OutputFormat

    return OutputFormat(
        sample_rate=sample_rate, channels=1 if channels == "mono" else 2, bitrate=bitrate
    )


def format_options(f: Any) -> Any:
    from generator.encode import BITRATES

    f = click.option(
        "--bitrate",
        type=click.Choice([str(b) for b in BITRATES]),
        default="128",
        show_default=True,
        help="MP3 bitrate in kb/s (constant bitrate).",
    )(f)
    f = click.option(
        "--channels",
        type=click.Choice(["stereo", "mono"]),
        default="stereo",
        show_default=True,
        help="Output channels.",
    )(f)
    f = click.option(
        "--sample-rate",
        type=click.Choice(["44100", "48000"]),
        default="44100",
        show_default=True,
        help="Output sample rate in Hz.",
    )(f)
    return f


@click.group(cls=HoldspaceGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="holdspace", prog_name="holdspace")
def cli() -> None:
    """Turn YAML session scripts into voice-guided, trauma-sensitive MP3 tracks, offline.

    \b
    Example:
      holdspace render                       # the default session, into audio_out/
      holdspace plan sessions/gentle-hips.yaml
    """


@cli.command()
@click.argument("script", required=False, type=click.Path(dir_okay=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="MP3 to write [default: audio_out/<title>.mp3].",
)
@click.option("--stems", is_flag=True, help="Also write <name>.voice.wav and <name>.ambient.wav.")
@click.option(
    "--seed",
    type=click.IntRange(0, 2**32 - 1),
    help="Seed for varied wording [default: from the script].",
)
@format_options
@verbosity
def render(
    script: Path | None,
    output: Path | None,
    stems: bool,
    seed: int | None,
    sample_rate: str,
    channels: str,
    bitrate: str,
    verbose: bool,
    quiet: bool,
    debug: bool,
) -> None:
    """Render SCRIPT (default: sessions/gentle-hips.yaml) to a tagged MP3 with chapters.

    \b
    Example:
      holdspace render sessions/gentle-hips.yaml -o ~/Music/gentle-hips.mp3
    """
    from generator.load import load_session
    from generator.render import RenderOptions
    from generator.render import render as do_render

    _setup_logging(verbose, quiet, debug)
    session = load_session(script or default_script())
    options = RenderOptions(
        output=output,
        fmt=output_format(int(sample_rate), channels, int(bitrate)),
        stems=stems,
        seed=seed,
    )
    progress = Progress(not quiet)
    result = do_render(session, options, progress)
    progress.clear()
    log = logging.getLogger("holdspace")
    log.info("voice: %s", result.voice)
    log.info(
        "mix measured %.1f LUFS; gain %+.1f dB; limiter %.1f dB at most",
        result.measured_lufs,
        result.gain_db,
        -20 * __import__("math").log10(max(result.limiter_min_gain, 1e-9)),
    )
    if not quiet:
        from generator.text import format_duration

        seconds = result.plan.duration / result.plan.sample_rate
        extra = "".join(f", {p}" for p in result.stems)
        click.echo(
            f"wrote {result.path} ({format_duration(seconds)}, {result.size_bytes / 1e6:.1f} MB){extra}"
        )


@cli.command()
@click.argument("script", required=False, type=click.Path(dir_okay=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@click.option(
    "--seed",
    type=click.IntRange(0, 2**32 - 1),
    help="Seed for varied wording [default: from the script].",
)
@click.option(
    "--sample-rate",
    type=click.Choice(["44100", "48000"]),
    default="44100",
    show_default=True,
    help="Sample rate the times are counted in.",
)
@verbosity
def plan(
    script: Path | None,
    as_json: bool,
    seed: int | None,
    sample_rate: str,
    verbose: bool,
    quiet: bool,
    debug: bool,
) -> None:
    """Show the timeline of SCRIPT: when each thing is said, holds, chapters.

    Speech lengths come from the synthesized clips (synthesized now, or read from the cache).

    \b
    Example:
      holdspace plan sessions/gentle-hips.yaml --json > plan.json
    """
    from generator.load import load_session
    from generator.render import Prepared

    _setup_logging(verbose, quiet, debug)
    session = load_session(script or default_script())
    progress = Progress(not quiet)
    prepared = Prepared(session, int(sample_rate), seed, progress=progress)
    progress.clear()
    if as_json:
        click.echo(json.dumps(prepared.plan.to_json(), indent=1, ensure_ascii=False))
    else:
        click.echo(describe_plan(prepared.plan))


def describe_plan(p: Any) -> str:
    from generator.text import format_duration

    sr = p.sample_rate
    lines = [f"{p.title} — {format_duration(p.duration / sr)}"]
    chapters = list(p.chapters)
    ci = -1
    for e in p.events:
        while ci + 1 < len(chapters) and chapters[ci + 1].start <= e.start:
            ci += 1
            c = chapters[ci]
            lines.append(
                f"\n{format_duration(c.start / sr):>8}  ── {c.title} ({format_duration((c.end - c.start) / sr)})"
            )
        t = f"{e.start / sr:8.1f}"
        length = format_duration((e.end - e.start) / sr)
        if e.kind == "speech":
            lines.append(f"{t}  {'':6}{'· ' if e.role in ('check_in', 'breath') else ''}{e.text}")
        elif e.kind == "tone":
            lines.append(f"{t}  bell  {e.strikes}×")
        else:
            lines.append(
                f"{t}  {e.kind:<6}{length} {e.role if e.role not in ('pause', 'hold') else ''}".rstrip()
            )
    return "\n".join(lines)


def main() -> None:
    cli()
