"""A batch manifest: a CSV file (UTF-8, a header row), one row per track.

Columns (any order, names in any case): ``output`` (required: the MP3's file name inside the
output folder, subfolders allowed), then either ``script`` (a path relative to the manifest) or
the compose choices (``position``, ``focus``, ``avoid``, ``language``, ``breath``; ``seed`` picks
the session); ``length`` with either; ``voice``, ``bed``, ``loudness`` and ``seed`` (the wording's,
for a script); ``title`` and ``album`` (the track's tags, over the script's or the composed
ones: "Week 2" of a course); ``description`` (written after the track's description, never
spoken); and the listener's own words, said only when given: ``name`` (a greeting before the
opening) and ``helpline`` (a support line in the closing).

Refused at once (nothing rendered): a file that is not a UTF-8 CSV with a header, an unknown or
repeated column, no ``output`` column, no rows, two rows with one output. A row with a bad value
fails alone, with its line, when the batch runs. Empty rows and rows whose first cell starts with
``#`` are skipped. Excel's semicolon and tab separated exports are read too."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TypeVar

from generator.batch.cells import read_rows, split_cell
from generator.batch.jobs import Job, refuse_overwriting_inputs
from generator.batch.sources import Row, as_columns
from generator.care.data import did_you_mean
from generator.errors import AND_ALSO, InputError

_T = TypeVar("_T")

if TYPE_CHECKING:
    from generator.compose.rules import Choices

SCRIPT_COLUMNS = (
    "script", "length", "voice", "rate", "bed", "loudness", "seed", "name", "helpline", "caution",
    "title", "album", "description",
)  # fmt: skip
COMPOSE_ONLY = ("position", "focus", "avoid", "language", "breath")
COLUMNS = ("output", *SCRIPT_COLUMNS, *COMPOSE_ONLY)
MAX_SEED = 2**32 - 1  # the wording's seed, as --seed takes it


def read_manifest(path: Path, out_dir: Path) -> list[Job]:
    """The manifest's jobs, in its order, writing into ``out_dir``."""
    rows = read_rows(path)
    header, lines = rows[0] if rows else ([], 0)
    if not header:
        raise InputError(
            "the manifest is empty; its first row names the columns (output, then script or "
            "the compose choices)",
            path,
            1,
        )
    columns = _columns(path, header)
    jobs: list[Job] = []
    owners: dict[str, int] = {}
    for cells, line in rows[1:]:
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        job = _job(path, out_dir, columns, cells, line, len(header))
        key = _output_key(job)
        if key and key in owners:
            raise InputError(
                f"output {job.output.relative_to(out_dir)} is also the output of the row at line "
                f"{owners[key]}; give each row its own file name",
                path,
                line,
            )
        if key:
            owners[key] = line
        jobs.append(job)
    if not jobs:
        raise InputError("the manifest has a header but no rows; add one row per track", path, 1)
    inputs = [(path, "manifest", path)]
    inputs += [(j.script, "script", j.script) for j in jobs if j.script is not None]
    inputs += [(j.row.bed_file, "bed", path) for j in jobs if j.row is not None and j.row.bed_file]
    refuse_overwriting_inputs(out_dir, [j.output for j in jobs if _output_key(j)], inputs)
    return jobs


