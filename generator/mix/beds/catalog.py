"""The ambient beds there are, checked and opened: built-in procedural ones, or the user's own
file, looped.

Every bed is a sequential stream (``bed.read(n)`` -> float32 (n, channels)), deterministic for a
given seed, rate and channel count whatever block sizes it is read in (the two mastering passes
must see the same samples), and calibrated to BED_REFERENCE_LUFS integrated loudness, so the
mixer can place it "N dB under the voice" with plain gain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.errors import InputError
from generator.mix.levels import BED_REFERENCE_LUFS
from generator.script.model import AmbientSettings

if TYPE_CHECKING:  # the streams need numpy and scipy: imported when a bed is opened
    from generator.mix.beds.stream import Bed

__all__ = ["BED_REFERENCE_LUFS", "BUILTIN_BEDS", "check_bed", "open_bed"]

BUILTIN_BEDS: dict[str, str] = {
    "pink-noise": "soft pink noise, gently low-passed: an even, neutral hush",
    "brown-noise": "deep brown noise: a low, warm rumble",
    "ocean": "waves: a low roar with slow, irregular swells every 8-14 seconds",
    "rain": "steady soft rain with sparse, gentle droplets",
    "drone": "a soft harmonic pad on a low chord, drifting slowly",
    "none": "no bed: silence under the voice",
}

_CLASSES = {  # name → (module in generator.mix.beds, class)
    "pink-noise": ("procedural", "PinkNoise"),
    "brown-noise": ("procedural", "BrownNoise"),
    "ocean": ("procedural", "Ocean"),
    "rain": ("procedural", "Rain"),
    "drone": ("drone", "Drone"),
}


def _is_file(settings: AmbientSettings) -> bool:
    return settings.file is not None or settings.bed == "file"


def check_bed(settings: AmbientSettings, script: str | None = None) -> None:
    """Raise InputError (pointing at the ambient line of ``script``) for a bed that cannot play:
    an unknown name, or a file that is missing, unreadable, empty or not decodable audio.

    Cheap (a file check and an ffprobe call), so it runs before any audio work.
    """
    if _is_file(settings):
        if settings.file is None:
            raise InputError(
                "ambient bed 'file' needs a path: write `ambient: {file: rain.mp3}`",
                script,
                settings.line,
            )
        from generator.mix.beds.filebed import probe_audio_file

        probe_audio_file(settings.file, script, settings.line)
        return
    if settings.bed not in BUILTIN_BEDS:
        from generator.care.data import did_you_mean

        hint = did_you_mean(settings.bed, BUILTIN_BEDS, cutoff=0.5, then=" ")
        raise InputError(
            f"unknown ambient bed '{settings.bed}'; {hint}built-in beds: {', '.join(BUILTIN_BEDS)} "
            "(or give a file: `ambient: {file: rain.mp3}`)",
            script,
            settings.line,
        )


def open_bed(
    settings: AmbientSettings, sample_rate: int, channels: int, seed: int, script: str | None = None
) -> Bed:
    """A fresh bed stream positioned at its start; the same arguments give the same samples.

    ``seed`` varies the procedural beds (a file bed ignores it). Errors are InputErrors at
    ``script``:``settings.line``, as from ``check_bed``.
    """
    if _is_file(settings) and settings.file is not None:
        from generator.mix.beds.filebed import FileBed

        return FileBed(settings.file, sample_rate, channels, script, settings.line)  # probes first
    check_bed(settings, script)
    import importlib

    from generator.mix.beds.stream import Silence

    if settings.bed == "none":
        return Silence(sample_rate, channels)
    module, name = _CLASSES[settings.bed]
    bed_class = getattr(importlib.import_module(f"generator.mix.beds.{module}"), name)
    return bed_class(sample_rate, channels, seed)
