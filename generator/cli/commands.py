"""The ``holdspace`` command line. Commands are thin: they parse options and call the stages."""

from __future__ import annotations

import json
import logging
import math
import os
import re
import shlex
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
            if exc.exit_code == EXIT_INTERRUPTED:
                from generator import runner

                runner.stop_all()
                if sys.stderr.isatty():
                    sys.stderr.write("\n")  # the line starts after the terminal's "^C"
            _fail(str(exc), exc.exit_code)
        except click.UsageError as exc:
            cmd = exc.ctx.command_path if exc.ctx else "holdspace"
            _fail(f"{cmd}: {exc.format_message()} (see {cmd} --help)", 2)
        except click.ClickException as exc:
            _fail(f"holdspace: {exc.format_message()}", exc.exit_code)
        except (KeyboardInterrupt, click.exceptions.Abort, _Interrupted):
            from generator import runner

            runner.stop_all()
            if sys.stderr.isatty():
                sys.stderr.write("\n")  # the line starts after the terminal's "^C"
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

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _Interrupted from None


class _Interrupted(Exception):
    """Ctrl-C or SIGTERM, carried past click (which would print a blank line to stderr)."""


class Interrupted(HoldspaceError):
    """Ctrl-C or SIGTERM, with a message that says what was already written (batch)."""

    exit_code = EXIT_INTERRUPTED


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
    from generator.output.encode import OutputFormat

    return OutputFormat(
        sample_rate=sample_rate, channels=1 if channels == "mono" else 2, bitrate=bitrate
    )


def format_options(f: Any) -> Any:
    from generator.output.encode import BITRATES

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


_CLOCK = re.compile(r"^(?:(\d+):([0-5]\d)|(\d+):([0-5]\d):([0-5]\d))$")


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


@cli.command()
@script_argument
@click.option(
    "-o", "--output", "output_name", type=click.Path(), metavar="PATH",
    help="MP3 to write [default: audio_out/<slug of title>.mp3].",
)  # fmt: skip
@click.option("--stems", is_flag=True, help="Also write <name>.voice.wav and <name>.ambient.wav.")
@click.option("--allow-lint", is_flag=True, help="Render even if the linter finds errors.")
@click.option(
    "--sidecars/--no-sidecars", default=True, show_default=True,
    help="Also write .lrc, .vtt, .chapters.json and .cue.json beside the MP3.",
)  # fmt: skip
@length_option
@seed_option
@format_options
@verbosity
def render(
    script: Path | None, output_name: str | None, stems: bool, allow_lint: bool, sidecars: bool,
    length: float | None,
    seed: int | None, sample_rate: str, channels: str, bitrate: str, verbose: bool, quiet: bool,
    debug: bool,
) -> None:  # fmt: skip
    """Render SCRIPT (default: sessions/gentle-hips.yaml) to a tagged MP3 with chapters.

    \b
    Example:
      holdspace render sessions/gentle-hips.yaml --length 20m -o ~/Music/hips-20.mp3
    """
    from generator.script.load import load_session
    from generator.render.track import RenderOptions
    from generator.render.track import render as do_render

    _setup_logging(verbose, quiet, debug)
    path = script or default_script()
    output = _output_path(output_name, "--output", ".mp3", path)  # the rest: in render()
    session = load_session(path)
    if not allow_lint:
        _refuse_lint_errors(path, session)
    fmt = output_format(int(sample_rate), channels, int(bitrate))
    options = RenderOptions(
        output=output, fmt=fmt, stems=stems, seed=seed, length=length, sidecars=sidecars
    )
    progress = Progress(not quiet)
    result = do_render(session, options, progress)
    progress.clear()
    log = logging.getLogger("holdspace")
    log.info("voice: %s", result.voice)
    limited = -20 * math.log10(max(result.limiter_min_gain, 1e-9))
    log.info("mix %.1f LUFS before mastering; gain %+.1f dB; limiter %.1f dB at most",
             result.measured_lufs, result.gain_db, limited)  # fmt: skip
    if not quiet:
        from generator.script.text import format_duration

        seconds = result.plan.duration / result.plan.sample_rate
        extra = "".join(f", {p.name}" for p in result.stems)
        size = result.size_bytes / 1e6
        click.echo(f"wrote {result.path} ({format_duration(seconds)}, {size:.1f} MB){extra}")


