"""``holdspace batch``: every script at every length, rendered in parallel, with a playlist."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from generator.cli.app import setup_logging
from generator.cli.options import format_options, output_format, parse_lengths
from generator.cli.progress import Progress
from generator.errors import BatchInterrupted, Interrupted


@click.command()
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

    setup_logging(False, True, False)
    scripts = batching.find_scripts(paths)
    batching.check_out_dir(out_dir)
    plan = batching.plan_jobs(scripts, out_dir, lengths)  # refuses clashing names: nothing yet
    created = batching.make_out_dir(out_dir)
    playlist = out_dir / batching.PLAYLIST
    progress = Progress(not quiet)
    try:
        outcomes = batching.run(plan, output_format(sample_rate, channels, bitrate), jobs, progress)
    except BatchInterrupted as stop:
        progress.clear()
        with batching.signals_ignored():
            message = _interrupted(stop.finished, len(plan), playlist)
        raise Interrupted(message) from None
    progress.clear()
    with batching.signals_ignored():  # every track is in place: finish the playlist and report
        _report(outcomes, playlist, created, quiet)


def _report(outcomes: list[Any], playlist: Path, created: bool, quiet: bool) -> None:
    """The playlist of the tracks made (none when nothing was), a line per track (a script that
    failed at every length once), and the summary."""
    from generator import batch as batching
    from generator.script.text import format_duration

    made = sum(o.ok for o in outcomes)
    skipped = sum(o.skipped for o in outcomes)
    failed = len(outcomes) - made - skipped
    if made:
        batching.write_playlist(playlist, outcomes)
    elif created and not any(playlist.parent.iterdir()):
        playlist.parent.rmdir()  # nothing was made: leave no empty folder behind
    said: set[tuple[Path, str]] = set()
    for o in outcomes:
        if o.ok and not quiet:
            click.echo(
                f"ok      {o.job.output}  {format_duration(o.duration_s)}  {o.size_bytes / 1e6:.1f} MB"
            )
        elif o.skipped and not quiet:
            click.echo(f"skipped {o.job.script}: {o.message}")
        elif not o.ok and not o.skipped and (o.job.script, o.message) not in said:
            said.add((o.job.script, o.message))  # a broken script fails alike at every length
            click.echo(f"FAILED  {o.job.script}: {o.message}")
    if not quiet or failed or not made:
        extra = f" ({skipped} skipped: lengths those scripts cannot reach)" if skipped else ""
        where = f"playlist: {playlist}" if made else "no playlist written"
        click.echo(f"{made} of {len(outcomes)} tracks written{extra}; {where}")
    if failed or not made:
        sys.exit(1)


def _interrupted(finished: list[Any], total: int, playlist: Path) -> str:
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
