"""Where a batch job's session comes from: a script file, or composed from a manifest row's
choices; with the row's own settings (voice, bed, loudness) and listener words (a name for the
greeting, a helpline for the closing) laid over it. Nothing here guesses: a listener word is said
only when the manifest gives it.

The same function runs wherever the job runs (this process, a worker process, a cluster worker),
so a job's session, and so its track, is the same everywhere."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import InputError
from generator.script.model import AmbientSettings, LoudnessSettings, Session

if TYPE_CHECKING:
    from generator.compose.composer import Composed
    from generator.compose.rules import Choices


@dataclass(frozen=True)
class Row:
    """One manifest row, checked: what it renders, and how it differs from its script."""

    manifest: Path
    line: int  # where the row starts in the manifest (its first physical line)
    choices: Choices | None = None  # composed from these (no script)
    voice: str | None = None  # ENGINE, NAME or ENGINE:NAME (see ``voice_settings``)
    rate: int | None = None  # words a minute, over the script's
    bed: str | None = None  # a built-in bed's name
    bed_file: Path | None = None  # or your own audio (resolved against the manifest's folder)
    loudness: LoudnessSettings | None = None
    seed: int | None = None  # the wording's seed, for a script row
    name: str | None = None  # the listener's name: the greeting says it
    helpline: str | None = None  # the closing's support line, in the manifest's words
    cautions: tuple[str, ...] = ()  # pose notes the listener needs (care: cautions), added
    title: str | None = None  # the track's title, over the script's or the composed one
    album: str | None = None  # the album, over the script's and "For Ana"
    description: str | None = None  # written after the script's, never spoken (a phone number)
    problem: str = ""  # why this row cannot run (it fails alone, with this line)

    @property
    def where(self) -> str:
        return f"{self.manifest}:{self.line}"


def composed_text(choices: Choices) -> str:
    """The script ``holdspace compose`` writes for ``choices``; its errors name the options
    (``--focus``), so they are said again with the manifest's columns (``focus``)."""
    return _composed(choices).text


def composed_notes(choices: Choices) -> tuple[str, ...]:
    """What ``holdspace compose`` says about the script it writes for ``choices`` ("only 1 shape
    fits in 8 minutes here…", the shapes left out for ``avoid``), with the manifest's columns."""
    return tuple(as_columns(note) for note in _composed(choices).notes)


@functools.lru_cache(maxsize=64)
def _composed(choices: Choices) -> Composed:
    from generator.compose.composer import compose

    try:
        return compose(choices)
    except InputError as exc:
        raise InputError(as_columns(str(exc))) from None


def as_columns(message: str) -> str:
    """A compose error said with the manifest's columns (``focus``), not the options (``--focus``)."""
    return re.sub(r"--(position|focus|avoid|caution|language|breath|length|seed)\b", r"\1", message)


def load_source(script: Path | None, row: Row | None) -> Session:
    """The job's session before the row's settings: its script, or the composed one."""
    from generator.script.load import load_session, load_text

    if row is not None and row.problem:  # the row's own problem comes first
        raise InputError(row.problem, row.manifest, row.line)
    if script is not None:
        return load_session(script)
    assert row is not None and row.choices is not None
    try:
        text = composed_text(row.choices)
    except InputError as exc:
        raise InputError(exc.message, row.manifest, row.line) from None
    name = f"{row.where} (composed)"
    return load_text(text, name, base_dir=row.manifest.resolve().parent)


def session_for(script: Path | None, row: Row | None) -> Session:
    """The session a job renders: InputError (with the row's line) for a row that cannot run."""
    if row is not None and row.problem:
        raise InputError(row.problem, row.manifest, row.line)
    session = load_source(script, row)
    return with_row(session, row) if row is not None else session


def with_row(session: Session, row: Row) -> Session:
    """``session`` with the row's settings and listener words: each checked as the script's own
    would be, and reported at the row's line."""
    from generator.care.data import normalize_lang
    from generator.care.greetings import greeting
    from generator.care.phrases import for_listener
    from generator.lint.helpline import repeated_number
    from generator.script.text import as_sentence, speakable_problem, split_speech

    def fail(message: str) -> InputError:
        return InputError(message, row.manifest, row.line)

    def spoken(column: str, text: str) -> str:
        problem = speakable_problem(text, session.language)
        if problem is None:
            try:
                split_speech(text)
            except ValueError as exc:
                problem = str(exc)
        if problem:
            raise fail(f"{column}: {problem}")
        return text

    care = session.care
    if row.name is not None:
        try:
            lang = normalize_lang(session.language)
        except ValueError:
            raise fail(
                f"name: the greeting has words in en and es only, and this script is in "
                f"'{session.language}'; leave name empty and write the greeting in the script "
                "(care: greeting: …)"
            ) from None
        care = replace(care, greeting=spoken("name", greeting(lang, row.name)))
        session = replace(session, listener=row.name)
        if session.album is None:  # the listener's tracks group together on their phone
            session = replace(session, album=for_listener(lang, row.name))
    if row.helpline is not None:
        if care.closing is False:
            raise fail(
                "helpline: this script has no closing (care: closing: false), where the "
                "helpline would be said; turn the closing on, or leave helpline empty"
            )
        helpline = spoken("helpline", row.helpline)  # after the script's own line, never instead
        own = (care.resource or "").strip()
        if repeated_number(own, helpline) is None:  # else its number is said once, in own
            care = replace(care, resource=f"{as_sentence(own)} {helpline}" if own else helpline)
    if row.cautions:  # the listener's, beside any the script switches on itself
        care = replace(care, cautions=tuple(dict.fromkeys((*care.cautions, *row.cautions))))
    session = replace(session, care=care)
    if row.voice is not None:  # a voice the row names is the row's to answer for
        from generator.script.voices import voice_settings

        voice = voice_settings(row.voice, session.voice)
        session = replace(session, voice=replace(voice, source=str(row.manifest), line=row.line))
    if row.rate is not None:  # the row's to answer for too: espeak-ng speaks no slower than 80
        voice = replace(session.voice, rate=row.rate, source=str(row.manifest), line=row.line)
        session = replace(session, voice=voice)
    if row.bed is not None or row.bed_file is not None:
        if row.bed_file is not None:
            ambient = replace(session.ambient, bed="file", file=str(row.bed_file))
        else:
            ambient = replace(session.ambient, bed=row.bed or "", file=None)
        session = replace(session, ambient=_ambient_checked(ambient, session, row))
    if row.loudness is not None:
        session = replace(session, loudness=row.loudness)
    if row.title is not None:
        session = replace(session, title=row.title)
    if row.album is not None:  # a course's tracks group as the course, a listener's or not
        session = replace(session, album=row.album)
    if row.description is not None:  # in writing only: after the script's own, never instead
        own = (session.description or "").strip()
        text = f"{as_sentence(own)} {row.description.strip()}" if own else row.description.strip()
        session = replace(session, description=text)
    return session


def _ambient_checked(ambient: AmbientSettings, session: Session, row: Row) -> AmbientSettings:
    from generator.mix.beds.catalog import check_bed

    try:
        check_bed(ambient, session.path)
    except InputError as exc:
        raise InputError(f"bed: {exc.message}", row.manifest, row.line) from None
    return ambient
