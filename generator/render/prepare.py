"""Everything a render needs before its one streaming pass: the voice loaded, every sentence
spoken and made mix-ready, the plan laid out with the real clip lengths, and the mixer with its
predicted loudness. ``holdspace plan`` stops here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator import heap
from generator.errors import LengthOutOfReach
from generator.master.gain import mastering_gain
from generator.mix.beds import catalog as beds
from generator.mix.bell import Tones
from generator.plan import roles
from generator.plan.fit import as_guess, far_out_of_reach
from generator.plan.planner import plan_session, session_seed
from generator.script.model import LoudnessSettings, Session
from generator.speech.cache import SpeechCache
from generator.speech.clips import ClipStore
from generator.speech.pipeline import ClipMaker
from generator.speech.rates import estimated_samples
from generator.speech.select import load_voice

if TYPE_CHECKING:
    from generator.mix.mixer import Mixer

Progress = Callable[[str, int, int], None]  # (stage, done, total)
ESTIMATE_S_PER_WORD = 0.45  # a person reading aloud (``record``), whose pace no setting gives


class Prepared:
    """The voice loaded, every sentence synthesized and made mix-ready, and the plan."""

    def __init__(
        self,
        session: Session,
        sample_rate: int,
        seed: int | None,
        jobs: int = 2,
        progress: Progress | None = None,
        length: float | None = None,
        cache_root: Path | None = None,
        speak: bool = True,
    ) -> None:
        """``cache_root``: the speech cache (default: ``SpeechCache``'s). Without ``speak``,
        nothing is spoken: the plan measures the sentences the cache has and guesses the rest,
        which ``self.maker.missing`` lists (a batch finds what to speak this way)."""
        self.session = session
        self.sample_rate = sample_rate
        self.seed = session_seed(session) if seed is None else seed
        # Validate everything cheap before the first clip is synthesized.
        plan_session(
            replace(session, length=None), lambda t: 0, sample_rate=sample_rate, seed=self.seed
        )
        beds.check_bed(session.ambient, session.path)
        self.tones = Tones(sample_rate)
        wanted = spoken_texts(session, sample_rate, self.seed, length, self.tones.length)
        self.voice = load_voice(
            session.voice, session.voice.source or session.path, session.voice.line or None
        )
        cache = SpeechCache(cache_root)
        self.clips = ClipStore(SpeechCache(cache.root / "prepared"), sample_rate)
        on = (lambda done, total: progress("speech", done, total)) if progress else None
        self.maker = ClipMaker(self.voice, cache, self.clips, jobs, on, speak=speak)
        # your own voice: what is recorded up front; a line not recorded only if the plan asks
        recorded = getattr(self.voice, "recording", None)
        self.maker.make([t for t in wanted if recorded is None or recorded(t) is not None])
        self.plan = plan_session(
            session,
            self.measure,
            tone_length=self.tones.length,
            sample_rate=sample_rate,
            seed=self.seed,
            length=length,
        )
        report = getattr(self.voice, "report", None)
        if report is not None and speak:
            report([e.text for e in self.plan.speech() if e.text])
        self.maker.tally.log()
        self.voice.release()  # every clip is here: the mix need not carry a neural model
        heap.trim()  # nor what the threads that prepared the clips have freed

    def measure(self, text: str) -> int:
        if text not in self.clips and not self._refused(text):
            self.maker.make([text])
        if text not in self.clips:  # not spoken (``speak=False``): guessed from the words
            return estimated_samples(text, self.session.voice.rate, self.sample_rate)
        return self.clips.info(text).length

    def _refused(self, text: str) -> bool:
        """A line not recorded, with ``fallback: none``: guessed while planning, refused after
        if the plan says it (``RecordedVoice.report``)."""
        refuses = getattr(self.voice, "refuses_missing", False)
        return refuses and self.voice.recording(text) is None  # type: ignore[attr-defined]

    def mixer(self, channels: int) -> Mixer:
        from generator.mix.mixer import Mixer  # numpy's heavier friends: only when mixing

        session = self.session
        seed = session.ambient.seed if session.ambient.seed is not None else self.seed
        return Mixer(
            self.plan,
            self.clips,
            lambda: beds.open_bed(
                session.ambient, self.sample_rate, channels, seed, script=session.path
            ),
            session.ambient,
            beds.BED_REFERENCE_LUFS,
            channels,
            tones={
                e.strikes: self.tones.tone(e.strikes)
                for e in self.plan.events
                if e.kind == roles.TONE
            },
        )

    def gain(
        self, mixer: Mixer, ceiling_dbtp: float, loudness: LoudnessSettings
    ) -> tuple[float, float]:
        """The mastering gain in dB (``generator.master.gain``) and the loudness it starts from,
        of the speech or of the whole mix as ``loudness`` asks, both predicted from each part's
        own measurements: no pass over the audio."""
        speech = loudness.measure == "speech"
        before = mixer.predicted_loudness(lambda text: self.clips.info(text).bins, speech)

        def limited(gain_db: float) -> float:
            ceiling = ceiling_dbtp - gain_db
            bins = lambda text: self.clips.limited_bins(text, ceiling)  # noqa: E731
            return mixer.predicted_loudness(bins, speech)

        return mastering_gain(before, limited, loudness.target), before

    def loudness_after(
        self, mixer: Mixer, gain_db: float, ceiling_dbtp: float
    ) -> tuple[float, float]:
        """(speech, program) loudness of the mastered track, predicted: for ``-v``."""
        ceiling = ceiling_dbtp - gain_db
        bins = lambda text: self.clips.limited_bins(text, ceiling)  # noqa: E731
        return (
            mixer.predicted_loudness(bins, speech_only=True) + gain_db,
            mixer.predicted_loudness(bins) + gain_db,
        )


def spoken_texts(
    session: Session,
    sample_rate: int,
    seed: int,
    length: float | None = None,
    tone_length: Callable[[int], int] | None = None,
) -> list[str]:
    """Each sentence the session says, once, in order: found by planning with lengths
    estimated from the words, so every clip can be made before the real plan needs its length."""
    wanted: list[str] = []

    def estimate(text: str) -> int:
        wanted.append(text)
        # at the script's own rate: a slow ``rate: 110`` script guessed at a fixed pace was
        # promised a length it then missed
        return estimated_samples(text, session.voice.rate, sample_rate)

    try:
        plan_session(
            session,
            estimate,
            tone_length=tone_length,
            sample_rate=sample_rate,
            seed=seed,
            length=length,
        )
    except LengthOutOfReach as exc:
        if far_out_of_reach(
            exc, session.voice
        ):  # refused before any speech; the real plan decides the rest
            guess = as_guess(exc, session, length is not None)
            raise guess from None
    return list(dict.fromkeys(wanted))
