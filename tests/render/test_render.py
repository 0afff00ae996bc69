"""Preparing a render: every sentence spoken once, and a failure stops the speech still queued."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pytest
from fake_voice import FakeVoice

from generator.errors import LengthOutOfReach
from generator.plan.estimate import estimated_plan
from generator.plan.planner import plan_session, session_seed
from generator.render import prepare
from generator.render import track as render_module
from generator.render.prepare import Prepared, spoken_texts
from generator.script.load import load_text
from generator.speech import pipeline

SENTENCES = [f"You might notice sentence number {n}." for n in range(30)]
SCRIPT = (
    "holdspace: 1\ntitle: Prepared\nambient: {bed: none}\ncare: {opening: false, closing: false}\n"
    "segments:\n" + "".join(f'  - speak: "{s}"\n  - pause: 5s\n' for s in SENTENCES)
)


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Nothing prepared by another test: each clip here is spoken and prepared."""
    monkeypatch.setenv("HOLDSPACE_CACHE_DIR", str(tmp_path / "cache"))


@dataclass(frozen=True)
class SlowVoice(FakeVoice):
    """The fake voice at a speed where a queue builds up, as with espeak-ng processes."""

    spoken: list[str] = field(default_factory=list, compare=False, repr=False)

    def synthesize(self, text: str):  # type: ignore[no-untyped-def]
        time.sleep(0.05)
        return super().synthesize(text)


def test_spoken_texts_are_what_the_session_says_in_order() -> None:
    session = load_text(SCRIPT)
    assert spoken_texts(session, 44100, 1) == SENTENCES


def test_every_sentence_is_spoken_once_and_ready_to_mix(monkeypatch: pytest.MonkeyPatch) -> None:
    voice = SlowVoice()
    monkeypatch.setattr(prepare, "load_voice", lambda *a, **k: voice)
    prepared = Prepared(load_text(SCRIPT), 44100, None, jobs=2)
    assert sorted(voice.spoken) == sorted(SENTENCES)
    for text in SENTENCES:  # resampled to the render's rate: 22050 -> 44100 doubles the length
        assert prepared.clips.info(text).length == pytest.approx(2 * voice.samples_for(text), abs=2)


def test_a_length_is_judged_on_the_real_voice_not_on_guessed_lengths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A quick voice makes the session shorter than word counts suggest: a length it can reach
    with its real clips must not be refused on the guess. A voice of its own pace (another Piper
    voice, recordings) may be this far from the guess; a measured one is not."""
    voice = SlowVoice(rate=300)  # 0.2 s a word; the guess before speaking is 0.45 s
    monkeypatch.setattr(prepare, "load_voice", lambda *a, **k: voice)
    written = load_text(SCRIPT)
    session = replace(written, voice=replace(written.voice, engine="recorded", folder="/x"))
    real = Prepared(session, 44100, None).plan.duration / 44100
    fitted = Prepared(session, 44100, None, length=real).plan
    assert fitted.duration / 44100 == pytest.approx(real, abs=0.5)


def test_a_length_far_out_of_reach_is_refused_before_anything_is_spoken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    voice = SlowVoice()
    monkeypatch.setattr(prepare, "load_voice", lambda *a, **k: voice)
    with pytest.raises(LengthOutOfReach, match="--length 1:00:00 is out of reach") as err:
        Prepared(load_text(SCRIPT), 44100, None, length=3600)
    assert voice.spoken == []
    # nothing was spoken, so the nearest length is a guess: said as one, to the nearest 10 s
    quoted = re.search(r"can be is about (\d+):(\d\d) \(", str(err.value))
    assert quoted and quoted.group(2).endswith("0"), err.value
    assert abs(int(quoted.group(1)) * 60 + int(quoted.group(2)) - err.value.nearest_s) <= 5


def test_the_guess_before_speaking_is_at_the_script_s_own_rate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A slow script's refusal quotes a length near its words at its own rate, as ``plan
    --estimate`` does: guessed at one pace for every rate, a ``rate: 100`` script was promised
    a length it then missed."""
    monkeypatch.setattr(prepare, "load_voice", lambda *a, **k: SlowVoice())
    slow = load_text(SCRIPT.replace("ambient:", "voice: {rate: 100}\nambient:"))
    with pytest.raises(LengthOutOfReach) as err:
        Prepared(slow, 44100, None, length=3600)
    estimate = estimated_plan(slow, 44100, seed=session_seed(slow)).duration / 44100
    assert err.value.nearest_s == pytest.approx(estimate, abs=0.5)