def _refuse_lint_errors(path: Path, session: Any) -> None:
    from generator.lint.script import lint_file

    findings = lint_file(path, session)
    errors = [f for f in findings if f.level == "error"]
    for f in findings:
        click.echo(str(f), err=True)
    if errors:
        raise LintRefusal(
            f"holdspace: not rendering: {len(errors)} lint error(s) above; soften the wording, "
            "allow one with a reason (# holdspace: allow RULE because …), or pass --allow-lint"
        )


class LintRefusal(HoldspaceError):
    exit_code = 1


@cli.command()
@script_argument
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@click.option(
    "--svg", "svg_name", type=click.Path(), metavar="FILE",
    help="Also draw the timeline (chapters, speech, holds, breathing, check-ins, bells) as an SVG.",
)  # fmt: skip
@length_option
@seed_option
@click.option(
    "--sample-rate", type=click.Choice(["44100", "48000"]), default="44100", show_default=True,
    help="Sample rate the times are counted in.",
)  # fmt: skip
@verbosity
def plan(
    script: Path | None, as_json: bool, svg_name: str | None, length: float | None, seed: int | None,
    sample_rate: str, verbose: bool, quiet: bool, debug: bool,
) -> None:  # fmt: skip
    """Show the timeline of SCRIPT: when each thing is said, holds, chapters.

    Speech lengths come from the synthesized clips (synthesized now, or read from the cache).

    \b
    Example:
      holdspace plan sessions/gentle-hips.yaml --length 30m
      holdspace plan sessions/gentle-hips.yaml --json > plan.json
      holdspace plan sessions/gentle-hips.yaml --svg audio_out/gentle-hips.svg
    """
    from generator.script.load import load_session
    from generator.render.track import Prepared, check_output, session_inputs

    _setup_logging(verbose, quiet, debug)
    svg = _output_path(svg_name, "--svg", ".svg", script)
    session = load_session(script or default_script())
    if svg is not None:  # before any speech is synthesized
        check_output(svg, inputs=session_inputs(session), option="--svg", extension=".svg")
    _check_cover(session)  # render would refuse it: so does plan
    progress = Progress(not quiet and not as_json)
    prepared = Prepared(session, int(sample_rate), seed, progress=progress, length=length)
    progress.clear()
    if svg is not None:
        _write_svg(svg, prepared.plan)
    if as_json:
        click.echo(json.dumps(prepared.plan.to_json(), indent=1, ensure_ascii=False))
    else:
        click.echo(describe_plan(prepared.plan))
        if svg is not None and not quiet:  # like render: "wrote …" on stdout; never with --json
            click.echo(f"wrote {svg}")


def _output_path(raw: str | None, option: str, extension: str, script: Path | None) -> Path | None:
    """The file an output option names, refused at once when it cannot be one: empty, a folder
    (a trailing ``/`` always means one), the script itself, or a name without ``extension``.
    ``check_output`` checks the rest (the folder, the files beside it, every file the script
    reads) once the script is read."""
    from generator.render.track import same_file

    if raw is None:
        return None
    if not raw.strip():
        raise InputError(f"{option} is empty; give a file name ending in {extension}")
    path = Path(raw)
    if script is not None and os.path.isfile(script) and same_file(path, script):
        raise InputError(
            f"{option} {raw}: this is the script itself, which writing would destroy; give "
            f"another file name, ending in {extension}"
        )
    if raw.endswith(("/", os.sep)):
        if os.path.isdir(path):
            raise InputError(
                f"{option} {raw} is a folder; give a file name ending in {extension}, "
                f"e.g. {raw}session{extension}"
            )
        raise InputError(
            f"{option} {raw}: there is no folder {path} (a name ending in / is a folder); give "
            f"a file name ending in {extension}, in a folder that exists"
        )
    if os.path.isdir(path):
        raise InputError(f"{option} {raw} is a folder; give a file name ending in {extension}")
    if path.suffix.lower() != extension:
        hint = ""
        if option == "--svg" and path.suffix.lower() in (".yaml", ".yml"):
            hint = f" (to plan {raw}, name it before --svg: holdspace plan {raw} --svg plan.svg)"
        shown = raw if len(raw) <= 60 else raw[:59] + "…"
        raise InputError(f"{option} {shown}: give a file name ending in {extension}{hint}")
    return path


