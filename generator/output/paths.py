"""Where a render's files go, checked before any work starts: the MP3's name (from the title by
default), the stems and sidecars beside it, and every way a name can be wrong: a folder, a device
or pipe, no extension, too long, a missing or read-only folder, or a file the script reads."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shlex
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import InputError
from generator.output.files import name_max, probe_writable
from generator.output.sidecars import DEFAULT_KINDS as SIDECAR_KINDS
from generator.output.sidecars import SIDECAR_LABELS, sidecar_path
from generator.script.model import Session

VOICE_STEM = "the voice stem"
AMBIENT_STEM = "the ambient stem"


def slug(title: str) -> str:
    """A safe file name from a title: ASCII letters, digits and dashes, never a path."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:80].strip("-")
    return name or "session"


OUTPUT_FOLDER = Path("audio_out")  # the project's own (git-ignored): made when first written to


def default_output(session: Session) -> Path:
    return titled_output(session.title)


def titled_output(title: str) -> Path:
    """Where a render puts the track titled ``title`` unless told otherwise."""
    return OUTPUT_FOLDER / f"{slug(title)}.mp3"


@dataclass(frozen=True)
class Target:
    """One file a command will write, with what it is and how to avoid it (for messages)."""

    path: Path
    what: str = ""  # "" for the file the option names; else e.g. "the captions"
    hint: str = ""  # e.g. " (or pass --no-sidecars)"


@dataclass(frozen=True)
class RenderFiles:
    """Every file one render writes, by what it is. All are checked before any work starts,
    and renamed into place together at the end."""

    mp3: Path
    voice_stem: Path | None = None
    ambient_stem: Path | None = None
    sidecars: tuple[tuple[str, Path], ...] = ()  # (kind, path), in SIDECAR_KINDS order

    def all(self) -> tuple[Path, ...]:
        """The MP3, then the stems, then the sidecars."""
        stems = tuple(p for p in (self.voice_stem, self.ambient_stem) if p is not None)
        return (self.mp3, *stems, *(path for _, path in self.sidecars))

    def targets(self) -> tuple[Target, ...]:
        """The files with what they are and how to avoid each, for ``check_output``'s messages."""
        found = [Target(self.mp3)]
        hint = " (or leave out --stems)"
        if self.voice_stem is not None:
            found.append(Target(self.voice_stem, VOICE_STEM, hint))
        if self.ambient_stem is not None:
            found.append(Target(self.ambient_stem, AMBIENT_STEM, hint))
        found += [
            Target(path, SIDECAR_LABELS[kind], " (or pass --no-sidecars)")
            for kind, path in self.sidecars
        ]
        return tuple(found)


def render_files(mp3: Path, stems: bool = False, sidecars: bool = True) -> RenderFiles:
    """The files a render of ``mp3`` writes: stems beside it with ``stems``, sidecars with
    ``sidecars``."""
    return RenderFiles(
        mp3,
        mp3.with_suffix(".voice.wav") if stems else None,
        mp3.with_suffix(".ambient.wav") if stems else None,
        tuple((kind, sidecar_path(mp3, kind)) for kind in SIDECAR_KINDS) if sidecars else (),
    )


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
    if session.voice.folder:  # your own voice: every recording it may read
        from generator.speech.recording_names import AUDIO_EXTENSIONS

        folder = Path(session.voice.folder)
        with contextlib.suppress(OSError):
            found += [
                (p, "recording")
                for p in sorted(folder.iterdir())
                if p.suffix.lower() in AUDIO_EXTENSIONS
            ]
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
        raise _is_a_folder(option, shown, extension)
    if path.suffix.lower() != extension:
        raise _wrong_extension(option, shown, extension)
    if missing and not (create_folder or parent == OUTPUT_FOLDER):
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


def named_output(raw: str | None, option: str, extension: str, script: Path | None) -> Path | None:
    """The file an output option names, refused at once, before the script is read, when it
    cannot be one: empty, a folder (a trailing ``/`` always means one), the script itself, or a
    name without ``extension``. ``check_output`` checks the rest once the script is read."""
    if raw is None:
        return None
    if not raw.strip():
        raise InputError(f"{option} is empty; give a file name ending in {extension}")
    path = Path(raw)
    if script is not None and os.path.isfile(script) and same_file(path, script):
        raise InputError(
            f"{option} {raw}: this is the script itself, which writing would destroy; give "
            f"another file name, ending in {extension}"
        )
    if raw.endswith(("/", os.sep)):
        if os.path.isdir(path):
            raise InputError(
                f"{option} {raw} is a folder; give a file name ending in {extension}, "
                f"e.g. {raw}session{extension}"
            )
        raise InputError(
            f"{option} {raw}: there is no folder {path} (a name ending in / is a folder); give "
            f"a file name ending in {extension}, in a folder that exists"
        )
    if os.path.isdir(path):
        raise _is_a_folder(option, raw, extension)
    if path.suffix.lower() != extension:
        hint = ""
        if option == "--svg" and path.suffix.lower() in (".yaml", ".yml"):
            hint = f" (to plan {raw}, name it before --svg: holdspace plan {raw} --svg plan.svg)"
        raise _wrong_extension(option, raw, extension, hint)
    return path


def _is_a_folder(option: str, shown: str, extension: str) -> InputError:
    return InputError(f"{option} {shown} is a folder; give a file name ending in {extension}")


def _wrong_extension(option: str, shown: str, extension: str, hint: str = "") -> InputError:
    return InputError(f"{option} {_short(shown)}: give a file name ending in {extension}{hint}")


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
