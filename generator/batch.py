"""``holdspace batch``: many scripts × lengths, rendered in parallel processes, with a playlist.

Speech is synthesized first, in this process, for every job: the workers then only read the
cache, so each track has exactly the bytes a single ``holdspace render`` would give (Piper does not
repeat itself exactly between fresh syntheses, so two workers must never both synthesize one
sentence).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import stat
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import hooks
from generator.errors import BatchInterrupted, HoldspaceError, InputError, LengthOutOfReach
from generator.output.files import atomic_write_text, probe_writable
from generator.output.paths import render_files, same_file, session_inputs, slug

PLAYLIST = "playlist.m3u8"


@dataclass(frozen=True)
class Job:
    script: Path
    output: Path
    length: float | None


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
    _refuse_overwriting_inputs(out_dir, list(owner), inputs)
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


def _refuse_overwriting_inputs(
    out_dir: Path, tracks: list[Path], inputs: list[tuple[Path, str, Path]]
) -> None:
    written = [out_dir / PLAYLIST]
    for track in tracks:
        written += render_files(track).all()
    for path in written:
        for source, kind, script in inputs:
            if same_file(path, source):
                what = f"the script {script}" if kind == "script" else f"the {kind} of {script}"
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


def prepare(job: Job) -> Outcome | None:
    """Validate, lint and synthesize everything ``job`` needs; None, or why it cannot run."""
    from generator.lint.script import lint_file
    from generator.render.prepare import Prepared
    from generator.script.load import load_session

    try:
        session = load_session(job.script)
        errors = [f for f in lint_file(job.script, session) if f.level == "error"]
        if errors:
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            return Outcome(job, False, f"{errors[0]}{more}")
        Prepared(session, 44100, None, length=job.length)
    except LengthOutOfReach as exc:
        return Outcome(job, False, str(exc), skipped=True)
    except HoldspaceError as exc:
        return Outcome(job, False, str(exc))
    return None


_stopping = False  # in a worker: a stop signal came; start nothing more
_running = False  # in a worker: a render is under way (a stop signal interrupts it)


def _worker_started() -> None:
    """In each worker: Ctrl-C or SIGTERM stops the render under way (which removes its temp
    files and stops ffmpeg) and every later one, and never kills an idle worker mid-queue."""
    signal.signal(signal.SIGTERM, _worker_signal)
    signal.signal(signal.SIGINT, _worker_signal)


def _worker_signal(signum: int, frame: Any) -> None:
    global _stopping
    _stopping = True
    if _running:
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)  # idle: just leave (SystemExit releases the queue's lock)


@contextmanager
def signals_ignored() -> Iterator[None]:
    """Ctrl-C and SIGTERM ignored while an interrupted batch stops its workers and writes its
    playlist: a second Ctrl-C (or ``timeout``, which signals the process and then its group) must
    not cut that short and leave workers running or the playlist stale."""
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def render_job(job: Job, fmt: object) -> Outcome:
    """Run in a worker process: render one job (speech is already cached)."""
    global _running
    from generator.render.track import RenderOptions, render
    from generator.script.load import load_session

    if _stopping:
        return Outcome(job, False, "interrupted")
    _running = True
    try:
        session = load_session(job.script)
        result = render(
            session, RenderOptions(output=job.output, fmt=fmt, length=job.length, jobs=1)
        )  # type: ignore[arg-type]
    except HoldspaceError as exc:
        return Outcome(job, False, str(exc))
    except Exception as exc:  # a bug in one job must not stop the others
        return Outcome(job, False, f"internal error: {type(exc).__name__}: {exc}")
    finally:
        _running = False
    seconds = result.plan.duration / result.plan.sample_rate
    return Outcome(
        job, True, "", seconds, result.size_bytes, track_title(session.title, job.length)
    )


def track_title(title: str, length: float | None) -> str:
    """The title a playlist shows: the script's, with the length when the batch made several
    (``Gentle Hips (20 min)``), so a player's list tells them apart."""
    if not length:
        return title
    minutes, seconds = divmod(round(length), 60)
    return f"{title} ({minutes} min)" if not seconds else f"{title} ({minutes}:{seconds:02d})"


def run(
    jobs: list[Job],
    fmt: object,
    workers: int,
    on_done: Callable[[str, int, int], None] | None = None,
) -> list[Outcome]:
    """Prepare every job here (speech once), then render them in worker processes. Interrupted,
    it stops the renders under way and raises ``Interrupted`` with the tracks already written."""
    outcomes: dict[Job, Outcome] = {}
    ready = []
    for job in jobs:
        problem = prepare(job)
        if problem:
            outcomes[job] = problem
        else:
            ready.append(job)
        if on_done:
            on_done("speech", len(outcomes) + len(ready), len(jobs))
    pool = ProcessPoolExecutor(max_workers=max(1, workers), initializer=_worker_started)
    futures: dict[Job, Future[Outcome]] = {}
    try:
        futures = {job: pool.submit(render_job, job, fmt) for job in ready}
        for i, (job, future) in enumerate(futures.items()):
            outcomes[job] = future.result()
            hooks.stage("batch-track")
            if on_done:
                on_done("render", i + 1, len(futures))
    except KeyboardInterrupt:
        with signals_ignored():
            for future in futures.values():
                future.cancel()
            for process in multiprocessing.active_children():  # the pool's workers
                process.terminate()  # their handler stops the render under way, cleanly
            pool.shutdown(wait=True, cancel_futures=True)
        finished = [
            f.result()
            for f in futures.values()
            if f.done() and not f.cancelled() and not f.exception()
        ]
        raise BatchInterrupted([o for o in finished if o.ok]) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [outcomes[j] for j in jobs]


def _entry(o: Outcome, folder: Path) -> tuple[str, str]:
    """(file relative to the playlist's folder, its ``#EXTINF`` line)."""
    return os.path.relpath(o.job.output, folder), f"#EXTINF:{round(o.duration_s)},{o.title}"


def _write(path: Path, entries: dict[str, str]) -> None:
    lines = ["#EXTM3U"]
    for rel, info in entries.items():
        lines += [info, rel]
    atomic_write_text(path, "\n".join(lines) + "\n")


def write_playlist(path: Path, outcomes: list[Outcome]) -> None:
    """An extended M3U (UTF-8) of the tracks made, relative to the playlist's folder, each once."""
    entries: dict[str, str] = {}
    for o in outcomes:
        if o.ok:
            rel, info = _entry(o, path.parent)
            entries[rel] = info
    _write(path, entries)


def update_playlist(path: Path, finished: list[Outcome]) -> None:
    """After an interrupt: the finished tracks' entries replace their old ones (or are added),
    the entries of tracks not reached stay (their files are untouched), and an entry whose file is
    gone is dropped, so the playlist describes exactly the tracks in the folder."""
    entries: dict[str, str] = {}
    try:
        old = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        old = []
    info = ""
    for line in old:
        if line.startswith("#EXTINF:"):
            info = line
        elif line.strip() and not line.startswith("#"):
            entries[line] = info or "#EXTINF:-1,"
            info = ""
    for o in finished:
        rel, line = _entry(o, path.parent)
        entries[rel] = line
    _write(path, {rel: i for rel, i in entries.items() if (path.parent / rel).is_file()})