def _check_cover(session: Any) -> None:
    """The author's cover, checked as render checks it (plan and lint must not pass it)."""
    if session.cover:
        from generator.output.cover import load_cover

        load_cover(Path(session.cover), session.path, session.cover_line)


def _check_inputs(session: Any) -> None:
    """The files a script names (its ambient bed, its cover), checked as plan and render do."""
    from generator.mix import beds

    beds.check_bed(session.ambient, session.path)
    _check_cover(session)


def _write_svg(path: Path, plan_: Any) -> None:
    """Write the timeline picture atomically (temp file beside it + os.replace)."""
    from generator.output.sidecars import atomic_write_text
    from generator.plan.timeline_svg import timeline_svg

    try:
        atomic_write_text(path, timeline_svg(plan_, plan_.title))
    except OSError as exc:
        raise InputError(f"--svg: cannot write {path} ({exc.strerror or exc})") from None


@cli.command()
@click.argument("scripts", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list.")
def lint(scripts: tuple[Path, ...], as_json: bool) -> None:
    """Check the wording and timing of SCRIPTS against the care rules.

    Each finding: FILE:LINE: level rule-id: "phrase" — suggestion. A script that plan or render
    would refuse (bad YAML, an unknown bed, a missing ambient file or cover) gets its one error
    line on stderr, and the other scripts are still checked. Exit status 2 when any script was
    refused, else 1 when any finding is an error. Silence one line with
    `# holdspace: allow RULE-ID because …`.

    \b
    Example:
      holdspace lint sessions/*.yaml
    """
    from generator.lint.script import lint_file
    from generator.script.load import load_session

    findings = []
    status = 0
    for path in scripts:
        try:
            session = load_session(path)
            found = lint_file(path, session)
        except HoldspaceError as exc:  # this script is refused; the others still get checked
            click.echo(str(exc).replace("\n", " "), err=True)
            status = max(status, exc.exit_code)
            continue
        findings += found
        if not as_json:
            for f in found:
                click.echo(str(f))
        try:
            _check_inputs(session)
        except HoldspaceError as exc:
            click.echo(str(exc).replace("\n", " "), err=True)
            status = max(status, exc.exit_code)
    if as_json:
        click.echo(json.dumps([f.to_json() for f in findings], indent=1, ensure_ascii=False))
    if any(f.level == "error" for f in findings):
        status = max(status, 1)
    sys.exit(status)


@cli.command()
@click.option("--language", default="en", show_default=True, help="Show titles in en or es.")
def poses(language: str) -> None:
    """List the built-in poses: id, sides, hold (default, range) and other names.

    \b
    Example:
      holdspace poses --language es
    """
    from generator import care

    lang = _language(language)
    for p in care.all_poses():
        sides = "sides" if p.has_sides else "     "
        hold = f"{p.hold_default:>4.0f}s ({p.hold_min:.0f}-{p.hold_max:.0f})"
        chair = " [chair]" if p.chair else ""
        click.echo(
            f"{p.id:<22} {sides} {hold:<16} {p.title(lang)}{chair}; also: {', '.join(p.aliases)}"
        )
    click.echo("\nbreathing patterns (breath: NAME):")
    for b in care.all_patterns():
        rate = b.rate_per_minute()
        timing = (
            "just noticing"
            if rate is None
            else (
                f"in {b.inhale:g}, hold {b.hold_in:g}, out {b.exhale:g}, hold {b.hold_out:g}; "
                f"{rate:.1f}/min; {b.rounds_default} rounds (max {b.rounds_max})"
            )
        )
        click.echo(f"  {b.id:<18} {timing}")


def _language(language: str) -> str:
    from generator import care

    try:
        return care.normalize_lang(language)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--language") from None


@cli.command()
def ambients() -> None:
    """List the built-in ambient beds (ambient: {bed: NAME}).

    \b
    Example:
      holdspace ambients
    """
    from generator.mix.beds import BUILTIN_BEDS

    for name, description in BUILTIN_BEDS.items():
        click.echo(f"{name:<12} {description}")
    click.echo(
        "\nYour own audio: ambient: {file: rain.mp3} (wav, mp3, ogg, flac; looped with a crossfade)"
    )


@cli.command()
@click.option(
    "--engine", type=click.Choice(["pyttsx3", "espeak-ng", "piper"]),
    help="Only this engine's voices.",
)  # fmt: skip
@click.option("--language", help="Only voices for this language (e.g. en, es).")
def voices(engine: str | None, language: str | None) -> None:
    """List the voices each engine has here, and how to use one in a script.

    \b
    Example:
      holdspace voices --engine piper
    """
    from generator.speech import list_voices

    shown = 0
    for v in list_voices(engine):
        if language and not v.language.lower().replace("_", "-").startswith(language.lower()):
            continue
        click.echo(f"{v.engine:<10} {v.id:<24} {v.language:<8} {v.name:<28} {v.how_to_use}")
        shown += 1
    if not shown and language:  # not an error: the language may be real, just not installed
        which = f"{engine} voice" if engine else "voice"
        click.echo(
            f"holdspace: no {which} here speaks {language!r}; `holdspace voices` lists every "
            "voice, and any Piper voice (.onnx) can be named with voice: {model: …}",
            err=True,
        )


def describe_plan(p: Any) -> str:
    from generator.script.text import format_duration

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
        seconds = (e.end - e.start) / sr
        # a breath phase or a short pause in tenths (a 0.5 s pause is not "0:00")
        length = f"{seconds:.1f}s" if seconds < 10 else format_duration(seconds)
        if e.kind == "speech":  # a sentence's later clauses are indented under its first
            lead = ("· " if e.role in ("check_in", "breath") else "") + (
                "  " if e.continues else ""
            )
            lines.append(f"{t}  {'':6}{lead}{e.text}")
        elif e.kind == "tone":
            lines.append(f"{t}  {'bell  ' + str(e.strikes) + '×' if e.strikes else 'chime'}")
        else:
            lines.append(
                f"{t}  {e.kind:<6}{length} {e.role if e.role not in ('pause', 'hold') else ''}".rstrip()
            )
    return "\n".join(lines)


def parse_lengths(ctx: click.Context, param: click.Parameter, value: str | None) -> list:
    if not value:
        return [None]
    return [parse_length(ctx, param, part.strip()) for part in value.split(",") if part.strip()]


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder for the tracks and playlist.m3u8 (created if missing).")  # fmt: skip
@click.option("--length", "lengths", callback=parse_lengths, metavar="D1,D2,…",
              help="Render each script at each length, e.g. 10m,20m,30m.")  # fmt: skip
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1,
              show_default="number of cores", help="Tracks rendered at once.")  # fmt: skip
