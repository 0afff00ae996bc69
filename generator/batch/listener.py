"""The words a manifest row brings (a listener's name, a helpline), checked as every spoken word
is and in every language holdspace has words for: a therapist may write an English helpline
under a Spanish track. Errors fail the row (``generator.batch.work.checked``); warnings, and a
helpline or a row's voice in another language than the track, are said before a batch renders."""

from __future__ import annotations

import re
from typing import Any

from generator.batch.jobs import Job, seed_of
from generator.batch.sources import load_source, with_row
from generator.errors import HoldspaceError
from generator.lint import helpline
from generator.script.model import CareSettings, Session
from generator.script.voices import base_language


def listener_findings(
    job: Job, language: str, greeting: str | None = None, level: str = "warning"
) -> list[str]:
    """The ``level`` findings on the words ``job``'s manifest row brings (its greeting, or the
    name alone, and its helpline), one line each at the row's line: read in the track's
    language and every other (a helpline may be in another language than the track)."""
    return _finding_lines(job, _linted(job, language, greeting), level, language)


def listener_warnings(plan: list[Job]) -> list[str]:
    """The warnings on every manifest row's own words, said before anything is rendered (a URL
    in a helpline is read out symbol by symbol); errors refuse the row later (``checked``), as
    does a row whose script cannot be read."""
    lines: list[str] = []
    for job in plan:
        try:
            source = load_source(job.script, job.row)  # the script's own words, before the row's
            session = with_row(source, job.row) if job.row is not None else source
        except HoldspaceError:
            continue
        greeting = session.care.greeting if job.row is not None and job.row.name else None
        linted = _linted(job, session.language, greeting)
        lines += _finding_lines(job, linted, "warning", session.language)
        lines += _language_warnings(job, session)
        lines += _repeat_note(job, source.care) + _group_note(job, source.care)
        lines += _row_timing(job, session, source)
        helpline = linted.get(job.row.helpline or "", []) if job.row is not None else []
        if not any(f.level == "error" for f in helpline):  # one the rules refuse is theirs
            lines += _pressure_warning(job, session.language)
    return lines


def caution_refusals(job: Job, session: Session) -> list[str]:
    """A row's ``caution`` on a script whose own words or poses ask for what it advises against
    ("cross your right leg over your left" for someone after a hip replacement): the script's
    author may never have meant it for this listener, and the row fails (``against-caution`` is
    an error) unless the script says on that line why it is kept."""
    from generator.lint.catalog import AGAINST_CAUTION
    from generator.lint.script import lint_session

    if job.row is None or not job.row.cautions or job.script is None:
        return []
    source = job.script.read_text(encoding="utf-8")
    return [
        f"{job.row.where}: {f}"
        for f in lint_session(session, source)
        if f.rule == AGAINST_CAUTION and f.level == "error"
    ]


def _linted(job: Job, language: str, greeting: str | None) -> dict[str, list[Any]]:
    """Each of the row's own texts (greeting or name, helpline) with its findings, linted once."""
    from generator.lint.rules import lint_any_language

    if job.row is None:
        return {}
    said = (greeting or job.row.name, job.row.helpline)
    return {text: lint_any_language(text, language) for text in said if text}


def _finding_lines(job: Job, linted: dict[str, list[Any]], level: str, language: str) -> list[str]:
    """One line per finding; an order in a helpline ("You must call…") gets a helpline's
    rewrite, not the one written for a pose."""
    if job.row is None:
        return []
    lines = []
    for text, findings in linted.items():
        for f in findings:
            if f.level != level:
                continue
            advice = _advice(f, language, text) if text == job.row.helpline else f.suggestion
            lines.append(f'{job.row.where}: {level} {f.rule_id}: "{f.phrase}" — {advice}')
    return lines


def helpline_refusals(text: str, language: str) -> list[str]:
    """The errors the rules find in a helpline, said with a manifest row's other bad cells
    before its script is read (a row with a bad length and "You must call 999" said only the
    length, and the order only once the length was mended)."""
    from generator.lint.rules import lint_any_language

    return [
        f'error {f.rule_id}: "{f.phrase}" — {_advice(f, language, text)}'
        for f in lint_any_language(text, language)
        if f.level == "error"
    ]


def _advice(finding: Any, language: str, text: str | None = None) -> str:
    """An order in a helpline ("You must call…") gets a helpline's rewrite, not a pose's."""
    if finding.rule_id not in _ORDERS:
        return finding.suggestion
    said = helpline.written_in(text or finding.phrase) or base_language(language)
    return _ORDER_REWRITE.get(said, finding.suggestion)


_ORDERS = ("command", "urgency")  # a helpline's order is to get in touch, not to hold a pose
_ORDER_REWRITE = {
    "en": 'a helpline is an offer: e.g. "if you\'d like to talk to someone, you can call …"',
    "es": 'una línea de ayuda es un ofrecimiento: p. ej. "si quieres hablar con alguien, puedes '
    'llamar al …"',
}


