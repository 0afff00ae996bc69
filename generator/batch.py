"""``holdspace batch``: many scripts × lengths, rendered in parallel processes, with a playlist.

Speech is synthesized first, in this process, for every job: the workers then only read the
cache, so each track has exactly the bytes a single ``holdspace render`` would give (Piper does not
repeat itself exactly between fresh syntheses, so two workers must never both synthesize one
sentence).
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.errors import HoldspaceError, InputError, LengthOutOfReach


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
    """Scripts named directly, and every ``*.yaml`` in folders named, in a stable order."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml"))
        elif p.exists():
            found.append(p)
        else:
            raise InputError(f"{p}: no such script or folder")
    if not found:
        raise InputError("no scripts found; name .yaml files or folders that hold them")
    return list(dict.fromkeys(found))


def plan_jobs(scripts: list[Path], out_dir: Path, lengths: list[float | None]) -> list[Job]:
    from generator.load import load_session
    from generator.render import slug

    jobs = []
    for script in scripts:
        try:
            name = slug(load_session(script).title)
        except HoldspaceError:
            name = slug(script.stem)
        for length in lengths:
            suffix = f"-{round(length / 60)}m" if length else ""
            jobs.append(Job(script, out_dir / f"{name}{suffix}.mp3", length))
    return jobs


def prepare(job: Job) -> Outcome | None:
    """Validate, lint and synthesize everything ``job`` needs; None, or why it cannot run."""
    from generator.lint import lint_file
    from generator.load import load_session
    from generator.render import Prepared

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


def render_job(job: Job, fmt: object) -> Outcome:
    """Run in a worker process: render one job (speech is already cached)."""
    from generator.load import load_session
    from generator.render import RenderOptions, render

    try:
        session = load_session(job.script)
        result = render(
            session, RenderOptions(output=job.output, fmt=fmt, length=job.length, jobs=1)
        )  # type: ignore[arg-type]
    except HoldspaceError as exc:
        return Outcome(job, False, str(exc))
    except Exception as exc:  # a bug in one job must not stop the others
        return Outcome(job, False, f"internal error: {type(exc).__name__}: {exc}")
    seconds = result.plan.duration / result.plan.sample_rate
    return Outcome(job, True, "", seconds, result.size_bytes, session.title)


def run(jobs: list[Job], fmt: object, workers: int, on_done=None) -> list[Outcome]:
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
    with ProcessPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {job: pool.submit(render_job, job, fmt) for job in ready}
        for i, (job, future) in enumerate(futures.items()):
            outcomes[job] = future.result()
            if on_done:
                on_done("render", i + 1, len(futures))
    return [outcomes[j] for j in jobs]


def write_playlist(path: Path, outcomes: list[Outcome]) -> None:
    """An extended M3U (UTF-8) of the tracks made, relative to the playlist's folder."""
    from generator.sidecars import atomic_write_text

    lines = ["#EXTM3U"]
    for o in outcomes:
        if o.ok:
            rel = os.path.relpath(o.job.output, path.parent)
            lines += [f"#EXTINF:{round(o.duration_s)},{o.title}", rel]
    atomic_write_text(path, "\n".join(lines) + "\n")