@format_options
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary's failures.")
def batch(paths: tuple[Path, ...], out_dir: Path, lengths: list, jobs: int, sample_rate: str,
          channels: str, bitrate: str, quiet: bool) -> None:  # fmt: skip
    """Render every script in PATHS (files or folders) at every --length, in parallel.

    Writes the tracks and a playlist.m3u8 into the output folder, prints a summary, and keeps
    going past a broken script (exit status 1 at the end if any failed). A length a script
    cannot reach (a 5-minute breathing track at 30 minutes) is skipped and listed, not failed.

    \b
    Example:
      holdspace batch sessions -o audio_out/library --length 10m,20m,30m -j 2
    """
    from generator import batch as batching

    _setup_logging(False, True, False)
    scripts = batching.find_scripts(paths)
    batching.check_out_dir(out_dir)
    plan = batching.plan_jobs(scripts, out_dir, lengths)  # refuses clashing names: nothing yet
    created = batching.make_out_dir(out_dir)
    playlist = out_dir / batching.PLAYLIST
    fmt = output_format(int(sample_rate), channels, int(bitrate))
    progress = Progress(not quiet)
    try:
        outcomes = batching.run(plan, fmt, jobs, progress)
    except batching.Interrupted as stop:
        progress.clear()
        with batching.signals_ignored():
            message = _interrupted_batch(stop.finished, len(plan), playlist)
        raise Interrupted(message) from None
    progress.clear()
    with batching.signals_ignored():  # every track is in place: finish the playlist and report
        _report_batch(outcomes, playlist, created, quiet)


