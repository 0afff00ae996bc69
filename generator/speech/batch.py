"""Speak every text of a session once: cache hits first, then the misses, in parallel when safe."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed

from generator.speech.cache import SpeechCache
from generator.speech.engine import Clip, Voice, check_text

log = logging.getLogger(__name__)


def synthesize_all(
    voice: Voice,
    texts: Iterable[str],
    cache: SpeechCache,
    jobs: int = 2,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[str, Clip]:
    """A clip for every text (keyed by the text as given), each distinct text spoken once.

    Every text is checked before anything is spoken. Misses run on ``jobs`` threads when the
    voice is ``parallel`` (each pyttsx3/espeak-ng clip is its own process); Piper runs in this
    process, one clip at a time. ``on_progress(done, total)`` counts distinct texts, hits included.
    The first failure cancels the clips not yet started and is raised.
    """
    given = list(dict.fromkeys(texts))
    clean = {text: check_text(text) for text in given}
    unique = list(dict.fromkeys(clean.values()))
    total = len(unique)
    cache.reset_counters()
    voice_key = voice.cache_key()
    clips: dict[str, Clip] = {}

    def done(text: str, clip: Clip) -> None:
        clips[text] = clip
        if on_progress is not None:
            on_progress(len(clips), total)

    todo: list[str] = []
    for text in unique:
        clip = cache.get(cache.key(voice_key, text))
        if clip is None:
            todo.append(text)
        else:
            done(text, clip)

    def speak(text: str) -> Clip:
        clip = voice.synthesize(text)
        cache.put(cache.key(voice_key, text), clip)
        return clip

    workers = max(1, min(jobs, len(todo))) if voice.parallel else 1
    if workers == 1:
        for text in todo:
            done(text, speak(text))
    else:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="speech") as pool:
            futures: dict[Future[Clip], str] = {pool.submit(speak, text): text for text in todo}
            try:
                for future in as_completed(futures):
                    done(futures[future], future.result())
            except BaseException:
                for future in futures:
                    future.cancel()
                raise

    engines = Counter(clips[text].engine for text in todo)
    log.info(
        "speech: %d distinct texts, %d from cache, %d spoken%s",
        total,
        total - len(todo),
        len(todo),
        f" ({', '.join(f'{n} by {e}' for e, n in sorted(engines.items()))})" if engines else "",
    )
    return {text: clips[clean[text]] for text in given}
