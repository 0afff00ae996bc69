"""``holdspace batch``: every script at every length, rendered in parallel, with a playlist."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from generator.cli.app import setup_logging
from generator.cli.options import format_options, output_format, parse_lengths
from generator.cli.progress import BATCH_PLAIN, Progress
from generator.errors import BatchInterrupted, InputError, Interrupted


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder for the tracks and playlist.m3u8 (created if missing).")  # fmt: skip
@click.option("--manifest", type=click.Path(path_type=Path), metavar="FILE.csv",
              help="Render the tracks a CSV manifest lists, one row each, instead of PATHS "
              "(docs/batch.md).")  # fmt: skip
@click.option("--length", "lengths", callback=parse_lengths, metavar="D1,D2,…",
              help="Render each script at each length, e.g. 10m,20m,30m.")  # fmt: skip
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Tracks rendered at once on this machine [default: number of cores].")  # fmt: skip
@click.option("--cluster", metavar="ADDRESS",
              help="Render on a Dask cluster, e.g. tcp://10.0.0.5:8786 (docs/batch.md).")  # fmt: skip
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path), metavar="FOLDER",
              help="With --cluster: the speech cache every worker shares [default: this "
              "machine's, $HOLDSPACE_CACHE_DIR or ~/.cache/holdspace/speech].")  # fmt: skip
@click.option("--dry-run", is_flag=True,
              help="Check every track (its script, row, words and length) and list them with "
              "their lengths guessed from the words; render nothing, write nothing.")  # fmt: skip
@format_options
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary's failures.")
def batch(paths: tuple[Path, ...], out_dir: Path, manifest: Path | None, lengths: list,
          jobs: int | None, cluster: str | None, cache_dir: Path | None, dry_run: bool,
          sample_rate: str, channels: str, bitrate: str, quiet: bool) -> None:  # fmt: skip
    """Render every script in PATHS (files or folders) at every --length, or every row of a
    --manifest, in parallel here or on a --cluster.

    Writes the tracks and a playlist.m3u8 into the output folder, prints a summary, and keeps
    going past a broken script or row (exit status 1 at the end if any failed). A length a
    script cannot reach (a 5-minute breathing track at 30 minutes) is skipped and listed, not
    failed; in a manifest, where each row asks for one track, it fails.

    \b
    Example:
      holdspace batch sessions -o audio_out/library --length 10m,20m,30m -j 2
      holdspace batch --manifest week.csv -o audio_out/week --dry-run
      holdspace batch --manifest week.csv -o audio_out/week
      holdspace batch --manifest week.csv --cluster tcp://127.0.0.1:8786 -o audio_out/week
    """
    from generator.batch import jobs as batching
    from generator.batch.jobs import PLAYLIST
    from generator.interrupts import signals_ignored

    warnings: list[str] = []
    setup_logging(False, True, False)
    _check_choices(paths, manifest, lengths, jobs, cluster, cache_dir)
    batching.check_out_dir(out_dir)
    if manifest is not None:
        from generator.batch.manifest import read_manifest

        plan = read_manifest(manifest, out_dir)  # refuses a bad manifest: nothing yet
        from generator.batch.listener import listener_warnings

        warnings = listener_warnings(plan) + _composition_notes(plan)
        for line in warnings:  # now, so a long batch can be stopped and the words mended
            click.echo(line, err=True)
    else:
        scripts = batching.find_scripts(paths)
        plan = batching.plan_jobs(scripts, out_dir, lengths)  # refuses clashing names
    if dry_run:
        _dry_run(plan, quiet, warnings)
        return
    created = batching.make_out_dir(out_dir)
    subfolders = batching.make_subfolders(out_dir, plan)
    playlist = out_dir / PLAYLIST
    progress = Progress(not quiet, plain=True, lines=BATCH_PLAIN)
    fmt = output_format(sample_rate, channels, bitrate)
    try:
        if cluster:
            from generator.batch import cluster as on_cluster
            from generator.speech.cache import SpeechCache

            cache = cache_dir or SpeechCache().root
            outcomes = on_cluster.run(plan, fmt, cluster, cache.absolute(), out_dir.absolute(),
                                      progress)  # fmt: skip
        else:
            from generator.batch import local

            outcomes = local.run(plan, fmt, jobs or os.cpu_count() or 1, progress)
    except BatchInterrupted as stop:
        batching.remove_empty_folders(subfolders)
        progress.clear()
        with signals_ignored():
            if not quiet:  # the tracks that were finished, as a finished batch lists them
                for o in sorted(stop.finished, key=lambda o: _order(plan, o)):
                    click.echo(_ok_line(o))
            message = _interrupted(stop.finished, len(plan), playlist)
        raise Interrupted(message) from None
    batching.remove_empty_folders(subfolders)
    progress.clear()
    with signals_ignored():  # every track is in place: finish the playlist and report
        _report(outcomes, playlist, created, quiet, warnings)


def _composition_notes(plan: list[Any]) -> list[str]:
    """A line per note on each composed row's script, at the row's line, said before a batch
    renders as ``compose`` says them: an 8-minute chair row with room for one shape is worth
    knowing before the track reaches a listener. Rows that cannot run say so later."""
    from generator.batch.sources import composed_notes

    lines = []
    for job in plan:
        row = job.row
        if row is None or row.choices is None or row.problem:
            continue
        try:
            notes = composed_notes(row.choices)
        except InputError:
            continue
        lines += [f"{row.where}: note: {note}" for note in notes]
    return lines


def _check_choices(
    paths: tuple[Path, ...], manifest: Path | None, lengths: list, jobs: int | None,
    cluster: str | None, cache_dir: Path | None,
) -> None:  # fmt: skip
    if manifest is not None and paths:
        raise InputError(
            "holdspace batch: give scripts and folders, or --manifest FILE, not both "
            "(a manifest names its scripts in its script column)"
        )
    if manifest is None and not paths:
        raise InputError(
            "holdspace batch: name scripts or folders to render, or a --manifest FILE.csv"
        )
    if manifest is not None and lengths != [None]:
        raise InputError(
            "--length: a manifest gives each row's length in its length column; remove --length"
        )
    if cluster and jobs is not None:
        raise InputError(
            "-j: on a cluster, the workers decide how many tracks render at once (one per "
            "worker process); remove -j"
        )
    if cache_dir is not None and not cluster:
        raise InputError(
            "--cache is for --cluster (a cache every worker shares); on this machine, set "
            "HOLDSPACE_CACHE_DIR instead"
        )


def _report(
    outcomes: list[Any], playlist: Path, created: bool, quiet: bool, warnings: list[str]
) -> None:
    """The playlist of the tracks made (none when nothing was), a line per track (a script that
    failed at every length once), the warnings on the manifest's words said again (the first
    saying has scrolled away behind a long batch's lines), and the summary."""
    from generator.batch.playlist import write_playlist

    made = sum(o.ok for o in outcomes)
    skipped = sum(o.skipped for o in outcomes)
    failed = len(outcomes) - made - skipped
    if made:
        write_playlist(playlist, outcomes)
    elif created and not any(playlist.parent.iterdir()):
        playlist.parent.rmdir()  # nothing was made: leave no empty folder behind
    said: set[tuple[Path, str]] = set()
    for o in outcomes:
        if o.ok and not quiet:
            click.echo(_ok_line(o))
        elif o.skipped and not quiet:
            click.echo(_outcome_line(o))
        elif not o.ok and not o.skipped and (o.job.where, o.message) not in said:
            said.add((o.job.where, o.message))  # a broken script fails alike at every length
            click.echo(_outcome_line(o))
    for line in warnings:
        click.echo(line, err=True)
    if not quiet or failed or not made:
        extra = f" ({skipped} skipped: lengths those scripts cannot reach)" if skipped else ""
        where = f"playlist: {playlist}" if made else "no playlist written"
        click.echo(f"{made} of {len(outcomes)} tracks written{extra}; {where}{_heed(warnings)}")
    if failed or not made:
        sys.exit(1)