@pytest.mark.parametrize("parallel", [True, False])
def test_a_clip_that_cannot_be_prepared_stops_the_speech_still_queued(
    monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    voice = SlowVoice(parallel=parallel)
    monkeypatch.setattr(prepare, "load_voice", lambda *a, **k: voice)

    def broken(samples: np.ndarray, *args: object) -> np.ndarray:
        raise RuntimeError("preparing failed")

    monkeypatch.setattr(pipeline, "prepare_clip", broken)
    with pytest.raises(RuntimeError, match="preparing failed"):
        Prepared(load_text(SCRIPT), 44100, None, jobs=2)
    spoken = len(voice.spoken)
    time.sleep(1.0)  # anything still queued would be spoken by now (0.05 s a sentence, 2 at once)
    assert len(voice.spoken) == spoken
    # those being spoken when it failed and the few waiting to be prepared, not all 30 (about 4
    # on a quiet machine; the bound leaves room for a busy one)
    assert spoken <= 20


@pytest.mark.parametrize(
    ("segments", "hips", "breathing"),
    [
        (["pose: butterfly", "breath: box"], True, True),
        (
            ["pose: butterfly"],
            True,
            False,
        ),  # a tester's track without breathing was "for the breath"
        (["breath: box"], False, True),
    ],
)
def test_the_content_note_speaks_of_hips_and_breathing_only_when_the_track_has_them(
    segments: list[str], hips: bool, breathing: bool
) -> None:
    body = "".join(f"  - {segment}\n" for segment in segments)
    session = load_text(f"holdspace: 1\ntitle: T\nsegments:\n{body}")
    plan = plan_session(session, lambda text: len(text.split()) * 8000, sample_rate=8000)
    comment = render_module._tags(session, plan, "fake", (b"", "image/png")).comment
    assert ("hip" in comment.lower()) is hips
    assert ("breathing practice" in comment) is (hips and breathing)
    assert "not a replacement for care" in comment


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", ["This practice takes about ", ": butterfly and reclined figure four on each side.",
                "cushion", "notes for pregnancy"]),
        ("es", ["Esta práctica dura unos ", ": mariposa y figura de cuatro tumbada a cada lado.",
                "cojín", "embarazo"]),
    ],
)  # fmt: skip
def test_the_comment_begins_with_what_this_track_holds(language: str, said: list[str]) -> None:
    """A teacher's class saw one description for every episode: each track's comment (a feed's
    episode description) starts with its own shapes, length, props and notes."""
    session = load_text(
        f"holdspace: 1\ntitle: T\nlanguage: {language}\ncare: {{cautions: [pregnancy]}}\n"
        "segments:\n  - pose: butterfly\n  - pose: reclined_figure_four\n"
    )
    plan = plan_session(session, lambda text: len(text.split()) * 8000, sample_rate=8000)
    comment = render_module._tags(session, plan, "fake", (b"", "image/png")).comment
    assert comment.startswith(said[0]), comment
    first = comment.split(". ")[0]
    assert said[1] in comment and all(word in comment for word in said[2:]), comment
    minutes = int(first.removeprefix(said[0]).split()[0])
    assert abs(minutes * 60 - plan.duration / plan.sample_rate) <= 30


