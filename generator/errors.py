"""One error family: the CLI catches HoldspaceError and prints one line, never a traceback."""

from __future__ import annotations

from pathlib import Path

AND_ALSO = " — and "  # joins several problems said in one line: "bad focus — and bad seed"


class HoldspaceError(Exception):
    """Base of every error holdspace reports to a user. ``exit_code`` is what the CLI returns."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(HoldspaceError):
    """Bad input: a script, a referenced file, or a command-line value. Exit status 2.

    Rendered as ``FILE:LINE: message`` when a file is known, so editors can jump to it; a value
    from a command-line option (``file`` = ``--voice``) as ``--voice: message``.
    """

    exit_code = 2

    def __init__(self, message: str, file: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.file = str(file) if file is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        if self.file.startswith("--"):
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line or 1}: {self.message}"


class LengthOutOfReach(InputError):
    """A script cannot be fitted to the asked length (its holds are already at their limits).

    For ``render`` this is bad input like any other; ``batch`` skips the combination instead,
    since a short breathing track asked for at 30 minutes is expected, not broken."""

    def __init__(
        self,
        message: str,
        file: str | Path | None = None,
        line: int | None = None,
        *,
        target_s: float = 0.0,
        nearest_s: float = 0.0,
        spoken_s: float = 0.0,
    ) -> None:
        super().__init__(message, file, line)
        self.target_s = target_s  # the length asked for
        self.nearest_s = nearest_s  # the nearest the script can be
        self.spoken_s = spoken_s  # of which speech (the part a guess from words can get wrong)


class EngineError(HoldspaceError):
    """A speech engine, or a tool it needs, failed or is missing. Exit status 1."""


class EncodeError(HoldspaceError):
    """ffmpeg or the tag writer failed while producing the output. Exit status 1."""


class ToolMissingError(EngineError):
    """An external program (ffmpeg, espeak-ng) is not installed."""

    def __init__(self, tool: str) -> None:
        super().__init__(
            f"{tool} was not found on PATH; install it with scripts/setup.sh "
            f"(or apt-get install {'espeak-ng' if 'espeak' in tool else tool})"
        )
        self.tool = tool


class Interrupted(HoldspaceError):
    """Ctrl-C or SIGTERM. The message says what was already written (nothing half-written is
    ever left). Exit status 130, as a shell gives a command stopped by Ctrl-C."""

    exit_code = 130

    def __init__(
        self,
        message: str = "holdspace: interrupted; earlier files are untouched and nothing "
        "half-written was left",
    ) -> None:
        super().__init__(message)


class BatchInterrupted(Interrupted):
    """A batch stopped by Ctrl-C or SIGTERM; ``finished`` are the outcomes of the tracks written
    by then (already in place: a render renames its files only when all are complete)."""

    def __init__(self, finished: list) -> None:
        super().__init__(f"interrupted after {len(finished)} tracks")
        self.finished = finished


class DeepUnavailable(InputError):
    """``lint --deep`` was asked for but the ``deep`` extra is not installed. Exit status 2."""


class LintRefusal(HoldspaceError):
    """``render`` refuses a script with lint errors (they are printed above). Exit status 1."""


class ClipRejected(EngineError):
    """A clip failed verification; the caller retries or falls back."""


class Pyttsx3Unusable(EngineError):
    """pyttsx3 cannot start, or rejects the voice: retrying in a new process cannot help."""


class AudioToolFailed(EngineError):
    """ffprobe/ffmpeg rejected a user's audio file: reported to the user as bad input."""
