"""The block mixer: any block size gives the same samples as one whole-track reference mix."""

from __future__ import annotations

import numpy as np
from conftest import speechlike

from generator.mix.ducking import DuckEnvelope, raised_cosine
from generator.mix.mixer import Mixer
from generator.plan.planner import plan_session
from generator.script.load import load_text
from generator.speech.prepare import fade_clip

SR = 8000  # small rate: exact and fast


class RampBed:
    """A deterministic stand-in bed: a slow ramp, so any discontinuity would show."""

    def __init__(self, channels: int) -> None:
        self.pos = 0
        self.channels = channels

    def read(self, n: int) -> np.ndarray:
        t = np.arange(self.pos, self.pos + n, dtype=np.float64)
        self.pos += n
        col = (0.1 * np.sin(t / 500.0)).astype(np.float32)
        return np.repeat(col[:, None], self.channels, axis=1)


SCRIPT = """holdspace: 1
title: T
ambient: {level: -15, duck: 6, fade_in: 1, fade_out: 2}
segments:
  - speak: "One two three. Four five."
  - pose: pigeon
    sides: both
    hold: 7s
  - bell: {}
  - speak: "End."
"""


def _setup(channels: int = 2) -> Mixer:
    session = load_text(SCRIPT, "t.yaml")
    measure = lambda text: len(text.split()) * SR // 2  # noqa: E731
    plan = plan_session(session, measure, sample_rate=SR, tone_length=lambda n: SR * 3)
    clips = {
        e.text: fade_clip(np.full(e.end - e.start, 0.5, np.float32), SR) for e in plan.speech()
    }
    tones = {1: np.linspace(0.2, 0, SR * 3, dtype=np.float32)}
    return Mixer(
        plan, clips, lambda: RampBed(channels), session.ambient, -23.0, channels, tones=tones
    )


def _reference(m: Mixer) -> tuple[np.ndarray, np.ndarray]:
    """A straightforward whole-array mix of the same plan, written independently of Mixer."""
    total = m.plan.duration
    voice = np.zeros(total, np.float32)
    for e in m.plan.speech():
        voice[e.start : e.end] += m.clips[e.text]
    t = np.arange(total, dtype=np.float64)
    duck = DuckEnvelope(m.plan.speech(), SR).values(0, total)
    gain = 10 ** ((m.bed_db + m.duck_db * (1 - duck)) / 20)
    gain *= raised_cosine((t + 0.5) / m.fade_in) * raised_cosine((total - t - 0.5) / m.fade_out)
    ambient = RampBed(m.channels).read(total) * gain[:, None]
    for e in m.tones:
        ambient[e.start : e.end] += m.tone_clips[e.strikes][: e.end - e.start, None]
    return voice, ambient.astype(np.float32)


def _stream(m: Mixer, block: int) -> tuple[np.ndarray, np.ndarray]:
    blocks = list(m.blocks(block))
    return np.concatenate([b.voice for b in blocks]), np.concatenate([b.ambient for b in blocks])


def test_streamed_mix_equals_the_whole_array_reference() -> None:
    m = _setup()
    ref_voice, ref_ambient = _reference(m)
    for block in (4096, 1000, 777, m.plan.duration):
        voice, ambient = _stream(m, block)
        assert len(voice) == m.plan.duration
        np.testing.assert_array_equal(voice, ref_voice)
        np.testing.assert_allclose(ambient, ref_ambient, atol=1e-6)


def test_bed_is_ducked_under_speech_and_full_in_holds() -> None:
    m = _setup(channels=1)
    _, ambient = _stream(m, 4096)
    gain = np.abs(ambient[:, 0]) / np.maximum(np.abs(RampBed(1).read(m.plan.duration)[:, 0]), 1e-9)
    first = m.plan.speech()[0]
    hold = next(e for e in m.plan.events if e.kind == "hold")
    mid_speech = gain[first.start + 100 : first.end - 100]
    mid_hold = gain[hold.start + SR * 2 : hold.end - SR * 2]
    ratio_db = 20 * np.log10(np.median(mid_hold) / np.median(mid_speech))
    assert abs(ratio_db - 6.0) < 0.1


def test_the_duck_envelope_is_continuous() -> None:
    m = _setup()
    d = m.duck.values(0, m.plan.duration)
    assert np.abs(np.diff(d)).max() < 5.0 / (0.35 * SR)
    assert d.min() >= 0 and d.max() <= 1


def test_clips_fade_in_and_out() -> None:
    c = fade_clip(np.ones(1000, np.float32), SR)
    assert c[0] < 0.05 and c[-1] < 0.05 and c[500] == 1.0


PREDICT_SCRIPT = """holdspace: 1
title: Prediction
ambient: {{bed: {bed}, level: -14, duck: 6, fade_in: 3, fade_out: 5}}
care: {{opening: false, closing: false}}
segments:
  - speak: "Welcome. Settle in however suits you."
  - pause: 20s
  - bell: {{strikes: 2}}
  - pose: butterfly
    hold: 50s
  - speak: "Gently come back when you are ready."
"""


