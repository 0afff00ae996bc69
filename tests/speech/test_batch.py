"""synthesize_all: each distinct text once, in parallel when the voice allows, failures surface."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from fake_voice import FakeVoice

from generator.errors import EngineError, InputError
from generator.speech.batch import synthesize_all
from generator.speech.cache import SpeechCache
from generator.speech.engine import Clip, said_aloud

TEXTS = [f"Breath number {word} is slow." for word in ("one", "two", "three", "four", "five")]


def test_duplicates_are_spoken_once_and_every_given_text_is_returned(tmp_path: Path) -> None:
    voice = FakeVoice()
    given = ["Rest here.", "Breathe.", "Rest here.", "  Rest   here. "]
    clips = synthesize_all(voice, given, SpeechCache(tmp_path))
    assert sorted(voice.spoken) == ["Breathe.", "Rest here."]
    assert set(clips) == set(given)
    assert clips["  Rest   here. "] is clips["Rest here."]


def test_clip_lengths_are_exact_with_the_fake_voice(tmp_path: Path) -> None:
    voice = FakeVoice(rate=120)
    clips = synthesize_all(voice, ["One two three."], SpeechCache(tmp_path))
    assert clips["One two three."].samples.size == 3 * 22050 // 2  # 3 words at 2 words/s


def test_progress_counts_what_is_spoken_now(tmp_path: Path) -> None:
    """Cache hits are not progress: a warm run reports nothing, a half-warm one its misses."""
    cache = SpeechCache(tmp_path)
    synthesize_all(FakeVoice(), TEXTS[:2], cache)
    seen: list[tuple[int, int]] = []
    synthesize_all(FakeVoice(), TEXTS, cache, on_progress=lambda d, t: seen.append((d, t)))
    assert seen == [(n, 3) for n in range(1, 4)]
    assert (cache.hits, cache.misses) == (2, 3)
    seen.clear()
    synthesize_all(FakeVoice(), TEXTS, cache, on_progress=lambda d, t: seen.append((d, t)))
    assert seen == []


class MeetingVoice(FakeVoice):
    """Records its threads; with ``meet``, a clip only finishes when two are in flight at once."""

    def synthesize(self, text: str) -> Clip:
        THREADS.add(threading.current_thread().name)
        if self.name == "meet":
            BARRIER.wait()
        return super().synthesize(text)


THREADS: set[str] = set()
BARRIER = threading.Barrier(2, timeout=5)


def test_parallel_voices_use_several_threads(tmp_path: Path) -> None:
    THREADS.clear()
    clips = synthesize_all(MeetingVoice(name="meet"), TEXTS[:4], SpeechCache(tmp_path), jobs=2)
    assert len(clips) == 4 and len(THREADS) == 2


def test_in_process_voices_run_one_at_a_time_in_the_caller(tmp_path: Path) -> None:
    THREADS.clear()
    synthesize_all(MeetingVoice(parallel=False), TEXTS, SpeechCache(tmp_path), jobs=4)
    assert {threading.current_thread().name} == THREADS


@pytest.mark.parametrize("jobs", [1, 3], ids=["serial", "parallel"])
def test_a_failure_is_raised_and_good_clips_stay_cached(tmp_path: Path, jobs: int) -> None:
    cache = SpeechCache(tmp_path)
    voice = FakeVoice(fail_on=frozenset({TEXTS[2]}))
    with pytest.raises(EngineError, match="fake failure"):
        synthesize_all(voice, TEXTS, cache, jobs=jobs)
    synthesize_all(FakeVoice(), TEXTS, cache)
    assert cache.hits >= (2 if jobs == 1 else 1)


def test_every_text_is_checked_before_anything_is_spoken(tmp_path: Path) -> None:
    voice = FakeVoice()
    with pytest.raises(InputError, match="nothing to speak"):
        synthesize_all(voice, ["Rest here.", "..."], SpeechCache(tmp_path))
    assert voice.spoken == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("You can call Samaritans on 116 123.", "You can call Samaritans on 1 1 6, 1 2 3."),
        ("Call 988 any time.", "Call 9 8 8 any time."),
        ("Llama al 024 si lo necesitas.", "Llama al 0 2 4 si lo necesitas."),
        ("Teléfono: +34 717 003 717.", "Teléfono: + 3 4, 7 1 7, 0 0 3, 7 1 7."),
        ("Text HOME to 741741.", "Text HOME to 7 4 1 7 4 1."),
        # a message as well as a call: a tester's "mandar un mensaje al 988"
        (
            "Puedes llamar o mandar un mensaje al 988.",
            "Puedes llamar o mandar un mensaje al 9 8 8.",
        ),
        ("Send a message to 741741.", "Send a message to 7 4 1 7 4 1."),
        # years, counts, times and lengths are said as numbers
        ("In 2024 we began.", "In 2024 we began."),
        ("Breathe in for 4, hold for 7, out for 8: the 4-7-8 breath.", None),
        ("Rest here for 120 seconds, or 5 minutes.", None),
        ("Llega al 100 por cien si quieres.", None),
    ],
)
def test_a_phone_number_is_said_digit_by_digit(tmp_path: Path, text: str, said: str | None) -> None:
    """A tester's helpline, "116 123", was spoken "one hundred sixteen, one hundred
    twenty-three", which nobody can dial. The voice gets it digit by digit; the texts the
    session keeps (transcript, captions) are untouched."""
    voice = FakeVoice()
    clips = synthesize_all(voice, [text], SpeechCache(tmp_path))
    assert voice.spoken == [said or text] and set(clips) == {text}
    # a cluster worker is handed the text as read: reading it again changes nothing
    assert said_aloud(said or text) == (said or text)
