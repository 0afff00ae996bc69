"""Session → MP3 (and stems and sidecars): prepare, then mix, master and encode in one streaming
pass, tag, and write every file atomically.

One pass over the mix: its loudness is predicted from the parts' own measurements (each clip's
energy profile, the bed's designed power), so the pass applies one gain and the limiter while
ffmpeg encodes. Nothing the length of the track is held in memory, and voice clips are read back
from the cache as the mix reaches them. Every file is written to a hidden temp file beside its
target and all are renamed together only when complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from generator import hooks, runner
from generator.care.phrases import comment_note, genre, made_with
from generator.master.limiter import Limiter
from generator.output.cover import make_cover
from generator.output.encode import Mp3Encoder, OutputFormat
from generator.output.files import atomic_files
from generator.output.paths import check_output, default_output, render_files, session_inputs
from generator.output.sidecars import sidecar_texts
from generator.output.tags import Chapter, TrackTags, id3_language, write_tags
from generator.output.wav import WavWriter
from generator.plan.types import Plan
from generator.plan.wording import known_language
from generator.render.inputs import check_script_files
from generator.render.prepare import Prepared, Progress
from generator.script.model import Breath, LoudnessSettings, Pose, Session
from generator.script.text import as_sentence
from generator.speech.engine import voice_label


@dataclass(frozen=True)
class RenderOptions:
    output: Path | None = None  # None: audio_out/<slug>.mp3
    fmt: OutputFormat = OutputFormat()
    stems: bool = False
    seed: int | None = None
    jobs: int = 2
    length: float | None = None  # seconds: fit the session to this length
    sidecars: bool = True  # .lrc, .vtt, .chapters.json, .cue.json beside the MP3
    loudness: LoudnessSettings | None = None  # None: the script's (default: speech at -16 LUFS)
    cache_root: Path | None = None  # the speech cache; None: $HOLDSPACE_CACHE_DIR or ~/.cache


@dataclass(frozen=True)
class RenderResult:
    path: Path
    plan: Plan
    size_bytes: int
    voice: str  # which engine spoke, for --verbose and the comment tag
    measured_lufs: float  # the mix before mastering (speech or program, as mastered)
    gain_db: float
    limiter_min_gain: float
    speech_lufs: float = float("nan")  # predicted, after mastering
    program_lufs: float = float("nan")
    stems: tuple[Path, ...] = ()  # every other file written: stems, then sidecars


def render(
    session: Session, options: RenderOptions, progress: Progress | None = None
) -> RenderResult:
    fmt = options.fmt
    files = render_files(options.output or default_output(session), options.stems, options.sidecars)
    check_output(
        files.mp3, files.targets(), session_inputs(session), create_folder=options.output is None
    )
    runner.find_tool("ffmpeg")  # missing: say so now, not after minutes of synthesis
    own_cover = check_script_files(session)  # the bed and the cover, in the script's order
    prep = Prepared(
        session, fmt.sample_rate, options.seed, options.jobs, progress, options.length,
        cache_root=options.cache_root,
    )  # fmt: skip
    plan = prep.plan
    seconds = plan.duration / plan.sample_rate
    cover = own_cover or (
        make_cover(session.title, seconds, prep.seed, language=session.language),
        "image/png",
    )
    mixer = prep.mixer(fmt.channels)
    loudness = options.loudness or session.loudness
    gain_db, measured = prep.gain(mixer, fmt.ceiling_dbtp, loudness)
    gain = np.float32(10 ** (gain_db / 20))

    with atomic_files(files.all()) as temps:
        temp = dict(zip(files.all(), temps, strict=True))
        encoder = Mp3Encoder(fmt, temp[files.mp3])
        try:
            stems = (
                (WavWriter(temp[files.voice_stem], fmt.sample_rate, 1),
                 WavWriter(temp[files.ambient_stem], fmt.sample_rate, fmt.channels))
                if files.voice_stem and files.ambient_stem
                else None
            )  # fmt: skip
            limiter = Limiter(fmt.sample_rate, fmt.channels, fmt.ceiling_dbtp)
            for block in mixer.blocks():
                encoder.write(limiter.process(block.mix() * gain))
                if stems:
                    stems[0].write(block.voice * gain)
                    stems[1].write(block.ambient * gain)
                if progress:
                    progress("encode", block.start + len(block.voice), plan.duration)
                hooks.stage("encode")
            encoder.write(limiter.flush())
            for writer in stems or ():
                writer.close()
            encoder.close()
        except BaseException:
            encoder.abort()
            raise
        write_tags(temp[files.mp3], _tags(session, plan, voice_label(prep.voice), cover))
        kinds = [kind for kind, _ in files.sidecars]
        for (_, path), text in zip(
            files.sidecars, sidecar_texts(plan, artist=session.author, kinds=kinds), strict=True
        ):
            temp[path].write_text(text, encoding="utf-8")
        hooks.stage("commit")
    speech_lufs, program_lufs = prep.loudness_after(mixer, gain_db, fmt.ceiling_dbtp)
    return RenderResult(
        path=files.mp3,
        plan=plan,
        size_bytes=files.mp3.stat().st_size,
        voice=prep.voice.describe(),
        measured_lufs=measured,
        gain_db=gain_db,
        limiter_min_gain=limiter.min_gain,
        stems=files.all()[1:],
        speech_lufs=speech_lufs,
        program_lufs=program_lufs,
    )


def _tags(session: Session, plan: Plan, voice: str, cover: tuple[bytes, str]) -> TrackTags:
    sr = plan.sample_rate
    # every sentence the voice says, as the lyrics and captions have them: the breath cues too,
    # whose reminders ("your own natural breath is always an option") are care, not counting
    transcript = "\n".join(" ".join(line.text.split()) for line in plan.lines())
    language = known_language(session.language)
    note = ""
    if language is not None:
        poses = any(isinstance(segment, Pose) for segment in session.segments)
        breath = any(isinstance(segment, Breath) for segment in session.segments)
        note = comment_note(session.language, poses, breath, session.address) + " "
    if session.care.resource and session.care.resource.strip():
        # the helpline, in writing too: said once near the end, it should not have to be caught
        note += as_sentence(session.care.resource.strip()) + " "
    if session.description and session.description.strip():  # in writing only, never spoken
        note += as_sentence(session.description.strip()) + " "
    return TrackTags(
        title=session.title,
        artist=session.author,
        album=session.album or "holdspace",
        genre=session.genre or genre(language or "en"),
        year=session.year,
        cover=cover,
        comment=(f"{plan.summary} " if plan.summary else "")
        + note
        + made_with(language or "en", voice),
        transcript=transcript,
        listener=session.listener,
        address=session.address,
        language=id3_language(session.language),
        chapters=tuple(
            Chapter(c.title, round(c.start * 1000 / sr), round(c.end * 1000 / sr))
            for c in plan.chapters
        ),
    )