def test_predicted_loudness_matches_the_metered_mix_for_every_bed() -> None:
    """The renderer masters from a prediction, not a measuring pass: it must agree with a
    meter run over the real mix (bed, ducking, fades, bells, clips) to within 0.1 LU."""
    from generator.master.loudness import LoudnessMeter, energy_bin_size, energy_bins
    from generator.mix.beds import catalog as beds
    from generator.mix.bell import bell_tone
    from generator.speech.prepare import prepare_clip

    sr = 44100
    for bed_name in ("pink-noise", "brown-noise", "ocean", "rain", "drone", "none"):
        for channels in (1, 2):
            session = load_text(PREDICT_SCRIPT.format(bed=bed_name), "p.yaml")
            clips: dict[str, np.ndarray] = {}

            def measure(text: str, clips: dict[str, np.ndarray] = clips) -> int:
                if text not in clips:
                    clips[text] = prepare_clip(speechlike(text, sr), sr, sr)
                return len(clips[text])

            tone = bell_tone(sr, 2) * np.float32(0.05)
            plan = plan_session(
                session, measure, sample_rate=sr, tone_length=lambda n, t=tone: len(t)
            )
            m = Mixer(
                plan,
                clips,
                lambda s=session, c=channels: beds.open_bed(s.ambient, sr, c, 3),
                session.ambient,
                beds.BED_REFERENCE_LUFS,
                channels,
                tones={2: tone},
            )
            bins = {t: energy_bins(c, sr, energy_bin_size(sr)) for t, c in clips.items()}
            predicted = m.predicted_loudness(bins.__getitem__)
            meter = LoudnessMeter(sr, channels)
            for block in m.blocks():
                meter.add(block.mix())
            assert abs(predicted - meter.integrated()) < 0.1, (bed_name, channels)


def test_capping_a_clip_keeps_its_loudness_and_holds_its_peaks() -> None:
    from generator.master.limiter import true_peak_db
    from generator.master.loudness import integrated_loudness
    from generator.mix.levels import VOICE_LUFS
    from generator.speech.prepare import cap_peak_to_loudness, prepare_clip

    sr = 44100
    clip = prepare_clip(speechlike("a fairly long sentence of words here", sr), sr, sr)
    assert true_peak_db(clip) > VOICE_LUFS + 9
    for plr in (11.0, 9.0, 7.0):
        capped = cap_peak_to_loudness(clip, sr, plr)
        assert len(capped) == len(clip)
        assert true_peak_db(capped) <= VOICE_LUFS + plr + 0.05
        if plr >= 11:  # speech-like enough to converge: the peaks land just under the ceiling
            assert true_peak_db(capped) >= VOICE_LUFS + plr - 0.35
        if plr >= 9:  # (noise this dense cannot keep its loudness at 7 dB: peaks win)
            assert abs(integrated_loudness(capped, sr) - VOICE_LUFS) <= (0.1 if plr >= 11 else 0.15)
    assert cap_peak_to_loudness(clip, sr, 40.0) is clip  # nothing to do: the same samples


def test_predicted_speech_loudness_matches_an_independent_meter() -> None:
    """Speech-anchored mastering sets the gain from the predicted loudness of the mix while the
    voice speaks; scripts/listen_check.py (its own BS.1770 code, checked against pyloudnorm)
    measures the same thing on the real mix: they agree within 0.1 LU, for beds that sit under
    the voice differently."""
    import importlib.util
    import sys
    from pathlib import Path

    from scipy.signal import lfilter

    from generator.master.loudness import energy_bin_size, energy_bins
    from generator.mix.beds import catalog as beds
    from generator.mix.bell import bell_tone
    from generator.speech.prepare import prepare_clip

    path = Path(__file__).resolve().parents[2] / "scripts" / "listen_check.py"
    spec = importlib.util.spec_from_file_location("listen_check", path)
    lc = importlib.util.module_from_spec(spec)
    sys.modules["listen_check"] = lc
    spec.loader.exec_module(lc)

    sr = 44100
    for bed_name in ("pink-noise", "ocean", "drone", "none"):
        session = load_text(PREDICT_SCRIPT.format(bed=bed_name), "p.yaml")
        clips: dict[str, np.ndarray] = {}

        def measure(text: str, clips: dict[str, np.ndarray] = clips) -> int:
            if text not in clips:
                clips[text] = prepare_clip(speechlike(text, sr), sr, sr)
            return len(clips[text])

        tone = bell_tone(sr, 2) * np.float32(0.05)
        plan = plan_session(session, measure, sample_rate=sr, tone_length=lambda n, t=tone: len(t))
        m = Mixer(plan, clips, lambda s=session: beds.open_bed(s.ambient, sr, 2, 3),
                  session.ambient, beds.BED_REFERENCE_LUFS, 2, tones={2: tone})  # fmt: skip
        bins = {t: energy_bins(c, sr, energy_bin_size(sr)) for t, c in clips.items()}
        predicted = m.predicted_loudness(bins.__getitem__, speech_only=True)
        mix = np.concatenate([block.mix() for block in m.blocks()]).astype(np.float64)
        weighted = mix
        for b, a in lc.k_weighting(sr):
            weighted = lfilter(b, a, weighted, axis=0)
        seg = sr // 10
        energy = (weighted[: len(weighted) // seg * seg] ** 2).reshape(-1, seg, 2)
        k_energy = energy.mean(axis=1).sum(axis=1)
        events = [e for e in plan.to_json()["events"] if e["kind"] == "speech"]
        spans = lc.spans_merged(events, 1.0)
        metered = lc.gated_loudness(lc.speech_blocks(k_energy, spans))
        assert abs(predicted - metered) < 0.1, (bed_name, predicted, metered)
