"""Language rules for spoken text: durations, sentence splitting, the pause marker, speakability.

Pure functions; the loader uses them to validate, the planner to time speech.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass

from generator.script.format import MAX_PAUSE_MARKER_S, MAX_TEXT_CHARS

_DURATION = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?)h)?(?:(?P<m>\d+(?:\.\d+)?)m)?(?:(?P<s>\d+(?:\.\d+)?)s?)?$"
)

# units written out, as people type them ("2 min", "10 minutes", "1 minuto 30 segundos"); longest
# first, so "mins" is not read as "m" + "ins"
_UNIT = {
    **dict.fromkeys(("hours", "hour", "hrs", "hr", "horas", "hora"), "h"),
    **dict.fromkeys(("minutes", "minute", "mins", "min", "minutos", "minuto"), "m"),
    **dict.fromkeys(("seconds", "second", "secs", "sec", "segundos", "segundo", "seg"), "s"),
}
_UNITS = re.compile(
    r"(?<=\d)(" + "|".join(sorted(_UNIT, key=len, reverse=True)) + r")(?=[\d,]|$|and\d|y\d)"
)
_AND = re.compile(r"(?<=[hms])(?:and|y|,)(?=\d)")  # "1 minute and 30 seconds", "1 min y 30 s"


# m:ss or h:mm:ss, as holdspace prints lengths and holds
CLOCK = re.compile(r"^(?:(\d+):([0-5]\d)|(\d+):([0-5]\d):([0-5]\d))$")
_DECIMAL_COMMA = re.compile(r"(\d),(\d)")


def parse_duration(value: object, *, zero_ok: bool = False) -> float:
    """Seconds from ``10``, ``7.5``, ``"10s"``, ``"2m"``, ``"1m30s"``, ``"1h"``, with the
    units written out: ``"2 min"``, ``"10 minutes"``, ``"1 minuto 30 segundos"``, as a clock
    (``"1:30"`` m:ss, ``"1:00:00"`` h:mm:ss, as ``plan`` prints them and YAML reads them
    unquoted), and with a decimal comma (``"1,5m"``).

    ``zero_ok``: ``0`` is allowed too (a gap that can be switched off). Raises ValueError with a
    message fit for the user; the caller adds file and line.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(f'expected a duration like 90, "90s", "2m" or "1m30s", got {shown(value)}')
    if isinstance(value, int | float):
        try:
            seconds = float(value)
        except OverflowError:  # an int with hundreds of digits
            raise ValueError(
                f"a number of {len(str(abs(value)))} digits is not a sensible duration"
            ) from None
    elif isinstance(value, str) and (clock := CLOCK.match(value.strip())):
        m, s, h, hm, hs = (int(g) if g else 0 for g in clock.groups())
        seconds = float(m * 60 + s) if clock.group(1) else float(h * 3600 + hm * 60 + hs)
    elif isinstance(value, str):
        comma = _DECIMAL_COMMA.sub(r"\1.\2", value.strip())  # "1,5m": a decimal comma
        text = _UNITS.sub(lambda m: _UNIT[m.group(1)], comma.lower().replace(" ", ""))
        text = _AND.sub("", text)
        sign = -1.0 if text.startswith("-") else 1.0
        match = _DURATION.match(text.lstrip("-+"))
        if not text or not match or not any(match.groupdict().values()):
            raise ValueError(
                f'{shown(value)} is not a duration; write seconds (90, "90s"), minutes ("2m", "1m30s") or m:ss ("1:30")'
            )
        h, m, s = (float(match.group(k) or 0) for k in "hms")
        seconds = sign * (h * 3600 + m * 60 + s)
    else:
        raise ValueError(f'expected a duration like 90 or "1m30s", got a {type(value).__name__}')
    if not math.isfinite(seconds):
        raise ValueError(f"{shown(value)} is not a finite duration")
    if zero_ok and seconds == 0:
        return 0.0  # also "-0": no silence either way
    if seconds <= 0:
        least = "0 or more" if zero_ok else "more than zero"
        raise ValueError(f"a duration must be {least}, got {shown(value)}")
    return seconds


