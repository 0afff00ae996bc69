"""A batch's jobs: every script at every length (or a manifest's rows, ``manifest``), their file
names, and the checks made before anything is rendered: no two tracks share a name, and no track
or playlist is written over a file a job reads."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.batch.sources import Row
from generator.errors import HoldspaceError, InputError
from generator.output.files import probe_writable
from generator.output.paths import render_files, same_file, session_inputs, slug

PLAYLIST = "playlist.m3u8"


@dataclass(frozen=True)
class Job:
    script: Path | None  # None: composed from the manifest row's choices
    output: Path
    length: float | None
    row: Row | None = None  # a manifest's row: its line, choices, settings and listener words

    @property
    def where(self) -> str:
        """Where a failure is reported: the script, or the manifest's line."""
        return self.row.where if self.row is not None else str(self.script)


@dataclass(frozen=True)
class Outcome:
    job: Job
    ok: bool
    message: str  # the error line, or empty
    duration_s: float = 0.0
    size_bytes: int = 0
    title: str = ""
    skipped: bool = False  # the script cannot be made this long or short: not a failure


def find_scripts(paths: tuple[Path, ...]) -> list[Path]:
    """Scripts named directly, and every ``*.yaml`` in folders named, in a stable order; a script
    named twice (by a folder and by its own path, or by two spellings) is rendered once."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml"))
        elif p.exists():
            found.append(p)
        else:
            raise InputError(f"{p}: no such script or folder")
    if not found:
        where = ", ".join(str(p) for p in paths)
        raise InputError(
            f"holdspace batch: no scripts found in {where}; name .yaml files or folders that hold them"
        )
    unique: dict[str, Path] = {}
    for script in found:
        unique.setdefault(os.path.realpath(script), script)
    return list(unique.values())


def length_suffix(length: float | None) -> str:
    """``-20m`` for whole minutes, ``-1m30s`` otherwise: two lengths never share a file name."""
    if not length:
        return ""
    minutes, seconds = divmod(round(length), 60)
    return f"-{minutes}m" if not seconds else f"-{minutes}m{seconds}s"


def plan_jobs(scripts: list[Path], out_dir: Path, lengths: list[float | None]) -> list[Job]:
    """One job per script and length. Refused (before anything is rendered): two scripts whose
    tracks would have the same file name, or a track or the playlist that would be written over
    a file a script reads."""
    from generator.script.load import load_session

    by_name: dict[str, float | None] = {}
    for length in lengths:  # 10m twice, or 10m and 600: one track
        by_name.setdefault(length_suffix(length), length)
    wanted = list(by_name.values())
    jobs: list[Job] = []
    owner: dict[Path, Path] = {}  # track → the script it is made from
    inputs: list[tuple[Path, str, Path]] = []  # (file, what it is, script)
    for script in scripts:
        try:
            session = load_session(script)
        except HoldspaceError:  # reported as this script's failure when the batch runs
            inputs.append((script, "script", script))
            jobs += [
                Job(script, out_dir / f"{slug(script.stem)}{length_suffix(n)}.mp3", n)
                for n in wanted
            ]
            continue
        inputs += [(path, kind, script) for path, kind in session_inputs(session)]
        name = slug(session.title)
        for length in wanted:
            output = out_dir / f"{name}{length_suffix(length)}.mp3"
            first = owner.setdefault(output, script)
            if first != script:
                raise InputError(
                    f"this script's track would be {output}, the same file as {first}'s (their "
                    "titles make the same name); give one of them a different title, or batch "
                    "them into different folders",
                    script,
                    _title_line(script),
                )
            jobs.append(Job(script, output, length))
    refuse_overwriting_inputs(out_dir, list(owner), inputs)
    return jobs


def _title_line(script: Path) -> int:
    """The line of ``title:`` in ``script`` (where the fix goes), else 1."""
    try:
        text = script.read_bytes()[: 512 * 1024].decode("utf-8", "replace")
    except OSError:
        return 1
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(r"\s*title\s*:", line):
            return number
    return 1


def refuse_overwriting_inputs(
    out_dir: Path, tracks: list[Path], inputs: list[tuple[Path, str, Path]]
) -> None:
    """InputError when a track, a file beside it or the playlist would replace a file a job reads
    (``inputs``: (file, what it is, the script or manifest it belongs to))."""
    written = [out_dir / PLAYLIST]
    for track in tracks:
        written += render_files(track).all()
    for path in written:
        for source, kind, script in inputs:
            if same_file(path, source):
                what = (
                    f"the {kind} {script}"
                    if kind in ("script", "manifest")
                    else (f"the {kind} of {script}")
                )
                raise InputError(
                    f"--output {out_dir}: writing {path} would overwrite {what}; choose "
                    "another output folder"
                )


def check_out_dir(out_dir: Path) -> None:
    """Refuse an output folder that cannot be one, before anything is written."""
    if os.path.lexists(out_dir) and not os.path.isdir(out_dir):
        raise InputError(
            f"--output {out_dir}: this is a file, not a folder; batch writes tracks and a "
            "playlist into a folder (created if missing), so name a folder"
        )
    playlist = out_dir / PLAYLIST
    try:
        mode = os.stat(playlist).st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode):
        raise InputError(
            f"--output {out_dir}: {playlist} is a folder or a device, where the playlist would "
            "go; move it away or choose another output folder"
        )


def make_out_dir(out_dir: Path) -> bool:
    """Create the output folder (True if it was not there) and make sure it can be written."""
    created = not os.path.isdir(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"--output {out_dir}: cannot create this folder ({exc.strerror}); name a folder "
            "you can write to"
        ) from None
    try:
        probe_writable(out_dir)
    except OSError as exc:
        if created:
            os.rmdir(out_dir)
        raise InputError(
            f"--output: cannot write to the folder {out_dir} (read-only? {exc.strerror})"
        ) from None
    return created


def make_subfolders(out_dir: Path, jobs: list[Job]) -> list[Path]:
    """The folders inside ``out_dir`` that a manifest's outputs name (``ana/monday.mp3``); the
    ones this made, for ``remove_empty_folders``."""
    made: list[Path] = []
    for folder in sorted({job.output.parent for job in jobs if job.row and not job.row.problem}):
        if folder == out_dir:
            continue
        missing = [p for p in (folder, *folder.parents) if p != out_dir and not p.exists()]
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                f"--output {out_dir}: cannot create the folder {folder} ({exc.strerror})"
            ) from None
        made += [p for p in missing if out_dir in p.parents]
    return made


def remove_empty_folders(folders: list[Path]) -> None:
    """Take away the folders ``make_subfolders`` made that no track went into (its rows failed
    or were interrupted): a failed row leaves nothing behind."""
    for folder in sorted(set(folders), key=lambda p: -len(p.parts)):  # the deepest first
        with contextlib.suppress(OSError):  # it holds a track, or something the user put
            folder.rmdir()


def track_title(title: str, length: float | None) -> str:
    """The title a playlist shows: the script's, with the length when the batch made several
    (``Gentle Hips (20 min)``), so a player's list tells them apart."""
    if not length:
        return title
    minutes, seconds = divmod(round(length), 60)
    return f"{title} ({minutes} min)" if not seconds else f"{title} ({minutes}:{seconds:02d})"


def seed_of(job: Job) -> int | None:
    """The wording's seed: the row's, for a script row (a composed row's seed chose the script)."""
    if job.row is None or job.row.choices is not None:
        return None
    return job.row.seed
