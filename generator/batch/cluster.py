"""A batch on a Dask cluster (``holdspace batch --cluster tcp://HOST:8786``): the same jobs and the
same tracks as a local batch, byte for byte, spread over every worker.

1. Check the workers: each runs the same holdspace (the same code, so the same bytes) and sees
   the speech cache and the output folder at the paths this machine gives.
2. Speech, once: every job says which sentences the shared speech cache lacks (planning with the
   lengths it has, speaking nothing); the union is split into chunks, each sentence in exactly
   one, spoken across the cluster; asked again, the jobs name any sentence the real lengths
   brought in, until none is missing. No sentence is synthesized twice, which matters beyond
   time: Piper never says a sentence twice in exactly the same way.
3. Render: every track in parallel, reading the cache. A worker lost mid-track (killed, out of
   memory) is the scheduler's to retry elsewhere; the killed render's hidden temp files are
   cleared at the end. Results come back in the manifest's order.

Tasks hold a per-process lock, so a worker started with several threads still renders one track at
a time (a render already uses the cores it needs): start workers with ``--nthreads 1``.
Ctrl-C sets a stop event every task checks; the client waits for them to stop cleanly."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.metadata
import math
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator import heap, hooks
from generator.batch import work
from generator.batch.jobs import Job, Outcome
from generator.errors import BatchInterrupted, InputError, Interrupted
from generator.interrupts import signals_ignored

OnDone = Callable[[str, int, int], None]
SPEECH_ROUNDS = 4  # rounds of "what is missing?"; the second almost always finds nothing
CHUNKS_PER_WORKER = 4  # speech chunks per worker: small enough to spread, big enough to batch
CONNECT_S = 10
WORKERS_S = 30  # how long to wait for a scheduler's first worker
STOP_POLL_S = 1.0
STOP_WAIT_S = 120  # after Ctrl-C, how long running tasks have to stop

_lock = threading.Lock()  # one holdspace task at a time in a worker process


def run(
    jobs: list[Job],
    fmt: object,
    address: str,
    cache_root: Path,
    out_dir: Path,
    on_done: OnDone | None = None,
) -> list[Outcome]:
    """Every job's outcome, in order. Ctrl-C: ``BatchInterrupted`` with the tracks written."""
    client = connect(address)
    batch = _Batch(client, cache_root, uuid.uuid4().hex[:12], on_done)
    remote = {_absolute(job): job for job in jobs}  # a worker's working folder is its own
    try:
        check_workers(client, address, cache_root, out_dir, batch.token)
        try:
            batch.render(batch.speech(list(remote)), fmt)
        except KeyboardInterrupt:
            with signals_ignored():  # a second Ctrl-C must not leave tasks running
                batch.stop()
            done = [_as_given(o, remote) for o in batch.outcomes.values() if o.ok]
            raise BatchInterrupted(done) from None
        finally:
            clear_temp_files(jobs)
    finally:
        _remove_probes(cache_root, out_dir, batch.token)
        client.close()
    return [_as_given(batch.outcomes[j], remote) for j in remote]


def _absolute(job: Job) -> Job:
    """``job`` with every path absolute, as a worker elsewhere needs it."""
    row = job.row
    if row is not None:
        bed_file = row.bed_file.absolute() if row.bed_file else None
        row = dataclasses.replace(row, manifest=row.manifest.absolute(), bed_file=bed_file)
    script = job.script.absolute() if job.script else None
    return dataclasses.replace(job, script=script, output=job.output.absolute(), row=row)


def _as_given(outcome: Outcome, remote: dict[Job, Job]) -> Outcome:
    """The outcome for the job as the user gave it, its paths in its message spelled the same
    way, so the summary is the local run's, byte for byte."""
    job = remote[outcome.job]
    message = outcome.message
    for given, sent in _paths(job, outcome.job):
        if given != sent:
            message = message.replace(str(sent), str(given))
    return dataclasses.replace(outcome, job=job, message=message)


def _paths(given: Job, sent: Job) -> list[tuple[Path, Path]]:
    pairs = [(given.output, sent.output)]
    if given.script and sent.script:
        pairs.append((given.script, sent.script))
    if given.row and sent.row:
        pairs.append((given.row.manifest, sent.row.manifest))
        if given.row.bed_file and sent.row.bed_file:
            pairs.append((given.row.bed_file, sent.row.bed_file))
    return sorted(pairs, key=lambda pair: -len(str(pair[1])))  # longest first


