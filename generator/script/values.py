"""Values people type outside a script, on the command line and in a batch manifest: a length
(``20m``, ``5:35``) and a loudness (``-19``, ``program:-16``). One parser each, so a manifest cell
means exactly what the same words mean after ``--length`` or ``--loudness``. Errors are
``ValueError`` with the message to show; the caller adds where the value came from."""

from __future__ import annotations

from generator.script import format as fmt
from generator.script.model import LoudnessSettings
from generator.script.text import CLOCK, parse_duration


def parse_length(value: str) -> float:
    """A length as people write it and as holdspace prints it: ``20m``, ``1h30m``, ``1200``,
    ``5:35`` (m:ss) or ``1:00:00`` (h:mm:ss), from 1 minute to 4 hours; in seconds."""
    try:
        seconds = parse_duration(value)
    except ValueError as exc:
        message = str(exc)
        if "is not a duration" in message:
            message = (
                f"{value!r} is not a length; write minutes (20m, 1h30m), m:ss (5:35) "
                "or h:mm:ss (1:00:00)"
            )
        raise ValueError(message) from None
    clock = CLOCK.match(value.strip())
    if clock and clock.group(3) and seconds > 4 * 3600:  # "10:00:00": ten minutes, to a sheet?
        hours = int(clock.group(3))
        raise ValueError(
            f"{value.strip()} is {hours} hours (h:mm:ss); for {hours} minutes write {hours}m or "
            f"{hours}:00 (a spreadsheet may have turned {hours}:00 into a time of day: format "
            "the column as text)"
        )
    if not 60 <= seconds <= 4 * 3600:
        if value.strip().isdigit() and 1 <= int(value) <= 240:  # "10" meant ten minutes
            raise ValueError(
                f"{value.strip()} is {value.strip()} seconds (a number alone is seconds); choose "
                f"a length from 1m to 4h, e.g. {value.strip()}m"
            )
        if clock and not clock.group(3) and seconds < 60:  # "0:12": h:mm read as m:ss
            raise ValueError(
                f"{value.strip()} is {seconds:g} seconds (m:ss); choose a length from 1m to 4h, "
                f"e.g. {int(seconds)}m or {int(seconds)}:00"
            )
        raise ValueError("choose a length from 1m to 4h")
    return seconds


def parse_loudness(value: str) -> LoudnessSettings:
    """``-19`` or ``speech:-19`` (the voice's loudness), ``program`` or ``program:-16`` (the whole
    track's); a measure alone keeps the -16 LUFS default."""
    measure, _, number = value.strip().rpartition(":")
    if not measure and number in fmt.LOUDNESS_MEASURES:
        measure, number = number, ""
    measure = measure or "speech"
    try:
        target = float(number) if number else LoudnessSettings().target
    except ValueError:
        target = float("nan")
    if measure not in fmt.LOUDNESS_MEASURES or target not in fmt.LOUDNESS_LUFS:
        limits = fmt.LOUDNESS_LUFS
        raise ValueError(
            f"{value!r}: give the voice's loudness in LUFS ({limits.lo:g} to {limits.hi:g}, e.g. "
            "-19), or program:-16 to master the whole track instead"
        )
    return LoudnessSettings(measure, target)
