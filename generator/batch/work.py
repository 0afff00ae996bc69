"""What a batch does for one job, wherever it runs (this process, a local worker process, a
cluster worker): check it, find the sentences it needs, speak some sentences, render it.

Every function returns an ``Outcome`` for a job that cannot be made instead of raising: one bad
job never stops the others, and its one-line error reaches the summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.batch.jobs import Job, Outcome, seed_of
from generator.batch.listener import caution_refusals, listener_findings
from generator.batch.sources import load_source, session_for
from generator.errors import AND_ALSO, HoldspaceError, LengthOutOfReach
from generator.lint.catalog import AGAINST_CAUTION
from generator.script.model import Session

Progress = Callable[[str, int, int], None]

SAMPLE_RATE = 44100  # sentences are found and measured at the rate every batch track is made at


def checked(job: Job) -> Session | Outcome:
    """The job's session, linted as ``render`` lints (an error refuses it) and with the row's
    listener words linted at the row's line; or the Outcome that says why it cannot be made."""
    session, errors = _refusals(job)
    if session is None or errors:
        return Outcome(job, False, _named(job, errors))
    return session


def _refusals(job: Job) -> tuple[Session | None, list[str]]:
    """The job's session (None if it cannot be read) and the lint errors that refuse it."""
    try:
        source = load_source(job.script, job.row)
        session = session_for(job.script, job.row)
        found = _lint(job, source)
        if job.row is not None and job.row.cautions and job.script is not None:
            # the row's caution on the script's words and poses (the script's own cautions too)
            found = [f for f in found if f.rule != AGAINST_CAUTION]
        errors = [str(f) for f in found if f.level == "error"]
        if job.row is not None:  # the row's own words too, so one run names every problem
            greeting = session.care.greeting if job.row.name else None
            errors += listener_findings(job, session.language, greeting, "error")
            errors += caution_refusals(job, session)
    except HoldspaceError as exc:
        return None, [str(exc)]
    return session, errors


def _named(job: Job, errors: list[str]) -> str:
    """Every error, the first in full and the rest by place, rule and words (the advice each
    repeats is said once): a tester's row refused for two poses named one "(and 1 more)", and
    only a second lint found the other."""
    rest = [e.removeprefix(f"{job.where}: ").split(" — ", 1)[0] for e in errors[1:]]
    return AND_ALSO.join([errors[0], *rest])


def preview(job: Job) -> Outcome:
    """What ``batch --dry-run`` says of ``job``: checked as a render checks it, its length guessed
    from its words at the voice's rate (nothing is spoken or written). A length near the edge
    of what the script can reach is for the real voice to judge, as ``lint`` leaves it."""
    from generator.plan.estimate import estimated_plan, guessed_edge
    from generator.plan.fit import as_guess, far_out_of_reach
    from generator.speech.select import check_voice

    session, errors = _refusals(job)
    if session is None:
        return Outcome(job, False, _named(job, errors))
    problems = (
        [_named(job, errors)] if errors else []
    )  # every one said, so one dry run names them all
    title = session.title
    try:
        check_voice(session.voice, session.voice.source or session.path, session.voice.line or None)
    except HoldspaceError as exc:  # a voice misspelt: the render would refuse it
        problems.append(str(exc))
    try:
        plan = estimated_plan(session, seed=seed_of(job), length=job.length)
    except LengthOutOfReach as exc:
        if far_out_of_reach(exc, session.voice):
            guess = as_guess(exc, session, job.length is not None)
            skipped = job.row is None and not problems
            return Outcome(job, False, _joined(job, [*problems, str(guess)]), skipped=skipped)
        if problems:
            return Outcome(job, False, _joined(job, problems))
        near = f"the nearest by its words is {about(exc.nearest_s)}"
        return Outcome(job, True, _maybe(exc.target_s, near), exc.nearest_s, 0, title)
    if problems:
        return Outcome(job, False, _joined(job, problems))
    target = job.length if job.length is not None else session.length
    edge = guessed_edge(session, plan, target, seed_of(job)) if target is not None else None
    if edge is not None:  # reached by the guess, but only just: the voice may not
        near = f"the {edge[0]} it can be by its words is {about(edge[1])}"
        return Outcome(job, True, _maybe(target, near), edge[1], 0, title)
    return Outcome(job, True, "", plan.duration / plan.sample_rate, 0, title)


def about(seconds: float) -> str:
    """A length guessed from words, said as a guess (to 10 s)."""
    from generator.script.text import format_duration

    return f"about {format_duration(round(seconds / 10) * 10)}"


def _maybe(target: float, near: str) -> str:
    from generator.script.text import format_duration

    return f"{format_duration(target)} may be out of reach ({near})"


