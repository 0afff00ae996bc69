"""Session → MP3 (and stems): synthesize, plan, measure, master, encode, tag, write atomically.

One streaming pass over the mix: its loudness is predicted from the parts' own measurements
(each clip's energy profile, the bed's designed power), so the pass applies one gain and the
limiter while ffmpeg encodes. Nothing the length of the track is held in memory, and voice clips
are read back from the cache as the mix reaches them.
Outputs are written to hidden temp files beside their targets and renamed only when complete.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import shlex
import stat
import tempfile
import unicodedata
import wave
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from generator import heap, runner, speech
from generator.mix import beds
from generator.mix.bell import bell_tone
from generator.speech.clips import ClipStore, StoredClip
from generator.output.cover import load_cover, make_cover
from generator.output.encode import Mp3Encoder, OutputFormat
from generator.errors import InputError, LengthOutOfReach
from generator.master.limiter import TARGET_LUFS, Limiter
from generator.mix.mixer import Mixer, calibrate_tone, prepare_clip
from generator.script.model import Pose, Session
from generator.plan.planner import CHIME, Plan, far_out_of_reach, plan_session, session_seed
from generator.output.sidecars import DEFAULT_KINDS as SIDECAR_KINDS
from generator.output.sidecars import (
    SIDECAR_LABELS,
    name_max,
    probe_writable,
    sidecar_path,
    sidecar_texts,
    temp_stem,
)
from generator.output.tags import Chapter, TrackTags, id3_language, write_tags

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (stage, done, total)
CHIME_GAIN = 10 ** (-10 / 20)  # a chime is 10 dB under a bell


@dataclass(frozen=True)
class RenderOptions:
    output: Path | None = None  # None: audio_out/<slug>.mp3
    fmt: OutputFormat = OutputFormat()
    stems: bool = False
    seed: int | None = None
    jobs: int = 2
    length: float | None = None  # seconds: fit the session to this length
    sidecars: bool = True  # .lrc, .vtt, .chapters.json, .cue.json beside the MP3


@dataclass(frozen=True)
class RenderResult:
    path: Path
    plan: Plan
    size_bytes: int
    voice: str  # which engine spoke, for --verbose and the comment tag
    measured_lufs: float  # the mix before mastering
    gain_db: float
    limiter_min_gain: float
    stems: tuple[Path, ...] = ()


def slug(title: str) -> str:
    """A safe file name from a title: ASCII letters, digits and dashes, never a path."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:80].strip("-")
    return name or "session"


def default_output(session: Session) -> Path:
    return Path("audio_out") / f"{slug(session.title)}.mp3"


@dataclass(frozen=True)
class Target:
    """One file a command will write, with what it is and how to avoid it (for messages)."""

    path: Path
    what: str = ""  # "" for the file the option names; else e.g. "the captions"
    hint: str = ""  # e.g. " (or pass --no-sidecars)"


def render_targets(target: Path, options: RenderOptions) -> tuple[Target, ...]:
    """Every file ``render`` writes: the MP3, the stems, the sidecars. All are checked before any
    work starts, and renamed into place together at the end."""
    found = [Target(target)]
    if options.stems:
        hint = " (or leave out --stems)"
        found += [
            Target(target.with_suffix(".voice.wav"), "the voice stem", hint),
            Target(target.with_suffix(".ambient.wav"), "the ambient stem", hint),
        ]
    if options.sidecars:
        found += [
            Target(sidecar_path(target, kind), SIDECAR_LABELS[kind], " (or pass --no-sidecars)")
            for kind in SIDECAR_KINDS
        ]
    return tuple(found)


def session_inputs(session: Session) -> list[tuple[Path, str]]:
    """Every file ``session`` reads, with what it is: an output must never be written over one."""
    found = [(Path(session.path), "script")]
    if session.ambient.file:
        found.append((Path(session.ambient.file), "ambient file"))
    if session.cover:
        found.append((Path(session.cover), "cover image"))
    if session.voice.model:
        model = Path(session.voice.model).expanduser()
        found += [(model, "Piper voice"), (Path(f"{model}.json"), "Piper voice config")]
    return found


def input_label(kind: str) -> str:
    return "the script itself" if kind == "script" else f"the script's {kind}"


