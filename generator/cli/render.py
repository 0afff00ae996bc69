"""``holdspace render``: a script to a tagged MP3 with chapters and sidecars."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

import click

from generator.cli.app import setup_logging, verbosity
from generator.cli.options import (
    default_script,
    format_options,
    length_option,
    loudness_option,
    output_format,
    script_argument,
    seed_option,
    voice_option,
    with_voice,
)
from generator.cli.progress import Progress
from generator.errors import LintRefusal


@click.command()
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
@loudness_option
@voice_option
@seed_option
@format_options
@verbosity
def render(
    script: Path | None, output_name: str | None, stems: bool, allow_lint: bool, sidecars: bool,
    length: float | None, loudness: Any, voice: str | None,
    seed: int | None, sample_rate: str, channels: str, bitrate: str, verbose: bool, quiet: bool,
    debug: bool,
) -> None:  # fmt: skip
    """Render SCRIPT (default: sessions/gentle-hips.yaml) to a tagged MP3 with chapters.

    \b
    Example:
      holdspace render sessions/gentle-hips.yaml --length 20m -o ~/Music/hips-20.mp3
      holdspace render sessions/gentle-hips.yaml --voice en-gb
    """
    from generator.output.paths import named_output
    from generator.render.track import RenderOptions
    from generator.render.track import render as render_track
    from generator.script.load import load_session
    from generator.script.text import format_duration

    setup_logging(verbose, quiet, debug)
    path, shipped = (script, False) if script is not None else default_script()
    output = named_output(output_name, "--output", ".mp3", path)  # the rest: in render()
    session = load_session(path)
    if voice is not None:
        session = with_voice(session, voice, path, quiet)
    if not allow_lint:
        refuse_lint_errors(path, session, length)
    if not quiet:
        _say_unchecked(path, session)
    if shipped and not quiet:  # a user who expected their own script notices
        click.echo(
            f"holdspace: no script named and no sessions/ here: rendering the default session, "
            f"{path}",
            err=True,
        )
    options = RenderOptions(
        output=output,
        fmt=output_format(sample_rate, channels, bitrate),
        stems=stems,
        seed=seed,
        length=length,
        sidecars=sidecars,
        loudness=loudness,
    )
    progress = Progress(not quiet)
    result = render_track(session, options, progress)
    progress.clear()
    log = logging.getLogger("holdspace")
    log.info("voice: %s", result.voice)
    limited = -20 * math.log10(max(result.limiter_min_gain, 1e-9))
    log.info("mastered: speech %.1f LUFS, program %.1f LUFS (gain %+.1f dB; limiter %.1f dB "
             "at most)", result.speech_lufs, result.program_lufs, result.gain_db, limited)  # fmt: skip
    if not quiet and (length is not None or session.length is not None):
        _say_fitted(session, result.plan)
    if not quiet:
        seconds = result.plan.duration / result.plan.sample_rate
        extra = "".join(f", {p.name}" for p in result.stems)
        size = result.size_bytes / 1e6
        click.echo(f"wrote {result.path} ({format_duration(seconds)}, {size:.1f} MB){extra}")


def refuse_lint_errors(path: Path, session: Any, length: float | None = None) -> None:
    """Print the script's findings; refuse (exit status 1) when any is an error. With
    ``length`` (``--length``), also the timing warnings that length brings: an opening that
    then speaks of another length, a check-in no hold is then long enough to hear."""
    from generator.lint.script import lint_file

    findings = lint_file(path, session)
    if length is not None:
        findings += _at_length(path, session, length, findings)
    errors = [f for f in findings if f.level == "error"]
    for f in findings:
        click.echo(str(f), err=True)
    if errors:
        raise LintRefusal(
            f"holdspace: not rendering: {len(errors)} lint error(s) above; soften the wording, "
            "allow one with a reason (# holdspace: allow RULE because …), or pass --allow-lint"
        )


def _at_length(path: Path, session: Any, length: float, found: list[Any]) -> list[Any]:
    from dataclasses import replace

    from generator.errors import HoldspaceError
    from generator.lint.catalog import CHECK_IN_UNSAID, LENGTH_SAID
    from generator.lint.script import lint_file

    try:
        at = lint_file(path, replace(session, length=length))
    except HoldspaceError:  # out of reach: the render says so, in its own words
        return []
    seen = {(f.rule, f.phrase) for f in found}
    return [
        f for f in at if f.rule in (LENGTH_SAID, CHECK_IN_UNSAID) and (f.rule, f.phrase) not in seen
    ]


def _say_unchecked(path: Path, session: Any) -> None:
    """Two notes for a script in a language without built-in words: what lint could not read,
    and the poses' safety notes that are not said (a tester's French track lost them silently)."""
    from generator.cli.lint import unchecked_note
    from generator.plan.wording import known_language

    if known_language(session.language) is None:
        click.echo(unchecked_note(path, session.language), err=True)
        click.echo(
            f"{path}: note: the poses' safety notes (a knee, the lower back) are in English and "
            "Spanish only, so none is said: put what your listeners need into your own cues",
            err=True,
        )


def _say_fitted(session: Any, plan: Any) -> None:
    """One line on stderr when fitting to a length changed the holds written."""
    from generator.care.poses import get_pose
    from generator.plan.fit import fitted_holds
    from generator.script.text import format_duration, written_duration

    changed = fitted_holds(session, plan)
    if not changed:
        return
    from generator.plan.wording import known_language

    # the poses' names in the script's language where holdspace has it, else in English (a
    # French script with length: crashed here after its MP3 was written)
    lang = known_language(session.language) or "en"
    shown = [  # fitted_holds lists only poses the library has
        f"{get_pose(seg.pose).title(lang).lower()} {written_duration(was)} → {written_duration(now)}"
        for seg, was, now in changed[:3]
    ]
    more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
    length = format_duration(plan.duration / plan.sample_rate)
    click.echo(
        f"holdspace: fitted to {length}, the holds differ from what the script writes: "
        f"{', '.join(shown)}{more} (within each pose's range; holdspace plan shows every one)",
        err=True,
    )
    total = plan.duration / plan.sample_rate
    speech = sum(e.end - e.start for e in plan.events if e.kind == "speech") / plan.sample_rate
    shorter = sum(now < was for _, was, now in changed) > len(changed) / 2
    if shorter and speech > SPEECH_SHARE * total:  # a slow voice fills the track with words
        click.echo(
            f"holdspace: the voice takes {format_duration(speech)} of {length} "
            f"({100 * speech / total:.0f} %), so the holds got shorter; a longer --length or "
            "length:, or fewer words, leaves more time in the shapes",
            err=True,
        )


SPEECH_SHARE = 0.5  # past this share of the track spoken, fitting says where the time went