def connect(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise InputError(
            f"--cluster {address}: Dask's distributed package is not installed here; install "
            "it with: pip install 'holdspace[cluster]' (on this machine and every worker)"
        ) from None

    try:
        client = Client(address, timeout=f"{CONNECT_S}s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(
            f"--cluster {address}: no Dask scheduler answers there ({_short(exc)}); start one "
            "with `dask scheduler` and give its address (docs/batch.md)"
        ) from None
    try:
        client.wait_for_workers(1, timeout=WORKERS_S)
    except TimeoutError:
        client.close()
        raise InputError(
            f"--cluster {address}: the scheduler has no workers after {WORKERS_S} s; start "
            f"some with `dask worker {address} --nthreads 1` (docs/batch.md)"
        ) from None
    return client


def check_workers(client: Any, address: str, cache_root: Path, out_dir: Path, token: str) -> None:
    """Refuse, before any work, a worker that runs other holdspace code or cannot see the cache
    or the output folder where this machine has them."""
    for folder in (cache_root, out_dir):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / _probe_name(token)).write_text(token, encoding="utf-8")
    wanted = code_fingerprint()
    answers = client.run(_worker_check, str(cache_root), str(out_dir), token)
    for worker, (fingerprint, problem) in sorted(answers.items()):
        if fingerprint != wanted:
            raise InputError(
                f"--cluster {address}: worker {worker} runs different holdspace code "
                f"({fingerprint}; this machine {wanted}), so its tracks would differ; install "
                "the same holdspace on every worker"
            )
        if problem:
            raise InputError(f"--cluster {address}: worker {worker} {problem}")


def code_fingerprint() -> str:
    """holdspace's version and a hash of its code and data: equal means the same tracks."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".yaml", ".json", ".js", ".css", ".html") and path.is_file():
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    try:
        version = importlib.metadata.version("holdspace")
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    return f"{version}+{digest.hexdigest()[:12]}"


def clear_temp_files(jobs: list[Job]) -> None:
    """Hidden temp files a killed worker left beside this run's tracks (renders that finished or
    stopped cleanly remove their own)."""
    from generator.output.files import remove_temp_files
    from generator.output.paths import render_files

    for job in jobs:
        for target in render_files(job.output).all():
            remove_temp_files(target)


# --- the stages, on the client ----------------------------------------------------------------


class _Batch:
    """One run on the cluster: its tasks, their answers, and the stop event."""

    def __init__(self, client: Any, cache_root: Path, token: str, on_done: OnDone | None) -> None:
        from distributed import Event

        self.client = client
        self.cache_root = cache_root
        self.token = token
        self.on_done = on_done
        self.outcomes: dict[Job, Outcome] = {}
        self.futures: list[Any] = []
        self.event = Event(f"holdspace-stop-{token}", client=client)

    def submit(self, task: Callable, *args: Any) -> Any:
        future = self.client.submit(task, *args, self.cache_root, self.token, pure=False)
        self.futures.append(future)
        return future

    def speech(self, jobs: list[Job]) -> list[Job]:
        """Speak every sentence the jobs need, each once; the jobs that can be rendered."""
        pending = list(jobs)
        spoken = total = 0
        workers = max(1, len(self.client.scheduler_info()["workers"]))
        for rounds in range(SPEECH_ROUNDS):
            last = rounds == SPEECH_ROUNDS - 1
            futures = [self.submit(_needs_task, job) for job in pending]
            missing: dict[str, tuple[str, Job]] = {}  # cache key -> (text, a job in that voice)
            still = []
            for job, future in zip(pending, futures, strict=True):
                answer = _result(future)
                if not isinstance(answer, work.Needs):
                    self.outcomes[job] = _failed(job, answer)
                elif answer.missing and not last:
                    for key, text in answer.missing:
                        missing.setdefault(key, (text, job))
                    still.append(job)
            if not missing:
                break  # what is left after the last round, render speaks (never seen so far)
            total += len(missing)
            chunks = _chunks(missing, workers * CHUNKS_PER_WORKER)
            futures = [self.submit(_speak_task, job, texts) for job, texts in chunks]
            for (job, texts), future in zip(chunks, futures, strict=True):
                answer = _result(future)
                if not isinstance(answer, int):
                    self.outcomes.setdefault(job, _failed(job, answer))
                spoken += len(texts)
                if self.on_done:
                    self.on_done("speech", spoken, total)
            pending = still
        return [j for j in jobs if j not in self.outcomes]

    def render(self, jobs: list[Job], fmt: object) -> None:
        from distributed import as_completed

        futures = {self.submit(_render_task, job, fmt): job for job in jobs}
        for n, future in enumerate(as_completed(futures, loop=self.client.loop), 1):
            job = futures[future]
            answer = _result(future)
            self.outcomes[job] = answer if isinstance(answer, Outcome) else _failed(job, answer)
            hooks.stage("batch-track")
            if self.on_done:
                self.on_done("render", n, len(futures))

    def stop(self) -> None:
        """Ctrl-C: every task, queued or running, stops cleanly; wait until they have, and keep
        the tracks that were finished by then."""
        import time

        self.event.set()
        deadline = time.monotonic() + STOP_WAIT_S
        for future in self.futures:  # each with its own client: no default client is set
            # a task that failed or did not stop in time is simply not kept
            with contextlib.suppress(Exception):
                future.result(timeout=max(0.0, deadline - time.monotonic()))
        for future in self.futures:
            if future.done() and future.status == "finished":
                answer = future.result()
                if isinstance(answer, Outcome) and answer.ok:
                    self.outcomes[answer.job] = answer


def _chunks(missing: dict[str, tuple[str, Job]], count: int) -> list[tuple[Job, list[str]]]:
    """The missing sentences in about ``count`` chunks, each spoken in one voice (a chunk holds
    sentences first asked for by one job), each sentence in exactly one chunk."""
    by_job: dict[Job, list[str]] = {}
    for text, job in missing.values():
        by_job.setdefault(job, []).append(text)
    size = max(1, math.ceil(len(missing) / max(1, count)))
    return [
        (job, texts[i : i + size])
        for job, texts in by_job.items()
        for i in range(0, len(texts), size)
    ]


def _result(future: Any) -> Any:
    """The task's answer, or the exception that ended it (a lost worker, once retries ran out)."""
    try:
        return future.result()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - every failure becomes that job's one line
        return exc


