"""The recording sheet: every line a session says, once, in speaking order, as ``lines.csv``
(``file,text``: the file name each recording takes, without its extension, and the words) and
``sheet.txt`` (to read from or print: chapters, a tone note for each line, the whole sentence
around a clause, and which lines are recorded). And what a folder holds against it: lines
recorded, lines missing, and recordings no line uses any more."""

from __future__ import annotations

import csv
import io
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

from generator.speech.recording_names import (
    AUDIO_EXTENSIONS,
    audio_files,
    line_stem,
    spoken,
)

WIDTH = 78


def sheet_words(lang: str | None) -> dict:
    """The sheet's words in ``lang`` (generator/data/sheet_words.yaml), English where it has
    none: how a line is said, by what it is for, and how to record."""
    from generator.care.data import load_yaml
    from generator.script.voices import base_language

    words = load_yaml("sheet_words.yaml")
    return words.get(base_language(lang or "en"), words["en"])


@dataclass(frozen=True)
class SheetLine:
    """One line to record: its file name and words, where and how it is said."""

    stem: str
    text: str
    role: str = ""
    chapter: str = ""
    times: int = 1  # how often the session says it
    sentence: str = ""  # the whole sentence, when this line is one clause of it
    part: tuple[int, int] = (1, 1)  # which clause of the sentence, of how many
    within: str = ""  # a breath cue: the breath it is said in ("the 4 s in-breath")
    varies: bool = False  # its words depend on how long the session turns out

    def varying(self) -> SheetLine:
        return replace(self, varies=True)

    def note(self, lang: str = "en") -> str:
        w = sheet_words(lang)
        notes = [w["tone"].get(self.role, w["tone"]["default"])]
        if self.part[1] > 1:
            notes.append(w["part"].format(i=self.part[0], n=self.part[1]))
        if self.within:
            notes.append(w["within"].format(breath=self.within))
        if self.times > 1:
            notes.append(w["times"].format(n=self.times))
        if self.varies:
            notes.append(w["varies"])
        return "; ".join(notes)


@dataclass(frozen=True)
class Spoken:
    """A speech event of a plan, as the sheet needs it."""

    text: str
    role: str
    chapter: str
    sentence: str = ""
    part: tuple[int, int] = (1, 1)
    within: str = ""


def sheet_lines(said: list[Spoken], texts: list[str]) -> list[SheetLine]:
    """The lines of ``texts`` (every text a session may say), in the order of ``said`` (a plan's
    speech, which notes each line); texts ``said`` lacks come last, as they were given."""
    counts: dict[str, int] = {}
    first: dict[str, Spoken] = {}
    for item in said:
        key = spoken(item.text)
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, item)
    order = list(first) + [t for t in dict.fromkeys(spoken(t) for t in texts) if t not in first]
    out = []
    for text in order:
        item = first.get(text)
        out.append(
            SheetLine(
                stem=line_stem(text),
                text=text,
                role=item.role if item else "",
                chapter=item.chapter if item else "",
                times=counts.get(text, 1),
                sentence=item.sentence if item else "",
                part=item.part if item else (1, 1),
                within=item.within if item else "",
            )
        )
    return out


def lines_csv(lines: list[SheetLine]) -> str:
    """``lines.csv``: a ``file,text`` header, then one row per line, in speaking order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "text"])
    writer.writerows([line.stem, line.text] for line in lines)
    return out.getvalue()


@dataclass(frozen=True)
class FolderStatus:
    """A folder against the sheet: the lines with a recording, those without, and the audio
    files no line uses (recordings of words since changed or removed)."""

    recorded: tuple[SheetLine, ...]
    missing: tuple[SheetLine, ...]
    unused: tuple[Path, ...]


def folder_status(folder: Path, lines: list[SheetLine]) -> FolderStatus:
    files = audio_files(folder) if folder.is_dir() else {}
    wanted = {line.stem for line in lines}
    return FolderStatus(
        recorded=tuple(line for line in lines if line.stem in files),
        missing=tuple(line for line in lines if line.stem not in files),
        unused=tuple(p for stem, paths in files.items() if stem not in wanted for p in paths),
    )


def sheet_text(
    lines: list[SheetLine],
    title: str,
    script: str,
    folder: str,
    status: FolderStatus,
    lang: str = "en",
) -> str:
    """``sheet.txt``: how to record, then every line in speaking order under its chapter, in the
    script's language."""
    w = sheet_words(lang)
    done = {line.stem for line in status.recorded}
    exts = ", ".join(AUDIO_EXTENSIONS[:-1]) + f" {w['or']} {AUDIO_EXTENSIONS[-1]}"
    example = lines[0].stem if lines else "welcome-3fc211"
    how = w["how"].format(folder=folder, exts=exts, example=example, script=script)
    head = [
        w["title"].format(title=title),
        w["from"].format(script=script, n=len(lines), missing=len(status.missing)),
        "",
        *textwrap.wrap(how, WIDTH, break_on_hyphens=False),
        "",
        w["done"].format(script=script, folder=folder),
        "",
        w["legend"],
    ]
    body: list[str] = []
    chapter = None
    for number, line in enumerate(lines, 1):
        if line.chapter != chapter:
            chapter = line.chapter
            body += ["", f"== {chapter or w['no_chapter']} =="]
        mark = "x" if line.stem in done else " "
        body += ["", f"[{mark}] {number:3d}  {line.stem}"]
        said = [f"({line.note(lang)})", f'"{line.text}"']
        if line.sentence and line.part[0] == 1:
            said.append(w["whole"].format(sentence=line.sentence))
        for text in said:
            body += textwrap.wrap(
                text, WIDTH, initial_indent=" " * 9, subsequent_indent=" " * 10,
                break_on_hyphens=False,
            )  # fmt: skip
    return "\n".join([*head, *body, ""])