def shown(value: object, limit: int = 40) -> str:
    """``repr(value)`` for a message, cut short: a pasted page must not become the message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def written_duration(seconds: float) -> str:
    """``45s``, ``2m``, ``1m30s``: how a script writes a duration."""
    m, s = divmod(round(seconds), 60)
    return f"{m}m{s}s" if m and s else f"{m}m" if m else f"{s}s"


_ENDED = re.compile(r"[.!?…][\"'”’»)\]]*$")


def as_sentence(text: str) -> str:
    """``text`` ending as a sentence does ("… day or night."), so what is said after it is heard
    as a new one: a helpline or a closing written without its full stop ran into the goodbye."""
    text = text.strip()
    return text if not text or _ENDED.search(text) else f"{text}."


def format_duration(seconds: float) -> str:
    """``"1:05"`` or ``"1:02:05"``: how times read in the plan."""
    total = round(seconds)
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


_ABOUT = {
    "en": ("about a minute", "about {n} minutes"),
    "es": ("un minuto más o menos", "unos {n} minutos"),
}


def about(seconds: float, lang: str = "en") -> str:
    """A length as a person says it of a track: "about 13 minutes" ("unos 13 minutos")."""
    minutes = max(1, round(seconds / 60))
    one, many = _ABOUT.get(lang, _ABOUT["en"])
    return one if minutes == 1 else many.format(n=minutes)


@dataclass(frozen=True)
class Sentence:
    text: str


@dataclass(frozen=True)
class Gap:
    """An explicit pause the author wrote inside text: ``[pause 3s]``."""

    seconds: float


_MARKER = re.compile(r"\[\s*pause\s+([^\]]*)\]", re.IGNORECASE)
_ANY_BRACKET = re.compile(r"\[[^\]]*\]")
_ABBREVIATIONS = (
    "e.g.",
    "i.e.",
    "etc.",
    "dr.",
    "mr.",
    "mrs.",
    "ms.",
    "st.",
    "vs.",
    "approx.",
    "p.ej.",
    "sra.",
    "sr.",
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+")


def split_speech(text: str) -> list[Sentence | Gap]:
    """Sentences and explicit pauses, in order. Raises ValueError for a bad ``[pause …]`` marker."""
    pieces: list[Sentence | Gap] = []
    pos = 0
    for match in _MARKER.finditer(text):
        pieces.extend(Sentence(s) for s in split_sentences(text[pos : match.start()]))
        seconds = parse_duration(match.group(1))
        if seconds > MAX_PAUSE_MARKER_S:
            raise ValueError(f"[pause {match.group(1)}] is longer than {MAX_PAUSE_MARKER_S:.0f} s")
        pieces.append(Gap(seconds))
        pos = match.end()
    pieces.extend(Sentence(s) for s in split_sentences(text[pos:]))
    return pieces


def split_sentences(text: str) -> list[str]:
    """Split at sentence ends, keeping common abbreviations ("e.g.") inside their sentence."""
    text = " ".join(text.split())
    if not text:
        return []
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        head = text[start : match.start()]
        last_word = head.rsplit(" ", 1)[-1].lower()
        if last_word in _ABBREVIATIONS:
            continue
        out.append(head.strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if any(ch.isalnum() for ch in s)]


MIN_CLAUSE_WORDS = 3  # a shorter piece ("Slowly,") is said in one breath with its neighbour
_CLAUSE_MARKS = ",;:"
_DASHES = "—–"  # em and en dash; a hyphen only counts when spaced: " - "
_CLOSERS = "\"'”’»)]"  # may sit between a comma and the space: 'say "yes," then'
_OPENERS = "¿¡"
_ENDERS = {"¿": "?", "¡": "!"}
_BINDING_ABBREVIATIONS = tuple(a for a in _ABBREVIATIONS if a != "etc.")


def split_clauses(sentence: str) -> list[str]:
    """A sentence cut where a teacher would pause briefly: after , ; : and dashes.

    The rules, so the pauses never sound wrong:

    - a break needs a space: "1,000", "3,5", "10:30" and "well-being" never split;
    - a dash breaks where its space is: "a — b" and "hoy— se" after the dash, "cadera —si"
      before it; a hyphen only when spaced ("a - b"); never between numbers ("2 – 3", "1, 2, 3");
    - no break after a comma that follows an abbreviation that leads on ("e.g.,", "i.e.,");
    - no break inside a Spanish question or exclamation (¿…? ¡…!): it is said in one breath;
    - every clause has at least ``MIN_CLAUSE_WORDS`` words: a shorter piece joins the clause before
      it, or at the start of the sentence the one after it ("Slowly, let the knee drop" stays whole).

    Each clause keeps its punctuation (the engine's intonation and the transcript need it), and
    ``" ".join(clauses)`` is the sentence with its spaces collapsed.
    """
    return list(_clauses(sentence))


@functools.lru_cache(maxsize=8192)  # a plan says the same built-in lines many times over
def _clauses(sentence: str) -> tuple[str, ...]:
    tokens = sentence.split()
    if not tokens:
        return ()
    groups: list[list[str]] = [[tokens[0]]]
    open_marks: list[str] = []
    for i, (left, right) in enumerate(zip(tokens, tokens[1:], strict=False)):
        _track_openers(left, open_marks)
        before = tokens[i - 1] if i else ""
        if not open_marks and _breaks_between(before, left, right):
            groups.append([right])
        else:
            groups[-1].append(right)
    clauses: list[list[str]] = []
    for group in groups:
        if clauses and (_words(group) < MIN_CLAUSE_WORDS or _words(clauses[-1]) < MIN_CLAUSE_WORDS):
            clauses[-1] += group
        else:
            clauses.append(group)
    return tuple(" ".join(c) for c in clauses)


def _track_openers(token: str, open_marks: list[str]) -> None:
    """Keep ``open_marks`` as the ¿ and ¡ not yet closed by the end of ``token``."""
    for ch in token:
        if ch in _OPENERS:
            open_marks.append(_ENDERS[ch])
        elif open_marks and ch == open_marks[-1]:
            open_marks.pop()


def _breaks_between(before: str, left: str, right: str) -> bool:
    """Whether the space between ``left`` and ``right`` is a clause break (``before`` precedes
    ``left``: a spaced dash stands alone, so its numbers are one token further)."""
    core = left.rstrip(_CLOSERS)
    if not core:
        return False
    mark = core[-1]
    if mark in _CLAUSE_MARKS:
        if core[:-1].lower() in _BINDING_ABBREVIATIONS:
            return False
        return not _numbers_around(core[:-1], right)
    if mark in _DASHES or core == "-":
        return not _numbers_around(core[:-1] or before, right)
    if right[0] in _DASHES and len(right) > 1 and right[1] not in _DASHES:  # an opening "—si"
        return not _numbers_around(left, right[1:])
    return False


def _numbers_around(left: str, right: str) -> bool:
    """A number on both sides: counting ("1, 2, 3") or a range ("2 – 3") is said in one go."""
    left = left.rstrip(_CLOSERS + _CLAUSE_MARKS + _DASHES)
    right = right.lstrip("\"'“‘«(" + _OPENERS + _DASHES)
    return bool(left) and bool(right) and left[-1].isdigit() and right[0].isdigit()


def _words(tokens: list[str]) -> int:
    return sum(any(ch.isalnum() for ch in t) for t in tokens)


_LATIN_LANGUAGES = {
    "en",
    "es",
    "fr",
    "de",
    "it",
    "pt",
    "nl",
    "ca",
    "sv",
    "da",
    "no",
    "nb",
    "fi",
    "pl",
    "cs",
}


def speakable_problem(text: str, language: str) -> str | None:
    """Why ``text`` cannot be spoken well, or None. Checks what a voice would garble or skip."""
    if not text.strip():
        return "the text is empty; write the words to say, or remove the item"
    if len(text) > MAX_TEXT_CHARS:
        return (
            f"the text is {len(text)} characters; split it into items of at most {MAX_TEXT_CHARS}"
        )
    stray = _ANY_BRACKET.sub(lambda m: "" if _MARKER.fullmatch(m.group(0)) else m.group(0), text)
    if "[" in stray or "]" in stray:
        return "square brackets are only for pause markers like [pause 3s]; remove them"
    if not any(ch.isalnum() for ch in _MARKER.sub("", text)):
        return "the text has no words to say"
    base = language.split("-")[0].lower()
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Co", "Cs") and ch not in "\n\t":
            return f"the text contains an invisible control character (U+{ord(ch):04X}); remove it"
        if cat == "So" or cat == "Sk":
            name = unicodedata.name(ch, f"U+{ord(ch):04X}").lower()
            return (
                f"the text contains a symbol the voice cannot say ({ch} {name}); use words instead"
            )
        if (
            base in _LATIN_LANGUAGES
            and cat.startswith("L")
            and not unicodedata.name(ch, "").startswith("LATIN")
        ):
            name = unicodedata.name(ch, f"U+{ord(ch):04X}")
            script = name.split()[0].title()
            return (
                f"the text contains {script} letters ({ch}) that a '{language}' voice cannot read; "
                "set language: to match, or write it in the session's language"
            )
    return None
