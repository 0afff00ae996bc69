"""``holdspace record``: the lines of a script to record in your own voice, and how far you are.

``holdspace record SCRIPT -o FOLDER`` writes ``FOLDER/lines.csv`` and ``FOLDER/sheet.txt`` and
says what is recorded, missing or no longer used; ``--check`` writes nothing, checks every
recording as a render would, and exits 1 while lines are missing; ``--split TAKE`` cuts one long
take into the files of the lines still missing."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from generator.cli.app import setup_logging, verbosity
from generator.cli.options import default_script, parse_lengths, script_argument, seed_option
from generator.errors import InputError


@click.command()
@script_argument
@click.option(
    "-o", "--output", "folder", type=click.Path(path_type=Path), metavar="FOLDER",
    help="Folder of the recordings [default: the script's voice folder, with engine: recorded].",
)  # fmt: skip
@click.option(
    "--length", "lengths", callback=parse_lengths, metavar="D1,D2,…",
    help="The lines of the session at these lengths (e.g. 10m,20m) [default: as written].",
)  # fmt: skip
@seed_option
@click.option(
    "--check", is_flag=True,
    help="Write nothing: check every recording, list the lines missing (exit status 1 if any).",
)  # fmt: skip
@click.option(
    "--split", "take", type=click.Path(path_type=Path), metavar="TAKE",
    help="Cut one long take (the missing lines in sheet order, pauses between) into their files.",
)  # fmt: skip
@verbosity
def record(
    script: Path | None, folder: Path | None, lengths: list, seed: int | None, check: bool,
    take: Path | None, verbose: bool, quiet: bool, debug: bool,
) -> None:  # fmt: skip
    """Write the lines of SCRIPT to record in your own voice: FOLDER/lines.csv and sheet.txt.

    Then render with voice: {engine: recorded, folder: FOLDER}. Run again to see what is
    recorded, missing or no longer used.

    \b
    Example:
      holdspace record sessions/gentle-hips.yaml -o my-voice
      holdspace record sessions/gentle-hips.yaml -o my-voice --check
      holdspace record sessions/gentle-hips.yaml -o my-voice --split take.m4a
    """
    from generator.cli.record_lines import recorded_lines, session_lines
    from generator.script.load import load_session
    from generator.speech.recording_names import shown

    setup_logging(verbose, quiet, debug)
    if check and take is not None:
        raise click.UsageError("--check and --split do different things; use one")
    path = script if script is not None else default_script()[0]
    session = load_session(path)
    folder = folder if folder is not None else voice_folder(session)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"-o {shown(folder)} is a file; name a folder for the recordings")
    guessed = session_lines(session, seed, lengths)
    if check:
        check_folder_against(
            folder, *recorded_lines(session, seed, lengths, folder, guessed), quiet
        )
        return
    # once there are recordings, planned with their own lengths, as a render will be
    lines, needed = recorded_lines(session, seed, lengths, folder, guessed) if has_recordings(
        folder) else (guessed, None)  # fmt: skip
    if take is not None:  # cut into the lines the sheet lists still to record, in its order
        split_into(take, folder, lines, quiet)
        lines, needed = recorded_lines(session, seed, lengths, folder, guessed)
    write_sheet(folder, lines, session.title, str(path), quiet, needed, session.language)


def has_recordings(folder: Path) -> bool:
    from generator.speech.recording_names import audio_files

    return folder.is_dir() and bool(audio_files(folder))


def voice_folder(session: Any) -> Path:
    """The recordings folder the script itself names, if it does."""
    if session.voice.engine == "recorded" and session.voice.folder:
        return Path(session.voice.folder)
    raise InputError("name the folder for your recordings with -o FOLDER (e.g. -o my-voice)")


def write_sheet(
    folder: Path,
    lines: list[Any],
    title: str,
    script: str,
    quiet: bool,
    needed: list[str] | None = None,
    lang: str = "en",
) -> None:
    """The sheet and lines.csv for every line; the summary, once there are recordings
    (``needed``: what the track says with them), counts what --check counts."""
    from generator.output.files import atomic_files
    from generator.speech.recording_names import LINES_CSV, SHEET_TXT, shown
    from generator.speech.recording_sheet import folder_status, lines_csv, sheet_text

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"-o {shown(folder)}: cannot make the folder ({exc.strerror})") from None
    status = folder_status(folder, lines)
    texts = (lines_csv(lines), sheet_text(lines, title, script, shown(folder), status, lang))
    targets = (folder / LINES_CSV, folder / SHEET_TXT)
    try:
        with atomic_files(targets) as temps:
            for temp, text in zip(temps, texts, strict=True):
                temp.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"-o {shown(folder)}: cannot write there ({exc.strerror})") from None
    if not quiet:
        click.echo(f"wrote {shown(targets[0])} and {SHEET_TXT}: {len(lines)} lines")
        if needed is None:
            click.echo(summary(status, len(lines)))
        else:
            said, total = track_status(status, lines, needed)
            others = len(lines) - total
            also = f"; the sheet also lists {others} said only at other lengths" if others else ""
            click.echo(f"the track says {total}: {summary(said, total)}{also}")


def summary(status: Any, total: int) -> str:
    said = f"recorded {len(status.recorded)} of {total}"
    varies = sum(line.varies for line in status.missing)
    if len(status.missing) > varies:
        said += f"; {len(status.missing) - varies} to record"
    if varies:
        said += f"; {varies} said only at some lengths (--check says which the track needs)"
    if status.unused:
        names = ", ".join(_unused_name(p, status.missing) for p in status.unused[:5])
        more = f" and {len(status.unused) - 5} more" if len(status.unused) > 5 else ""
        said += f"; no longer used: {names}{more}"
    return said


def _unused_name(path: Path, missing: tuple[Any, ...]) -> str:
    """An unused file's name, and the missing line it was surely meant for: its name without
    the six characters (a tester saved goodnight-marguerite.wav for goodnight-marguerite-d586ce)."""
    meant = [line.stem for line in missing if line.stem.rsplit("-", 1)[0] == path.stem]
    if len(meant) == 1:
        return f"{path.name} (rename it {meant[0]}{path.suffix})"
    return path.name


def track_status(status: Any, lines: list[Any], needed: list[str]) -> tuple[Any, int]:
    """``status`` narrowed to the lines the track says (a line the sheet has for another length
    waits), and how many those are."""
    from generator.speech.recording_names import spoken

    said = {spoken(t) for t in needed}
    recorded = tuple(line for line in status.recorded if line.text in said)
    missing = tuple(line for line in status.missing if line.text in said)
    narrowed = replace(status, recorded=recorded, missing=missing)
    return narrowed, sum(line.text in said for line in lines)


def check_folder_against(folder: Path, lines: list[Any], needed: list[str], quiet: bool) -> None:
    """The folder against what a render needs (``lines``: the sheet planned with the
    recordings, ``needed``: what the track says; every recording was read, checked and kept in
    the speech cache on the way); the lines missing listed in sheet order; exit status 1 if
    any."""
    from generator.speech.recorded import csv_row
    from generator.speech.recording_names import shown
    from generator.speech.recording_sheet import folder_status

    status, total = track_status(folder_status(folder, lines), lines, needed)
    if not quiet:
        # the summary on stderr, the lines to record as CSV on stdout: "> missing.csv" is a sheet
        click.echo(f"{shown(folder)}: {summary(status, total)}; the recordings are fine", err=True)
        if status.missing:
            click.echo("file,text")
            for line in status.missing:
                click.echo(csv_row(line.stem, line.text))
    if status.missing:
        sys.exit(1)


def split_into(take: Path, folder: Path, lines: list[Any], quiet: bool) -> None:
    from generator.speech.recording_names import shown
    from generator.speech.recording_sheet import folder_status
    from generator.speech.split_take import split_take

    missing = list(folder_status(folder, lines).missing) if folder.is_dir() else list(lines)
    # the lines whose words depend on the session's length are recorded last, on their own
    missing = [line for line in missing if not line.varies] or missing
    if not missing:
        raise InputError(
            f"--split {shown(take)}: every line already has a recording in {shown(folder)}; "
            "remove the ones to record again first"
        )
    folder.mkdir(parents=True, exist_ok=True)
    written = split_take(take, folder, [line.stem for line in missing])
    if not quiet:
        click.echo(f"cut {shown(take)} into {len(written)} lines in {shown(folder)}")
