"""Speak every text of a session once: cache hits first, then the misses, in parallel when safe."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from generator import hooks
from generator.speech.cache import SpeechCache
from generator.speech.engine import Clip, Voice, check_text, said_aloud

log = logging.getLogger(__name__)


def synthesize_all(
    voice: Voice,
    texts: Iterable[str],
    cache: SpeechCache,
    jobs: int = 2,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[str, Clip]:
    """A clip for every text (keyed by the text as given), each distinct text spoken once."""
    return {
        text: clip
        for given, clip in synthesize_each(voice, texts, cache, jobs, on_progress)
        for text in given
    }


def synthesize_each(
    voice: Voice,
    texts: Iterable[str],
    cache: SpeechCache,
    jobs: int = 2,
    on_progress: Callable[[int, int], None] | None = None,
    tally: SpeechTally | None = None,
    missing: list[tuple[str, str]] | None = None,
) -> Iterator[tuple[tuple[str, ...], Clip]]:
    """Each distinct text's clip as soon as it is ready, with every given text it answers
    (texts that differ only in spacing share one clip). A caller that keeps only what it needs
    from each clip holds one clip at a time, not a session's worth.

    Every text is checked before anything is spoken. Misses run on ``jobs`` threads when the
    voice is ``parallel`` (each pyttsx3/espeak-ng clip is its own process); Piper runs in this
    process, one clip at a time. ``on_progress(done, total)`` counts the texts spoken now (cache
    hits are not reported: a warm run reports nothing). The counts go into ``tally`` when one is
    given (a caller that asks several times says them once), else to the log.
    The first failure cancels the clips not yet started and is raised. Given a ``missing``
    list, nothing is spoken: the texts not in the cache go into it as (cache key, text) instead.
    """
    given = list(dict.fromkeys(texts))
    # a phone number digit by digit for a synthetic voice; a recording is of the words as written
    read = (lambda t: t) if voice.engine == "recorded" else said_aloud
    clean = {text: read(check_text(text)) for text in given}
    answers: dict[str, list[str]] = {}
    for text in given:
        answers.setdefault(clean[text], []).append(text)
    unique = list(answers)
    total = len(unique)
    cache.reset_counters()
    voice_keys = keys_of(voice, unique, cache)
    finished = 0
    engines: Counter[str] = Counter()

    def done(text: str, clip: Clip, spoken: bool) -> tuple[tuple[str, ...], Clip]:
        nonlocal finished
        if spoken:
            finished += 1
            if on_progress is not None:
                on_progress(finished, len(todo))
        return tuple(answers[text]), clip

    todo: list[str] = []
    for text in unique:
        clip = cache.get(cache.key(voice_keys[text], text))
        if clip is None:
            todo.append(text)
        else:
            yield done(text, clip, False)
    if missing is not None:
        missing += [(cache.key(voice_keys[text], text), text) for text in todo]
        return

    def speak(text: str) -> Clip:
        clip = voice.synthesize(text)
        key = cache.key(voice_keys[text], text)
        cache.put(key, clip)
        hooks.note("spoken", key)
        return clip

    workers = max(1, min(jobs, len(todo))) if voice.parallel else 1
    if workers == 1:
        for text in todo:
            clip = speak(text)
            engines[clip.engine] += 1
            yield done(text, clip, True)
    else:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="speech") as pool:
            futures: dict[Future[Clip], str] = {pool.submit(speak, text): text for text in todo}
            try:
                for future in as_completed(futures):
                    clip = future.result()
                    engines[clip.engine] += 1
                    yield done(futures[future], clip, True)
            except BaseException:
                for future in futures:
                    future.cancel()
                raise

    mine = tally if tally is not None else SpeechTally()
    mine.add(total, len(todo), engines)
    if tally is None:
        mine.log()


def keys_of(voice: Voice, texts: list[str], cache: SpeechCache) -> dict[str, str]:
    """Each text's voice key in the speech cache: ``voice.cache_key()``, or, from a voice whose
    clips depend on more than its settings (recordings: each file's content, and a fallback
    voice for lines not recorded), its ``cache_keys(texts, cache)``, asked once before anything
    is spoken, so it can check what it will read (and keep what it read in ``cache``)."""
    per_text = getattr(voice, "cache_keys", None)
    if per_text is not None:
        return per_text(texts, cache)
    key = voice.cache_key()
    return dict.fromkeys(texts, key)


@dataclass
class SpeechTally:
    """How many distinct texts a render asked for, how many came from the cache, who spoke."""

    total: int = 0
    spoken: int = 0
    engines: Counter[str] = field(default_factory=Counter)

    def add(self, total: int, spoken: int, engines: Counter[str]) -> None:
        self.total += total
        self.spoken += spoken
        self.engines.update(engines)

    def log(self) -> None:
        by = ", ".join(f"{n} by {e}" for e, n in sorted(self.engines.items()))
        log.info(
            "speech: %d distinct texts, %d from cache, %d spoken%s",
            self.total, self.total - self.spoken, self.spoken, f" ({by})" if by else "",
        )  # fmt: skip