def _joined(job: Job, problems: list[str]) -> str:
    """Several problems in one line, the row's place said once (at its start)."""
    return AND_ALSO.join(p.removeprefix(f"{job.where}: ") for p in problems)


def _lint(job: Job, source: Session) -> list:
    from generator.batch.sources import composed_text
    from generator.lint.script import lint_file, lint_source

    if job.script is not None:
        return lint_file(job.script, source)
    assert job.row is not None and job.row.choices is not None
    return lint_source(source, composed_text(job.row.choices))


def prepare(job: Job) -> Outcome | None:
    """Check ``job`` and speak everything it needs, here: None, or why it cannot be made (a
    length the script cannot reach is skipped, not failed)."""
    from generator.render.prepare import Prepared

    session = checked(job)
    if isinstance(session, Outcome):
        return session
    try:
        Prepared(session, SAMPLE_RATE, seed_of(job), length=job.length)
    except LengthOutOfReach as exc:  # skipped in a batch of lengths; a manifest row asked for it
        return Outcome(job, False, str(exc), skipped=job.row is None)
    except HoldspaceError as exc:
        return Outcome(job, False, str(exc))
    return None


@dataclass(frozen=True)
class Needs:
    """The sentences a job still needs spoken: (speech-cache key, text) pairs."""

    job: Job
    missing: tuple[tuple[str, str], ...]


def needs(job: Job, cache_root: Path) -> Needs | Outcome:
    """What ``job`` needs that the speech cache at ``cache_root`` lacks, found by planning with
    the cached sentences' real lengths (and guessed ones for the rest), speaking nothing. Asked
    again after the missing ones are spoken, the answer is empty once the real plan is reached."""
    from generator.render.prepare import Prepared

    session = checked(job)
    if isinstance(session, Outcome):
        return session
    try:
        prep = Prepared(
            session, SAMPLE_RATE, seed_of(job), length=job.length, cache_root=cache_root,
            speak=False,
        )  # fmt: skip
    except LengthOutOfReach as exc:  # skipped in a batch of lengths; a manifest row asked for it
        return Outcome(job, False, str(exc), skipped=job.row is None)
    except HoldspaceError as exc:
        return Outcome(job, False, str(exc))
    return Needs(job, tuple(prep.maker.missing.items()))


_kept: dict[tuple, object] = {}  # a cluster worker's voice, kept loaded between speech chunks


def speak(job: Job, texts: list[str], cache_root: Path, keep: bool = False) -> int:
    """Speak ``texts`` in ``job``'s voice into the speech cache (those not there yet) and make
    them mix-ready into the prepared-clip cache beside it, as a render would; how many were
    spoken. ``keep``: leave the voice loaded for the next chunk in the same voice (loading a
    neural voice takes about a second); ``release_voice`` lets it go before renders."""
    from generator.speech.cache import SpeechCache
    from generator.speech.clips import ClipStore
    from generator.speech.pipeline import ClipMaker
    from generator.speech.select import load_voice

    session = session_for(job.script, job.row)
    key = (session.voice, session.path)
    if key not in _kept:
        release_voice()
    voice = load_voice(
        session.voice, session.voice.source or session.path, session.voice.line or None
    )
    cache = SpeechCache(cache_root)
    store = ClipStore(SpeechCache(cache.root / "prepared"), SAMPLE_RATE)
    maker = ClipMaker(voice, cache, store, jobs=1)
    try:
        maker.make(texts)
    finally:
        if keep:
            _kept[key] = voice
        else:
            voice.release()
    return maker.tally.spoken


def release_voice() -> None:
    """Let go of a voice ``speak`` kept: a render's mix does not need its memory."""
    while _kept:
        _kept.popitem()[1].release()  # type: ignore[attr-defined]


def render_job(
    job: Job, fmt: object, cache_root: Path | None = None, progress: Progress | None = None
) -> Outcome:
    """Render ``job`` (its speech is already in the cache, normally) to its output.
    ``progress`` is called as a render calls it; raising ``Interrupted`` there stops cleanly."""
    from generator.render.track import RenderOptions, render

    release_voice()
    try:
        session = session_for(job.script, job.row)
        options = RenderOptions(
            output=job.output, fmt=fmt, length=job.length, jobs=1, seed=seed_of(job),
            cache_root=cache_root,
        )  # type: ignore[arg-type]  # fmt: skip
        result = render(session, options, progress)
    except HoldspaceError as exc:
        return Outcome(job, False, str(exc))
    except Exception as exc:  # a bug in one job must not stop the others
        return Outcome(job, False, f"internal error: {type(exc).__name__}: {exc}")
    seconds = result.plan.duration / result.plan.sample_rate
    return Outcome(job, True, "", seconds, result.size_bytes, session.title)