def same_file(a: Path, b: Path) -> bool:
    """Whether writing ``a`` would replace ``b``: the same file (links followed) or path."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return os.path.realpath(a) == os.path.realpath(b)


def _short(path: Path | str, limit: int = 60) -> str:
    text = str(path)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _stat(path: Path, option: str) -> os.stat_result | None:
    """``os.stat`` (links followed), None when nothing is there; a name too long is bad input."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise InputError(
                f"{option} {_short(path)}: the file name (or a folder name in its path) is too "
                "long; choose a shorter name"
            ) from None
        raise InputError(f"{option} {_short(path)}: cannot check it ({exc.strerror})") from None
    except ValueError:  # a NUL byte in the name
        raise InputError(f"{option}: the file name has a NUL byte; choose another name") from None


def check_output(
    path: Path,
    targets: Sequence[Target] = (),
    inputs: Sequence[tuple[Path, str]] = (),
    *,
    option: str = "--output",
    extension: str = ".mp3",
    create_folder: bool = False,
) -> None:
    """Refuse, before any work starts, an output we could not write or must not: a folder, a
    device or pipe, a name without ``extension`` or too long, a missing folder, a read-only folder,
    or any of ``targets`` (every file the command writes) in the way of an input or a folder."""
    shown = str(path)
    parent = path.parent
    missing = not os.path.isdir(parent)
    longest = name_max(parent if not missing else Path("."))
    _check_name(Target(path), shown, option, longest)
    found = _stat(path, option)
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise InputError(f"{option} {shown} is a folder; give a file name ending in {extension}")
    if path.suffix.lower() != extension:
        raise InputError(f"{option} {_short(shown)}: give a file name ending in {extension}")
    if missing and not create_folder:
        raise InputError(
            f"{option}: the folder {parent} does not exist; create it first "
            f"(mkdir -p {shlex.quote(str(parent))})"
        )
    for t in (Target(path), *(t for t in targets if t.path != path)):
        _check_target(t, shown, option, longest, inputs)
    if missing:
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                f"{option} {shown}: cannot create the folder {parent} ({exc.strerror}); "
                "pass -o with a file in a folder you can write to"
            ) from None
    try:
        probe_writable(parent)
    except OSError as exc:
        raise InputError(
            f"{option}: cannot write to the folder {parent} (read-only? {exc.strerror})"
        ) from None


def _check_name(t: Target, shown: str, option: str, longest: int) -> None:
    """A name the filesystem takes (its temp name is cut to fit, see ``temp_stem``)."""
    size = len(os.fsencode(t.path.name))
    if size > longest:
        whose = f" of {t.what} {_short(t.path.name)}" if t.what else ""
        raise InputError(
            f"{option} {_short(shown)}: the file name{whose} is too long ({size} bytes; this "
            f"folder allows {longest}); choose a shorter name{t.hint}"
        )