def _failed(job: Job, error: Any) -> Outcome:
    if isinstance(error, Outcome):
        return error
    name = type(error).__name__
    if name == "KilledWorker":
        return Outcome(
            job, False,
            "the workers rendering this track kept stopping (out of memory?); it was tried on "
            "several and not written",
        )  # fmt: skip
    return Outcome(job, False, f"cluster error: {name}: {_short(error)}")


def _probe_name(token: str) -> str:
    return f".holdspace-cluster-{token}.probe"


def _remove_probes(cache_root: Path, out_dir: Path, token: str) -> None:
    for folder in (cache_root, out_dir):
        (folder / _probe_name(token)).unlink(missing_ok=True)


def _short(exc: BaseException, limit: int = 160) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the tasks, on the workers ----------------------------------------------------------------


def _worker_check(cache_root: str, out_dir: str, token: str) -> tuple[str, str]:
    """(code fingerprint, problem or "") on a worker."""
    from generator.output.files import probe_writable

    for what, folder in (("the speech cache", cache_root), ("the output folder", out_dir)):
        probe = Path(folder) / _probe_name(token)
        try:
            seen = probe.read_text(encoding="utf-8") == token
        except OSError:
            seen = False
        if not seen:
            return code_fingerprint(), (
                f"cannot see {what} at {folder}; it must be a folder every worker shares at the "
                "same path (pass --cache and -o on a shared filesystem, docs/batch.md)"
            )
        try:
            probe_writable(Path(folder))
        except OSError as exc:
            return code_fingerprint(), f"cannot write to {what} at {folder} ({exc.strerror})"
    return code_fingerprint(), ""


def _stopped(token: str) -> bool:
    from distributed import Event

    return Event(f"holdspace-stop-{token}").is_set()


def _needs_task(job: Job, cache_root: Path, token: str) -> work.Needs | Outcome:
    with _lock:
        if _stopped(token):
            return Outcome(job, False, "interrupted")
        return work.needs(job, cache_root)


def _speak_task(job: Job, texts: list[str], cache_root: Path, token: str) -> int | Outcome:
    heap.allocate_as_usual()
    with _lock:
        if _stopped(token):
            return Outcome(job, False, "interrupted")
        try:
            return work.speak(job, texts, cache_root, keep=True)
        except Exception as exc:  # noqa: BLE001 - the job's own render will say it again
            return Outcome(job, False, str(exc))


def _render_task(job: Job, fmt: object, cache_root: Path, token: str) -> Outcome:
    heap.allocate_as_usual()  # a Dask worker's environment slows large allocations
    with _lock:
        watch = _Watch(token)
        if watch.stopped():
            return Outcome(job, False, "interrupted")
        return work.render_job(job, fmt, cache_root, watch.check)


class _Watch:
    """Asks the scheduler, at most once a second, whether the client pressed Ctrl-C."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.last = 0.0

    def stopped(self) -> bool:
        return _stopped(self.token)

    def check(self, stage: str, done: int, total: int) -> None:
        import time

        now = time.monotonic()
        if now - self.last < STOP_POLL_S:
            return
        self.last = now
        if self.stopped():
            raise Interrupted("interrupted")