def _comment_and_plan(session):  # noqa: ANN001, ANN202
    """The MP3 comment a render gives ``session`` (a fake voice, words timed by count)."""
    plan = plan_session(session, lambda text: len(text.split()) * 8000, sample_rate=8000)
    return render_module._tags(session, plan, "fake", (b"", "image/png")).comment, plan


def test_the_comment_gives_the_helpline_in_writing_after_the_care_note() -> None:
    """A helpline said once near the end of a 16-minute track was nowhere on the page or in the
    feed: a listener who needs it should not have to catch it by ear."""
    session = load_text(
        "holdspace: 1\ntitle: T\ncare: {resource: In the UK you can call Samaritans on 116 123}\n"
        "segments:\n  - pose: butterfly\n"
    )
    comment, _ = _comment_and_plan(session)
    care = comment.index("not a replacement for care")
    assert comment.index("In the UK you can call Samaritans on 116 123.") > care, comment
    plain = load_text("holdspace: 1\ntitle: T\nsegments:\n  - pose: butterfly\n")
    assert "116" not in _comment_and_plan(plain)[0]


def test_a_description_is_written_after_the_care_note_and_never_spoken() -> None:
    """A therapist wanted her clinic's number in the description only: a helpline (the manifest
    column, ``care: resource``) is also read out, digit by digit, at the end of a sleep track."""
    session = load_text(
        "holdspace: 1\ntitle: T\nlanguage: es\n"
        'description: "Teléfono de la clínica: 91 555 12 34"\n'
        "segments:\n  - pose: butterfly\n"
    )
    comment, plan = _comment_and_plan(session)
    care = comment.index("no sustituye a la atención profesional")
    assert comment.index("Teléfono de la clínica: 91 555 12 34.") > care, comment
    assert comment.endswith("Teléfono de la clínica: 91 555 12 34. Hecho con holdspace. Voz: fake.")
    assert not [line for line in plan.lines() if "555" in line.text]


def test_the_comment_names_the_voice_in_a_few_words() -> None:
    """The comment is for a listener's eyes: the voice's settings are for the log."""
    from generator.speech.engine import voice_label
    from generator.speech.espeak_engine import EspeakVoice

    voice = EspeakVoice(voice="es", rate=130, pitch=50, version="1.51")
    assert voice_label(voice) == "espeak-ng es"
    assert "wpm" in voice.describe()


@pytest.mark.parametrize(
    ("language", "made"),
    [("en", "Made with holdspace. Voice: fake."), ("es", "Hecho con holdspace. Voz: fake.")],
)
def test_the_comment_is_in_the_tracks_language_to_its_last_words(language: str, made: str) -> None:
    """A Spanish listener's player showed a Spanish note that ended in English."""
    session = load_text(
        f"holdspace: 1\ntitle: T\nlanguage: {language}\nsegments:\n  - breath: box\n"
    )
    plan = plan_session(session, lambda text: len(text.split()) * 8000, sample_rate=8000)
    comment = render_module._tags(session, plan, "fake", (b"", "image/png")).comment
    assert comment.endswith(" " + made)
    assert ("Una práctica" in comment) is (language == "es")


def test_the_embedded_transcript_is_every_line_the_lyrics_have() -> None:
    """The USLT transcript says what the voice says, as the LRC lyrics and the captions do: the
    breath cues too (their reminders, "your own natural breath is always an option", are care),
    one sentence per line."""
    from generator.output.sidecars import lrc_text

    session = load_text(
        "holdspace: 1\ntitle: T\nsegments:\n  - breath: {pattern: box, rounds: 6}\n"
    )
    plan = plan_session(session, lambda text: len(text.split()) * 8000, sample_rate=8000)
    transcript = render_module._tags(session, plan, "fake", (b"", "image/png")).transcript
    lyrics = [re.sub(r"^\[[\d:.]+\]", "", line) for line in lrc_text(plan, "T", None).splitlines()]
    assert transcript.splitlines() == [line for line in lyrics if not line.startswith("[")]
    assert any(e.role == "breath" for e in plan.speech())