def _dry_run(plan: list[Any], quiet: bool, warnings: list[str]) -> None:
    """Each track the batch would make, checked, with its guessed length; nothing written."""
    from generator.batch.work import about, preview

    outcomes = [preview(job) for job in plan]
    for o in outcomes:
        if o.ok and o.message and not quiet:  # near the edge: the guess cannot tell
            click.echo(f"maybe   {o.job.output}  {o.message}: the render decides")
        elif o.ok and not quiet:
            click.echo(f"ok      {o.job.output}  {about(o.duration_s)}")
        elif not o.ok and (not o.skipped or not quiet):  # failures even when quiet
            click.echo(_outcome_line(o))
    for line in warnings:  # again after the tracks' lines, as the batch itself says them
        click.echo(line, err=True)
    made = sum(o.ok and not o.message for o in outcomes)
    maybe = sum(o.ok and bool(o.message) for o in outcomes)
    failed = sum(not o.ok and not o.skipped for o in outcomes)
    more = f" and {maybe} more if their lengths can be reached" if maybe else ""
    click.echo(
        f"{made} of {len(outcomes)} tracks would be written{more} (lengths guessed from the "
        f"words); nothing was written (--dry-run){_heed(warnings)}"
    )
    if failed:
        sys.exit(1)


def _order(plan: list[Any], outcome: Any) -> int:
    return plan.index(outcome.job) if outcome.job in plan else len(plan)


def _ok_line(o: Any) -> str:
    from generator.script.text import format_duration

    return f"ok      {o.job.output}  {format_duration(o.duration_s)}  {o.size_bytes / 1e6:.1f} MB"


def _outcome_line(o: Any) -> str:
    """A track not made: skipped (a length its script cannot reach) or failed, at its row."""
    if o.skipped:
        return f"skipped {o.job.where}: {o.message}"
    return f"FAILED  {o.job.where}: {o.message.removeprefix(f'{o.job.where}: ')}"


def _interrupted(finished: list[Any], total: int, playlist: Path) -> str:
    """What an interrupted batch left: the tracks it finished are in place and listed."""
    from generator.batch.playlist import update_playlist

    if not finished:
        return (
            "holdspace: interrupted before any track was written; earlier files are untouched "
            "and nothing half-written was left"
        )
    update_playlist(playlist, finished)
    shown = [o.job.output for o in finished[:3]]  # as the playlist names them: folders too
    names = ", ".join(_relative(path, playlist.parent) for path in shown) + (
        ", …" if len(finished) > 3 else ""
    )
    return (
        f"holdspace: interrupted; {len(finished)} of {total} tracks were written first ({names}) "
        f"and {playlist} now lists them; the other tracks are untouched and nothing "
        "half-written was left"
    )


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return str(path)


def _heed(warnings: list[str]) -> str:
    """The summary's count of the warnings on a manifest's words and the notes on its rows'
    scripts (composed or not; said in full above it)."""
    notes = sum(": note: " in line for line in warnings)
    said = [
        (len(warnings) - notes, "warning", "on the rows' words"),
        (notes, "note", "on the rows' scripts"),
    ]
    parts = [f"{n} {word}{'' if n == 1 else 's'} {on}" for n, word, on in said if n]
    return f"; {' and '.join(parts)}, above" if parts else ""
