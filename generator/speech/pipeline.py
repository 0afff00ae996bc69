"""Texts → mix-ready clips in a ``ClipStore``: each sentence spoken once (speech cache), made
ready for the mix once (``generator.speech.prepare``, remembered in the prepared-clip cache, keyed
by the spoken samples) and measured once (clip info in the same cache).

A voice in other processes (pyttsx3, espeak-ng) leaves this one free, so clips are prepared on
threads while the next ones are spoken; an in-process voice (Piper) already uses every core and
speaks in turn."""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing

import numpy as np

from generator import hooks
from generator.speech.batch import SpeechTally, synthesize_each
from generator.speech.cache import SpeechCache
from generator.speech.clips import ClipStore, StoredClip
from generator.speech.engine import Clip, Voice

PREPARED_VERSION = "prepared-v5"  # v5: de-essed

Progress = Callable[[int, int], None]  # (done, total)


class ClipMaker:
    """Makes the clips a plan needs, on demand, into ``store``."""

    def __init__(
        self,
        voice: Voice,
        cache: SpeechCache,
        store: ClipStore,
        jobs: int = 2,
        progress: Progress | None = None,
        speak: bool = True,
    ) -> None:
        """Without ``speak``, only cached sentences are made; ``missing`` lists the others as
        (speech-cache key, text), in the order they were asked for."""
        self.voice = voice
        self.speak = speak
        self.missing: dict[str, str] = {}  # key -> text
        self.cache = cache
        self.store = store
        self.jobs = jobs
        self.progress = progress
        self.tally = SpeechTally()  # said once, by the caller, however often make() is asked

    def make(self, texts: list[str]) -> None:
        """Every text in ``texts`` not yet in the store, spoken, prepared and stored."""
        todo = [t for t in dict.fromkeys(texts) if t not in self.store]
        if not todo:
            return
        if not self.speak:
            missing: list[tuple[str, str]] = []
            for given, clip in synthesize_each(
                self.voice, todo, self.cache, 1, None, self.tally, missing=missing
            ):
                self.store.add(given, *self._stored(clip))
            self.missing.update(missing)
            return
        # closing(): a failure here stops the speech still queued at once, not at exit
        with closing(
            synthesize_each(self.voice, todo, self.cache, self.jobs, self.progress, self.tally)
        ) as spoken:
            if not self.voice.parallel:  # it speaks in this process, on every core: in turn
                for given, clip in spoken:
                    self.store.add(given, *self._stored(clip))
                    hooks.stage("speech")
                return
            with ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="prepare") as pool:
                waiting: deque[tuple[tuple[str, ...], Future[tuple[StoredClip, np.ndarray]]]]
                waiting = deque()

                def settle(keep: int) -> None:
                    while waiting and (len(waiting) > keep or waiting[0][1].done()):
                        given, ready = waiting.popleft()
                        self.store.add(given, *ready.result())

                for given, clip in spoken:  # a few at most wait: memory stays flat
                    waiting.append((given, pool.submit(self._stored, clip)))
                    settle(2 * self.jobs)
                    hooks.stage("speech")
                settle(0)

    def _stored(self, clip: Clip) -> tuple[StoredClip, np.ndarray]:
        key, samples = self._prepared(clip)
        return self.store.store(key, samples), samples

    def _prepared(self, clip: Clip) -> tuple[str, np.ndarray]:
        """``prepare_clip`` and its cache key, remembered beside the speech cache."""
        rate = self.store.sample_rate
        digest = hashlib.sha256(np.ascontiguousarray(clip.samples, "<f4").tobytes()).hexdigest()
        key = self.store.cache.key(f"{PREPARED_VERSION}:{clip.sample_rate}:{rate}", digest)
        hit = self.store.cache.get(key)
        if hit is not None and hit.sample_rate == rate:
            return key, np.asarray(hit.samples, dtype=np.float32)
        return key, prepare_clip(clip.samples, clip.sample_rate, rate)


def prepare_clip(samples: np.ndarray, rate: int, sample_rate: int) -> np.ndarray:
    """``generator.speech.prepare.prepare_clip``, imported when first needed: its filters load
    scipy, which a warm ``plan`` never needs."""
    from generator.speech import prepare

    return prepare.prepare_clip(samples, rate, sample_rate)