def _check_target(
    t: Target, shown: str, option: str, longest: int, inputs: Sequence[tuple[Path, str]]
) -> None:
    """One file a command writes: a legal name, not a folder or device, not an input."""
    own = not t.what  # the file the option names, not one beside it
    _check_name(t, shown, option, longest)
    found = _stat(t.path, option)
    if found is not None and not own and stat.S_ISDIR(found.st_mode):
        raise InputError(
            f"{option} {shown}: {t.path} is a folder, in the way of {t.what}; move it or "
            f"choose another name{t.hint}"
        )
    if found is not None and not stat.S_ISREG(found.st_mode):
        where = "this" if own else f"{t.path} ({t.what})"
        raise InputError(
            f"{option} {shown}: {where} is not a regular file (a device, pipe or socket), and "
            f"holdspace only replaces plain files; choose another name{t.hint}"
        )
    for source, kind in inputs:
        if same_file(t.path, source):
            if own:
                raise InputError(
                    f"{option} {shown}: this is {input_label(kind)}, which writing would "
                    "destroy; choose another name"
                )
            raise InputError(
                f"{option} {shown}: {t.what} {t.path} would overwrite {input_label(kind)}; "
                f"choose another name{t.hint}"
            )


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
    ) -> None:
        self.session = session
        self.sample_rate = sample_rate
        self.seed = session_seed(session) if seed is None else seed
        self.length = length
        # Validate everything cheap before the first clip is synthesized.
        plan_session(
            replace(session, length=None), lambda t: 0, sample_rate=sample_rate, seed=self.seed
        )
        beds.check_bed(session.ambient, session.path)
        self.cache = speech.SpeechCache()
        self.prepared_cache = speech.SpeechCache(self.cache.root / "prepared")
        self.jobs = jobs
        self.progress = progress
        self.clips = ClipStore(self.prepared_cache, sample_rate)
        self.tones: dict[int, np.ndarray] = {}
        wanted = spoken_texts(session, sample_rate, self.seed, length, self.tone_length)
        self.voice = speech.load_voice(session.voice, session.path, session.voice.line or None)
        self._synthesize(wanted)
        self.plan = plan_session(
            session,
            self.measure,
            tone_length=self.tone_length,
            sample_rate=sample_rate,
            seed=self.seed,
            length=length,
        )
        self.voice.release()  # every clip is here: the mix need not carry a neural model
        heap.trim()  # nor what the threads that prepared the clips have freed

    def tone_length(self, strikes: int) -> int:
        return len(self.tone(strikes))

    def tone(self, strikes: int) -> np.ndarray:
        """A bell of ``strikes`` (0: the soft chime), calibrated under the voice; made on first use."""
        if strikes not in self.tones:
            sr = self.sample_rate
            one = bell_tone(sr, 1)
            scale = float(np.max(np.abs(calibrate_tone(one, sr)))) / float(np.max(np.abs(one)))
            if strikes == CHIME:
                self.tones[CHIME] = (one * scale * CHIME_GAIN).astype(np.float32)
            else:
                self.tones[strikes] = (bell_tone(sr, strikes) * scale).astype(np.float32)
        return self.tones[strikes]

    def measure(self, text: str) -> int:
        if text not in self.clips:
            self._synthesize([text])
        return self.clips.info(text).length

    def _synthesize(self, texts: list[str]) -> None:
        todo = [t for t in dict.fromkeys(texts) if t not in self.clips]
        if not todo:
            return
        on = (lambda done, total: self.progress("speech", done, total)) if self.progress else None
        # closing(): a failure here stops the speech still queued at once, not at exit
        with closing(
            speech.synthesize_each(self.voice, todo, self.cache, jobs=self.jobs, on_progress=on)
        ) as spoken:
            if not self.voice.parallel:  # it speaks in this process, on every core: in turn
                for given, clip in spoken:
                    self.clips.add(given, *self._stored(clip))
                return
            # A voice in other processes leaves this one free: clips are made mix-ready on
            # threads while the next ones are spoken; a few at most wait (memory stays flat).
            with ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="prepare") as pool:
                waiting: deque[tuple[tuple[str, ...], Future[tuple[StoredClip, np.ndarray]]]]
                waiting = deque()

                def settle(keep: int) -> None:
                    while waiting and (len(waiting) > keep or waiting[0][1].done()):
                        given, ready = waiting.popleft()
                        self.clips.add(given, *ready.result())

                for given, clip in spoken:
                    waiting.append((given, pool.submit(self._stored, clip)))
                    settle(2 * self.jobs)
                settle(0)

    def _stored(self, clip: speech.Clip) -> tuple[StoredClip, np.ndarray]:
        key, samples = self._prepared(clip)
        return self.clips.store(key, samples), samples

    def _prepared(self, clip: speech.Clip) -> tuple[str, np.ndarray]:
        """``prepare_clip`` and its cache key, remembered on disk beside the speech cache (keyed
        by the samples)."""
        digest = hashlib.sha256(np.ascontiguousarray(clip.samples, "<f4").tobytes()).hexdigest()
        key = self.prepared_cache.key(f"prepared-v4:{clip.sample_rate}:{self.sample_rate}", digest)
        hit = self.prepared_cache.get(key)
        if hit is not None and hit.sample_rate == self.sample_rate:
            return key, np.asarray(hit.samples, dtype=np.float32)
        return key, prepare_clip(clip.samples, clip.sample_rate, self.sample_rate)

    def mixer(self, channels: int) -> Mixer:
        session = self.session
        return Mixer(
            self.plan,
            self.clips,
            lambda: beds.open_bed(
                session.ambient,
                self.sample_rate,
                channels,
                session.ambient.seed if session.ambient.seed is not None else self.seed,
                script=session.path,
            ),
            session.ambient,
            beds.BED_REFERENCE_LUFS,
            channels,
            tones={e.strikes: self.tone(e.strikes) for e in self.plan.events if e.kind == "tone"},
        )

    def predicted_loudness(self, mixer: Mixer, ceiling_dbtp: float | None = None) -> float:
        """The mix's integrated loudness before mastering, from each part's own measurements;
        with ``ceiling_dbtp``, as it will be once the limiter holds the voice under it."""
        if ceiling_dbtp is None:
            return mixer.predicted_loudness(lambda text: self.clips.info(text).bins)
        return mixer.predicted_loudness(lambda text: self.clips.limited_bins(text, ceiling_dbtp))

    def mastering_gain(self, mixer: Mixer, ceiling_dbtp: float) -> tuple[float, float]:
        """The gain that brings the mix to TARGET_LUFS as encoded, and the loudness before it.

        A quiet mix (long holds) needs so much gain that the voice's peaks meet the limiter,
        which takes a little loudness back, so the gain depends on itself: solve
        predicted(gain) + gain = target by the secant method (the prediction is cheap)."""

        def after(gain_db: float) -> float:
            return self.predicted_loudness(mixer, ceiling_dbtp - gain_db) + gain_db

        measured = self.predicted_loudness(mixer)
        if not np.isfinite(measured):
            return 1.0, measured
        g0 = TARGET_LUFS - measured
        f0 = after(g0) - TARGET_LUFS
        g1 = g0 - f0
        for _ in range(8):
            if abs(f0) <= 0.02:
                break
            f1 = after(g1) - TARGET_LUFS
            slope = (f1 - f0) / (g1 - g0) if g1 != g0 else 1.0
            g0, f0 = g1, f1
            g1 = g1 - f1 / (slope if slope > 0.1 else 1.0)
        return float(10 ** (g0 / 20)), measured


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
    try:
        plan_session(
            session,
            lambda t: wanted.append(t) or _estimate(t, sample_rate),
            tone_length=tone_length,
            sample_rate=sample_rate,
            seed=seed,
            length=length,
        )
    except LengthOutOfReach as exc:
        if far_out_of_reach(exc):  # refused before any speech; the real plan decides the rest
            raise
    return list(dict.fromkeys(wanted))