def _columns(path: Path, header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip().lower()
        if not name:
            continue  # an unnamed column (a spreadsheet's trailing comma): its cells must be empty
        if name not in COLUMNS:
            hint = did_you_mean(name, COLUMNS, then=" ")
            raise InputError(
                f"unknown column '{raw.strip()}'; {hint}the columns are: {', '.join(COLUMNS)}",
                path,
                1,
            )
        if name in columns:
            raise InputError(f"the column '{name}' appears twice; keep one", path, 1)
        columns[name] = index
    if "output" not in columns:
        raise InputError("no 'output' column; every row needs the file name of its track", path, 1)
    return columns


def _job(
    path: Path, out_dir: Path, columns: dict[str, int], cells: list[str], line: int, width: int
) -> Job:
    """The row's job; bad values make a job that fails alone, saying everything to fix in it."""
    split = split_cell(cells, width)
    if split:  # every cell after it is in the wrong column: their errors would only mislead
        return Job(None, out_dir / f"(line {line})", None, Row(path, line, problem=split))
    named = {name: cells[i].strip() if i < len(cells) else "" for name, i in columns.items()}
    values = {name: value for name, value in named.items() if value}
    output = out_dir / f"(line {line})"  # until the row's own is known to be good
    script = path.parent / values["script"] if "script" in values else None
    problems = _Problems()
    extra = [c for i, c in enumerate(cells) if c.strip() and i not in columns.values()]
    if extra:
        problems.add(
            f"the row has a value ({extra[0].strip()[:30]!r}) in a column without a name; "
            "name the column in the header or remove the value"
        )
    rel = problems.attempt(lambda: _output(values.get("output", "")))
    if rel is not None:
        output = out_dir / rel
    if script is not None and not script.is_file():
        problems.add(
            f"no script {values['script']!r} beside the manifest ({script} does not exist); "
            "a row's script is named from the manifest's own folder"
        )
    length = problems.attempt(lambda: _length(values))
    row = problems.attempt(lambda: _row(path, line, columns, values))
    if problems.found or row is None:
        if values.get("helpline"):  # its words too, so the row is mended in one go
            from generator.batch.listener import helpline_refusals

            for refusal in helpline_refusals(values["helpline"], values.get("language") or "en"):
                problems.add(refusal)
        return Job(script, output, None, Row(path, line, problem=problems.text()))
    return Job(script, output, length, row)


class _Problems:
    """A row's problems, all of them, so one run says everything to fix in the row (a batch of
    per-client rows used to say one, and the next only after it was fixed and run again)."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, problem: str) -> None:
        self.found.append(problem)

    def attempt(self, make: Callable[[], _T], label: str = "") -> _T | None:
        """``make()``, or None with its problem noted (after ``label``, when the message does
        not name its column itself)."""
        try:
            return make()
        except (ValueError, InputError) as exc:
            self.found.append(as_columns(f"{label}{exc}"))
            return None

    def text(self) -> str:
        return AND_ALSO.join(self.found)


def _output(value: str) -> PurePosixPath:
    if not value:
        raise ValueError("output is empty; give the track's file name, e.g. ana-monday.mp3")
    rel = PurePosixPath(value.replace("\\", "/"))
    if rel.is_absolute() or re.match(r"^[A-Za-z]:", value) or ".." in rel.parts:
        raise ValueError(
            f"output {value!r} must be a file name inside the output folder (subfolders are "
            "fine), not an absolute path or one that leaves it"
        )
    if rel.suffix.lower() != ".mp3" or not rel.stem:
        raise ValueError(f"output {value!r} must name an .mp3 file, e.g. ana-monday.mp3")
    return rel


def _length(values: dict[str, str]) -> float | None:
    from generator.script.values import parse_length

    if "length" not in values:
        return None
    try:
        return parse_length(values["length"])
    except ValueError as exc:
        raise ValueError(f"length: {exc}") from None


def _row(path: Path, line: int, columns: dict[str, int], values: dict[str, str]) -> Row:
    """The row's choices, every cell checked; a ValueError names every bad one."""
    from generator.script.values import parse_loudness

    problems = _Problems()
    composing = "script" not in values
    if not composing:
        given = [c for c in COMPOSE_ONLY if c in values]
        if given:
            problems.add(
                f"{given[0]} is a compose choice, and this row names a script (which has its "
                f"own); leave {given[0]} empty, or leave script empty to compose"
            )
    elif "script" in columns and not any(c in values for c in COMPOSE_ONLY):
        problems.add(
            "script is empty; name a script, or give compose choices (position, focus, avoid, "
            "language) to compose this track"
        )
    seed = problems.attempt(lambda: _seed(values.get("seed"), composing))
    cautions = problems.attempt(lambda: cautions_in(values.get("caution"))) or ()
    choices = problems.attempt(lambda: _choices(values, seed, cautions)) if composing else None
    if choices is not None:  # position, focus, avoid, language, breath: every one said now
        from generator.compose.rules import checked

        problems.attempt(lambda: checked(choices))
    bed, bed_file = problems.attempt(lambda: _bed(path, values.get("bed"))) or (None, None)
    loudness = None
    if "loudness" in values:
        loudness = problems.attempt(lambda: parse_loudness(values["loudness"]), "loudness ")
    rate = problems.attempt(lambda: _rate(values.get("rate")))
    title = problems.attempt(lambda: _tag_text("title", values.get("title")))
    album = problems.attempt(lambda: _tag_text("album", values.get("album")))
    description = " ".join(values["description"].split()) if values.get("description") else None
    if problems.found:
        raise ValueError(problems.text())
    return Row(
        path,
        line,
        choices=choices,
        voice=values.get("voice"),
        rate=rate,
        bed=bed,
        bed_file=bed_file,
        loudness=loudness,
        seed=None if composing else seed,
        name=values.get("name"),
        helpline=values.get("helpline"),
        cautions=cautions,
        title=title,
        album=album,
        description=description,
    )


def _rate(value: str | None) -> int | None:
    """A rate cell: words a minute, as a script's ``voice: {rate: …}`` (a slower voice for one
    listener, without a script of their own)."""
    from generator.script.format import RATE

    if value is None:
        return None
    if not re.fullmatch(r"\d+", value.strip()) or int(value) not in RATE:
        raise ValueError(
            f"rate {value!r} must be a whole number of words a minute from {RATE.lo:g} to "
            f"{RATE.hi:g} (130 is the calm default; 110 is slower)"
        )
    return int(value)


def _tag_text(column: str, value: str | None) -> str | None:
    """A title or album cell: one line, as long as a script's title may be."""
    from generator.script.format import MAX_TITLE_CHARS

    if value is None:
        return None
    text = " ".join(value.split())
    if len(text) > MAX_TITLE_CHARS:
        raise ValueError(f"{column} is longer than {MAX_TITLE_CHARS} characters; shorten it")
    return text


def _seed(value: str | None, composing: bool) -> int | None:
    if value is None:
        return None
    top = 2**63 - 1 if composing else MAX_SEED
    if not re.fullmatch(r"\d+", value) or int(value) > top:
        raise ValueError(f"seed {value!r} must be a whole number from 0 to {top}")
    return int(value)


def _items(value: str | None, known: tuple[str, ...]) -> tuple[str, ...]:
    """A cell's list: split at commas, semicolons and spaces ("knees lying_on_back"), except a
    value people write in several words ("hip replacement", "boca arriba"), which stays one so
    the error can say what it means."""
    from generator.care.data import said_as

    items: list[str] = []
    lowered = {k.casefold(): k for k in known}  # "Hip_Replacement" from a spreadsheet
    for chunk in re.split(r"[,;]", value or ""):
        words = chunk.split()
        whole = " ".join(words)
        # several words, none known ("ankle in cast"): the error quotes them all; with a known
        # one among them ("knes lying_on_back") a list, and the error names the wrong word
        several = said_as(whole) or not any(w.casefold() in lowered for w in words)
        items += [whole] if len(words) > 1 and whole not in known and several else words
    return tuple(dict.fromkeys(lowered.get(i.casefold(), i) for i in items if i))


def cautions_in(value: str | None) -> tuple[str, ...]:
    """``hip_replacement, pregnancy``: the pose notes a listener needs, checked (ValueError);
    a manifest's ``caution`` and ``lint --caution``."""
    from generator.care.data import said_as
    from generator.script.format import CAUTIONS

    # "hip replacement", "prótesis de cadera", "hypermobile": what people write for one
    items = tuple(
        dict.fromkeys(
            said if (said := said_as(i)) in CAUTIONS else i for i in _items(value, CAUTIONS)
        )
    )
    for item in items:
        if item not in CAUTIONS:
            hint = did_you_mean(item, CAUTIONS)
            listed = ", ".join(CAUTIONS)
            hint = hint or "for another need, say it in the script's own words (a row's script)"
            raise ValueError(f"caution {item!r} is not one of {listed}; {hint}")
    return items


def _choices(values: dict[str, str], seed: int | None, cautions: tuple[str, ...] = ()) -> Choices:
    from generator.care.poses import all_poses, asks_tags
    from generator.compose.rules import DEFAULT_LENGTH_S, Choices

    try:
        length = _length(values)
    except ValueError:  # said once, by the row's own length check
        length = None
    return Choices(
        length_s=length or DEFAULT_LENGTH_S,
        place=values.get("position", "floor").strip().casefold(),  # "Chair", as sheets capitalise
        focus=values.get("focus", "hips").strip().casefold(),
        avoid=_items(values.get("avoid"), (*asks_tags(), *(p.id for p in all_poses()))),
        language=values.get("language", "en"),
        cautions=cautions,
        seed=seed or 0,
        breath=values.get("breath"),
    )


def _bed(path: Path, value: str | None) -> tuple[str | None, Path | None]:
    """A built-in bed's name, or your own audio file beside the manifest."""
    if value is None:
        return None, None
    from generator.mix.beds.catalog import BUILTIN_BEDS

    if value in BUILTIN_BEDS:
        return value, None
    file = (path.parent / value).resolve()
    if file.is_file():
        return None, file
    hint = did_you_mean(value, BUILTIN_BEDS, cutoff=0.5, then=" ")
    raise ValueError(
        f"bed {value!r} is neither a built-in bed nor a file beside the manifest; {hint}"
        f"built-in beds: {', '.join(BUILTIN_BEDS)}"
    )


def _output_key(job: Job) -> str:
    """The output's identity for spotting two rows with one file (none for a row that fails)."""
    # case folded: a phone's or SD card's file system often ignores case, so a.mp3 and A.mp3 clash
    return "" if job.row is not None and job.row.problem else str(job.output).casefold()