def _pressure_warning(job: Job, language: str) -> list[str]:
    """A helpline (or a description) that presses the listener to get in touch, without an
    offer in it."""
    if job.row is None:
        return []
    lines = []
    for text in (job.row.helpline, job.row.description):
        found = helpline.pressure(text, language) if text else None
        if found is not None:
            words, rewrite = found
            lines.append(f'{job.row.where}: warning helpline-pressure: "{words}" — {rewrite}')
    return lines


def _repeat_note(job: Job, care: CareSettings) -> list[str]:
    """A helpline whose number the script's own resource line gives already: left out, so the
    number is said once (a therapist's clinic number was said twice in a row), and said so."""
    if job.row is None or not job.row.helpline:
        return []
    number = helpline.repeated_number(care.resource, job.row.helpline)
    if number is None:
        return []
    return [
        f"{job.row.where}: note: the script's resource line gives {number} already, so the "
        "helpline is not said as well (the number once, in the script's words); to say the "
        "helpline's words instead, leave the number out of the script's resource"
    ]


# words an opening speaks to a group with ("Good morning, everyone", "Hola a todos")
_GROUP = re.compile(
    r"\b(?:everyone|everybody|all\s+of\s+you|folks|y'?all|you\s+all|ladies|gentlemen|group|"
    r"class|todos|todas|todo\s+el\s+mundo|chicos|chicas|grupo|clase)\b",
    re.IGNORECASE,
)


def _group_note(job: Job, care: CareSettings) -> list[str]:
    """A row greeting one listener by name before an own opening that speaks to a group: a
    tester's "Hello, Doreen." came before "Good morning, everyone, it's Maya."."""
    if job.row is None or not job.row.name:
        return []
    opening = care.opening
    if not isinstance(opening, str) or not (group := _GROUP.search(opening)):
        return []
    return [
        f"{job.row.where}: note: this track greets {job.row.name} by name, and then the "
        f'script\'s opening speaks to a group ("{group.group()}"); for one listener, write an '
        "opening of their own, or leave name empty"
    ]


def _row_timing(job: Job, session: Session, source: Session) -> list[str]:
    """Timing warnings a row brings that its script alone has not (lint judges the script, not
    each row): its length, rate or voice makes the track another length than the script's own
    words say, or leaves one of its own check-ins unsaid. A tester's opening said "about fifteen
    minutes" for a client's 11:00 row, whose holds, shortened, heard none of her check-ins."""
    from generator.plan.wording import known_language

    lang = known_language(session.language)
    if job.row is None or lang is None:
        return []
    found = _timing(session, job.length, lang, job)
    own = (
        {(rule, words) for rule, words, _ in _timing(source, None, lang, None)} if found else set()
    )
    return [
        f'{job.row.where}: warning {rule}: "{words}" — {message} (this row\'s length, rate or '
        "voice makes it so)"
        for rule, words, message in found
        if (rule, words) not in own
    ]


def _timing(
    session: Session, length: float | None, lang: str, job: Job | None
) -> list[tuple[str, str, str]]:
    """The length-said and check-in-unsaid findings (rule, words, message) on ``session`` at
    ``length``, by the plan guessed from its words; none where the length is near the edge
    (then the plan is not the track's)."""
    from generator.lint.timing import said_length
    from generator.lint.unsaid import unsaid_check_ins
    from generator.plan.estimate import estimated_plan

    try:
        seed = seed_of(job) if job is not None else None
        plan = estimated_plan(session, seed=seed, length=length)
    except HoldspaceError:
        return []
    found: list[tuple[str, str, str]] = []

    def add(line: int, level: str, rule: str, words: str, message: str, *_: object) -> None:
        found.append((rule, words, message))

    said_length(session, plan, lang, [], add)
    unsaid_check_ins(session, plan, 1, lang, add)
    return found


_NAMES = {"en": "English", "es": "Spanish"}


def _language_warnings(job: Job, session: Session) -> list[str]:
    """A helpline written in another language than the track, or a row's voice for another
    language: the track's voice reads its words with its own language's sounds."""
    from generator.speech.select import spoken_language

    if job.row is None:
        return []
    track = base_language(session.language)
    said = _NAMES.get(track, track)
    lines = []
    if job.row.helpline and (other := helpline.written_in(job.row.helpline)) not in (None, track):
        lines.append(
            f'{job.row.where}: warning helpline-language: "{job.row.helpline}" is in '
            f"{_NAMES[other]} and the track in {said}: its voice will read it with {said} "
            f"sounds; write it in {said}"
        )
    spoken = spoken_language(session.voice)
    if job.row.voice and spoken and spoken != track:
        lines.append(
            f"{job.row.where}: warning voice-language: the voice {job.row.voice} speaks "
            f"{_NAMES.get(spoken, spoken)} and the track is in {said}: its words will be read "
            f"with {_NAMES.get(spoken, spoken)} sounds"
        )
    return lines