def _estimate(text: str, sample_rate: int) -> int:
    return round(len(text.split()) * 0.45 * sample_rate)


def render(
    session: Session, options: RenderOptions, progress: Progress | None = None
) -> RenderResult:
    fmt = options.fmt
    target = options.output or default_output(session)
    targets = render_targets(target, options)
    check_output(target, targets, session_inputs(session), create_folder=options.output is None)
    runner.find_tool("ffmpeg")  # missing: say so now, not after minutes of synthesis
    own_cover = (
        load_cover(Path(session.cover), session.path, session.cover_line) if session.cover else None
    )
    prep = Prepared(session, fmt.sample_rate, options.seed, options.jobs, progress, options.length)
    plan = prep.plan
    cover = own_cover or (
        make_cover(
            session.title, plan.duration / plan.sample_rate, prep.seed, language=session.language
        ),
        "image/png",
    )
    mixer = prep.mixer(fmt.channels)
    total = plan.duration

    # No pass over the audio to measure it: the loudness follows from the clips' and the bed's
    # own energies (Mixer.predicted_loudness), so the one pass below is the encoding.
    linear_gain, measured = prep.mastering_gain(mixer, fmt.ceiling_dbtp)
    gain = np.float32(linear_gain)

    stem_paths = tuple(t.path for t in targets if t.what in ("the voice stem", "the ambient stem"))
    sidecars = [t.path for t in targets[1 + len(stem_paths) :]]  # render_targets' order
    with _atomic_many((target, *stem_paths, *sidecars)) as temps:
        tmp_mp3, tmp_stems = temps[0], temps[1 : 1 + len(stem_paths)]
        encoder = Mp3Encoder(fmt, tmp_mp3)
        try:
            writers = [
                _wav_writer(p, fmt.sample_rate, ch)
                for p, ch in zip(tmp_stems, (1, fmt.channels), strict=False)
            ]
            limiter = Limiter(fmt.sample_rate, fmt.channels, fmt.ceiling_dbtp)
            for block in mixer.blocks():
                encoder.write(limiter.process(block.mix() * gain))
                if writers:
                    _write_wav(writers[0], block.voice * gain)
                    _write_wav(writers[1], block.ambient * gain)
                if progress:
                    progress("encode", block.start + len(block.voice), total)
            encoder.write(limiter.flush())
            for w in writers:
                w.close()
            encoder.close()
        except BaseException:
            encoder.abort()
            raise
        write_tags(tmp_mp3, _tags(session, plan, prep.voice.describe(), cover))
        if sidecars:
            texts = sidecar_texts(plan, artist=session.author, kinds=SIDECAR_KINDS)
            for tmp, text in zip(temps[1 + len(stem_paths) :], texts, strict=True):
                tmp.write_text(text, encoding="utf-8")
    size = target.stat().st_size
    return RenderResult(
        path=target,
        plan=plan,
        size_bytes=size,
        voice=prep.voice.describe(),
        measured_lufs=measured,
        gain_db=float(20 * np.log10(gain)),
        limiter_min_gain=limiter.min_gain,
        stems=(*stem_paths, *sidecars),
    )