def _report_batch(outcomes: list[Any], playlist: Path, created: bool, quiet: bool) -> None:
    """The playlist of the tracks made (none when nothing was), a line per track, the summary."""
    from generator import batch as batching
    from generator.script.text import format_duration

    made = sum(o.ok for o in outcomes)
    skipped = sum(o.skipped for o in outcomes)
    failed = len(outcomes) - made - skipped
    if made:
        batching.write_playlist(playlist, outcomes)
    elif created and not any(playlist.parent.iterdir()):
        playlist.parent.rmdir()  # nothing was made: leave no empty folder behind
    for o in outcomes:
        if o.ok and not quiet:
            click.echo(
                f"ok      {o.job.output}  {format_duration(o.duration_s)}  {o.size_bytes / 1e6:.1f} MB"
            )
        elif o.skipped and not quiet:
            click.echo(f"skipped {o.job.script}: {o.message}")
        elif not o.ok and not o.skipped:
            click.echo(f"FAILED  {o.job.script}: {o.message}")
    if not quiet or failed or not made:
        extra = f" ({skipped} skipped: lengths those scripts cannot reach)" if skipped else ""
        where = f"playlist: {playlist}" if made else "no playlist written"
        click.echo(f"{made} of {len(outcomes)} tracks written{extra}; {where}")
    if failed or not made:
        sys.exit(1)


def _interrupted_batch(finished: list[Any], total: int, playlist: Path) -> str:
    """What an interrupted batch left: the tracks it finished are in place and listed."""
    from generator import batch as batching

    if not finished:
        return (
            "holdspace: interrupted before any track was written; earlier files are untouched "
            "and nothing half-written was left"
        )
    batching.update_playlist(playlist, finished)
    names = ", ".join(o.job.output.name for o in finished[:3]) + (
        ", …" if len(finished) > 3 else ""
    )
    return (
        f"holdspace: interrupted; {len(finished)} of {total} tracks were written first ({names}) "
        f"and {playlist} now lists them; the other tracks are untouched and nothing "
        "half-written was left"
    )


@cli.command()
@click.argument("name")
@click.option("--template", type=click.Choice(["hips", "breath", "chair", "bedtime"]), default="hips",
              show_default=True, help="What kind of session to start from.")  # fmt: skip
@click.option("--title", help="The track title [default: from NAME].")
def new(name: str, template: str, title: str | None) -> None:
    """Write NAME.yaml: a commented, lint-clean starter script (and the editor schema beside it).

    \b
    Example:
      holdspace new evening-hips --template bedtime
    """
    from importlib.resources import files

    from generator.script.schema import json_schema
    from generator.output.sidecars import atomic_write_text

    path = Path(name if name.endswith((".yaml", ".yml")) else f"{name}.yaml")
    if not name.strip():
        raise InputError("NAME is empty; give the session a name, e.g. holdspace new evening-hips")
    if not path.name.rsplit(".", 1)[0].strip(" ."):  # "", ".", "sub/", ".yaml": no name
        raise InputError(
            f"NAME {name!r} has no file name; give the session a name, e.g. "
            "holdspace new evening-hips"
        )
    if path.exists():
        raise InputError(f"{path} already exists; choose another name (nothing was changed)")
    if not path.parent.is_dir():
        raise InputError(f"the folder {path.parent} does not exist; create it first")
    title = title or path.stem.replace("-", " ").replace("_", " ").strip().title() or "My Session"
    if any(ch in title for ch in '{}\n"') or len(title) > 200:
        raise InputError("--title: use a plain title without quotes or braces")
    text = (files("generator") / "data" / "templates" / f"{template}.yaml").read_text("utf-8")
    schema_file = path.parent / "holdspace.schema.json"
    modeline = f"# yaml-language-server: $schema={schema_file.name}\n"
    typed = _shell_word(path)
    atomic_write_text(path, modeline + text.format(title=title, file=typed))
    if not schema_file.exists():
        atomic_write_text(
            schema_file, json.dumps(json_schema(), indent=1, ensure_ascii=False) + "\n"
        )
    click.echo(f"wrote {path}; next: holdspace lint {typed} && holdspace render {typed}")


def _shell_word(path: Path) -> str:
    """``path`` as it must be typed in a shell command: quoted when needed, and never read as an
    option (``-rf.yaml`` becomes ``./-rf.yaml``)."""
    text = str(path)
    return shlex.quote(f"./{text}" if text.startswith("-") else text)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the script format, for editors that check YAML as you type.

    \b
    Example:
      holdspace schema > holdspace.schema.json
      # then, first line of a script: # yaml-language-server: $schema=holdspace.schema.json
    """
    from generator.script.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=1, ensure_ascii=False))


def main() -> None:
    cli()
