"""``holdspace plan``: the timeline of a script, as text, JSON or an SVG picture."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from generator.cli.app import setup_logging, verbosity
from generator.cli.options import (
    SAMPLE_RATES,
    default_script,
    length_option,
    script_argument,
    seed_option,
    voice_option,
    with_voice,
)
from generator.cli.progress import Progress
from generator.errors import InputError

ESTIMATE_NOTE = (
    " (estimated from word counts at the voice's rate; plan without --estimate for exact times)"
)


@click.command()
@script_argument
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@click.option(
    "--svg", "svg_name", type=click.Path(), metavar="FILE",
    help="Also draw the timeline (chapters, speech, holds, breathing, check-ins, bells) as an SVG.",
)  # fmt: skip
@click.option(
    "--estimate", is_flag=True,
    help="At once, without speaking: sentence lengths guessed from their words.",
)  # fmt: skip
@length_option
@seed_option
@voice_option
@click.option(
    "--sample-rate", type=click.Choice(SAMPLE_RATES), default="44100", show_default=True,
    help="Sample rate the times are counted in.",
)  # fmt: skip
@verbosity
def plan(
    script: Path | None, as_json: bool, svg_name: str | None, estimate: bool,
    length: float | None, seed: int | None, voice: str | None, sample_rate: str, verbose: bool,
    quiet: bool, debug: bool,
) -> None:  # fmt: skip
    """Show the timeline of SCRIPT: when each thing is said, holds, chapters.

    Speech lengths come from the synthesized clips (synthesized now, or read from the cache);
    with --estimate they are guessed from the words, at once.

    \b
    Example:
      holdspace plan sessions/gentle-hips.yaml --length 30m
      holdspace plan sessions/gentle-hips.yaml --json > plan.json
      holdspace plan sessions/gentle-hips.yaml --svg audio_out/gentle-hips.svg
      holdspace plan sessions/gentle-hips.yaml --voice en-gb --estimate
    """
    from generator.output.paths import check_output, named_output, session_inputs
    from generator.render.inputs import check_script_files
    from generator.script.load import load_session

    setup_logging(verbose, quiet, debug)
    svg = named_output(svg_name, "--svg", ".svg", script)
    path = script if script is not None else default_script()[0]
    session = load_session(path)
    if voice is not None:  # as render would speak it: times follow the voice's clips
        session = with_voice(session, voice, path, quiet)
    if svg is not None:  # before any speech is synthesized
        check_output(svg, inputs=session_inputs(session), option="--svg", extension=".svg")
    check_script_files(session)  # render would refuse them: so does plan
    if estimate:
        from generator.plan.estimate import estimated_plan
        from generator.speech.select import check_voice

        check_voice(session.voice, session.voice.source or session.path, session.voice.line or None)
        the_plan = estimated_plan(session, int(sample_rate), seed, length)
    else:
        from generator.render.prepare import Prepared

        progress = Progress(not quiet, plain=True)
        the_plan = Prepared(session, int(sample_rate), seed, progress=progress, length=length).plan
        progress.clear()
    if svg is not None:
        _write_svg(svg, the_plan, estimate)
    if as_json:
        data = the_plan.to_json()
        if estimate:
            data["estimate"] = True
        click.echo(json.dumps(data, indent=1, ensure_ascii=False))
    elif svg is not None:
        if not quiet:  # like render: "wrote …" on stdout; the plan itself with --json
            click.echo(f"wrote {svg}")
    else:
        from generator.plan.listing import describe_plan

        click.echo(describe_plan(the_plan, ESTIMATE_NOTE if estimate else ""))


def _write_svg(path: Path, the_plan: Any, estimate: bool = False) -> None:
    """Write the timeline picture atomically; one drawn from guessed lengths says so."""
    from generator.output.files import atomic_write_text
    from generator.plan.timeline_svg import timeline_svg

    try:
        title = f"{the_plan.title} (estimated times)" if estimate else the_plan.title
        atomic_write_text(path, timeline_svg(the_plan, title))
    except OSError as exc:
        raise InputError(f"--svg: cannot write {path} ({exc.strerror or exc})") from None