def _tags(session: Session, plan: Plan, voice: str, cover: tuple[bytes, str]) -> TrackTags:
    from generator import care

    sr = plan.sample_rate
    transcript = "\n".join(line.text for line in plan.lines() if line.role != "breath")
    try:
        poses = any(isinstance(segment, Pose) for segment in session.segments)
        note = care.comment_note(session.language, poses=poses) + " "
    except ValueError:
        note = ""
    return TrackTags(
        title=session.title,
        artist=session.author,
        album=session.album or "holdspace",
        genre=session.genre or "Meditation",
        year=session.year,
        cover=cover,
        comment=f"{note}Made with holdspace. Voice: {voice}.",
        transcript=transcript,
        language=id3_language(session.language),
        chapters=tuple(
            Chapter(c.title, round(c.start * 1000 / sr), round(c.end * 1000 / sr))
            for c in plan.chapters
        ),
    )


@contextmanager
def _atomic_many(targets: tuple[Path, ...]) -> Iterator[list[Path]]:
    """A hidden temp file beside each of ``targets``; all are renamed over their targets only
    when the block succeeds, one right after another, so a failure leaves every earlier file as
    it was and never a mix of old and new."""
    temps: list[Path] = []
    try:
        for target in targets:
            temps.append(_temp_beside(target))
        yield temps
        _commit(list(zip(temps, targets, strict=True)))
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


def _temp_beside(target: Path) -> Path:
    """An empty hidden temp file in ``target``'s folder, readable like any new file (mkstemp's
    0600 would hide the track from other users and apps), with a name that is legal even when
    ``target``'s own name is as long as the filesystem allows."""
    fd, name = tempfile.mkstemp(prefix=f".{temp_stem(target)}.", suffix=".tmp", dir=target.parent)
    with suppress(OSError):
        os.fchmod(fd, 0o666 & ~_umask())
    os.close(fd)
    return Path(name)


def _commit(pairs: list[tuple[Path, Path]]) -> None:
    """Rename every complete temp file over its target. An interrupt here finishes the renames:
    every file is complete, and a set of old and new files would be worse than a finished one."""
    try:
        for tmp, target in pairs:
            os.replace(tmp, target)
    except KeyboardInterrupt:
        for tmp, target in pairs:
            if tmp.exists():
                os.replace(tmp, target)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _wav_writer(path: Path, sample_rate: int, channels: int) -> wave.Wave_write:
    w = wave.open(str(path), "wb")  # noqa: SIM115 - closed by render()
    w.setnchannels(channels)
    w.setsampwidth(2)
    w.setframerate(sample_rate)
    return w


def _write_wav(w: wave.Wave_write, x: np.ndarray) -> None:
    pcm = np.clip(np.round(x * 32767.0), -32768, 32767).astype("<i2")
    w.writeframes(pcm.tobytes())
