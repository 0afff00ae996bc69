"""The words a manifest row brings (a listener's name, a helpline), checked as every spoken word
is and in every language holdspace has words for: a therapist may write an English helpline
under a Spanish track. Errors fail the row (``generator.batch.work.checked``); warnings, and a
helpline or a row's voice in another language than the track, are said before a batch renders."""

from __future__ import annotations

import re

from generator.batch.jobs import Job
from generator.batch.sources import session_for
from generator.errors import HoldspaceError
from generator.script.model import Session


def listener_findings(
    job: Job, language: str, greeting: str | None = None, level: str = "warning"
) -> list[str]:
    """The ``level`` findings on the words ``job``'s manifest row brings (its greeting, or the
    name alone, and its helpline), one line each at the row's line: read in the track's
    language and every other (a helpline may be in another language than the track)."""
    from generator.lint.rules import lint_any_language

    if job.row is None:
        return []
    said = (greeting or job.row.name, job.row.helpline)
    return [
        f'{job.row.where}: {level} {f.rule_id}: "{f.phrase}" — {f.suggestion}'
        for text in said
        if text
        for f in lint_any_language(text, language)
        if f.level == level
    ]


def listener_warnings(plan: list[Job]) -> list[str]:
    """The warnings on every manifest row's own words, said before anything is rendered (a URL
    in a helpline is read out symbol by symbol); errors refuse the row later (``checked``), as
    does a row whose script cannot be read."""
    lines: list[str] = []
    for job in plan:
        try:
            session = session_for(job.script, job.row)
        except HoldspaceError:
            continue
        greeting = session.care.greeting if job.row is not None and job.row.name else None
        lines += listener_findings(job, session.language, greeting)
        lines += _language_warnings(job, session)
    return lines


# a few short words each language uses in almost every sentence, to tell a helpline's language
_FUNCTION_WORDS = {
    "en": frozenset((
        "the", "you", "your", "and", "to", "if", "can", "call", "any", "is",
        "it", "of", "or", "on", "with", "we", "our", "in", "for", "are",
    )),
    "es": frozenset((
        "el", "la", "los", "las", "y", "de", "que", "si", "puedes", "llamar", "al",
        "en", "tu", "con", "para", "es", "o", "por", "lo", "del", "te",
    )),
}  # fmt: skip
_NAMES = {"en": "English", "es": "Spanish"}


def written_in(text: str) -> str | None:
    """The language a short text is plainly written in (by its function words), or None when
    it does not say ("116 123", "Samaritans")."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    hits = {
        lang: sum(w in vocabulary for w in words) for lang, vocabulary in _FUNCTION_WORDS.items()
    }
    best = max(hits, key=lambda lang: hits[lang])
    others = max(n for lang, n in hits.items() if lang != best)
    return best if hits[best] >= 2 and hits[best] > 2 * others else None


def _language_warnings(job: Job, session: Session) -> list[str]:
    """A helpline written in another language than the track, or a row's voice for another
    language: the track's voice reads its words with its own language's sounds."""
    from generator.script.voices import voice_language

    if job.row is None:
        return []
    track = session.language.split("-")[0].lower()
    said = _NAMES.get(track, track)
    lines = []
    if job.row.helpline and (other := written_in(job.row.helpline)) not in (None, track):
        lines.append(
            f'{job.row.where}: warning helpline-language: "{job.row.helpline}" is in '
            f"{_NAMES[other]} and the track in {said}: its voice will read it with {said} "
            f"sounds; write it in {said}"
        )
    spoken = voice_language(session.voice.name)
    if job.row.voice and spoken and spoken != track:
        lines.append(
            f"{job.row.where}: warning voice-language: the voice {job.row.voice} speaks "
            f"{_NAMES.get(spoken, spoken)} and the track is in {said}: its words will be read "
            f"with {_NAMES.get(spoken, spoken)} sounds"
        )
    return lines
